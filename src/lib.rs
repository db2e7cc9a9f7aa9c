#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// docs.rs (nightly) marks the items behind `http` with their feature.
#![cfg_attr(docsrs, feature(doc_cfg))]
// No panics on any input: library code may not unwrap, expect, panic or index.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

// Layered the way a cookie flows: bytes, base64, signature, timestamp,
// payload (zlib + JSON), tagged values, session, cookie header.
mod base64;
mod bigint;
mod codec;
mod compress;
mod config;
mod cookie;
mod cookie_header;
mod crack;
mod deflate;
mod dict;
mod error;
mod http_date;
mod idna;
#[cfg(feature = "http")]
mod integrations;
mod json;
mod json_detail;
mod json_read;
mod key;
mod mac;
mod midstate;
mod payload;
mod scratch;
mod serializer;
mod session;
mod signer;
mod tag;
mod timestamp;
mod trees;
mod untimed;
mod unverified;
mod value;
mod value_serde;

pub use codec::{Decoded, Opened, SaveOutcome, SessionCodec, SessionConfig, DEFAULT_LIFETIME};
pub use config::{Limits, SignerConfig, LEGACY_EPOCH};
pub use cookie::{
    expires_for, find_cookie, find_cookie_in, find_cookie_in_raw, needs_vary_cookie, CookieConfig,
    SameSite, SetCookie,
};
pub use crack::{Cracker, SigningAlgorithm};
pub use dict::{IntoIter as DictIntoIter, Iter as DictIter, IterMut as DictIterMut};
pub use error::{Error, LimitKind, PayloadError, Result, SignatureError};
#[cfg(feature = "http")]
pub use integrations::find_cookie_in_headers;
pub use key::{KeyMatch, Keys, SecretKey};
pub use mac::{Digest, KeyDerivation};
pub use serializer::{Serializer, Unverified};
pub use session::{Session, PERMANENT_KEY};
pub use signer::Signer;
pub use timestamp::{unix_now, Timed, TimestampSigner, MAX_TIMESTAMP};
pub use untimed::{UntimedSerializer, Verified};
pub use unverified::{
    dangerous_decode_unverified, dangerous_decode_unverified_json,
    dangerous_decode_unverified_value, UnverifiedSession, UnverifiedValue,
};
pub use value::{from_value, to_value, BigInt, Dict, Value, DEFAULT_MAX_DEPTH};

/// The [`time`](https://docs.rs/time/0.3) crate (0.3), whose
/// `OffsetDateTime` is [`Value::DateTime`]: through this path its version
/// always matches ours, with no `time` line of your own. Its macros
/// (`time::macros::datetime!`) are the exception: they expand to `::time::`
/// paths, which resolve only with `time` in your own `Cargo.toml` (rustdoc
/// gives this crate's doctests every dependency, so a doctest cannot show
/// it).
///
/// ```
/// use flask_cookie::time::OffsetDateTime;
/// use flask_cookie::Value;
/// let v = Value::from(OffsetDateTime::from_unix_timestamp(1_704_164_645)?);
/// assert_eq!(v.to_flask_json()?, r#"{" d":"Tue, 02 Jan 2024 03:04:05 GMT"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use time;

/// A xorshift64 stream: cheap, deterministic inputs for the unit tests.
#[cfg(test)]
fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
