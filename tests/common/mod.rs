//! Shared helpers for the vector-driven and differential tests.
#![allow(dead_code, unreachable_pub, missing_docs)]

pub mod oracle;
pub mod values;

use flask_cookie::{Error, KeyMatch, Keys};
use serde_json::Value as J;

/// Where we knowingly differ from Flask: vector name, what we do instead, why.
/// Each is still asserted, against our outcome (tests/vectors_flask.rs,
/// and tests/cli.rs for the `decode/` ones).
pub const FLASK_DIVERGENCES: &[(&str, &str, &str)] = &[
    ("session/str/lone_surrogate", "bad_payload", "a Rust String cannot hold a lone surrogate: clear error, never altered"),
    ("decode/roundtrip/str/lone_surrogate", "bad_payload", "as above"),
    ("decode/payload/json_lone_surrogate", "bad_payload", "as above"),
    ("decode/payload/tag_b_junk_dropped", "bad_payload", "' b' payloads must be canonical base64 (Python drops junk)"),
    ("decode/payload/tag_m_list", "bad_payload", "' m' must hold a string or a scalar (Python's Markup(v) is str(v): a list gives its Python repr)"),
    ("decode/payload/tag_m_dict", "bad_payload", "as above: a dict's repr"),
    ("decode/payload/tag_m_tuple", "bad_payload", "as above: a tuple's repr"),
    ("decode/payload/top_level_null", "ok", "Flask's open_session turns null into an empty session; so do we"),
    ("cookie_header/non_ascii_value", "utf8", "find_cookie reads the UTF-8 text it is given; Flask under WSGI sees the bytes as latin-1, as find_cookie_in_raw does (values Flask emits are ASCII)"),
    ("cookie_header/non_ascii_name", "utf8", "as above: find_cookie finds a non-ASCII cookie name in UTF-8 text"),
    ("decode/ts/2pow62_bad_sig", "bad_time_signature", "Python's message is 'Malformed timestamp' (same class, BadTimeSignature); our MalformedTimestamp means the MAC held, so a forged token never gets it (found by fuzz/cookie_unknown_key)"),
];

/// Our outcome for a Flask vector where we knowingly differ.
pub fn flask_divergence(name: &str) -> Option<&'static str> {
    FLASK_DIVERGENCES.iter().find(|d| d.0 == name).map(|d| d.1)
}

pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

pub fn load(name: &str) -> J {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// itsdangerous' list, oldest to newest.
pub fn keys(v: &J) -> Keys {
    let ks: Vec<Vec<u8>> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|k| unhex(k.as_str().unwrap()))
        .collect();
    Keys::from_oldest_to_newest(ks).unwrap()
}

/// The vector's `matched_key` (an index into the oldest-to-newest list).
pub fn key_match(index: usize, n_keys: usize) -> KeyMatch {
    if index + 1 == n_keys {
        KeyMatch::Current
    } else {
        KeyMatch::Fallback(index)
    }
}

/// Our error, named as the vectors name Python's exceptions.
pub fn kind(e: &Error) -> &'static str {
    e.kind()
}

pub fn opt_u64(v: &J) -> Option<u64> {
    v.as_u64()
}

/// Fails listing every vector that failed, by name.
pub fn report(what: &str, checked: usize, failures: &[String]) {
    assert!(checked > 0, "{what}: no vectors checked");
    assert!(
        failures.is_empty(),
        "{what}: {} of {checked} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{what}: {checked} vectors passed");
}
