//! itsdangerous' `TimestampSigner`: `value.ts.sig`, the MAC covering `value.ts`.

use core::fmt;

use crate::base64;
use crate::config::{SignerConfig, LEGACY_EPOCH};
#[cfg(test)]
use crate::error::SignatureError;
use crate::error::{Error, LimitKind, PayloadError};
use crate::key::{KeyMatch, Keys};
use crate::signer::{rsplit_once, Signer};

/// The last second Python's `datetime` can represent: 9999-12-31 23:59:59 UTC.
pub const MAX_TIMESTAMP: u64 = 253_402_300_799;

/// A value whose signature and timestamp verified.
///
/// # Examples
///
/// ```
/// use flask_cookie::{KeyMatch, SignerConfig, Timed, TimestampSigner};
/// let signer = TimestampSigner::new("secret-key", &SignerConfig::new())?;
/// let token = signer.sign_at(b"user-42", 1_700_000_000)?;
/// let Timed { value, signed_at, key, .. } = signer.unsign_at(token.as_bytes(), None, 1_700_000_000)?;
/// assert_eq!(value, b"user-42");
/// assert_eq!(signed_at, 1_700_000_000);
/// assert_eq!(key, KeyMatch::Current);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timed<T> {
    /// The verified value.
    pub value: T,
    /// When it was signed, in Unix seconds.
    pub signed_at: u64,
    /// Which key verified it.
    pub key: KeyMatch,
    /// Which of a [`Serializer`](crate::Serializer)'s fallback signers
    /// verified it, by its index in the order of
    /// [`SignerConfig::with_fallback_signer`](crate::SignerConfig::with_fallback_signer);
    /// `None` for the primary signer (and always from a bare
    /// [`TimestampSigner`]).
    pub fallback_signer: Option<usize>,
}

/// Minimal big-endian bytes of `n` (itsdangerous' `int_to_bytes`),
/// base64url-encoded into `buf` (at most 11 characters); no allocation.
pub(crate) fn encode_timestamp(n: u64, buf: &mut [u8; 11]) -> &str {
    let be = n.to_be_bytes();
    let skip = be.iter().take_while(|b| **b == 0).count();
    base64::encode_to_slice(be.get(skip..).unwrap_or_default(), buf)
}

/// Signs and verifies values with a timestamp inside the MAC.
///
/// The core never reads the clock: pass `now` (Unix seconds). The
/// [`TimestampSigner::sign`] and [`TimestampSigner::unsign`] conveniences read
/// [`std::time::SystemTime`].
///
/// Expiry follows itsdangerous exactly: with `max_age`, a token is valid when
/// `0 <= now - signed_at <= max_age`. `age == max_age` is still valid; a
/// token from the future (`age < 0`) is expired.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Error, SignerConfig, TimestampSigner};
/// let signer = TimestampSigner::new("secret-key", &SignerConfig::new())?;
/// let token = signer.sign_at(b"value", 1_700_000_000)?;
/// assert_eq!(token, "value.ZVPxAA.P9Grfsn5n1eHqbiYrPP0fn7INiw"); // itsdangerous' bytes
///
/// let ok = signer.unsign_at(token.as_bytes(), Some(10), 1_700_000_010)?;
/// assert_eq!((ok.value, ok.signed_at), (&b"value"[..], 1_700_000_000));
/// assert!(matches!(
///     signer.unsign_at(token.as_bytes(), Some(9), 1_700_000_010),
///     Err(Error::Expired { age: 10, max_age: 9, .. })
/// ));
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Clone)]
pub struct TimestampSigner {
    signer: Signer,
    legacy: bool,
}

impl TimestampSigner {
    /// Builds a timestamp signer, deriving every key once.
    ///
    /// # Errors
    ///
    /// As [`Signer::new`], and [`Error::InvalidConfig`] for a separator that
    /// is not UTF-8 (timestamped tokens are strings).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, SignerConfig, TimestampSigner};
    /// let signer = TimestampSigner::new("secret-key", &SignerConfig::new().with_separator("~"))?;
    /// let token = signer.sign_at(b"user-42", 1_700_000_000)?;
    /// assert_eq!(token.split('~').count(), 3); // value~timestamp~signature
    /// let bytes_sep = SignerConfig::new().with_separator([0xff]);
    /// assert!(matches!(TimestampSigner::new("secret-key", &bytes_sep), Err(Error::InvalidConfig(_))));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn new(keys: impl Into<Keys>, config: &SignerConfig) -> Result<Self, Error> {
        // Timestamped tokens are text: a separator that is not UTF-8 cannot be
        // written into one (it came out as U+FFFD and never verified).
        config.require_utf8_separator("the separator of a timestamped token must be utf-8")?;
        Ok(Self {
            signer: Signer::new(keys, config)?,
            legacy: config.legacy_epoch,
        })
    }

    pub(crate) const fn from_signer(signer: Signer, legacy: bool) -> Self {
        Self { signer, legacy }
    }

    /// The timestamp a token signed at `now` carries. A time past
    /// [`MAX_TIMESTAMP`] is refused: no reader (ours, or Python's `datetime`)
    /// could read the token back.
    fn wire_timestamp(&self, now: u64) -> Result<u64, Error> {
        if now > MAX_TIMESTAMP {
            return Err(Error::InvalidConfig(
                "a time past 9999-12-31 (MAX_TIMESTAMP) cannot be read back",
            ));
        }
        if self.legacy {
            now.checked_sub(LEGACY_EPOCH).ok_or(Error::InvalidConfig(
                "the legacy epoch cannot express times before 2011",
            ))
        } else {
            Ok(now)
        }
    }

    /// The Unix time a wire timestamp stands for, or `None` past year 9999:
    /// Python's `datetime` cannot hold it, so itsdangerous reports "Malformed
    /// timestamp" (or, on the success path, fails with a `ValueError`, or an
    /// `OSError` or `OverflowError` for the largest).
    fn unix_time(&self, ts: u64) -> Option<u64> {
        unix_time(ts, self.legacy)
    }

    /// Appends `sep + timestamp + sep + signature` to `out`, which holds the
    /// value already; the MAC covers all of it.
    pub(crate) fn seal_at(&self, out: &mut String, now: u64) -> Result<(), Error> {
        let mut buf = [0u8; 11];
        let ts = encode_timestamp(self.wire_timestamp(now)?, &mut buf);
        // `new` refused non-UTF-8 separators, so this never replaces anything.
        out.push_str(&String::from_utf8_lossy(self.signer.sep()));
        out.push_str(ts);
        self.signer.seal(out);
        Ok(())
    }

    /// Signs `value` as made at `now` (Unix seconds).
    ///
    /// # Errors
    ///
    /// [`Error::BadPayload`] with [`PayloadError::Serialize`] when `value` is
    /// not UTF-8 (the token is text; sign bytes with [`Signer::sign`]), and
    /// [`Error::InvalidConfig`] when `now` is past [`MAX_TIMESTAMP`]
    /// (itsdangerous writes such a token, but its own `loads` and Flask fail
    /// on it with a `ValueError`), or when the legacy epoch is on and `now`
    /// is before 2011 (itsdangerous 0.24 failed there too).
    ///
    /// Like every signer, this applies no [`Limits`](crate::Limits): they
    /// bound what the readers accept. A token longer than
    /// [`Limits::max_token_len`](crate::Limits::max_token_len) is written,
    /// and refused by [`TimestampSigner::unsign_at`] under the same limits.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, PayloadError, SignerConfig, TimestampSigner};
    /// let signer = TimestampSigner::new("secret-key", &SignerConfig::new())?;
    /// let token = signer.sign_at(b"user-42", 1_700_000_000)?;
    /// let parts: Vec<&str> = token.split('.').collect(); // value.timestamp.signature
    /// assert_eq!((parts.len(), parts[0]), (3, "user-42"));
    /// assert_eq!(token, signer.sign_at(b"user-42", 1_700_000_000)?); // deterministic
    /// assert_ne!(parts[1], signer.sign_at(b"user-42", 1_700_000_001)?.split('.').nth(1).unwrap());
    /// assert_eq!(signer.sign_at(&[0xff], 1_700_000_000), Err(Error::BadPayload(PayloadError::Serialize)));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn sign_at(&self, value: &[u8], now: u64) -> Result<String, Error> {
        let value =
            core::str::from_utf8(value).map_err(|_| Error::BadPayload(PayloadError::Serialize))?;
        let mut out = String::with_capacity(value.len() + 2 * self.signer.sep().len() + 11 + 88);
        out.push_str(value);
        self.seal_at(&mut out, now)?;
        Ok(out)
    }

    /// [`TimestampSigner::sign_at`] at the system clock's current time.
    ///
    /// # Errors
    ///
    /// As [`TimestampSigner::sign_at`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{unix_now, SignerConfig, TimestampSigner};
    /// let signer = TimestampSigner::new("secret-key", &SignerConfig::new())?;
    /// let before = unix_now();
    /// let token = signer.sign(b"user-42")?;
    /// let ok = signer.unsign(token.as_bytes(), Some(60))?;
    /// assert_eq!(ok.value, b"user-42");
    /// assert!(ok.signed_at >= before && ok.signed_at <= unix_now());
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn sign(&self, value: &[u8]) -> Result<String, Error> {
        self.sign_at(value, unix_now())
    }

    /// Verifies a timestamped token at `now`, checking `max_age` when given.
    ///
    /// Follows itsdangerous' `TimestampSigner.unsign` step for step: a bad
    /// signature with a timestamp is [`Error::BadTimeSignature`] carrying the
    /// claimed time when it is readable (also when it is past year 9999,
    /// where itsdangerous' message is "Malformed timestamp": here
    /// [`Error::MalformedTimestamp`] always means the MAC held); a valid MAC over a value without a
    /// timestamp is [`Error::MissingTimestamp`]; one with an unreadable
    /// timestamp is [`Error::MalformedTimestamp`]. Unlike Python, a huge
    /// timestamp is never an internal error.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`], [`Error::BadSignature`],
    /// [`Error::BadTimeSignature`], [`Error::MissingTimestamp`],
    /// [`Error::MalformedTimestamp`] or [`Error::Expired`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, SignatureError, SignerConfig, TimestampSigner};
    /// let signer = TimestampSigner::new("secret-key", &SignerConfig::new())?;
    /// let token = signer.sign_at(b"user-42", 1_700_000_000)?;
    /// let expired = signer.unsign_at(token.as_bytes(), Some(60), 1_700_000_061);
    /// assert!(matches!(expired, Err(Error::Expired { signed_at: 1_700_000_000, age: 61, max_age: 60 })));
    /// let early = signer.unsign_at(token.as_bytes(), Some(60), 1_699_999_999); // from the future
    /// assert!(matches!(early, Err(Error::Expired { age: -1, .. })));
    /// // A forgery reports the time it claims, unverified.
    /// let forged = token.replacen("user-42", "user-1", 1);
    /// let err = signer.unsign_at(forged.as_bytes(), Some(60), 1_700_000_000).unwrap_err();
    /// assert_eq!(err, Error::BadTimeSignature { reason: SignatureError::Mismatch, signed_at: Some(1_700_000_000) });
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn unsign_at<'a>(
        &self,
        token: &'a [u8],
        max_age: Option<u64>,
        now: u64,
    ) -> Result<Timed<&'a [u8]>, Error> {
        let limit = self.signer.max_token_len();
        if token.len() > limit {
            return Err(Error::TooLarge {
                kind: LimitKind::Token,
                limit,
            });
        }
        let sep = self.signer.sep();
        let (result, sig_error) = match self.signer.unsign_parts(token) {
            Ok((value, key)) => (value, Ok(key)),
            Err((e, value)) => (value.unwrap_or_default(), Err(e)),
        };
        let Some((value, ts)) = rsplit_once(result, sep) else {
            return Err(match sig_error {
                Err(e) => Error::BadSignature(e),
                Ok(_) => Error::MissingTimestamp,
            });
        };
        let ts = self.decode_timestamp(ts);
        let key = match sig_error {
            Ok(key) => key,
            // itsdangerous says "Malformed timestamp" here when the claimed
            // time is past year 9999, but `MalformedTimestamp` means the MAC
            // held (`Error::is_authentic`), so a forged token never gets it.
            Err(reason) => {
                return Err(Error::BadTimeSignature {
                    reason,
                    signed_at: ts.and_then(|t| self.unix_time(t)),
                })
            }
        };
        let signed_at = ts
            .and_then(|t| self.unix_time(t))
            .ok_or(Error::MalformedTimestamp)?;
        if let Some(max_age) = max_age {
            let age = i128::from(now) - i128::from(signed_at);
            if age > i128::from(max_age) || age < 0 {
                return Err(Error::Expired {
                    signed_at,
                    age: i64::try_from(age).unwrap_or(if age < 0 { i64::MIN } else { i64::MAX }),
                    max_age,
                });
            }
        }
        Ok(Timed {
            value,
            signed_at,
            key,
            fallback_signer: None,
        })
    }

    /// [`TimestampSigner::unsign_at`] at the system clock's current time.
    ///
    /// # Errors
    ///
    /// As [`TimestampSigner::unsign_at`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, SignerConfig, TimestampSigner};
    /// let signer = TimestampSigner::new("secret-key", &SignerConfig::new())?;
    /// // Made at 2023-11-14T22:13:20Z, so long expired by the clock:
    /// let token = signer.sign_at(b"user-42", 1_700_000_000)?;
    /// assert!(matches!(signer.unsign(token.as_bytes(), Some(3600)), Err(Error::Expired { .. })));
    /// assert_eq!(signer.unsign(token.as_bytes(), None)?.value, b"user-42"); // no max_age, no expiry
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn unsign<'a>(
        &self,
        token: &'a [u8],
        max_age: Option<u64>,
    ) -> Result<Timed<&'a [u8]>, Error> {
        self.unsign_at(token, max_age, unix_now())
    }

    /// itsdangerous' `bytes_to_int(base64_decode(ts))`: 0 to 8 bytes,
    /// big-endian, leading zeros allowed, empty means 0.
    fn decode_timestamp(&self, ts: &[u8]) -> Option<u64> {
        let mut buf = [0u8; 12];
        let n = base64::decode_to_slice(ts, self.signer_mode(), &mut buf).ok()?;
        let bytes = buf.get(..n)?;
        if bytes.len() > 8 {
            return None;
        }
        Some(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
    }

    fn signer_mode(&self) -> base64::Mode {
        self.signer.mode()
    }

    pub(crate) fn signer(&self) -> &Signer {
        &self.signer
    }
}

impl fmt::Debug for TimestampSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TimestampSigner")
            .field("signer", &self.signer)
            .field("legacy_epoch", &self.legacy)
            .finish()
    }
}

/// Seconds since the Unix epoch by the system clock (0 if it is before 1970).
///
/// # Examples
///
/// ```
/// use flask_cookie::{unix_now, SignerConfig, TimestampSigner};
/// let now = unix_now();
/// assert!(now > 1_700_000_000); // after November 2023
/// // What the clock-reading conveniences pass as `now`:
/// let signer = TimestampSigner::new("secret-key", &SignerConfig::new())?;
/// let token = signer.sign_at(b"user-42", now)?;
/// assert!(signer.unsign(token.as_bytes(), Some(60)).is_ok());
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[must_use]
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The Unix time the wire timestamp `ts` stands for (counted from 2011 with
/// the legacy epoch), or `None` past year 9999, which Python's `datetime`
/// cannot hold.
pub(crate) fn unix_time(ts: u64, legacy_epoch: bool) -> Option<u64> {
    let unix = if legacy_epoch {
        ts.checked_add(LEGACY_EPOCH)?
    } else {
        ts
    };
    (unix <= MAX_TIMESTAMP).then_some(unix)
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<TimestampSigner>();
    is::<Signer>();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_to_bytes_literals() {
        // Spec 1.4.
        let cases: [(u64, &str); 9] = [
            (0, ""),
            (1, "AQ"),
            (255, "_w"),
            (256, "AQA"),
            (1_293_840_000, "TR5ugA"),
            (1_700_000_000, "ZVPxAA"),
            (4_294_967_296, "AQAAAAA"),
            (9_223_372_036_854_775_808, "gAAAAAAAAAA"),
            (u64::MAX, "__________8"),
        ];
        for (n, want) in cases {
            assert_eq!(encode_timestamp(n, &mut [0; 11]), want, "{n}");
        }
    }

    fn signer() -> TimestampSigner {
        TimestampSigner::new("secret-key", &SignerConfig::new()).unwrap()
    }

    #[test]
    fn expiry_boundaries() {
        let s = signer();
        let t = s.sign_at(b"value", 1_700_000_000).unwrap();
        let t = t.as_bytes();
        assert!(s.unsign_at(t, Some(0), 1_700_000_000).is_ok());
        assert!(s.unsign_at(t, Some(10), 1_700_000_010).is_ok());
        assert_eq!(
            s.unsign_at(t, Some(9), 1_700_000_010),
            Err(Error::Expired {
                signed_at: 1_700_000_000,
                age: 10,
                max_age: 9
            })
        );
        assert_eq!(
            s.unsign_at(t, Some(100), 1_699_999_990),
            Err(Error::Expired {
                signed_at: 1_700_000_000,
                age: -10,
                max_age: 100
            })
        );
        assert!(s.unsign_at(t, None, 1_699_999_990).is_ok());
        assert!(s.unsign_at(t, None, 0).is_ok());
    }

    #[test]
    fn error_kinds_follow_itsdangerous() {
        let s = signer();
        let plain = Signer::new("secret-key", &SignerConfig::new()).unwrap();
        assert_eq!(
            s.unsign_at(b"value", None, 0),
            Err(Error::BadSignature(SignatureError::MissingSeparator))
        );
        // Bad signature with no timestamp part: plain BadSignature.
        assert!(matches!(
            s.unsign_at(b"value.AAAA", None, 0),
            Err(Error::BadSignature(_))
        ));
        // Bad signature with a timestamp: BadTimeSignature with the claimed time.
        assert_eq!(
            s.unsign_at(b"value.ZVPxAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA", None, 0),
            Err(Error::BadTimeSignature {
                reason: SignatureError::Mismatch,
                signed_at: Some(1_700_000_000)
            })
        );
        // A plain-signed value has a valid MAC but no timestamp.
        let t = plain.sign(b"value");
        assert_eq!(s.unsign_at(&t, None, 0), Err(Error::MissingTimestamp));
        // Valid MAC over "value.Q": malformed timestamp.
        let t = plain.sign(b"value.Q");
        assert_eq!(s.unsign_at(&t, None, 0), Err(Error::MalformedTimestamp));
        // Empty timestamp is 0.
        let t = plain.sign(b"value.");
        assert_eq!(s.unsign_at(&t, None, 5).unwrap().signed_at, 0);
        // 9-byte timestamp is malformed.
        let t = plain.sign(b"value.AQAAAAAAAAAA");
        assert_eq!(s.unsign_at(&t, None, 0), Err(Error::MalformedTimestamp));
        // Huge timestamp: malformed (Python: OverflowError, a 500 in Flask).
        let t = plain.sign(b"value.__________8");
        assert_eq!(s.unsign_at(&t, Some(5), 1), Err(Error::MalformedTimestamp));
        assert_eq!(s.unsign_at(&t, None, 1), Err(Error::MalformedTimestamp));
        // The last representable second is fine.
        let ts = encode_timestamp(MAX_TIMESTAMP, &mut [0; 11]).to_owned();
        let t = plain.sign(format!("value.{ts}").as_bytes());
        assert_eq!(s.unsign_at(&t, None, 1).unwrap().signed_at, MAX_TIMESTAMP);
    }

    #[test]
    fn legacy_epoch_roundtrip() {
        let s = TimestampSigner::new("k", &SignerConfig::new().with_legacy_epoch()).unwrap();
        let t = s.sign_at(b"v", 1_700_000_000).unwrap();
        assert!(t.contains(encode_timestamp(1_700_000_000 - LEGACY_EPOCH, &mut [0; 11])));
        assert_eq!(
            s.unsign_at(t.as_bytes(), Some(0), 1_700_000_000)
                .unwrap()
                .signed_at,
            1_700_000_000
        );
        assert!(s.sign_at(b"v", 5).is_err());
    }
}
