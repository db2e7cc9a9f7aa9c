//! itsdangerous' `Signer`: `value + sep + base64url(HMAC(derived_key, value))`.

use core::fmt;

use crate::base64::{self, Mode};
use crate::config::SignerConfig;
use crate::error::{Error, LimitKind, SignatureError};
use crate::key::{KeyMatch, Keys};
use crate::mac::{MacKey, MAX_MAC_LEN};

/// Signs values and verifies them, itsdangerous-compatible.
///
/// Keys are derived and HMAC states keyed once, in [`Signer::new`]; signing
/// and verifying never re-derive. Signatures are compared in constant time,
/// as raw MAC bytes.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Signer, SignerConfig};
/// let signer = Signer::new("secret-key", &SignerConfig::new())?;
/// // itsdangerous: Signer("secret-key").sign("my string")
/// assert_eq!(signer.sign_str("my string")?, "my string.wh6tMHxLgJqB6oY1uT73iMlyrOA");
/// assert_eq!(signer.unsign_str("my string.wh6tMHxLgJqB6oY1uT73iMlyrOA")?.0, "my string");
/// assert!(signer.unsign_str("my string.wh6tMHxLgJqB6oY1uT73iMlyrOB").is_err());
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Clone)]
pub struct Signer {
    /// In verification order; the first one signs.
    macs: Vec<(MacKey, KeyMatch)>,
    sep: Box<[u8]>,
    mode: Mode,
    max_token_len: usize,
}

/// A failed `unsign`: why, and the unverified value before the last separator
/// (itsdangerous' `BadSignature.payload`), if there was a separator.
pub(crate) type Unsigned<'a> = (SignatureError, Option<&'a [u8]>);

/// itsdangerous' `_base64_alphabet`, used for its separator check.
const BASE64_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=";

pub(crate) fn rsplit_once<'a>(data: &'a [u8], sep: &[u8]) -> Option<(&'a [u8], &'a [u8])> {
    if sep.is_empty() || data.len() < sep.len() {
        return None;
    }
    // Scan for the separator's last byte, then compare the rest: a slice
    // comparison per position costs a `memcmp` call each (19% of verifying a
    // small cookie before this).
    let (&last, head) = sep.split_last()?;
    let mut end = data.len();
    while let Some(i) = data.get(..end)?.iter().rposition(|&b| b == last) {
        let start = (i + 1).checked_sub(sep.len());
        if let Some(start) = start {
            if data.get(start..i) == Some(head) {
                return Some((data.get(..start)?, data.get(i + 1..)?));
            }
        }
        end = i;
    }
    None
}

impl Signer {
    /// Builds a signer from keys and a configuration, deriving every key once.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when the separator is empty or could occur in
    /// a base64url signature (itsdangerous raises `ValueError` there too).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, Signer, SignerConfig};
    /// let signer = Signer::new("secret-key", &SignerConfig::new().with_salt("activate"))?;
    /// assert!(signer.validate(&signer.sign(b"user-42")));
    /// // '_' can occur in base64url, so it cannot separate the signature.
    /// let bad = SignerConfig::new().with_separator("_");
    /// assert!(matches!(Signer::new("secret-key", &bad), Err(Error::InvalidConfig(_))));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn new(keys: impl Into<Keys>, config: &SignerConfig) -> Result<Self, Error> {
        Self::with_algorithm(&keys.into(), config, config.digest, config.derivation)
    }

    pub(crate) fn with_algorithm(
        keys: &Keys,
        config: &SignerConfig,
        digest: crate::Digest,
        derivation: crate::KeyDerivation,
    ) -> Result<Self, Error> {
        let sep: &[u8] = &config.sep;
        // itsdangerous: `if self.sep in _base64_alphabet` (a substring test), plus
        // we refuse a separator containing any alphabet byte at all, which
        // would make splitting ambiguous.
        if sep.is_empty() || sep.iter().any(|b| BASE64_ALPHABET.contains(b)) {
            return Err(Error::InvalidConfig(
                "separator must not be empty or contain ascii letters, digits or '-_='",
            ));
        }
        let macs = keys
            .in_verification_order()
            .map(|(key, which)| {
                let mac = if config.unsigned {
                    MacKey::Unsigned
                } else {
                    MacKey::new(digest, derivation, &config.salt, key)
                };
                (mac, which)
            })
            .collect();
        Ok(Self {
            macs,
            sep: sep.into(),
            mode: config.base64_mode(),
            max_token_len: config.limits.max_token_len(),
        })
    }

    pub(crate) fn sep(&self) -> &[u8] {
        &self.sep
    }

    pub(crate) fn max_token_len(&self) -> usize {
        self.max_token_len
    }

    fn signing_mac(&self) -> &MacKey {
        // `macs` always has the current key first (Keys cannot be empty).
        match self.macs.first() {
            Some((m, _)) => m,
            None => &MacKey::Unsigned,
        }
    }

    /// Raw signature length in bytes (20 for SHA-1).
    fn mac_len(&self) -> usize {
        self.signing_mac().output_len()
    }

    /// Appends `sep + sig` to `out`, which holds the whole signed message.
    pub(crate) fn seal(&self, out: &mut String) {
        let mac = self.signing_mac().sign(out.as_bytes());
        self.push_signature(&mac, out);
    }

    fn push_signature(&self, mac: &crate::mac::MacOutput, out: &mut String) {
        // Tokens built here are strings, so a non-UTF-8 separator is written
        // lossily; use `sign` for byte separators.
        out.push_str(&String::from_utf8_lossy(&self.sep));
        base64::encode_into(mac.as_bytes(), out);
    }

    pub(crate) const fn mode(&self) -> Mode {
        self.mode
    }

    /// Signs `value`: `value + sep + base64url(mac)`. No [`Limits`](crate::Limits)
    /// apply (they bound what the readers accept): a token longer than
    /// [`Limits::max_token_len`](crate::Limits::max_token_len) is written,
    /// and refused by [`Signer::unsign`] under the same limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Signer, SignerConfig};
    /// let s = Signer::new("k", &SignerConfig::new().with_separator("~"))?;
    /// assert_eq!(s.sign(b"v"), b"v~2JukJbdKiJ0MywoHcbEm2OQg0dM");
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn sign(&self, value: &[u8]) -> Vec<u8> {
        let mac = self.signing_mac().sign(value);
        let mut buf = [0u8; base64::encoded_len(MAX_MAC_LEN)];
        let sig = base64::encode_to_slice(mac.as_bytes(), &mut buf);
        let mut out = Vec::with_capacity(value.len() + self.sep.len() + sig.len());
        out.extend_from_slice(value);
        out.extend_from_slice(&self.sep);
        out.extend_from_slice(sig.as_bytes());
        out
    }

    /// Signs a string value.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when the separator is not UTF-8 (configured
    /// as raw bytes): no string can hold the token; use [`Signer::sign`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, Signer, SignerConfig};
    /// let signer = Signer::new("secret-key", &SignerConfig::new())?;
    /// let token = signer.sign_str("user-42")?;
    /// assert!(token.starts_with("user-42.")); // the value stays readable
    /// assert_eq!(token.as_bytes(), signer.sign(b"user-42"));
    /// let bytes_sep = Signer::new("secret-key", &SignerConfig::new().with_separator([0xff]))?;
    /// assert!(matches!(bytes_sep.sign_str("user-42"), Err(Error::InvalidConfig(_))));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn sign_str(&self, value: &str) -> Result<String, Error> {
        let sep = core::str::from_utf8(&self.sep)
            .map_err(|_| Error::InvalidConfig("a byte separator needs Signer::sign"))?;
        let mac = self.signing_mac().sign(value.as_bytes());
        let mut out = String::with_capacity(value.len() + sep.len() + 88);
        out.push_str(value);
        out.push_str(sep);
        base64::encode_into(mac.as_bytes(), &mut out);
        Ok(out)
    }

    /// Checks `sig` (base64url text) against the MAC of `message` under each
    /// key in turn.
    pub(crate) fn verify_message(
        &self,
        message: &[u8],
        sig: &[u8],
    ) -> Result<KeyMatch, SignatureError> {
        let mut raw = [0u8; MAX_MAC_LEN];
        let n = match self.mode {
            // Strict: exactly the canonical length, decoded without allocation.
            Mode::Strict if sig.len() != base64::encoded_len(self.mac_len()) => {
                return Err(SignatureError::MalformedSignature)
            }
            mode => base64::decode_to_slice(sig, mode, &mut raw)
                .map_err(|()| SignatureError::MalformedSignature)?,
        };
        let raw = raw.get(..n).ok_or(SignatureError::MalformedSignature)?;
        self.macs
            .iter()
            .find(|(mac, _)| mac.verify(message, raw))
            .map(|(_, which)| *which)
            .ok_or(SignatureError::Mismatch)
    }

    /// Splits at the last separator and verifies; on a bad signature returns
    /// the unverified value too (itsdangerous' `BadSignature.payload`).
    pub(crate) fn unsign_parts<'a>(
        &self,
        token: &'a [u8],
    ) -> Result<(&'a [u8], KeyMatch), Unsigned<'a>> {
        let Some((value, sig)) = rsplit_once(token, &self.sep) else {
            return Err((SignatureError::MissingSeparator, None));
        };
        self.verify_message(value, sig)
            .map(|k| (value, k))
            .map_err(|e| (e, Some(value)))
    }

    /// Verifies a signed value and returns it with the key that matched.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] when the token exceeds the configured length, or
    /// [`Error::BadSignature`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, KeyMatch, LimitKind, Limits, Signer, SignerConfig};
    /// let config = SignerConfig::new().with_limits(Limits::new().with_max_token_len(64));
    /// let signer = Signer::new("secret-key", &config)?;
    /// let token = signer.sign(&[0xde, 0xad]); // any bytes
    /// assert_eq!(signer.unsign(&token)?, (&[0xde, 0xad][..], KeyMatch::Current));
    /// // Signing applies no limit; reading does.
    /// let long = signer.sign(&[b'x'; 64]);
    /// assert_eq!(signer.unsign(&long), Err(Error::TooLarge { kind: LimitKind::Token, limit: 64 }));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn unsign<'a>(&self, token: &'a [u8]) -> Result<(&'a [u8], KeyMatch), Error> {
        if token.len() > self.max_token_len {
            return Err(Error::TooLarge {
                kind: LimitKind::Token,
                limit: self.max_token_len,
            });
        }
        self.unsign_parts(token)
            .map_err(|(e, _)| Error::BadSignature(e))
    }

    /// [`Signer::unsign`] for string tokens.
    ///
    /// # Errors
    ///
    /// As [`Signer::unsign`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, SignatureError, Signer, SignerConfig};
    /// let signup = Signer::new("secret-key", &SignerConfig::new().with_salt("signup"))?;
    /// let token = signup.sign_str("user-42")?;
    /// assert_eq!(signup.unsign_str(&token)?.0, "user-42");
    /// // Same key, another salt: the token does not carry over.
    /// let reset = Signer::new("secret-key", &SignerConfig::new().with_salt("reset"))?;
    /// assert_eq!(reset.unsign_str(&token), Err(Error::BadSignature(SignatureError::Mismatch)));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn unsign_str<'a>(&self, token: &'a str) -> Result<(&'a str, KeyMatch), Error> {
        let (value, key) = self.unsign(token.as_bytes())?;
        let value = token
            .get(..value.len())
            .ok_or(Error::BadSignature(SignatureError::MissingSeparator))?;
        Ok((value, key))
    }

    /// True when the token verifies (itsdangerous' `validate`).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Signer, SignerConfig};
    /// let signer = Signer::new("secret-key", &SignerConfig::new())?;
    /// let token = signer.sign(b"user-42");
    /// assert!(signer.validate(&token));
    /// let mut tampered = token.clone();
    /// tampered[0] = b'U';
    /// assert!(!signer.validate(&tampered));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn validate(&self, token: &[u8]) -> bool {
        self.unsign(token).is_ok()
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("keys", &self.macs.len())
            .field("sep", &String::from_utf8_lossy(&self.sep))
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Digest, KeyDerivation};

    #[test]
    fn spec_literals() {
        let cases = [
            (KeyDerivation::Concat, "value.BWFI7CwV-UtaizSlDrdXTgFEycw"),
            (
                KeyDerivation::DjangoConcat,
                "value.RI9crmxKpuX1wTw2mg_FHFGXRic",
            ),
            (KeyDerivation::Hmac, "value.amDFTaW4_4Q4S4WgCg8gPnw99dU"),
            (KeyDerivation::None, "value.KR0bPVhdBT1d8GpHRrZeO1VF_ew"),
        ];
        for (d, want) in cases {
            let s = Signer::new("secret-key", &SignerConfig::new().with_key_derivation(d)).unwrap();
            assert_eq!(s.sign_str("value").unwrap(), want);
        }
        let s = Signer::new(
            "secret-key",
            &SignerConfig::new().with_digest(Digest::Sha256),
        )
        .unwrap();
        assert_eq!(
            s.sign_str("value").unwrap(),
            "value.ajl-3HWEYMXc5RYUTV4APYjk3dezhO-G1t8ZyKKyjl0"
        );
        let s = Signer::new(
            "secret-key",
            &SignerConfig::new().dangerous_with_no_signature(),
        )
        .unwrap();
        assert_eq!(s.sign_str("value").unwrap(), "value.");
        assert!(s.validate(b"value."));
    }

    #[test]
    fn strict_rejects_python_malleability_lenient_accepts() {
        let good = "my string.wh6tMHxLgJqB6oY1uT73iMlyrOA";
        let strict = Signer::new("secret-key", &SignerConfig::new()).unwrap();
        let lenient =
            Signer::new("secret-key", &SignerConfig::new().with_lenient_base64()).unwrap();
        assert!(strict.validate(good.as_bytes()));
        // Spec 2.8: Python accepts these.
        for t in [
            "my string.wh6t!!MHxLgJqB6oY1uT73iMlyrOA",
            "my string.wh6tMHxLgJqB6oY1uT73iMlyrOA====",
            "my string.wh6tMHxLgJqB6oY1uT73iMlyrOA=",
            "my string.wh6tMHxLgJqB6oY1uT73iMlyrOB",
        ] {
            assert!(!strict.validate(t.as_bytes()), "{t}");
            assert!(lenient.validate(t.as_bytes()), "{t}");
        }
        // ... and rejects these.
        for t in [
            "my string.wh6tMHxLgJqB6oY1uT73iMlyrOA!",
            "my string.wh6tMHxLgJqB6oY1uT73iMlyrOE",
        ] {
            assert!(!lenient.validate(t.as_bytes()), "{t}");
        }
    }

    #[test]
    fn separator_check() {
        for bad in ["", "a", "Z0", "=", "-", ".a"] {
            assert!(
                Signer::new("k", &SignerConfig::new().with_separator(bad)).is_err(),
                "{bad}"
            );
        }
        for ok in ["~", "|", "..", "::"] {
            assert!(
                Signer::new("k", &SignerConfig::new().with_separator(ok)).is_ok(),
                "{ok}"
            );
        }
    }

    #[test]
    fn rsplit() {
        assert_eq!(rsplit_once(b"a.b.c", b"."), Some((&b"a.b"[..], &b"c"[..])));
        assert_eq!(rsplit_once(b"abc", b"."), None);
        assert_eq!(rsplit_once(b"a::b", b"::"), Some((&b"a"[..], &b"b"[..])));
        assert_eq!(rsplit_once(b".", b"."), Some((&b""[..], &b""[..])));
        assert_eq!(rsplit_once(b"a:::b", b"::"), Some((&b"a:"[..], &b"b"[..])));
        // Python's rsplit(sep, 1) is the rightmost occurrence; check against
        // the obvious windows() search on every short string over a tiny
        // alphabet, overlapping separators included.
        let naive = |d: &'static [u8], sep: &[u8]| {
            let pos = d.windows(sep.len()).rposition(|w| w == sep)?;
            Some((&d[..pos], &d[pos + sep.len()..]))
        };
        for n in 0..=7u32 {
            for code in 0..3usize.pow(n) {
                let mut c = code;
                let d: Vec<u8> = (0..n)
                    .map(|_| {
                        let b = b"ab:"[c % 3];
                        c /= 3;
                        b
                    })
                    .collect();
                let d: &'static [u8] = Box::leak(d.into_boxed_slice());
                for sep in [&b":"[..], b"::", b"a:", b":a:", b"aba"] {
                    assert_eq!(rsplit_once(d, sep), naive(d, sep), "{d:?} {sep:?}");
                }
            }
        }
    }
}
