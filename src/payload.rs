//! The payload between token and JSON: optional zlib (marked by a leading
//! `.`) and base64url, as itsdangerous' `URLSafeSerializerMixin` does it.

use std::cell::Cell;

use crate::base64::{self, Mode};
use crate::compress;
use crate::config::Limits;
use crate::error::PayloadError;
use crate::scratch;

/// The shortest input zlib could shrink by two bytes: a zlib stream is at least
/// 8 bytes (2 header, 2 deflate, 4 Adler-32), and itsdangerous compresses only
/// when `len(z) < len(json) - 1`.
const MIN_COMPRESSIBLE: usize = 10;

/// Appends the payload for `json` to `out`: `"." + b64(zlib(json))` when that
/// saves at least two bytes (itsdangerous' rule), else `b64(json)`.
/// Returns whether it compressed.
pub(crate) fn encode_into(json: &[u8], out: &mut String) -> bool {
    if json.len() >= MIN_COMPRESSIBLE {
        // The stream is only built (and base64'd) when it is short enough.
        let compressed = compress::with_compressed_if_shorter(json, json.len() - 1, |z| {
            out.reserve(1 + base64::encoded_len(z.len()));
            out.push('.');
            base64::encode_into(z, out);
        });
        if compressed {
            return true;
        }
    }
    out.reserve(base64::encoded_len(json.len()));
    base64::encode_into(json, out);
    false
}

thread_local! {
    /// Base64-decoded bytes and inflated JSON of the last payload on this
    /// thread, kept so decoding a cookie allocates no buffers once warm.
    static SCRATCH: Cell<(Vec<u8>, Vec<u8>)> = const { Cell::new((Vec::new(), Vec::new())) };
}

/// Scratch buffers grown past this are freed after use, so one large payload
/// does not pin up to [`Limits::max_inflated_len`] per thread.
const KEEP_CAPACITY: usize = 64 * 1024;

/// Decodes a payload to its JSON bytes and hands them to `f`: strips at most
/// one leading `.`, decodes base64 and, if there was a dot, inflates with the
/// cap. The bytes live in per-thread scratch buffers (the session JSON is not
/// secret: the client holds it in the clear).
pub(crate) fn decode_with<R>(
    payload: &[u8],
    mode: Mode,
    limits: &Limits,
    f: impl FnOnce(&[u8]) -> R,
) -> Result<R, PayloadError> {
    scratch::with(&SCRATCH, |(raw, json)| {
        let result = decode_into(payload, mode, limits, raw, json).map(f);
        scratch::recycle(raw, KEEP_CAPACITY);
        scratch::recycle(json, KEEP_CAPACITY);
        result
    })
}

/// [`decode_with`] into an owned vector.
#[cfg(test)]
pub(crate) fn decode(payload: &[u8], mode: Mode, limits: &Limits) -> Result<Vec<u8>, PayloadError> {
    decode_with(payload, mode, limits, <[u8]>::to_vec)
}

fn decode_into<'b>(
    payload: &[u8],
    mode: Mode,
    limits: &Limits,
    raw: &'b mut Vec<u8>,
    json: &'b mut Vec<u8>,
) -> Result<&'b [u8], PayloadError> {
    let (compressed, b64) = match payload.split_first() {
        Some((b'.', rest)) => (true, rest),
        _ => (false, payload),
    };
    raw.clear();
    raw.reserve(base64::decoded_len_bound(b64.len()));
    base64::decode_into(b64, mode, raw).map_err(|()| PayloadError::Base64)?;
    if !compressed {
        if raw.len() > limits.max_inflated_len() {
            return Err(PayloadError::InflatedTooLarge);
        }
        return Ok(raw);
    }
    json.clear();
    compress::inflate_capped(raw, limits.max_inflated_len(), json)?;
    Ok(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_follows_itsdangerous() {
        // URLSafeSerializer("secret-key").dumps({"k":"a"*100}) payload (spec 4.9).
        let json = format!("{{\"k\":\"{}\"}}", "a".repeat(100));
        let mut out = String::new();
        assert!(encode_into(json.as_bytes(), &mut out));
        assert_eq!(out, ".eJyrVspWslJKpANQqgUAaH8oCg");
        let mut out = String::new();
        assert!(!encode_into(br#"{"user":"alice"}"#, &mut out));
        assert_eq!(out, "eyJ1c2VyIjoiYWxpY2UifQ");
    }

    #[test]
    fn decode_both_forms() {
        let l = Limits::new();
        assert_eq!(
            decode(b".eJyrVspWslJKpANQqgUAaH8oCg", Mode::Strict, &l)
                .unwrap()
                .len(),
            108
        );
        assert_eq!(
            decode(b"eyJ1c2VyIjoiYWxpY2UifQ", Mode::Strict, &l).unwrap(),
            br#"{"user":"alice"}"#
        );
        assert_eq!(
            decode(b"..eJyrVspWslJKpANQqgUAaH8oCg", Mode::Strict, &l),
            Err(PayloadError::Base64)
        );
        // Python pads by raw length, junk included: this one fails there too.
        assert_eq!(
            decode(b"..eJyrVspWslJKpANQqgUAaH8oCg", Mode::Lenient, &l),
            Err(PayloadError::Base64)
        );
        assert_eq!(decode(b".QUJD", Mode::Strict, &l), Err(PayloadError::Zlib));
        let small = Limits::new().with_max_inflated_len(100);
        assert_eq!(
            decode(b".eJyrVspWslJKpANQqgUAaH8oCg", Mode::Strict, &small),
            Err(PayloadError::InflatedTooLarge)
        );
    }
}
