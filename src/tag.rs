//! Flask's `TaggedJSONSerializer` tags (`flask/json/tag.py`): the tag keys,
//! and the `to_python` half that turns a one-key tagged object back into a
//! [`Value`] while the JSON is read.
//!
//! The writing half lives in [`crate::json`], which tags while it writes.
//!
//! Where Python is more lenient than this module, the divergence is listed
//! on [`untag`].

use ::base64::alphabet;
use ::base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use ::base64::engine::DecodePaddingMode;
use ::base64::Engine as _;

use crate::error::PayloadError;
use crate::value::{Dict, Value};

/// `TagDict`: a one-key dict whose key is itself a tag key.
pub(crate) const DICT: &str = " di";
/// `TagTuple`.
pub(crate) const TUPLE: &str = " t";
/// `TagBytes`.
pub(crate) const BYTES: &str = " b";
/// `TagMarkup`.
pub(crate) const MARKUP: &str = " m";
/// `TagUUID`.
pub(crate) const UUID: &str = " u";
/// `TagDateTime`.
pub(crate) const DATETIME: &str = " d";

/// Standard base64 (`+/`) with `=` padding, as `base64.b64encode` writes it.
/// Decoding is strict: canonical padding, no trailing bits, nothing outside
/// the alphabet.
pub(crate) const STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_allow_trailing_bits(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// True for the keys of Flask's registered tags (`serializer.tags`).
#[inline]
pub(crate) fn is_tag_key(key: &str) -> bool {
    // Every tag key starts with a space and is 2 or 3 bytes long; most keys
    // are rejected by the first byte.
    key.as_bytes().first() == Some(&b' ')
        && matches!(key, DICT | TUPLE | BYTES | MARKUP | UUID | DATETIME)
}

/// The tag key of a dict that Flask would untag, if any: exactly one entry,
/// whose key is a registered tag.
#[inline]
pub(crate) fn single_tag_key(map: &Dict) -> bool {
    map.len() == 1 && map.keys().next().is_some_and(is_tag_key)
}

/// Lowercase hex digits.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `UUID.hex`: 32 lowercase hex digits, no dashes.
pub(crate) fn write_uuid_hex(uuid: &[u8; 16], out: &mut Vec<u8>) {
    for b in uuid {
        out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
        out.push(HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0'));
    }
}

/// `UUID.hex` as a `String`.
pub(crate) fn uuid_hex(uuid: &[u8; 16]) -> String {
    let mut out = Vec::with_capacity(32);
    write_uuid_hex(uuid, &mut out);
    // Only ASCII was written.
    String::from_utf8(out).unwrap_or_default()
}

/// `uuid.UUID(s)`: removes every `urn:` and then every `uuid:`, strips `{`
/// and `}` from both ends, removes every `-`, requires exactly 32 characters
/// (code points), and reads them with Python's `int(hex, 16)`.
///
/// That last step is CPython 3.11's, exactly: non-ASCII whitespace becomes a
/// space and non-ASCII decimal digits their ASCII digit (anything else
/// non-ASCII, or DEL, fails); then ASCII whitespace around, one `+`, a
/// `0x`/`0X` prefix with one optional `_` after it, and single `_` between
/// digits are accepted. Flask only ever writes 32 lowercase hex digits.
pub(crate) fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    let s = s.replace("urn:", "").replace("uuid:", "");
    let s: String = s
        .trim_matches(|c| c == '{' || c == '}')
        .chars()
        .filter(|&c| c != '-')
        .collect();
    if s.chars().count() != 32 {
        return None;
    }
    // _PyUnicode_TransformDecimalAndSpaceToASCII.
    let mut ascii = [0u8; 32];
    for (slot, c) in ascii.iter_mut().zip(s.chars()) {
        *slot = if u32::from(c) < 127 {
            c as u8
        } else if crate::http_date::py_isspace(c) {
            b' '
        } else {
            b'0' + u8::try_from(crate::http_date::py_decimal(c)?).ok()?
        };
    }
    py_int_base16(&ascii).map(u128::to_be_bytes)
}

/// CPython's `PyLong_FromString(s, base=16)` on ASCII text, for at most 32
/// characters (so the value fits in 128 bits, and `-` never reaches here:
/// `UUID()` removed it).
fn py_int_base16(s: &[u8]) -> Option<u128> {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let start = s.iter().position(|b| !is_space(b))?;
    let end = s.iter().rposition(|b| !is_space(b))? + 1;
    let mut rest = s.get(start..end)?;
    if let [b'+', tail @ ..] = rest {
        rest = tail;
    }
    if let [b'0', b'x' | b'X', tail @ ..] = rest {
        rest = tail.strip_prefix(b"_").unwrap_or(tail);
    }
    if rest.first() == Some(&b'_') || rest.last() == Some(&b'_') || rest.is_empty() {
        return None;
    }
    let mut value: u128 = 0;
    let mut prev_underscore = false;
    for &b in rest {
        if b == b'_' {
            if prev_underscore {
                return None;
            }
            prev_underscore = true;
            continue;
        }
        prev_underscore = false;
        value = value.checked_mul(16)? | u128::from(hex_val(b)?);
    }
    Some(value)
}

/// The value of one ASCII hex digit.
#[inline]
pub(crate) const fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Python's truthiness, for the few values `parse_date` can meet.
fn py_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::BigInt(_) | Value::Uuid(_) | Value::DateTime(_) => true,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) | Value::Markup(s) => !s.is_empty(),
        Value::List(l) | Value::Tuple(l) => !l.is_empty(),
        Value::Dict(d) => !d.is_empty(),
        Value::Bytes(b) => !b.is_empty(),
    }
}

/// `key[:-2]`: drops the last two *characters* (not bytes); shorter keys
/// become empty.
fn drop_two_chars(mut key: String) -> String {
    let cut = key.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
    key.truncate(cut);
    key
}

/// `TaggedJSONSerializer.untag` for a dict with exactly one entry `key: value`
/// where `key` is a registered tag. `value` has already been untagged
/// (Flask's `_untag_scan` works bottom-up).
///
/// `child_order` holds the keys of `value` in the order they first appeared
/// in the JSON text when `value` is a dict read straight from the text (Python
/// dicts keep insertion order, which `tuple(d)` and `next(iter(d))` see);
/// `None` means "use the map's own order", which is only right for dicts of
/// at most one key.
///
/// Python behaviour and where this differs:
///
/// * `" di"`: `{k[:-2]: v}` for the *first* key `k` of a dict; any other
///   value, or an empty dict, raises in Python and is [`PayloadError::Tag`]
///   here.
/// * `" t"`: `tuple(value)`. A list or tuple gives its items, a str (or
///   Markup) its characters, bytes their integer values, and a dict its keys
///   in first-appearance order, all as Python does. Anything else raises
///   `TypeError` in Python and is [`PayloadError::Tag`] here.
/// * `" b"`: Python's `b64decode` is lenient: it drops characters outside
///   the alphabet and accepts non-zero trailing bits. Here only canonical
///   standard base64 with padding is accepted, from a str, Markup or (as
///   Python allows) bytes; anything else is [`PayloadError::Tag`].
/// * `" m"`: `Markup(value)`, which turns a non-str into `str(value)`:
///   `{" m":5}` is `Markup('5')`, and null, booleans, ints and floats read
///   as Python writes them (`None`, `True`, `1.5`, `1e+16`, `nan`). A list,
///   dict or tagged value (Python's `repr` of it) is [`PayloadError::Tag`].
/// * `" u"`: `UUID(value)`, exactly (see [`parse_uuid`]); a non-str or a
///   string Python rejects is [`PayloadError::Tag`] (Python raises too).
///
/// Python untags after parsing, so a value that a later duplicate key
/// overwrites is never untagged there. The reader untags as it parses and,
/// when that meets a malformed tag, reads the text again in Python's order
/// (`json_read::python_order`), so such values are dropped unread here too (the
/// `decode/payload/dup_key_*` vectors).
/// * `" d"`: `werkzeug.http.parse_date(value)`: a str goes through
///   [`crate::http_date::parse`] and becomes [`Value::Null`] when that fails,
///   or [`PayloadError::Tag`] where Python raises `OverflowError` (a date
///   field past a C `int`, an offset past `timedelta`'s range), which
///   `parse_date` does not catch.
///   As in Python, null, bytes and any other falsy value give
///   [`Value::Null`], while any other truthy non-str raises
///   (`AttributeError`), which is [`PayloadError::Tag`] here.
pub(crate) fn untag(
    key: &str,
    value: Value,
    child_order: Option<Vec<String>>,
) -> Result<Value, PayloadError> {
    match key {
        DICT => untag_dict(value, child_order),
        TUPLE => untag_tuple(value, child_order),
        BYTES => match value {
            Value::Str(s) | Value::Markup(s) => decode_b64(s.as_bytes()),
            Value::Bytes(b) => decode_b64(&b),
            _ => Err(PayloadError::Tag),
        },
        MARKUP => match value {
            Value::Str(s) | Value::Markup(s) => Ok(Value::Markup(s)),
            other => py_str(&other).map(Value::Markup).ok_or(PayloadError::Tag),
        },
        UUID => match value {
            Value::Str(s) | Value::Markup(s) => {
                parse_uuid(&s).map(Value::Uuid).ok_or(PayloadError::Tag)
            }
            _ => Err(PayloadError::Tag),
        },
        DATETIME => match value {
            Value::Str(s) | Value::Markup(s) => {
                match crate::http_date::parse(&s) {
                    Ok(date) => Ok(date.map_or(Value::Null, Value::DateTime)),
                    // Werkzeug lets `OverflowError` through: Flask fails to load.
                    Err(crate::http_date::Overflow) => Err(PayloadError::Tag),
                }
            }
            Value::Bytes(_) => Ok(Value::Null),
            other if !py_truthy(&other) => Ok(Value::Null),
            _ => Err(PayloadError::Tag),
        },
        _ => {
            let mut map = Dict::new();
            map.insert(key.to_owned(), value);
            Ok(Value::Dict(map))
        }
    }
}

/// Python's `str(value)` of a JSON scalar (what `Markup(value)` holds), or
/// `None` for a container or tagged value, whose `repr` is not written here.
fn py_str(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Int(i) => i.to_string(),
        // At most 4300 digits (the reader's limit, and Python's for str).
        Value::BigInt(b) => b.to_string(),
        Value::Float(f) if f.is_nan() => "nan".to_owned(),
        Value::Float(f) if f.is_infinite() => if *f > 0.0 { "inf" } else { "-inf" }.to_owned(),
        Value::Float(f) => {
            let mut out = Vec::new();
            crate::json::write_py_float(*f, &mut out);
            String::from_utf8(out).ok()?
        }
        _ => return None,
    })
}

/// `TagDict.to_python`: `{key[:-2]: value[key]}` for the first key.
fn untag_dict(value: Value, child_order: Option<Vec<String>>) -> Result<Value, PayloadError> {
    let Value::Dict(mut map) = value else {
        return Err(PayloadError::Tag);
    };
    let first = match child_order.and_then(|o| o.into_iter().next()) {
        Some(k) => k,
        None => map
            .keys()
            .next()
            .map(str::to_owned)
            .ok_or(PayloadError::Tag)?,
    };
    let inner = map.remove(&first).ok_or(PayloadError::Tag)?;
    let mut out = Dict::new();
    out.insert(drop_two_chars(first), inner);
    Ok(Value::Dict(out))
}

/// `TagTuple.to_python`: `tuple(value)`.
fn untag_tuple(value: Value, child_order: Option<Vec<String>>) -> Result<Value, PayloadError> {
    Ok(Value::Tuple(match value {
        Value::List(items) | Value::Tuple(items) => items,
        Value::Str(s) | Value::Markup(s) => s.chars().map(|c| Value::Str(c.to_string())).collect(),
        Value::Bytes(b) => b.into_iter().map(|x| Value::Int(i64::from(x))).collect(),
        Value::Dict(map) => match child_order {
            Some(order) if order.len() == map.len() => order.into_iter().map(Value::Str).collect(),
            _ => map.into_keys().map(Value::Str).collect(),
        },
        _ => return Err(PayloadError::Tag),
    }))
}

/// Strict standard base64 with padding.
fn decode_b64(s: &[u8]) -> Result<Value, PayloadError> {
    STANDARD
        .decode(s)
        .map(Value::Bytes)
        .map_err(|_| PayloadError::Tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_keys() {
        for k in [" di", " t", " b", " m", " u", " d"] {
            assert!(is_tag_key(k), "{k}");
        }
        for k in ["", " ", " z", "t", " t ", " di__", " D", "  t"] {
            assert!(!is_tag_key(k), "{k}");
        }
    }

    #[test]
    fn uuid_forms() {
        // Every accepted form below was checked with Python's uuid.UUID.
        let want = [
            0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34,
            0x56, 0x78,
        ];
        for s in [
            "12345678123456781234567812345678",
            "12345678-1234-5678-1234-567812345678",
            "{12345678-1234-5678-1234-567812345678}",
            "{{12345678-1234-5678-1234-567812345678}}}",
            "urn:uuid:12345678-1234-5678-1234-567812345678",
            "uurn:uid:12345678123456781234567812345678",
            "1234-5678-1234-5678-1234-5678-1234-5678",
        ] {
            assert_eq!(parse_uuid(s), Some(want), "{s}");
        }
        assert_eq!(
            parse_uuid("ABCDEF78123456781234567812345678").map(|u| uuid_hex(&u)),
            Some("abcdef78123456781234567812345678".to_owned())
        );
        for s in [
            "",
            "zz",
            "1234567812345678123456781234567",
            "123456781234567812345678123456789",
            "1234567812345678123456781234567g",
            "{12345678-1234-5678-1234-567812345678}x",
        ] {
            assert_eq!(parse_uuid(s), None, "{s}");
        }
    }

    #[test]
    fn drop_two() {
        assert_eq!(drop_two_chars("ab".into()), "");
        assert_eq!(drop_two_chars("a".into()), "");
        assert_eq!(drop_two_chars(String::new()), "");
        assert_eq!(drop_two_chars(" t__".into()), " t");
        assert_eq!(drop_two_chars("é€x".into()), "é");
        assert_eq!(drop_two_chars("x😀😀".into()), "x");
    }

    #[test]
    fn base64_strict() {
        assert_eq!(decode_b64(b"QQ=="), Ok(Value::Bytes(b"A".to_vec())));
        assert_eq!(decode_b64(b""), Ok(Value::Bytes(Vec::new())));
        assert_eq!(
            decode_b64(b"APv/IGJpbmFyeQ=="),
            Ok(Value::Bytes(b"\x00\xfb\xff binary".to_vec()))
        );
        // Python: b'A' (non-zero trailing bits), b'\x00\xfb\xff' (junk dropped),
        // and errors for the rest.
        for s in [&b"QR=="[..], b"AP!v/", b"AP-_", b"QQ", b"QQ=", b"Q"] {
            assert_eq!(decode_b64(s), Err(PayloadError::Tag));
        }
    }
}
