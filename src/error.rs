//! The crate's one error type.

use core::fmt;

/// Why a payload that passed signature verification could not be loaded.
///
/// Mirrors the `original_error` of itsdangerous' `BadPayload`, without ever
/// carrying bytes from the input.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Error, PayloadError, Serializer, SignerConfig};
/// let s = Serializer::new("secret-key", &SignerConfig::serializer())?;
/// let token = s.dumps_at("alice", 1_700_000_000)?;
/// // The signature holds, but a string is not a `u32`:
/// let err = s.loads_at::<u32>(&token, None, 1_700_000_000).unwrap_err();
/// assert_eq!(err, Error::BadPayload(PayloadError::WrongType { found: "a string", field: None }));
/// assert_eq!(err.to_string(), "bad payload: payload does not match the requested type: found a string");
/// assert!(err.is_authentic() && !err.is_bad_signature());
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PayloadError {
    /// The payload is not valid base64url.
    Base64,
    /// The payload was marked compressed but is not a valid zlib stream.
    Zlib,
    /// The decompressed payload would exceed the configured cap.
    InflatedTooLarge,
    /// The payload is not valid UTF-8.
    Utf8,
    /// The payload is not valid JSON (or not the JSON shape expected).
    Json,
    /// The JSON nests deeper than the configured cap.
    TooDeep,
    /// A Flask tag (` t`, ` b`, ` u`, ...) holds a value Flask cannot untag.
    Tag,
    /// The JSON holds a string with a lone UTF-16 surrogate, which a Rust
    /// `String` cannot represent.
    LoneSurrogate,
    /// An integer has more digits than Python allows (4300).
    IntTooLong,
    /// The top-level value of a session is not a JSON object.
    NotADict,
    /// The payload could not be deserialized into the requested Rust type,
    /// for a reason not told by [`WrongType`](Self::WrongType) or
    /// [`MissingField`](Self::MissingField): the type's own `Deserialize`
    /// refused it, a dict key did not parse as the key type, a variant
    /// name stood where a newtype variant's content goes, ...; or, in the
    /// generic `Serializer`s, a failure serde_json reports only in words
    /// that quote the data (a syntax error for the type, as for an enum
    /// read from a number), whose message is dropped, and any failure in
    /// JSON nested more than 16 levels deep.
    Deserialize,
    /// The value is of another kind than the requested Rust type takes
    /// (`Session::get::<u32>` on a string), or of the right kind but not
    /// one it takes (`300` for a `u8`, an unknown enum variant, three items
    /// for a pair: nothing is dropped unread). `found` names what it holds
    /// (`"a string"`, `"an integer"`, `"an integer out of range"`, `"a
    /// list"`, ...), never its content.
    WrongType {
        /// The kind of value found, with its article.
        found: &'static str,
        /// The field of the requested struct that holds it (the innermost
        /// one, when structs nest), as the type spells it (an alias when
        /// the payload used one). `None` outside a struct's fields, and
        /// where serde reads a struct as a map: a struct with a
        /// `#[serde(flatten)]` field, the content of an internally or
        /// adjacently tagged enum.
        field: Option<&'static str>,
    },
    /// The requested struct has a field that the payload's dict lacks (and
    /// that is not an `Option` or `#[serde(default)]`).
    MissingField {
        /// The field's name, as the type spells it (after `rename`).
        field: &'static str,
    },
    /// The value could not be serialized (for example a map with non-string keys).
    Serialize,
}

impl PayloadError {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Base64 => "payload is not valid base64",
            Self::Zlib => "payload could not be zlib-decompressed",
            Self::InflatedTooLarge => "decompressed payload exceeds the size limit",
            Self::Utf8 => "payload is not valid utf-8",
            Self::Json => "payload is not valid json",
            Self::TooDeep => "payload nests too deeply",
            Self::Tag => "payload holds a malformed tagged value",
            Self::LoneSurrogate => "payload holds a lone utf-16 surrogate",
            Self::IntTooLong => "payload holds an integer with more than 4300 digits",
            Self::NotADict => "session payload is not a json object",
            Self::Deserialize | Self::WrongType { .. } | Self::MissingField { .. } => {
                "payload does not match the requested type"
            }
            Self::Serialize => "value cannot be serialized",
        }
    }
}

impl fmt::Display for PayloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongType { found, field } => {
                f.write_str(self.as_str())?;
                write!(f, ": found {found}")?;
                match field {
                    Some(field) => write!(f, " in field `{field}`"),
                    None => Ok(()),
                }
            }
            Self::MissingField { field } => {
                write!(f, "{}: missing field `{field}`", self.as_str())
            }
            other => f.write_str(other.as_str()),
        }
    }
}

impl std::error::Error for PayloadError {}

/// Why a signature did not verify.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Error, SignatureError, Signer, SignerConfig};
/// let signer = Signer::new("secret-key", &SignerConfig::new())?;
/// let token = signer.sign_str("user-42")?;
/// let forged = token.replacen("user-42", "user-1", 1);
/// assert_eq!(signer.unsign_str(&forged), Err(Error::BadSignature(SignatureError::Mismatch)));
/// let cut = &token[..token.len() - 1];
/// assert_eq!(signer.unsign_str(cut), Err(Error::BadSignature(SignatureError::MalformedSignature)));
/// assert_eq!(signer.unsign_str("user-42"), Err(Error::BadSignature(SignatureError::MissingSeparator)));
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureError {
    /// The token holds no separator at all.
    MissingSeparator,
    /// The signature is not base64url in canonical form of the digest's
    /// length (strict mode), or not base64 at all. (itsdangerous decodes
    /// any length and reports a mismatch: one `BadSignature` either way.)
    MalformedSignature,
    /// The signature is well formed but no key produced it.
    Mismatch,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MissingSeparator => "no separator found in value",
            Self::MalformedSignature => {
                "signature is not canonical base64url of the digest's length"
            }
            Self::Mismatch => "signature does not match",
        })
    }
}

impl std::error::Error for SignatureError {}

/// Which limit an input exceeded.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Error, LimitKind, Limits, Serializer, SignerConfig};
/// let limits = Limits::new().with_max_inflated_len(16);
/// let s = Serializer::new("secret-key", &SignerConfig::serializer().with_limits(limits))?;
/// // Writing refuses JSON its reader would refuse, before signing anything:
/// let err = s.dumps_at("a string longer than sixteen bytes", 1_700_000_000).unwrap_err();
/// assert_eq!(err, Error::TooLarge { kind: LimitKind::Value, limit: 16 });
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LimitKind {
    /// The whole token (or cookie value) is longer than allowed.
    Token,
    /// The value to sign is longer than allowed.
    Value,
}

/// Every error this crate returns.
///
/// The variants mirror itsdangerous' exception hierarchy:
///
/// | itsdangerous          | here                                   |
/// |-----------------------|----------------------------------------|
/// | `BadSignature`        | [`Error::BadSignature`]                |
/// | `BadTimeSignature`    | [`Error::BadTimeSignature`], [`Error::MalformedTimestamp`], [`Error::MissingTimestamp`] |
/// | `SignatureExpired`    | [`Error::Expired`]                     |
/// | `BadPayload`          | [`Error::BadPayload`]                  |
/// | (none: Python has no limits) | [`Error::TooLarge`]             |
///
/// Use [`Error::is_bad_signature`] for Python's `except BadSignature`, which
/// also catches the time-related variants. Messages are lowercase and never
/// contain bytes from the input or key material.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Error, SignatureError, SignerConfig, TimestampSigner};
/// let signer = TimestampSigner::new("secret-key", &SignerConfig::new())?;
/// let token = signer.sign_at(b"user-42", 1_700_000_000)?;
/// let forged = token.replacen("user-42", "user-1", 1);
/// let err = signer.unsign_at(forged.as_bytes(), None, 1_700_000_000).unwrap_err();
/// assert!(matches!(err, Error::BadTimeSignature { reason: SignatureError::Mismatch, .. }));
/// assert!(err.is_bad_signature()); // Python's `except BadSignature` catches it
/// assert_eq!(err.to_string(), "bad time signature: signature does not match");
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The signature is missing, malformed, or made with another key or salt.
    BadSignature(SignatureError),
    /// A timed token's signature did not verify; `signed_at` is the (unverified)
    /// timestamp it claims, when it could be read.
    BadTimeSignature {
        /// Why the signature failed.
        reason: SignatureError,
        /// The unverified signing time, in Unix seconds, when it parsed.
        signed_at: Option<u64>,
    },
    /// The token carries no timestamp; from a verifying call, under a valid
    /// signature (see [`Error::is_authentic`]).
    MissingTimestamp,
    /// The timestamp is not 0 to 8 bytes of base64url; from a verifying
    /// call, under a valid signature.
    MalformedTimestamp,
    /// The signature is valid but the token is too old, or signed in the future.
    Expired {
        /// When the token was signed, in Unix seconds.
        signed_at: u64,
        /// `now - signed_at`, in seconds; negative for a token from the future.
        age: i64,
        /// The `max_age` it was checked against, in seconds.
        max_age: u64,
    },
    /// The signature is valid but the payload cannot be loaded.
    BadPayload(PayloadError),
    /// The input exceeds a configured size limit; nothing was decoded.
    TooLarge {
        /// What was too large.
        kind: LimitKind,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The configuration is invalid (for example a separator that can occur
    /// in base64url).
    InvalidConfig(&'static str),
}

impl Error {
    /// True for everything Python's `except BadSignature` catches: bad and bad
    /// time signatures, missing or malformed timestamps, and expiry.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, SignatureError};
    /// assert!(Error::BadSignature(SignatureError::Mismatch).is_bad_signature());
    /// assert!(!Error::BadPayload(flask_cookie::PayloadError::Json).is_bad_signature());
    /// ```
    #[must_use]
    pub const fn is_bad_signature(&self) -> bool {
        matches!(
            self,
            Self::BadSignature(_)
                | Self::BadTimeSignature { .. }
                | Self::MissingTimestamp
                | Self::MalformedTimestamp
                | Self::Expired { .. }
        )
    }

    /// A stable, machine-readable name for the error's kind, named after the
    /// itsdangerous exception it stands for (`bad_signature`,
    /// `bad_time_signature`, `missing_timestamp`, `malformed_timestamp`,
    /// `expired`, `bad_payload`, `not_a_dict`, `too_large`,
    /// `invalid_config`). Used by the command line's `--json` output.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, PayloadError};
    /// assert_eq!(Error::BadPayload(PayloadError::NotADict).kind(), "not_a_dict");
    /// assert_eq!(Error::MalformedTimestamp.kind(), "malformed_timestamp");
    /// ```
    #[must_use]
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::BadSignature(_) => "bad_signature",
            Self::BadTimeSignature { .. } => "bad_time_signature",
            Self::MissingTimestamp => "missing_timestamp",
            Self::MalformedTimestamp => "malformed_timestamp",
            Self::Expired { .. } => "expired",
            Self::BadPayload(PayloadError::NotADict) => "not_a_dict",
            Self::BadPayload(_) => "bad_payload",
            Self::TooLarge { .. } => "too_large",
            Self::InvalidConfig(_) => "invalid_config",
        }
    }

    /// True when the signature verified: the token was made by a holder of
    /// one of the keys, whatever went wrong afterwards.
    ///
    /// Meaningful only for errors from verifying calls (`unsign*`, `loads*`,
    /// `decode*`, `open_at`). Errors from paths that check no MAC, such as
    /// [`dangerous_decode_unverified`](crate::dangerous_decode_unverified),
    /// [`Value::from_flask_json`](crate::Value::from_flask_json) or
    /// [`Session::get`](crate::Session::get), say nothing about authenticity.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{SignerConfig, TimestampSigner};
    /// let signer = TimestampSigner::new("secret-key", &SignerConfig::new())?;
    /// let token = signer.sign_at(b"user-42", 1_700_000_000)?;
    /// // Ours, but too old: signed by a key holder, no longer usable.
    /// let expired = signer.unsign_at(token.as_bytes(), Some(60), 1_700_000_061).unwrap_err();
    /// assert!(expired.is_authentic());
    /// // A forgery is not.
    /// let forged = token.replacen("user-42", "user-1", 1);
    /// let forged = signer.unsign_at(forged.as_bytes(), Some(60), 1_700_000_000).unwrap_err();
    /// assert!(!forged.is_authentic());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn is_authentic(&self) -> bool {
        matches!(
            self,
            Self::MissingTimestamp
                | Self::MalformedTimestamp
                | Self::Expired { .. }
                | Self::BadPayload(_)
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadSignature(reason) => write!(f, "bad signature: {reason}"),
            Self::BadTimeSignature { reason, .. } => write!(f, "bad time signature: {reason}"),
            Self::MissingTimestamp => f.write_str("bad time signature: timestamp missing"),
            Self::MalformedTimestamp => f.write_str("bad time signature: malformed timestamp"),
            Self::Expired { age, max_age, .. } => {
                if *age < 0 {
                    // itsdangerous' words, and what they most often mean.
                    write!(
                        f,
                        "signature expired: age {age} < 0 seconds (signed in the future: clocks out of step?)"
                    )
                } else {
                    write!(f, "signature expired: age {age} > {max_age} seconds")
                }
            }
            Self::BadPayload(reason) => write!(f, "bad payload: {reason}"),
            Self::TooLarge { kind, limit } => match kind {
                LimitKind::Token => write!(f, "token exceeds the {limit}-byte limit"),
                LimitKind::Value => write!(f, "value exceeds the {limit}-byte limit"),
            },
            Self::InvalidConfig(what) => write!(f, "invalid configuration: {what}"),
        }
    }
}

/// No `source`: the reason ([`SignatureError`], [`PayloadError`]) is part of
/// the message already, and an error reporter that walks the chain would
/// print it twice. Match on the variant to get it as a value.
impl std::error::Error for Error {}

impl From<PayloadError> for Error {
    fn from(e: PayloadError) -> Self {
        Self::BadPayload(e)
    }
}

/// The crate's result type.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Serializer, SignerConfig};
/// fn user_id(s: &Serializer, token: &str, now: u64) -> flask_cookie::Result<u32> {
///     Ok(s.loads_at::<u32>(token, Some(3600), now)?.value)
/// }
/// let s = Serializer::new("secret-key", &SignerConfig::serializer())?;
/// let token = s.dumps_at(&42u32, 1_700_000_000)?;
/// assert_eq!(user_id(&s, &token, 1_700_000_060)?, 42);
/// assert!(user_id(&s, &token, 1_700_003_601).is_err());
/// # Ok::<(), flask_cookie::Error>(())
/// ```
pub type Result<T, E = Error> = core::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by review: `Display` held the reason and `source` returned it
    /// again, so a reporter walking the chain (`anyhow`'s `{:#}`) printed
    /// "bad signature: signature does not match: signature does not match".
    #[test]
    fn each_reason_is_printed_once() {
        for e in [
            Error::BadSignature(SignatureError::Mismatch),
            Error::BadTimeSignature {
                reason: SignatureError::MalformedSignature,
                signed_at: Some(1),
            },
            Error::BadPayload(PayloadError::Json),
        ] {
            let mut chain = e.to_string();
            let mut next = std::error::Error::source(&e);
            while let Some(cause) = next {
                chain = format!("{chain}: {cause}");
                next = cause.source();
            }
            assert_eq!(chain, e.to_string());
            assert_eq!(
                chain.matches("signature does not match").count(),
                usize::from(matches!(e, Error::BadSignature(_)))
            );
        }
    }
}
