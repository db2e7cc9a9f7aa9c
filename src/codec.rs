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
    #[must_use]
    pub const fn with_permanent_session_lifetime(mut self, seconds: u64) -> Self {
        self.lifetime = seconds;
        self
    }

    /// `SESSION_REFRESH_EACH_REQUEST`: re-send permanent sessions on every
    /// response. Defaults to `true`.
    #[must_use]
    pub const fn with_refresh_each_request(mut self, refresh: bool) -> Self {
        self.refresh_each_request = refresh;
        self
    }

    /// Cookie name and attributes (`SESSION_COOKIE_*`). Defaults to
    /// [`CookieConfig::new`].
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
    #[must_use]
    pub fn with_signer(mut self, signer: SignerConfig) -> Self {
        self.signer = signer;
        self
    }

    /// **Weakens verification**: accept every base64 spelling Python accepts
    /// (see [`SignerConfig::with_lenient_base64`]). Defaults to strict.
    #[must_use]
    pub fn with_lenient_base64(mut self) -> Self {
        self.signer = self.signer.with_lenient_base64();
        self
    }

    /// Size and depth limits. Defaults to [`Limits::new`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.signer = self.signer.with_limits(limits);
        self
    }

    /// See [`SessionConfig::with_permanent_session_lifetime`].
    #[must_use]
    pub const fn permanent_session_lifetime(&self) -> u64 {
        self.lifetime
    }

    /// See [`SessionConfig::with_refresh_each_request`].
    #[must_use]
    pub const fn refresh_each_request(&self) -> bool {
        self.refresh_each_request
    }

    /// See [`SessionConfig::with_cookie`].
    #[must_use]
    pub const fn cookie(&self) -> &CookieConfig {
        &self.cookie
    }

    /// See [`SessionConfig::with_signer`].
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
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Decoded {
    /// The verified session (not modified, not accessed).
    pub session: Session,
    /// When the cookie was signed, in Unix seconds.
    pub signed_at: u64,
    /// Which key verified it; re-issue the cookie when it is a fallback.
    pub key: KeyMatch,
}

/// A request's session, as [`SessionCodec::open_at`] found it.
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
}

impl Opened {
    fn empty(error: Option<Error>) -> Self {
        Self {
            session: Session::new(),
            error,
            key: None,
            signed_at: None,
        }
    }
}

/// What a response must carry after a request used the session.
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
    pub fn flask(keys: impl Into<Keys>) -> Result<Self, Error> {
        Self::new(keys, SessionConfig::flask())
    }

    /// The config.
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
            .loads_json_at(cookie, Some(self.config.lifetime), now, |json| {
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
        })
    }

    /// [`SessionCodec::decode_at`] at the system clock's current time.
    ///
    /// # Errors
    ///
    /// As [`SessionCodec::decode_at`].
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
    /// ([`LimitKind::Token`](crate::LimitKind::Token)). So every cookie this
    /// writes, [`SessionCodec::decode_at`] reads back; Flask would write such
    /// a session, and the next request, read here, would find it empty.
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
    #[must_use]
    pub fn open(&self, cookie_header: Option<&str>) -> Opened {
        self.open_at(cookie_header, unix_now())
    }

    /// [`SessionCodec::open_raw_at`] at the system clock's current time.
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
