//! [`Value`]: everything a Flask session can hold, with Flask's tagged types.

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize, SerializeMap as _, SerializeTuple as _};
use time::OffsetDateTime;

pub use crate::dict::Dict;
use crate::dict::{Builder, Key};
use crate::error::{Error, PayloadError};

/// The default nesting cap of [`Value::from_flask_json`], in JSON containers
/// (`[` and `{`, counting the ones tags add: a tuple is two).
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
pub const DEFAULT_MAX_DEPTH: usize = 128;

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
#[derive(Clone, Debug, Default)]
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

// ---------------------------------------------------------------------------
// BigInt
// ---------------------------------------------------------------------------

/// An arbitrary-precision integer as Python prints it: a sign and canonical
/// decimal digits, at most [`BigInt::MAX_DIGITS`] of them.
///
/// It exists to carry Python `int`s outside `i64` exactly; it does no
/// arithmetic. [`Value`] constructors use [`Value::Int`] whenever the number
/// fits in `i64`.
///
/// # Examples
///
/// ```
/// use flask_cookie::{BigInt, Value};
///
/// let b = BigInt::parse("-1180591620717411303424")?;
/// assert!(b.is_negative());
/// assert_eq!(b.digits(), "1180591620717411303424");
/// assert_eq!(b.to_string(), "-1180591620717411303424");
/// assert_eq!(Value::from(BigInt::parse("42")?), Value::Int(42));
/// # Ok::<(), flask_cookie::PayloadError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInt {
    negative: bool,
    /// No leading zeros, never empty; `"0"` only with `negative == false`.
    /// A `Box<str>`, not a `String`: with 32-byte `BigInt`s the `Value` enum
    /// kept its tag in this struct's `bool` niche, and every move of a
    /// `Value` became byte-misaligned copies that stall store forwarding.
    digits: Box<str>,
}

impl BigInt {
    /// Python's default `sys.get_int_max_str_digits()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::BigInt;
    /// assert!(BigInt::parse(&"7".repeat(BigInt::MAX_DIGITS)).is_ok());
    /// assert!(BigInt::parse(&"7".repeat(BigInt::MAX_DIGITS + 1)).is_err());
    /// ```
    pub const MAX_DIGITS: usize = 4300;

    /// Parses an optional `+` or `-` followed by ASCII digits, as Python's
    /// `int(s)` does (without its whitespace and `_` leniency). Leading
    /// zeros are dropped but count towards the limit, as in Python.
    ///
    /// # Errors
    ///
    /// [`PayloadError::IntTooLong`] for more than 4300 digits,
    /// [`PayloadError::Json`] for anything that is not an integer.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::{BigInt, PayloadError};
    ///
    /// assert_eq!(BigInt::parse("+007")?.to_i64(), Some(7));
    /// assert_eq!(BigInt::parse("1".repeat(4301).as_str()), Err(PayloadError::IntTooLong));
    /// assert!(BigInt::parse("1_000").is_err());
    /// # Ok::<(), PayloadError>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self, PayloadError> {
        let (negative, digits) = match s.as_bytes().first() {
            Some(b'-') => (true, s.get(1..).unwrap_or_default()),
            Some(b'+') => (false, s.get(1..).unwrap_or_default()),
            _ => (false, s),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PayloadError::Json);
        }
        if digits.len() > Self::MAX_DIGITS {
            return Err(PayloadError::IntTooLong);
        }
        let trimmed = digits.trim_start_matches('0');
        if trimmed.is_empty() {
            return Ok(Self {
                negative: false,
                digits: "0".into(),
            });
        }
        Ok(Self {
            negative,
            digits: trimmed.into(),
        })
    }

    /// Builds from digits already known to be canonical (no leading zero,
    /// not empty, not zero when negative, at most 4300 digits).
    pub(crate) fn from_canonical(negative: bool, digits: &str) -> Self {
        Self {
            negative,
            digits: digits.into(),
        }
    }

    /// True below zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::BigInt;
    /// assert!(BigInt::parse("-5")?.is_negative());
    /// assert!(!BigInt::parse("-0")?.is_negative());
    /// # Ok::<(), flask_cookie::PayloadError>(())
    /// ```
    #[must_use]
    pub const fn is_negative(&self) -> bool {
        self.negative
    }

    /// The decimal digits of the absolute value, without leading zeros.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::BigInt;
    /// assert_eq!(BigInt::parse("-0042")?.digits(), "42");
    /// # Ok::<(), flask_cookie::PayloadError>(())
    /// ```
    #[must_use]
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// The absolute value, when it fits in `u128`.
    fn magnitude(&self) -> Option<u128> {
        if self.digits.len() > 39 {
            return None;
        }
        self.digits.bytes().try_fold(0u128, |acc, b| {
            acc.checked_mul(10)?
                .checked_add(u128::from(b.wrapping_sub(b'0')))
        })
    }

    /// The value as `i128`, when it fits.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::BigInt;
    /// assert_eq!(BigInt::parse("-170141183460469231731687303715884105728")?.to_i128(), Some(i128::MIN));
    /// assert_eq!(BigInt::parse("170141183460469231731687303715884105728")?.to_i128(), None);
    /// # Ok::<(), flask_cookie::PayloadError>(())
    /// ```
    #[must_use]
    pub fn to_i128(&self) -> Option<i128> {
        let m = self.magnitude()?;
        if self.negative {
            0i128.checked_sub_unsigned(m)
        } else {
            i128::try_from(m).ok()
        }
    }

    /// The value as `u128`, when it fits.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::BigInt;
    /// assert_eq!(BigInt::parse("340282366920938463463374607431768211455")?.to_u128(), Some(u128::MAX));
    /// assert_eq!(BigInt::parse("-1")?.to_u128(), None);
    /// # Ok::<(), flask_cookie::PayloadError>(())
    /// ```
    #[must_use]
    pub fn to_u128(&self) -> Option<u128> {
        if self.negative {
            None
        } else {
            self.magnitude()
        }
    }

    /// The value as `i64`, when it fits.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::BigInt;
    /// assert_eq!(BigInt::parse("-9223372036854775808")?.to_i64(), Some(i64::MIN));
    /// assert_eq!(BigInt::parse("9223372036854775808")?.to_i64(), None);
    /// # Ok::<(), flask_cookie::PayloadError>(())
    /// ```
    #[must_use]
    pub fn to_i64(&self) -> Option<i64> {
        self.to_i128().and_then(|v| i64::try_from(v).ok())
    }

    /// The value as `u64`, when it fits.
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::BigInt;
    /// assert_eq!(BigInt::parse("18446744073709551615")?.to_u64(), Some(u64::MAX));
    /// # Ok::<(), flask_cookie::PayloadError>(())
    /// ```
    #[must_use]
    pub fn to_u64(&self) -> Option<u64> {
        self.to_u128().and_then(|v| u64::try_from(v).ok())
    }

    /// The nearest `f64` (correctly rounded; infinite beyond `f64::MAX`).
    ///
    /// # Examples
    ///
    /// ```
    /// use flask_cookie::BigInt;
    /// assert_eq!(BigInt::parse("18446744073709551616")?.to_f64(), 18446744073709551616.0);
    /// # Ok::<(), flask_cookie::PayloadError>(())
    /// ```
    #[must_use]
    pub fn to_f64(&self) -> f64 {
        let m = self.digits.parse::<f64>().unwrap_or(f64::INFINITY);
        if self.negative {
            -m
        } else {
            m
        }
    }
}

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str(&self.digits)
    }
}

impl FromStr for BigInt {
    type Err = PayloadError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Ord for BigInt {
    fn cmp(&self, other: &Self) -> Ordering {
        let magnitude = self
            .digits
            .len()
            .cmp(&other.digits.len())
            .then_with(|| self.digits.cmp(&other.digits));
        match (self.negative, other.negative) {
            (false, false) => magnitude,
            (true, true) => magnitude.reverse(),
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
        }
    }
}

impl PartialOrd for BigInt {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

macro_rules! big_int_from {
    ($($t:ty),*) => {$(
        impl From<$t> for BigInt {
            fn from(v: $t) -> Self {
                let s = v.to_string();
                match s.strip_prefix('-') {
                    Some(d) => Self { negative: true, digits: d.into() },
                    None => Self { negative: false, digits: s.into() },
                }
            }
        }
    )*};
}
big_int_from!(i64, u64, i128, u128);

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
    /// would nest deeper than 256 containers, or with
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
    /// integers outside `i64`/`u64`.
    fn try_from(v: &Value) -> Result<Self, Self::Error> {
        let fail = Error::BadPayload(PayloadError::Serialize);
        Ok(match v {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Int(i) => Self::from(*i),
            Value::BigInt(b) => Self::from(b.to_u64().ok_or(fail)?),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(Self::Number)
                .ok_or(fail)?,
            Value::Str(s) => Self::String(s.clone()),
            Value::List(items) => {
                Self::Array(items.iter().map(Self::try_from).collect::<Result<_, _>>()?)
            }
            Value::Dict(map) => Self::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.to_owned(), Self::try_from(v)?)))
                    .collect::<Result<_, Error>>()?,
            ),
            Value::Tuple(_)
            | Value::Bytes(_)
            | Value::Markup(_)
            | Value::Uuid(_)
            | Value::DateTime(_) => return Err(fail),
        })
    }
}

impl TryFrom<Value> for serde_json::Value {
    type Error = Error;

    /// As for `&Value`.
    fn try_from(v: Value) -> Result<Self, Self::Error> {
        Self::try_from(&v)
    }
}

// ---------------------------------------------------------------------------
// serde bridge
// ---------------------------------------------------------------------------

/// The error inside the serde bridge. Messages are dropped: they may quote
/// the data.
#[derive(Debug)]
struct SerdeError(PayloadError);

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

impl de::Error for SerdeError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Self(PayloadError::Deserialize)
    }
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
/// `Serialize` fails or a map key cannot be a string.
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
    })
    .map_err(|e| Error::BadPayload(e.0))
}

/// Converts a [`Value`] into any `DeserializeOwned` type (no JSON text in
/// between).
///
/// * `List` and `Tuple` are both sequences.
/// * `Bytes` are bytes, and also a sequence of `u8`.
/// * `Markup` is a string; `Uuid` is its 32-hex-digit string (or its 16
///   bytes when bytes are asked for); `DateTime` is its HTTP-date string.
/// * A `BigInt` goes into any integer type it fits (`u64`, `i128`, `u128`)
///   and into floats; where the target takes anything
///   (`deserialize_any`, e.g. `serde_json::Value`), a `BigInt` beyond `u64` is
///   given as its decimal string.
/// * Dict keys go into integer or bool keys when they parse as such.
/// * Enums are externally tagged, as in `serde_json`.
///
/// [`Value`] itself round-trips exactly, tagged types included.
///
/// # Errors
///
/// [`Error::BadPayload`] with [`PayloadError::Deserialize`] when the value
/// does not fit the type.
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
    T::deserialize(ValueDeserializer(v)).map_err(|e| Error::BadPayload(e.0))
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
    /// [`from_value`], exact (tagged types included).
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
        let Some(first) = map.next_key::<String>()? else {
            return Ok(Value::Dict(Dict::new()));
        };
        let bad = || <A::Error as de::Error>::custom("malformed tagged value");
        Ok(match first.as_str() {
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
}

/// `f32` through its shortest decimal form, so `0.1f32` becomes `0.1`.
fn f32_to_f64(v: f32) -> f64 {
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
    fn serialize_i8(self, v: i8) -> Result<Value, SerdeError> {
        Ok(Value::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, SerdeError> {
        Ok(Value::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, SerdeError> {
        Ok(Value::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, SerdeError> {
        Ok(Value::from(v))
    }
    fn serialize_i128(self, v: i128) -> Result<Value, SerdeError> {
        Ok(Value::from(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, SerdeError> {
        Ok(Value::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, SerdeError> {
        Ok(Value::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, SerdeError> {
        Ok(Value::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, SerdeError> {
        Ok(Value::from(v))
    }
    fn serialize_u128(self, v: u128) -> Result<Value, SerdeError> {
        Ok(Value::from(v))
    }
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
        let inner_str = |human_readable| match v.serialize(Self { human_readable })? {
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
        map.insert(variant.to_owned(), v.serialize(self)?);
        Ok(Value::Dict(map))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqSerializer, SerdeError> {
        Ok(SeqSerializer::new(self, len, SeqKind::List))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqSerializer, SerdeError> {
        Ok(SeqSerializer::new(self, Some(len), SeqKind::Tuple))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, SerdeError> {
        Ok(SeqSerializer::new(self, Some(len), SeqKind::Tuple))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqSerializer, SerdeError> {
        Ok(SeqSerializer::new(
            self,
            Some(len),
            SeqKind::Variant(variant),
        ))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapSerializer, SerdeError> {
        Ok(MapSerializer::new(self, None))
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<MapSerializer, SerdeError> {
        Ok(MapSerializer::new(self, None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<MapSerializer, SerdeError> {
        Ok(MapSerializer::new(self, Some(variant)))
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

impl ser::SerializeSeq for SeqSerializer {
    type Ok = Value;
    type Error = SerdeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerdeError> {
        self.push(v)
    }
    fn end(self) -> Result<Value, SerdeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeTuple for SeqSerializer {
    type Ok = Value;
    type Error = SerdeError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerdeError> {
        self.push(v)
    }
    fn end(self) -> Result<Value, SerdeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleStruct for SeqSerializer {
    type Ok = Value;
    type Error = SerdeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerdeError> {
        self.push(v)
    }
    fn end(self) -> Result<Value, SerdeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleVariant for SeqSerializer {
    type Ok = Value;
    type Error = SerdeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerdeError> {
        self.push(v)
    }
    fn end(self) -> Result<Value, SerdeError> {
        Ok(self.finish())
    }
}

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

impl ser::SerializeStruct for MapSerializer {
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

impl ser::SerializeStructVariant for MapSerializer {
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
    fn serialize_i8(self, v: i8) -> Result<String, SerdeError> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String, SerdeError> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String, SerdeError> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String, SerdeError> {
        Ok(v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<String, SerdeError> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String, SerdeError> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String, SerdeError> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String, SerdeError> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String, SerdeError> {
        Ok(v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<String, SerdeError> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<String, SerdeError> {
        Ok(py_float_key(f32_to_f64(v)))
    }
    fn serialize_f64(self, v: f64) -> Result<String, SerdeError> {
        Ok(py_float_key(v))
    }
    fn serialize_char(self, v: char) -> Result<String, SerdeError> {
        Ok(v.to_string())
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
                if let Some(u) = b.to_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = b.to_i128() {
                    visitor.visit_i128(i)
                } else if let Some(u) = b.to_u128() {
                    visitor.visit_u128(u)
                } else {
                    Err(DE)
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
        visitor.visit_map(ExactMap(Some(payload)))
    }
}

enum Payload<'de> {
    Value(&'de Value),
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
            Value::List(items) | Value::Tuple(items) => visitor.visit_seq(SeqDe(items.iter())),
            Value::Dict(map) => visitor.visit_map(MapDe {
                iter: map.iter(),
                value: None,
            }),
            Value::Bytes(b) => visitor.visit_borrowed_bytes(b),
            Value::Uuid(u) => visitor.visit_string(crate::tag::uuid_hex(u)),
            Value::DateTime(d) => visitor.visit_string(crate::http_date::format(*d)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.deserialize_any(visitor)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_integer(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_integer(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_integer(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_integer(visitor)
    }
    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_integer(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_integer(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_integer(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_integer(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_integer(visitor)
    }
    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_integer(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_float(visitor)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.visit_float(visitor)
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.deserialize_any(visitor)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.deserialize_any(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.deserialize_any(visitor)
    }
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
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.deserialize_any(visitor)
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
            Value::Bytes(b) => visitor.visit_seq(BytesSeqDe(b.iter())),
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
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.deserialize_any(visitor)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        self.deserialize_any(visitor)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        match self.0 {
            Value::Str(s) | Value::Markup(s) => visitor.visit_enum(EnumDe {
                variant: s,
                value: None,
            }),
            Value::Dict(map) if map.len() == 1 => match map.iter().next() {
                Some((k, v)) => visitor.visit_enum(EnumDe {
                    variant: k,
                    value: Some(v),
                }),
                None => Err(DE),
            },
            _ => Err(DE),
        }
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        self.deserialize_any(visitor)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        visitor.visit_unit()
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
    value: Option<&'de Value>,
}

impl<'de> MapAccess<'de> for MapDe<'de> {
    type Error = SerdeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, SerdeError> {
        match self.iter.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(KeyDeserializer(k)).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, SerdeError> {
        seed.deserialize(ValueDeserializer(self.value.take().ok_or(DE)?))
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
            visitor.$visit(self.0.parse::<$t>().map_err(|_| DE)?)
        }
    )*};
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
            _ => Err(DE),
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
            Some(_) => Err(DE),
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
        match self.0 {
            Some(v @ (Value::List(_) | Value::Tuple(_))) => {
                de::Deserializer::deserialize_any(ValueDeserializer(v), visitor)
            }
            _ => Err(DE),
        }
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        match self.0 {
            Some(v @ (Value::Dict(_) | Value::List(_) | Value::Tuple(_))) => {
                de::Deserializer::deserialize_any(ValueDeserializer(v), visitor)
            }
            _ => Err(DE),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            Value::from_flask_json(&"[".repeat(129)),
            Err(Error::BadPayload(PayloadError::TooDeep))
        );
        let mut deep = Value::Null;
        for _ in 0..600 {
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
        let err = Error::BadPayload(PayloadError::Deserialize);
        assert_eq!(from_value::<u8>(&Value::Int(256)), Err(err.clone()));
        assert_eq!(from_value::<u64>(&Value::Int(-1)), Err(err.clone()));
        assert_eq!(from_value::<i64>(&Value::from(u64::MAX)), Err(err.clone()));
        assert_eq!(from_value::<String>(&Value::Int(1)), Err(err.clone()));
        let huge = Value::from(BigInt::parse(&"9".repeat(50)).unwrap());
        assert_eq!(from_value::<u128>(&huge), Err(err));
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
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
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
