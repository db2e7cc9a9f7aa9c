//! [`Value`]: everything a Flask session can hold, with Flask's tagged types.

use core::fmt;

use time::OffsetDateTime;

pub use crate::bigint::BigInt;
pub use crate::dict::Dict;
use crate::error::{Error, PayloadError};
pub(crate) use crate::value_serde::MAGIC_BIGINT;
pub use crate::value_serde::{from_value, to_value};

/// The default nesting cap of [`Value::from_flask_json`] and of
/// [`Limits`](crate::Limits), in JSON containers (`[` and `{`, counting the
/// ones tags add: a tuple is two), and the most any cap allows. It is above
/// the deepest session Flask 3.1 writes and reads back under Python's
/// default recursion limit (495 containers on Python 3.11, 659 on 3.12 and
/// 3.13).
///
/// # Examples
///
/// ```
/// use flask_cookie::{Error, PayloadError, Value, DEFAULT_MAX_DEPTH};
///
/// let ok = "[".repeat(DEFAULT_MAX_DEPTH) + &"]".repeat(DEFAULT_MAX_DEPTH);
/// assert!(Value::from_flask_json(&ok).is_ok());
/// let deep = "[".repeat(DEFAULT_MAX_DEPTH + 1) + &"]".repeat(DEFAULT_MAX_DEPTH + 1);
/// assert_eq!(Value::from_flask_json(&deep), Err(Error::BadPayload(PayloadError::TooDeep)));
/// ```
pub const DEFAULT_MAX_DEPTH: usize = crate::json::HARD_MAX_DEPTH;

/// A value as Flask's `TaggedJSONSerializer` sees it: JSON plus the tagged
/// Python types (`tuple`, `bytes`, `Markup`, `UUID`, `datetime`).
///
/// Numbers keep Python's distinctions: `1` is an [`Value::Int`] and `1.0` a
/// [`Value::Float`]; integers outside `i64` are exact [`Value::BigInt`]s.
///
/// Equality is structural, made for exact round-trip checks: floats are equal
/// when their bits are (so `-0.0 != 0.0`) or when both are NaN; datetimes
/// when they are the same instant *and* have the same offset; an `Int` and a
/// `BigInt` holding the same number are equal.
///
/// # Reading and writing Flask's JSON
///
/// [`Value::to_flask_json`] writes exactly the bytes of Flask 3.1's
/// `session_json_serializer.dumps` inside an app context, and
/// [`Value::from_flask_json`] reads what its `loads` reads, untagging the
/// same way. The differences from Python, all on text Flask itself never
/// writes, are:
///
/// * A `\uXXXX` escape of a lone UTF-16 surrogate is an error
///   ([`PayloadError::LoneSurrogate`]): a Rust `String` cannot hold one.
///   Python makes a `str` holding it.
/// * `" b"` must hold canonical standard base64 with padding. Python's
///   `b64decode` drops characters outside the alphabet (`"AP!v/"` loads) and
///   ignores non-zero trailing bits (`"QR=="` loads as `b"A"`).
/// * `" m"` must hold a string. Python's `Markup(x)` stringifies anything
///   (`{" m":5}` loads as `Markup('5')`).
///
/// These are [`PayloadError::Tag`] (Python: `BadPayload` only for the
/// malformed ones). Every other tag edge case follows Python, including
/// `uuid.UUID`'s spellings (its `int(hex, 16)` takes surrounding whitespace,
/// a `+`, a `0x` prefix, `_` between digits and non-ASCII digits),
/// `tuple()` of a string, bytes or dict, `{k[:-2]: v}` for `" di"`,
/// `" d"` giving [`Value::Null`] for dates `parse_date` rejects, and
/// malformed values Python never reads (a later duplicate key overwrote
/// them), which are dropped unread.
///
/// On writing: a [`Dict`] has string keys only, so the integer keys Python
/// would sort numerically before stringifying cannot occur; a
/// [`Value::DateTime`] is written in UTC with whole seconds, as Werkzeug's
/// `http_date` does, so only UTC whole-second datetimes read back equal.
///
/// # Examples
///
/// ```
/// use flask_cookie::Value;
///
/// let v = Value::from_flask_json(r#"{"_flashes":[{" t":["message","Hello"]}]}"#)?;
/// let flashes = v.get("_flashes").and_then(Value::as_list).unwrap();
/// assert_eq!(flashes[0], Value::Tuple(vec!["message".into(), "Hello".into()]));
/// assert_eq!(v.to_flask_json()?, r#"{"_flashes":[{" t":["message","Hello"]}]}"#);
/// # Ok::<(), flask_cookie::Error>(())
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Value {
    /// `None` / `null`.
    #[default]
    Null,
    /// `bool`.
    Bool(bool),
    /// An `int` that fits in `i64`.
    Int(i64),
    /// An `int` outside `i64` (at most 4300 digits, Python's limit).
    BigInt(BigInt),
    /// A `float`, including NaN, the infinities and `-0.0`.
    Float(f64),
    /// A `str`.
    Str(String),
    /// A `list`.
    List(Vec<Value>),
    /// A `dict`.
    Dict(Dict),
    /// A `tuple`, tagged `" t"`.
    Tuple(Vec<Value>),
    /// `bytes`, tagged `" b"`.
    Bytes(Vec<u8>),
    /// `markupsafe.Markup`, tagged `" m"`.
    Markup(String),
    /// `uuid.UUID`, tagged `" u"`.
    Uuid([u8; 16]),
    /// `datetime.datetime`, tagged `" d"`. Written as an HTTP date in UTC
    /// with whole seconds; read back with the offset the date text carries.
    DateTime(OffsetDateTime),
}

/// As derived, except that a UUID shows in its usual hyphenated form,
/// `Uuid(12345678-1234-5678-1234-567812345678)`, not as 16 numbers.
impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Null => f.write_str("Null"),
            Self::Bool(v) => f.debug_tuple("Bool").field(v).finish(),
            Self::Int(v) => f.debug_tuple("Int").field(v).finish(),
            Self::BigInt(v) => f.debug_tuple("BigInt").field(v).finish(),
            Self::Float(v) => f.debug_tuple("Float").field(v).finish(),
            Self::Str(v) => f.debug_tuple("Str").field(v).finish(),
            Self::List(v) => f.debug_tuple("List").field(v).finish(),
            Self::Dict(v) => f.debug_tuple("Dict").field(v).finish(),
            Self::Tuple(v) => f.debug_tuple("Tuple").field(v).finish(),
            Self::Bytes(v) => f.debug_tuple("Bytes").field(v).finish(),
            Self::Markup(v) => f.debug_tuple("Markup").field(v).finish(),
            Self::Uuid(u) => f.debug_tuple("Uuid").field(&HyphenatedUuid(u)).finish(),
            Self::DateTime(v) => f.debug_tuple("DateTime").field(v).finish(),
        }
    }
}

/// `str(uuid.UUID(...))`: 8-4-4-4-12 lowercase hex digits.
struct HyphenatedUuid<'a>(&'a [u8; 16]);

impl fmt::Debug for HyphenatedUuid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Equality
// ---------------------------------------------------------------------------

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Null, Self::Null) => true,
            (Self::Bool(a), Self::Bool(b)) => a == b,
            (Self::Int(a), Self::Int(b)) => a == b,
            (Self::BigInt(a), Self::BigInt(b)) => a == b,
            (Self::Int(a), Self::BigInt(b)) | (Self::BigInt(b), Self::Int(a)) => {
                b.to_i64() == Some(*a)
            }
            (Self::Float(a), Self::Float(b)) => {
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
            }
            (Self::Str(a), Self::Str(b)) | (Self::Markup(a), Self::Markup(b)) => a == b,
            (Self::List(a), Self::List(b)) | (Self::Tuple(a), Self::Tuple(b)) => a == b,
            (Self::Dict(a), Self::Dict(b)) => a == b,
            (Self::Bytes(a), Self::Bytes(b)) => a == b,
            (Self::Uuid(a), Self::Uuid(b)) => a == b,
            (Self::DateTime(a), Self::DateTime(b)) => a == b && a.offset() == b.offset(),
            _ => false,
        }
    }
}

// ---------------------------------------------------------------------------
// Constructors, accessors
// ---------------------------------------------------------------------------

impl Value {
    /// Reads Flask's tagged session JSON (the text inside the cookie, after
    /// base64 and zlib), as `session_json_serializer.loads` does, with
    /// nesting capped at [`DEFAULT_MAX_DEPTH`] containers.
    ///
    /// Accepts exactly what Python's `json.loads` accepts (`NaN`,
    /// `Infinity`, big integers, duplicate keys, surrounding whitespace),
    /// then untags. Divergences: a lone UTF-16 surrogate escape is
    /// [`PayloadError::LoneSurrogate`]; tagged values are read more strictly
    /// than Python in a few corners (see [`Value`]).
    ///
    /// # Errors
    ///
    /// [`Error::BadPayload`] with [`PayloadError::Json`], `Utf8`, `TooDeep`,
    /// `Tag`, `LoneSurrogate` or `IntTooLong`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    ///
    /// let v = Value::from_flask_json(r#"{"x":{" di":{" t__":[1,2]}},"y":1e400}"#)?;
    /// assert_eq!(v.get("x").and_then(|x| x.get(" t")), Some(&Value::List(vec![1.into(), 2.into()])));
    /// assert_eq!(v.get("y"), Some(&Value::Float(f64::INFINITY)));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn from_flask_json(s: &str) -> Result<Self, Error> {
        Self::from_flask_json_bytes(s.as_bytes())
    }

    /// [`Value::from_flask_json`] on raw payload bytes (after base64 and
    /// zlib), which must be UTF-8 as Python's `payload.decode("utf-8")`
    /// requires.
    ///
    /// # Errors
    ///
    /// As [`Value::from_flask_json`], plus [`PayloadError::Utf8`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Error, PayloadError, Value};
    ///
    /// assert_eq!(Value::from_flask_json_bytes(br#"{" b":"QQ=="}"#)?, Value::bytes(*b"A"));
    /// assert_eq!(
    ///     Value::from_flask_json_bytes(b"\"\xff\""),
    ///     Err(Error::BadPayload(PayloadError::Utf8))
    /// );
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn from_flask_json_bytes(bytes: &[u8]) -> Result<Self, Error> {
        crate::json::read_tagged(bytes, DEFAULT_MAX_DEPTH).map_err(Error::BadPayload)
    }

    /// Writes Flask's tagged session JSON, byte-identical to
    /// `session_json_serializer.dumps(value)` inside an app context (sorted
    /// keys, `ensure_ascii`, compact separators, Python float repr).
    ///
    /// # Errors
    ///
    /// [`Error::BadPayload`] with [`PayloadError::TooDeep`] when the output
    /// would nest deeper than 700 containers, or with
    /// [`PayloadError::Serialize`] for a [`Value::DateTime`] outside years 1
    /// to 9999 in UTC (Flask raises `OverflowError` there).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    ///
    /// let v = Value::Tuple(vec![1.into(), "é".into(), Value::Float(1e16)]);
    /// assert_eq!(v.to_flask_json()?, r#"{" t":[1,"\u00e9",1e+16]}"#);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn to_flask_json(&self) -> Result<String, Error> {
        let mut out = Vec::with_capacity(256);
        crate::json::write_tagged(self, &mut out)?;
        // The writer only emits ASCII.
        String::from_utf8(out).map_err(|_| Error::BadPayload(PayloadError::Serialize))
    }

    /// A [`Value::Tuple`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::tuple([1, 2]), Value::Tuple(vec![1.into(), 2.into()]));
    /// ```
    pub fn tuple<I: IntoIterator<Item = T>, T: Into<Self>>(items: I) -> Self {
        Self::Tuple(items.into_iter().map(Into::into).collect())
    }

    /// A [`Value::Bytes`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::bytes(b"hi").to_flask_json()?, r#"{" b":"aGk="}"#);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn bytes(b: impl Into<Vec<u8>>) -> Self {
        Self::Bytes(b.into())
    }

    /// A [`Value::Markup`]: the text is written as is, not escaped.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::markup("<b>hi</b>").to_flask_json()?, r#"{" m":"<b>hi</b>"}"#);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn markup(s: impl Into<String>) -> Self {
        Self::Markup(s.into())
    }

    /// True for [`Value::Null`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert!(Value::Null.is_null());
    /// ```
    #[must_use]
    pub const fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The bool of a [`Value::Bool`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::from(true).as_bool(), Some(true));
    /// ```
    #[must_use]
    pub const fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number of a [`Value::Int`] (or a [`Value::BigInt`] that fits).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::from(-3).as_i64(), Some(-3));
    /// assert_eq!(Value::Float(1.0).as_i64(), None);
    /// ```
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Int(i) => Some(*i),
            Self::BigInt(b) => b.to_i64(),
            _ => None,
        }
    }

    /// The number of a non-negative integer that fits in `u64`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::from(u64::MAX).as_u64(), Some(u64::MAX));
    /// assert_eq!(Value::from(-1).as_u64(), None);
    /// ```
    #[must_use]
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Int(i) => u64::try_from(*i).ok(),
            Self::BigInt(b) => b.to_u64(),
            _ => None,
        }
    }

    /// A number as `f64`: a float as is, an integer rounded to nearest.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::Float(0.5).as_f64(), Some(0.5));
    /// assert_eq!(Value::from(2).as_f64(), Some(2.0));
    /// ```
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Float(f) => Some(*f),
            Self::Int(i) => Some(*i as f64),
            Self::BigInt(b) => Some(b.to_f64()),
            _ => None,
        }
    }

    /// The [`BigInt`] of a [`Value::BigInt`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// let v = Value::from(u64::MAX);
    /// assert_eq!(v.as_big_int().map(|b| b.to_string()), Some(u64::MAX.to_string()));
    /// ```
    #[must_use]
    pub const fn as_big_int(&self) -> Option<&BigInt> {
        match self {
            Self::BigInt(b) => Some(b),
            _ => None,
        }
    }

    /// The text of a [`Value::Str`] (not of a [`Value::Markup`]; see
    /// [`Value::as_markup`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::from("alice").as_str(), Some("alice"));
    /// assert_eq!(Value::markup("<i>").as_str(), None);
    /// ```
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a [`Value::Markup`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::markup("<i>").as_markup(), Some("<i>"));
    /// ```
    #[must_use]
    pub fn as_markup(&self) -> Option<&str> {
        match self {
            Self::Markup(s) => Some(s),
            _ => None,
        }
    }

    /// The items of a [`Value::List`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::from(vec![Value::Null]).as_list().map(<[Value]>::len), Some(1));
    /// ```
    #[must_use]
    pub fn as_list(&self) -> Option<&[Self]> {
        match self {
            Self::List(l) => Some(l),
            _ => None,
        }
    }

    /// The items of a [`Value::Tuple`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::tuple([1]).as_tuple().map(<[Value]>::len), Some(1));
    /// ```
    #[must_use]
    pub fn as_tuple(&self) -> Option<&[Self]> {
        match self {
            Self::Tuple(t) => Some(t),
            _ => None,
        }
    }

    /// The items of a [`Value::List`] or a [`Value::Tuple`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert!(Value::tuple([1]).as_seq().is_some());
    /// assert!(Value::from(vec![Value::Null]).as_seq().is_some());
    /// ```
    #[must_use]
    pub fn as_seq(&self) -> Option<&[Self]> {
        match self {
            Self::List(l) | Self::Tuple(l) => Some(l),
            _ => None,
        }
    }

    /// The map of a [`Value::Dict`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// let v = Value::from_flask_json(r#"{"a":1}"#)?;
    /// assert_eq!(v.as_dict().map(|d| d.len()), Some(1));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn as_dict(&self) -> Option<&Dict> {
        match self {
            Self::Dict(d) => Some(d),
            _ => None,
        }
    }

    /// The map of a [`Value::Dict`], mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{Dict, Value};
    /// let mut v = Value::Dict(Dict::new());
    /// v.as_dict_mut().unwrap().insert("user".into(), "alice".into());
    /// assert_eq!(v.to_flask_json()?, r#"{"user":"alice"}"#);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn as_dict_mut(&mut self) -> Option<&mut Dict> {
        match self {
            Self::Dict(d) => Some(d),
            _ => None,
        }
    }

    /// The bytes of a [`Value::Bytes`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// assert_eq!(Value::bytes(*b"\x00").as_bytes(), Some(&b"\x00"[..]));
    /// ```
    #[must_use]
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Self::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The 16 bytes of a [`Value::Uuid`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// let v = Value::from_flask_json(r#"{" u":"00000000000000000000000000000001"}"#)?;
    /// assert_eq!(v.as_uuid().map(|u| u[15]), Some(1));
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub const fn as_uuid(&self) -> Option<&[u8; 16]> {
        match self {
            Self::Uuid(u) => Some(u),
            _ => None,
        }
    }

    /// The datetime of a [`Value::DateTime`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// let v = Value::from(time::OffsetDateTime::UNIX_EPOCH);
    /// assert_eq!(v.as_datetime(), Some(time::OffsetDateTime::UNIX_EPOCH));
    /// ```
    #[must_use]
    pub const fn as_datetime(&self) -> Option<OffsetDateTime> {
        match self {
            Self::DateTime(d) => Some(*d),
            _ => None,
        }
    }

    /// The value under `key` in a [`Value::Dict`].
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// let v = Value::from_flask_json(r#"{"user":"alice"}"#)?;
    /// assert_eq!(v.get("user").and_then(Value::as_str), Some("alice"));
    /// assert_eq!(v.get("nobody"), None);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Self> {
        self.as_dict().and_then(|d| d.get(key))
    }

    /// The value under `key` in a [`Value::Dict`], mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::Value;
    /// let mut v = Value::from_flask_json(r#"{"n":1}"#)?;
    /// *v.get_mut("n").unwrap() = 2.into();
    /// assert_eq!(v.to_flask_json()?, r#"{"n":2}"#);
    /// # Ok::<(), flask_cookie::Error>(())
    /// ```
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Self> {
        self.as_dict_mut().and_then(|d| d.get_mut(key))
    }
}

macro_rules! value_from_small_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Self::Int(i64::from(v))
            }
        }
    )*};
}
value_from_small_int!(i8, i16, i32, i64, u8, u16, u32);

macro_rules! value_from_wide_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                match i64::try_from(v) {
                    Ok(i) => Self::Int(i),
                    Err(_) => Self::BigInt(BigInt::from(v)),
                }
            }
        }
    )*};
}
value_from_wide_int!(u64, i128, u128);

impl From<BigInt> for Value {
    /// A [`Value::Int`] when the number fits in `i64`.
    fn from(b: BigInt) -> Self {
        match b.to_i64() {
            Some(i) => Self::Int(i),
            None => Self::BigInt(b),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Self::Float(f)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::Str(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::Str(s)
    }
}

impl From<Vec<Self>> for Value {
    fn from(v: Vec<Self>) -> Self {
        Self::List(v)
    }
}

impl From<Dict> for Value {
    fn from(d: Dict) -> Self {
        Self::Dict(d)
    }
}

impl From<OffsetDateTime> for Value {
    fn from(d: OffsetDateTime) -> Self {
        Self::DateTime(d)
    }
}

impl From<()> for Value {
    fn from((): ()) -> Self {
        Self::Null
    }
}

impl<T: Into<Self>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Self::Null, Into::into)
    }
}

impl<T: Into<Self>> FromIterator<T> for Value {
    /// A [`Value::List`].
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self::List(iter.into_iter().map(Into::into).collect())
    }
}

impl<K: Into<String>, V: Into<Self>> FromIterator<(K, V)> for Value {
    /// A [`Value::Dict`].
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self::Dict(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

// ---------------------------------------------------------------------------
// serde_json
// ---------------------------------------------------------------------------

impl From<serde_json::Value> for Value {
    /// Plain JSON: numbers become [`Value::Int`], [`Value::BigInt`] (beyond
    /// `i64`) or [`Value::Float`]; objects become [`Value::Dict`] untouched
    /// (no untagging).
    fn from(v: serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Self::Null,
            serde_json::Value::Bool(b) => Self::Bool(b),
            serde_json::Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Self::Int(i)
                } else if let Some(u) = n.as_u64() {
                    Self::from(u)
                } else {
                    Self::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            serde_json::Value::String(s) => Self::Str(s),
            serde_json::Value::Array(a) => Self::List(a.into_iter().map(Self::from).collect()),
            serde_json::Value::Object(o) => {
                Self::Dict(o.into_iter().map(|(k, v)| (k, Self::from(v))).collect())
            }
        }
    }
}

impl TryFrom<&Value> for serde_json::Value {
    type Error = Error;

    /// Lossless only: fails with [`PayloadError::Serialize`] for tagged
    /// types (tuple, bytes, Markup, UUID, datetime), non-finite floats and
    /// integers outside `i64`/`u64`, and with [`PayloadError::TooDeep`] for
    /// a value nested more than 256 lists and dicts deep, as
    /// [`from_value`] does (the conversion recurses, about 3 KiB of stack a
    /// level in a debug build).
    fn try_from(v: &Value) -> Result<Self, Self::Error> {
        crate::value_serde::within_serde_depth(v)?;
        plain_json(v)
    }
}

/// [`Value`] as plain JSON (see `TryFrom<&Value> for serde_json::Value`).
fn plain_json(v: &Value) -> Result<serde_json::Value, Error> {
    use serde_json::Value as Json;
    let fail = Error::BadPayload(PayloadError::Serialize);
    Ok(match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::BigInt(b) => Json::from(b.to_u64().ok_or(fail)?),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(Json::Number)
            .ok_or(fail)?,
        Value::Str(s) => Json::String(s.clone()),
        Value::List(items) => Json::Array(items.iter().map(plain_json).collect::<Result<_, _>>()?),
        Value::Dict(map) => Json::Object(
            map.iter()
                .map(|(k, v)| Ok((k.to_owned(), plain_json(v)?)))
                .collect::<Result<_, Error>>()?,
        ),
        Value::Tuple(_)
        | Value::Bytes(_)
        | Value::Markup(_)
        | Value::Uuid(_)
        | Value::DateTime(_) => return Err(fail),
    })
}

impl TryFrom<Value> for serde_json::Value {
    type Error = Error;

    /// As for `&Value`.
    fn try_from(v: Value) -> Result<Self, Self::Error> {
        Self::try_from(&v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::ser::{self, Serialize};
    use std::collections::{BTreeMap, HashMap};
    use time::macros::datetime;

    fn all_variants() -> Value {
        let mut d = Dict::new();
        d.insert("null".into(), Value::Null);
        d.insert("bool".into(), true.into());
        d.insert("int".into(), (-5).into());
        d.insert("u64".into(), Value::from(u64::MAX));
        d.insert(
            "big".into(),
            Value::from(BigInt::parse("-123456789012345678901234567890").unwrap()),
        );
        d.insert("float".into(), Value::Float(-0.0));
        d.insert("nan".into(), Value::Float(f64::NAN));
        d.insert("str".into(), "h\u{e9}llo \u{1F600}".into());
        d.insert(
            "list".into(),
            Value::from(vec![1.into(), Value::tuple([2, 3])]),
        );
        d.insert(
            "tuple".into(),
            Value::tuple([Value::Null, Value::bytes(*b"\x00\xff")]),
        );
        d.insert("bytes".into(), Value::bytes(*b"abc"));
        d.insert("markup".into(), Value::markup("<i>x</i>"));
        d.insert("uuid".into(), Value::Uuid([7; 16]));
        d.insert(
            "dt".into(),
            Value::DateTime(datetime!(2024-02-29 13:45:30.123456789 +02:00)),
        );
        d.insert(
            " t".into(),
            Value::Dict([(" t".to_owned(), Value::Int(1))].into_iter().collect()),
        );
        Value::Dict(d)
    }

    #[test]
    fn big_int_parse_and_convert() {
        let b = BigInt::parse("-000123").unwrap();
        assert_eq!((b.is_negative(), b.digits()), (true, "123"));
        assert_eq!(BigInt::parse("-0").unwrap(), BigInt::parse("0").unwrap());
        assert!(!BigInt::parse("-0000").unwrap().is_negative());
        for bad in ["", "-", "+", "1 ", " 1", "1_0", "0x10", "1.0", "--1", "١"] {
            assert_eq!(BigInt::parse(bad), Err(PayloadError::Json), "{bad:?}");
        }
        assert!(BigInt::parse(&"1".repeat(4300)).is_ok());
        assert!(BigInt::parse(&format!("-{}", "1".repeat(4300))).is_ok());
        // Python counts leading zeros too: int("0"*5000) raises.
        assert_eq!(
            BigInt::parse(&"0".repeat(4301)),
            Err(PayloadError::IntTooLong)
        );
        assert_eq!(BigInt::from(i64::MIN).to_string(), "-9223372036854775808");
        assert_eq!(BigInt::from(u128::MAX).to_u128(), Some(u128::MAX));
        assert_eq!(BigInt::from(i128::MIN).to_i128(), Some(i128::MIN));
        assert_eq!(BigInt::from(u128::MAX).to_i128(), None);
        assert_eq!(BigInt::parse(&"9".repeat(40)).unwrap().to_u128(), None);
        assert_eq!("42".parse::<BigInt>().unwrap().to_i64(), Some(42));
        let mut v: Vec<BigInt> = ["5", "-5", "0", "100", "-100", "99"]
            .iter()
            .map(|s| BigInt::parse(s).unwrap())
            .collect();
        v.sort();
        let sorted: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(sorted, ["-100", "-5", "0", "5", "99", "100"]);
    }

    #[test]
    fn normalized_ints() {
        assert_eq!(Value::from(5u64), Value::Int(5));
        assert!(matches!(Value::from(u64::MAX), Value::BigInt(_)));
        assert_eq!(Value::from(BigInt::parse("7").unwrap()), Value::Int(7));
        assert_eq!(Value::from(-3i128), Value::Int(-3));
        // Structural equality across Int and an unnormalized BigInt.
        assert_eq!(Value::BigInt(BigInt::parse("7").unwrap()), Value::Int(7));
        assert_ne!(Value::BigInt(BigInt::parse("7").unwrap()), Value::Int(8));
    }

    #[test]
    fn equality() {
        assert_eq!(Value::Float(f64::NAN), Value::Float(-f64::NAN));
        assert_ne!(Value::Float(0.0), Value::Float(-0.0));
        assert_ne!(Value::Int(1), Value::Float(1.0));
        assert_ne!(Value::from(vec![Value::Null]), Value::tuple([Value::Null]));
        assert_ne!(Value::from("x"), Value::markup("x"));
        let a = datetime!(2024-02-29 11:45:30 +02:00);
        assert_eq!(Value::DateTime(a), Value::DateTime(a));
        assert_ne!(
            Value::DateTime(a),
            Value::DateTime(a.to_offset(time::UtcOffset::UTC))
        );
    }

    #[test]
    fn accessors() {
        let v = Value::from_flask_json(r#"{"a":[1,{" t":[2]}],"s":"x","n":null,"f":2.5,"b":true}"#)
            .unwrap();
        assert_eq!(v.get("s").and_then(Value::as_str), Some("x"));
        assert!(v.get("n").is_some_and(Value::is_null));
        assert_eq!(v.get("f").and_then(Value::as_f64), Some(2.5));
        assert_eq!(v.get("b").and_then(Value::as_bool), Some(true));
        let a = v.get("a").and_then(Value::as_list).unwrap();
        assert_eq!(a[0].as_i64(), Some(1));
        assert_eq!(a[1].as_tuple(), Some(&[Value::Int(2)][..]));
        assert_eq!(a[1].as_seq(), Some(&[Value::Int(2)][..]));
        assert_eq!(Value::Int(1).get("x"), None);
        let d: Value = [("k", 1)].into_iter().collect();
        assert_eq!(d.to_flask_json().unwrap(), r#"{"k":1}"#);
        let l: Value = [1, 2].into_iter().collect();
        assert_eq!(l.to_flask_json().unwrap(), "[1,2]");
        assert_eq!(Value::from(None::<i32>), Value::Null);
        assert_eq!(Value::from(Some("x")), Value::from("x"));
    }

    #[test]
    fn flask_json_errors_are_bad_payload() {
        assert_eq!(
            Value::from_flask_json("[1,"),
            Err(Error::BadPayload(PayloadError::Json))
        );
        assert_eq!(
            Value::from_flask_json(&"[".repeat(DEFAULT_MAX_DEPTH + 1)),
            Err(Error::BadPayload(PayloadError::TooDeep))
        );
        let mut deep = Value::Null;
        for _ in 0..=DEFAULT_MAX_DEPTH {
            deep = Value::List(vec![deep]);
        }
        assert_eq!(
            deep.to_flask_json(),
            Err(Error::BadPayload(PayloadError::TooDeep))
        );
    }

    #[test]
    fn serde_json_conversions() {
        let j: serde_json::Value =
            serde_json::from_str(r#"{"a":[1,-2,18446744073709551615,1.5,"x",null,true],"b":{}}"#)
                .unwrap();
        let v = Value::from(j.clone());
        assert_eq!(
            v.to_flask_json().unwrap(),
            r#"{"a":[1,-2,18446744073709551615,1.5,"x",null,true],"b":{}}"#
        );
        assert_eq!(serde_json::Value::try_from(&v).unwrap(), j);
        // A tag-like key is plain data here and stays so.
        let tagged_key = Value::from(serde_json::json!({" t": [1]}));
        assert_eq!(
            tagged_key.get(" t"),
            Some(&Value::from(vec![Value::Int(1)]))
        );
        assert_eq!(
            serde_json::Value::try_from(&tagged_key).unwrap(),
            serde_json::json!({" t": [1]})
        );
        let fail = Err(Error::BadPayload(PayloadError::Serialize));
        for lossy in [
            Value::tuple([1]),
            Value::bytes(*b"x"),
            Value::markup("x"),
            Value::Uuid([0; 16]),
            Value::DateTime(OffsetDateTime::UNIX_EPOCH),
            Value::Float(f64::NAN),
            Value::Float(f64::INFINITY),
            Value::from(BigInt::parse("18446744073709551616").unwrap()),
            Value::from(BigInt::parse("-9223372036854775809").unwrap()),
            Value::from(vec![Value::tuple([1])]),
        ] {
            assert_eq!(serde_json::Value::try_from(&lossy), fail, "{lossy:?}");
        }
    }

    #[test]
    fn to_value_data_model() {
        #[derive(serde::Serialize)]
        struct Unit;
        #[derive(serde::Serialize)]
        struct Newtype(i32);
        #[derive(serde::Serialize)]
        struct Pair(i32, &'static str);
        #[derive(serde::Serialize)]
        enum E {
            U,
            N(i32),
            T(i32, i32),
            S { a: i32 },
        }
        #[derive(serde::Serialize)]
        struct All {
            unit: (),
            unit_struct: Unit,
            newtype: Newtype,
            pair: Pair,
            tup: (u8, char),
            seq: Vec<u8>,
            opt: Option<bool>,
            f32: f32,
            i128: i128,
            u128: u128,
            enums: Vec<E>,
        }
        let all = All {
            unit: (),
            unit_struct: Unit,
            newtype: Newtype(-1),
            pair: Pair(1, "a"),
            tup: (255, 'é'),
            seq: vec![1, 2],
            opt: None,
            f32: 0.1,
            i128: -(1i128 << 100),
            u128: u128::MAX,
            enums: vec![E::U, E::N(1), E::T(1, 2), E::S { a: 3 }],
        };
        assert_eq!(
            to_value(&all).unwrap().to_flask_json().unwrap(),
            concat!(
                r#"{"enums":["U",{"N":1},{"T":{" t":[1,2]}},{"S":{"a":3}}],"f32":0.1,"#,
                r#""i128":-1267650600228229401496703205376,"newtype":-1,"opt":null,"#,
                r#""pair":{" t":[1,"a"]},"seq":[1,2],"tup":{" t":[255,"\u00e9"]},"#,
                r#""u128":340282366920938463463374607431768211455,"unit":null,"unit_struct":null}"#
            )
        );
    }

    #[test]
    fn to_value_map_keys() {
        let m: HashMap<u32, &str> = [(10, "a"), (2, "c"), (9, "b")].into_iter().collect();
        // Python sorts int keys numerically ({"2":..,"9":..,"10":..}); a Dict
        // is in string order (documented).
        assert_eq!(
            to_value(&m).unwrap().to_flask_json().unwrap(),
            r#"{"10":"a","2":"c","9":"b"}"#
        );
        let m: BTreeMap<bool, i32> = [(true, 1)].into_iter().collect();
        assert_eq!(
            to_value(&m).unwrap().to_flask_json().unwrap(),
            r#"{"true":1}"#
        );
        let m: BTreeMap<Option<i32>, i32> = [(None, 2)].into_iter().collect();
        assert_eq!(
            to_value(&m).unwrap().to_flask_json().unwrap(),
            r#"{"null":2}"#
        );
        let m: Vec<(f64, i32)> = vec![(1.5, 3), (1e16, 4), (f64::NAN, 5)];
        let m = SerMap(m);
        assert_eq!(
            to_value(&m).unwrap().to_flask_json().unwrap(),
            r#"{"1.5":3,"1e+16":4,"NaN":5}"#
        );
        let bad: BTreeMap<Vec<u8>, i32> = [(vec![1], 1)].into_iter().collect();
        assert_eq!(
            to_value(&bad),
            Err(Error::BadPayload(PayloadError::Serialize))
        );
    }

    /// A map with arbitrary key types, in the given order.
    struct SerMap<K, V>(Vec<(K, V)>);

    impl<K: Serialize, V: Serialize> Serialize for SerMap<K, V> {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }

    /// `serialize_bytes`, as `serde_bytes` does.
    struct Bytes<'a>(&'a [u8]);

    impl Serialize for Bytes<'_> {
        fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }

    #[test]
    fn to_value_bytes() {
        assert_eq!(to_value(&Bytes(b"hi")).unwrap(), Value::bytes(*b"hi"));
        assert_eq!(
            to_value(&b"hi".to_vec()).unwrap(),
            Value::from(vec![104.into(), 105.into()])
        );
    }

    #[test]
    fn from_value_data_model() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        enum E {
            U,
            N(i32),
            T(i32, i32),
            S { a: i32 },
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct S {
            tup: (u8, String),
            list_as_tuple: (i32, i32),
            tuple_as_vec: Vec<i32>,
            bytes_as_vec: Vec<u8>,
            markup: String,
            uuid: String,
            dt: String,
            big: u64,
            big128: i128,
            opt: Option<i32>,
            missing: Option<i32>,
            enums: Vec<E>,
            keys: HashMap<u32, bool>,
            f: f64,
            int_as_f: f64,
        }
        let v = Value::from_flask_json(concat!(
            r#"{"tup":{" t":[1,"a"]},"list_as_tuple":[1,2],"tuple_as_vec":{" t":[3]},"#,
            r#""bytes_as_vec":{" b":"AQI="},"markup":{" m":"<b>"},"#,
            r#""uuid":{" u":"12345678-1234-5678-1234-567812345678"},"#,
            r#""dt":{" d":"Thu, 29 Feb 2024 11:45:30 +0200"},"big":18446744073709551615,"#,
            r#""big128":-170141183460469231731687303715884105728,"opt":null,"#,
            r#""enums":["U",{"N":1},{"T":[1,2]},{"T":{" t":[3,4]}},{"S":{"a":3}}],"#,
            r#""keys":{"7":true},"f":0.5,"int_as_f":2}"#
        ))
        .unwrap();
        let s: S = from_value(&v).unwrap();
        assert_eq!(
            s,
            S {
                tup: (1, "a".into()),
                list_as_tuple: (1, 2),
                tuple_as_vec: vec![3],
                bytes_as_vec: vec![1, 2],
                markup: "<b>".into(),
                uuid: "12345678123456781234567812345678".into(),
                dt: "Thu, 29 Feb 2024 09:45:30 GMT".into(),
                big: u64::MAX,
                big128: i128::MIN,
                opt: None,
                missing: None,
                enums: vec![E::U, E::N(1), E::T(1, 2), E::T(3, 4), E::S { a: 3 }],
                keys: [(7, true)].into_iter().collect(),
                f: 0.5,
                int_as_f: 2.0,
            }
        );
        // The right kind, out of the type's range: said so.
        let err = Error::BadPayload(PayloadError::WrongType {
            found: "an integer out of range",
            field: None,
        });
        assert_eq!(from_value::<u8>(&Value::Int(256)), Err(err.clone()));
        assert_eq!(from_value::<u64>(&Value::Int(-1)), Err(err.clone()));
        assert_eq!(from_value::<i64>(&Value::from(u64::MAX)), Err(err.clone()));
        // Another kind of value: named (never its content).
        assert_eq!(
            from_value::<String>(&Value::Int(1)),
            Err(Error::BadPayload(PayloadError::WrongType {
                found: "an integer",
                field: None
            }))
        );
        let huge = Value::from(BigInt::parse(&"9".repeat(50)).unwrap());
        assert_eq!(from_value::<u128>(&huge), Err(err.clone()));
        // Past u64 (Flask's `2**80`, and `-2**70`): out of range for every
        // integer type that cannot hold it, and an integer to a `String`,
        // as a small one is.
        let past_u64 = Value::from(BigInt::parse("1208925819614629174706176").unwrap());
        let negative = Value::from(BigInt::parse("-1180591620717411303424").unwrap());
        for big in [&past_u64, &negative] {
            assert_eq!(from_value::<u64>(big), Err(err.clone()));
            assert_eq!(from_value::<i64>(big), Err(err.clone()));
            assert_eq!(from_value::<u32>(big), Err(err.clone()));
            assert_eq!(
                from_value::<String>(big),
                Err(Error::BadPayload(PayloadError::WrongType {
                    found: "an integer",
                    field: None
                }))
            );
        }
        assert_eq!(from_value::<u128>(&negative), Err(err));
        assert_eq!(from_value::<u128>(&past_u64), Ok(1 << 80));
        assert_eq!(from_value::<i128>(&negative), Ok(-(1 << 70)));
        // deserialize_any gives a BigInt beyond u64 as its decimal string.
        assert_eq!(
            from_value::<serde_json::Value>(&huge).unwrap(),
            serde_json::Value::String("9".repeat(50))
        );
        assert_eq!(
            from_value::<serde_json::Value>(&Value::from(u64::MAX)).unwrap(),
            serde_json::json!(u64::MAX)
        );
    }

    #[test]
    fn value_round_trips_through_serde() {
        let v = all_variants();
        assert_eq!(to_value(&v).unwrap(), v);
        assert_eq!(from_value::<Value>(&v).unwrap(), v);
        // Nested inside other types too.
        let wrapped: BTreeMap<String, Vec<Value>> =
            [("k".to_owned(), vec![v.clone()])].into_iter().collect();
        let as_value = to_value(&wrapped).unwrap();
        assert_eq!(
            as_value.get("k").and_then(Value::as_list),
            Some(&[v.clone()][..])
        );
        let back: BTreeMap<String, Vec<Value>> = from_value(&as_value).unwrap();
        assert_eq!(back, wrapped);
    }

    #[test]
    fn value_through_serde_json() {
        let v = Value::from_flask_json(
            r#"{"t":{" t":[1]},"m":{" m":"<i>"},"u":{" u":"12345678123456781234567812345678"},"d":{" d":"Thu, 29 Feb 2024 11:45:30 GMT"},"big":-100000000000000000000}"#,
        )
        .unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"big":"-100000000000000000000","d":"Thu, 29 Feb 2024 11:45:30 GMT","m":"<i>","t":[1],"u":"12345678123456781234567812345678"}"#
        );
        let back: Value =
            serde_json::from_str(r#"{"a":[1,2.5,"x",null],"b":18446744073709551615}"#).unwrap();
        assert_eq!(
            back.to_flask_json().unwrap(),
            r#"{"a":[1,2.5,"x",null],"b":18446744073709551615}"#
        );
    }

    /// Review finding: `{"$flask_cookie::private::Markup": "<script>..."}`
    /// read from JSON (axum's `Json<Value>`, say) became `Value::Markup`,
    /// which a session writes as `{" m": ...}` and Flask renders unescaped.
    /// Only this crate's own deserializer may produce tagged values.
    #[test]
    fn regression_magic_keys_from_input_stay_plain_dict_keys() {
        use crate::{Serializer, Session, SessionCodec, SignerConfig};
        use serde::Deserialize;
        for name in [
            "Markup", "Tuple", "Dict", "Uuid", "BigInt", "DateTime", "Value",
        ] {
            let key = format!("$flask_cookie::private::{name}");
            let text = format!(r#"{{"{key}":"<script>alert(1)</script>"}}"#);
            let v: Value = serde_json::from_str(&text).unwrap();
            let Value::Dict(d) = &v else {
                panic!("{name}: {v:?}")
            };
            assert_eq!(d.len(), 1);
            assert!(d.get(&key).is_some());
            // Stored in a session, it stays a dict in Flask's JSON.
            let mut s = Session::new();
            s.insert("prefs", &v).unwrap();
            let json = s.as_dict().get("prefs").unwrap().to_flask_json().unwrap();
            assert!(!json.contains("\" m\""), "{json}");
            // Through the generic serializer's loads too.
            let ser = Serializer::new("k", &SignerConfig::serializer()).unwrap();
            let token = ser.dumps_at(&serde_json::json!({ &key: "x" }), 1).unwrap();
            let back: Value = ser.loads_at(&token, None, 1).unwrap().value;
            assert!(matches!(back, Value::Dict(_)), "{name}: {back:?}");
        }
        // A dict with that key inside a real Flask session, read through a
        // serde untagged enum or a flattened map (serde buffers both).
        #[derive(Deserialize, Debug)]
        #[serde(untagged)]
        enum Either {
            V(Value),
        }
        #[derive(Deserialize, Debug)]
        struct Flat {
            #[serde(flatten)]
            rest: std::collections::BTreeMap<String, Value>,
        }
        let codec = SessionCodec::flask("k").unwrap();
        let mut s = Session::new();
        let mut inner = crate::Dict::new();
        inner.insert(
            "$flask_cookie::private::Markup".into(),
            Value::Str("<b>".into()),
        );
        s.insert_value("p", Value::Dict(inner.clone()));
        s.insert_value("q", Value::Dict(inner));
        let cookie = codec.encode_at(&s, 1_700_000_000).unwrap();
        let got = codec.decode_at(&cookie, 1_700_000_000).unwrap().session;
        assert!(matches!(
            got.get::<Value>("p").unwrap(),
            Some(Value::Dict(_))
        ));
        let Either::V(e) = got.get::<Either>("p").unwrap().unwrap();
        assert!(matches!(e, Value::Dict(_)), "{e:?}");
        let flat: Flat = from_value(&Value::Dict(got.as_dict().clone())).unwrap();
        assert!(matches!(flat.rest["q"], Value::Dict(_)), "{flat:?}");
        // Exact conversions are unchanged.
        for v in [
            Value::Markup("<b>".into()),
            Value::Tuple(vec![Value::Int(1)]),
            Value::Uuid([7; 16]),
        ] {
            assert_eq!(from_value::<Value>(&v).unwrap(), v);
            assert_eq!(to_value(&v).unwrap(), v);
        }
    }

    /// Bytes stay bytes wherever serde buffers a value (an untagged enum,
    /// a flattened map of `Value`): a session read through such a struct
    /// and saved again must still hold `bytes` for Flask. (A review caught a
    /// change that gave bytes to `deserialize_any` as a list of numbers, to
    /// suit `serde_json::Value`, which takes no bytes; it was reverted.)
    #[test]
    fn bytes_stay_bytes_through_serde_buffering() {
        use serde::Deserialize;
        #[derive(Deserialize, Debug)]
        #[serde(untagged)]
        enum Either {
            V(Value),
        }
        #[derive(Deserialize, Debug)]
        struct Known {
            user: String,
            #[serde(flatten)]
            rest: std::collections::BTreeMap<String, Value>,
        }
        let b = Value::Bytes(b"hi".to_vec());
        let Either::V(v) = from_value::<Either>(&b).unwrap();
        assert_eq!(v, b);
        let mut d = Dict::new();
        d.insert("avatar".into(), b.clone());
        d.insert("user".into(), Value::Str("alice".into()));
        let k: Known = from_value(&Value::Dict(d)).unwrap();
        assert_eq!((k.user.as_str(), &k.rest["avatar"]), ("alice", &b));
        // Typed targets: bytes, a Vec<u8>, a String when UTF-8.
        assert_eq!(from_value::<Vec<u8>>(&b).unwrap(), b"hi");
        assert_eq!(from_value::<String>(&b).unwrap(), "hi");
        assert!(from_value::<String>(&Value::Bytes(vec![0xff])).is_err());
        assert_eq!(from_value::<Value>(&b).unwrap(), b);
        // serde_json::Value takes no bytes: a clear error naming them.
        assert_eq!(
            from_value::<serde_json::Value>(&b),
            Err(Error::BadPayload(PayloadError::WrongType {
                found: "bytes",
                field: None
            }))
        );
    }

    /// Review finding: a `Deserialize` impl that panicked inside the exact
    /// path left the per-thread flag set, so the next `Value` read from JSON
    /// on that thread could turn a private key into `Markup`.
    #[test]
    fn regression_exact_flag_is_cleared_when_a_visitor_panics() {
        use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
        struct Foreign;
        struct Panics;
        impl<'de> Visitor<'de> for Panics {
            type Value = Foreign;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("anything")
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Foreign, A::Error> {
                panic!("a visitor that panics")
            }
        }
        impl<'de> Deserialize<'de> for Foreign {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_newtype_struct("$flask_cookie::private::Value", Panics)
            }
        }
        let caught = std::panic::catch_unwind(|| {
            let _ = from_value::<Foreign>(&Value::Markup("x".into()));
        });
        assert!(caught.is_err());
        let text = r#"{"$flask_cookie::private::Markup":"<script>alert(1)</script>"}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        assert!(matches!(v, Value::Dict(_)), "{v:?}");
    }

    #[test]
    fn debug_shows_uuids_hyphenated() {
        let u = Value::Uuid([
            0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34,
            0x56, 0x78,
        ]);
        assert_eq!(
            format!("{u:?}"),
            "Uuid(12345678-1234-5678-1234-567812345678)"
        );
        let l = Value::List(vec![Value::Null, Value::Int(1), Value::Str("a".into())]);
        assert_eq!(format!("{l:?}"), r#"List([Null, Int(1), Str("a")])"#);
    }

    #[test]
    fn hostile_magic_keys_do_not_panic() {
        // The private newtype names only mean something to this crate's own
        // deserializer; from other formats they must fail cleanly.
        for text in [
            r#"{"$flask_cookie::private::DateTime":"253402300799999999999 86399"}"#,
            r#"{"$flask_cookie::private::DateTime":"-377705116800000000000 -86399"}"#,
            r#"{"$flask_cookie::private::DateTime":"999999999999999999999999 0"}"#,
        ] {
            let _ = serde_json::from_str::<Value>(text);
        }
        for text in [
            r#"{"$flask_cookie::private::DateTime":"x"}"#,
            r#"{"$flask_cookie::private::DateTime":"0 999999"}"#,
            r#"{"$flask_cookie::private::Uuid":"zz"}"#,
            r#"{"$flask_cookie::private::BigInt":"1e5"}"#,
            r#"{"$flask_cookie::private::Tuple":5}"#,
        ] {
            assert!(
                matches!(serde_json::from_str::<Value>(text), Ok(Value::Dict(_))),
                "{text}"
            );
        }
        let extreme = [
            time::PrimitiveDateTime::MAX.assume_utc(),
            time::PrimitiveDateTime::MIN.assume_utc(),
            time::PrimitiveDateTime::MAX.assume_offset(time::macros::offset!(-23:59:59)),
        ];
        for dt in extreme {
            let v = Value::DateTime(dt);
            let _ = v.to_flask_json();
            assert_eq!(to_value(&v).unwrap(), v);
            assert_eq!(from_value::<Value>(&v).unwrap(), v);
            let _ = serde_json::to_string(&v);
        }
    }

    #[test]
    fn errors_carry_no_input() {
        let e = from_value::<u8>(&Value::from("secret-input")).unwrap_err();
        assert!(!e.to_string().contains("secret"));
        assert!(!format!("{e:?}").contains("secret"));
    }
}
