//! itsdangerous' `URLSafeTimedSerializer` over any serde type.

use core::fmt;

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;

use crate::config::{Limits, SignerConfig};
use crate::error::{Error, LimitKind, PayloadError};
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
/// `f64` range are [`Error::BadPayload`] here. Writing is as strict: a NaN or
/// an infinity anywhere in the value is [`PayloadError::Serialize`], where
/// Python writes `NaN` (not JSON) and serde_json alone would write `null`
/// (losing the value). Integers past 64 bits load exactly into `i128` and
/// `u128`, but into untyped targets (`Value`, `serde_json::Value`) as floats,
/// as serde_json reads them, and a [`Value::BigInt`](crate::Value::BigInt)
/// past 64 bits is refused on write (serde_json would write a string). The
/// Flask [`SessionCodec`](crate::SessionCodec) reads and writes all of them
/// exactly as Flask does, through its Python-exact JSON.
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
#[doc(alias = "URLSafeTimedSerializer")]
#[derive(Clone)]
pub struct Serializer {
    signers: Signers<TimestampSigner>,
}

/// What [`Serializer::dangerous_loads_unverified`] and
/// [`UntimedSerializer::dangerous_loads_unverified`](crate::UntimedSerializer::dangerous_loads_unverified)
/// found.
///
/// # Examples
///
/// ```
/// use flask_cookie::{Serializer, SignerConfig, Unverified};
/// let s = Serializer::new("secret-key", &SignerConfig::serializer())?;
/// let token = s.dumps_at("alice", 1_700_000_000)?;
/// let Unverified { signature_valid, value, .. } =
///     s.dangerous_loads_unverified::<String>(&token, None, 1_700_000_000)?;
/// assert!(signature_valid); // only then is `value` trustworthy
/// assert_eq!(value.as_deref(), Some("alice"));
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unverified<T> {
    /// True when the signature (and expiry, if checked) held.
    pub signature_valid: bool,
    /// The payload, if it could be loaded at all.
    pub value: Option<T>,
}

/// What the timed [`Serializer`] and the
/// [`UntimedSerializer`](crate::UntimedSerializer) share: a primary signer and
/// the fallback signers of [`SignerConfig::with_fallback_signer`], the
/// [`Limits`], and the base64 mode of the payload. `S` is the signer kind
/// ([`TimestampSigner`] or [`Signer`]).
#[derive(Clone)]
pub(crate) struct Signers<S> {
    primary: S,
    fallbacks: Vec<S>,
    limits: Limits,
    mode: crate::base64::Mode,
}

impl<S> Signers<S> {
    /// The primary signer of `config`, and one per fallback `(digest,
    /// derivation)`, each with all of `keys` and made into an `S` by `wrap`.
    pub(crate) fn new(
        keys: Keys,
        config: &SignerConfig,
        wrap: impl Fn(Signer) -> S,
    ) -> Result<Self, Error> {
        // Both serializers' tokens are text: a separator that is not UTF-8
        // could not be written into one.
        config.require_utf8_separator("the separator of a serializer's token must be utf-8")?;
        let primary = wrap(Signer::new(keys.clone(), config)?);
        let fallbacks = config
            .fallbacks
            .iter()
            .map(|&(digest, derivation)| {
                Signer::with_algorithm(&keys, config, digest, derivation).map(&wrap)
            })
            .collect::<Result<_, Error>>()?;
        Ok(Self {
            primary,
            fallbacks,
            limits: config.limits,
            mode: config.base64_mode(),
        })
    }

    pub(crate) const fn primary(&self) -> &S {
        &self.primary
    }

    /// `obj` as compact JSON, refused when it nests deeper than the readers
    /// accept ([`Limits::max_depth`], and at most serde_json's 127).
    pub(crate) fn to_json<T: Serialize + ?Sized>(&self, obj: &T) -> Result<Vec<u8>, Error> {
        let json = to_compact_json(obj)?;
        let max_depth = self.limits.max_depth().min(SERDE_JSON_MAX_DEPTH);
        if nests_deeper_than(&json, max_depth) {
            return Err(Error::BadPayload(PayloadError::TooDeep));
        }
        Ok(json)
    }

    /// Encodes already-serialized JSON bytes as the payload and lets `seal`
    /// sign it with the primary signer, refusing a token that the readers
    /// would refuse under the same [`Limits`]: JSON longer than
    /// [`Limits::max_inflated_len`] (a small token of very compressible JSON
    /// included), or a token longer than [`Limits::max_token_len`].
    pub(crate) fn seal_json(
        &self,
        json: &[u8],
        seal: impl FnOnce(&S, &mut String) -> Result<(), Error>,
    ) -> Result<String, Error> {
        let limit = self.limits.max_inflated_len();
        if json.len() > limit {
            return Err(Error::TooLarge {
                kind: LimitKind::Value,
                limit,
            });
        }
        let mut out = String::with_capacity(json.len() / 2 + json.len() + 64);
        payload::encode_into(json, &mut out);
        seal(&self.primary, &mut out)?;
        let limit = self.limits.max_token_len();
        if out.len() > limit {
            return Err(Error::TooLarge {
                kind: LimitKind::Token,
                limit,
            });
        }
        Ok(out)
    }

    /// Runs `verify` with the primary signer, then each fallback signer, and
    /// returns the first success with the index of the fallback signer that
    /// gave it (`None` for the primary).
    ///
    /// Which error a refused token gets: the first one that says a MAC held
    /// ([`Error::is_authentic`]: a missing or malformed timestamp, or an
    /// expiry, after the signature verified), since no other key can verify
    /// the same token, or [`Error::TooLarge`]; else the primary signer's.
    /// itsdangerous raises the last signer's `BadSignature`, which hides
    /// both: a SHA-1 token under a wrong key, tried last by a SHA-256
    /// fallback, would read as a malformed signature. Which tokens are
    /// accepted is the same either way.
    pub(crate) fn verify<V>(
        &self,
        mut verify: impl FnMut(&S) -> Result<V, Error>,
    ) -> Result<(V, Option<usize>), Error> {
        let mut first = None;
        for (i, signer) in core::iter::once(&self.primary)
            .chain(&self.fallbacks)
            .enumerate()
        {
            match verify(signer) {
                Ok(v) => return Ok((v, i.checked_sub(1))),
                Err(e) if e.is_authentic() || matches!(e, Error::TooLarge { .. }) => return Err(e),
                Err(e) => {
                    first.get_or_insert(e);
                }
            }
        }
        Err(first.unwrap_or(Error::BadSignature(crate::SignatureError::Mismatch)))
    }

    /// Decodes a verified payload (base64, zlib when it starts with `.`)
    /// and hands its JSON to `f`.
    pub(crate) fn decode<R>(
        &self,
        payload: &[u8],
        f: impl FnOnce(&[u8]) -> Result<R, Error>,
    ) -> Result<R, Error> {
        payload::decode_with(payload, self.mode, &self.limits, f)?
    }

    /// `json` into `T` under the configured depth limit.
    pub(crate) fn read_json<T: DeserializeOwned>(&self, json: &[u8]) -> Result<T, Error> {
        from_json(json, self.limits.max_depth(), true)
    }

    /// itsdangerous' `loads_unsafe` from the outcome of the verifying load:
    /// its value when that succeeded; else, unless the token was too large
    /// or its payload failed to load after the signature verified (which
    /// `loads_unsafe` raises too), whatever the unverified payload
    /// `claimed` (itsdangerous' `BadSignature.payload`) loads to, if
    /// anything.
    pub(crate) fn unverified<'t, T: DeserializeOwned>(
        &self,
        verified: Result<T, Error>,
        claimed: impl FnOnce() -> Option<&'t [u8]>,
    ) -> Result<Unverified<T>, Error> {
        match verified {
            Ok(value) => Ok(Unverified {
                signature_valid: true,
                value: Some(value),
            }),
            Err(e @ (Error::TooLarge { .. } | Error::BadPayload(_))) => Err(e),
            Err(_) => Ok(Unverified {
                signature_valid: false,
                // What it claims, if anything: the error is dropped, so
                // not worth the re-read that says what did not fit.
                value: claimed().and_then(|p| {
                    self.decode(p, |json| from_json(json, self.limits.max_depth(), false))
                        .ok()
                }),
            }),
        }
    }

    /// `Debug` for a serializer named `name`: its signers (which redact
    /// their keys) and limits.
    pub(crate) fn fmt_as(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result
    where
        S: fmt::Debug,
    {
        f.debug_struct(name)
            .field("primary", &self.primary)
            .field("fallbacks", &self.fallbacks)
            .field("limits", &self.limits)
            .finish()
    }
}

impl Serializer {
    /// Builds a serializer (and its fallback signers), deriving keys once.
    ///
    /// # Errors
    ///
    /// As [`Signer::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, KeyMatch, Keys, Serializer, SignerConfig};
    /// let config = SignerConfig::serializer();
    /// let old = Serializer::new("old-key", &config)?.dumps_at("alice", 1_700_000_000)?;
    /// let s = Serializer::new(Keys::new("new-key").with_fallbacks(["old-key"]), &config)?;
    /// assert_eq!(s.loads_at::<String>(&old, None, 1_700_000_000)?.key, KeyMatch::Fallback(0));
    /// // A separator that base64url can contain is refused up front.
    /// let bad = config.with_separator("-");
    /// assert!(matches!(Serializer::new("k", &bad), Err(Error::InvalidConfig(_))));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn new(keys: impl Into<Keys>, config: &SignerConfig) -> Result<Self, Error> {
        let legacy = config.legacy_epoch;
        let signers = Signers::new(keys.into(), config, |s| {
            TimestampSigner::from_signer(s, legacy)
        })?;
        Ok(Self { signers })
    }

    /// Signs JSON text that is already written (Flask's tagged JSON from
    /// [`Value::to_flask_json`](crate::Value::to_flask_json), say) as made
    /// at `now`: compressed when that is shorter, as [`Serializer::dumps_at`]
    /// does. The bytes are signed as given; nothing checks that they are JSON.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] for a token that [`Serializer::loads_at`] would
    /// refuse under the same [`Limits`]: JSON longer than
    /// [`Limits::max_inflated_len`] (a small cookie of very compressible
    /// JSON included), or a token longer than [`Limits::max_token_len`].
    /// [`Error::InvalidConfig`] as for [`Serializer::dumps_at`]: `now` past
    /// [`MAX_TIMESTAMP`](crate::MAX_TIMESTAMP), or before 2011 under the
    /// legacy epoch.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Serializer, SignerConfig, Value};
    /// let s = Serializer::new("secret-key", &SignerConfig::flask_session())?;
    /// // A value Flask's serializer signs that is not a session: the tuple (1, 2).
    /// let json = Value::Tuple(vec![1.into(), 2.into()]).to_flask_json()?;
    /// let token = s.dumps_json_at(json.as_bytes(), 1_700_000_000)?;
    /// let back = s.loads_at::<serde_json::Value>(&token, None, 1_700_000_000)?;
    /// assert_eq!(back.value, serde_json::json!({" t": [1, 2]}));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn dumps_json_at(&self, json: &[u8], now: u64) -> Result<String, Error> {
        self.signers
            .seal_json(json, |signer, out| signer.seal_at(out, now))
    }

    /// Serializes `obj` and signs it as made at `now` (Unix seconds).
    ///
    /// # Errors
    ///
    /// [`Error::BadPayload`] when `obj` cannot be serialized to JSON (for
    /// example a map with non-string keys, or a NaN or infinite float), or
    /// with [`PayloadError::TooDeep`] when it nests deeper than
    /// [`Serializer::loads_at`] accepts ([`Limits::max_depth`], and at most
    /// serde_json's 127); [`Error::TooLarge`] when its JSON is longer than
    /// [`Limits::max_inflated_len`] ([`LimitKind::Value`]) or the token
    /// longer than [`Limits::max_token_len`] ([`LimitKind::Token`]);
    /// [`Error::InvalidConfig`] when `now` is past
    /// [`MAX_TIMESTAMP`](crate::MAX_TIMESTAMP) or, under the legacy epoch,
    /// before 2011. So every token this writes, `loads_at` reads back.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Serializer, SignerConfig};
    /// let s = Serializer::new("secret-key", &SignerConfig::serializer())?;
    /// let token = s.dumps_at(&[1, 2, 3], 1_700_000_000)?;
    /// assert_eq!(token.split('.').count(), 3); // payload.timestamp.signature
    /// assert_eq!(token, s.dumps_at(&[1, 2, 3], 1_700_000_000)?); // same `now`, same token
    /// // Compressed when that is shorter, marked by a leading '.':
    /// assert!(s.dumps_at(&"a".repeat(1000), 1_700_000_000)?.starts_with('.'));
    /// let back = s.loads_at::<Vec<u8>>(&token, None, 1_700_000_000)?;
    /// assert_eq!((back.value, back.signed_at), (vec![1, 2, 3], 1_700_000_000));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn dumps_at<T: Serialize + ?Sized>(&self, obj: &T, now: u64) -> Result<String, Error> {
        self.dumps_json_at(&self.signers.to_json(obj)?, now)
    }

    /// [`Serializer::dumps_at`] at the system clock's current time.
    ///
    /// # Errors
    ///
    /// As [`Serializer::dumps_at`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{unix_now, Serializer, SignerConfig};
    /// let s = Serializer::new("secret-key", &SignerConfig::serializer())?;
    /// let before = unix_now();
    /// let token = s.dumps(&42u32)?;
    /// let back = s.loads::<u32>(&token, Some(60))?;
    /// assert_eq!(back.value, 42);
    /// assert!(back.signed_at >= before);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn dumps<T: Serialize + ?Sized>(&self, obj: &T) -> Result<String, Error> {
        self.dumps_at(obj, unix_now())
    }

    /// Verifies the token with the primary signer, then each fallback signer,
    /// and hands the verified JSON bytes (decompressed) to `f`.
    ///
    /// As in itsdangerous, expiry is final (fallbacks are not tried after
    /// [`Error::Expired`]) and a payload that fails to load after its
    /// signature verified is [`Error::BadPayload`]. Which error a refused
    /// token gets is [`Signers::verify`]'s rule.
    pub(crate) fn loads_with<R>(
        &self,
        token: &str,
        max_age: Option<u64>,
        now: u64,
        f: impl FnOnce(&[u8]) -> Result<R, Error>,
    ) -> Result<Timed<R>, Error> {
        let (t, fallback_signer) = self
            .signers
            .verify(|signer| signer.unsign_at(token.as_bytes(), max_age, now))?;
        let value = self.signers.decode(t.value, f)?;
        Ok(Timed {
            value,
            signed_at: t.signed_at,
            key: t.key,
            fallback_signer,
        })
    }

    /// Verifies `token` at `now` (checking `max_age` when given) and
    /// deserializes its payload.
    ///
    /// # Errors
    ///
    /// Any signature or time error of [`TimestampSigner::unsign_at`], or
    /// [`Error::BadPayload`] when the verified payload cannot be decoded into
    /// `T` (with [`PayloadError::TooDeep`] when its JSON nests deeper than
    /// [`Limits::max_depth`] or serde_json's 127). Valid JSON that does not
    /// fit `T` is [`PayloadError::WrongType`] or
    /// [`PayloadError::MissingField`], naming the kind of value and the
    /// struct field but never the data: serde_json's message is dropped,
    /// and the JSON is read into `T` once more to learn what failed (so a
    /// `Deserialize` impl with side effects runs twice); past 16 levels of
    /// nesting it is not, and the error is [`PayloadError::Deserialize`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, Serializer, SignerConfig};
    /// let s = Serializer::new("secret-key", &SignerConfig::serializer())?;
    /// let token = s.dumps_at("alice", 1_700_000_000)?;
    /// let ok = s.loads_at::<String>(&token, Some(3600), 1_700_003_600)?; // age == max_age: still valid
    /// assert_eq!(ok.value, "alice");
    /// let late = s.loads_at::<String>(&token, Some(3600), 1_700_003_601).unwrap_err();
    /// assert!(matches!(late, Error::Expired { age: 3601, max_age: 3600, .. }));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn loads_at<T: DeserializeOwned>(
        &self,
        token: &str,
        max_age: Option<u64>,
        now: u64,
    ) -> Result<Timed<T>, Error> {
        self.loads_with(token, max_age, now, |json| self.signers.read_json(json))
    }

    /// Verifies `token` at `now` as [`Serializer::loads_at`] does and returns
    /// its payload's JSON text as signed (decompressed, not parsed): the
    /// reverse of [`Serializer::dumps_json_at`]. For a JSON reader of your
    /// own, or for text serde_json refuses and Python reads (a lone UTF-16
    /// surrogate such as `"\ud800"`, `NaN`, integers past 128 bits). The
    /// bytes are what the signer signed; nothing checks that they are JSON.
    ///
    /// # Errors
    ///
    /// Any signature or time error of [`Serializer::loads_at`];
    /// [`Error::BadPayload`] when the verified payload is not base64url or
    /// not a zlib stream, or (with
    /// [`PayloadError::InflatedTooLarge`])
    /// inflates past [`Limits::max_inflated_len`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Serializer, SignerConfig};
    /// let s = Serializer::new("secret-key", &SignerConfig::flask_session())?;
    /// // Flask keeps a lone surrogate, which a Rust `String` cannot hold:
    /// let token = s.dumps_json_at(br#"{"a":"\ud800"}"#, 1_700_000_000)?;
    /// assert!(s.loads_at::<serde_json::Value>(&token, None, 1_700_000_000).is_err());
    /// let raw = s.loads_json_at(&token, Some(60), 1_700_000_000)?;
    /// assert_eq!(raw.value, br#"{"a":"\ud800"}"#);
    /// assert_eq!(raw.signed_at, 1_700_000_000);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn loads_json_at(
        &self,
        token: &str,
        max_age: Option<u64>,
        now: u64,
    ) -> Result<Timed<Vec<u8>>, Error> {
        self.loads_with(token, max_age, now, |json| Ok(json.to_vec()))
    }

    /// [`Serializer::loads_at`] at the system clock's current time.
    ///
    /// # Errors
    ///
    /// As [`Serializer::loads_at`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, Serializer, SignerConfig};
    /// let s = Serializer::new("secret-key", &SignerConfig::serializer())?;
    /// assert_eq!(s.loads::<String>(&s.dumps("alice")?, Some(60))?.value, "alice");
    /// // Made at 2023-11-14T22:13:20Z, so long expired by the clock:
    /// let old = s.dumps_at("alice", 1_700_000_000)?;
    /// assert!(matches!(s.loads::<String>(&old, Some(3600)), Err(Error::Expired { .. })));
    /// assert!(s.loads::<String>(&old, None).is_ok()); // no max_age, no expiry
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Serializer, SignerConfig};
    /// let s = Serializer::new("secret-key", &SignerConfig::serializer())?;
    /// let token = s.dumps_at("alice", 1_700_000_000)?;
    /// // An expired token still shows its payload, flagged as not valid.
    /// let seen = s.dangerous_loads_unverified::<String>(&token, Some(60), 1_700_000_061)?;
    /// assert!(!seen.signature_valid);
    /// assert_eq!(seen.value.as_deref(), Some("alice"));
    /// // So does a token signed with another key.
    /// let other = Serializer::new("other-key", &SignerConfig::serializer())?;
    /// assert!(!other.dangerous_loads_unverified::<String>(&token, None, 1_700_000_000)?.signature_valid);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn dangerous_loads_unverified<T: DeserializeOwned>(
        &self,
        token: &str,
        max_age: Option<u64>,
        now: u64,
    ) -> Result<Unverified<T>, Error> {
        let verified = self.loads_at::<T>(token, max_age, now).map(|t| t.value);
        self.signers.unverified(verified, || {
            let sep = self.signers.primary().signer().sep();
            // itsdangerous' `BadSignature.payload`: what comes before the
            // signature, less the timestamp when there is a separator left
            // for one (a token without a timestamp gives all of it), and
            // nothing without any separator.
            crate::signer::rsplit_once(token.as_bytes(), sep)
                .map(|(rest, _)| crate::signer::rsplit_once(rest, sep).map_or(rest, |(p, _)| p))
        })
    }
}

/// How deep serde_json nests before it refuses (its recursion limit of
/// 128 admits 127 containers).
const SERDE_JSON_MAX_DEPTH: usize = 127;

/// `json` into `T` through serde_json, refusing nesting past `max_depth`
/// containers first when that is below serde_json's own limit. With
/// `detail`, a payload that is valid JSON but does not fit `T` says what
/// did not fit ([`crate::json_detail`]); without (a claimed payload whose error is
/// dropped), it is `Deserialize` at no extra cost.
fn from_json<T: DeserializeOwned>(json: &[u8], max_depth: usize, detail: bool) -> Result<T, Error> {
    if max_depth < SERDE_JSON_MAX_DEPTH && nests_deeper_than(json, max_depth) {
        return Err(Error::BadPayload(PayloadError::TooDeep));
    }
    serde_json::from_slice(json).map_err(|e| {
        // The cold path: the read has failed; the checks below re-read.
        Error::BadPayload(if nests_deeper_than(json, SERDE_JSON_MAX_DEPTH) {
            // serde_json's recursion limit (reported as a syntax error),
            // or a type error before it: the text is deeper than serde_json
            // reads either way. The same `TooDeep` as under a lower
            // `max_depth` and on `dumps`.
            PayloadError::TooDeep
        } else if serde_json::from_slice::<IgnoredAny>(json).is_ok() {
            // Valid JSON that does not fit `T` (serde_json calls some of
            // these syntax errors: an enum from `1`, a float for an `i128`).
            if detail {
                crate::json_detail::explain::<T>(json)
            } else {
                PayloadError::Deserialize
            }
        } else if e.is_data() {
            PayloadError::Deserialize
        } else {
            PayloadError::Json
        })
    })
}

/// Whether `json` opens more than `max` containers at once (brackets inside
/// strings do not count). Exact for valid JSON; invalid JSON fails anyway.
pub(crate) fn nests_deeper_than(json: &[u8], max: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in json {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
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
        // As `Session::insert` and serde_json write it: `0.1f32` is `0.1`,
        // not the `0.10000000149011612` of its exact value.
        self.write_f64(w, crate::value_serde::f32_to_f64(value))
    }
}

/// Python's `_CompactJSON.dumps`: `separators=(",", ":")`, `ensure_ascii=False`
/// (serde_json escapes exactly the characters Python does there), insertion
/// order, Python's float repr.
///
/// A NaN or an infinity is [`PayloadError::Serialize`]: Python writes `NaN`
/// and `Infinity`, which are not JSON and which serde_json cannot read back,
/// and serde_json would write `null`, which loses the value.
fn to_compact_json<T: Serialize + ?Sized>(obj: &T) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PyFloatFormatter);
    obj.serialize(Finite(&mut ser))
        .map_err(|_| Error::BadPayload(PayloadError::Serialize))?;
    Ok(out)
}

/// A serializer that passes everything to `S` except a NaN or an infinity,
/// or a [`Value::BigInt`](crate::Value::BigInt) beyond 64 bits, anywhere in
/// the value, which is an error.
struct Finite<S>(S);

/// A value serialized through [`Finite`]: the compound serializers below wrap
/// each element in it.
struct FiniteValue<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> Serialize for FiniteValue<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Finite(s))
    }
}

fn finite<E: serde::ser::Error>(v: f64) -> Result<f64, E> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(E::custom("NaN or infinity"))
    }
}

/// Forwards a compound serializer's element methods, wrapping each value.
macro_rules! forward_compound {
    ($($trait:ident { $($method:ident($($key:ident: $kty:ty),*)),* })*) => {$(
        impl<S: serde::ser::$trait> serde::ser::$trait for Finite<S> {
            type Ok = S::Ok;
            type Error = S::Error;
            $(fn $method<T: Serialize + ?Sized>(
                &mut self,
                $($key: $kty,)*
                value: &T,
            ) -> Result<(), S::Error> {
                self.0.$method($($key,)* &FiniteValue(value))
            })*
            fn end(self) -> Result<S::Ok, S::Error> {
                self.0.end()
            }
        }
    )*};
}

forward_compound! {
    SerializeSeq { serialize_element() }
    SerializeTuple { serialize_element() }
    SerializeTupleStruct { serialize_field() }
    SerializeTupleVariant { serialize_field() }
    SerializeStruct { serialize_field(key: &'static str) }
    SerializeStructVariant { serialize_field(key: &'static str) }
}

impl<S: serde::ser::SerializeMap> serde::ser::SerializeMap for Finite<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), S::Error> {
        self.0.serialize_key(&FiniteValue(key))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_value(&FiniteValue(value))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// Forwards the methods that start a compound value, wrapping the result.
macro_rules! forward_compound_starts {
    ($($method:ident($($arg:ident: $ty:ty),*) -> $out:ident),*) => {$(
        fn $method(self, $($arg: $ty),*) -> Result<Self::$out, S::Error> {
            self.0.$method($($arg),*).map(Finite)
        }
    )*};
}

/// Forwards scalar methods unchanged.
macro_rules! forward_scalars {
    ($($method:ident($ty:ty)),*) => {$(
        fn $method(self, v: $ty) -> Result<S::Ok, S::Error> {
            self.0.$method(v)
        }
    )*};
}

impl<S: serde::Serializer> serde::Serializer for Finite<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Finite<S::SerializeSeq>;
    type SerializeTuple = Finite<S::SerializeTuple>;
    type SerializeTupleStruct = Finite<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Finite<S::SerializeTupleVariant>;
    type SerializeMap = Finite<S::SerializeMap>;
    type SerializeStruct = Finite<S::SerializeStruct>;
    type SerializeStructVariant = Finite<S::SerializeStructVariant>;

    forward_scalars!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str)
    );

    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        finite(f64::from(v))?;
        self.0.serialize_f32(v)
    }
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        self.0.serialize_f64(finite(v)?)
    }
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&FiniteValue(value))
    }
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        if name == crate::value::MAGIC_BIGINT {
            // A `Value::BigInt` past 64 bits: serde_json would write it as a
            // string, which Python loads as a `str`, not an `int`.
            return Err(serde::ser::Error::custom("integer beyond 64 bits"));
        }
        self.0.serialize_newtype_struct(name, &FiniteValue(value))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &FiniteValue(value))
    }
    forward_compound_starts!(
        serialize_seq(len: Option<usize>) -> SerializeSeq,
        serialize_tuple(len: usize) -> SerializeTuple,
        serialize_tuple_struct(name: &'static str, len: usize) -> SerializeTupleStruct,
        serialize_tuple_variant(
            name: &'static str,
            index: u32,
            variant: &'static str,
            len: usize
        ) -> SerializeTupleVariant,
        serialize_map(len: Option<usize>) -> SerializeMap,
        serialize_struct(name: &'static str, len: usize) -> SerializeStruct,
        serialize_struct_variant(
            name: &'static str,
            index: u32,
            variant: &'static str,
            len: usize
        ) -> SerializeStructVariant
    );
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

impl fmt::Debug for Serializer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.signers.fmt_as("Serializer", f)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    /// With a fallback signer, a refused token gets the error that says the
    /// most: an authentic one from any signer, else the primary's (not the
    /// last fallback's, as itsdangerous raises).
    #[test]
    fn fallback_signers_do_not_hide_the_reason() {
        use crate::{Digest, KeyDerivation, SignatureError};
        let config =
            SignerConfig::serializer().with_fallback_signer(Digest::Sha256, KeyDerivation::Hmac);
        let ours = Serializer::new("key", &config).unwrap();
        let theirs = Serializer::new("other key", &config).unwrap();
        let now = 1_700_000_000;

        // A SHA-1 token under another key: the primary's mismatch, not the
        // SHA-256 fallback's complaint about the signature's length.
        let forged = theirs.dumps_at(&1, now).unwrap();
        let err = ours.loads_at::<i32>(&forged, None, now).unwrap_err();
        assert!(
            matches!(
                err,
                Error::BadTimeSignature {
                    reason: SignatureError::Mismatch,
                    signed_at: Some(1_700_000_000)
                }
            ),
            "{err:?}"
        );

        // A MAC made with our key over a value whose timestamp is not
        // canonical base64: the primary's authentic error survives the
        // fallback. (itsdangerous decodes "!!" to b"", timestamp 0, and
        // accepts the token without max_age; so does lenient mode.)
        let signer = Signer::new("key", &config).unwrap();
        let token = signer.sign_str("MQ.!!").unwrap();
        let err = ours.loads_at::<i32>(&token, None, now).unwrap_err();
        assert_eq!(err, Error::MalformedTimestamp);
        assert!(err.is_authentic());
        let lenient = Serializer::new("key", &config.clone().with_lenient_base64()).unwrap();
        let t = lenient.loads_at::<i32>(&token, None, now).unwrap();
        assert_eq!((t.value, t.signed_at, t.fallback_signer), (1, 0, None));
        // Without a fallback the error was the same already.
        let alone = Serializer::new("key", &SignerConfig::serializer()).unwrap();
        assert_eq!(alone.loads_at::<i32>(&token, None, now), Err(err));

        // A token of the fallback's kind still verifies.
        let old = Serializer::new(
            "key",
            &SignerConfig::serializer()
                .with_digest(Digest::Sha256)
                .with_key_derivation(KeyDerivation::Hmac),
        )
        .unwrap();
        let token = old.dumps_at(&7, now).unwrap();
        assert_eq!(ours.loads_at::<i32>(&token, None, now).unwrap().value, 7);
    }

    /// serde_json with our formatter and no [`Finite`] in between.
    fn unchecked<T: Serialize + ?Sized>(obj: &T) -> Vec<u8> {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, PyFloatFormatter);
        obj.serialize(&mut ser).unwrap();
        out
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(f64),
        Tuple(i8, f32),
        Struct { r: f64, tag: Option<String> },
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Wrapper(Vec<Shape>);

    #[derive(Serialize)]
    struct Everything {
        b: bool,
        ints: (i8, i16, i32, i64, i128, u8, u16, u32, u64, u128),
        c: char,
        s: &'static str,
        #[serde(with = "serde_bytes_as_seq")]
        bytes: Vec<u8>,
        none: Option<f64>,
        some: Option<f64>,
        unit: (),
        unit_struct: Unit,
        shapes: Wrapper,
        map: BTreeMap<i32, Vec<f32>>,
        #[serde(flatten)]
        extra: BTreeMap<String, f64>,
    }

    /// `serialize_bytes`, which serde_json writes as an array of numbers.
    mod serde_bytes_as_seq {
        pub(super) fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }

    fn everything(x: f64) -> Everything {
        Everything {
            b: true,
            ints: (
                -8,
                -16,
                -32,
                i64::MIN,
                i128::MAX,
                8,
                16,
                32,
                u64::MAX,
                u128::MAX,
            ),
            c: '\u{e9}',
            s: "a\"b\\c\u{1}\u{2028}",
            bytes: vec![0, 255],
            none: None,
            some: Some(1e16),
            unit: (),
            unit_struct: Unit,
            shapes: Wrapper(vec![
                Shape::Unit,
                Shape::Newtype(0.1),
                Shape::Tuple(-1, 1.5),
                Shape::Struct {
                    r: x,
                    tag: Some("t".into()),
                },
            ]),
            map: [(3, vec![2.5e-5]), (-1, vec![])].into_iter().collect(),
            extra: [("z".to_owned(), -0.0)].into_iter().collect(),
        }
    }

    /// An `f32` is written by its shortest decimal form, as `Session::insert`
    /// (`to_value`) and serde_json write it: `0.1f32` is `0.1`, which
    /// Python's `dumps({"r": 0.1})` writes too, not `0.10000000149011612`.
    #[test]
    fn f32_is_written_as_the_session_writes_it() {
        #[derive(Serialize)]
        struct R {
            r: f32,
        }
        for x in [
            0.1f32,
            2.5e-5,
            1e16,
            16_777_217.0,
            -3.4e38,
            1e-45,
            0.0,
            -0.0,
        ] {
            let generic = String::from_utf8(to_compact_json(&R { r: x }).unwrap()).unwrap();
            let session = crate::to_value(&R { r: x })
                .unwrap()
                .to_flask_json()
                .unwrap();
            assert_eq!(generic, session, "{x}");
        }
        assert_eq!(to_compact_json(&R { r: 0.1 }).unwrap(), br#"{"r":0.1}"#);
        assert_eq!(
            to_compact_json(&0.1f32).unwrap(),
            to_compact_json(&0.1f64).unwrap()
        );
    }

    #[test]
    fn finite_values_serialize_exactly_as_serde_json_does() {
        for x in [0.0, -0.0, 1e-7, 123.456, f64::MAX, f64::MIN_POSITIVE] {
            let v = everything(x);
            assert_eq!(to_compact_json(&v).unwrap(), unchecked(&v));
        }
    }

    #[test]
    fn nan_and_infinities_are_refused_wherever_they_are() {
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            // serde_json alone would write `null` and lose the value.
            assert!(String::from_utf8(unchecked(&everything(x)))
                .unwrap()
                .contains("\"r\":null"));
            let refused = |r: Result<Vec<u8>, Error>| {
                matches!(r, Err(Error::BadPayload(PayloadError::Serialize)))
            };
            assert!(refused(to_compact_json(&x)));
            assert!(refused(to_compact_json(&(x as f32))));
            assert!(refused(to_compact_json(&everything(x))));
            assert!(refused(to_compact_json(&Some(vec![x]))));
            assert!(refused(to_compact_json(&Shape::Newtype(x))));
            assert!(refused(to_compact_json(&Shape::Tuple(0, x as f32))));
            let map: BTreeMap<&str, f64> = [("k", x)].into_iter().collect();
            assert!(refused(to_compact_json(&map)));
        }
    }

    /// `loads` into a type the payload does not fit names the kind of
    /// value found and the struct field, or the missing field, as
    /// `from_value` does; never the data (a marker in every value and key
    /// stays out of the message). What serde_json refuses only in its own
    /// words (a syntax error for the type) stays `Deserialize`.
    #[test]
    fn loads_names_what_did_not_fit() {
        use serde::Deserialize;
        let s = &Serializer::new("secret-key", &SignerConfig::serializer()).unwrap();
        fn check<T: DeserializeOwned + fmt::Debug>(s: &Serializer, json: &str, want: PayloadError) {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let token = s.dumps_at(&value, 1_700_000_000).unwrap();
            let got = s.loads_at::<T>(&token, None, 1_700_000_000).unwrap_err();
            assert_eq!(got, Error::BadPayload(want), "{json}");
            let shown = format!("{got} {got:?}");
            assert!(!shown.contains("MARK"), "{shown}");
        }
        /// Takes only non-negative floats (serde's `invalid_value`).
        #[derive(Debug)]
        struct NonNegative(#[allow(dead_code)] f64);
        impl<'de> Deserialize<'de> for NonNegative {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let f = f64::deserialize(d)?;
                if f < 0.0 {
                    return Err(serde::de::Error::invalid_value(
                        serde::de::Unexpected::Float(f),
                        &"a non-negative float",
                    ));
                }
                Ok(Self(f))
            }
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        enum Role {
            Admin,
            User,
        }
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Strict {
            a: u8,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            id: u32,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            user: Inner,
            #[serde(rename = "years")]
            renamed: Option<u8>,
        }
        let wrong = |found, field| PayloadError::WrongType { found, field };
        check::<u32>(s, "true", wrong("a boolean", None));
        check::<String>(s, "1", wrong("an integer", None));
        check::<u32>(s, "1.5", wrong("a float", None));
        check::<u32>(s, r#""MARK""#, wrong("a string", None));
        check::<u32>(s, "null", wrong("null", None));
        check::<u32>(s, r#"["MARK"]"#, wrong("a list", None));
        check::<u32>(s, r#"{"MARK":1}"#, wrong("a dict", None));
        check::<u8>(s, "300", wrong("an integer out of range", None));
        check::<NonNegative>(s, "-1.5", wrong("a float out of range", None));
        check::<char>(s, r#""MARKMARK""#, wrong("a string it does not take", None));
        check::<(u8, u8)>(s, "[1]", wrong("a list of another length", None));
        check::<Role>(s, r#""MARK""#, wrong("an unknown enum variant", None));
        check::<Strict>(s, r#"{"a":1,"MARK":2}"#, wrong("an unknown field", None));
        check::<Outer>(
            s,
            r#"{"user":{}}"#,
            PayloadError::MissingField { field: "id" },
        );
        check::<Outer>(s, r#"{}"#, PayloadError::MissingField { field: "user" });
        // The innermost field is named; a renamed one by its JSON name.
        check::<Outer>(
            s,
            r#"{"user":{"id":"MARK"}}"#,
            wrong("a string", Some("id")),
        );
        check::<Outer>(
            s,
            r#"{"user":{"id":1},"years":300}"#,
            wrong("an integer out of range", Some("years")),
        );
        // serde_json reads an integer past 64 bits exactly into an i128
        // (a `Value` tree would hold it as a float): the re-read follows
        // serde_json's own path, so it fails where the first read did.
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Big {
            big: i128,
            name: u8,
        }
        #[derive(Serialize)]
        struct BigOut<N> {
            big: i128,
            name: N,
        }
        fn load<N: Serialize>(s: &Serializer, name: N) -> Error {
            let out = BigOut { big: 1 << 70, name };
            let token = s.dumps_at(&out, 1_700_000_000).unwrap();
            s.loads_at::<Big>(&token, None, 1_700_000_000).unwrap_err()
        }
        let at_name = |found| Error::BadPayload(wrong(found, Some("name")));
        assert_eq!(load(s, "MARK"), at_name("a string"));
        // Both failures of one kind: serde_json fails at `name`'s 1.5 (a
        // tree re-read, at `big`'s float; review finding of the earlier
        // re-read). The field named is the one serde_json failed at.
        assert_eq!(load(s, 1.5), at_name("a float"));
        assert_eq!(load(s, 300), at_name("an integer out of range"));
        // Valid JSON that serde_json refuses with a syntax error for the
        // type (an enum from a number: "expected value"): a mismatch, not
        // "invalid JSON", with no structured kind to name.
        check::<Role>(s, "1", PayloadError::Deserialize);
        // Struct variants name their fields too.
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        enum Shape {
            Circle { radius: u8 },
        }
        check::<Shape>(
            s,
            r#"{"Circle":{"radius":"MARK"}}"#,
            wrong("a string", Some("radius")),
        );
        // JSON of any length (the re-read streams, as the first read did).
        let long = format!(r#"{{"user":{{"id":"{}"}}}}"#, "MARK".repeat(10_000));
        check::<Outer>(s, &long, wrong("a string", Some("id")));
        // Nested past serde_json's 127 levels, whatever fails first there.
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let mut payload = String::new();
        crate::base64::encode_into(deep.as_bytes(), &mut payload);
        let token = TimestampSigner::new("secret-key", &SignerConfig::serializer())
            .unwrap()
            .sign_at(payload.as_bytes(), 1_700_000_000)
            .unwrap();
        let too_deep = Err(Error::BadPayload(PayloadError::TooDeep));
        assert_eq!(
            s.loads_at::<u32>(&token, None, 1_700_000_000).map(|_| ()),
            too_deep
        );
        assert_eq!(
            s.loads_at::<Vec<u32>>(&token, None, 1_700_000_000)
                .map(|_| ()),
            too_deep
        );
    }

    #[test]
    fn loads_applies_max_depth_and_serde_json_stops_at_127() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        // serde_json's own limit, which the default (700) leaves in charge.
        assert!(serde_json::from_str::<serde_json::Value>(&deep(127)).is_ok());
        assert!(serde_json::from_str::<serde_json::Value>(&deep(128)).is_err());
        let at = |max_depth: usize| {
            let config =
                SignerConfig::serializer().with_limits(Limits::new().with_max_depth(max_depth));
            Serializer::new("secret-key", &config).unwrap()
        };
        for max_depth in [1, 4, 50, 126] {
            let s = at(max_depth);
            let ok: serde_json::Value = serde_json::from_str(&deep(max_depth)).unwrap();
            let token = s.dumps_at(&ok, 1_700_000_000).unwrap();
            let back = s.loads_at::<serde_json::Value>(&token, None, 1_700_000_000);
            assert_eq!(back.unwrap().value, ok);
            let deeper: serde_json::Value = serde_json::from_str(&deep(max_depth + 1)).unwrap();
            let token = at(128).dumps_at(&deeper, 1_700_000_000).unwrap();
            assert!(matches!(
                s.loads_at::<serde_json::Value>(&token, None, 1_700_000_000),
                Err(Error::BadPayload(PayloadError::TooDeep))
            ));
            let unverified = s.dangerous_loads_unverified::<serde_json::Value>(
                &format!("{token}x"),
                None,
                1_700_000_000,
            );
            assert!(unverified.unwrap().value.is_none());
        }
        // dumps refuses what loads would: past the limit, and past 127 (which
        // serde_json writes but cannot read back) under the default.
        for (max_depth, n) in [(0, 1), (4, 5), (128, 128), (256, 200)] {
            let v = (1..n).fold(serde_json::json!([]), |v, _| serde_json::json!([v]));
            assert!(matches!(
                at(max_depth).dumps_at(&v, 1_700_000_000),
                Err(Error::BadPayload(PayloadError::TooDeep))
            ));
        }
        // Past serde_json's 127 under the default limit: `TooDeep` on
        // `loads` too (serde_json calls it a syntax error), whether the text
        // is valid or broken past the limit; a syntax error alone is `Json`.
        for json in [deep(128), deep(100_000), format!("{}x", "[".repeat(200))] {
            assert!(matches!(
                from_json::<serde_json::Value>(json.as_bytes(), 700, true),
                Err(Error::BadPayload(PayloadError::TooDeep))
            ));
        }
        assert!(matches!(
            from_json::<serde_json::Value>(b"[[[x]]]", 700, true),
            Err(Error::BadPayload(PayloadError::Json))
        ));
        assert!(at(128)
            .dumps_at(&serde_json::json!(1), 1_700_000_000)
            .is_ok());
        assert!(at(0)
            .dumps_at(&serde_json::json!("[{"), 1_700_000_000)
            .is_ok());
        // Brackets inside strings, escaped quotes included, do not nest.
        let s = at(2);
        let tricky = serde_json::json!([{"a": "[[[{{{\"[[["}, ["]]]"]]);
        let token = s.dumps_at(&tricky, 1_700_000_000).unwrap();
        let back = s.loads_at::<serde_json::Value>(&token, None, 1_700_000_000);
        assert_eq!(back.unwrap().value, tricky);
    }

    #[test]
    fn dumps_refuses_a_bigint_rather_than_writing_a_string() {
        let s = Serializer::new("secret-key", &SignerConfig::serializer()).unwrap();
        for big in ["18446744073709551616", "-9223372036854775809"] {
            let v = crate::Value::from_flask_json(big).unwrap();
            // serde_json alone writes the digits as a JSON string.
            assert_eq!(unchecked(&v), format!("\"{big}\"").into_bytes());
            assert!(matches!(
                s.dumps_at(&v, 1_700_000_000),
                Err(Error::BadPayload(PayloadError::Serialize))
            ));
            let nested = crate::Value::List(vec![crate::Value::Int(1), v]);
            assert!(s.dumps_at(&nested, 1_700_000_000).is_err());
        }
        // Within 64 bits a BigInt is a plain number, as are i128 and u128.
        let max = crate::Value::from_flask_json("18446744073709551615").unwrap();
        assert_eq!(to_compact_json(&max).unwrap(), b"18446744073709551615");
        assert_eq!(
            to_compact_json(&(u128::MAX)).unwrap(),
            u128::MAX.to_string().into_bytes()
        );
    }

    #[test]
    fn dumps_refuses_nan_rather_than_writing_null() {
        let s = Serializer::new("secret-key", &SignerConfig::serializer()).unwrap();
        assert!(matches!(
            s.dumps_at(&[1.0, f64::NAN], 1_700_000_000),
            Err(Error::BadPayload(PayloadError::Serialize))
        ));
        assert!(s.dumps_at(&[1.0, 2.0], 1_700_000_000).is_ok());
    }
}
