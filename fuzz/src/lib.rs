//! Shared pieces of the fuzz targets: an `Arbitrary` generator for Flask
//! session values (kept here, not in the library), comparison helpers, a
//! counting allocator, and the set of genuine cookies from the golden vectors.
//!
//! Each target in `fuzz_targets/` is an oracle: it states a property that
//! must hold for every input, not only "does not crash".

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Result, Unstructured};
use flask_cookie::{BigInt, Dict, Value};
use time::OffsetDateTime;

/// The time every target pretends it is, unless the input chooses: the
/// frozen clock of the golden vectors (2023-11-14 22:13:20 UTC).
pub const NOW: u64 = 1_700_000_000;

/// The key of (most of) the golden vectors: Flask's `SECRET_KEY = "secret-key"`.
pub const VECTOR_KEY: &str = "secret-key";

/// A key nobody ever signed anything with.
pub const UNKNOWN_KEY: &[u8] = b"flask-cookie fuzz: a key that never signed anything";

/// Deepest value the generator builds. Tuples and tagged values count two or
/// one extra JSON containers, so this reaches past the default depth cap
/// (700 containers).
pub const MAX_ARB_DEPTH: usize = 360;

/// Keys Flask's tagging treats specially, or that look as if it might.
pub const TAG_LIKE_KEYS: [&str; 13] = [
    " t",
    " di",
    " b",
    " m",
    " u",
    " d",
    " z",
    " di__",
    " t__",
    "",
    " ",
    "t",
    "_permanent",
];

/// The earliest and latest datetimes that round-trip through Flask's
/// `http_date`: 1000-01-01 and 9999-12-31 23:59:59 UTC, whole seconds.
/// (Python's `parsedate_to_datetime` maps 2-digit years to 19xx/20xx, so years
/// below 1000 are not a Flask round trip either.)
pub const MIN_DATETIME: i64 = -30_610_224_000;
/// See [`MIN_DATETIME`].
pub const MAX_DATETIME: i64 = 253_402_300_799;

fn string(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 6)? {
        return Ok((*u.choose(&TAG_LIKE_KEYS)?).to_owned());
    }
    String::arbitrary(u)
}

fn big_int(u: &mut Unstructured<'_>) -> Result<Value> {
    let n = u.int_in_range(1..=80usize)?;
    let mut digits = String::with_capacity(n + 1);
    if bool::arbitrary(u)? {
        digits.push('-');
    }
    for i in 0..n {
        let lo = if i == 0 { 1 } else { 0 };
        digits.push(char::from(b'0' + u.int_in_range(lo..=9u8)?));
    }
    Ok(BigInt::parse(&digits).map_or(Value::Null, Value::from))
}

fn datetime(u: &mut Unstructured<'_>) -> Result<Value> {
    let ts = u.int_in_range(MIN_DATETIME..=MAX_DATETIME)?;
    Ok(OffsetDateTime::from_unix_timestamp(ts).map_or(Value::Null, Value::DateTime))
}

fn items(u: &mut Unstructured<'_>, depth: usize) -> Result<Vec<Value>> {
    let n = u.int_in_range(0..=5usize)?;
    (0..n).map(|_| value(u, depth + 1)).collect()
}

/// A Flask session value: every [`Value`] variant, tag-like keys, nesting up
/// to [`MAX_ARB_DEPTH`].
///
/// # Errors
///
/// When `u` runs out in a way `arbitrary` reports.
pub fn value(u: &mut Unstructured<'_>, depth: usize) -> Result<Value> {
    let kinds = if depth >= MAX_ARB_DEPTH { 11 } else { 15 };
    Ok(match u.choose_index(kinds)? {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => Value::Int(i64::arbitrary(u)?),
        3 => big_int(u)?,
        4 => Value::Float(f64::from_bits(u64::arbitrary(u)?)),
        5 => Value::Str(String::arbitrary(u)?),
        6 => Value::Bytes(Vec::<u8>::arbitrary(u)?),
        7 => Value::Markup(String::arbitrary(u)?),
        8 => Value::Uuid(<[u8; 16]>::arbitrary(u)?),
        9 => datetime(u)?,
        10 => Value::Str(string(u)?),
        11 => Value::List(items(u, depth)?),
        12 => Value::Tuple(items(u, depth)?),
        _ => Value::Dict(dict(u, depth + 1)?),
    })
}

/// A dict of arbitrary values, keys sometimes tag-like.
///
/// # Errors
///
/// As [`value`].
pub fn dict(u: &mut Unstructured<'_>, depth: usize) -> Result<Dict> {
    let n = u.int_in_range(0..=5usize)?;
    let mut d = Dict::new();
    for _ in 0..n {
        let k = string(u)?;
        let v = value(u, depth)?;
        d.insert(k, v);
    }
    Ok(d)
}

/// An arbitrary session dict (the fuzz-side `Arbitrary` for the library's
/// [`Value`], which has no `arbitrary` dependency itself).
#[derive(Debug, Clone)]
pub struct ArbDict(pub Dict);

impl<'a> Arbitrary<'a> for ArbDict {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        dict(u, 0).map(Self)
    }
}

/// Value equality as the round trip promises it: [`Value`]'s own structural
/// equality, except that datetimes compare as instants. Flask writes every
/// datetime in GMT, so a `+0100` date read from a payload comes back as the
/// same instant in UTC (Python does exactly this too).
#[must_use]
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::DateTime(x), Value::DateTime(y)) => x == y,
        (Value::List(x), Value::List(y)) | (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Dict(x), Value::Dict(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kp, p), (kq, q))| kp == kq && same(p, q))
        }
        _ => a == b,
    }
}

/// Deepest nesting of `[`/`{` in JSON text (outside strings).
#[must_use]
pub fn json_depth(text: &[u8]) -> usize {
    let (mut depth, mut max, mut in_str, mut escaped) = (0usize, 0usize, false, false);
    for &b in text {
        if in_str {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Every cookie-shaped string in `tests/vectors/flask.json` (written by
/// `fuzz/seed_corpus.py`): the only tokens that may ever verify under
/// [`VECTOR_KEY`] in strict mode.
#[must_use]
pub fn genuine_cookies() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../seeds/genuine_cookies.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// A global allocator that counts live heap bytes and their peak, so a target
/// can assert how much memory one call needed.
#[derive(Debug)]
pub struct CountingAlloc;

impl CountingAlloc {
    /// Starts a measurement: the peak becomes the current live size.
    pub fn reset_peak() -> usize {
        let now = CURRENT.load(Ordering::SeqCst);
        PEAK.store(now, Ordering::SeqCst);
        now
    }

    /// The peak live size since [`CountingAlloc::reset_peak`].
    #[must_use]
    pub fn peak() -> usize {
        PEAK.load(Ordering::SeqCst)
    }

    fn grew(by: usize) {
        let now = CURRENT.fetch_add(by, Ordering::SeqCst) + by;
        PEAK.fetch_max(now, Ordering::SeqCst);
    }

    fn shrank(by: usize) {
        CURRENT.fetch_sub(by, Ordering::SeqCst);
    }
}

// SAFETY: every call is forwarded unchanged to `System`; the counters are
// plain atomics.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            Self::grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            Self::grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        Self::shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            // Count the moment both blocks may exist, as the peak must.
            Self::grew(new_size);
            Self::shrank(layout.size());
        }
        p
    }
}
