//! Oracle: the command line's Python-literal readers (a wordlist line as
//! flask-unsign reads it, `sign`'s session as `ast.literal_eval` reads it)
//! never panic on arbitrary input, and what they accept is sound:
//!
//! * a wordlist line read as a literal or stripped gives a key that is not
//!   the line itself;
//! * a session literal read as a value has Flask JSON that re-reads to it;
//!   one read as JSON text (a dict with keys that are not str) re-reads as
//!   a value whose library JSON is the same text up to key order (compared
//!   as serde_json values where serde_json reads both).
//!
//! The modules are the binary's own files, compiled in here.
#![no_main]

#[allow(dead_code, unreachable_pub)]
#[path = "../../src/bin/flask-cookie/py_literal.rs"]
mod py_literal;
#[allow(dead_code, unreachable_pub)]
#[path = "../../src/bin/flask-cookie/py_value.rs"]
mod py_value;
#[allow(dead_code, unreachable_pub)]
#[path = "../../src/bin/flask-cookie/surrogates.rs"]
mod surrogates;

use flask_cookie::{Error, PayloadError, Value};
use flask_cookie_fuzz::same;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A wordlist line (crack): bytes, without its line break.
    let line = data.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut buf = Vec::new();
    if let Some((key, _)) = py_literal::flask_unsign_key(line, &mut buf) {
        assert_ne!(key, line, "a second reading must differ from the line");
    }
    // A session (sign): text.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match py_value::parse(text) {
        Ok(py_value::Literal::Value(v)) => {
            let json = v.to_flask_json().expect("a literal read as a value writes");
            let back = Value::from_flask_json(&json).expect("its JSON re-reads");
            assert!(same(&v, &back), "{v:?} came back as {back:?}");
        }
        Ok(py_value::Literal::Json(json, dict)) => {
            // Lone surrogates (`'\ud800'`) are written back as Python
            // writes them: read them as the command line does, with stand-ins.
            let json = match Value::from_flask_json(&json) {
                Err(Error::BadPayload(PayloadError::LoneSurrogate)) => {
                    let stood = surrogates::stand_in_lone_surrogates(
                        json.as_bytes(),
                        surrogates::STAND_INS_START,
                    )
                    .expect("no stand-in clash in JSON we wrote with stand-ins");
                    String::from_utf8(stood).expect("ASCII")
                }
                _ => json,
            };
            let v = Value::from_flask_json(&json).expect("the JSON built re-reads");
            assert_eq!(matches!(v, Value::Dict(_)), dict, "{json}");
            // Only the key order may differ from what the library writes
            // for the value read back (keys sorted by Python value there,
            // as strings here): the same JSON, maps compared unordered.
            let again = v.to_flask_json().expect("writes");
            assert_eq!(again.len(), json.len(), "{json} against {again}");
            if let (Ok(a), Ok(b)) = (
                serde_json::from_str::<serde_json::Value>(&json),
                serde_json::from_str::<serde_json::Value>(&again),
            ) {
                assert_eq!(a, b, "{json} against {again}");
            }
        }
        Err(_) => {}
    }
});
