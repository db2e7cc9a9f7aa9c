#![doc = include_str!("../README.md")]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]

// Layered the way a cookie flows: bytes, base64, signature, timestamp,
// payload (zlib + JSON), tagged values, session, cookie header.
mod base64;
mod compress;
mod config;
mod cookie;
mod error;
mod http_date;
mod json;
mod key;
mod mac;
mod signer;
mod tag;
mod timestamp;
mod value;

pub use config::{Limits, SignerConfig, LEGACY_EPOCH};
pub use error::{Error, LimitKind, PayloadError, Result, SignatureError};
pub use key::{KeyMatch, Keys, SecretKey};
pub use mac::{Digest, KeyDerivation};
pub use signer::Signer;
pub use timestamp::{unix_now, Timed, TimestampSigner};
