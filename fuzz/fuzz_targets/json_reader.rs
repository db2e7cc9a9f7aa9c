//! Oracle: the Python-exact JSON reader never panics on arbitrary bytes, and
//! whatever it reads, the writer writes as a fixed point that re-reads to
//! the same value.
//!
//! read(bytes) = v  =>  write(v) = t succeeds, read(t) = v (datetimes as
//! instants: Flask writes them in GMT), write(read(t)) = t, and t is ASCII
//! and nests no deeper than the reader allowed.
//!
//! And whatever it reads, reading that into a Rust type (`from_value`, and
//! `Session::extract` for a dict) fails only with errors that name the
//! type's own fields and the crate's fixed kinds of value, never the data.
//! The same holds for the generic serializers' `loads` of the bytes as a
//! token's payload, whose errors come from serde_json's read, re-read to
//! say what did not fit.
#![no_main]

use std::sync::OnceLock;

use base64::Engine as _;
use flask_cookie::{
    from_value, Error, PayloadError, Session, Signer, SignerConfig, UntimedSerializer, Value,
    DEFAULT_MAX_DEPTH,
};
use flask_cookie_fuzz::{json_depth, same};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)]
struct Probe {
    user: Inner,
    n: Option<u8>,
    tags: Vec<String>,
    role: Option<Role>,
    #[serde(alias = "kind2")]
    kind: Option<i64>,
    pair: Option<(u8, char)>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Inner {
    id: u32,
    name: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Role {
    Admin,
    User { level: u8 },
    Tag(String),
}

/// Every name an error may show: the probe types' own fields.
const FIELDS: &[&str] = &[
    "user", "n", "tags", "role", "kind", "kind2", "pair", "id", "name", "level",
];

/// Every kind of value an error may name.
const KINDS: &[&str] = &[
    "a boolean",
    "an integer",
    "a float",
    "a string",
    "bytes",
    "null",
    "a list",
    "a dict",
    "another kind of value",
    "an integer out of range",
    "a float out of range",
    "a string it does not take",
    "a value it does not take",
    "a list of another length",
    "a dict of another length",
    "an unknown enum variant",
    "an unknown field",
];

fn check_error(e: &Error) {
    let Error::BadPayload(p) = e else {
        panic!("a read into a type gave {e:?}");
    };
    match p {
        PayloadError::WrongType { found, field } => {
            assert!(KINDS.contains(found), "{e:?}");
            assert!(field.is_none_or(|f| FIELDS.contains(&f)), "{e:?}");
        }
        PayloadError::MissingField { field } => assert!(FIELDS.contains(field), "{e:?}"),
        PayloadError::Deserialize | PayloadError::TooDeep => {}
        other => panic!("a read into a type gave {other:?}"),
    }
    // The message is built from those parts only.
    let shown = e.to_string();
    let known = [
        "bad payload: payload does not match the requested type",
        "bad payload: payload nests too deeply",
    ];
    assert!(known.iter().any(|k| shown.starts_with(k)), "{shown}");
    if let Some(rest) = shown.strip_prefix(known[0]) {
        let ok = rest.is_empty()
            || KINDS.iter().any(|k| {
                rest == format!(": found {k}")
                    || FIELDS
                        .iter()
                        .any(|f| rest == format!(": found {k} in field `{f}`"))
            })
            || FIELDS
                .iter()
                .any(|f| rest == format!(": missing field `{f}`"));
        assert!(ok, "{shown}");
    }
}

/// A signer and the serializer that checks its tokens.
fn keys() -> &'static (Signer, UntimedSerializer) {
    static KEYS: OnceLock<(Signer, UntimedSerializer)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let config = SignerConfig::serializer();
        (
            Signer::new("fuzz-key", &config).expect("a signer"),
            UntimedSerializer::new("fuzz-key", &config).expect("a serializer"),
        )
    })
}

/// `data` as a signed token's payload, loaded into the probe types.
fn generic_loads(data: &[u8]) {
    let (signer, serializer) = keys();
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data);
    let token = String::from_utf8(signer.sign(payload.as_bytes())).expect("an ASCII token");
    let valid_json = serde_json::from_slice::<serde::de::IgnoredAny>(data).is_ok();
    for e in [
        serializer.loads::<Probe>(&token).err(),
        serializer.loads::<Vec<Probe>>(&token).err(),
    ]
    .into_iter()
    .flatten()
    {
        match e {
            Error::BadPayload(PayloadError::Json) => assert!(!valid_json, "{e:?}"),
            Error::TooLarge { .. } => {}
            e => check_error(&e),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    generic_loads(data);
    let v = match Value::from_flask_json_bytes(data) {
        Ok(v) => v,
        Err(Error::BadPayload(_)) => return,
        Err(e) => panic!("reader returned a non-payload error: {e:?}"),
    };
    if let Err(e) = from_value::<Probe>(&v) {
        check_error(&e);
    }
    if let Err(e) = from_value::<Vec<Probe>>(&v) {
        check_error(&e);
    }
    if let Value::Dict(d) = &v {
        let session = Session::from_dict(d.clone());
        if let Err(e) = session.extract::<Probe>() {
            check_error(&e);
        }
    }
    let text = v
        .to_flask_json()
        .expect("whatever the reader accepts, the writer writes");
    assert!(text.is_ascii());
    assert!(
        json_depth(text.as_bytes()) <= DEFAULT_MAX_DEPTH,
        "writer nests deeper than it read: {text}"
    );
    let back = Value::from_flask_json(&text).expect("the writer's output re-reads");
    assert!(
        same(&v, &back),
        "round trip changed the value:\n  {v:?}\n  {back:?}\n  {text}"
    );
    assert_eq!(
        back.to_flask_json().expect("writes again"),
        text,
        "writer output is not a fixed point"
    );
});
