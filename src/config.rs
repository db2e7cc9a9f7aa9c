//! Configuration values: immutable, built with `with_*` setters.

use std::borrow::Cow;

use crate::mac::{Digest, KeyDerivation};

/// Bounds on the work any input can cause. Every decode path checks them
/// before it allocates. The writers that build payloads
/// ([`Serializer`](crate::Serializer),
/// [`UntimedSerializer`](crate::UntimedSerializer),
/// [`SessionCodec`](crate::SessionCodec))
/// refuse what their readers would refuse under the same limits; the raw
/// signers ([`Signer`](crate::Signer),
/// [`TimestampSigner`](crate::TimestampSigner)) sign what they are given.
///
/// # Examples
///
/// ```
/// use flask_cookie::Limits;
/// let limits = Limits::new().with_max_token_len(1 << 20);
/// assert_eq!(limits.max_token_len(), 1 << 20);
/// assert_eq!(limits.max_inflated_len(), Limits::new().max_inflated_len());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    max_token_len: usize,
    max_inflated_len: usize,
    max_depth: usize,
}

impl Limits {
    /// The defaults: tokens up to 8 KiB (browsers keep cookies up to 4 KiB),
    /// payloads inflating to at most 256 KiB, JSON nested at most 700 deep
    /// (the deepest session Flask can write is 659 containers).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Limits;
    /// let limits = Limits::new();
    /// assert_eq!(limits.max_token_len(), 8 * 1024);
    /// assert_eq!(limits.max_inflated_len(), 256 * 1024);
    /// assert_eq!(limits.max_depth(), 700);
    /// assert_eq!(limits, Limits::default());
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self {
            max_token_len: 8 * 1024,
            max_inflated_len: 256 * 1024,
            max_depth: crate::json::HARD_MAX_DEPTH,
        }
    }

    /// Longest token (cookie value) accepted; checked before any decoding.
    /// Defaults to 8192 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, LimitKind, Limits, Serializer, SignerConfig};
    /// let base = Limits::new();
    /// let tight = base.with_max_token_len(32);
    /// assert_eq!(base.max_token_len(), 8192); // a new value; `base` is unchanged
    /// let config = SignerConfig::serializer().with_limits(tight);
    /// let serializer = Serializer::new("secret-key", &config)?;
    /// let err = serializer.dumps_at("a value too long for it", 1_700_000_000).unwrap_err();
    /// assert_eq!(err, Error::TooLarge { kind: LimitKind::Token, limit: 32 });
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn with_max_token_len(mut self, n: usize) -> Self {
        self.max_token_len = n;
        self
    }

    /// Largest size a compressed payload may inflate to; inflation stops at
    /// this many bytes. Defaults to 262144 bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, Limits, PayloadError, Session, SessionCodec, SessionConfig};
    /// let mut session = Session::new();
    /// session.insert("note", &"a".repeat(1000))?;
    /// let cookie = SessionCodec::flask("secret-key")?.encode_at(&session, 1_700_000_000)?;
    /// assert!(cookie.len() < 100); // zlib shrank a kilobyte of JSON...
    /// let limits = Limits::new().with_max_inflated_len(100);
    /// let tight = SessionCodec::new("secret-key", SessionConfig::flask().with_limits(limits))?;
    /// // ...and inflating it stops at the cap:
    /// let err = tight.decode_at(&cookie, 1_700_000_000).unwrap_err();
    /// assert_eq!(err, Error::BadPayload(PayloadError::InflatedTooLarge));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn with_max_inflated_len(mut self, n: usize) -> Self {
        self.max_inflated_len = n;
        self
    }

    /// Deepest JSON nesting accepted (and written), counting every JSON
    /// container including the ones Flask's tags add (a tuple is two).
    /// Defaults to 700, which is also the most (larger values act as 700):
    /// under Python's default recursion limit Flask 3.1 writes and reads
    /// back sessions up to 495 containers deep on Python 3.11 (328 nested
    /// lists, 246 nested tuples, two containers each) and 659 on Python
    /// 3.12 and 3.13, which inline comprehensions (493 nested lists, 329
    /// nested tuples), and every one of them decodes. Nothing that recurses
    /// over a value this deep (writing, `Debug`, clone, compare, drop)
    /// needs more than about 1.2 MiB of stack in a debug build, so it fits
    /// a 2 MiB thread;
    /// [`from_value`](crate::from_value) and [`to_value`](crate::to_value),
    /// whose serde visitors take more, refuse values more than 256 levels
    /// deep. The generic [`Serializer`](crate::Serializer) reads through
    /// serde_json, which stops at 127 whatever this says.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, Limits, PayloadError, Session, SessionCodec, SessionConfig};
    /// let config = SessionConfig::flask().with_limits(Limits::new().with_max_depth(2));
    /// let codec = SessionCodec::new("secret-key", config)?;
    /// let mut session = Session::new();
    /// session.insert("ids", &vec![1, 2])?; // {"ids": [1, 2]}: two deep
    /// assert!(codec.encode_at(&session, 1_700_000_000).is_ok());
    /// session.insert("grid", &vec![vec![1, 2]])?; // three deep: not written
    /// let err = codec.encode_at(&session, 1_700_000_000).unwrap_err();
    /// assert_eq!(err, Error::BadPayload(PayloadError::TooDeep));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = if n > crate::json::HARD_MAX_DEPTH {
            crate::json::HARD_MAX_DEPTH
        } else {
            n
        };
        self
    }

    /// See [`Limits::with_max_token_len`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Limits;
    /// assert_eq!(Limits::new().max_token_len(), 8192);
    /// assert_eq!(Limits::new().with_max_token_len(4096).max_token_len(), 4096);
    /// ```
    #[must_use]
    pub const fn max_token_len(&self) -> usize {
        self.max_token_len
    }

    /// See [`Limits::with_max_inflated_len`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Limits;
    /// assert_eq!(Limits::new().max_inflated_len(), 262_144);
    /// assert_eq!(Limits::new().with_max_inflated_len(65_536).max_inflated_len(), 65_536);
    /// ```
    #[must_use]
    pub const fn max_inflated_len(&self) -> usize {
        self.max_inflated_len
    }

    /// The depth in force (see [`Limits::with_max_depth`]): a larger value
    /// asked for reads back as 700.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Limits;
    /// assert_eq!(Limits::new().max_depth(), 700);
    /// assert_eq!(Limits::new().with_max_depth(32).max_depth(), 32);
    /// assert_eq!(Limits::new().with_max_depth(1000).max_depth(), 700);
    /// ```
    #[must_use]
    pub const fn max_depth(&self) -> usize {
        self.max_depth
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::new()
    }
}

/// The offset pre-1.0 itsdangerous (0.24 and earlier) subtracted from
/// timestamps: 2011-01-01 00:00:00 UTC.
pub const LEGACY_EPOCH: u64 = 1_293_840_000;

/// Everything that shapes a signature: salt, separator, key derivation,
/// digest, plus timestamp epoch, base64 strictness, limits and the fallback
/// signers of a serializer.
///
/// Presets: [`SignerConfig::new`] (itsdangerous `Signer`/`TimestampSigner`),
/// [`SignerConfig::serializer`] (itsdangerous serializers) and
/// [`SignerConfig::flask_session`] (Flask's session cookie).
///
/// # Examples
///
/// ```
/// use flask_cookie::{Digest, KeyDerivation, SignerConfig};
/// let config = SignerConfig::new()
///     .with_salt("activate")
///     .with_digest(Digest::Sha256)
///     .with_key_derivation(KeyDerivation::Hmac);
/// assert_eq!(config.salt(), b"activate");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerConfig {
    pub(crate) salt: Cow<'static, [u8]>,
    pub(crate) sep: Cow<'static, [u8]>,
    pub(crate) digest: Digest,
    pub(crate) derivation: KeyDerivation,
    pub(crate) unsigned: bool,
    pub(crate) lenient_base64: bool,
    pub(crate) legacy_epoch: bool,
    pub(crate) limits: Limits,
    pub(crate) fallbacks: Vec<(Digest, KeyDerivation)>,
}

impl SignerConfig {
    /// itsdangerous' `Signer` defaults: salt `itsdangerous.Signer`, separator
    /// `.`, `django-concat`, SHA-1.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, KeyDerivation, SignerConfig};
    /// let config = SignerConfig::new();
    /// assert_eq!(config.salt(), b"itsdangerous.Signer");
    /// assert_eq!(config.separator(), b".");
    /// assert_eq!(config.digest(), Digest::Sha1);
    /// assert_eq!(config.key_derivation(), KeyDerivation::DjangoConcat);
    /// assert_eq!(config, SignerConfig::default());
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self::preset(b"itsdangerous.Signer", KeyDerivation::DjangoConcat)
    }

    const fn preset(salt: &'static [u8], derivation: KeyDerivation) -> Self {
        Self {
            salt: Cow::Borrowed(salt),
            sep: Cow::Borrowed(b"."),
            digest: Digest::Sha1,
            derivation,
            unsigned: false,
            lenient_base64: false,
            legacy_epoch: false,
            limits: Limits::new(),
            fallbacks: Vec::new(),
        }
    }

    /// itsdangerous' serializer defaults: as [`SignerConfig::new`] but with the
    /// salt `itsdangerous`. The preset for both
    /// [`Serializer`](crate::Serializer) (`URLSafeTimedSerializer`) and
    /// [`UntimedSerializer`](crate::UntimedSerializer) (`URLSafeSerializer`):
    /// their `Signer` keeps its own defaults, `django-concat` and SHA-1.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, KeyDerivation, SignerConfig, UntimedSerializer};
    /// let config = SignerConfig::serializer();
    /// assert_eq!(config.salt(), b"itsdangerous");
    /// assert_eq!(config, SignerConfig::new().with_salt("itsdangerous"));
    /// assert_eq!((config.digest(), config.key_derivation()), (Digest::Sha1, KeyDerivation::DjangoConcat));
    /// // URLSafeSerializer("secret-key").dumps({"user": "alice"}):
    /// let s = UntimedSerializer::new("secret-key", &config)?;
    /// assert_eq!(s.dumps(&[("user", "alice")].into_iter().collect::<std::collections::BTreeMap<_, _>>())?,
    ///     "eyJ1c2VyIjoiYWxpY2UifQ.l4fY2OdVHtEpedwVNa2eEezU2Nk");
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn serializer() -> Self {
        Self::preset(b"itsdangerous", KeyDerivation::DjangoConcat)
    }

    /// Flask's session cookie: salt `cookie-session`, `hmac` derivation, SHA-1.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, KeyDerivation, SessionConfig, SignerConfig};
    /// let config = SignerConfig::flask_session();
    /// assert_eq!(config.salt(), b"cookie-session");
    /// assert_eq!(config.key_derivation(), KeyDerivation::Hmac);
    /// assert_eq!(config.digest(), Digest::Sha1);
    /// assert_eq!(SessionConfig::flask().signer(), &config);
    /// ```
    #[must_use]
    pub const fn flask_session() -> Self {
        Self::preset(b"cookie-session", KeyDerivation::Hmac)
    }

    /// The salt (a `str` salt is its UTF-8 bytes). Defaults to
    /// `itsdangerous.Signer` (or the preset's salt).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Signer, SignerConfig};
    /// let activate = Signer::new("secret-key", &SignerConfig::new().with_salt("activate"))?;
    /// let reset = Signer::new("secret-key", &SignerConfig::new().with_salt("reset"))?;
    /// let token = activate.sign_str("user-42")?;
    /// assert_eq!(activate.unsign_str(&token)?.0, "user-42");
    /// // Same key, other salt: a token made for one purpose is refused for another.
    /// assert!(reset.unsign_str(&token).is_err());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn with_salt(mut self, salt: impl AsRef<[u8]>) -> Self {
        self.salt = Cow::Owned(salt.as_ref().to_vec());
        self
    }

    /// The separator between value, timestamp and signature. It may not occur
    /// in base64url text; [`Signer::new`](crate::Signer::new) rejects such
    /// separators. Defaults to `.`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, Signer, SignerConfig};
    /// let signer = Signer::new("secret-key", &SignerConfig::new().with_separator("~"))?;
    /// let token = signer.sign_str("a.b")?;
    /// assert!(token.starts_with("a.b~"));
    /// assert_eq!(signer.unsign_str(&token)?.0, "a.b");
    /// // A separator that can occur in base64url is refused:
    /// let bad = SignerConfig::new().with_separator("-");
    /// assert!(matches!(Signer::new("secret-key", &bad), Err(Error::InvalidConfig(_))));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn with_separator(mut self, sep: impl AsRef<[u8]>) -> Self {
        self.sep = Cow::Owned(sep.as_ref().to_vec());
        self
    }

    /// The digest for key derivation and HMAC. Defaults to SHA-1.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, Signer, SignerConfig};
    /// let sha1 = Signer::new("secret-key", &SignerConfig::new())?;
    /// let sha256 = Signer::new("secret-key", &SignerConfig::new().with_digest(Digest::Sha256))?;
    /// let token = sha256.sign_str("v")?;
    /// // 32 bytes of MAC are 43 base64url characters (SHA-1's 20 are 27):
    /// assert_eq!(token.len(), "v.".len() + 43);
    /// assert!(sha1.unsign_str(&token).is_err());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn with_digest(mut self, digest: Digest) -> Self {
        self.digest = digest;
        self
    }

    /// The key derivation. Defaults to `django-concat` (`hmac` for the Flask
    /// preset).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{KeyDerivation, Signer, SignerConfig};
    /// let hmac = SignerConfig::new().with_key_derivation(KeyDerivation::Hmac);
    /// let token = Signer::new("secret-key", &hmac)?.sign_str("v")?;
    /// // Same key, another derived key: the default `django-concat` refuses it.
    /// assert!(Signer::new("secret-key", &SignerConfig::new())?.unsign_str(&token).is_err());
    /// // Flask's session signer is itsdangerous' with its own salt and `hmac`:
    /// assert_eq!(hmac.with_salt("cookie-session"), SignerConfig::flask_session());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn with_key_derivation(mut self, derivation: KeyDerivation) -> Self {
        self.derivation = derivation;
        self
    }

    /// **Dangerous**: itsdangerous' `NoneAlgorithm`. Tokens carry an empty
    /// signature and anyone can forge them. Only for reading legacy data.
    /// Defaults to off.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Signer, SignerConfig};
    /// let config = SignerConfig::new().dangerous_with_no_signature();
    /// let signer = Signer::new("secret-key", &config)?;
    /// assert_eq!(signer.sign_str("admin")?, "admin."); // an empty signature
    /// // Any key "verifies" any token, so anyone can forge one:
    /// let other = Signer::new("another-key", &config)?;
    /// assert_eq!(other.unsign_str("admin.")?.0, "admin");
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn dangerous_with_no_signature(mut self) -> Self {
        self.unsigned = true;
        self
    }

    /// **Weakens verification**: read base64 the way Python does (junk
    /// characters skipped, `+/` accepted, padding and anything after a
    /// completing `=` ignored, unused bits unchecked), so that one MAC has
    /// many spellings. Useful for forensics on tokens that Python accepted.
    /// Defaults to strict: only the canonical form itsdangerous emits.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Signer, SignerConfig};
    /// let strict = Signer::new("secret-key", &SignerConfig::new())?;
    /// let lenient = Signer::new("secret-key", &SignerConfig::new().with_lenient_base64())?;
    /// let token = strict.sign_str("v")?;
    /// // Two more spellings of the same MAC, both accepted by Python:
    /// for spelling in [format!("{token}="), format!("{token}=junk")] {
    ///     assert!(strict.unsign_str(&spelling).is_err());
    ///     assert_eq!(lenient.unsign_str(&spelling)?.0, "v");
    /// }
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn with_lenient_base64(mut self) -> Self {
        self.lenient_base64 = true;
        self
    }

    /// Timestamps counted from 2011-01-01 ([`LEGACY_EPOCH`]) as itsdangerous
    /// 0.24 and earlier wrote them, for old deployments. Defaults to the Unix
    /// epoch.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{SignerConfig, TimestampSigner, LEGACY_EPOCH};
    /// let legacy = TimestampSigner::new("secret-key", &SignerConfig::new().with_legacy_epoch())?;
    /// let token = legacy.sign_at(b"v", 1_700_000_000)?;
    /// let signed_at = legacy.unsign_at(token.as_bytes(), None, 1_700_000_000)?.signed_at;
    /// assert_eq!(signed_at, 1_700_000_000);
    /// // Read with the Unix epoch, the same token seems signed in 1982:
    /// let modern = TimestampSigner::new("secret-key", &SignerConfig::new())?;
    /// let signed_at = modern.unsign_at(token.as_bytes(), None, 1_700_000_000)?.signed_at;
    /// assert_eq!(signed_at, 1_700_000_000 - LEGACY_EPOCH);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn with_legacy_epoch(mut self) -> Self {
        self.legacy_epoch = true;
        self
    }

    /// Size and depth limits. Defaults to [`Limits::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, LimitKind, Limits, Signer, SignerConfig};
    /// let config = SignerConfig::new().with_limits(Limits::new().with_max_token_len(16));
    /// assert_eq!(config.limits().max_token_len(), 16);
    /// let signer = Signer::new("secret-key", &config)?;
    /// // A raw signer signs anything; verifying applies the limits:
    /// let token = signer.sign_str("a long value")?;
    /// let err = signer.unsign_str(&token).unwrap_err();
    /// assert_eq!(err, Error::TooLarge { kind: LimitKind::Token, limit: 16 });
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Adds a fallback signer to a serializer: tokens made with this digest and
    /// derivation (and the same salt and keys) still load, new tokens use the
    /// primary settings. Tried in the order added. Defaults to none.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, KeyDerivation, Session, SessionCodec};
    /// use flask_cookie::{SessionConfig, SignerConfig};
    /// let sha1 = SessionCodec::flask("secret-key")?;
    /// let mut session = Session::new();
    /// session.insert("user", "alice")?;
    /// let old_cookie = sha1.encode_at(&session, 1_700_000_000)?;
    /// // Moving to SHA-256: new cookies use it, SHA-1 cookies still verify.
    /// let signer = SignerConfig::flask_session()
    ///     .with_digest(Digest::Sha256)
    ///     .with_fallback_signer(Digest::Sha1, KeyDerivation::Hmac);
    /// let sha256 = SessionCodec::new("secret-key", SessionConfig::flask().with_signer(signer))?;
    /// assert_eq!(sha256.decode_at(&old_cookie, 1_700_000_060)?.session, session);
    /// let new_cookie = sha256.encode_at(&session, 1_700_000_060)?;
    /// assert!(sha1.decode_at(&new_cookie, 1_700_000_060).is_err());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn with_fallback_signer(mut self, digest: Digest, derivation: KeyDerivation) -> Self {
        self.fallbacks.push((digest, derivation));
        self
    }

    /// The salt.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::SignerConfig;
    /// assert_eq!(SignerConfig::flask_session().salt(), b"cookie-session");
    /// assert_eq!(SignerConfig::new().with_salt("clé").salt(), "clé".as_bytes());
    /// ```
    #[must_use]
    pub fn salt(&self) -> &[u8] {
        &self.salt
    }

    /// The separator.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::SignerConfig;
    /// assert_eq!(SignerConfig::new().separator(), b".");
    /// assert_eq!(SignerConfig::new().with_separator("~").separator(), b"~");
    /// ```
    #[must_use]
    pub fn separator(&self) -> &[u8] {
        &self.sep
    }

    /// The digest.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, SignerConfig};
    /// assert_eq!(SignerConfig::flask_session().digest(), Digest::Sha1);
    /// assert_eq!(SignerConfig::new().with_digest(Digest::Sha512).digest(), Digest::Sha512);
    /// ```
    #[must_use]
    pub const fn digest(&self) -> Digest {
        self.digest
    }

    /// The key derivation.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{KeyDerivation, SignerConfig};
    /// assert_eq!(SignerConfig::new().key_derivation(), KeyDerivation::DjangoConcat);
    /// assert_eq!(SignerConfig::flask_session().key_derivation(), KeyDerivation::Hmac);
    /// ```
    #[must_use]
    pub const fn key_derivation(&self) -> KeyDerivation {
        self.derivation
    }

    /// The limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Limits, SignerConfig};
    /// assert_eq!(SignerConfig::new().limits(), &Limits::new());
    /// let config = SignerConfig::new().with_limits(Limits::new().with_max_depth(32));
    /// assert_eq!(config.limits().max_depth(), 32);
    /// ```
    #[must_use]
    pub const fn limits(&self) -> &Limits {
        &self.limits
    }

    /// True when the legacy epoch is used.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::SignerConfig;
    /// assert!(!SignerConfig::new().legacy_epoch());
    /// assert!(SignerConfig::new().with_legacy_epoch().legacy_epoch());
    /// ```
    #[must_use]
    pub const fn legacy_epoch(&self) -> bool {
        self.legacy_epoch
    }

    /// Refuses a separator that is not UTF-8 (configured as raw bytes) with
    /// `why`, for the signers whose tokens are text: it could not be written
    /// into one (it came out as U+FFFD and never verified).
    pub(crate) fn require_utf8_separator(
        &self,
        why: &'static str,
    ) -> Result<(), crate::error::Error> {
        match core::str::from_utf8(&self.sep) {
            Ok(_) => Ok(()),
            Err(_) => Err(crate::error::Error::InvalidConfig(why)),
        }
    }

    pub(crate) const fn base64_mode(&self) -> crate::base64::Mode {
        if self.lenient_base64 {
            crate::base64::Mode::Lenient
        } else {
            crate::base64::Mode::Strict
        }
    }
}

impl Default for SignerConfig {
    fn default() -> Self {
        Self::new()
    }
}
