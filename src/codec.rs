//! Flask's `SecureCookieSessionInterface` as a value: decode a cookie into a
//! verified [`Session`], encode a session into the cookie Flask would emit,
//! and decide what a response must carry.

use core::fmt;

use crate::config::{Limits, SignerConfig};
use crate::cookie::{CookieConfig, SetCookie};
use crate::error::{Error, PayloadError};
use crate::key::{KeyMatch, Keys};
use crate::serializer::Serializer;
use crate::session::Session;
use crate::timestamp::unix_now;
use crate::value::Value;

/// Flask's default `PERMANENT_SESSION_LIFETIME`: 31 days, in seconds.
pub const DEFAULT_LIFETIME: u64 = 31 * 24 * 60 * 60;

/// Flask's session settings, with Flask's defaults.
///
/// # Examples
///
/// ```
/// use flask_cookie::{CookieConfig, SessionConfig};
/// let config = SessionConfig::flask()
///     .with_permanent_session_lifetime(3600)
///     .with_cookie(CookieConfig::new().with_secure(true));
/// assert_eq!(config.permanent_session_lifetime(), 3600);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionConfig {
    signer: SignerConfig,
    lifetime: u64,
    refresh_each_request: bool,
    cookie: CookieConfig,
}

impl SessionConfig {
    /// Flask 3.1's defaults: salt `cookie-session`, HMAC-SHA1 with `hmac` key
    /// derivation, 31-day lifetime, refresh on each request, cookie `session`
    /// with `HttpOnly; Path=/`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{CookieConfig, SessionConfig, SignerConfig};
    /// let config = SessionConfig::flask();
    /// assert_eq!(config.permanent_session_lifetime(), 31 * 24 * 60 * 60);
    /// assert!(config.refresh_each_request());
    /// assert_eq!(config.cookie(), &CookieConfig::new());
    /// assert_eq!(config.signer(), &SignerConfig::flask_session());
    /// assert_eq!(config, SessionConfig::default());
    /// ```
    #[must_use]
    pub const fn flask() -> Self {
        Self {
            signer: SignerConfig::flask_session(),
            lifetime: DEFAULT_LIFETIME,
            refresh_each_request: true,
            cookie: CookieConfig::new(),
        }
    }

    /// `PERMANENT_SESSION_LIFETIME` in whole seconds: the `Expires` of
    /// permanent cookies and the `max_age` every cookie is checked against.
    /// Flask also takes a fraction of a second (`timedelta(seconds=3600.5)`):
    /// it checks `max_age` against the whole seconds, as here, but adds the
    /// fraction to its sub-second clock for `Expires`, which can then fall
    /// one second later than ours; give Flask whole seconds to match it.
    /// Defaults to 2678400 (31 days).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, Session, SessionCodec, SessionConfig};
    /// let config = SessionConfig::flask().with_permanent_session_lifetime(3600);
    /// let codec = SessionCodec::new("secret-key", config)?;
    /// let mut session = Session::new(); // not permanent, and still checked against the lifetime
    /// session.insert("user", "alice")?;
    /// let cookie = codec.encode_at(&session, 1_700_000_000)?;
    /// assert!(codec.decode_at(&cookie, 1_700_000_000 + 3600).is_ok());
    /// let late = codec.decode_at(&cookie, 1_700_000_000 + 3601);
    /// assert!(matches!(late, Err(Error::Expired { max_age: 3600, .. })));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn with_permanent_session_lifetime(mut self, seconds: u64) -> Self {
        self.lifetime = seconds;
        self
    }

    /// `SESSION_REFRESH_EACH_REQUEST`: re-send permanent sessions on every
    /// response. Defaults to `true`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec, SessionConfig};
    /// let config = SessionConfig::flask().with_refresh_each_request(false);
    /// let codec = SessionCodec::new("secret-key", config)?;
    /// let mut session = Session::new();
    /// session.set_permanent(true);
    /// let cookie = codec.encode_at(&session, 1_700_000_000)?;
    /// // A later request that leaves the permanent session alone: no new cookie...
    /// let untouched = codec.decode_at(&cookie, 1_700_000_060)?.session;
    /// assert_eq!(codec.save_at(&untouched, 1_700_000_060)?.set_cookie, None);
    /// // ...where Flask's default re-sends it with a later `Expires`.
    /// let refreshing = SessionCodec::flask("secret-key")?;
    /// assert!(refreshing.save_at(&untouched, 1_700_000_060)?.set_cookie.is_some());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn with_refresh_each_request(mut self, refresh: bool) -> Self {
        self.refresh_each_request = refresh;
        self
    }

    /// Cookie name and attributes (`SESSION_COOKIE_*`). Defaults to
    /// [`CookieConfig::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{CookieConfig, Session, SessionCodec, SessionConfig};
    /// let config = SessionConfig::flask().with_cookie(CookieConfig::new().with_name("sid"));
    /// let codec = SessionCodec::new("secret-key", config)?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// let cookie = codec.encode_at(&session, 1_700_000_000)?;
    /// // Requests are read under that name, and responses written under it:
    /// let opened = codec.open_at(Some(&format!("session=x; sid={cookie}")), 1_700_000_060);
    /// assert_eq!(opened.session.get::<String>("user")?.as_deref(), Some("alice"));
    /// let out = codec.save_at(&session, 1_700_000_000)?;
    /// assert!(out.set_cookie.is_some_and(|c| c.as_str().starts_with("sid=")));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn with_cookie(mut self, cookie: CookieConfig) -> Self {
        self.cookie = cookie;
        self
    }

    /// The signing settings, for apps that subclass the session interface
    /// (for example to use SHA-256). Start from
    /// [`SignerConfig::flask_session`] (`SignerConfig::new` has
    /// itsdangerous' salt and derivation, which no Flask cookie uses). This
    /// replaces the whole signer config, including limits and base64 mode set
    /// earlier, so call it before [`SessionConfig::with_limits`] and
    /// [`SessionConfig::with_lenient_base64`]. Defaults to
    /// [`SignerConfig::flask_session`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, Limits, SessionConfig, SignerConfig};
    /// let config = SessionConfig::flask()
    ///     .with_signer(SignerConfig::flask_session().with_digest(Digest::Sha256))
    ///     .with_limits(Limits::new().with_max_token_len(4096));
    /// assert_eq!(config.signer().digest(), Digest::Sha256);
    /// assert_eq!(config.signer().limits().max_token_len(), 4096);
    /// // Called after `with_limits`, `with_signer` replaces the limits too:
    /// let reset = config.with_signer(SignerConfig::flask_session());
    /// assert_eq!(reset.signer().limits(), &Limits::new());
    /// ```
    #[must_use]
    pub fn with_signer(mut self, signer: SignerConfig) -> Self {
        self.signer = signer;
        self
    }

    /// **Weakens verification**: accept every base64 spelling Python accepts
    /// (see [`SignerConfig::with_lenient_base64`]). Defaults to strict.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec, SessionConfig};
    /// let strict = SessionCodec::flask("secret-key")?;
    /// let config = SessionConfig::flask().with_lenient_base64();
    /// let lenient = SessionCodec::new("secret-key", config)?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// // Python also accepts the signature with `=` padding after it:
    /// let padded = format!("{}=", strict.encode_at(&session, 1_700_000_000)?);
    /// assert!(strict.decode_at(&padded, 1_700_000_060).is_err());
    /// assert_eq!(lenient.decode_at(&padded, 1_700_000_060)?.session, session);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn with_lenient_base64(mut self) -> Self {
        self.signer = self.signer.with_lenient_base64();
        self
    }

    /// Size and depth limits. Defaults to [`Limits::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, LimitKind, Limits, Session, SessionCodec, SessionConfig};
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// let cookie = SessionCodec::flask("secret-key")?.encode_at(&session, 1_700_000_000)?;
    /// let limit = cookie.len() - 1;
    /// let config = SessionConfig::flask().with_limits(Limits::new().with_max_token_len(limit));
    /// let tight = SessionCodec::new("secret-key", config)?;
    /// // Refused before any decoding, and never written either:
    /// let too_large = Error::TooLarge { kind: LimitKind::Token, limit };
    /// assert_eq!(tight.decode_at(&cookie, 1_700_000_060).unwrap_err(), too_large);
    /// assert_eq!(tight.encode_at(&session, 1_700_000_000).unwrap_err(), too_large);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.signer = self.signer.with_limits(limits);
        self
    }

    /// See [`SessionConfig::with_permanent_session_lifetime`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{SessionConfig, DEFAULT_LIFETIME};
    /// assert_eq!(SessionConfig::flask().permanent_session_lifetime(), DEFAULT_LIFETIME);
    /// let config = SessionConfig::flask().with_permanent_session_lifetime(3600);
    /// assert_eq!(config.permanent_session_lifetime(), 3600);
    /// ```
    #[must_use]
    pub const fn permanent_session_lifetime(&self) -> u64 {
        self.lifetime
    }

    /// See [`SessionConfig::with_refresh_each_request`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::SessionConfig;
    /// assert!(SessionConfig::flask().refresh_each_request());
    /// assert!(!SessionConfig::flask().with_refresh_each_request(false).refresh_each_request());
    /// ```
    #[must_use]
    pub const fn refresh_each_request(&self) -> bool {
        self.refresh_each_request
    }

    /// See [`SessionConfig::with_cookie`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{CookieConfig, SessionConfig};
    /// assert_eq!(SessionConfig::flask().cookie().name(), "session");
    /// let config = SessionConfig::flask().with_cookie(CookieConfig::new().with_secure(true));
    /// assert!(config.cookie().secure());
    /// ```
    #[must_use]
    pub const fn cookie(&self) -> &CookieConfig {
        &self.cookie
    }

    /// See [`SessionConfig::with_signer`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, KeyDerivation, SessionConfig};
    /// let config = SessionConfig::flask();
    /// assert_eq!(config.signer().salt(), b"cookie-session");
    /// assert_eq!(config.signer().key_derivation(), KeyDerivation::Hmac);
    /// assert_eq!(config.signer().digest(), Digest::Sha1);
    /// ```
    #[must_use]
    pub const fn signer(&self) -> &SignerConfig {
        &self.signer
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self::flask()
    }
}

/// A session that came out of verification.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Decoded, KeyMatch, Session, SessionCodec};
/// let codec = SessionCodec::flask("secret-key")?;
/// let mut session = Session::new();
/// session.insert("user", "alice")?;
/// let cookie = codec.encode_at(&session, 1_700_000_000)?;
/// let Decoded { session, signed_at, key, .. } = codec.decode_at(&cookie, 1_700_000_060)?;
/// assert_eq!((signed_at, key), (1_700_000_000, KeyMatch::Current));
/// // Fresh from the cookie: not modified, not accessed, so saving it sends nothing.
/// assert!(!session.is_modified() && !session.was_accessed());
/// assert_eq!(codec.save_at(&session, 1_700_000_060)?.set_cookie, None);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Decoded {
    /// The verified session (not modified, not accessed).
    pub session: Session,
    /// When the cookie was signed, in Unix seconds.
    pub signed_at: u64,
    /// Which key verified it; re-issue the cookie when it is a fallback.
    pub key: KeyMatch,
    /// Which fallback signer verified it
    /// ([`SignerConfig::with_fallback_signer`](crate::SignerConfig::with_fallback_signer),
    /// by index); `None` for the primary signer, as always with Flask's own
    /// configuration.
    pub fallback_signer: Option<usize>,
}

impl Decoded {
    /// True when a fallback key or a fallback signer verified the cookie:
    /// re-issue it ([`Session::mark_modified`]) to move it to the current key
    /// and signer.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, KeyDerivation, Keys, SessionCodec, SessionConfig, SignerConfig};
    /// let sha1 = SessionCodec::flask("old-key")?;
    /// let mut session = flask_cookie::Session::new();
    /// session.insert("user", "alice")?;
    /// let cookie = sha1.encode_at(&session, 1_700_000_000)?;
    ///
    /// // New key: the old one as a fallback key.
    /// let rotated = SessionCodec::flask(Keys::new("new-key").with_fallbacks(["old-key"]))?;
    /// assert!(rotated.decode_at(&cookie, 1_700_000_000)?.needs_reissue());
    ///
    /// // Same key, new digest: Flask's SHA-1 signer as a fallback signer.
    /// let signer = SignerConfig::flask_session()
    ///     .with_digest(Digest::Sha256)
    ///     .with_fallback_signer(Digest::Sha1, KeyDerivation::Hmac);
    /// let sha256 = SessionCodec::new("old-key", SessionConfig::flask().with_signer(signer))?;
    /// let d = sha256.decode_at(&cookie, 1_700_000_000)?;
    /// assert_eq!(d.fallback_signer, Some(0));
    /// assert!(d.needs_reissue());
    /// // A cookie it signed itself is current.
    /// let fresh = sha256.encode_at(&d.session, 1_700_000_000)?;
    /// assert!(!sha256.decode_at(&fresh, 1_700_000_000)?.needs_reissue());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn needs_reissue(&self) -> bool {
        self.key.is_fallback() || self.fallback_signer.is_some()
    }
}

/// A request's session, as [`SessionCodec::open_at`] found it.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Error, SessionCodec};
/// let codec = SessionCodec::flask("secret-key")?;
/// // No cookie: an empty session, and nothing to log.
/// let opened = codec.open_at(None, 1_700_000_000);
/// assert!(opened.session.is_empty() && opened.error.is_none() && opened.key.is_none());
/// // A cookie that does not verify: an empty session too, and the reason.
/// let opened = codec.open_at(Some("session=tampered"), 1_700_000_000);
/// assert!(opened.session.is_empty() && opened.signed_at.is_none());
/// assert!(opened.error.as_ref().is_some_and(Error::is_bad_signature));
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Opened {
    /// The verified session, or an empty one when there was no cookie or it
    /// did not verify (Flask's rule).
    pub session: Session,
    /// Why the cookie was ignored, for logging; `None` when it verified or
    /// there was none.
    pub error: Option<Error>,
    /// Which key verified the cookie.
    pub key: Option<KeyMatch>,
    /// When the cookie was signed, in Unix seconds.
    pub signed_at: Option<u64>,
    /// Which fallback signer verified the cookie, as [`Decoded::fallback_signer`].
    pub fallback_signer: Option<usize>,
}

impl Opened {
    fn empty(error: Option<Error>) -> Self {
        Self {
            session: Session::new(),
            error,
            key: None,
            signed_at: None,
            fallback_signer: None,
        }
    }

    /// True when a fallback key or a fallback signer verified the cookie, as
    /// [`Decoded::needs_reissue`]; false when there was no cookie or it did
    /// not verify.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Keys, Session, SessionCodec};
    /// let old = SessionCodec::flask("old-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// let header = format!("session={}", old.encode_at(&session, 1_700_000_000)?);
    /// let codec = SessionCodec::flask(Keys::new("new-key").with_fallbacks(["old-key"]))?;
    /// let mut opened = codec.open_at(Some(&header), 1_700_000_000);
    /// assert!(opened.needs_reissue());
    /// opened.session.mark_modified(); // re-signed with "new-key" on this response
    /// assert!(codec.save_at(&opened.session, 1_700_000_000)?.set_cookie.is_some());
    /// assert!(!codec.open_at(None, 1_700_000_000).needs_reissue());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn needs_reissue(&self) -> bool {
        self.key.is_some_and(KeyMatch::is_fallback) || self.fallback_signer.is_some()
    }
}

/// What a response must carry after a request used the session.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Session, SessionCodec};
/// let codec = SessionCodec::flask("secret-key")?;
/// let mut session = Session::new();
/// session.insert("user", "alice")?;
/// let out = codec.save_at(&session, 1_700_000_000)?;
/// assert!(out.vary_cookie);
/// let header = out.set_cookie.expect("a modified session is sent");
/// // The cookie `encode_at` makes at the same time, with the cookie's attributes:
/// let cookie = codec.encode_at(&session, 1_700_000_000)?;
/// assert_eq!(header.as_str(), format!("session={cookie}; HttpOnly; Path=/"));
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SaveOutcome {
    /// The `Set-Cookie` header value to send, if any (a new cookie or the
    /// deletion cookie).
    pub set_cookie: Option<SetCookie>,
    /// True when the response must carry `Vary: Cookie`.
    pub vary_cookie: bool,
}

/// Encodes and decodes Flask session cookies: Flask's
/// `SecureCookieSessionInterface` with its keys and config.
///
/// Keys are derived once in [`SessionCodec::new`]; share one codec across
/// requests (it is `Send + Sync`).
///
/// # Examples
///
/// ```
/// use flask_cookie::{Session, SessionCodec};
/// let codec = SessionCodec::flask("secret-key")?;
/// let mut session = Session::new();
/// session.insert("user", "alice")?;
/// let cookie = codec.encode_at(&session, 1_700_000_000)?;
/// // What Flask 3.1 emits for session["user"] = "alice" at that time:
/// assert_eq!(cookie, "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck");
///
/// let decoded = codec.decode_at(&cookie, 1_700_000_000 + 60)?;
/// assert_eq!(decoded.session.get::<String>("user")?.as_deref(), Some("alice"));
///
/// // Everything Flask maps to an empty session is an error; map it in one line:
/// let session = codec.decode_at("tampered", 1_700_000_000).map(|d| d.session).unwrap_or_default();
/// assert!(session.is_empty());
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Clone)]
pub struct SessionCodec {
    serializer: Serializer,
    config: SessionConfig,
}

impl SessionCodec {
    /// A codec with `SECRET_KEY` (plus any `SECRET_KEY_FALLBACKS` in `keys`)
    /// and the given config.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] for an empty secret key (Flask disables
    /// sessions then) or an invalid signer config.
    ///
    /// # Examples
    ///
    /// Rotating the key: the old one stays a fallback, so cookies it signed
    /// still open, and [`Decoded::key`] says to re-issue them.
    ///
    /// ```
    /// use flask_cookie::{KeyMatch, Keys, SessionCodec, SessionConfig};
    /// let keys = Keys::new("new-key").with_fallbacks(["secret-key"]);
    /// let codec = SessionCodec::new(keys, SessionConfig::flask())?;
    /// // Flask 3.1's cookie for {"user": "alice"} under "secret-key":
    /// let cookie = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck";
    /// assert_eq!(codec.decode_at(cookie, 1_700_000_000)?.key, KeyMatch::Fallback(0));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn new(keys: impl Into<Keys>, config: SessionConfig) -> Result<Self, Error> {
        let keys = keys.into();
        if keys.current().is_empty() {
            return Err(Error::InvalidConfig(
                "the secret key is empty, so flask has no session",
            ));
        }
        Ok(Self {
            serializer: Serializer::new(keys, &config.signer)?,
            config,
        })
    }

    /// A codec with Flask's defaults ([`SessionConfig::flask`]).
    ///
    /// # Errors
    ///
    /// As [`SessionCodec::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, SessionCodec, SessionConfig};
    /// let codec = SessionCodec::flask("secret-key")?;
    /// assert_eq!(codec.config(), &SessionConfig::flask());
    /// // An empty `SECRET_KEY` is refused: Flask has no session then.
    /// assert!(matches!(SessionCodec::flask(""), Err(Error::InvalidConfig(_))));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn flask(keys: impl Into<Keys>) -> Result<Self, Error> {
        Self::new(keys, SessionConfig::flask())
    }

    /// The config.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{SessionCodec, SessionConfig};
    /// let config = SessionConfig::flask().with_permanent_session_lifetime(3600);
    /// let codec = SessionCodec::new("secret-key", config.clone())?;
    /// assert_eq!(codec.config(), &config);
    /// assert_eq!(codec.config().permanent_session_lifetime(), 3600);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// Verifies a session cookie value at `now` (Unix seconds) with
    /// `max_age = PERMANENT_SESSION_LIFETIME`, for every session (permanent
    /// or not) exactly as Flask does.
    ///
    /// # Errors
    ///
    /// Everything Flask turns into an empty session: any signature or time
    /// error ([`Error::is_bad_signature`]), and, where Flask would fail with
    /// a 500, [`Error::BadPayload`] (a validly signed but unloadable payload,
    /// or [`PayloadError::NotADict`] for a non-object top level).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, SessionCodec};
    /// let codec = SessionCodec::flask("secret-key")?;
    /// // Flask 3.1's cookie for {"user": "alice"}, signed at 1_700_000_000:
    /// let cookie = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck";
    /// let d = codec.decode_at(cookie, 1_700_000_060)?;
    /// assert_eq!(d.session.get::<String>("user")?.as_deref(), Some("alice"));
    /// assert_eq!(d.signed_at, 1_700_000_000);
    /// // 31 days and one second later it has expired, as in Flask.
    /// assert!(matches!(
    ///     codec.decode_at(cookie, 1_700_000_000 + 2_678_401),
    ///     Err(Error::Expired { .. })
    /// ));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn decode_at(&self, cookie: &str, now: u64) -> Result<Decoded, Error> {
        let max_depth = self.config.signer.limits().max_depth();
        let t = self
            .serializer
            .loads_with(cookie, Some(self.config.lifetime), now, |json| {
                match crate::json::read_tagged(json, max_depth)? {
                    Value::Dict(d) => Ok(Session::from_dict(d)),
                    // `SecureCookieSession(None)` is an empty session.
                    Value::Null => Ok(Session::new()),
                    _ => Err(Error::BadPayload(PayloadError::NotADict)),
                }
            })?;
        Ok(Decoded {
            session: t.value,
            signed_at: t.signed_at,
            key: t.key,
            fallback_signer: t.fallback_signer,
        })
    }

    /// [`SessionCodec::decode_at`] at the system clock's current time.
    ///
    /// # Errors
    ///
    /// As [`SessionCodec::decode_at`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, Session, SessionCodec};
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// // A cookie signed just now verifies...
    /// assert_eq!(codec.decode(&codec.encode(&session)?)?.session, session);
    /// // ...one signed in November 2023 has outlived the 31-day lifetime:
    /// let old = codec.encode_at(&session, 1_700_000_000)?;
    /// assert!(matches!(codec.decode(&old), Err(Error::Expired { .. })));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn decode(&self, cookie: &str) -> Result<Decoded, Error> {
        self.decode_at(cookie, unix_now())
    }

    /// The cookie value Flask would emit for `session` at `now`: tagged JSON,
    /// compressed when two bytes shorter, signed with the current key.
    ///
    /// # Errors
    ///
    /// [`Error::BadPayload`] with [`PayloadError::TooDeep`] when the session
    /// nests deeper than [`Limits::max_depth`], or with
    /// [`PayloadError::Serialize`] when it holds a [`crate::Value::DateTime`]
    /// outside years 1 to 9999 in UTC, which Flask cannot write either.
    /// [`Error::TooLarge`] when its JSON is longer than
    /// [`Limits::max_inflated_len`]
    /// ([`LimitKind::Value`](crate::LimitKind::Value): a cookie of very
    /// compressible JSON can be small and still inflate past it) or the
    /// cookie longer than [`Limits::max_token_len`]
    /// ([`LimitKind::Token`](crate::LimitKind::Token)).
    /// [`Error::InvalidConfig`] when `now` is past
    /// [`MAX_TIMESTAMP`](crate::MAX_TIMESTAMP) (Flask fails on such a cookie
    /// with a `ValueError`), or before 2011 under the legacy epoch. So every
    /// cookie this writes, [`SessionCodec::decode_at`] reads back; Flask
    /// would write such a session, and the next request, read here, would
    /// find it empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec};
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// // What Flask 3.1 sets for the same session at the same time:
    /// assert_eq!(
    ///     codec.encode_at(&session, 1_700_000_000)?,
    ///     "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck"
    /// );
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn encode_at(&self, session: &Session, now: u64) -> Result<String, Error> {
        let mut json = Vec::with_capacity(256);
        let max_depth = self.config.signer.limits().max_depth();
        crate::json::write_tagged_dict(session.dict_untracked(), max_depth, &mut json)?;
        self.serializer.dumps_json_at(&json, now)
    }

    /// [`SessionCodec::encode_at`] at the system clock's current time.
    ///
    /// # Errors
    ///
    /// As [`SessionCodec::encode_at`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec};
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// let cookie = codec.encode(&session)?;
    /// let signed_at = codec.decode(&cookie)?.signed_at;
    /// // The same bytes `encode_at` gives for the time it read from the clock:
    /// assert_eq!(cookie, codec.encode_at(&session, signed_at)?);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn encode(&self, session: &Session) -> Result<String, Error> {
        self.encode_at(session, unix_now())
    }

    /// Flask's `open_session`: finds the session cookie in a request's
    /// `Cookie` header (first occurrence, as Werkzeug) and decodes it; any
    /// failure gives an empty session, as in Flask. The error is returned
    /// too, for logging, and on success which key matched, so a cookie still
    /// signed with a fallback key can be re-issued.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Keys, Opened, SessionCodec};
    /// let codec = SessionCodec::flask(Keys::new("new-key").with_fallbacks(["old-key"]))?;
    /// // Signed by Flask 3.1.3 with SECRET_KEY = "old-key":
    /// let header = "session=eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.C5P1cPukAEnc9uu2i7mq1CkVyRE";
    /// let Opened { mut session, error, key, .. } = codec.open_at(Some(header), 1_700_000_000);
    /// assert!(error.is_none());
    /// if key.is_some_and(|k| k.is_fallback()) {
    ///     session.mark_modified(); // save_at re-signs it with "new-key"
    /// }
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn open_at(&self, cookie_header: Option<&str>, now: u64) -> Opened {
        let value =
            cookie_header.and_then(|h| crate::cookie::find_cookie(h, self.config.cookie.name()));
        self.open_value_at(value.as_deref(), now)
    }

    /// [`SessionCodec::open_at`] over the raw bytes of a request's `Cookie`
    /// headers, from any HTTP stack: they are joined with `;` as Werkzeug
    /// joins them and read as Flask reads them, one character per byte
    /// ([`find_cookie_in_raw`](crate::find_cookie_in_raw)), so a byte outside
    /// ASCII in the header never makes a session Flask would read look empty.
    /// No header at all is `[]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::SessionCodec;
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let headers: [&[u8]; 2] = [
    ///     b"theme=dark",
    ///     // A no-break space (0xA0) is whitespace to Flask, trimmed:
    ///     b"session=eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck\xa0",
    /// ];
    /// let opened = codec.open_raw_at(headers, 1_700_000_060);
    /// assert_eq!(opened.session.get::<String>("user")?.as_deref(), Some("alice"));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn open_raw_at<'a, I>(&self, cookie_headers: I, now: u64) -> Opened
    where
        I: IntoIterator<Item = &'a [u8]>,
    {
        let value = crate::cookie::find_cookie_in_raw(cookie_headers, self.config.cookie.name());
        self.open_value_at(value.as_deref(), now)
    }

    /// [`SessionCodec::open_at`] at the system clock's current time.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, Session, SessionCodec};
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// let header = format!("theme=dark; session={}", codec.encode(&session)?);
    /// let opened = codec.open(Some(&header));
    /// assert_eq!(opened.session.get::<String>("user")?.as_deref(), Some("alice"));
    /// // A cookie from November 2023 has expired by the clock: an empty session, and why.
    /// let stale = format!("session={}", codec.encode_at(&session, 1_700_000_000)?);
    /// let opened = codec.open(Some(&stale));
    /// assert!(opened.session.is_empty() && matches!(opened.error, Some(Error::Expired { .. })));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn open(&self, cookie_header: Option<&str>) -> Opened {
        self.open_at(cookie_header, unix_now())
    }

    /// [`SessionCodec::open_raw_at`] at the system clock's current time.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec};
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// let cookie = format!("session={}", codec.encode(&session)?);
    /// // Two `Cookie` headers, as an HTTP/2 client may send them:
    /// let opened = codec.open_raw([b"theme=dark".as_slice(), cookie.as_bytes()]);
    /// assert_eq!(opened.session.get::<String>("user")?.as_deref(), Some("alice"));
    /// let none = codec.open_raw([]); // no `Cookie` header: an empty session
    /// assert!(none.session.is_empty() && none.error.is_none());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn open_raw<'a, I>(&self, cookie_headers: I) -> Opened
    where
        I: IntoIterator<Item = &'a [u8]>,
    {
        self.open_raw_at(cookie_headers, unix_now())
    }

    /// [`SessionCodec::open_at`] once the session cookie's value is found.
    fn open_value_at(&self, value: Option<&str>, now: u64) -> Opened {
        match value {
            Some(value) if !value.is_empty() => match self.decode_at(value, now) {
                Ok(d) => Opened {
                    session: d.session,
                    error: None,
                    key: Some(d.key),
                    signed_at: Some(d.signed_at),
                    fallback_signer: d.fallback_signer,
                },
                Err(e) => Opened::empty(Some(e)),
            },
            _ => Opened::empty(None),
        }
    }

    /// Flask's `save_session` at `now`: what the response must carry.
    ///
    /// * accessed → `Vary: Cookie`;
    /// * empty and modified → the deletion cookie (and `Vary`);
    /// * modified, or permanent with `SESSION_REFRESH_EACH_REQUEST` → a new
    ///   cookie signed now with the current key, `Expires = now + lifetime`
    ///   for permanent sessions (and `Vary`);
    /// * otherwise nothing.
    ///
    /// # Errors
    ///
    /// As [`SessionCodec::encode_at`], or [`Error::InvalidConfig`] for a
    /// cookie attribute Werkzeug would reject.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec};
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?; // modified: set a cookie
    /// assert!(codec.save_at(&session, 1_700_000_000)?.set_cookie.is_some());
    ///
    /// let cookie = codec.encode_at(&session, 1_700_000_000)?;
    /// let mut session = codec.decode_at(&cookie, 1_700_000_060)?.session;
    /// assert!(session.contains_key("user")); // only read: leave it, but vary on it
    /// let out = codec.save_at(&session, 1_700_000_060)?;
    /// assert!(out.set_cookie.is_none() && out.vary_cookie);
    ///
    /// session.clear(); // emptied: delete it
    /// let deletion = codec.config().cookie().deletion_header()?;
    /// assert_eq!(codec.save_at(&session, 1_700_000_060)?.set_cookie, Some(deletion));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn save_at(&self, session: &Session, now: u64) -> Result<SaveOutcome, Error> {
        let cookie = &self.config.cookie;
        let mut vary_cookie = session.was_accessed();
        if session.is_empty_untracked() {
            if session.is_modified() {
                return Ok(SaveOutcome {
                    set_cookie: Some(cookie.deletion_header()?),
                    vary_cookie: true,
                });
            }
            return Ok(SaveOutcome {
                set_cookie: None,
                vary_cookie,
            });
        }
        let permanent = session.is_permanent_untracked();
        if !(session.is_modified() || (permanent && self.config.refresh_each_request)) {
            return Ok(SaveOutcome {
                set_cookie: None,
                vary_cookie,
            });
        }
        let expires = if permanent {
            let at = i64::try_from(now.saturating_add(self.config.lifetime)).unwrap_or(i64::MAX);
            Some(
                time::OffsetDateTime::from_unix_timestamp(at)
                    .map_err(|_| Error::InvalidConfig("expiry time out of range"))?,
            )
        } else {
            None
        };
        let value = self.encode_at(session, now)?;
        vary_cookie = true;
        Ok(SaveOutcome {
            set_cookie: Some(cookie.set_cookie_header(&value, expires)?),
            vary_cookie,
        })
    }

    /// [`SessionCodec::save_at`] at the system clock's current time.
    ///
    /// # Errors
    ///
    /// As [`SessionCodec::save_at`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Session, SessionCodec};
    /// let codec = SessionCodec::flask("secret-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// let header = codec.save(&session)?.set_cookie.expect("a modified session is sent");
    /// // The cookie in it was signed just now, so it verifies by the clock:
    /// let cookie = header.as_str().strip_prefix("session=").and_then(|h| h.split(';').next());
    /// assert_eq!(codec.decode(cookie.unwrap_or_default())?.session, session);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn save(&self, session: &Session) -> Result<SaveOutcome, Error> {
        self.save_at(session, unix_now())
    }
}

impl fmt::Debug for SessionCodec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionCodec")
            .field("serializer", &self.serializer)
            .field("config", &self.config)
            .finish()
    }
}

/// What the docs promise: a codec is shared across threads, and a session
/// (with what carries it) can go into `http::Extensions`, which asks for
/// `Send + Sync`.
#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<SessionCodec>();
    is::<Serializer>();
    is::<Session>();
    is::<Decoded>();
    is::<Opened>();
}
