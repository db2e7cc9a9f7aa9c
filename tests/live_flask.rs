//! Differential tests against the installed Flask, run whenever python3 can
//! import it: random sessions from the whole value space are encoded by both
//! sides at a fixed time, compared byte for byte, and decoded by the other;
//! hand-made tagged payloads open as Flask opens them; and the deepest
//! sessions Flask can write round-trip.

mod common;

use common::oracle::{campaign, hex, Oracle, Rng};
use common::values;
use flask_cookie::{Keys, Session, SessionCodec, SessionConfig, Value};
use serde_json::json;

const CASES: usize = 1200;

#[test]
fn sessions_match_flask_both_ways() {
    let Some(mut py) = Oracle::start() else {
        return;
    };
    let (cases, seed) = campaign(CASES, 0xf1a5_c00c_1e00_0003);
    let mut rng = Rng(seed);
    let (mut compressed, mut compressed_identical) = (0, 0);
    for case in 0..cases {
        let secret = rng.bytes(40);
        let secret = if secret.is_empty() {
            b"k".to_vec()
        } else {
            secret
        };
        let fallback = rng.bytes(10);
        let lifetime = 1 + rng.below(40_000_000);
        let config = json!({
            "SECRET_KEY": hex(&secret),
            "SECRET_KEY_FALLBACKS": [hex(&fallback)],
            "PERMANENT_SESSION_LIFETIME": lifetime,
        });
        let keys = Keys::new(secret).with_fallbacks([fallback]);
        let codec = SessionCodec::new(
            keys,
            SessionConfig::flask().with_permanent_session_lifetime(lifetime),
        )
        .unwrap();
        let dict = values::session(&mut rng);
        let value = Value::Dict(dict.clone());
        let text = value.to_flask_json().unwrap();
        let now = 1_000_000_000 + rng.below(3_000_000_000);
        let ctx = format!("seed {seed:#x} case {case}: {text}");

        let mut session = Session::new();
        for (k, v) in dict {
            session.insert_value(k, v);
        }
        let ours = codec.encode_at(&session, now).unwrap();
        let r = py.call(
            &json!({"op": "flask_encode", "config": config, "session_json": text, "now": now}),
        );
        assert_eq!(r["ok"], json!(true), "{ctx}: {r}");
        // Flask reads our JSON back to the same value and writes the same text.
        assert_eq!(r["session_json"].as_str(), Some(text.as_str()), "{ctx}");
        let theirs = r["cookie"].as_str().unwrap();
        if r["compressed"] == json!(true) {
            compressed += 1;
            compressed_identical += usize::from(ours == theirs);
        } else {
            assert_eq!(ours, theirs, "{ctx}: cookies differ");
        }

        // Flask decodes ours; we decode Flask's.
        let r = py.call(
            &json!({"op": "flask_decode", "config": config, "cookie": ours, "now": now + lifetime}),
        );
        assert_eq!(r["ok"], json!(true), "{ctx}: flask rejected {ours}: {r}");
        assert_eq!(r["session_json"].as_str(), Some(text.as_str()), "{ctx}");
        let d = codec
            .decode_at(theirs, now + lifetime)
            .unwrap_or_else(|e| panic!("{ctx}: we rejected {theirs}: {e}"));
        assert_eq!(Value::Dict(d.session.into_dict()), value, "{ctx}");
        // One second later both sides say expired.
        assert!(codec.decode_at(theirs, now + lifetime + 1).is_err());
    }
    eprintln!(
        "{cases} random sessions (seed {seed:#x}) agreed with Flask both ways; \
         {compressed} compressed, {compressed_identical} of those byte-identical"
    );
    assert_eq!(
        compressed, compressed_identical,
        "same zlib, same level: compressed cookies should match too"
    );
    assert!(
        compressed > cases / 24,
        "{compressed} of {cases} compressed"
    );
}

/// JSON containers nested at the deepest point of `json`, strings skipped.
fn json_depth(json: &str) -> usize {
    let (mut depth, mut deepest, mut in_str, mut escaped) = (0usize, 0, false, false);
    for b in json.bytes() {
        match (in_str, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') | (false, _, b'"') => in_str = !in_str,
            (false, _, b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, _, b']' | b'}') => depth -= 1,
            _ => {}
        }
    }
    deepest
}

/// The deepest sessions Flask can write and read back (Python's recursion
/// limit stops it: 328 nested lists or dicts, 246 nested tuples, up
/// to 495 JSON containers) decode here to the value Flask holds and encode
/// to Flask's exact cookie, under the default limits.
#[test]
fn the_deepest_sessions_flask_writes_round_trip() {
    let Some(mut py) = Oracle::start() else {
        return;
    };
    let now = 1_700_000_000;
    let codec = SessionCodec::flask("secret-key").unwrap();
    let mut deepest = 0;
    for shape in ["list", "dict", "tuple", "tag_dict", "tuple_in_list"] {
        let r = py.call(&json!({"op": "flask_deepest", "shape": shape, "now": now,
            "config": {"SECRET_KEY": hex(b"secret-key")}}));
        assert_eq!(r["ok"], json!(true), "{shape}: {r}");
        let (cookie, text) = (
            r["cookie"].as_str().unwrap(),
            r["session_json"].as_str().unwrap(),
        );
        let ctx = format!("{shape}, {} levels: {cookie}", r["levels"]);
        let d = codec
            .decode_at(cookie, now)
            .unwrap_or_else(|e| panic!("{ctx}: we rejected it: {e}"));
        assert_eq!(codec.encode_at(&d.session, now).unwrap(), cookie, "{ctx}");
        assert_eq!(
            Value::Dict(d.session.into_dict()),
            Value::from_flask_json(text).unwrap(),
            "{ctx}"
        );
        deepest = deepest.max(json_depth(text));
    }
    // Room to spare for a Python stack shallower than the oracle's.
    assert!(
        (400..=flask_cookie::DEFAULT_MAX_DEPTH - 12).contains(&deepest),
        "Flask's deepest session has {deepest} JSON containers"
    );
    eprintln!("Flask's deepest sessions ({deepest} JSON containers) round-trip");
}

/// Random tagged JSON for [`tags_read_as_flask_reads_them`]: every tag,
/// well-formed or not, tag-like keys, repeated keys (the last one wins in
/// Python, so a malformed first one may be overwritten) and key orders
/// (`tuple(d)` of a dict keeps them). `" m"` and `" b"` hold only the
/// literals given here: Flask's `Markup(str(value))` of a list, dict or
/// tagged value (its Python `repr`), and its reading of base64 that is not
/// canonical (junk dropped), are documented refusals (README, "Where we are
/// stricter than Python").
fn tagged_json(rng: &mut Rng, depth: u32) -> String {
    let keys = ["a", "b", " t", " di", " t__", " u", " d", "z"];
    if depth == 0 || rng.chance(3) {
        return (*rng.pick(&[
            "1", "-0", "1.5", "null", "true", "\"x\"", "\"ab\"", "\" t\"", "[]", "{}",
        ]))
        .to_owned();
    }
    let inner = |rng: &mut Rng| tagged_json(rng, depth - 1);
    match rng.below(9) {
        0 => format!("{{\" t\":{}}}", inner(rng)),
        1 => format!("{{\" di\":{}}}", inner(rng)),
        2 => format!(
            "{{\" b\":{}}}",
            rng.pick(&["\"aGk=\"", "\"\"", "\"aGk\"", "5", "[]"])
        ),
        3 => format!(
            "{{\" u\":{}}}",
            rng.pick(&[
                "\"12345678123456781234567812345678\"",
                "\"zz\"",
                "5",
                "null"
            ])
        ),
        4 => format!(
            "{{\" d\":{}}}",
            rng.pick(&[
                "\"Wed, 21 Oct 2015 07:28:00 GMT\"",
                "\"garbage\"",
                "5",
                "\"\""
            ])
        ),
        5 => format!(
            "{{\" m\":{}}}",
            rng.pick(&[
                "\"<b>x</b>\"",
                "\"\"",
                "5",
                "null",
                "true",
                "-0.0",
                "1e16",
                "NaN",
                "123456789012345678901234567890"
            ])
        ),
        6 => {
            let n = rng.below(4);
            let items: Vec<String> = (0..n).map(|_| inner(rng)).collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let n = rng.below(4);
            let entries: Vec<String> = (0..n)
                .map(|_| format!("\"{}\":{}", rng.pick(&keys), inner(rng)))
                .collect();
            format!("{{{}}}", entries.join(","))
        }
    }
}

/// Hand-made payloads full of tags, malformed ones and repeated keys among
/// them, signed with the right key: each decodes to what Flask holds, or is
/// refused exactly when Flask refuses it. Malformed tags send the reader
/// through its second, Python-order pass.
#[test]
fn tags_read_as_flask_reads_them() {
    let Some(mut py) = Oracle::start() else {
        return;
    };
    let (cases, seed) = campaign(600, 0x7a65_0f1a_5c00_0004);
    let mut rng = Rng(seed);
    let now = 1_700_000_000;
    let signer =
        flask_cookie::Serializer::new("k", &flask_cookie::SignerConfig::flask_session()).unwrap();
    let codec = SessionCodec::flask("k").unwrap();
    let (mut opened, mut refused) = (0, 0);
    for case in 0..cases {
        let entries: Vec<String> = (0..1 + rng.below(4))
            .map(|_| {
                let key = rng.pick(&["a", "b", " t", " di", "z"]);
                format!("\"{key}\":{}", tagged_json(&mut rng, 4))
            })
            .collect();
        let text = format!("{{{}}}", entries.join(","));
        let cookie = signer.dumps_json_at(text.as_bytes(), now).unwrap();
        let ctx = format!("seed {seed:#x} case {case}: {text}");
        let r = py.call(&json!({"op": "flask_decode", "cookie": cookie, "now": now,
            "config": {"SECRET_KEY": hex(b"k")}}));
        let ours = codec.decode_at(&cookie, now);
        match (r["ok"] == json!(true), ours) {
            (true, Ok(d)) => {
                let json = Value::Dict(d.session.into_dict()).to_flask_json().unwrap();
                assert_eq!(Some(json.as_str()), r["session_json"].as_str(), "{ctx}");
                opened += 1;
            }
            (false, Err(flask_cookie::Error::BadPayload(_))) => refused += 1,
            (_, ours) => panic!("{ctx}: Flask {r}, ours {ours:?}"),
        }
    }
    eprintln!(
        "{cases} tagged payloads (seed {seed:#x}): {opened} opened as Flask opens them, \
         {refused} refused as Flask refuses them"
    );
    assert!(
        opened > cases / 5 && refused > cases / 10,
        "{opened} {refused}"
    );
}
