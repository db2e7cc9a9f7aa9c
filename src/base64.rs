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
        Mode::Strict => {
            let start = out.len();
            let n = strict_decoded_len(input.len()).ok_or(())?;
            out.resize(start.checked_add(n).ok_or(())?, 0);
            let dst = out.get_mut(start..).ok_or(())?;
            strict_decode(input, dst).map(|_| ())
        }
        Mode::Lenient => python_decode(input, out),
    }
}

/// The decoded length of `n` characters of canonical unpadded base64, or
/// `None` if no such text has `n` characters (`n % 4 == 1`).
const fn strict_decoded_len(n: usize) -> Option<usize> {
    match n % 4 {
        1 => None,
        0 => Some(n / 4 * 3),
        r => Some(n / 4 * 3 + r - 1),
    }
}

/// For each of a quad's four positions, the sextet of each base64url
/// character already shifted to its place in the quad's 24 bits (18, 12, 6,
/// 0); for every other byte a flag bit (31) above those 24 bits, so one OR
/// over the assembled quads catches every bad character. Pre-shifted, a
/// quad is four loads and three ORs (no shifts): the decoder took about half
/// the instructions of the one-table version.
#[allow(clippy::indexing_slicing)] // const evaluation: out of range would not compile
static SEXTET: [[u32; 256]; 4] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut table = [[BAD; 256]; 4];
    let mut i = 0;
    while i < 64 {
        let c = alphabet[i] as usize;
        table[0][c] = (i as u32) << 18;
        table[1][c] = (i as u32) << 12;
        table[2][c] = (i as u32) << 6;
        table[3][c] = i as u32;
        i += 1;
    }
    table
};
const BAD: u32 = 1 << 31;

/// Four characters as 24 bits (plus flag bits above them if any is bad).
#[inline(always)]
#[allow(clippy::indexing_slicing)] // a u8 indexes 256 entries
fn quad([a, b, c, d]: [u8; 4]) -> u32 {
    let [t0, t1, t2, t3] = &SEXTET;
    t0[usize::from(a)] | t1[usize::from(b)] | t2[usize::from(c)] | t3[usize::from(d)]
}

/// Strict base64url: the alphabet only, no padding, zero unused bits in
/// the last character. Writes `strict_decoded_len(input.len())` bytes to
/// the front of `buf` and returns that length. Eight characters a step,
/// and one test of the OR of everything at the end instead of a branch per
/// character (the `base64` crate's decoder took about four times the
/// instructions on a small cookie); a unit test holds it to that crate's
/// verdicts and output.
fn strict_decode(input: &[u8], buf: &mut [u8]) -> Result<usize, ()> {
    let len = strict_decoded_len(input.len()).ok_or(())?;
    let buf = buf.get_mut(..len).ok_or(())?;
    let mut bad = 0u32;
    let mut octs = input.chunks_exact(8);
    let mut sixes = buf.chunks_exact_mut(6);
    for (oct, six) in (&mut octs).zip(&mut sixes) {
        let [a, b, c, d, e, f, g, h] = <[u8; 8]>::try_from(oct).map_err(|_| ())?;
        let (hi, lo) = (quad([a, b, c, d]), quad([e, f, g, h]));
        bad |= hi | lo;
        // Bytes 2..8 are the 48 data bits (flag bits land elsewhere or
        // only matter when the whole decode fails).
        let [_, _, x @ ..] = (u64::from(hi) << 24 | u64::from(lo)).to_be_bytes();
        six.copy_from_slice(&x);
    }
    // At most one whole quad and a tail of 2 or 3 characters are left.
    let (tail, rest) = match (octs.remainder(), sixes.into_remainder()) {
        ([a, b, c, d, more @ ..], [t0, t1, t2, out @ ..]) => {
            let n = quad([*a, *b, *c, *d]);
            bad |= n;
            let [_, x, y, z] = n.to_be_bytes();
            (*t0, *t1, *t2) = (x, y, z);
            (more, out)
        }
        other => other,
    };
    // Two characters make one byte and three make two; the bits past them
    // must be zero, as the canonical encoding writes them (a nonzero one
    // sets a bit above the 24 data bits of `bad`).
    match (tail, rest) {
        ([], []) => {}
        ([a, b], [t0]) => {
            let n = quad([b'A', b'A', *a, *b]);
            bad |= n | (n & 0xf) << 24;
            *t0 = (n >> 4) as u8;
        }
        ([a, b, c], [t0, t1]) => {
            let n = quad([b'A', *a, *b, *c]);
            bad |= n | (n & 0x3) << 24;
            let [_, _, x, y] = (n >> 2).to_be_bytes();
            (*t0, *t1) = (x, y);
        }
        _ => return Err(()),
    }
    if bad >> 24 != 0 {
        return Err(());
    }
    Ok(len)
}

/// Decodes into a fixed buffer (signatures and timestamps), returning the
/// decoded length. Fails if the output would not fit.
pub(crate) fn decode_to_slice(input: &[u8], mode: Mode, buf: &mut [u8]) -> Result<usize, ()> {
    match mode {
        Mode::Strict => strict_decode(input, buf),
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
    let all = input.iter().copied().chain(std::iter::repeat_n(b'=', pad));

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

    /// Our strict decoder against the `base64` crate's, configured the same
    /// way, on every length up to 70 over random text drawn mostly from the
    /// alphabet, with junk, padding and high bytes mixed in, and on every
    /// last character of each tail length (the unused bits).
    #[test]
    fn strict_decoder_agrees_with_the_base64_crate() {
        let reference = |s: &[u8]| -> Option<Vec<u8>> { STRICT.decode(s).ok() };
        let mut next = crate::xorshift(0x9e37_79b9_7f4a_7c15);
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut checked = [0usize; 2];
        for len in 0..70 {
            for _ in 0..2000 {
                let s: Vec<u8> = (0..len)
                    .map(|_| {
                        let r = next();
                        if r.is_multiple_of(97) {
                            [b'=', b'+', b'/', b' ', b'.', 0, 0x80, 0xff][(r >> 8) as usize % 8]
                        } else {
                            alphabet[(r >> 16) as usize % 64]
                        }
                    })
                    .collect();
                let mut v = vec![7u8; 3];
                let ours = decode_into(&s, Mode::Strict, &mut v)
                    .ok()
                    .map(|()| v.split_off(3));
                assert_eq!(v[..3], [7, 7, 7], "appends after what is there");
                assert_eq!(ours, reference(&s), "{s:?}");
                let mut buf = [0u8; 64];
                let sliced = decode_to_slice(&s, Mode::Strict, &mut buf)
                    .ok()
                    .map(|n| buf[..n].to_vec());
                assert_eq!(sliced, reference(&s).filter(|v| v.len() <= 64), "{s:?}");
                checked[usize::from(ours.is_some())] += 1;
            }
        }
        for prefix in ["", "QUJD", "QUJDRA"] {
            for tail in 1..=3 {
                for &c in alphabet.iter().chain(b"=+/.\x00") {
                    let mut s = prefix.as_bytes().to_vec();
                    s.extend(std::iter::repeat_n(b'Q', tail - 1));
                    s.push(c);
                    let mut v = Vec::new();
                    let ours = decode_into(&s, Mode::Strict, &mut v).ok().map(|()| v);
                    assert_eq!(ours, reference(&s), "{s:?}");
                }
            }
        }
        // Both verdicts were exercised plenty.
        assert!(checked[0] > 10_000 && checked[1] > 10_000, "{checked:?}");
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
