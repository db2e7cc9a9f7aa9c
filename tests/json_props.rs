//! Property tests for the tagged JSON layer: `to_flask_json` then
//! `from_flask_json` is the identity on every [`Value`], reading never
//! panics, and (when python3 with Flask is installed) the float formatting
//! and the whole writer agree with Python byte for byte.
#![allow(
    missing_docs,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write as _;
use std::process::{Command, Stdio};

use flask_cookie::{BigInt, Dict, Error, PayloadError, Value};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use time::OffsetDateTime;

/// Keys that Flask's tagging treats specially, or that look as if it might.
const TAG_LIKE: [&str; 12] = [
    " t", " di", " b", " m", " u", " d", " z", " di__", " t__", "", " ", "t",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        2 => "[ -~]{0,12}",
        1 => "[\\\\\"/\u{0}-\u{1f}\u{7f}-\u{a0}\u{2028}\u{fffe}\u{ffff}\u{10000}\u{10ffff}]{0,6}",
        1 => prop::sample::select(TAG_LIKE.to_vec()).prop_map(str::to_owned),
    ]
}

fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => any::<f64>(),
        2 => any::<u64>().prop_map(f64::from_bits),
        1 => prop::sample::select(vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            1e16,
            1e-4,
            9.999e-5,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
        ]),
        2 => (any::<i32>(), -8i32..20).prop_map(|(m, e)| f64::from(m) * 10f64.powi(e)),
    ]
}

fn big_int() -> impl Strategy<Value = Value> {
    (any::<bool>(), "[1-9][0-9]{18,60}").prop_map(|(negative, digits)| {
        let text = if negative {
            format!("-{digits}")
        } else {
            digits
        };
        Value::from(BigInt::parse(&text).expect("valid digits"))
    })
}

/// UTC, whole seconds, years 1000..=9999: what an HTTP date carries.
fn datetime() -> impl Strategy<Value = Value> {
    (-30_610_224_000i64..=253_402_300_799)
        .prop_map(|ts| Value::DateTime(OffsetDateTime::from_unix_timestamp(ts).expect("in range")))
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        (-1000i64..1000).prop_map(Value::Int),
        big_int(),
        float().prop_map(Value::Float),
        text().prop_map(Value::Str),
        prop::collection::vec(any::<u8>(), 0..24).prop_map(Value::Bytes),
        text().prop_map(Value::Markup),
        any::<[u8; 16]>().prop_map(Value::Uuid),
        datetime(),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::List),
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Tuple),
            prop::collection::btree_map(text(), inner.clone(), 0..6)
                .prop_map(|m| Value::Dict(m.into())),
            (prop::sample::select(TAG_LIKE.to_vec()), inner).prop_map(|(k, v)| {
                let mut d = Dict::new();
                d.insert(k.to_owned(), v);
                Value::Dict(d)
            }),
        ]
    })
}

/// JSON-ish token soup: mostly well-formed pieces, including tags, so that
/// the untagging paths see odd shapes.
fn token_soup() -> impl Strategy<Value = String> {
    let tokens = vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\" t\"",
        "\" di\"",
        "\" b\"",
        "\" m\"",
        "\" u\"",
        "\" d\"",
        "\"ab__\"",
        "\"QQ==\"",
        "\"x\"",
        "\"\"",
        "1",
        "-0",
        "0.5",
        "1e400",
        "-1e-400",
        "NaN",
        "Infinity",
        "-Infinity",
        "null",
        "true",
        "false",
        "\"\\ud800\"",
        "\"\\ud83d\\ude00\"",
        "\"\\u00e9\"",
        "\"12345678123456781234567812345678\"",
        "\"Thu, 29 Feb 2024 11:45:30 GMT\"",
        "123456789012345678901234567890",
        "\"\\",
        "\u{feff}",
        "\t",
    ];
    prop::collection::vec(prop::sample::select(tokens), 0..40).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn write_then_read_is_identity(v in value()) {
        let text = v.to_flask_json().expect("shallow values serialize");
        prop_assert!(text.is_ascii());
        let back = Value::from_flask_json(&text);
        prop_assert_eq!(back.as_ref(), Ok(&v), "text: {}", text);
        // And the text is a fixed point.
        prop_assert_eq!(back.expect("checked").to_flask_json().expect("same"), text);
    }

    #[test]
    fn serde_bridge_is_identity(v in value()) {
        prop_assert_eq!(flask_cookie::to_value(&v), Ok(v.clone()));
        prop_assert_eq!(flask_cookie::from_value::<Value>(&v), Ok(v));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = Value::from_flask_json_bytes(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        let _ = Value::from_flask_json(&s);
    }

    #[test]
    fn token_soup_never_panics(s in token_soup()) {
        if let Ok(v) = Value::from_flask_json(&s) {
            // Whatever reads must write (it is shallow).
            prop_assert!(v.to_flask_json().is_ok());
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for open in ["[", "{\"a\":", "{\" t\":[", "{\" di\":{\"x\":"] {
        let deep = open.repeat(200_000);
        assert_eq!(
            Value::from_flask_json(&deep),
            Err(Error::BadPayload(PayloadError::TooDeep)),
            "{open}"
        );
    }
}

// ---------------------------------------------------------------------------
// Differential tests against the installed Python
// ---------------------------------------------------------------------------

/// Runs `python3 -c script` with `input` on stdin; `None` (after printing
/// why) when python3 or Flask is missing, unless FLASK_COOKIE_REQUIRE_ORACLE
/// is set.
fn python(script: &str, input: &str) -> Option<String> {
    let available = Command::new("python3")
        .args(["-c", "import flask"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        assert!(
            std::env::var_os("FLASK_COOKIE_REQUIRE_ORACLE").is_none(),
            "python3 with Flask is required"
        );
        eprintln!("SKIPPED: python3 with Flask is not available");
        return None;
    }
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn python3");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("python3 runs");
    writer
        .join()
        .expect("writer thread")
        .expect("write to python3");
    assert!(out.status.success(), "python3 failed");
    Some(String::from_utf8(out.stdout).expect("python3 prints UTF-8"))
}

/// splitmix64: deterministic bit patterns without extra dependencies.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[test]
fn float_repr_matches_python() {
    // FLASK_COOKIE_FLOAT_SCALE=100 runs 100 times as many random cases.
    let scale: usize = std::env::var("FLASK_COOKIE_FLOAT_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut rng = SplitMix(0x5eed ^ scale as u64);
    let mut floats: Vec<f64> = Vec::new();
    // Raw bit patterns: every exponent, NaN payloads, subnormals.
    floats.extend((0..3000 * scale).map(|_| f64::from_bits(rng.next())));
    // Everyday magnitudes, around the fixed/exponent switch points.
    for _ in 0..3000 * scale {
        let r = rng.next();
        let mantissa = (r >> 11) % 10_000_000_000_000_000;
        let digits = (r % 17) as i32 + 1;
        let exp = ((r >> 5) % 30) as i32 - 10;
        let m = (mantissa % 10u64.pow(digits as u32)) as f64;
        floats.push(m * 10f64.powi(exp - digits));
    }
    // Few fraction bits: the values where two shortest candidates tie and
    // Python picks the even one (e.g. -840847321408031.25 -> ...031.2).
    for _ in 0..3000 * scale {
        let r = rng.next();
        let m = (r >> 11) | 1;
        let e = (r % 40) as i32 - 8;
        floats.push(m as f64 * 2f64.powi(e));
    }
    // Short decimals (prices, ratios, coordinates) and their neighbours:
    // the writer's fast path and the edges of it.
    for _ in 0..3000 * scale {
        let r = rng.next();
        let d = (r % 9) as i32;
        let m = (rng.next() >> 11) % 10u64.pow(1 + (r >> 8) as u32 % 16);
        let v = m as f64 / 10f64.powi(d);
        floats.extend([
            v,
            -v,
            f64::from_bits(v.to_bits() + 1),
            f64::from_bits(v.to_bits().saturating_sub(1)),
        ]);
    }
    for e in -330..=310 {
        for m in [1.0, 1.5, 9.999, 9.999_999_999_999_999] {
            floats.push(m * 10f64.powi(e));
        }
    }
    floats.extend([
        0.0,
        -0.0,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        2f64.powi(53),
        2f64.powi(53) + 2.0,
    ]);
    let hex: String = floats
        .iter()
        .map(|f| format!("{:016x}\n", f.to_bits()))
        .collect();
    let script = r#"
import sys, struct, json
fs = [struct.unpack('>d', bytes.fromhex(l))[0] for l in sys.stdin.read().split()]
print(json.dumps(fs, separators=(",", ":")))
"#;
    let Some(python_out) = python(script, &hex) else {
        return;
    };
    let ours = Value::List(floats.iter().map(|&f| Value::Float(f)).collect())
        .to_flask_json()
        .expect("flat list");
    let py: Vec<&str> = python_out
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .collect();
    let rs: Vec<&str> = ours
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .collect();
    assert_eq!(py.len(), floats.len());
    for ((f, p), r) in floats.iter().zip(&py).zip(&rs) {
        assert_eq!(p, r, "bits {:016x}", f.to_bits());
    }
}

/// Python loads our output, dumps it again, and must get the same bytes; and
/// its loads of our text must be the value we started from, as far as the
/// round trip through Python can tell.
#[test]
fn writer_output_is_a_flask_fixed_point() {
    let strategy = value();
    let mut runner = TestRunner::deterministic();
    let mut lines = String::new();
    let mut texts = Vec::new();
    for _ in 0..400 {
        let v = strategy.new_tree(&mut runner).expect("value").current();
        let text = v.to_flask_json().expect("serializes");
        lines.push_str(&text);
        lines.push('\n');
        texts.push(text);
    }
    let script = r#"
import sys, flask
from flask.sessions import session_json_serializer as s
app = flask.Flask(__name__)
with app.app_context():
    for line in sys.stdin.read().split("\n")[:-1]:
        print(s.dumps(s.loads(line)))
"#;
    let Some(out) = python(script, &lines) else {
        return;
    };
    let back: Vec<&str> = out.lines().collect();
    assert_eq!(back.len(), texts.len());
    for (ours, theirs) in texts.iter().zip(back) {
        assert_eq!(ours, theirs);
    }
}
