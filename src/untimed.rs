//! itsdangerous' untimed `URLSafeSerializer` over any serde type.

use core::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::SignerConfig;
use crate::error::Error;
use crate::key::{KeyMatch, Keys};
use crate::serializer::{Signers, Unverified};
use crate::signer::Signer;

/// Signs serde values as [`Serializer`](crate::Serializer) does, without a
/// timestamp: itsdangerous' `URLSafeSerializer`, for tokens that never
/// expire (unsubscribe links, stable identifiers). Tokens are
/// `payload.signature`, the payload being the same compact JSON,
/// zlib-compressed when that is shorter (a leading `.`), base64url-encoded.
///
/// itsdangerous' defaults (salt `itsdangerous`, `django-concat`, SHA-1) are
/// [`SignerConfig::serializer`], the preset of the timed
/// [`Serializer`](crate::Serializer) too. Everything in the
/// [`SignerConfig`] applies except the legacy epoch, which only timestamps
/// have.
///
/// **Give untimed tokens their own salt.** Under the same key and salt, the
/// MAC of a timed token (over `payload.timestamp`) also verifies here, and
/// an untimed token's verifies in the timed [`Serializer`](crate::Serializer),
/// which refuses it only for its missing timestamp
/// ([`Error::MissingTimestamp`]). Here a timed token's payload is refused
/// ([`Error::BadPayload`]: a `.` is not base64url), but itsdangerous' lenient
/// base64 skips the `.`, and zlib the timestamp bytes after its stream, so
/// some *compressed* timed tokens load in Python's `URLSafeSerializer`,
/// their expiry ignored (and here too with
/// [`SignerConfig::with_lenient_base64`]). As in itsdangerous, the salt is
/// what keeps tokens made for one purpose from being accepted for another.
///
/// # Examples
///
/// ```
/// use flask_cookie::{SignerConfig, UntimedSerializer};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, Debug, PartialEq)]
/// struct Unsubscribe { user_id: u32 }
///
/// let config = SignerConfig::serializer().with_salt("unsubscribe");
/// let s = UntimedSerializer::new("secret-key", &config)?;
/// let token = s.dumps(&Unsubscribe { user_id: 42 })?;
/// // URLSafeSerializer("secret-key", salt="unsubscribe").dumps({"user_id": 42}):
/// assert_eq!(token, "eyJ1c2VyX2lkIjo0Mn0.KONPoDefTYTm3IsMhd5TaWZPVgs");
/// assert_eq!(s.loads::<Unsubscribe>(&token)?.value, Unsubscribe { user_id: 42 });
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[doc(alias = "URLSafeSerializer")]
#[derive(Clone)]
pub struct UntimedSerializer {
    signers: Signers<Signer>,
}

/// A value whose signature verified, from
/// [`UntimedSerializer::loads`]: as [`Timed`](crate::Timed), without a
/// signing time.
///
/// # Examples
///
/// ```
/// use flask_cookie::{KeyMatch, SignerConfig, UntimedSerializer, Verified};
/// let s = UntimedSerializer::new("secret-key", &SignerConfig::serializer())?;
/// let token = s.dumps("alice")?;
/// let Verified { value, key, fallback_signer, .. } = s.loads::<String>(&token)?;
/// assert_eq!(value, "alice");
/// assert_eq!(key, KeyMatch::Current);
/// assert_eq!(fallback_signer, None); // the primary signer verified it
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified<T> {
    /// The verified value.
    pub value: T,
    /// Which key verified it.
    pub key: KeyMatch,
    /// Which fallback signer verified it, by its index in the order of
    /// [`SignerConfig::with_fallback_signer`]; `None` for the primary signer.
    pub fallback_signer: Option<usize>,
}

impl UntimedSerializer {
    /// Builds an untimed serializer (and its fallback signers), deriving
    /// keys once.
    ///
    /// # Errors
    ///
    /// As [`Signer::new`], and [`Error::InvalidConfig`] for a separator that
    /// is not UTF-8 (tokens are strings).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Digest, Error, KeyDerivation, KeyMatch, Keys, SignerConfig, UntimedSerializer};
    /// let config = SignerConfig::serializer();
    /// let old = UntimedSerializer::new("old-key", &config)?.dumps("alice")?;
    /// // Moving to a new key and to SHA-256: old tokens still load.
    /// let new = config
    ///     .clone()
    ///     .with_digest(Digest::Sha256)
    ///     .with_fallback_signer(Digest::Sha1, KeyDerivation::DjangoConcat);
    /// let s = UntimedSerializer::new(Keys::new("new-key").with_fallbacks(["old-key"]), &new)?;
    /// let back = s.loads::<String>(&old)?;
    /// assert_eq!((back.key, back.fallback_signer), (KeyMatch::Fallback(0), Some(0)));
    /// // A separator that base64url can contain is refused up front.
    /// let bad = config.with_separator("-");
    /// assert!(matches!(UntimedSerializer::new("k", &bad), Err(Error::InvalidConfig(_))));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn new(keys: impl Into<Keys>, config: &SignerConfig) -> Result<Self, Error> {
        let signers = Signers::new(keys.into(), config, |s| s)?;
        Ok(Self { signers })
    }

    /// Serializes `obj` and signs it. No clock is read: the same value gives
    /// the same token.
    ///
    /// # Errors
    ///
    /// As [`Serializer::dumps_at`](crate::Serializer::dumps_at):
    /// [`Error::BadPayload`] when `obj` cannot be serialized to JSON or
    /// nests too deeply, [`Error::TooLarge`] when its JSON or the token
    /// exceeds the [`Limits`](crate::Limits). Every token this writes,
    /// [`UntimedSerializer::loads`] reads back.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, PayloadError, SignerConfig, UntimedSerializer};
    /// let s = UntimedSerializer::new("secret-key", &SignerConfig::serializer())?;
    /// let token = s.dumps(&[1, 2, 3])?;
    /// assert_eq!(token.split('.').count(), 2); // payload.signature
    /// assert_eq!(token, s.dumps(&[1, 2, 3])?); // deterministic
    /// // Compressed when that is shorter, marked by a leading '.':
    /// assert!(s.dumps(&"a".repeat(1000))?.starts_with('.'));
    /// // NaN is not JSON (Python would write `NaN`):
    /// assert_eq!(s.dumps(&f64::NAN), Err(Error::BadPayload(PayloadError::Serialize)));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn dumps<T: Serialize + ?Sized>(&self, obj: &T) -> Result<String, Error> {
        let json = self.signers.to_json(obj)?;
        self.signers.seal_json(&json, |signer, out| {
            signer.seal(out);
            Ok(())
        })
    }

    /// Verifies `token` with the primary signer, then each fallback signer,
    /// and deserializes its payload.
    ///
    /// A refused token gets the primary signer's error (itsdangerous raises
    /// the last fallback signer's; which tokens are accepted is the same).
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] when the token exceeds the configured length,
    /// [`Error::BadSignature`] when no key and signer verify it, and
    /// [`Error::BadPayload`] when the verified payload cannot be decoded into
    /// `T` (a timed token under the same key and salt is one of those),
    /// telling what did not fit as [`Serializer::loads_at`](crate::Serializer::loads_at) does.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, SignatureError, SignerConfig, UntimedSerializer};
    /// let s = UntimedSerializer::new("secret-key", &SignerConfig::serializer())?;
    /// // URLSafeSerializer("secret-key").dumps({"user": "alice"}):
    /// let token = "eyJ1c2VyIjoiYWxpY2UifQ.l4fY2OdVHtEpedwVNa2eEezU2Nk";
    /// let back = s.loads::<std::collections::BTreeMap<String, String>>(token)?;
    /// assert_eq!(back.value["user"], "alice");
    /// let forged = token.replacen("eyJ1c2Vy", "eyJ1c2Vz", 1);
    /// assert_eq!(s.loads::<String>(&forged), Err(Error::BadSignature(SignatureError::Mismatch)));
    /// // The signature holds, but the payload is not a u32:
    /// assert!(matches!(s.loads::<u32>(token), Err(Error::BadPayload(_))));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn loads<T: DeserializeOwned>(&self, token: &str) -> Result<Verified<T>, Error> {
        let ((payload, key), fallback_signer) = self
            .signers
            .verify(|signer| signer.unsign(token.as_bytes()))?;
        let value = self
            .signers
            .decode(payload, |json| self.signers.read_json(json))?;
        Ok(Verified {
            value,
            key,
            fallback_signer,
        })
    }

    /// **Dangerous**: loads the payload even when the signature is bad
    /// (itsdangerous' `loads_unsafe`). The value is attacker-controlled
    /// unless `signature_valid` is true; use it only for debugging or
    /// forensics. Limits still apply.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] when the token exceeds the configured length, and
    /// [`Error::BadPayload`] when the signature verified but the payload does
    /// not load into `T` (itsdangerous' `loads_unsafe` raises there too).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{SignerConfig, UntimedSerializer};
    /// let s = UntimedSerializer::new("secret-key", &SignerConfig::serializer())?;
    /// let token = s.dumps("alice")?;
    /// assert!(s.dangerous_loads_unverified::<String>(&token)?.signature_valid);
    /// // A token signed with another key still shows its payload, flagged as not valid.
    /// let other = UntimedSerializer::new("other-key", &SignerConfig::serializer())?;
    /// let seen = other.dangerous_loads_unverified::<String>(&token)?;
    /// assert!(!seen.signature_valid);
    /// assert_eq!(seen.value.as_deref(), Some("alice"));
    /// // Without a separator there is no payload to show.
    /// assert_eq!(s.dangerous_loads_unverified::<String>("ImFsaWNlIg")?.value, None);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn dangerous_loads_unverified<T: DeserializeOwned>(
        &self,
        token: &str,
    ) -> Result<Unverified<T>, Error> {
        let verified = self.loads::<T>(token).map(|v| v.value);
        self.signers.unverified(verified, || {
            // itsdangerous' `BadSignature.payload`: all that comes before the
            // signature, nothing without a separator.
            let sep = self.signers.primary().sep();
            crate::signer::rsplit_once(token.as_bytes(), sep).map(|(payload, _)| payload)
        })
    }
}

impl fmt::Debug for UntimedSerializer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.signers.fmt_as("UntimedSerializer", f)
    }
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<UntimedSerializer>();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Digest, KeyDerivation, LimitKind, Limits, PayloadError, SignatureError};

    /// With a fallback signer, a refused token gets the primary signer's
    /// error, not the last fallback's (as itsdangerous raises).
    #[test]
    fn fallback_signers_do_not_hide_the_reason() {
        let config =
            SignerConfig::serializer().with_fallback_signer(Digest::Sha256, KeyDerivation::Hmac);
        let ours = UntimedSerializer::new("key", &config).unwrap();
        let theirs = UntimedSerializer::new("other key", &config).unwrap();
        // A SHA-1 token under another key: the primary's mismatch, not the
        // SHA-256 fallback's complaint about the signature's length.
        let forged = theirs.dumps(&1).unwrap();
        assert_eq!(
            ours.loads::<i32>(&forged),
            Err(Error::BadSignature(SignatureError::Mismatch))
        );
        // A token of the fallback's kind verifies, and says so.
        let old = UntimedSerializer::new(
            "key",
            &SignerConfig::serializer()
                .with_digest(Digest::Sha256)
                .with_key_derivation(KeyDerivation::Hmac),
        )
        .unwrap();
        let back = ours.loads::<i32>(&old.dumps(&7).unwrap()).unwrap();
        assert_eq!((back.value, back.fallback_signer), (7, Some(0)));
        // A payload that fails after any signer verified is final.
        let token = old.dumps("seven").unwrap();
        assert_eq!(
            ours.loads::<i32>(&token),
            Err(Error::BadPayload(PayloadError::WrongType {
                found: "a string",
                field: None
            }))
        );
    }

    #[test]
    fn timed_and_untimed_tokens_do_not_cross() {
        let config = SignerConfig::serializer();
        let untimed = UntimedSerializer::new("key", &config).unwrap();
        let timed = crate::Serializer::new("key", &config).unwrap();
        let t = timed.dumps_at(&[1, 2], 1_700_000_000).unwrap();
        assert!(matches!(
            untimed.loads::<Vec<i32>>(&t),
            Err(Error::BadPayload(_))
        ));
        // A compressed one is refused in strict mode only: Python's base64
        // skips the '.' before the timestamp (when the lengths line up; not
        // for most), and zlib the bytes after the stream (this token loads
        // in URLSafeSerializer, as tests/vectors'
        // untimed/fail/timed_token_compressed).
        let big = timed.dumps_at(&"a".repeat(100), 1_700_000_000).unwrap();
        assert!(big.starts_with('.'));
        assert_eq!(
            untimed.loads::<String>(&big),
            Err(Error::BadPayload(PayloadError::Base64))
        );
        let lenient = UntimedSerializer::new("key", &config.clone().with_lenient_base64()).unwrap();
        assert_eq!(
            lenient.loads::<String>(&big).unwrap().value,
            "a".repeat(100)
        );
        let u = untimed.dumps(&[1, 2]).unwrap();
        assert_eq!(
            timed.loads_at::<Vec<i32>>(&u, None, 1_700_000_000),
            Err(Error::MissingTimestamp)
        );
        // With their own salts they do not even verify.
        let other = UntimedSerializer::new("key", &config.with_salt("unsubscribe")).unwrap();
        assert_eq!(
            other.loads::<Vec<i32>>(&t),
            Err(Error::BadSignature(SignatureError::Mismatch))
        );
    }

    #[test]
    fn limits_apply_both_ways() {
        let limits = Limits::new().with_max_token_len(40).with_max_depth(2);
        let s =
            UntimedSerializer::new("key", &SignerConfig::serializer().with_limits(limits)).unwrap();
        // Printable ASCII in a row: zlib cannot shorten it.
        let text: String = ('!'..='~').take(40).collect();
        assert_eq!(
            s.dumps(&text),
            Err(Error::TooLarge {
                kind: LimitKind::Token,
                limit: 40
            })
        );
        assert_eq!(
            s.dumps(&[[[1]]]),
            Err(Error::BadPayload(PayloadError::TooDeep))
        );
        let roomy = UntimedSerializer::new("key", &SignerConfig::serializer()).unwrap();
        let long = roomy.dumps(&text).unwrap();
        assert!(matches!(
            s.loads::<String>(&long),
            Err(Error::TooLarge { .. })
        ));
        assert!(matches!(
            s.dangerous_loads_unverified::<String>(&long),
            Err(Error::TooLarge { .. })
        ));
        let deep = roomy.dumps(&[[[1]]]).unwrap();
        assert_eq!(
            s.loads::<serde_json::Value>(&deep),
            Err(Error::BadPayload(PayloadError::TooDeep))
        );
    }

    #[test]
    fn byte_separators_are_refused() {
        let config = SignerConfig::serializer().with_separator([0xff]);
        assert!(matches!(
            UntimedSerializer::new("key", &config),
            Err(Error::InvalidConfig(_))
        ));
        let tilde = SignerConfig::serializer().with_separator("~");
        let s = UntimedSerializer::new("key", &tilde).unwrap();
        let token = s.dumps("a.b").unwrap();
        assert_eq!(token.matches('~').count(), 1);
        assert_eq!(s.loads::<String>(&token).unwrap().value, "a.b");
    }
}
