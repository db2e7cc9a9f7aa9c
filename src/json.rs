//! The JSON text of Flask sessions, byte for byte.
//!
//! * Writing reproduces `flask.sessions.session_json_serializer.dumps(v)`
//!   inside an app context: `json.dumps(tag(v), separators=(",", ":"),
//!   sort_keys=True, ensure_ascii=True, allow_nan=True)` with the C encoder.
//!   Values are tagged while they are written; no intermediate tree is built.
//! * Reading (`json_read.rs`, re-exported here as [`read_tagged`]) accepts
//!   exactly what `json.loads(payload.decode("utf-8"))` accepts (except lone
//!   surrogates, which a Rust `String` cannot hold), then untags bottom-up as
//!   Flask's `_untag_scan` does (see [`crate::tag`]).
//!
//! Reading never recurses: it uses an explicit stack capped at `max_depth`.
//! Writing recurses once per container, capped at [`MAX_WRITE_DEPTH`] (or a
//! given cap); every cap is clamped to [`HARD_MAX_DEPTH`]. Depth counts JSON containers (`[` and `{`), including the ones the tags
//! add: a tuple is written as two (`{" t":[`), so anything written under a
//! cap of `n` reads back under a cap of `n`.

use ::base64::Engine as _;

use crate::error::PayloadError;
use crate::tag;
use crate::value::{BigInt, Dict, Value};

pub(crate) use crate::json_read::read_tagged;

/// The nesting cap [`write_tagged`] applies, in JSON containers.
pub(crate) const MAX_WRITE_DEPTH: usize = HARD_MAX_DEPTH;

/// A ceiling on every nesting cap, whatever the caller asks for: the
/// deepest session Flask can write and read back, with room to spare.
/// Flask's tagging and untagging recurse in Python, so under Python's
/// default recursion limit of 1000 Flask 3.1.3 writes and reads back at most
/// 495 containers on Python 3.11 (328 nested lists or dicts, 246 nested
/// tuples, which are two containers each) and 659 on Python 3.12 and 3.13,
/// which inline comprehensions (493 nested lists, 329 nested tuples), from
/// a shallow stack (`flask_deepest` in `tests/py/oracle.py`; tested live in
/// `tests/live_flask.rs`).
///
/// Values this deep are still safe for everything that recurses over a
/// [`Value`] on a 2 MiB thread stack in a debug build, with room for the
/// caller. Measured at 700 containers (debug, a thread's whole stack):
/// writing nested dicts 1.15 MiB (about 1.7 KiB a level), `Debug` 0.72 MiB
/// (`{:#?}`), serde_json's writer 0.75 MiB, clone and compare 0.64 MiB,
/// drop 0.13 MiB; reading never recurses (the Python-order pass for
/// malformed tags walks iteratively too). `from_value`, `to_value` and the
/// conversion to `serde_json::Value` take 2.4 to 5.2 KiB a level, so they
/// refuse values more than
/// [`MAX_SERDE_DEPTH`](crate::value_serde::MAX_SERDE_DEPTH) levels deep
/// instead (`hard_depth_ceiling`, `from_value_depth_ceiling`).
pub(crate) const HARD_MAX_DEPTH: usize = 700;

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// Appends the tagged JSON of `value` to `out`, byte-identical to Flask's
/// `session_json_serializer.dumps(value)` inside an app context.
///
/// Fails with [`PayloadError::TooDeep`] when the output would nest deeper
/// than [`MAX_WRITE_DEPTH`] containers; `out` is then left as it was.
pub(crate) fn write_tagged(value: &Value, out: &mut Vec<u8>) -> Result<(), PayloadError> {
    write_tagged_limited(value, MAX_WRITE_DEPTH, out)
}

/// [`write_tagged`] with an explicit nesting cap, in JSON containers (itself
/// capped at [`HARD_MAX_DEPTH`]).
pub(crate) fn write_tagged_limited(
    value: &Value,
    max_depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), PayloadError> {
    let start = out.len();
    let result = write_value(value, 0, max_depth.min(HARD_MAX_DEPTH), out);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// [`write_tagged_limited`] for a session's dictionary, written as the
/// `Value::Dict` it is without cloning it into one.
pub(crate) fn write_tagged_dict(
    map: &Dict,
    max_depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), PayloadError> {
    let start = out.len();
    let result = write_dict(map, 0, max_depth.min(HARD_MAX_DEPTH), out);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// Opens one more container, or fails when that would exceed the cap.
#[inline]
fn deeper(depth: usize, max_depth: usize) -> Result<usize, PayloadError> {
    if depth >= max_depth {
        Err(PayloadError::TooDeep)
    } else {
        Ok(depth + 1)
    }
}

/// Writes `{"<key>":` (the opening of a tagged value), one container deep.
#[inline]
fn open_tag(
    key: &str,
    depth: usize,
    max_depth: usize,
    out: &mut Vec<u8>,
) -> Result<usize, PayloadError> {
    let depth = deeper(depth, max_depth)?;
    out.extend_from_slice(b"{\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    Ok(depth)
}

fn write_value(
    value: &Value,
    depth: usize,
    max_depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), PayloadError> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Int(i) => write_i64(*i, out),
        Value::BigInt(b) => write_big_int(b, out),
        Value::Float(f) => write_py_float(*f, out),
        Value::Str(s) => write_str(s, out),
        Value::List(items) => write_seq(items, depth, max_depth, out)?,
        Value::Dict(map) => write_dict(map, depth, max_depth, out)?,
        Value::Tuple(items) => {
            let depth = open_tag(tag::TUPLE, depth, max_depth, out)?;
            write_seq(items, depth, max_depth, out)?;
            out.push(b'}');
        }
        Value::Bytes(bytes) => {
            open_tag(tag::BYTES, depth, max_depth, out)?;
            out.push(b'"');
            write_base64(bytes, out);
            out.extend_from_slice(b"\"}");
        }
        Value::Markup(s) => {
            open_tag(tag::MARKUP, depth, max_depth, out)?;
            write_str(s, out);
            out.push(b'}');
        }
        Value::Uuid(u) => {
            open_tag(tag::UUID, depth, max_depth, out)?;
            out.push(b'"');
            tag::write_uuid_hex(u, out);
            out.extend_from_slice(b"\"}");
        }
        Value::DateTime(dt) => {
            // Werkzeug's `http_date` converts to UTC first, and Python's
            // datetime raises `OverflowError` outside years 1 to 9999.
            if !(PY_MIN_UNIX..=PY_MAX_UNIX).contains(&dt.unix_timestamp()) {
                return Err(PayloadError::Serialize);
            }
            open_tag(tag::DATETIME, depth, max_depth, out)?;
            write_str(&crate::http_date::format(*dt), out);
            out.push(b'}');
        }
    }
    Ok(())
}

/// 0001-01-01 00:00:00 UTC and 9999-12-31 23:59:59 UTC: the instants a
/// Python datetime in UTC can hold.
const PY_MIN_UNIX: i64 = -62_135_596_800;
const PY_MAX_UNIX: i64 = 253_402_300_799;

fn write_seq(
    items: &[Value],
    depth: usize,
    max_depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), PayloadError> {
    let depth = deeper(depth, max_depth)?;
    out.push(b'[');
    let mut first = true;
    for item in items {
        if !first {
            out.push(b',');
        }
        first = false;
        write_value(item, depth, max_depth, out)?;
    }
    out.push(b']');
    Ok(())
}

fn write_dict(
    map: &Dict,
    depth: usize,
    max_depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), PayloadError> {
    // TagDict comes first in Flask's order: a one-key dict whose key is a tag
    // key is escaped as {" di":{"<key>__":<value>}}.
    if tag::single_tag_key(map) {
        if let Some((key, inner)) = map.iter().next() {
            let depth = open_tag(tag::DICT, depth, max_depth, out)?;
            let depth = deeper(depth, max_depth)?;
            out.extend_from_slice(b"{\"");
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"__\":");
            write_value(inner, depth, max_depth, out)?;
            out.extend_from_slice(b"}}");
            return Ok(());
        }
    }
    let depth = deeper(depth, max_depth)?;
    out.push(b'{');
    let mut first = true;
    // BTreeMap order is code point order, which is Python's sort_keys order.
    for (key, item) in map {
        if !first {
            out.push(b',');
        }
        first = false;
        write_str(key, out);
        out.push(b':');
        write_value(item, depth, max_depth, out)?;
    }
    out.push(b'}');
    Ok(())
}

/// Standard base64 with padding, straight into `out`.
fn write_base64(bytes: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    let len = bytes.len().div_ceil(3).saturating_mul(4);
    out.resize(start.saturating_add(len), 0);
    let written = out
        .get_mut(start..)
        .and_then(|buf| tag::STANDARD.encode_slice(bytes, buf).ok())
        .unwrap_or(0);
    out.truncate(start + written);
}

/// Appends an `i64` in decimal.
pub(crate) fn write_i64(i: i64, out: &mut Vec<u8>) {
    if i < 0 {
        out.push(b'-');
    }
    write_u64(i.unsigned_abs(), out);
}

/// Appends a `u64` in decimal.
pub(crate) fn write_u64(mut n: u64, out: &mut Vec<u8>) {
    let mut buf = [0u8; 20];
    let mut pos = buf.len();
    loop {
        pos -= 1;
        if let Some(slot) = buf.get_mut(pos) {
            // n % 10 < 10, so the cast is exact.
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || pos == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(pos..).unwrap_or_default());
}

fn write_big_int(b: &BigInt, out: &mut Vec<u8>) {
    if b.is_negative() {
        out.push(b'-');
    }
    out.extend_from_slice(b.digits().as_bytes());
}

/// Appends Python's `float.__repr__` of `f` (as `json.dumps` writes floats
/// with `allow_nan=True`).
///
/// * Shortest round-trip digits (Ryu's and Python's David Gay mode 0
///   both pick the shortest, then closest, digit string).
/// * Fixed notation when `-4 < decpt <= 16`, always with a fractional part
///   (`1.0`, `1000000000000000.0`); exponent notation otherwise, as
///   `d[.ddd]e+XX` / `e-XX` with at least two exponent digits (`1e+16`,
///   `1.5e-05`).
/// * `NaN`, `Infinity` and `-Infinity` bare, and `-0.0`.
pub(crate) fn write_py_float(f: f64, out: &mut Vec<u8>) {
    if f.is_nan() {
        out.extend_from_slice(b"NaN");
        return;
    }
    if f.is_infinite() {
        out.extend_from_slice(if f > 0.0 { b"Infinity" } else { b"-Infinity" });
        return;
    }
    if let Some((m, d)) = short_decimal(f.abs()) {
        if f < 0.0 {
            out.push(b'-');
        }
        write_fixed(m, d, out);
        return;
    }
    write_py_float_ryu(f, out);
}

/// `|f|` as `m / 10^d` when that is Python's repr of it, in fixed notation
/// with at most six decimals (prices, ratios, coordinates), else `None`.
/// On the 211 prices of the 4 KB benchmark session it saves about 375
/// instructions a float over Ryu and the re-layout after it.
///
/// Why the answer is Python's (shortest digits, then closest):
/// * `a = |f|` is in `[1e-4, 1e16)`, where Python's repr is fixed notation.
/// * For `d = 0, 1, ...` the decimals with `d` decimals that read back as `a`
///   are the integers `c` with `c / 10^d == a` (`c < 2^53` and `10^d` are
///   exact, and the division rounds correctly, as Python's `float()` does).
///   They lie within `ulp(a) / 2 * 10^d <= x * 2^-53 < 1/4` of the exact
///   `x = a * 10^d`, because `x < 2^51`: so there is at most one.
/// * The computed `x` is within `ulp(x) / 2 <= 1/8` of the exact one, so a
///   candidate is less than 3/8 from it: it can only be `round(x)`.
/// * The first `d` with a hit has the fewest digits (all candidates share
///   the leading digit's position, unless a power of ten reads back as `a`,
///   and then it is found first), and its candidate is the only one.
/// * It needs division rounded once, to double: off on x87-only targets
///   (32-bit x86 without SSE2), where Ryu does all the work.
fn short_decimal(a: f64) -> Option<(u64, usize)> {
    const POW10: [f64; 7] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6];
    const TWO_51: f64 = 2_251_799_813_685_248.0;
    if !EXACT_DIVISION || !(1e-4..1e16).contains(&a) {
        return None;
    }
    for (d, &p) in POW10.iter().enumerate() {
        let x = a * p;
        if x >= TWO_51 {
            return None;
        }
        // x.round() without the libm call (x86-64 has no rounding
        // instruction before SSE4.1): 0 <= x < 2^51, so the cast truncates
        // exactly and x - t, the fractional part, is exact.
        // (Signed: i64 converts to and from f64 in one instruction.)
        let t = x as i64;
        // 0 <= t < 2^51: the casts are exact.
        let m = t + i64::from(x - t as f64 >= 0.5);
        if m as f64 / p == a {
            return Some((m.unsigned_abs(), d));
        }
    }
    None
}

/// Whether `f64` arithmetic rounds once, to double, as the float fast paths
/// need: not with x87 (32-bit x86 without SSE2), which may round twice.
const EXACT_DIVISION: bool = cfg!(any(not(target_arch = "x86"), target_feature = "sse2"));

/// `I.F` (digits, a point, digits; no exponent) of at most 15 digits in all,
/// as `m / 10^d`: both are exact doubles, and the division rounds correctly
/// (Clinger's fast path), as Python's `float()` does. Skips the general
/// parser, which scans the text again, for prices and the like.
#[cfg(test)]
pub(crate) fn short_decimal_value(text: &[u8]) -> Option<f64> {
    if text.len() > 16 {
        return None;
    }
    let point = text.iter().position(|&b| b == b'.')?;
    let mut m: u64 = 0;
    for &b in text {
        match b {
            b'0'..=b'9' => m = m * 10 + u64::from(b - b'0'),
            b'.' => {}
            _ => return None,
        }
    }
    decimal_value(m, text.len() - 1, text.len() - point - 1)
}

/// The value of a decimal `I.F` without exponent whose `digits` digits in
/// all (`I` then `F`, leading zeros included) read as the integer `m`, with
/// `frac_digits` of them after the point: `m / 10^frac_digits` when there
/// are at most 15 digits, so both are exact doubles and the one division
/// rounds correctly (Clinger's fast path), as Python's `float()` does.
/// `None` for longer ones (the general parser's).
#[inline]
pub(crate) fn decimal_value(m: u64, digits: usize, frac_digits: usize) -> Option<f64> {
    const POW10: [f64; 16] = [
        1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    if !EXACT_DIVISION || digits > 15 {
        return None;
    }
    // At most 15 digits, so m < 10^15 < 2^53: the cast is exact.
    POW10.get(frac_digits).map(|&p| m as f64 / p)
}

/// Appends `m / 10^d` in fixed notation, with at least one decimal
/// (`m = 1099, d = 2` is `10.99`; `m = 5, d = 4` is `0.0005`; `d = 0` is
/// `m.0`).
fn write_fixed(m: u64, d: usize, out: &mut Vec<u8>) {
    let mut buf = [b'0'; 24];
    let mut pos = buf.len();
    let mut n = m;
    // The digits of m, right-aligned, and at least d + 1 of them (leading
    // zeros from the buffer's fill).
    while n > 0 || buf.len() - pos <= d {
        pos -= 1;
        if let Some(slot) = buf.get_mut(pos) {
            // n % 10 < 10, so the cast is exact.
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if pos == 0 {
            break;
        }
    }
    let point = buf.len() - d;
    out.extend_from_slice(buf.get(pos..point).unwrap_or_default());
    out.push(b'.');
    if d == 0 {
        out.push(b'0');
    } else {
        out.extend_from_slice(buf.get(point..).unwrap_or_default());
    }
}

/// [`write_py_float`] for a finite `f`, by Ryu.
fn write_py_float_ryu(f: f64, out: &mut Vec<u8>) {
    // Ryu's shortest digits, in whatever layout it prints (`1.5`, `1e16`,
    // `0.0001`, `1.5e-7`), taken apart into digits and a decimal exponent.
    let mut rb = ryu::Buffer::new();
    let text = rb.format_finite(f).as_bytes();
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let e_pos = text.iter().position(|&b| b == b'e').unwrap_or(text.len());
    let mantissa = text.get(..e_pos).unwrap_or_default();
    let mut exp10: i32 = 0;
    if let Some(exp_text) = text.get(e_pos + 1..) {
        let (exp_neg, exp_digits) = match exp_text.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, exp_text),
        };
        for &b in exp_digits {
            exp10 = exp10
                .saturating_mul(10)
                .saturating_add(i32::from(b.wrapping_sub(b'0')));
        }
        if exp_neg {
            exp10 = -exp10;
        }
    }
    // mantissa is `I[.F]`: value = 0.(I F) x 10^(len(I) + exp10); drop
    // leading zeros (moving the point) and trailing zeros.
    let int_len = mantissa
        .iter()
        .position(|&b| b == b'.')
        .unwrap_or(mantissa.len());
    let mut digits = [0u8; 20];
    let mut n = 0usize;
    let mut point = i32::try_from(int_len).unwrap_or(0);
    for &b in mantissa {
        if !b.is_ascii_digit() {
            continue;
        }
        if n == 0 && b == b'0' {
            point -= 1;
            continue;
        }
        if let Some(slot) = digits.get_mut(n) {
            *slot = b;
            n += 1;
        }
    }
    while n > 0 && digits.get(n - 1) == Some(&b'0') {
        n -= 1;
    }
    if n == 0 {
        // Zero: Python's `0.0`, as digits "0" with the point after them.
        if let Some(first) = digits.first_mut() {
            *first = b'0';
        }
        n = 1;
        point = 1;
    }
    let exp = point + exp10 - 1;
    // value = 0.d1d2... x 10^decpt
    let decpt = exp + 1;
    round_half_even(f, &mut digits, n, decpt);
    let digits = digits.get(..n).unwrap_or_default();
    if negative {
        out.push(b'-');
    }
    if -4 < decpt && decpt <= 16 {
        // decpt is in -3..=16 here, so the casts are exact.
        if decpt <= 0 {
            out.extend_from_slice(b"0.");
            out.resize(out.len() + decpt.unsigned_abs() as usize, b'0');
            out.extend_from_slice(digits);
        } else {
            let point = decpt.unsigned_abs() as usize;
            if point < digits.len() {
                out.extend_from_slice(digits.get(..point).unwrap_or_default());
                out.push(b'.');
                out.extend_from_slice(digits.get(point..).unwrap_or_default());
            } else {
                out.extend_from_slice(digits);
                out.resize(out.len() + (point - digits.len()), b'0');
                out.extend_from_slice(b".0");
            }
        }
    } else {
        let (first, rest) = digits.split_first().unwrap_or((&b'0', &[]));
        out.push(*first);
        if !rest.is_empty() {
            out.push(b'.');
            out.extend_from_slice(rest);
        }
        out.push(b'e');
        out.push(if exp < 0 { b'-' } else { b'+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push(b'0');
        }
        write_u64(u64::from(e), out);
    }
}

/// Python's shortest repr breaks ties between two equally close shortest
/// digit strings to the even last digit (David Gay's `dtoa` mode 0). Rust's
/// `{:e}`, which we used first, may pick the other one
/// (`-840847321408031.25` is `...031.2` in Python, `...031.3` from Rust).
/// Ryu already rounds such ties to even, so with it this is a cheap check
/// that finds nothing to fix, kept so the output does not depend on how the
/// shortest-digits library breaks ties. Fixes `digits` (the `n` ASCII digits
/// of the shortest form, value `0.d1d2... x 10^decpt`) in place.
///
/// A tie means `|f|` lies exactly halfway between `D` and `D +- 1` (as
/// `n`-digit integers scaled by `10^(decpt - n)`): with `|f| = m * 2^e`, `m`
/// odd, and `s = n - decpt`, that is `y = 2 * |f| * 10^s` being an odd
/// integer, which needs `e + 1 + s == 0`; then `y` is `2D - 1` or `2D + 1`.
fn round_half_even(f: f64, digits: &mut [u8; 20], n: usize, decpt: i32) {
    let Some(&last) = digits.get(n.wrapping_sub(1)) else {
        return;
    };
    if (last - b'0').is_multiple_of(2) || n > 17 {
        return;
    }
    let bits = f.abs().to_bits();
    let biased = i32::try_from(bits >> 52).unwrap_or(0);
    let fraction = bits & ((1 << 52) - 1);
    let (mut m, mut e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    if m == 0 {
        return;
    }
    let tz = m.trailing_zeros();
    m >>= tz;
    // tz < 64, so the cast is exact.
    e += tz as i32;
    let Ok(n_i32) = i32::try_from(n) else { return };
    let s = n_i32 - decpt;
    if e + 1 + s != 0 {
        return;
    }
    // y = m * 5^s (s >= 0), or m / 5^-s when that divides exactly.
    let mut y = m;
    if s >= 0 {
        for _ in 0..s {
            match y.checked_mul(5) {
                Some(v) => y = v,
                None => return,
            }
        }
    } else {
        for _ in 0..s.unsigned_abs() {
            if y % 5 != 0 {
                return;
            }
            y /= 5;
        }
    }
    let mut d: u64 = 0;
    for &b in digits.get(..n).unwrap_or_default() {
        d = d * 10 + u64::from(b - b'0');
    }
    let alt = if Some(y) == (2 * d).checked_sub(1) {
        d - 1
    } else if y == 2 * d + 1 {
        d + 1
    } else {
        return;
    };
    // Same digit count, no trailing zero (it would not be shortest), and it
    // must round-trip (the interval below a power of two is narrower).
    let alt_text = alt.to_string();
    if alt_text.len() != n || alt_text.ends_with('0') {
        return;
    }
    let scaled = format!("{alt_text}e{}", decpt - n_i32);
    if scaled.parse::<f64>().ok() != Some(f.abs()) {
        return;
    }
    for (slot, b) in digits.iter_mut().zip(alt_text.bytes()) {
        *slot = b;
    }
}

/// How an ASCII byte that [`find_special`] stops on is written inside a JSON
/// string: `b'u'` = `\u00XX`, anything else = backslash and that byte.
#[inline]
const fn escape_of(b: u8) -> u8 {
    match b {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0c => b'f',
        0x00..=0x1f | 0x7f => b'u',
        _ => 0,
    }
}

/// Appends `\uXXXX` with lowercase hex.
#[inline]
fn write_u_escape(unit: u32, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(b"\\u");
    for shift in [12u32, 8, 4, 0] {
        let nibble = (unit >> shift) & 0xf;
        out.push(HEX.get(nibble as usize).copied().unwrap_or(b'0'));
    }
}

/// Appends `s` as a JSON string the way Python's `ensure_ascii=True` C
/// encoder does: short escapes for `" \ \n \r \t \b \f`, `\uXXXX` (lowercase)
/// for every other code point below 0x20 or from 0x7f up, surrogate pairs for
/// astral characters, `/` unescaped.
pub(crate) fn write_str(s: &str, out: &mut Vec<u8>) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    match find_special::<true>(s.as_bytes()) {
        // The common case: nothing to escape.
        None => out.extend_from_slice(s.as_bytes()),
        Some(plain) => write_escaped(s, plain, out),
    }
    out.push(b'"');
}

/// The inside of [`write_str`] from the first byte to escape, at `plain`.
#[cold]
#[inline(never)]
fn write_escaped(s: &str, mut plain: usize, out: &mut Vec<u8>) {
    let mut rest = s;
    while let Some((head, tail)) = rest.get(..plain).zip(rest.get(plain..)) {
        out.extend_from_slice(head.as_bytes());
        let mut chars = tail.chars();
        let Some(c) = chars.next() else {
            break;
        };
        rest = chars.as_str();
        let cp = u32::from(c);
        if cp < 0x80 {
            // cp < 0x80, so the cast is exact.
            match escape_of(cp as u8) {
                b'u' => write_u_escape(cp, out),
                short => {
                    out.push(b'\\');
                    out.push(short);
                }
            }
        } else if cp >= 0x1_0000 {
            let v = cp - 0x1_0000;
            write_u_escape(0xd800 | (v >> 10), out);
            write_u_escape(0xdc00 | (v & 0x3ff), out);
        } else {
            write_u_escape(cp, out);
        }
        // Copy the longest run that needs no escape in one go.
        plain = find_special::<true>(rest.as_bytes()).unwrap_or(rest.len());
    }
}

/// The first byte of `s` that ends a plain run inside a JSON string: `"`,
/// `\` or a control character below 0x20, and with `WRITING` also 0x7f and
/// every non-ASCII byte (which `ensure_ascii` escapes). Eight bytes at a time.
#[inline]
pub(crate) fn find_special<const WRITING: bool>(s: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    /// High bit set in each byte of `v` that is zero: exact up to the first
    /// zero byte, and maybe set above it too (by the borrow).
    #[inline]
    const fn zero_bytes(v: u64) -> u64 {
        v.wrapping_sub(ONES) & !v & HIGHS
    }
    let is_special = |b: u8| b == b'"' || b == b'\\' || b < 0x20 || (WRITING && b >= 0x7f);
    // The special bytes among eight: the lowest set bit is the first.
    let hits = |x: u64| {
        // Any byte below 0x20: exact as "any" (bytes from 0x80 are masked
        // out by `!x`).
        let mut hit = zero_bytes(x ^ (ONES * u64::from(b'"')))
            | zero_bytes(x ^ (ONES * u64::from(b'\\')))
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGHS);
        if WRITING {
            hit |= zero_bytes(x ^ (ONES * 0x7f)) | (x & HIGHS);
        }
        // Each term's lowest set bit is a real hit (a borrow can only flag
        // bytes above one), so the lowest of all is the first.
        hit
    };
    let at = |hit: u64| (hit.trailing_zeros() / 8) as usize;
    let mut offset = 0;
    let mut chunks = s.chunks_exact(8);
    for chunk in &mut chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let hit = hits(u64::from_le_bytes(bytes));
        if hit != 0 {
            return Some(offset + at(hit));
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    let n = s.len();
    if !WRITING || rest.is_empty() {
        // (The reader's strings end at a `"`, which it mostly meets in the
        // eight-byte steps: it keeps the plain loop.)
        return rest.iter().position(|&b| is_special(b)).map(|i| offset + i);
    }
    if n >= 8 {
        // The last eight bytes: those before the remainder are plain, so
        // the first hit among them is the first in the remainder.
        let last = s.get(n - 8..).and_then(|t| <[u8; 8]>::try_from(t).ok())?;
        let hit = hits(u64::from_le_bytes(last));
        return (hit != 0).then(|| n - 8 + at(hit));
    }
    if n >= 4 {
        // The first and the last four bytes (overlapping), over four
        // spaces, which are plain.
        const SPACES: u64 = 0x2020_2020 << 32;
        let word = |t: Option<&[u8]>| {
            t.and_then(|t| <[u8; 4]>::try_from(t).ok())
                .map_or(SPACES, |w| u64::from(u32::from_le_bytes(w)) | SPACES)
        };
        let hit = hits(word(s.get(..4)));
        if hit != 0 {
            return Some(at(hit));
        }
        let hit = hits(word(s.get(n - 4..)));
        return (hit != 0).then(|| n - 4 + at(hit));
    }
    rest.iter().position(|&b| is_special(b))
}

#[cfg(test)]
mod tests {
    //! Every expected string below is the output of Flask 3.1.3 /
    //! Python 3.11 (`session_json_serializer.dumps` inside an app context, or
    //! `.loads`), not written by hand.

    use super::*;
    use time::macros::datetime;

    fn w(v: &Value) -> String {
        let mut out = Vec::new();
        write_tagged(v, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn r(s: &str) -> Result<Value, PayloadError> {
        read_tagged(s.as_bytes(), 128)
    }

    fn py_float(f: f64) -> String {
        let mut out = Vec::new();
        write_py_float(f, &mut out);
        String::from_utf8(out).unwrap()
    }

    fn dict<const N: usize>(entries: [(&str, Value); N]) -> Value {
        Value::Dict(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }

    fn list<const N: usize>(items: [Value; N]) -> Value {
        Value::List(items.into())
    }

    fn tuple<const N: usize>(items: [Value; N]) -> Value {
        Value::Tuple(items.into())
    }

    fn s(x: &str) -> Value {
        Value::Str(x.to_owned())
    }

    fn big(x: &str) -> Value {
        Value::from(BigInt::parse(x).unwrap())
    }

    const UUID_1234: [u8; 16] = [
        0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56,
        0x78,
    ];

    // --- writer ---------------------------------------------------------------

    #[test]
    fn floats_spec_6_6() {
        let floats = [
            0.1,
            1.0,
            -0.0,
            1e16,
            1e15,
            1.234_567_890_123_456_8e17,
            1.5e-05,
            0.0001,
            0.0001,
            2.5e-07,
            1e+301,
            core::f64::consts::PI,
            1.0 / 3.0,
            5e-324,
            f64::MAX,
        ];
        let v = dict([(
            "floats",
            Value::List(floats.iter().map(|&f| Value::Float(f)).collect()),
        )]);
        assert_eq!(
            w(&v),
            r#"{"floats":[0.1,1.0,-0.0,1e+16,1000000000000000.0,1.2345678901234568e+17,1.5e-05,0.0001,0.0001,2.5e-07,1e+301,3.141592653589793,0.3333333333333333,5e-324,1.7976931348623157e+308]}"#
        );
        assert_eq!(
            w(&dict([("nan", Value::Float(f64::NAN))])),
            r#"{"nan":NaN}"#
        );
        assert_eq!(
            w(&dict([("inf", Value::Float(f64::INFINITY))])),
            r#"{"inf":Infinity}"#
        );
        assert_eq!(
            w(&dict([("ninf", Value::Float(f64::NEG_INFINITY))])),
            r#"{"ninf":-Infinity}"#
        );
    }

    #[test]
    fn float_repr_checks() {
        let cases: [(f64, &str); 19] = [
            (9_999_999_999_999_998.0, "9999999999999998.0"),
            (1e16, "1e+16"),
            (0.0001, "0.0001"),
            (9.999e-05, "9.999e-05"),
            (1e22, "1e+22"),
            (1e-07, "1e-07"),
            (1.23e-18, "1.23e-18"),
            (9_007_199_254_740_992.0, "9007199254740992.0"),
            (100.0, "100.0"),
            (100_000.0, "100000.0"),
            (0.0, "0.0"),
            (-1.5, "-1.5"),
            (123_456.789, "123456.789"),
            (1e-5, "1e-05"),
            (0.001, "0.001"),
            (2.225_073_858_507_201_4e-308, "2.2250738585072014e-308"),
            (1e100, "1e+100"),
            (12_345_678_901_234_567.0, "1.2345678901234568e+16"),
            (0.300_000_000_000_000_04, "0.30000000000000004"),
        ];
        for (f, want) in cases {
            assert_eq!(py_float(f), want, "{f:e}");
        }
    }

    #[test]
    fn ints() {
        let v = dict([(
            "ints",
            list([
                Value::Int(0),
                Value::Int(-1),
                Value::Int(9_007_199_254_740_993),
                big("18446744073709551616"),
                big("-1180591620717411303424"),
                big("1000000000000000000000000000000"),
            ]),
        )]);
        assert_eq!(
            w(&v),
            r#"{"ints":[0,-1,9007199254740993,18446744073709551616,-1180591620717411303424,1000000000000000000000000000000]}"#
        );
        let v = list([
            Value::Int(i64::MAX),
            Value::Int(i64::MIN),
            big("9223372036854775808"),
            big("-9223372036854775809"),
        ]);
        assert_eq!(
            w(&v),
            "[9223372036854775807,-9223372036854775808,9223372036854775808,-9223372036854775809]"
        );
        assert_eq!(
            w(&list([Value::Bool(true), Value::Bool(false), Value::Null])),
            "[true,false,null]"
        );
    }

    #[test]
    fn strings() {
        let v = dict([(
            "str_ctrl",
            s("a\"b\\c/d\n\r\t\u{8}\u{c}\u{0}\u{1}\u{1f}\u{7f}\u{80}\u{e9}\u{2028}\u{2029}\u{feff}\u{ffff}"),
        )]);
        assert_eq!(
            w(&v),
            r#"{"str_ctrl":"a\"b\\c/d\n\r\t\b\f\u0000\u0001\u001f\u007f\u0080\u00e9\u2028\u2029\ufeff\uffff"}"#
        );
        let v = dict([("nonbmp", s("\u{1F600}\u{10000}\u{10FFFF}"))]);
        assert_eq!(
            w(&v),
            r#"{"nonbmp":"\ud83d\ude00\ud800\udc00\udbff\udfff"}"#
        );
        assert_eq!(
            w(&dict([("name", s("Zo\u{eb} \u{1F600}"))])),
            r#"{"name":"Zo\u00eb \ud83d\ude00"}"#
        );
    }

    #[test]
    fn key_order() {
        let v = dict([(
            "keys",
            dict([
                ("b", 1.into()),
                ("a", 2.into()),
                ("B", 3.into()),
                ("\u{e9}", 4.into()),
                ("\u{1F600}", 5.into()),
                ("\u{ff5e}", 6.into()),
                ("_", 7.into()),
                (" ", 8.into()),
                ("", 9.into()),
                ("aa", 10.into()),
            ]),
        )]);
        assert_eq!(
            w(&v),
            r#"{"keys":{"":9," ":8,"B":3,"_":7,"a":2,"aa":10,"b":1,"\u00e9":4,"\uff5e":6,"\ud83d\ude00":5}}"#
        );
    }

    #[test]
    fn tag_dict_spec_6_3() {
        let t12 = list([1.into(), 2.into()]);
        assert_eq!(
            w(&dict([("x", dict([(" t", t12)]))])),
            r#"{"x":{" di":{" t__":[1,2]}}}"#
        );
        assert_eq!(
            w(&dict([("y", dict([(" di", s("z"))]))])),
            r#"{"y":{" di":{" di__":"z"}}}"#
        );
        assert_eq!(
            w(&dict([(
                "z",
                dict([(" t", 1.into()), ("other", 2.into())])
            )])),
            r#"{"z":{" t":1,"other":2}}"#
        );
        assert_eq!(
            w(&dict([(" t", s("topkey"))])),
            r#"{" di":{" t__":"topkey"}}"#
        );
        let onekeys = list([
            dict([(" di", 1.into())]),
            dict([(" b", 1.into())]),
            dict([(" m", 1.into())]),
            dict([(" u", 1.into())]),
            dict([(" d", 1.into())]),
            dict([(" z", 1.into())]),
            dict([(" di__", 1.into())]),
            dict([("t", 1.into())]),
            dict([(" t", dict([(" t", 1.into())]))]),
        ]);
        assert_eq!(
            w(&onekeys),
            r#"[{" di":{" di__":1}},{" di":{" b__":1}},{" di":{" m__":1}},{" di":{" u__":1}},{" di":{" d__":1}},{" z":1},{" di__":1},{"t":1},{" di":{" t__":{" di":{" t__":1}}}}]"#
        );
    }

    #[test]
    fn tagged_types_spec_6_2() {
        let t = tuple([1.into(), s("a"), tuple([2.into(), 3.into()])]);
        assert_eq!(w(&t), r#"{" t":[1,"a",{" t":[2,3]}]}"#);
        assert_eq!(
            w(&Value::bytes(*b"\x00\xfb\xff binary")),
            r#"{" b":"APv/IGJpbmFyeQ=="}"#
        );
        assert_eq!(w(&Value::markup("<b>hi</b>")), r#"{" m":"<b>hi</b>"}"#);
        assert_eq!(
            w(&Value::markup("\u{e9}\"\n</script>")),
            r#"{" m":"\u00e9\"\n</script>"}"#
        );
        assert_eq!(
            w(&Value::Uuid(UUID_1234)),
            r#"{" u":"12345678123456781234567812345678"}"#
        );
        assert_eq!(
            w(&Value::DateTime(
                datetime!(2024-02-29 13:45:30.123456 +02:00)
            )),
            r#"{" d":"Thu, 29 Feb 2024 11:45:30 GMT"}"#
        );
        assert_eq!(
            w(&Value::DateTime(datetime!(2024-02-29 13:45:30 UTC))),
            r#"{" d":"Thu, 29 Feb 2024 13:45:30 GMT"}"#
        );
        let mut one = [0u8; 16];
        one[15] = 1;
        let nested = dict([
            (
                "list",
                list([
                    Value::bytes(*b"\x01"),
                    tuple([1.into()]),
                    dict([("k", Value::Uuid(one))]),
                ]),
            ),
            ("a", Value::Null),
            ("B", true.into()),
            ("f", 1.5.into()),
        ]);
        assert_eq!(
            w(&nested),
            r#"{"B":true,"a":null,"f":1.5,"list":[{" b":"AQ=="},{" t":[1]},{"k":{" u":"00000000000000000000000000000001"}}]}"#
        );
        let flashes = dict([(
            "_flashes",
            list([
                tuple([s("message"), s("Hello")]),
                tuple([s("error"), s("Bad")]),
            ]),
        )]);
        assert_eq!(
            w(&flashes),
            r#"{"_flashes":[{" t":["message","Hello"]},{" t":["error","Bad"]}]}"#
        );
    }

    #[test]
    fn empties_and_base64_lengths() {
        let v = list([
            Value::Dict(Dict::new()),
            list([]),
            tuple([]),
            Value::bytes(Vec::new()),
            Value::markup(""),
            s(""),
            dict([("", s(""))]),
        ]);
        assert_eq!(w(&v), r#"[{},[],{" t":[]},{" b":""},{" m":""},"",{"":""}]"#);
        let v = list([
            Value::bytes(*b""),
            Value::bytes(*b"a"),
            Value::bytes(*b"ab"),
            Value::bytes(*b"abc"),
            Value::bytes(*b"abcd"),
        ]);
        assert_eq!(
            w(&v),
            r#"[{" b":""},{" b":"YQ=="},{" b":"YWI="},{" b":"YWJj"},{" b":"YWJjZA=="}]"#
        );
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(
            w(&Value::Bytes(all)),
            r#"{" b":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w=="}"#
        );
    }

    /// The reader's fast path for `I.F` against the general (correctly
    /// rounded) parser, on decimals of 1 to 15 digits with the point
    /// anywhere, and on what it must leave to the general parser.
    #[test]
    fn short_decimal_value_agrees_with_parse() {
        let mut next = crate::xorshift(0x5ca1_ab1e_0bad_cafeu64);
        let mut taken = 0;
        for _ in 0..300_000 {
            let digits = 1 + (next() % 16) as usize;
            let text: String = (0..digits)
                .map(|_| char::from(b'0' + (next() % 10) as u8))
                .collect();
            let point = 1 + (next() as usize) % digits;
            let (i, f) = text.split_at(point);
            let f = if f.is_empty() { "0" } else { f };
            // JSON has no leading zeros.
            let i = match i.trim_start_matches('0') {
                "" => "0",
                rest => rest,
            };
            let s = format!("{i}.{f}");
            let want: f64 = s.parse().unwrap();
            match short_decimal_value(s.as_bytes()) {
                Some(v) => {
                    assert_eq!(v.to_bits(), want.to_bits(), "{s}");
                    taken += 1;
                }
                None => assert!(s.len() > 16, "{s}"),
            }
            let r = read_tagged(s.as_bytes(), 8).unwrap();
            assert_eq!(r, Value::Float(want), "{s}");
            let neg = format!("-{s}");
            assert_eq!(read_tagged(neg.as_bytes(), 8).unwrap(), Value::Float(-want));
        }
        assert!(taken > 200_000, "{taken}");
        for s in ["1e5", "1.5e3", "12345678901234567.5", "-0.0"] {
            let want: f64 = s.parse().unwrap();
            assert_eq!(read_tagged(s.as_bytes(), 8).unwrap(), Value::Float(want));
        }
        assert_eq!(short_decimal_value(b"1.5e3"), None);
        let Value::Float(z) = read_tagged(b"-0.0", 8).unwrap() else {
            panic!("not a float");
        };
        assert!(z.is_sign_negative());
    }

    /// The short-decimal path against the Ryu path (itself checked against
    /// Python by `tests/json_props.rs`), on the values it takes and their
    /// neighbours: every answer it gives must be Ryu's.
    #[test]
    fn short_decimal_agrees_with_ryu() {
        let mut next = crate::xorshift(0x0dd_ba11_cafe_f00du64);
        let mut values = Vec::new();
        let rounds: usize = std::env::var("FLASK_COOKIE_FLOAT_SCALE")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        for _ in 0..200_000 * rounds {
            let r = next();
            let d = (r % 9) as i32;
            let m = (next() >> 11) % 10u64.pow(1 + (r >> 8) as u32 % 16);
            let v = m as f64 / 10f64.powi(d);
            values.extend([
                v,
                f64::from_bits(v.to_bits() + 1),
                f64::from_bits(v.to_bits().saturating_sub(1)),
            ]);
            values.push(f64::from_bits(next() >> 2));
        }
        for e in -5..=16 {
            for m in [1.0, 9.999_999, 2.5, 1.000_000_1] {
                let v = m * 10f64.powi(e);
                values.extend([
                    v,
                    f64::from_bits(v.to_bits() + 1),
                    f64::from_bits(v.to_bits() - 1),
                ]);
            }
        }
        for d in 0..=6 {
            let v = 2f64.powi(51) / 10f64.powi(d);
            values.extend([
                v,
                f64::from_bits(v.to_bits() + 1),
                f64::from_bits(v.to_bits() - 1),
            ]);
        }
        // The proof needs a * 10^d < 2^51 at the d that answers: just past
        // that, nothing is taken (a 2^52 or 2^53 guard would take these).
        for d in 1..=6 {
            let p = 10f64.powi(d);
            // c / 10^d with c not a multiple of 10 has exactly d decimals.
            for c in ((1u64 << 51)..(1 << 51) + 2000).filter(|c| c % 10 != 0) {
                let v = c as f64 / p;
                assert_eq!(short_decimal(v), None, "{v} at d = {d}");
            }
        }
        let mut taken = 0;
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        for v in values {
            for f in [v, -v] {
                fast.clear();
                slow.clear();
                write_py_float(f, &mut fast);
                write_py_float_ryu(f, &mut slow);
                assert_eq!(fast, slow, "{:016x}", f.to_bits());
                taken += usize::from(short_decimal(f.abs()).is_some());
            }
        }
        // Most of the decimals above take the short path.
        assert!(taken > 250_000 * rounds, "{taken}");
    }

    #[test]
    fn find_special_matches_naive() {
        let naive = |s: &[u8], writing: bool| {
            s.iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20 || (writing && b >= 0x7f))
        };
        let mut next = crate::xorshift(0x1234_5678_9abc_def0);
        let interesting = [
            0u8, 0x1f, 0x20, b'"', b'\\', b'a', 0x7e, 0x7f, 0x80, 0xc3, 0xff, b'!', b'#', b'[',
            b']',
        ];
        for len in 0..40 {
            for _ in 0..500 {
                let s: Vec<u8> = (0..len)
                    .map(|_| interesting[(next() % interesting.len() as u64) as usize])
                    .collect();
                assert_eq!(find_special::<false>(&s), naive(&s, false), "{s:?}");
                assert_eq!(find_special::<true>(&s), naive(&s, true), "{s:?}");
            }
        }
        for b in 0..=255u8 {
            let mut s = vec![b'a'; 20];
            s[11] = b;
            assert_eq!(find_special::<false>(&s), naive(&s, false), "{b}");
            assert_eq!(find_special::<true>(&s), naive(&s, true), "{b}");
        }
        // One or two bytes of each kind at every place of plain strings of
        // every length around the 4- and 8-byte words (and their overlaps).
        for len in 0..26 {
            for at in 0..len {
                for &b in &interesting {
                    for second in [None, Some(len - 1), Some((at + 3).min(len - 1))] {
                        let mut s = vec![b'a'; len];
                        s[at] = b;
                        if let Some(j) = second {
                            s[j] = b'"';
                        }
                        assert_eq!(find_special::<false>(&s), naive(&s, false), "{s:?}");
                        assert_eq!(find_special::<true>(&s), naive(&s, true), "{s:?}");
                    }
                }
            }
        }
    }

    /// Every recursive operation on a value at the ceiling, on a thread
    /// with the 2 MiB stack that std and tokio give their threads.
    fn on_2_mib_stack(v: Value) {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let mut out = Vec::new();
                write_tagged_limited(&v, usize::MAX, &mut out).unwrap();
                assert_eq!(read_tagged(&out, usize::MAX).unwrap(), v);
                // from_value and to_value stop at MAX_SERDE_DEPTH levels
                // (tested at that depth in from_value_depth_ceiling).
                let back: Result<Value, _> = crate::value::from_value(&v);
                let again = crate::value::to_value(&v);
                if crate::value_serde::nests_deeper_than(&v, crate::value_serde::MAX_SERDE_DEPTH) {
                    let too_deep = Err(crate::Error::BadPayload(PayloadError::TooDeep));
                    assert_eq!(back, too_deep.clone());
                    assert_eq!(again, too_deep);
                } else {
                    assert_eq!(back.as_ref(), Ok(&v));
                    assert_eq!(again.as_ref(), Ok(&v));
                }
                assert!(format!("{v:?}").len() > HARD_MAX_DEPTH);
                assert_eq!(v.clone(), v);
                let text = serde_json::to_string(&v).unwrap();
                assert!(text.len() >= HARD_MAX_DEPTH, "serde_json writes it too");
                drop((v, again));
            })
            .unwrap()
            .join()
            .unwrap();
    }

    /// Malformed tags that Python never reads (parsed first, untagged
    /// after), and ones it does. Expected: Flask 3.1.3's
    /// `session_json_serializer.dumps(session_json_serializer.loads(text))`.
    #[test]
    fn malformed_tags_python_never_reads() {
        let cases = [
            (r#"{"a":{" b":5},"a":1}"#, r#"{"a":1}"#),
            (r#"{"a":[{" t":null}],"a":2}"#, r#"{"a":2}"#),
            (
                r#"{"a":{" t":{"b":{" b":5},"a":2,"b":3}}}"#,
                r#"{"a":{" t":["b","a"]}}"#,
            ),
            (
                r#"{"a":{" di":{"a__":{" b":5},"a__":3}}}"#,
                r#"{"a":{"a":3}}"#,
            ),
            (r#"{"x":{"a":{" t":5},"a":0}}"#, r#"{"x":{"a":0}}"#),
            (r#"{" t":[1],"z":{" b":5},"z":0}"#, r#"{" t":[1],"z":0}"#),
        ];
        for (text, flask) in cases {
            let v = read_tagged(text.as_bytes(), 128).unwrap();
            assert_eq!(w(&v), flask, "{text}");
        }
        // Python raises for these (TypeError, ValueError): the bad value
        // survives.
        for text in [
            r#"{"a":1,"a":{" b":5}}"#,
            r#"{"a":{" u":"x"},"b":{"c":1,"c":{" m":[1]}}}"#,
        ] {
            assert_eq!(
                read_tagged(text.as_bytes(), 128),
                Err(PayloadError::Tag),
                "{text}"
            );
        }
    }

    /// Flask: `TaggedJSONSerializer().dumps({"d": dt})` raises
    /// `OverflowError` when `dt` in UTC falls outside years 1 to 9999, and
    /// writes the edges themselves.
    #[test]
    fn datetimes_outside_pythons_years_are_refused() {
        use time::macros::datetime;
        for dt in [
            datetime!(9999-12-31 23:00 -02:00),
            datetime!(0001-01-01 00:30 +01:00),
            datetime!(-0001-06-01 00:00 UTC),
        ] {
            assert_eq!(
                write_tagged(&Value::DateTime(dt), &mut Vec::new()),
                Err(PayloadError::Serialize),
                "{dt}"
            );
        }
        assert_eq!(
            w(&Value::DateTime(datetime!(9999-12-31 23:59:59 UTC))),
            r#"{" d":"Fri, 31 Dec 9999 23:59:59 GMT"}"#
        );
        assert_eq!(
            w(&Value::DateTime(datetime!(0001-01-01 00:00 UTC))),
            r#"{" d":"Mon, 01 Jan 0001 00:00:00 GMT"}"#
        );
    }

    #[test]
    fn hard_depth_ceiling() {
        // Even when the caller allows more, HARD_MAX_DEPTH levels is the
        // most; and a value that deep survives everything that recurses
        // over it on a 2 MiB stack (this runs in debug builds, where frames
        // are largest): nested lists, nested dicts, and tuples (two JSON
        // levels each).
        let text = "[".repeat(HARD_MAX_DEPTH) + &"]".repeat(HARD_MAX_DEPTH);
        let v = read_tagged(text.as_bytes(), usize::MAX).unwrap();
        let mut out = Vec::new();
        write_tagged_limited(&v, usize::MAX, &mut out).unwrap();
        assert_eq!(out, text.as_bytes());
        on_2_mib_stack(v);
        let dicts = "{\"a\":".repeat(HARD_MAX_DEPTH - 1) + "{}" + &"}".repeat(HARD_MAX_DEPTH - 1);
        on_2_mib_stack(read_tagged(dicts.as_bytes(), usize::MAX).unwrap());
        let tuples = "{\" t\":[".repeat(HARD_MAX_DEPTH / 2) + &"]}".repeat(HARD_MAX_DEPTH / 2);
        on_2_mib_stack(read_tagged(tuples.as_bytes(), usize::MAX).unwrap());
        // The second, Python-order pass (a malformed tag sends the reader
        // there, signed or not) walks iteratively: at the ceiling, nested
        // dicts and lists, it needs no more than a 256 KiB stack (its
        // recursive form took 1.7 MiB for the lists, in a debug build).
        let dicts = |inner: &str| {
            "{\"a\":".repeat(HARD_MAX_DEPTH - 2) + inner + &"}".repeat(HARD_MAX_DEPTH - 2)
        };
        let lists = |inner: &str| {
            "{\"a\":".to_owned()
                + &"[".repeat(HARD_MAX_DEPTH - 3)
                + inner
                + &"]".repeat(HARD_MAX_DEPTH - 3)
                + "}"
        };
        for nest in [dicts, lists] {
            let (overwritten, flask) = (nest(r#"{"b":{" b":5},"b":1}"#), nest(r#"{"b":1}"#));
            let bad = nest(r#"{"z":{" u":"bad"},"y":1}"#);
            let (v, refused) = std::thread::Builder::new()
                .stack_size(256 << 10)
                .spawn(move || {
                    (
                        read_tagged(overwritten.as_bytes(), usize::MAX),
                        read_tagged(bad.as_bytes(), usize::MAX),
                    )
                })
                .unwrap()
                .join()
                .unwrap();
            // Writing recurses (about 1.7 KiB a level): on this thread.
            assert_eq!(w(&v.unwrap()), flask);
            assert_eq!(refused, Err(PayloadError::Tag));
        }
        let deeper = "[".repeat(HARD_MAX_DEPTH + 1) + &"]".repeat(HARD_MAX_DEPTH + 1);
        assert_eq!(
            read_tagged(deeper.as_bytes(), usize::MAX),
            Err(PayloadError::TooDeep)
        );
        let mut v = Value::Null;
        for _ in 0..=HARD_MAX_DEPTH {
            v = list([v]);
        }
        assert_eq!(
            write_tagged_limited(&v, usize::MAX, &mut Vec::new()),
            Err(PayloadError::TooDeep)
        );
    }

    /// `from_value` takes values nested up to `MAX_SERDE_DEPTH` lists,
    /// tuples or dicts deep on a 2 MiB stack in a debug build (nested dicts
    /// take the most, about 5.2 KiB a level), and refuses deeper ones with
    /// a typed error instead of overflowing; so do `to_value` (2.4 KiB a
    /// level) and the conversion into a `serde_json::Value` (3 KiB).
    #[test]
    fn from_value_depth_ceiling() {
        use crate::value_serde::MAX_SERDE_DEPTH as N;
        let nest = |n: usize, wrap: fn(Value) -> Value| (0..n).fold(Value::Null, |v, _| wrap(v));
        let shapes: [fn(Value) -> Value; 3] = [|v| list([v]), |v| dict([("a", v)]), |v| tuple([v])];
        for (levels, ok) in [(N, true), (N + 1, false)] {
            for wrap in shapes {
                let v = nest(levels, wrap);
                std::thread::Builder::new()
                    .stack_size(2 << 20)
                    .spawn(move || {
                        let back: Result<Value, _> = crate::value::from_value(&v);
                        // So do to_value and the conversion to plain JSON
                        // (which takes no tuples).
                        let again = crate::value::to_value(&v);
                        let json = serde_json::Value::try_from(&v);
                        let too_deep = crate::Error::BadPayload(PayloadError::TooDeep);
                        if ok {
                            assert_eq!(back.unwrap(), v);
                            assert_eq!(again.unwrap(), v);
                            if !matches!(v, Value::Tuple(_)) {
                                assert_eq!(Value::from(json.unwrap()), v);
                            }
                        } else {
                            assert_eq!(back, Err(too_deep.clone()));
                            assert_eq!(again, Err(too_deep.clone()));
                            assert_eq!(json, Err(too_deep));
                        }
                    })
                    .unwrap()
                    .join()
                    .unwrap();
            }
        }
    }

    /// A tuple or struct enum variant is `{variant: (..)}` or
    /// `{variant: {..}}`: `to_value` counts both levels.
    #[test]
    fn to_value_counts_both_levels_of_a_variant() {
        use crate::value_serde::{nests_deeper_than, MAX_SERDE_DEPTH as N};
        #[derive(serde::Serialize)]
        enum Nest {
            Pair(Box<Nest>, u8),
            Named { inner: Box<Nest> },
            Leaf,
        }
        for named in [false, true] {
            let nest = |levels: usize| {
                (0..levels).fold(Nest::Leaf, |v, _| match named {
                    false => Nest::Pair(Box::new(v), 1),
                    true => Nest::Named { inner: Box::new(v) },
                })
            };
            let v = crate::value::to_value(&nest(N / 2)).unwrap();
            assert!(nests_deeper_than(&v, N - 1) && !nests_deeper_than(&v, N));
            assert_eq!(
                crate::value::to_value(&nest(N / 2 + 1)),
                Err(crate::Error::BadPayload(PayloadError::TooDeep))
            );
        }
    }

    #[test]
    fn write_depth_is_capped() {
        let mut v = Value::Null;
        for _ in 0..MAX_WRITE_DEPTH {
            v = list([v]);
        }
        assert!(write_tagged(&v, &mut Vec::new()).is_ok());
        let deeper = list([v.clone()]);
        let mut out = b"prefix".to_vec();
        assert_eq!(write_tagged(&deeper, &mut out), Err(PayloadError::TooDeep));
        assert_eq!(out, b"prefix", "output is rolled back on error");
        // A tuple is two containers.
        let mut out = Vec::new();
        assert_eq!(
            write_tagged_limited(&tuple([tuple([])]), 3, &mut out),
            Err(PayloadError::TooDeep)
        );
        assert!(write_tagged_limited(&tuple([tuple([])]), 4, &mut out).is_ok());
        assert_eq!(read_tagged(&out, 4).unwrap(), tuple([tuple([])]));
        assert_eq!(read_tagged(&out, 3), Err(PayloadError::TooDeep));
        // A one-key tag-like dict is two containers too.
        let mut out = Vec::new();
        assert_eq!(
            write_tagged_limited(&dict([(" t", 1.into())]), 1, &mut out),
            Err(PayloadError::TooDeep)
        );
    }

    // --- reader ---------------------------------------------------------------

    #[test]
    fn lenient_json_spec_6_7() {
        let v = r(r#"{"a":NaN,"b":Infinity,"c":-Infinity}"#).unwrap();
        assert!(v.get("a").and_then(Value::as_f64).unwrap().is_nan());
        assert_eq!(v.get("b"), Some(&Value::Float(f64::INFINITY)));
        assert_eq!(v.get("c"), Some(&Value::Float(f64::NEG_INFINITY)));
        assert_eq!(r(r#"{"a":1,"a":2}"#), Ok(dict([("a", 2.into())])));
        assert_eq!(
            r(r#"{"x":1e400}"#),
            Ok(dict([("x", Value::Float(f64::INFINITY))]))
        );
        assert_eq!(
            r(r#"{"x":-1e400}"#),
            Ok(dict([("x", Value::Float(f64::NEG_INFINITY))]))
        );
        assert_eq!(r(r#"{"x":-0}"#), Ok(dict([("x", Value::Int(0))])));
        assert_eq!(r(r#"{"x":-0.0}"#), Ok(dict([("x", Value::Float(-0.0))])));
        assert_ne!(r(r#"{"x":-0.0}"#), Ok(dict([("x", Value::Float(0.0))])));
        assert_eq!(r(r#"{"x":1.0}"#), Ok(dict([("x", Value::Float(1.0))])));
        assert_eq!(
            r(r#"{"x":1e5}"#),
            Ok(dict([("x", Value::Float(100_000.0))]))
        );
        assert_eq!(
            r(r#"{"x":1E5}"#),
            Ok(dict([("x", Value::Float(100_000.0))]))
        );
        assert_eq!(r(r#"{"x":1e-5}"#), Ok(dict([("x", Value::Float(1e-5))])));
        assert_eq!(r("1e99999999999999999999"), Ok(Value::Float(f64::INFINITY)));
        assert_eq!(r("1e-400"), Ok(Value::Float(0.0)));
        assert_eq!(
            r(r#"{"x":12345678901234567890123}"#),
            Ok(dict([("x", big("12345678901234567890123"))]))
        );
        assert_eq!(
            r(r#"{"x":-12345678901234567890123}"#),
            Ok(dict([("x", big("-12345678901234567890123"))]))
        );
        assert_eq!(r("9223372036854775807"), Ok(Value::Int(i64::MAX)));
        assert_eq!(r("-9223372036854775808"), Ok(Value::Int(i64::MIN)));
        assert_eq!(r("9223372036854775808"), Ok(big("9223372036854775808")));
        assert!(matches!(r("9223372036854775808"), Ok(Value::BigInt(_))));
        assert_eq!(r("-9223372036854775809"), Ok(big("-9223372036854775809")));
        assert_eq!(r("100000000000000000000"), Ok(big("100000000000000000000")));
        // Either side of the 18 digits the reader sums while scanning.
        assert_eq!(
            r("-999999999999999999"),
            Ok(Value::Int(-999_999_999_999_999_999))
        );
        assert_eq!(
            r("1000000000000000000"),
            Ok(Value::Int(1_000_000_000_000_000_000))
        );
        // The decimal fast path: exponents and over 15 digits take the general parser.
        assert_eq!(r("-1.5e-3"), Ok(Value::Float(-1.5e-3)));
        assert_eq!(r("0.0000000000000001"), Ok(Value::Float(1e-16)));
        for bad in ["01", "1.", "-", "1.e5", "1e", "--1", "1.5e+"] {
            assert_eq!(r(bad), Err(PayloadError::Json), "{bad}");
        }
        // Python: 4300 digits load (with or without a sign), 4301 raise.
        let nines = "9".repeat(4300);
        assert_eq!(r(&nines), Ok(big(&nines)));
        assert_eq!(r(&format!("-{nines}")), Ok(big(&format!("-{nines}"))));
        assert_eq!(r(&format!("9{nines}")), Err(PayloadError::IntTooLong));
        assert_eq!(r(&format!("[-9{nines}]")), Err(PayloadError::IntTooLong));
        assert_eq!(
            r(" \t\n\r{\"a\" : [ 1 , 2 ] } \r\n"),
            Ok(dict([("a", list([1.into(), 2.into()]))]))
        );
        assert_eq!(r("{ }"), Ok(Value::Dict(Dict::new())));
        assert_eq!(r("[ ]"), Ok(list([])));
    }

    #[test]
    fn strings_read() {
        assert_eq!(
            r(r#""\ud83d\ude00\u00e9\/\b\f\n\r\t\"\\""#),
            Ok(s("\u{1F600}\u{e9}/\u{8}\u{c}\n\r\t\"\\"))
        );
        assert_eq!(r(r#""\uD83D\uDE00""#), Ok(s("\u{1F600}")));
        assert_eq!(r("\"a\u{7f}b\u{2028}\""), Ok(s("a\u{7f}b\u{2028}")));
        assert_eq!(r("\"\u{feff}\""), Ok(s("\u{feff}")));
        // Lone surrogates: Python makes a str holding one; we refuse.
        for lone in [
            r#"{"x":"\ud800"}"#,
            r#""\ude00""#,
            r#""\ud83d\u0041""#,
            r#""\ud83dx""#,
            r#""\ud83d""#,
            r#""\ud800x\udfff""#,
        ] {
            assert_eq!(r(lone), Err(PayloadError::LoneSurrogate), "{lone}");
        }
    }

    #[test]
    fn rejected_like_python() {
        // Each raises JSONDecodeError in Python.
        for bad in [
            "\u{feff}{}",
            "",
            " ",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "-01",
            "[01]",
            "1.",
            "1e",
            "1.5e",
            "1e5.0",
            ".5",
            "-",
            "- 1",
            "+1",
            "nan",
            "-NaN",
            "True",
            "Infinity1",
            "[1]x",
            "1 2",
            "\"\t\"",
            "\"a\u{1f}b\"",
            "\"\\x\"",
            "\"\\U0041\"",
            "\"\\u12\"",
            "\"\\u12G4\"",
            "{1:2}",
            "{\"a\"}",
            "{,}",
            "[,]",
            "\u{a0}1",
            "[1\u{a0}]",
            "\u{c}1",
            "[",
            "{\"a\":",
            "\"abc",
            "\"\\",
            "{\"a\" 1}",
            "[1 2]",
            "nul",
            "tru",
        ] {
            assert_eq!(r(bad), Err(PayloadError::Json), "{bad:?}");
        }
        assert_eq!(read_tagged(b"\"\xff\"", 128), Err(PayloadError::Utf8));
        assert_eq!(
            read_tagged(b"\"\xed\xa0\x80\"", 128),
            Err(PayloadError::Utf8)
        );
        assert_eq!(read_tagged(b"\xef\xbb\xbf{}", 128), Err(PayloadError::Json));
    }

    #[test]
    fn deep_input_fails_fast() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert_eq!(r(&deep), Err(PayloadError::TooDeep));
        let deep = "{\"a\":".repeat(100_000);
        assert_eq!(r(&deep), Err(PayloadError::TooDeep));
        let ok = "[".repeat(128) + &"]".repeat(128);
        assert!(r(&ok).is_ok());
        let too = "[".repeat(129) + &"]".repeat(129);
        assert_eq!(r(&too), Err(PayloadError::TooDeep));
        assert_eq!(read_tagged(b"[]", 0), Err(PayloadError::TooDeep));
        assert_eq!(read_tagged(b"1", 0), Ok(Value::Int(1)));
    }

    #[test]
    fn untag_spec_6_4() {
        assert_eq!(
            r(r#"{"x":{" di":{"ab":1}}}"#),
            Ok(dict([("x", dict([("", 1.into())]))]))
        );
        assert_eq!(
            r(r#"{"x":{" di":{"ab":1,"cd":2}}}"#),
            Ok(dict([("x", dict([("", 1.into())]))]))
        );
        assert_eq!(
            r(r#"{"x":{" t":[{" b":"QQ=="}]}}"#),
            Ok(dict([("x", tuple([Value::bytes(*b"A")]))]))
        );
        assert_eq!(r(r#"{"x":{" t":5}}"#), Err(PayloadError::Tag));
        assert_eq!(
            r(r#"{"x":{" u":"{12345678-1234-5678-1234-567812345678}"}}"#),
            Ok(dict([("x", Value::Uuid(UUID_1234))]))
        );
        assert_eq!(
            r(r#"{"x":{" u":"urn:uuid:12345678-1234-5678-1234-567812345678"}}"#),
            Ok(dict([("x", Value::Uuid(UUID_1234))]))
        );
        assert_eq!(
            r(r#"{"x":{" z":1}}"#),
            Ok(dict([("x", dict([(" z", 1.into())]))]))
        );
        assert_eq!(r(r#"{" t":[1]}"#), Ok(tuple([1.into()])));
        assert_eq!(
            r(r#"{" di":{" t__":"topkey"}}"#),
            Ok(dict([(" t", s("topkey"))]))
        );
        assert_eq!(
            r(r#"{"_flashes":[{" t":["message","Hello"]},{" t":["error","Bad"]}]}"#),
            Ok(dict([(
                "_flashes",
                list([
                    tuple([s("message"), s("Hello")]),
                    tuple([s("error"), s("Bad")])
                ])
            )]))
        );
        assert_eq!(
            r(r#"{"b":false,"f":0.1,"i":18446744073709551616,"n":null}"#),
            Ok(dict([
                ("b", false.into()),
                ("f", 0.1.into()),
                ("i", big("18446744073709551616")),
                ("n", Value::Null)
            ]))
        );
    }

    #[test]
    fn untag_edge_cases() {
        let ok: Vec<(&str, Value)> = vec![
            (r#"{" t":"ab"}"#, tuple([s("a"), s("b")])),
            (
                r#"{" t":"\u00e9\ud83d\ude00"}"#,
                tuple([s("\u{e9}"), s("\u{1F600}")]),
            ),
            (r#"{" t":{" m":"ab"}}"#, tuple([s("a"), s("b")])),
            (r#"{" t":{"b":1,"a":2,"b":3}}"#, tuple([s("b"), s("a")])),
            (r#"{" t":{" b":"QUI="}}"#, tuple([65.into(), 66.into()])),
            (r#"{" t":""}"#, tuple([])),
            (r#"{" t":{}}"#, tuple([])),
            (r#"{" t":{" t":[1]}}"#, tuple([1.into()])),
            (r#"{" t":{"x":{"b":1,"a":2}}}"#, tuple([s("x")])),
            (r#"{" t":[1]," t":{"x":1}}"#, tuple([s("x")])),
            (r#"{" b":{" b":"UVE9PQ=="}}"#, Value::bytes(*b"A")),
            (r#"{" b":{" m":"QQ=="}}"#, Value::bytes(*b"A")),
            (r#"{" b":""}"#, Value::bytes(*b"")),
            (
                r#"{" b":"APv/IGJpbmFyeQ=="}"#,
                Value::bytes(*b"\x00\xfb\xff binary"),
            ),
            (r#"{" m":"<b>hi</b>"}"#, Value::markup("<b>hi</b>")),
            (r#"{" m":{" m":"x"}}"#, Value::markup("x")),
            (
                r#"{" u":{" m":"12345678123456781234567812345678"}}"#,
                Value::Uuid(UUID_1234),
            ),
            (r#"{" di":{"a":1}}"#, dict([("", 1.into())])),
            (
                r#"{" di":{"\u00e9\u20acx":1}}"#,
                dict([("\u{e9}", 1.into())]),
            ),
            (r#"{" di":{"b":1,"a":2,"b":3}}"#, dict([("", 3.into())])),
            (r#"{" di":{" di":{"ab__":1}}}"#, dict([("", 1.into())])),
            (
                r#"{" di":{"x":{"b":1,"a":2}}}"#,
                dict([("", dict([("a", 2.into()), ("b", 1.into())]))]),
            ),
            (
                r#"{" di":{"b":{" t":[1]},"a":2}}"#,
                dict([("", tuple([1.into()]))]),
            ),
            (
                r#"{"a":{" t":[1]},"b":[{" b":"QQ=="},{" z":{" t":[]}}]}"#,
                dict([
                    ("a", tuple([1.into()])),
                    ("b", list([Value::bytes(*b"A"), dict([(" z", tuple([]))])])),
                ]),
            ),
            (
                r#"{" t":[1]," t2":2}"#,
                dict([(" t", list([1.into()])), (" t2", 2.into())]),
            ),
            (
                r#"[{" t":[]},{" t":[{" t":[]}]}]"#,
                list([tuple([]), tuple([tuple([])])]),
            ),
        ];
        for (input, want) in ok {
            assert_eq!(r(input), Ok(want), "{input}");
        }
        // Python raises for each of these (TypeError, ValueError,
        // binascii.Error, AttributeError, StopIteration).
        for bad in [
            r#"{" t":null}"#,
            r#"{" t":{" d":"garbage"}}"#,
            r#"{" t":1.5}"#,
            r#"{" t":true}"#,
            r#"{" t":{" u":"12345678123456781234567812345678"}}"#,
            r#"{" b":5}"#,
            r#"{" b":"\u00e9"}"#,
            r#"{" b":"QQ"}"#,
            r#"{" b":"AP-_"}"#,
            r#"{" b":[1]}"#,
            r#"{" u":"zz"}"#,
            r#"{" u":5}"#,
            r#"{" u":{" b":"QQ=="}}"#,
            r#"{" di":{}}"#,
            r#"{" di":"ab"}"#,
            r#"{" di":{" t":[1]}}"#,
            r#"{" di":[["a"]]}"#,
            r#"{" di":5}"#,
            r#"{" di":{"x__":1}," di":5}"#,
            r#"{" di":{" b":"QQ=="}}"#,
            r#"{" di":{" m":"ab"}}"#,
            r#"{" d":5}"#,
            r#"{" d":[1]}"#,
            r#"{" d":true}"#,
            r#"{" d":{"a":1}}"#,
            r#"{" d":1.5}"#,
            r#"{" d":{" u":"12345678123456781234567812345678"}}"#,
        ] {
            assert_eq!(r(bad), Err(PayloadError::Tag), "{bad}");
        }
        // Python accepts these leniently; we do not (documented divergences).
        for strict in [
            r#"{" b":"QR=="}"#,
            r#"{" b":"AP!v/"}"#,
            r#"{" m":[1]}"#,
            r#"{" m":{" t":[1]}}"#,
        ] {
            assert_eq!(r(strict), Err(PayloadError::Tag), "{strict}");
        }
        // (A scalar's Markup is its `str()`: the `decode/payload/tag_m_*`
        // vectors from Flask hold what it is.)
        // ...but `UUID()`'s `int(hex, 16)` leniency we reproduce (Python:
        // UUID('+1234567812345678123456781234567').hex).
        assert_eq!(
            r(r#"{" u":"+1234567812345678123456781234567"}"#).map(|v| w(&v)),
            Ok(r#"{" u":"01234567812345678123456781234567"}"#.to_owned())
        );
    }

    #[test]
    fn untag_datetimes() {
        let utc = datetime!(2024-02-29 11:45:30 UTC);
        assert_eq!(
            r(r#"{" d":"Thu, 29 Feb 2024 11:45:30 GMT"}"#),
            Ok(Value::DateTime(utc))
        );
        assert_eq!(
            r(r#"{" d":"Thu, 29 Feb 2024 11:45:30 +0200"}"#),
            Ok(Value::DateTime(datetime!(2024-02-29 11:45:30 +02:00)))
        );
        // Same instant, different offset: not equal.
        assert_ne!(
            r(r#"{" d":"Thu, 29 Feb 2024 11:45:30 +0200"}"#),
            Ok(Value::DateTime(datetime!(2024-02-29 09:45:30 UTC)))
        );
        assert_eq!(
            r(r#"{" d":"Thu, 29 Feb 2024 11:45:30"}"#),
            Ok(Value::DateTime(utc))
        );
        assert_eq!(
            r(r#"{" d":"29 Feb 2024 11:45:30 GMT"}"#),
            Ok(Value::DateTime(utc))
        );
        for none in [
            r#"{" d":"2024-02-29"}"#,
            r#"{" d":"garbage"}"#,
            r#"{" d":null}"#,
            r#"{" d":0}"#,
            r#"{" d":false}"#,
            r#"{" d":[]}"#,
            r#"{" d":{}}"#,
            r#"{" d":""}"#,
            r#"{" d":{" b":"QQ=="}}"#,
            r#"{" d":{" b":""}}"#,
            r#"{" d":{" t":[]}}"#,
            r#"{" d":-0.0}"#,
        ] {
            assert_eq!(r(none), Ok(Value::Null), "{none}");
        }
    }

    #[test]
    fn round_trip_examples() {
        for text in [
            r#"{"B":true,"a":null,"f":1.5,"list":[{" b":"AQ=="},{" t":[1]},{"k":{" u":"00000000000000000000000000000001"}}]}"#,
            r#"{"x":{" di":{" t__":[1,2]}}}"#,
            r#"{"y":{" di":{" di__":"z"}}}"#,
            r#"{" di":{" t__":{" di":{" t__":1}}}}"#,
            r#"{" d":"Thu, 29 Feb 2024 11:45:30 GMT"}"#,
            r#"[NaN,Infinity,-Infinity,-0.0,0.0,1e+16,5e-324]"#,
        ] {
            let v = r(text).unwrap();
            assert_eq!(w(&v), text);
        }
    }
}
