//! **Dangerous**: reading a Flask session cookie without its key, the library
//! side of `flask-cookie decode` (flask-unsign's `--decode`, itsdangerous'
//! `loads_unsafe`).

use crate::base64::{self, Mode};
use crate::config::Limits;
use crate::error::{Error, LimitKind, PayloadError, SignatureError};
use crate::value::{Dict, Value};

/// What a Flask session cookie *claims*, read without checking its
/// signature: anyone can write a cookie that decodes to anything. Returned by
/// [`dangerous_decode_unverified`].
///
/// # Examples
///
/// ```
/// use flask_cookie::{dangerous_decode_unverified, Limits, Session, SessionCodec, Value};
/// let mut session = Session::new();
/// session.insert("user", "alice")?;
/// let cookie = SessionCodec::flask("a key we do not have")?.encode_at(&session, 1_700_000_000)?;
///
/// let claimed = dangerous_decode_unverified(&cookie, &Limits::new())?;
/// assert_eq!(claimed.session.get("user"), Some(&Value::from("alice")));
/// assert_eq!(claimed.timestamp, Some(1_700_000_000));
/// assert!(!claimed.compressed); // too short to be worth compressing
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnverifiedSession {
    /// The session's contents as the cookie claims them. Attacker-controlled.
    pub session: Dict,
    /// The timestamp as written in the cookie (seconds since the Unix epoch,
    /// or since 2011 for pre-1.0 itsdangerous), or `None` when it is not 0 to
    /// 8 bytes of base64url.
    pub timestamp: Option<u64>,
    /// True when the payload was zlib-compressed (it started with a `.`).
    pub compressed: bool,
}

impl UnverifiedSession {
    /// When the cookie claims it was signed, in Unix seconds: the timestamp,
    /// counted from [`LEGACY_EPOCH`](crate::LEGACY_EPOCH) when `legacy_epoch` is set. `None` when
    /// the timestamp is unreadable or after the year 9999 (which Python
    /// cannot represent).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::dangerous_decode_unverified;
    /// let cookie = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck";
    /// let claimed = dangerous_decode_unverified(cookie, &Default::default())?;
    /// assert_eq!(claimed.claimed_signed_at(false), Some(1_700_000_000));
    /// assert_eq!(claimed.claimed_signed_at(true), Some(1_700_000_000 + 1_293_840_000));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn claimed_signed_at(&self, legacy_epoch: bool) -> Option<u64> {
        self.timestamp
            .and_then(|ts| crate::timestamp::unix_time(ts, legacy_epoch))
    }
}

/// **Dangerous**: decodes a Flask session cookie (`payload.timestamp.signature`)
/// **without verifying its signature**, for debugging and security testing.
///
/// The result is whatever the cookie's author wanted it to be: never trust
/// it, never use it to make a decision. To read a session you will act on,
/// use [`SessionCodec::decode_at`](crate::SessionCodec::decode_at).
///
/// The payload is read as Flask reads it after verification: base64url
/// (leniently, as Python does), zlib when it starts with a `.`, then Flask's
/// tagged JSON; a `null` payload is an empty session, as in Flask. `limits`
/// bound the cookie's length, the inflated size and the nesting depth.
///
/// # Errors
///
/// [`Error::TooLarge`] for a cookie longer than the limit;
/// [`Error::BadSignature`] ([`SignatureError::MissingSeparator`]) when it has
/// no `.` at all; [`Error::MissingTimestamp`] when it has only one;
/// [`Error::BadPayload`] when the payload cannot be decoded, or
/// ([`PayloadError::NotADict`]) is not a JSON object (or `null`); for
/// those, [`dangerous_decode_unverified_value`].
///
/// # Examples
///
/// ```
/// use flask_cookie::{dangerous_decode_unverified, Limits, Value};
///
/// // Signed with a key we do not have: decoding still shows what it claims.
/// let cookie = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck";
/// let claimed = dangerous_decode_unverified(cookie, &Limits::new())?;
/// assert_eq!(claimed.session.get("user"), Some(&Value::from("alice")));
/// assert_eq!(claimed.timestamp, Some(1_700_000_000));
/// assert!(!claimed.compressed);
/// assert_eq!(Value::Dict(claimed.session).to_flask_json()?, r#"{"user":"alice"}"#);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
pub fn dangerous_decode_unverified(
    cookie: &str,
    limits: &Limits,
) -> Result<UnverifiedSession, Error> {
    let UnverifiedValue {
        value,
        timestamp,
        compressed,
    } = dangerous_decode_unverified_value(cookie, limits)?;
    let session = match value {
        Value::Dict(d) => d,
        Value::Null => Dict::new(),
        _ => return Err(Error::BadPayload(PayloadError::NotADict)),
    };
    Ok(UnverifiedSession {
        session,
        timestamp,
        compressed,
    })
}

/// What a signed token's payload *claims*, whatever its JSON type, read
/// without checking its signature. Returned by
/// [`dangerous_decode_unverified_value`], and, with the JSON text as `T`, by
/// [`dangerous_decode_unverified_json`].
///
/// # Examples
///
/// ```
/// use flask_cookie::{dangerous_decode_unverified_value, Limits, Value};
/// // Flask 3.1's cookie for the list [1, 2]: validly signed, but not a session.
/// let claimed = dangerous_decode_unverified_value("WzEsMl0.ZVPxAA.k7X6OMi8RXe6DuoszoJ67IvMEwU", &Limits::new())?;
/// assert_eq!(claimed.value, Value::List(vec![1.into(), 2.into()]));
/// assert_eq!(claimed.claimed_signed_at(false), Some(1_700_000_000));
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnverifiedValue<T = Value> {
    /// The payload as Flask's tagged JSON reads it (or its JSON text, from
    /// [`dangerous_decode_unverified_json`]). Attacker-controlled.
    pub value: T,
    /// As [`UnverifiedSession::timestamp`].
    pub timestamp: Option<u64>,
    /// True when the payload was zlib-compressed (it started with a `.`).
    pub compressed: bool,
}

impl<T> UnverifiedValue<T> {
    /// As [`UnverifiedSession::claimed_signed_at`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::dangerous_decode_unverified_value;
    /// let claimed = dangerous_decode_unverified_value("NQ.ZVPxAA.Brbx1osz2Sv68TEqksk-1FWOyhs", &Default::default())?;
    /// assert_eq!(claimed.claimed_signed_at(false), Some(1_700_000_000));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn claimed_signed_at(&self, legacy_epoch: bool) -> Option<u64> {
        self.timestamp
            .and_then(|ts| crate::timestamp::unix_time(ts, legacy_epoch))
    }
}

/// **Dangerous**: [`dangerous_decode_unverified`] for a payload of any JSON
/// type, not only a session's object: Flask itself builds its session with
/// `dict(data)`, so a validly signed list of pairs is a session to it, and
/// other signed tokens (a Flask-WTF CSRF token is a string) use the same
/// format. Nothing is verified; a `null` payload stays [`Value::Null`].
///
/// # Errors
///
/// As [`dangerous_decode_unverified`], less
/// [`PayloadError::NotADict`].
///
/// # Examples
///
/// ```
/// use flask_cookie::{dangerous_decode_unverified_value, Limits, Value};
/// let cookie = "W1sidXNlciIsImFkbWluIl1d.ZVPxAA.GigfFGMXSyAaqkpMW6lWGMkQFdQ";
/// let claimed = dangerous_decode_unverified_value(cookie, &Limits::new())?;
/// assert_eq!(claimed.value.to_flask_json()?, r#"[["user","admin"]]"#);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
pub fn dangerous_decode_unverified_value(
    cookie: &str,
    limits: &Limits,
) -> Result<UnverifiedValue, Error> {
    decode_unverified(cookie, limits, |json| {
        crate::json::read_tagged(json, limits.max_depth())
    })
}

/// **Dangerous**: [`dangerous_decode_unverified_value`] that stops before
/// the JSON: the payload's text as the cookie carries it (decompressed, not
/// parsed, nothing verified). For text Python reads and a Rust `String`
/// cannot hold, such as a lone UTF-16 surrogate (`"\ud800"`), which Flask
/// keeps in a session; or for a JSON reader of your own.
///
/// # Errors
///
/// As [`dangerous_decode_unverified_value`], less the JSON errors.
///
/// # Examples
///
/// ```
/// use flask_cookie::{dangerous_decode_unverified_json, dangerous_decode_unverified_value, Limits};
/// // What Flask 3.1 set for {"lone": "\ud800x\udfff"}:
/// let cookie = "eyJsb25lIjoiXHVkODAweFx1ZGZmZiJ9.ZVPxAA.UI-hhmLz3Bc4YIc0LHc3esRkljk";
/// assert!(dangerous_decode_unverified_value(cookie, &Limits::new()).is_err());
/// let claimed = dangerous_decode_unverified_json(cookie, &Limits::new())?;
/// assert_eq!(claimed.value, br#"{"lone":"\ud800x\udfff"}"#);
/// assert_eq!(claimed.claimed_signed_at(false), Some(1_700_000_000));
/// # Ok::<(), flask_cookie::Error>(())
/// ```
pub fn dangerous_decode_unverified_json(
    cookie: &str,
    limits: &Limits,
) -> Result<UnverifiedValue<Vec<u8>>, Error> {
    decode_unverified(cookie, limits, |json| Ok(json.to_vec()))
}

/// Splits `payload.timestamp.signature`, decodes the payload (base64 as
/// Python reads it, zlib after a `.`) and hands its JSON text to `read`.
fn decode_unverified<R>(
    cookie: &str,
    limits: &Limits,
    read: impl FnOnce(&[u8]) -> Result<R, PayloadError>,
) -> Result<UnverifiedValue<R>, Error> {
    let cookie = cookie.as_bytes();
    if cookie.len() > limits.max_token_len() {
        return Err(Error::TooLarge {
            kind: LimitKind::Token,
            limit: limits.max_token_len(),
        });
    }
    let (rest, _signature) = crate::signer::rsplit_once(cookie, b".")
        .ok_or(Error::BadSignature(SignatureError::MissingSeparator))?;
    let (payload, ts) = crate::signer::rsplit_once(rest, b".").ok_or(Error::MissingTimestamp)?;
    let value = crate::payload::decode_with(payload, Mode::Lenient, limits, read)??;
    Ok(UnverifiedValue {
        value,
        timestamp: decode_timestamp(ts),
        compressed: payload.first() == Some(&b'.'),
    })
}

/// itsdangerous' `bytes_to_int(base64_decode(ts))`: 0 to 8 bytes, big-endian.
fn decode_timestamp(ts: &[u8]) -> Option<u64> {
    let mut buf = [0u8; 12];
    let n = base64::decode_to_slice(ts, Mode::Lenient, &mut buf).ok()?;
    let bytes = buf.get(..n)?;
    if bytes.len() > 8 {
        return None;
    }
    Some(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Session, SessionCodec};

    #[test]
    fn reads_what_the_codec_wrote_with_any_key() {
        let codec = SessionCodec::flask("some key").unwrap();
        let mut s = Session::new();
        s.insert("user", "alice").unwrap();
        s.insert("big", &"x".repeat(500)).unwrap();
        let cookie = codec.encode_at(&s, 1_700_000_000).unwrap();
        assert!(cookie.starts_with('.'));
        let got = dangerous_decode_unverified(&cookie, &Limits::new()).unwrap();
        assert!(got.compressed);
        assert_eq!(&got.session, s.as_dict());
        assert_eq!(got.claimed_signed_at(false), Some(1_700_000_000));
    }

    #[test]
    fn malformed_cookies_are_errors() {
        let l = Limits::new();
        let err = |c: &str| dangerous_decode_unverified(c, &l).unwrap_err();
        assert_eq!(
            err(""),
            Error::BadSignature(SignatureError::MissingSeparator)
        );
        assert_eq!(
            err("abc"),
            Error::BadSignature(SignatureError::MissingSeparator)
        );
        assert_eq!(err("abc.def"), Error::MissingTimestamp);
        assert_eq!(err("A.ZVPxAA.sig"), Error::BadPayload(PayloadError::Base64));
        assert_eq!(err("!!!.ZVPxAA.sig"), Error::BadPayload(PayloadError::Json)); // Python skips junk
        assert_eq!(
            err(".QUJD.ZVPxAA.sig"),
            Error::BadPayload(PayloadError::Zlib)
        );
        // "[1]": valid JSON, not a session.
        assert_eq!(
            err("WzFd.ZVPxAA.sig"),
            Error::BadPayload(PayloadError::NotADict)
        );
        let short = Limits::new().with_max_token_len(10);
        assert!(matches!(
            dangerous_decode_unverified("eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.x", &short),
            Err(Error::TooLarge { .. })
        ));
    }

    #[test]
    fn any_json_payload_reads_as_a_value() {
        let l = Limits::new();
        let got = dangerous_decode_unverified_value("WzFd.ZVPxAA.sig", &l).unwrap();
        assert_eq!(got.value, Value::List(vec![1.into()]));
        assert_eq!(got.claimed_signed_at(false), Some(1_700_000_000));
        let got = dangerous_decode_unverified_value("bnVsbA.ZVPxAA.sig", &l).unwrap();
        assert_eq!(got.value, Value::Null);
        // A tuple at the top, tagged.
        let got = dangerous_decode_unverified_value("eyIgdCI6WzFdfQ.ZVPxAA.sig", &l).unwrap();
        assert_eq!(got.value, Value::Tuple(vec![1.into()]));
        assert_eq!(
            dangerous_decode_unverified_value("A.ZVPxAA.sig", &l).unwrap_err(),
            Error::BadPayload(PayloadError::Base64)
        );
    }

    #[test]
    fn unreadable_timestamp_still_decodes() {
        // "null" payload: an empty session, as Flask's open_session.
        let got = dangerous_decode_unverified("bnVsbA.A.sig", &Limits::new()).unwrap();
        assert!(got.session.is_empty());
        assert_eq!(got.timestamp, None);
        let got = dangerous_decode_unverified("bnVsbA.__________8.sig", &Limits::new()).unwrap();
        assert_eq!(got.timestamp, Some(u64::MAX));
        assert_eq!(got.claimed_signed_at(false), None);
        assert_eq!(got.claimed_signed_at(true), None);
        let got = dangerous_decode_unverified("bnVsbA..sig", &Limits::new()).unwrap();
        assert_eq!(got.timestamp, Some(0));
    }
}
