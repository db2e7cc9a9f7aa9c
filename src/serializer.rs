//! itsdangerous' `URLSafeTimedSerializer` over any serde type.

use core::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::{Limits, SignerConfig};
use crate::error::{Error, PayloadError};
use crate::key::Keys;
use crate::payload;
use crate::signer::Signer;
use crate::timestamp::{unix_now, Timed, TimestampSigner};

/// Signs serde values as compact JSON, zlib-compressed when that is shorter,
/// base64url-encoded and timestamped: itsdangerous' `URLSafeTimedSerializer`.
///
/// The JSON matches Python's compact JSON (`separators=(",", ":")`, non-ASCII
/// written raw, control characters escaped, Python's float repr), so tokens
/// are byte-identical to itsdangerous' whenever the payload is not
/// compressed, and in practice when it is (same zlib, same level).
///
/// Reading goes through `serde_json`, which is stricter than Python's
/// `json.loads`: `NaN`/`Infinity`, lone surrogate escapes, numbers outside
/// `f64` range are [`Error::BadPayload`] here (Python writes `NaN` where
/// serde_json writes `null`). The Flask [`SessionCodec`](crate::SessionCodec)
/// reads all of them through its Python-exact JSON reader.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Serializer, SignerConfig};
/// use std::collections::BTreeMap;
///
/// let s = Serializer::new("secret-key", &SignerConfig::serializer())?;
/// let mut obj = BTreeMap::new();
/// obj.insert("user", "alice");
/// let token = s.dumps_at(&obj, 1_700_000_000)?;
/// // URLSafeTimedSerializer("secret-key").dumps({"user": "alice"}) at that time:
/// assert_eq!(token, "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.qpbXpi-iyIjj2rTmgTMaB3pH1yE");
///
/// let back = s.loads_at::<BTreeMap<String, String>>(&token, Some(3600), 1_700_000_060)?;
/// assert_eq!(back.value["user"], "alice");
/// assert_eq!(back.signed_at, 1_700_000_000);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Clone)]
pub struct Serializer {
    primary: TimestampSigner,
    fallbacks: Vec<TimestampSigner>,
    limits: Limits,
    mode: crate::base64::Mode,
}

/// What [`Serializer::dangerous_loads_unverified`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unverified<T> {
    /// True when the signature (and expiry, if checked) held.
    pub signature_valid: bool,
    /// The payload, if it could be loaded at all.
    pub value: Option<T>,
}

impl Serializer {
    /// Builds a serializer (and its fallback signers), deriving keys once.
    ///
    /// # Errors
    ///
    /// As [`Signer::new`].
    pub fn new(keys: impl Into<Keys>, config: &SignerConfig) -> Result<Self, Error> {
        let keys = keys.into();
        let primary = TimestampSigner::new(keys.clone(), config)?;
        let fallbacks = config
            .fallbacks
            .iter()
            .map(|&(digest, derivation)| {
                let s = Signer::with_algorithm(&keys, config, digest, derivation)?;
                Ok(TimestampSigner::from_signer(s, config.legacy_epoch))
            })
            .collect::<Result<_, Error>>()?;
        Ok(Self {
            primary,
            fallbacks,
            limits: config.limits,
            mode: config.base64_mode(),
        })
    }

    fn primary(&self) -> &TimestampSigner {
        &self.primary
    }

    /// Signs already-serialized JSON bytes at `now`.
    pub(crate) fn dumps_json_at(&self, json: &[u8], now: u64) -> Result<String, Error> {
        let mut out = String::with_capacity(json.len() / 2 + json.len() + 64);
        payload::encode_into(json, &mut out);
        self.primary().seal_at(&mut out, now)?;
        Ok(out)
    }

    /// Serializes `obj` and signs it as made at `now` (Unix seconds).
    ///
    /// # Errors
    ///
    /// [`Error::BadPayload`] when `obj` cannot be serialized to JSON (for
    /// example a map with non-string keys).
    pub fn dumps_at<T: Serialize + ?Sized>(&self, obj: &T, now: u64) -> Result<String, Error> {
        let json = to_compact_json(obj)?;
        self.dumps_json_at(&json, now)
    }

    /// [`Serializer::dumps_at`] at the system clock's current time.
    ///
    /// # Errors
    ///
    /// As [`Serializer::dumps_at`].
    pub fn dumps<T: Serialize + ?Sized>(&self, obj: &T) -> Result<String, Error> {
        self.dumps_at(obj, unix_now())
    }

    /// Verifies the token with the primary signer, then each fallback signer,
    /// and returns the verified JSON bytes (decompressed).
    ///
    /// As in itsdangerous, expiry is final (fallbacks are not tried after
    /// [`Error::Expired`]) and a payload that fails to load after its
    /// signature verified is [`Error::BadPayload`].
    pub(crate) fn loads_json_at<R>(
        &self,
        token: &str,
        max_age: Option<u64>,
        now: u64,
        f: impl FnOnce(&[u8]) -> Result<R, Error>,
    ) -> Result<Timed<R>, Error> {
        let mut last = Error::BadSignature(crate::SignatureError::Mismatch);
        let mut verified = None;
        for signer in core::iter::once(&self.primary).chain(&self.fallbacks) {
            match signer.unsign_at(token.as_bytes(), max_age, now) {
                Ok(t) => {
                    verified = Some(t);
                    break;
                }
                Err(e @ (Error::Expired { .. } | Error::TooLarge { .. })) => return Err(e),
                Err(e) => last = e,
            }
        }
        let t = verified.ok_or(last)?;
        let value = payload::decode_with(t.value, self.mode, &self.limits, f)??;
        Ok(Timed {
            value,
            signed_at: t.signed_at,
            key: t.key,
        })
    }

    /// Verifies `token` at `now` (checking `max_age` when given) and
    /// deserializes its payload.
    ///
    /// # Errors
    ///
    /// Any signature or time error of [`TimestampSigner::unsign_at`], or
    /// [`Error::BadPayload`] when the verified payload cannot be decoded into
    /// `T`.
    pub fn loads_at<T: DeserializeOwned>(
        &self,
        token: &str,
        max_age: Option<u64>,
        now: u64,
    ) -> Result<Timed<T>, Error> {
        self.loads_json_at(token, max_age, now, |json| {
            serde_json::from_slice(json).map_err(|e| {
                Error::BadPayload(if e.is_data() {
                    PayloadError::Deserialize
                } else {
                    PayloadError::Json
                })
            })
        })
    }

    /// [`Serializer::loads_at`] at the system clock's current time.
    ///
    /// # Errors
    ///
    /// As [`Serializer::loads_at`].
    pub fn loads<T: DeserializeOwned>(
        &self,
        token: &str,
        max_age: Option<u64>,
    ) -> Result<Timed<T>, Error> {
        self.loads_at(token, max_age, unix_now())
    }

    /// **Dangerous**: loads the payload even when the signature is bad or the
    /// token expired (itsdangerous' `loads_unsafe`). The value is
    /// attacker-controlled unless `signature_valid` is true; use it only for
    /// debugging or forensics. Limits still apply.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] when the token exceeds the configured length, and
    /// [`Error::BadPayload`] when the signature verified but the payload does
    /// not load into `T` (itsdangerous' `loads_unsafe` raises there too).
    pub fn dangerous_loads_unverified<T: DeserializeOwned>(
        &self,
        token: &str,
        max_age: Option<u64>,
        now: u64,
    ) -> Result<Unverified<T>, Error> {
        match self.loads_at::<T>(token, max_age, now) {
            Ok(t) => Ok(Unverified {
                signature_valid: true,
                value: Some(t.value),
            }),
            Err(e @ Error::TooLarge { .. }) => Err(e),
            // As `loads_unsafe`: a payload that fails to load after its
            // signature verified is an error, not an unverified value.
            Err(e @ Error::BadPayload(_)) => Err(e),
            Err(_) => {
                let sep = self.primary().signer().sep();
                // The payload is everything before the last two separators.
                let value = crate::signer::rsplit_once(token.as_bytes(), sep)
                    .and_then(|(rest, _)| crate::signer::rsplit_once(rest, sep))
                    .and_then(|(p, _)| payload::decode(p, self.mode, &self.limits).ok())
                    .and_then(|json| serde_json::from_slice(&json).ok());
                Ok(Unverified {
                    signature_valid: false,
                    value,
                })
            }
        }
    }
}

/// serde_json's compact output with Python's float repr (`1e+16`, `1e-05`).
struct PyFloatFormatter;

impl serde_json::ser::Formatter for PyFloatFormatter {
    fn write_f64<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        value: f64,
    ) -> std::io::Result<()> {
        let mut buf = Vec::with_capacity(24);
        crate::json::write_py_float(value, &mut buf);
        w.write_all(&buf)
    }

    fn write_f32<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        value: f32,
    ) -> std::io::Result<()> {
        self.write_f64(w, f64::from(value))
    }
}

/// Python's `_CompactJSON.dumps`: `separators=(",", ":")`, `ensure_ascii=False`
/// (serde_json escapes exactly the characters Python does there), insertion
/// order, Python's float repr.
fn to_compact_json<T: Serialize + ?Sized>(obj: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PyFloatFormatter);
    obj.serialize(&mut ser)
        .map_err(|_| Error::BadPayload(PayloadError::Serialize))?;
    Ok(out)
}

impl fmt::Debug for Serializer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Serializer")
            .field("primary", &self.primary)
            .field("fallbacks", &self.fallbacks)
            .field("limits", &self.limits)
            .finish()
    }
}
