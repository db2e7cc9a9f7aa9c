//! Python `int`s outside `i64`: a sign and canonical decimal digits, carried
//! exactly (no arithmetic).

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

use crate::error::PayloadError;

/// An arbitrary-precision integer as Python prints it: a sign and canonical
/// decimal digits, at most [`BigInt::MAX_DIGITS`] of them.
///
/// It exists to carry Python `int`s outside `i64` exactly; it does no
/// arithmetic. [`Value`](crate::Value) constructors use
/// [`Value::Int`](crate::Value::Int) whenever the number fits in `i64`.
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
