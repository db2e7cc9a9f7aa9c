//! Configuration values: immutable, built with `with_*` setters.

use std::borrow::Cow;

use crate::mac::{Digest, KeyDerivation};

/// Bounds on the work any input can cause. Every decode path checks them
/// before it allocates. The writers that build payloads
/// ([`Serializer`](crate::Serializer), [`SessionCodec`](crate::SessionCodec))
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
    /// payloads inflating to at most 256 KiB, JSON nested at most 128 deep.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            max_token_len: 8 * 1024,
            max_inflated_len: 256 * 1024,
            max_depth: 128,
        }
    }

    /// Longest token (cookie value) accepted; checked before any decoding.
    /// Defaults to 8192 bytes.
    #[must_use]
    pub const fn with_max_token_len(mut self, n: usize) -> Self {
        self.max_token_len = n;
        self
    }

    /// Largest size a compressed payload may inflate to; inflation stops at
    /// this many bytes. Defaults to 262144 bytes.
    #[must_use]
    pub const fn with_max_inflated_len(mut self, n: usize) -> Self {
        self.max_inflated_len = n;
        self
    }

    /// Deepest JSON nesting accepted (and written), counting every JSON
    /// container including the ones Flask's tags add (a tuple is two). Values
    /// above 256 act as 256, so nothing that recurses over a decoded value
    /// (`from_value`, `to_value`, `Debug`, clone, compare, drop) can exhaust
    /// a 2 MiB thread stack, even in a debug build. The generic
    /// [`Serializer`](crate::Serializer) reads through serde_json, which also
    /// stops at 127 whatever this says. Defaults to 128.
    #[must_use]
    pub const fn with_max_depth(mut self, n: usize) -> Self {
        self.max_depth = n;
        self
    }

    /// See [`Limits::with_max_token_len`].
    #[must_use]
    pub const fn max_token_len(&self) -> usize {
        self.max_token_len
    }

    /// See [`Limits::with_max_inflated_len`].
    #[must_use]
    pub const fn max_inflated_len(&self) -> usize {
        self.max_inflated_len
    }

    /// See [`Limits::with_max_depth`].
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
    /// salt `itsdangerous`.
    #[must_use]
    pub const fn serializer() -> Self {
        Self::preset(b"itsdangerous", KeyDerivation::DjangoConcat)
    }

    /// Flask's session cookie: salt `cookie-session`, `hmac` derivation, SHA-1.
    #[must_use]
    pub const fn flask_session() -> Self {
        Self::preset(b"cookie-session", KeyDerivation::Hmac)
    }

    /// The salt (a `str` salt is its UTF-8 bytes). Defaults to
    /// `itsdangerous.Signer` (or the preset's salt).
    #[must_use]
    pub fn with_salt(mut self, salt: impl AsRef<[u8]>) -> Self {
        self.salt = Cow::Owned(salt.as_ref().to_vec());
        self
    }

    /// The separator between value, timestamp and signature. It may not occur
    /// in base64url text; [`Signer::new`](crate::Signer::new) rejects such
    /// separators. Defaults to `.`.
    #[must_use]
    pub fn with_separator(mut self, sep: impl AsRef<[u8]>) -> Self {
        self.sep = Cow::Owned(sep.as_ref().to_vec());
        self
    }

    /// The digest for key derivation and HMAC. Defaults to SHA-1.
    #[must_use]
    pub const fn with_digest(mut self, digest: Digest) -> Self {
        self.digest = digest;
        self
    }

    /// The key derivation. Defaults to `django-concat` (`hmac` for the Flask
    /// preset).
    #[must_use]
    pub const fn with_key_derivation(mut self, derivation: KeyDerivation) -> Self {
        self.derivation = derivation;
        self
    }

    /// **Dangerous**: itsdangerous' `NoneAlgorithm`. Tokens carry an empty
    /// signature and anyone can forge them. Only for reading legacy data.
    /// Defaults to off.
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
    #[must_use]
    pub const fn with_lenient_base64(mut self) -> Self {
        self.lenient_base64 = true;
        self
    }

    /// Timestamps counted from 2011-01-01 ([`LEGACY_EPOCH`]) as itsdangerous
    /// 0.24 and earlier wrote them, for old deployments. Defaults to the Unix
    /// epoch.
    #[must_use]
    pub const fn with_legacy_epoch(mut self) -> Self {
        self.legacy_epoch = true;
        self
    }

    /// Size and depth limits. Defaults to [`Limits::new`].
    #[must_use]
    pub const fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Adds a fallback signer to a serializer: tokens made with this digest and
    /// derivation (and the same salt and keys) still load, new tokens use the
    /// primary settings. Tried in the order added. Defaults to none.
    #[must_use]
    pub fn with_fallback_signer(mut self, digest: Digest, derivation: KeyDerivation) -> Self {
        self.fallbacks.push((digest, derivation));
        self
    }

    /// The salt.
    #[must_use]
    pub fn salt(&self) -> &[u8] {
        &self.salt
    }

    /// The separator.
    #[must_use]
    pub fn separator(&self) -> &[u8] {
        &self.sep
    }

    /// The digest.
    #[must_use]
    pub const fn digest(&self) -> Digest {
        self.digest
    }

    /// The key derivation.
    #[must_use]
    pub const fn key_derivation(&self) -> KeyDerivation {
        self.derivation
    }

    /// The limits.
    #[must_use]
    pub const fn limits(&self) -> &Limits {
        &self.limits
    }

    /// True when the legacy epoch is used.
    #[must_use]
    pub const fn legacy_epoch(&self) -> bool {
        self.legacy_epoch
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
