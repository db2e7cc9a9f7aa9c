//! base64url as itsdangerous writes it (no padding), read strictly by default.
//!
//! Wraps the `base64` crate so a dependency bump never changes our API.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

/// URL-safe alphabet, no padding on output; on input no padding and canonical
/// trailing bits (the `base64` crate rejects non-zero unused bits by default).
const STRICT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// Appends the unpadded base64url encoding of `input` to `out`.
pub(crate) fn encode_into(input: &[u8], out: &mut String) {
    STRICT.encode_string(input, out);
}

/// Writes the unpadded base64url encoding of `input` into `buf` (which must
/// hold [`encoded_len`] bytes), returning the encoded text; no allocation.
pub(crate) fn encode_to_slice<'a>(input: &[u8], buf: &'a mut [u8]) -> &'a str {
    let n = STRICT.encode_slice(input, buf).unwrap_or(0);
    buf.get(..n)
        .and_then(|b| core::str::from_utf8(b).ok())
        .unwrap_or_default()
}

/// Length of the unpadded encoding of `n` bytes.
pub(crate) const fn encoded_len(n: usize) -> usize {
    (n / 3) * 4
        + match n % 3 {
            0 => 0,
            1 => 2,
            _ => 3,
        }
}

/// Upper bound on the decoded length of `n` characters.
pub(crate) const fn decoded_len_bound(n: usize) -> usize {
    n.div_ceil(4) * 3
}

/// How to read base64 from a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Only the canonical form itsdangerous emits.
    Strict,
    /// Exactly what Python's `itsdangerous.encoding.base64_decode` accepts.
    Lenient,
}

/// Decodes `input`, appending to `out`. On error `out` may hold partial data.
pub(crate) fn decode_into(input: &[u8], mode: Mode, out: &mut Vec<u8>) -> Result<(), ()> {
    match mode {
        Mode::Strict => STRICT.decode_vec(input, out).map_err(|_| ()),
        Mode::Lenient => python_decode(input, out),
    }
}

/// Decodes into a fixed buffer (signatures and timestamps), returning the
/// decoded length. Fails if the output would not fit.
pub(crate) fn decode_to_slice(input: &[u8], mode: Mode, buf: &mut [u8]) -> Result<usize, ()> {
    match mode {
        Mode::Strict => {
            if decoded_len_bound(input.len()) > buf.len() + 2 {
                return Err(());
            }
            STRICT.decode_slice(input, buf).map_err(|_| ())
        }
        Mode::Lenient => {
            let mut v = Vec::new();
            python_decode(input, &mut v)?;
            let dst = buf.get_mut(..v.len()).ok_or(())?;
            dst.copy_from_slice(&v);
            Ok(v.len())
        }
    }
}

fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// A port of `itsdangerous.encoding.base64_decode` on the `bytes` it always
/// receives from `unsign` and `load_payload`: `=` padding added from the raw
/// length (junk and non-ASCII bytes included), `-_` translated to `+/`, then
/// CPython 3.11's non-strict `a2b_base64` (junk skipped, decoding stops at a
/// completing `=`, trailing bits unchecked).
fn python_decode(input: &[u8], out: &mut Vec<u8>) -> Result<(), ()> {
    let pad = (4 - input.len() % 4) % 4;
    let all = input
        .iter()
        .copied()
        .chain(core::iter::repeat(b'=').take(pad));

    let mut quad_pos = 0u8;
    let mut pads = 0u8;
    let mut acc: u32 = 0;
    let mut bits = 0u8;
    for ch in all {
        if ch == b'=' {
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    return Ok(());
                }
            }
            continue;
        }
        let Some(v) = sextet(ch) else { continue };
        pads = 0;
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
        quad_pos = (quad_pos + 1) % 4;
    }
    if quad_pos == 0 {
        Ok(())
    } else {
        Err(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(s: &str) -> Option<Vec<u8>> {
        let mut v = Vec::new();
        decode_into(s.as_bytes(), Mode::Strict, &mut v)
            .ok()
            .map(|()| v)
    }

    fn lenient(s: &[u8]) -> Option<Vec<u8>> {
        let mut v = Vec::new();
        decode_into(s, Mode::Lenient, &mut v).ok().map(|()| v)
    }

    #[test]
    fn strict_rejects_padding_junk_and_noncanonical_bits() {
        assert_eq!(strict("QUJD").unwrap(), b"ABC");
        assert_eq!(strict("QQ").unwrap(), b"A");
        assert_eq!(strict("").unwrap(), b"");
        for bad in [
            "QQ==", "QR", "Q", "QU JD", "a+b/", "QUJD=", "QUJ=D", ".QUJD",
        ] {
            assert!(strict(bad).is_none(), "{bad}");
        }
        assert_eq!(strict("a-b_").unwrap(), b"k\xe6\xff");
    }

    #[test]
    fn encoded_len_matches() {
        for n in 0..100 {
            let mut s = String::new();
            encode_into(&vec![7u8; n], &mut s);
            assert_eq!(s.len(), encoded_len(n));
        }
    }

    /// Every literal from spec section 1.3, as CPython 3.11.7 decoded them.
    #[test]
    fn lenient_matches_python_literals() {
        let ok: &[(&[u8], &[u8])] = &[
            (b"QUJD", b"ABC"),
            (b"QUI", b"AB"),
            (b"QQ", b"A"),
            (b"", b""),
            (b"QUJD!", b"ABC"),
            (b"Q!UJD", b"ABC"),
            (b"QU JD", b"ABC"),
            (b"QU\nJD", b"ABC"),
            (b"Q*U*J*D", b"ABC"),
            (b"QUJD=", b"ABC"),
            (b"QUJD==", b"ABC"),
            (b"QUJD===", b"ABC"),
            (b"QQ==", b"A"),
            (b"QQ=", b"A"),
            (b"QQ===", b"A"),
            (b"QQ==QUJD", b"A"),
            (b"=QUJD", b"ABC"),
            (b"a+b/", b"k\xe6\xff"),
            (b"a-b_", b"k\xe6\xff"),
            (b"a+b_", b"k\xe6\xff"),
            ("QUIé".as_bytes(), b"AB"),
            ("QUJDé".as_bytes(), b"ABC"),
            ("QUJDéé".as_bytes(), b"ABC"),
            (b"QUJ\x00D", b"ABC"),
            (b"QR", b"A"),
            (b"QUJ", b"AB"),
            (b"QUK", b"AB"),
            (b"QR==", b"A"),
            (b"QUJE", b"ABD"),
            (b"QUJDQQ", b"ABCA"),
            (b"QUJDQR", b"ABCA"),
            (b".QUJD", b"ABC"),
            (b"QU.JD", b"ABC"),
            (b"QUJ=D", b"AB"),
        ];
        for (input, want) in ok {
            assert_eq!(lenient(input).as_deref(), Some(*want), "{input:?}");
        }
        for bad in [&b"Q"[..], b"QQ=QUJD", b"Q=Q=", b"QUJDQ", b"QUI\xff"] {
            assert!(lenient(bad).is_none(), "{bad:?}");
        }
    }
}
