//! Random Flask session values from the whole value space, for differential
//! tests (everything but lone surrogates, which a Rust String cannot hold).
#![allow(dead_code, unreachable_pub, missing_docs)]

use flask_cookie::{BigInt, Dict, Value};

use super::oracle::Rng;

const TAG_KEYS: [&str; 7] = [" t", " di", " b", " m", " u", " d", " z"];

pub fn string(rng: &mut Rng) -> String {
    let pool = [
        "a",
        "Z",
        "0",
        " ",
        "é",
        "秘",
        "😀",
        "\u{10ffff}",
        "\n",
        "\t",
        "\"",
        "\\",
        "/",
        "\u{7f}",
        "\u{80}",
        "\u{2028}",
        "\u{0}",
        "\u{1f}",
        "\u{feff}",
        "\u{ffff}",
        "x",
        "__",
        "<b>",
        "&",
    ];
    (0..rng.below(10)).map(|_| *rng.pick(&pool)).collect()
}

fn key(rng: &mut Rng) -> String {
    if rng.chance(5) {
        (*rng.pick(&TAG_KEYS)).to_owned()
    } else {
        string(rng)
    }
}

pub fn float(rng: &mut Rng) -> f64 {
    match rng.below(6) {
        0 => f64::from_bits(rng.next()),
        1 => *rng.pick(&[
            0.1,
            1.0,
            -0.0,
            1e16,
            1e-5,
            5e-324,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e22,
            0.0001,
        ]),
        2 => (rng.next() as i64 >> rng.below(60)) as f64,
        _ => (rng.next() % 100_000) as f64 / 1000.0,
    }
}

pub fn bigint(rng: &mut Rng) -> Value {
    let digits: String = (0..20 + rng.below(80))
        .map(|i| {
            let d = rng.below(10) as u8;
            char::from(b'0' + if i == 0 { d.max(1) } else { d })
        })
        .collect();
    let s = if rng.chance(2) {
        format!("-{digits}")
    } else {
        digits
    };
    Value::BigInt(BigInt::parse(&s).unwrap())
}

pub fn datetime(rng: &mut Rng) -> Value {
    // Whole seconds, UTC, years 1000..9999 (what Flask's http_date round-trips).
    let lo = -30_610_224_000i64; // 1000-01-01
    let hi = 253_402_300_799i64; // 9999-12-31 23:59:59
    let t = lo + (rng.next() % (hi - lo) as u64) as i64;
    Value::DateTime(time::OffsetDateTime::from_unix_timestamp(t).unwrap())
}

pub fn value(rng: &mut Rng, depth: u32) -> Value {
    let leaf_only = depth >= 4;
    match rng.below(if leaf_only { 11 } else { 15 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => Value::Int(rng.next() as i64 >> rng.below(64)),
        3 => bigint(rng),
        4 => Value::Float(float(rng)),
        5 | 6 => Value::Str(string(rng)),
        7 => Value::Bytes(rng.bytes(20)),
        8 => Value::Markup(string(rng)),
        9 => Value::Uuid(std::array::from_fn(|_| rng.next() as u8)),
        10 => datetime(rng),
        11 => Value::List((0..rng.below(4)).map(|_| value(rng, depth + 1)).collect()),
        12 => Value::Tuple((0..rng.below(4)).map(|_| value(rng, depth + 1)).collect()),
        _ => Value::Dict(dict(rng, depth + 1)),
    }
}

pub fn dict(rng: &mut Rng, depth: u32) -> Dict {
    (0..rng.below(4))
        .map(|_| (key(rng), value(rng, depth)))
        .collect()
}

/// A session: a dict, sometimes with `_permanent`, sometimes large and
/// repetitive so that Flask compresses it.
pub fn session(rng: &mut Rng) -> Dict {
    let mut d = dict(rng, 0);
    if rng.chance(3) {
        d.insert("_permanent".into(), Value::Bool(rng.chance(2)));
    }
    if rng.chance(4) {
        d.insert(
            "big".into(),
            Value::Str("abc".repeat(rng.below(200) as usize)),
        );
    }
    if d.is_empty() {
        d.insert("user".into(), Value::Str(string(rng)));
    }
    d
}
