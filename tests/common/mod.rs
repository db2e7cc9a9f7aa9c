//! Shared helpers for the vector-driven and differential tests.
#![allow(dead_code, unreachable_pub, missing_docs)]

pub mod oracle;
pub mod values;

use flask_cookie::{Error, KeyMatch, Keys};
use serde_json::Value as J;

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
