//! The JSON text of Flask sessions, byte for byte.
//!
//! * Writing reproduces `flask.sessions.session_json_serializer.dumps(v)`
//!   inside an app context: `json.dumps(tag(v), separators=(",", ":"),
//!   sort_keys=True, ensure_ascii=True, allow_nan=True)` with the C encoder.
//!   Values are tagged while they are written; no intermediate tree is built.
//! * Reading accepts exactly what `json.loads(payload.decode("utf-8"))`
//!   accepts (except lone surrogates, which a Rust `String` cannot hold), then
//!   untags bottom-up as Flask's `_untag_scan` does (see [`crate::tag`]).
//!
//! Neither direction recurses on input: reading uses an explicit stack capped
//! at `max_depth`, writing is capped at [`MAX_WRITE_DEPTH`] (or a given cap).
//! Depth counts JSON containers (`[` and `{`), including the ones the tags
//! add: a tuple is written as two (`{" t":[`), so anything written under a
//! cap of `n` reads back under a cap of `n`.

use core::fmt::Write as _;

use ::base64::Engine as _;

use crate::error::PayloadError;
use crate::tag;
use crate::value::{BigInt, Dict, Value};

/// The nesting cap [`write_tagged`] applies, in JSON containers.
pub(crate) const MAX_WRITE_DEPTH: usize = 512;

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

/// [`write_tagged`] with an explicit nesting cap, in JSON containers.
pub(crate) fn write_tagged_limited(
    value: &Value,
    max_depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), PayloadError> {
    let start = out.len();
    let result = write_value(value, 0, max_depth, out);
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
fn open_tag(key: &str, depth: usize, max_depth: usize, out: &mut Vec<u8>) -> Result<usize, PayloadError> {
    let depth = deeper(depth, max_depth)?;
    out.extend_from_slice(b"{\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    Ok(depth)
}

fn write_value(value: &Value, depth: usize, max_depth: usize, out: &mut Vec<u8>) -> Result<(), PayloadError> {
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
            open_tag(tag::DATETIME, depth, max_depth, out)?;
            write_str(&crate::http_date::format(*dt), out);
            out.push(b'}');
        }
    }
    Ok(())
}

fn write_seq(items: &[Value], depth: usize, max_depth: usize, out: &mut Vec<u8>) -> Result<(), PayloadError> {
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

fn write_dict(map: &Dict, depth: usize, max_depth: usize, out: &mut Vec<u8>) -> Result<(), PayloadError> {
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

/// A small stack buffer for `format!`-free formatting.
struct StackBuf {
    buf: [u8; 40],
    len: usize,
}

impl core::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(core::fmt::Error)?;
        self.buf
            .get_mut(self.len..end)
            .ok_or(core::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Appends Python's `float.__repr__` of `f` (as `json.dumps` writes floats
/// with `allow_nan=True`).
///
/// * Shortest round-trip digits (Rust's `{:e}` and Python's David Gay mode 0
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
    let mut sb = StackBuf { buf: [0; 40], len: 0 };
    if write!(sb, "{f:e}").is_err() {
        // Cannot happen: the longest f64 `{:e}` output is 24 bytes.
        out.extend_from_slice(b"NaN");
        return;
    }
    let text = sb.buf.get(..sb.len).unwrap_or_default();
    // text is `-?d(.d+)?e-?\d+`.
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let e_pos = text.iter().position(|&b| b == b'e').unwrap_or(text.len());
    let mantissa = text.get(..e_pos).unwrap_or_default();
    let exp_text = text.get(e_pos + 1..).unwrap_or_default();
    let mut digits = [0u8; 20];
    let mut n = 0usize;
    for &b in mantissa {
        if b.is_ascii_digit() {
            if let Some(slot) = digits.get_mut(n) {
                *slot = b;
                n += 1;
            }
        }
    }
    let digits = digits.get(..n).unwrap_or_default();
    let mut exp: i32 = 0;
    let (exp_neg, exp_digits) = match exp_text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, exp_text),
    };
    for &b in exp_digits {
        exp = exp.saturating_mul(10).saturating_add(i32::from(b.wrapping_sub(b'0')));
    }
    if exp_neg {
        exp = -exp;
    }
    // value = 0.d1d2... x 10^decpt
    let decpt = exp + 1;
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

/// How an ASCII byte is written inside a JSON string: 0 = as is,
/// `b'u'` = `\u00XX`, anything else = backslash and that byte.
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
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\' {
            i += 1;
            continue;
        }
        let action = if b < 0x80 { Some(escape_of(b)) } else { None };
        out.extend_from_slice(bytes.get(start..i).unwrap_or_default());
        match action {
            Some(b'u') => {
                write_u_escape(u32::from(b), out);
                i += 1;
            }
            Some(short) => {
                out.push(b'\\');
                out.push(short);
                i += 1;
            }
            None => {
                // Non-ASCII: i is on a char boundary (we only stop on ASCII
                // bytes and step over whole characters).
                let c = s.get(i..).and_then(|t| t.chars().next()).unwrap_or('\u{fffd}');
                let cp = u32::from(c);
                if cp >= 0x1_0000 {
                    let v = cp - 0x1_0000;
                    write_u_escape(0xd800 | (v >> 10), out);
                    write_u_escape(0xdc00 | (v & 0x3ff), out);
                } else {
                    write_u_escape(cp, out);
                }
                i += c.len_utf8();
            }
        }
        start = i;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// Python's int max str digits.
const MAX_INT_DIGITS: usize = 4300;

/// One open container while reading.
enum Frame {
    List(Vec<Value>),
    Dict(DictFrame),
}

struct DictFrame {
    map: Dict,
    /// The key whose value is being read.
    key: String,
    /// Keys in first-appearance order, kept only when this dict is the value
    /// of a `" t"` or `" di"` key (where Python's insertion order shows).
    order: Option<Vec<String>>,
    /// The `order` of the dict last stored under a `" t"`/`" di"` key.
    tag_child_order: Option<Vec<String>>,
}

/// Reads tagged JSON as Flask's `session_json_serializer.loads` does:
/// `json.loads(input.decode("utf-8"))`, then untagging bottom-up.
///
/// Accepts what Python accepts: any top-level value, `NaN`, `Infinity`,
/// `-Infinity`, integers of up to 4300 digits ([`Value::BigInt`] beyond
/// `i64`), duplicate keys (the last wins, at the place of the first),
/// surrounding space, tab, CR and LF. Rejects a UTF-8 BOM, invalid UTF-8,
/// raw control characters in strings and lone surrogate escapes
/// ([`PayloadError::LoneSurrogate`]; Python would make a `str` holding one).
///
/// `max_depth` caps nesting in containers; deeper input fails with
/// [`PayloadError::TooDeep`] without recursion.
pub(crate) fn read_tagged(input: &[u8], max_depth: usize) -> Result<Value, PayloadError> {
    let text = core::str::from_utf8(input).map_err(|_| PayloadError::Utf8)?;
    Reader {
        text,
        bytes: input,
        pos: 0,
    }
    .read(max_depth)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

/// A finished value, with the key order of a plain dict when it was tracked.
type Done = (Value, Option<Vec<String>>);

impl Reader<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes `lit` or fails.
    fn literal(&mut self, lit: &[u8]) -> Result<(), PayloadError> {
        let end = self.pos.checked_add(lit.len()).ok_or(PayloadError::Json)?;
        if self.bytes.get(self.pos..end) == Some(lit) {
            self.pos = end;
            Ok(())
        } else {
            Err(PayloadError::Json)
        }
    }

    fn read(mut self, max_depth: usize) -> Result<Value, PayloadError> {
        let mut stack: Vec<Frame> = Vec::new();
        self.skip_ws();
        'value: loop {
            // Read one value; containers push a frame and read their first
            // element (or close at once when empty).
            let mut done: Done = match self.peek() {
                Some(b'[') => {
                    if stack.len() >= max_depth {
                        return Err(PayloadError::TooDeep);
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        (Value::List(Vec::new()), None)
                    } else {
                        stack.push(Frame::List(Vec::new()));
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    if stack.len() >= max_depth {
                        return Err(PayloadError::TooDeep);
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        (Value::Dict(Dict::new()), None)
                    } else {
                        let track = matches!(
                            stack.last(),
                            Some(Frame::Dict(DictFrame { key, .. })) if key == tag::TUPLE || key == tag::DICT
                        );
                        let key = self.key()?;
                        stack.push(Frame::Dict(DictFrame {
                            map: Dict::new(),
                            key,
                            order: track.then(Vec::new),
                            tag_child_order: None,
                        }));
                        self.skip_ws();
                        continue 'value;
                    }
                }
                _ => (self.scalar()?, None),
            };
            // Attach the finished value to its parent, closing parents that
            // end here.
            loop {
                self.skip_ws();
                match stack.last_mut() {
                    None => {
                        return if self.pos == self.bytes.len() {
                            Ok(done.0)
                        } else {
                            Err(PayloadError::Json)
                        };
                    }
                    Some(Frame::List(items)) => {
                        items.push(done.0);
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let Some(Frame::List(items)) = stack.pop() else {
                                    return Err(PayloadError::Json);
                                };
                                done = (Value::List(items), None);
                            }
                            _ => return Err(PayloadError::Json),
                        }
                    }
                    Some(Frame::Dict(frame)) => {
                        let key = core::mem::take(&mut frame.key);
                        if key == tag::TUPLE || key == tag::DICT {
                            frame.tag_child_order = done.1;
                        }
                        match &mut frame.order {
                            Some(order) if !frame.map.contains_key(&key) => {
                                order.push(key.clone());
                                frame.map.insert(key, done.0);
                            }
                            _ => {
                                frame.map.insert(key, done.0);
                            }
                        }
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                frame.key = self.key()?;
                                self.skip_ws();
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let Some(Frame::Dict(frame)) = stack.pop() else {
                                    return Err(PayloadError::Json);
                                };
                                done = close_dict(frame)?;
                            }
                            _ => return Err(PayloadError::Json),
                        }
                    }
                }
            }
        }
    }

    /// Reads `"key"` and the `:` after it.
    fn key(&mut self) -> Result<String, PayloadError> {
        if self.peek() != Some(b'"') {
            return Err(PayloadError::Json);
        }
        self.pos += 1;
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(PayloadError::Json);
        }
        self.pos += 1;
        Ok(key)
    }

    /// Reads a string, literal or number.
    fn scalar(&mut self) -> Result<Value, PayloadError> {
        match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                self.string().map(Value::Str)
            }
            Some(b't') => self.literal(b"true").map(|()| Value::Bool(true)),
            Some(b'f') => self.literal(b"false").map(|()| Value::Bool(false)),
            Some(b'n') => self.literal(b"null").map(|()| Value::Null),
            Some(b'N') => self.literal(b"NaN").map(|()| Value::Float(f64::NAN)),
            Some(b'I') => self.literal(b"Infinity").map(|()| Value::Float(f64::INFINITY)),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(PayloadError::Json),
        }
    }

    /// Reads a number as Python's scanner does: `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`,
    /// or `-Infinity`. Without fraction or exponent it is an int.
    fn number(&mut self) -> Result<Value, PayloadError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
            if self.peek() == Some(b'I') {
                return self.literal(b"Infinity").map(|()| Value::Float(f64::NEG_INFINITY));
            }
        }
        let int_start = self.pos;
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(PayloadError::Json),
        }
        let int_end = self.pos;
        let mut is_float = false;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(PayloadError::Json);
            }
            self.digits();
            is_float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(PayloadError::Json);
            }
            self.digits();
            is_float = true;
        }
        let text = self.text.get(start..self.pos).ok_or(PayloadError::Json)?;
        if is_float {
            // Rust's parser is correctly rounded like Python's, and gives
            // +-inf on overflow (1e400) like Python's float().
            return text.parse::<f64>().map(Value::Float).map_err(|_| PayloadError::Json);
        }
        let n_digits = int_end - int_start;
        if n_digits <= 18 {
            let mut n: i64 = 0;
            for &b in self.bytes.get(int_start..int_end).unwrap_or_default() {
                n = n * 10 + i64::from(b - b'0');
            }
            return Ok(Value::Int(if negative { -n } else { n }));
        }
        if let Ok(n) = text.parse::<i64>() {
            return Ok(Value::Int(n));
        }
        if n_digits > MAX_INT_DIGITS {
            return Err(PayloadError::IntTooLong);
        }
        let digits = self.text.get(int_start..int_end).ok_or(PayloadError::Json)?;
        Ok(Value::BigInt(BigInt::from_canonical(negative, digits)))
    }

    #[inline]
    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    /// Reads the rest of a string whose opening quote was consumed.
    fn string(&mut self) -> Result<String, PayloadError> {
        let start = self.pos;
        // Fast path: no escapes.
        loop {
            match self.peek() {
                Some(b'"') => {
                    let s = self.text.get(start..self.pos).ok_or(PayloadError::Json)?;
                    self.pos += 1;
                    return Ok(s.to_owned());
                }
                Some(b'\\') => break,
                Some(b) if b < 0x20 => return Err(PayloadError::Json),
                Some(_) => self.pos += 1,
                None => return Err(PayloadError::Json),
            }
        }
        let mut out = String::with_capacity(self.pos - start + 16);
        out.push_str(self.text.get(start..self.pos).ok_or(PayloadError::Json)?);
        let mut chunk = self.pos;
        loop {
            match self.peek() {
                Some(b'"') => {
                    out.push_str(self.text.get(chunk..self.pos).ok_or(PayloadError::Json)?);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(chunk..self.pos).ok_or(PayloadError::Json)?);
                    self.pos += 1;
                    let esc = self.peek().ok_or(PayloadError::Json)?;
                    self.pos += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(PayloadError::Json),
                    }
                    chunk = self.pos;
                }
                Some(b) if b < 0x20 => return Err(PayloadError::Json),
                Some(_) => self.pos += 1,
                None => return Err(PayloadError::Json),
            }
        }
    }

    /// Four hex digits after `\u`.
    fn hex4(&mut self) -> Result<u32, PayloadError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = self.peek().and_then(tag::hex_val).ok_or(PayloadError::Json)?;
            v = (v << 4) | u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    /// The character of a `\uXXXX` escape whose `\u` was consumed, joining a
    /// surrogate pair. A lone surrogate is an error.
    fn unicode_escape(&mut self) -> Result<char, PayloadError> {
        let unit = self.hex4()?;
        let cp = match unit {
            0xd800..=0xdbff => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(PayloadError::LoneSurrogate);
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return Err(PayloadError::LoneSurrogate);
                }
                0x1_0000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
            }
            0xdc00..=0xdfff => return Err(PayloadError::LoneSurrogate),
            _ => unit,
        };
        char::from_u32(cp).ok_or(PayloadError::LoneSurrogate)
    }
}

/// Closes a dict: Flask's `untag` on it, after its children were untagged.
fn close_dict(frame: DictFrame) -> Result<Done, PayloadError> {
    let DictFrame {
        mut map,
        order,
        tag_child_order,
        ..
    } = frame;
    if tag::single_tag_key(&map) {
        if let Some((key, value)) = map.pop_first() {
            return Ok((tag::untag(&key, value, tag_child_order)?, None));
        }
    }
    Ok((Value::Dict(map), order))
}

