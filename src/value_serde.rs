//! The serde bridge: [`Value`] to and from any `Serialize`/`Deserialize`
//! type, with Flask's tagged types (tuples, bytes, `Markup`, UUIDs,
//! datetimes, big integers) carried through private newtype-struct names.

use core::fmt;
use std::cell::Cell;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize, SerializeMap as _, SerializeTuple as _};
use time::OffsetDateTime;

use crate::bigint::BigInt;
use crate::dict::{Builder, Dict, Key};
use crate::error::{Error, PayloadError};
use crate::value::Value;

/// The error inside the serde bridge. Messages are dropped: they may quote
/// the data.
#[derive(Debug)]
pub(crate) struct SerdeError(pub(crate) PayloadError);

impl fmt::Display for SerdeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for SerdeError {}

impl ser::Error for SerdeError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Self(PayloadError::Serialize)
    }
}

impl SerdeError {
    /// [`PayloadError::WrongType`] naming what was found.
    pub(crate) const fn found(found: &'static str) -> Self {
        Self(PayloadError::WrongType { found, field: None })
    }

    /// Names the struct field being read when a value did not fit, unless
    /// a field nested deeper was named already: `key` (from the cookie) is
    /// only ever shown as the type's own field name it equals.
    fn in_field(self, fields: &'static [&'static str], key: &str) -> Self {
        match self.0 {
            PayloadError::WrongType { field: None, .. } => {
                self.in_named_field(fields.iter().copied().find(|f| *f == key))
            }
            _ => self,
        }
    }

    /// Names `field` (a struct field, or none) as the one being read, unless
    /// a field nested deeper was named already.
    pub(crate) const fn in_named_field(self, field: Option<&'static str>) -> Self {
        match self.0 {
            PayloadError::WrongType { found, field: None } => {
                Self(PayloadError::WrongType { found, field })
            }
            _ => self,
        }
    }
}

/// The kind of `v` as a visitor sees it (a tuple is a list; `Markup`, a
/// UUID and a datetime are strings), for [`PayloadError::WrongType`].
pub(crate) const fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::BigInt(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Str(_) | Value::Markup(_) | Value::Uuid(_) | Value::DateTime(_) => "a string",
        Value::List(_) | Value::Tuple(_) => "a list",
        Value::Dict(_) => "a dict",
        Value::Bytes(_) => "bytes",
    }
}

/// An integer the integer type asked for does not take (a `BigInt` past
/// what it holds).
const OUT_OF_RANGE: SerdeError = SerdeError::found("an integer out of range");

/// Errors name the kind of value found and the struct field, never the
/// value or a key of its own (they came from the cookie); serde's messages
/// are dropped for the same reason.
impl de::Error for SerdeError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Self(PayloadError::Deserialize)
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, _expected: &dyn de::Expected) -> Self {
        use de::Unexpected as U;
        Self::found(match unexpected {
            U::Bool(_) => "a boolean",
            U::Unsigned(_) | U::Signed(_) => "an integer",
            U::Float(_) => "a float",
            U::Char(_) | U::Str(_) => "a string",
            U::Bytes(_) => "bytes",
            U::Unit => "null",
            U::Seq => "a list",
            U::Map => "a dict",
            _ => "another kind of value",
        })
    }

    /// The right kind of value, but not one the type takes: `300` for a
    /// `u8`, `-1` for a `u64`, `"ab"` for a `char`.
    fn invalid_value(unexpected: de::Unexpected<'_>, _expected: &dyn de::Expected) -> Self {
        use de::Unexpected as U;
        Self::found(match unexpected {
            U::Unsigned(_) | U::Signed(_) => "an integer out of range",
            U::Float(_) => "a float out of range",
            U::Char(_) | U::Str(_) => "a string it does not take",
            _ => "a value it does not take",
        })
    }

    fn invalid_length(_len: usize, _expected: &dyn de::Expected) -> Self {
        Self::found("a list of another length")
    }

    fn unknown_variant(_variant: &str, _expected: &'static [&'static str]) -> Self {
        Self::found("an unknown enum variant")
    }

    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> Self {
        Self::found("an unknown field")
    }

    /// The field's name is the type's own, not the cookie's.
    fn missing_field(field: &'static str) -> Self {
        Self(PayloadError::MissingField { field })
    }
}

/// serde `Serializer` methods that all do the same with their argument:
/// `ser_methods!(Ok; serialize_i8(i8), ... => |v| body)`.
macro_rules! ser_methods {
    ($ok:ty; $($method:ident($t:ty)),* => |$v:ident| $body:expr) => {$(
        fn $method(self, $v: $t) -> Result<$ok, SerdeError> {
            $body
        }
    )*};
}

/// serde `Deserializer` methods that all defer to one method of `self`.
macro_rules! de_methods {
    ($($method:ident),* => $via:ident) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
            self.$via(visitor)
        }
    )*};
}

const SER: SerdeError = SerdeError(PayloadError::Serialize);
const DE: SerdeError = SerdeError(PayloadError::Deserialize);

// Newtype-struct names that carry tagged values through serde, so that
// `to_value(&value)` and `from_value::<Value>(&value)` are exact. Other
// serializers see an ordinary newtype around a string.
const MAGIC_VALUE: &str = "$flask_cookie::private::Value";
pub(crate) const MAGIC_BIGINT: &str = "$flask_cookie::private::BigInt";
const MAGIC_MARKUP: &str = "$flask_cookie::private::Markup";
const MAGIC_UUID: &str = "$flask_cookie::private::Uuid";
const MAGIC_DATETIME: &str = "$flask_cookie::private::DateTime";
const MAGIC_TUPLE: &str = "$flask_cookie::private::Tuple";
const MAGIC_DICT: &str = "$flask_cookie::private::Dict";

thread_local! {
    /// Set by [`ValueDeserializer::visit_exact`] for the one `visit_map`
    /// call it makes, and taken by [`ValueVisitor::visit_map`] before it
    /// reads a key. Only then is a `MAGIC_*` first key a tagged value:
    /// the same key in a map from JSON or any other format is a plain dict
    /// key, so input data can never make a `Markup` (which Flask renders
    /// unescaped) or any other tagged value.
    static EXACT: Cell<bool> = const { Cell::new(false) };
}

/// Converts any `Serialize` type into a [`Value`] (no JSON text in between).
///
/// | serde data model             | [`Value`]                               |
/// |------------------------------|-----------------------------------------|
/// | bool, integers, floats       | `Bool`, `Int` (`BigInt` beyond `i64`), `Float` (an `f32` goes through its shortest decimal form, so `0.1f32` is `0.1`) |
/// | char, str                    | `Str`                                   |
/// | bytes (`serde_bytes`)        | `Bytes` (a plain `Vec<u8>` is a seq: `List`) |
/// | unit, unit struct, `None`    | `Null`                                  |
/// | seq                          | `List`                                  |
/// | tuple, tuple struct          | `Tuple`                                 |
/// | map, struct                  | `Dict`                                  |
/// | enum variants                | as `serde_json`: `"Unit"`, `{"Newtype": v}`, `{"Tuple": Tuple}`, `{"Struct": Dict}` |
///
/// Map keys become strings as Python's `json.dumps` makes them: strings as
/// is, integers in decimal, bools as `"true"`/`"false"`, `None`/unit as
/// `"null"`, floats as Python's repr. Any other key type fails. (Python sorts
/// integer keys numerically before turning them into strings; a [`Dict`] is
/// always in string order.)
///
/// [`Value`] itself round-trips exactly, tagged types included.
///
/// # Errors
///
/// [`Error::BadPayload`] with [`PayloadError::Serialize`] when the value's
/// `Serialize` fails or a map key cannot be a string, or with
/// [`PayloadError::TooDeep`] when it nests more than 256 sequences and maps
/// deep (as [`from_value`] refuses them: the conversion recurses with large
/// frames). Options and newtype structs add no level: a type nesting only
/// those (`struct N(Option<Box<N>>)`) recurses as deep as the value does,
/// here as in serde_json.
///
/// # Examples
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Session { user: String, flashes: Vec<(String, String)> }
///
/// let s = Session { user: "alice".into(), flashes: vec![("message".into(), "Hi".into())] };
/// let v = flask_cookie::to_value(&s)?;
/// assert_eq!(v.to_flask_json()?, r#"{"flashes":[{" t":["message","Hi"]}],"user":"alice"}"#);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
pub fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<Value, Error> {
    v.serialize(ValueSerializer {
        human_readable: true,
        depth: 0,
    })
    .map_err(|e| Error::BadPayload(e.0))
}

/// Converts a [`Value`] into any `DeserializeOwned` type (no JSON text in
/// between).
///
/// * `List` and `Tuple` are both sequences.
/// * `Bytes` are bytes, and also a sequence of `u8`. `serde_json::Value`
///   takes no bytes: read them into a `Vec<u8>` (or `serde_bytes`), or see
///   the session as Flask's JSON text with [`Value::to_flask_json`].
/// * `Markup` is a string; `Uuid` is its 32-hex-digit string (or its 16
///   bytes when bytes are asked for); `DateTime` is its HTTP-date string
///   (`Tue, 14 Nov 2023 22:13:20 GMT`: into an `OffsetDateTime` field with
///   `#[serde(with = "time::serde::rfc2822")]`, `time`'s `serde-well-known`
///   feature; or take the field as a [`Value`] for the exact value).
/// * A `BigInt` goes into any integer type it fits (`u64`, `i128`, `u128`)
///   and into floats; another integer type refuses it as `"an integer out
///   of range"`, and a `String` as `"an integer"`, as it refuses an `Int`.
///   Where the target takes anything (`deserialize_any`, e.g.
///   `serde_json::Value`), a `BigInt` beyond `u64` is given as its decimal
///   string.
/// * Dict keys go into integer or bool keys when they parse as such.
/// * Enums are externally tagged, as in `serde_json`.
///
/// [`Value`] itself round-trips exactly, tagged types included.
///
/// # Errors
///
/// [`Error::BadPayload`] with [`PayloadError::WrongType`] when the value is
/// of another kind than the type takes, or one it does not take (a number
/// out of range, an unknown enum variant), naming the kind found and the
/// struct field holding it; with [`PayloadError::MissingField`] naming a
/// field the dict lacks; with [`PayloadError::Deserialize`] when the
/// type's own `Deserialize` refuses it otherwise; or with [`PayloadError::TooDeep`] when
/// it nests more than 256 lists, tuples and dicts deep (a session Flask
/// writes can nest up to 493 deep, and serde's visitors recurse with large
/// frames: read a value deeper than that through [`Value`]'s accessors).
///
/// # Examples
///
/// ```
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Session { user: String, visits: u32 }
///
/// let v = flask_cookie::Value::from_flask_json(r#"{"user":"alice","visits":3}"#)?;
/// let s: Session = flask_cookie::from_value(&v)?;
/// assert_eq!(s, Session { user: "alice".into(), visits: 3 });
/// # Ok::<(), flask_cookie::Error>(())
/// ```
pub fn from_value<T: de::DeserializeOwned>(v: &Value) -> Result<T, Error> {
    within_serde_depth(v)?;
    T::deserialize(ValueDeserializer(v)).map_err(|e| Error::BadPayload(e.0))
}

/// [`from_value`] on a dict that is not inside a [`Value`] (a session's),
/// without copying it.
pub(crate) fn from_dict<T: de::DeserializeOwned>(d: &Dict) -> Result<T, Error> {
    if dict_nests_deeper_than(d, MAX_SERDE_DEPTH) {
        return Err(Error::BadPayload(PayloadError::TooDeep));
    }
    T::deserialize(DictDeserializer(d)).map_err(|e| Error::BadPayload(e.0))
}

/// The most lists, tuples and dicts nested in one another that
/// [`from_value`] takes: in a debug build its visitors take up to 5.2 KiB a
/// level (nested dicts), 1.3 MiB at this depth, which leaves room on a
/// 2 MiB thread stack. Decoding, writing, `Debug`, clone, compare and drop
/// take the deepest value a cookie can hold (700 JSON containers).
pub(crate) const MAX_SERDE_DEPTH: usize = 256;

/// `TooDeep` when `v` nests more than [`MAX_SERDE_DEPTH`] levels: the
/// check before a conversion that recurses over it.
pub(crate) fn within_serde_depth(v: &Value) -> Result<(), Error> {
    if nests_deeper_than(v, MAX_SERDE_DEPTH) {
        return Err(Error::BadPayload(PayloadError::TooDeep));
    }
    Ok(())
}

/// Whether `v` holds containers nested more than `levels` deep. Recurses at
/// most `levels` frames, and returns at the first path found too deep.
pub(crate) fn nests_deeper_than(v: &Value, levels: usize) -> bool {
    match v {
        Value::List(items) | Value::Tuple(items) => {
            levels == 0 || items.iter().any(|i| nests_deeper_than(i, levels - 1))
        }
        Value::Dict(map) => dict_nests_deeper_than(map, levels),
        _ => false,
    }
}

/// [`nests_deeper_than`] for a dict (itself one level).
fn dict_nests_deeper_than(map: &Dict, levels: usize) -> bool {
    levels == 0 || map.values().any(|i| nests_deeper_than(i, levels - 1))
}

// --- Serialize / Deserialize for Value --------------------------------------

/// A datetime inside the [`MAGIC_DATETIME`] newtype: the HTTP date for
/// human-readable formats, [`exact_datetime`] otherwise (the form this
/// crate's own serializer asks for).
struct DateTimeRepr(OffsetDateTime);

impl Serialize for DateTimeRepr {
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&crate::http_date::format(self.0))
        } else {
            s.serialize_str(&exact_datetime(self.0))
        }
    }
}

/// `"<local date-time as Unix nanos> <offset seconds>"`: exact, and in range
/// for every `OffsetDateTime` (whose UTC instant may lie outside the range
/// when the offset pushes it there).
fn exact_datetime(dt: OffsetDateTime) -> String {
    format!(
        "{} {}",
        dt.replace_offset(time::UtcOffset::UTC)
            .unix_timestamp_nanos(),
        dt.offset().whole_seconds()
    )
}

fn parse_exact_datetime(s: &str) -> Option<OffsetDateTime> {
    let (nanos, offset) = s.split_once(' ')?;
    let offset = time::UtcOffset::from_whole_seconds(offset.parse().ok()?).ok()?;
    Some(
        OffsetDateTime::from_unix_timestamp_nanos(nanos.parse().ok()?)
            .ok()?
            .replace_offset(offset),
    )
}

impl Serialize for Value {
    /// Plain JSON types map to the serde data model directly; a `Tuple` is a
    /// tuple and `Bytes` are bytes. `Markup`, `Uuid` (hex), `DateTime` (HTTP
    /// date) and a `BigInt` beyond `u64` (decimal) are newtype structs around
    /// a string, which this crate's own [`to_value`] turns back into the
    /// exact value.
    fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => s.serialize_unit(),
            Self::Bool(b) => s.serialize_bool(*b),
            Self::Int(i) => s.serialize_i64(*i),
            Self::BigInt(b) => match b.to_u64() {
                Some(u) => s.serialize_u64(u),
                None => s.serialize_newtype_struct(MAGIC_BIGINT, &b.to_string()),
            },
            Self::Float(f) => s.serialize_f64(*f),
            Self::Str(x) => s.serialize_str(x),
            Self::List(items) => s.collect_seq(items),
            Self::Dict(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            Self::Tuple(items) => {
                let mut t = s.serialize_tuple(items.len())?;
                for item in items {
                    t.serialize_element(item)?;
                }
                t.end()
            }
            Self::Bytes(b) => s.serialize_bytes(b),
            Self::Markup(m) => s.serialize_newtype_struct(MAGIC_MARKUP, m.as_str()),
            Self::Uuid(u) => s.serialize_newtype_struct(MAGIC_UUID, &crate::tag::uuid_hex(u)),
            Self::DateTime(d) => s.serialize_newtype_struct(MAGIC_DATETIME, &DateTimeRepr(*d)),
        }
    }
}

impl<'de> de::Deserialize<'de> for Value {
    /// From any self-describing format; from this crate's own
    /// [`from_value`], exact (tagged types included). Only that path makes
    /// tagged values: from JSON or any other format, a map is a `Dict`
    /// whatever its keys.
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(MAGIC_VALUE, ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Bytes(v.to_vec()))
    }
    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Value, E> {
        Ok(Value::Bytes(v))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        de::Deserialize::deserialize(d)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        // Taken first, before any other deserializer runs (see EXACT). A
        // thread being torn down reads false: a plain dict.
        let exact = EXACT.try_with(|e| e.replace(false)).unwrap_or(false);
        let Some(first) = map.next_key::<String>()? else {
            return Ok(Value::Dict(Dict::new()));
        };
        let bad = || <A::Error as de::Error>::custom("malformed tagged value");
        // Outside our own conversion no key is a tag: "" matches none.
        let tag = if exact { first.as_str() } else { "" };
        Ok(match tag {
            MAGIC_TUPLE => Value::Tuple(map.next_value()?),
            MAGIC_DICT => Value::Dict(map.next_value()?),
            MAGIC_MARKUP => Value::Markup(map.next_value()?),
            MAGIC_UUID => {
                Value::Uuid(crate::tag::parse_uuid(&map.next_value::<String>()?).ok_or_else(bad)?)
            }
            MAGIC_BIGINT => {
                Value::from(BigInt::parse(&map.next_value::<String>()?).map_err(|_| bad())?)
            }
            MAGIC_DATETIME => {
                Value::DateTime(parse_exact_datetime(&map.next_value::<String>()?).ok_or_else(bad)?)
            }
            _ => {
                // Any key order in O(n log n), the last repeat winning.
                let mut dict = Builder::new();
                dict.push(Key::from(first), map.next_value()?);
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    dict.push(Key::from(k), v);
                }
                Value::Dict(dict.finish())
            }
        })
    }
}

// --- Serializer: T -> Value ----------------------------------------------------

#[derive(Clone, Copy)]
struct ValueSerializer {
    human_readable: bool,
    /// Lists, tuples and dicts around the value being serialized: more
    /// than [`MAX_SERDE_DEPTH`] is [`PayloadError::TooDeep`], so that
    /// `to_value` of a deep value (a decoded session's, say) stays within a
    /// 2 MiB debug-build stack (about 2.4 KiB a level for nested lists).
    depth: usize,
}

impl ValueSerializer {
    /// The serializer for the items of a container opened here.
    fn inner(self) -> Result<Self, SerdeError> {
        if self.depth >= MAX_SERDE_DEPTH {
            return Err(SerdeError(PayloadError::TooDeep));
        }
        Ok(Self {
            depth: self.depth + 1,
            ..self
        })
    }
}

/// `f32` through its shortest decimal form, so `0.1f32` becomes `0.1`
/// (also what the generic serializers write for an `f32`).
pub(crate) fn f32_to_f64(v: f32) -> f64 {
    if v.is_finite() {
        v.to_string().parse().unwrap_or(f64::from(v))
    } else {
        f64::from(v)
    }
}

impl ser::Serializer for ValueSerializer {
    type Ok = Value;
    type Error = SerdeError;
    type SerializeSeq = SeqSerializer;
    type SerializeTuple = SeqSerializer;
    type SerializeTupleStruct = SeqSerializer;
    type SerializeTupleVariant = SeqSerializer;
    type SerializeMap = MapSerializer;
    type SerializeStruct = MapSerializer;
    type SerializeStructVariant = MapSerializer;

    fn is_human_readable(&self) -> bool {
        self.human_readable
    }
    fn serialize_bool(self, v: bool) -> Result<Value, SerdeError> {
        Ok(Value::Bool(v))
    }
    ser_methods!(
        Value;
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128)
        => |v| Ok(Value::from(v))
    );
    fn serialize_f32(self, v: f32) -> Result<Value, SerdeError> {
        Ok(Value::Float(f32_to_f64(v)))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, SerdeError> {
        Ok(Value::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<Value, SerdeError> {
        Ok(Value::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Value, SerdeError> {
        Ok(Value::Str(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, SerdeError> {
        Ok(Value::Bytes(v.to_vec()))
    }
    fn serialize_none(self) -> Result<Value, SerdeError> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Value, SerdeError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, SerdeError> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, SerdeError> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, SerdeError> {
        Ok(Value::Str(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<Value, SerdeError> {
        let inner_str = |human_readable| match v.serialize(Self {
            human_readable,
            ..self
        })? {
            Value::Str(s) => Ok(s),
            _ => Err(SER),
        };
        match name {
            MAGIC_MARKUP => Ok(Value::Markup(inner_str(true)?)),
            MAGIC_UUID => crate::tag::parse_uuid(&inner_str(true)?)
                .map(Value::Uuid)
                .ok_or(SER),
            MAGIC_BIGINT => BigInt::parse(&inner_str(true)?)
                .map(Value::from)
                .map_err(|_| SER),
            MAGIC_DATETIME => parse_exact_datetime(&inner_str(false)?)
                .map(Value::DateTime)
                .ok_or(SER),
            _ => v.serialize(self),
        }
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Value, SerdeError> {
        let mut map = Dict::new();
        map.insert(variant.to_owned(), v.serialize(self.inner()?)?);
        Ok(Value::Dict(map))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSerializer, SerdeError> {
        Ok(SeqSerializer::new(self.inner()?, len, SeqKind::List))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer, SerdeError> {
        Ok(SeqSerializer::new(self.inner()?, Some(len), SeqKind::Tuple))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, SerdeError> {
        Ok(SeqSerializer::new(self.inner()?, Some(len), SeqKind::Tuple))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, SerdeError> {
        // `{variant: (..)}`: two levels.
        Ok(SeqSerializer::new(
            self.inner()?.inner()?,
            Some(len),
            SeqKind::Variant(variant),
        ))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSerializer, SerdeError> {
        Ok(MapSerializer::new(self.inner()?, None))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<MapSerializer, SerdeError> {
        Ok(MapSerializer::new(self.inner()?, None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<MapSerializer, SerdeError> {
        // `{variant: {..}}`: two levels.
        Ok(MapSerializer::new(self.inner()?.inner()?, Some(variant)))
    }
}

enum SeqKind {
    List,
    Tuple,
    Variant(&'static str),
}

struct SeqSerializer {
    ser: ValueSerializer,
    items: Vec<Value>,
    kind: SeqKind,
}

impl SeqSerializer {
    fn new(ser: ValueSerializer, len: Option<usize>, kind: SeqKind) -> Self {
        Self {
            ser,
            items: Vec::with_capacity(len.unwrap_or(0).min(4096)),
            kind,
        }
    }

    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerdeError> {
        self.items.push(v.serialize(self.ser)?);
        Ok(())
    }

    fn finish(self) -> Value {
        match self.kind {
            SeqKind::List => Value::List(self.items),
            SeqKind::Tuple => Value::Tuple(self.items),
            SeqKind::Variant(name) => {
                let mut map = Dict::new();
                map.insert(name.to_owned(), Value::Tuple(self.items));
                Value::Dict(map)
            }
        }
    }
}

/// serde's four sequence traits, all the same here: push each element,
/// finish as the kind of sequence asked for.
macro_rules! seq_serializer_impls {
    ($($trait_:ident::$method:ident),*) => {$(
        impl ser::$trait_ for SeqSerializer {
            type Ok = Value;
            type Error = SerdeError;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerdeError> {
                self.push(v)
            }
            fn end(self) -> Result<Value, SerdeError> {
                Ok(self.finish())
            }
        }
    )*};
}

seq_serializer_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

struct MapSerializer {
    ser: ValueSerializer,
    /// Struct fields and map entries come in any order (a `HashMap`'s is
    /// random): built in O(n log n), the last repeat winning.
    map: Builder,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl MapSerializer {
    const fn new(ser: ValueSerializer, variant: Option<&'static str>) -> Self {
        Self {
            ser,
            map: Builder::new(),
            key: None,
            variant,
        }
    }

    fn finish(self) -> Value {
        match self.variant {
            None => Value::Dict(self.map.finish()),
            Some(name) => {
                let mut outer = Dict::new();
                outer.insert(name.to_owned(), Value::Dict(self.map.finish()));
                Value::Dict(outer)
            }
        }
    }
}

impl ser::SerializeMap for MapSerializer {
    type Ok = Value;
    type Error = SerdeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), SerdeError> {
        self.key = Some(k.serialize(KeySerializer)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerdeError> {
        let key = self.key.take().ok_or(SER)?;
        self.map.push(Key::from(key), v.serialize(self.ser)?);
        Ok(())
    }
    fn end(self) -> Result<Value, SerdeError> {
        Ok(self.finish())
    }
}

/// serde's two struct traits, the same here: each field is an entry.
macro_rules! struct_serializer_impls {
    ($($trait_:ident),*) => {$(
        impl ser::$trait_ for MapSerializer {
            type Ok = Value;
            type Error = SerdeError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), SerdeError> {
                self.map.push(Key::from(key), v.serialize(self.ser)?);
                Ok(())
            }
            fn end(self) -> Result<Value, SerdeError> {
                Ok(self.finish())
            }
        }
    )*};
}

struct_serializer_impls!(SerializeStruct, SerializeStructVariant);

/// Map keys, turned into strings as Python's `json.dumps` does.
struct KeySerializer;

fn py_float_key(f: f64) -> String {
    let mut out = Vec::new();
    crate::json::write_py_float(f, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = SerdeError;
    type SerializeSeq = ser::Impossible<String, SerdeError>;
    type SerializeTuple = ser::Impossible<String, SerdeError>;
    type SerializeTupleStruct = ser::Impossible<String, SerdeError>;
    type SerializeTupleVariant = ser::Impossible<String, SerdeError>;
    type SerializeMap = ser::Impossible<String, SerdeError>;
    type SerializeStruct = ser::Impossible<String, SerdeError>;
    type SerializeStructVariant = ser::Impossible<String, SerdeError>;

    fn serialize_bool(self, v: bool) -> Result<String, SerdeError> {
        Ok(if v { "true" } else { "false" }.to_owned())
    }
    ser_methods!(
        String;
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
        serialize_char(char)
        => |v| Ok(v.to_string())
    );
    fn serialize_f32(self, v: f32) -> Result<String, SerdeError> {
        Ok(py_float_key(f32_to_f64(v)))
    }
    fn serialize_f64(self, v: f64) -> Result<String, SerdeError> {
        Ok(py_float_key(v))
    }
    fn serialize_str(self, v: &str) -> Result<String, SerdeError> {
        Ok(v.to_owned())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, SerdeError> {
        Err(SER)
    }
    fn serialize_none(self) -> Result<String, SerdeError> {
        Ok("null".to_owned())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<String, SerdeError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, SerdeError> {
        Ok("null".to_owned())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, SerdeError> {
        Ok("null".to_owned())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, SerdeError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        v: &T,
    ) -> Result<String, SerdeError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _v: &T,
    ) -> Result<String, SerdeError> {
        Err(SER)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, SerdeError> {
        Err(SER)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, SerdeError> {
        Err(SER)
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, SerdeError> {
        Err(SER)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, SerdeError> {
        Err(SER)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, SerdeError> {
        Err(SER)
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, SerdeError> {
        Err(SER)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, SerdeError> {
        Err(SER)
    }
}

// --- Deserializer: Value -> T --------------------------------------------------

#[derive(Clone, Copy)]
struct ValueDeserializer<'de>(&'de Value);

impl<'de> ValueDeserializer<'de> {
    fn visit_integer<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            Value::Int(i) => visitor.visit_i64(*i),
            Value::BigInt(b) => {
                // Past `u64`, only `i128` and `u128` take it: any other
                // integer type refuses it as out of range (serde's own
                // refusal of an `i128` it cannot take names no kind).
                if let Some(u) = b.to_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = b.to_i128() {
                    visitor
                        .visit_i128::<SerdeError>(i)
                        .map_err(|_| OUT_OF_RANGE)
                } else if let Some(u) = b.to_u128() {
                    visitor
                        .visit_u128::<SerdeError>(u)
                        .map_err(|_| OUT_OF_RANGE)
                } else {
                    Err(OUT_OF_RANGE)
                }
            }
            _ => de::Deserializer::deserialize_any(self, visitor),
        }
    }

    fn visit_float<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::BigInt(b) => visitor.visit_f64(b.to_f64()),
            _ => de::Deserializer::deserialize_any(self, visitor),
        }
    }

    /// A string type: a `BigInt` is refused as the integer it is, as an
    /// `Int` is (only where anything is taken is it given as its decimal
    /// string).
    fn visit_text<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            Value::BigInt(_) => Err(SerdeError::found(kind(self.0))),
            _ => de::Deserializer::deserialize_any(self, visitor),
        }
    }

    /// The path [`Value`]'s own `Deserialize` takes: exact.
    fn visit_exact<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        let payload = match self.0 {
            Value::Tuple(_) => (MAGIC_TUPLE, Payload::Value(self.0)),
            Value::Dict(_) => (MAGIC_DICT, Payload::Value(self.0)),
            Value::Markup(s) => (MAGIC_MARKUP, Payload::Str(s)),
            Value::Uuid(u) => (MAGIC_UUID, Payload::String(crate::tag::uuid_hex(u))),
            Value::BigInt(b) => (MAGIC_BIGINT, Payload::String(b.to_string())),
            Value::DateTime(d) => (MAGIC_DATETIME, Payload::String(exact_datetime(*d))),
            _ => return de::Deserializer::deserialize_any(self, visitor),
        };
        let _exact = ExactGuard::set();
        visitor.visit_map(ExactMap(Some(payload)))
    }
}

/// Sets [`EXACT`] and clears it when dropped: after `visit_map` returns and
/// also if it unwinds (a panicking `Deserialize` impl must not leave the
/// flag set for the next, untrusted, parse on this thread). While it is
/// set, only a visitor that asked for the private `MAGIC_VALUE` name runs:
/// ours takes the flag at once; a foreign one would have to use that name.
struct ExactGuard;

impl ExactGuard {
    fn set() -> Self {
        let _ = EXACT.try_with(|e| e.set(true));
        Self
    }
}

impl Drop for ExactGuard {
    fn drop(&mut self) {
        let _ = EXACT.try_with(|e| e.set(false));
    }
}

enum Payload<'de> {
    Value(&'de Value),
    Dict(&'de Dict),
    Str(&'de str),
    String(String),
}

/// A one-entry map `{MAGIC_*: payload}` for [`ValueVisitor::visit_map`].
struct ExactMap<'de>(Option<(&'static str, Payload<'de>)>);

impl<'de> MapAccess<'de> for ExactMap<'de> {
    type Error = SerdeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, SerdeError> {
        match &self.0 {
            Some((key, _)) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(key))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, SerdeError> {
        match self.0.take() {
            Some((_, Payload::Value(v))) => seed.deserialize(ValueDeserializer(v)),
            Some((_, Payload::Dict(d))) => seed.deserialize(DictDeserializer(d)),
            Some((_, Payload::Str(s))) => {
                seed.deserialize(de::value::BorrowedStrDeserializer::new(s))
            }
            Some((_, Payload::String(s))) => seed.deserialize(s.into_deserializer()),
            None => Err(DE),
        }
    }
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'de> {
    type Error = SerdeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => match u64::try_from(*i) {
                Ok(u) => visitor.visit_u64(u),
                Err(_) => visitor.visit_i64(*i),
            },
            Value::BigInt(b) => match b.to_u64() {
                Some(u) => visitor.visit_u64(u),
                None => visitor.visit_string(b.to_string()),
            },
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Str(s) | Value::Markup(s) => visitor.visit_borrowed_str(s),
            Value::List(items) | Value::Tuple(items) => visit_list(visitor, SeqDe(items.iter())),
            Value::Dict(map) => visit_dict(visitor, MapDe::new(map, &[])),
            Value::Bytes(b) => visitor.visit_borrowed_bytes(b),
            Value::Uuid(u) => visitor.visit_string(crate::tag::uuid_hex(u)),
            Value::DateTime(d) => visitor.visit_string(crate::http_date::format(*d)),
        }
    }

    de_methods!(
        deserialize_str,
        deserialize_string
        => visit_text
    );
    de_methods!(
        deserialize_bool,
        deserialize_char,
        deserialize_unit,
        deserialize_map,
        deserialize_identifier
        => deserialize_any
    );
    de_methods!(
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128
        => visit_integer
    );
    de_methods!(
        deserialize_f32,
        deserialize_f64
        => visit_float
    );
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            Value::Uuid(u) => visitor.visit_bytes(u),
            _ => self.deserialize_any(visitor),
        }
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.deserialize_bytes(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        self.deserialize_any(visitor)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        if name == MAGIC_VALUE {
            self.visit_exact(visitor)
        } else {
            visitor.visit_newtype_struct(self)
        }
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            Value::Bytes(b) => visit_list(visitor, BytesSeqDe(b.iter())),
            _ => self.deserialize_any(visitor),
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        match self.0 {
            Value::Dict(map) => DictDeserializer(map).deserialize_struct(name, fields, visitor),
            _ => self.deserialize_any(visitor),
        }
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        match self.0 {
            Value::Str(s) | Value::Markup(s) => visitor.visit_enum(EnumDe {
                variant: s,
                value: None,
            }),
            Value::Dict(map) => DictDeserializer(map).deserialize_enum(name, variants, visitor),
            other => Err(SerdeError::found(kind(other))),
        }
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        visitor.visit_unit()
    }
}

/// A [`Dict`] as [`ValueDeserializer`] reads a [`Value::Dict`], for a
/// dict that is not inside a `Value` (a session's) and for the dict case
/// of `ValueDeserializer`.
#[derive(Clone, Copy)]
struct DictDeserializer<'de>(&'de Dict);

impl<'de> de::Deserializer<'de> for DictDeserializer<'de> {
    type Error = SerdeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        visit_dict(visitor, MapDe::new(self.0, &[]))
    }
    /// As a map, knowing the field names (to name one in an error).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        visit_dict(visitor, MapDe::new(self.0, fields))
    }
    /// A one-entry dict is `{variant: value}`, as in serde_json.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        let mut entries = self.0.iter();
        match (entries.next(), entries.next()) {
            (Some((k, v)), None) => visitor.visit_enum(EnumDe {
                variant: k,
                value: Some(v),
            }),
            _ => Err(SerdeError::found("a dict")),
        }
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        visitor.visit_some(self)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        if name == MAGIC_VALUE {
            let _exact = ExactGuard::set();
            visitor.visit_map(ExactMap(Some((MAGIC_DICT, Payload::Dict(self.0)))))
        } else {
            visitor.visit_newtype_struct(self)
        }
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
    }
}

/// `visitor` over a list, refusing what it leaves unread, as serde_json and
/// serde's own `SeqDeserializer` do: `[1, "a", 3]` is no `(u8, char)`.
/// (Our accesses' `size_hint` is exactly what they have not handed out.)
fn visit_list<'de, V: Visitor<'de>, A: SeqAccess<'de, Error = SerdeError>>(
    visitor: V,
    mut seq: A,
) -> Result<V::Value, SerdeError> {
    let value = visitor.visit_seq(&mut seq)?;
    if seq.size_hint() == Some(0) {
        Ok(value)
    } else {
        Err(SerdeError::found("a list of another length"))
    }
}

/// `visitor` over a dict, refusing what it leaves unread (a derived struct
/// reads every entry; a hand-written visitor may stop early).
fn visit_dict<'de, V: Visitor<'de>>(
    visitor: V,
    mut map: MapDe<'de>,
) -> Result<V::Value, SerdeError> {
    let value = visitor.visit_map(&mut map)?;
    // A key read without its value is left unread too.
    if map.size_hint() == Some(0) && map.entry.is_none() {
        Ok(value)
    } else {
        Err(SerdeError::found("a dict of another length"))
    }
}

struct SeqDe<'de>(core::slice::Iter<'de, Value>);

impl<'de> SeqAccess<'de> for SeqDe<'de> {
    type Error = SerdeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, SerdeError> {
        self.0
            .next()
            .map(|v| seed.deserialize(ValueDeserializer(v)))
            .transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct BytesSeqDe<'de>(core::slice::Iter<'de, u8>);

impl<'de> SeqAccess<'de> for BytesSeqDe<'de> {
    type Error = SerdeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, SerdeError> {
        self.0
            .next()
            .map(|b| seed.deserialize(de::value::U8Deserializer::<SerdeError>::new(*b)))
            .transpose()
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct MapDe<'de> {
    iter: crate::dict::Iter<'de>,
    /// The entry whose key was handed out last.
    entry: Option<(&'de str, &'de Value)>,
    /// The field names of the struct being read (none for a map).
    fields: &'static [&'static str],
}

impl<'de> MapDe<'de> {
    fn new(map: &'de Dict, fields: &'static [&'static str]) -> Self {
        Self {
            iter: map.iter(),
            entry: None,
            fields,
        }
    }
}

impl<'de> MapAccess<'de> for MapDe<'de> {
    type Error = SerdeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, SerdeError> {
        match self.iter.next() {
            Some((k, v)) => {
                self.entry = Some((k, v));
                seed.deserialize(KeyDeserializer(k)).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, SerdeError> {
        let (key, value) = self.entry.take().ok_or(DE)?;
        seed.deserialize(ValueDeserializer(value))
            .map_err(|e| e.in_field(self.fields, key))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// A dict key: a string, which also goes into integer, float and bool keys
/// when it parses as one.
struct KeyDeserializer<'de>(&'de str);

macro_rules! key_parse {
    ($($method:ident => $visit:ident: $t:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
            match self.0.parse::<$t>() {
                Ok(v) => visitor.$visit(v),
                Err(_) => self.wide_integer(visitor),
            }
        }
    )*};
}

impl<'de> KeyDeserializer<'de> {
    /// A key the requested number type did not parse: an integer of 64
    /// bits goes to the visitor, which says it is out of range (`"300"`
    /// for a `u8`), as serde_json's map keys do; anything else is no
    /// number of that type.
    fn wide_integer<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        if let Ok(v) = self.0.parse::<u64>() {
            visitor.visit_u64(v)
        } else if let Ok(v) = self.0.parse::<i64>() {
            visitor.visit_i64(v)
        } else {
            Err(DE)
        }
    }
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'de> {
    type Error = SerdeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        visitor.visit_borrowed_str(self.0)
    }

    key_parse!(
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64
    );

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            // A string where a bool goes, as serde_json says of such a key.
            _ => visitor.visit_borrowed_str(self.0),
        }
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        visitor.visit_some(self)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        if name == MAGIC_VALUE {
            visitor.visit_borrowed_str(self.0)
        } else {
            visitor.visit_newtype_struct(self)
        }
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        visitor.visit_enum(EnumDe {
            variant: self.0,
            value: None,
        })
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

struct EnumDe<'de> {
    variant: &'de str,
    value: Option<&'de Value>,
}

impl<'de> de::EnumAccess<'de> for EnumDe<'de> {
    type Error = SerdeError;
    type Variant = VariantDe<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantDe<'de>), SerdeError> {
        let v = seed.deserialize(de::value::BorrowedStrDeserializer::<SerdeError>::new(
            self.variant,
        ))?;
        Ok((v, VariantDe(self.value)))
    }
}

struct VariantDe<'de>(Option<&'de Value>);

impl<'de> de::VariantAccess<'de> for VariantDe<'de> {
    type Error = SerdeError;

    fn unit_variant(self) -> Result<(), SerdeError> {
        match self.0 {
            None | Some(Value::Null) => Ok(()),
            // As serde_json: `{"Admin": 5}` is an integer where () goes.
            Some(v) => Err(SerdeError::found(kind(v))),
        }
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, SerdeError> {
        seed.deserialize(ValueDeserializer(self.0.ok_or(DE)?))
    }
    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        // Whatever it holds goes to the visitor, which names a wrong kind
        // (`{"Pair": "x"}` is a string where a list goes), as in serde_json.
        match self.0 {
            Some(v) => de::Deserializer::deserialize_any(ValueDeserializer(v), visitor),
            None => Err(DE),
        }
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        match self.0 {
            // A dict as a struct (its fields named in errors), anything else
            // to the visitor, which names the kind.
            Some(v) => {
                de::Deserializer::deserialize_struct(ValueDeserializer(v), "", fields, visitor)
            }
            None => Err(DE),
        }
    }
}
