//! Golden vectors from real Flask 3.1 (`app.test_client()` at a frozen time;
//! tests/gen/gen_vectors.py). A failure names every failing vector.

mod common;

use common::*;
use flask_cookie::{
    dangerous_decode_unverified_json, CookieConfig, KeyMatch, Keys, Limits, SameSite, Serializer,
    Session, SessionCodec, SessionConfig, SignerConfig, Value,
};
use serde_json::Value as J;

fn divergence(v: &J) -> Option<&'static str> {
    let name = v["name"].as_str().unwrap();
    flask_divergence(name)
}

/// `SECRET_KEY` and `SECRET_KEY_FALLBACKS` from a vector's Flask config.
fn flask_keys(cfg: &J) -> Keys {
    let fallbacks: Vec<Vec<u8>> = cfg["SECRET_KEY_FALLBACKS"]
        .as_array()
        .map(|a| a.iter().map(|k| unhex(k.as_str().unwrap())).collect())
        .unwrap_or_default();
    Keys::new(unhex(cfg["SECRET_KEY"].as_str().unwrap())).with_fallbacks(fallbacks)
}

/// A Flask config from the vectors, as our codec.
fn codec(cfg: &J, lenient: bool) -> SessionCodec {
    let keys = flask_keys(cfg);
    let mut cookie = CookieConfig::new()
        .with_name(cfg["SESSION_COOKIE_NAME"].as_str().unwrap_or("session"))
        .with_domain(cfg["SESSION_COOKIE_DOMAIN"].as_str())
        .with_path(cfg["SESSION_COOKIE_PATH"].as_str())
        .with_application_root(cfg["APPLICATION_ROOT"].as_str().unwrap_or("/"))
        .with_http_only(cfg["SESSION_COOKIE_HTTPONLY"].as_bool().unwrap_or(true))
        .with_secure(cfg["SESSION_COOKIE_SECURE"].as_bool().unwrap_or(false))
        .with_partitioned(cfg["SESSION_COOKIE_PARTITIONED"].as_bool().unwrap_or(false))
        .with_max_cookie_size(cfg["MAX_COOKIE_SIZE"].as_u64().unwrap_or(4093) as usize);
    if let Some(s) = cfg["SESSION_COOKIE_SAMESITE"].as_str() {
        cookie = cookie.with_same_site(Some(s.parse::<SameSite>().unwrap()));
    }
    let mut config = SessionConfig::flask()
        .with_permanent_session_lifetime(cfg["PERMANENT_SESSION_LIFETIME"].as_u64().unwrap())
        .with_refresh_each_request(
            cfg["SESSION_REFRESH_EACH_REQUEST"]
                .as_bool()
                .unwrap_or(true),
        )
        .with_cookie(cookie);
    if lenient {
        config = config.with_lenient_base64();
    }
    SessionCodec::new(keys, config).unwrap()
}

fn session_from_json(text: &str) -> Session {
    match Value::from_flask_json(text).unwrap() {
        Value::Dict(d) => {
            let mut s = Session::new();
            for (k, v) in d {
                s.insert_value(k, v);
            }
            s
        }
        other => panic!("session_json is not a dict: {other:?}"),
    }
}

fn check_session(v: &J) -> Result<(), String> {
    if divergence(v).is_some() {
        return match Value::from_flask_json(v["session_json"].as_str().unwrap()) {
            Err(flask_cookie::Error::BadPayload(flask_cookie::PayloadError::LoneSurrogate)) => {
                Ok(())
            }
            other => Err(format!("expected a lone-surrogate error, got {other:?}")),
        };
    }
    let codec = codec(&v["config"], false);
    let now = v["now"].as_u64().unwrap();
    let text = v["session_json"].as_str().unwrap();
    let stable = v
        .get("roundtrip_stable")
        .and_then(J::as_bool)
        .unwrap_or(true);
    let want_cookie = v["cookie"].as_str();

    // Our writer produces Flask's exact JSON for the value Flask loaded.
    let value = Value::from_flask_json(text).map_err(|e| format!("reading session_json: {e}"))?;
    if stable {
        let ours = value.to_flask_json().map_err(|e| e.to_string())?;
        if ours != text {
            return Err(format!("json differs:\n ours {ours}\nflask {text}"));
        }
    }

    let session = if v.get("view").and_then(J::as_str) == Some("untouched") {
        let header = format!("session={}", v["request_cookie"].as_str().unwrap());
        let flask_cookie::Opened {
            session: s,
            error: err,
            ..
        } = codec.open_at(Some(&header), now);
        if let Some(e) = err {
            return Err(format!("request cookie rejected: {e}"));
        }
        s
    } else {
        session_from_json(text)
    };
    if stable {
        let out = codec.save_at(&session, now).map_err(|e| e.to_string())?;
        let header = out.set_cookie.as_ref().map(|c| c.header().to_owned());
        if header.as_deref() != v["set_cookie"].as_str() {
            return Err(format!(
                "Set-Cookie differs:\n ours {header:?}\nflask {:?}",
                v["set_cookie"].as_str()
            ));
        }
        if out.vary_cookie != (v["vary"].as_str() == Some("Cookie")) {
            return Err(format!("vary {}", out.vary_cookie));
        }
        let warn = out
            .set_cookie
            .as_ref()
            .is_some_and(|c| c.exceeds_max_size());
        if warn != v["size_warning"].as_bool().unwrap_or(false) {
            return Err(format!("size warning {warn}"));
        }
    }
    // Decoding Flask's cookie gives the value Flask holds.
    if let Some(cookie) = want_cookie {
        let d = codec
            .decode_at(cookie, now)
            .map_err(|e| format!("decoding flask's cookie: {e}"))?;
        if Value::Dict(d.session.into_dict()) != value {
            return Err("decoded session differs".into());
        }
    }
    Ok(())
}

#[test]
fn flask_session_vectors() {
    let all = load("flask.json");
    let vectors = all["sessions"].as_array().unwrap();
    let mut failures = vec![];
    let mut compressed = 0;
    for v in vectors {
        compressed += usize::from(v["compressed"].as_bool() == Some(true));
        if let Err(e) = check_session(v) {
            failures.push(format!("{}: {e}", v["name"].as_str().unwrap()));
        }
    }
    eprintln!("{compressed} of the session vectors are compressed");
    report("flask sessions", vectors.len(), &failures);
}

/// `Session::flash` stores what Flask's `flash()` stores: every session
/// Flask wrote with flashes (`session/flash/*`, made by `flash(msg, cat)`
/// calls in the generator, a `Markup` message among them) comes out as the
/// same cookie when its flashes are replayed through `flash` in order and
/// its other keys inserted. And a `_flashes` that is not a list is refused,
/// leaving the session as it was.
#[test]
fn flash_stores_what_flask_flash_stores() {
    let all = load("flask.json");
    let vectors: Vec<&J> = all["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["name"].as_str().unwrap().starts_with("session/flash/"))
        .collect();
    assert!(vectors.len() >= 3, "{} flash vectors", vectors.len());
    let mut failures = vec![];
    for v in &vectors {
        let Value::Dict(flask) =
            Value::from_flask_json(v["session_json"].as_str().unwrap()).unwrap()
        else {
            panic!("not a dict");
        };
        let mut s = Session::new();
        for (key, value) in flask.iter() {
            if key != "_flashes" {
                s.insert_value(key, value.clone());
            }
        }
        let Some(Value::List(flashes)) = flask.get("_flashes") else {
            panic!("no _flashes list");
        };
        for f in flashes {
            let Value::Tuple(pair) = f else {
                panic!("a flash is not a tuple: {f:?}")
            };
            let [category, message] = pair.as_slice() else {
                panic!("a flash is not a pair")
            };
            s.flash(message.clone(), category.as_str().unwrap())
                .unwrap();
        }
        let cookie = codec(&v["config"], false)
            .encode_at(&s, v["now"].as_u64().unwrap())
            .unwrap();
        if cookie != v["cookie"].as_str().unwrap() {
            failures.push(format!("{}: {cookie}", v["name"].as_str().unwrap()));
        }
    }
    report("flash replays", vectors.len(), &failures);
    // `Session::flash`'s doc example shows the cookie of this vector: the
    // one Flask set, not one typed by hand.
    let markup = vectors
        .iter()
        .find(|v| v["name"] == "session/flash/markup")
        .expect("the session/flash/markup vector");
    assert!(
        include_str!("../src/session.rs").contains(markup["cookie"].as_str().unwrap()),
        "Session::flash's doc example no longer shows Flask's cookie"
    );

    for (held, found) in [
        (Value::from("x"), "a string"),
        (Value::tuple(["message", "Hi"]), "a tuple"),
        (Value::Null, "null"),
    ] {
        let mut s = Session::from_dict([("_flashes".to_owned(), held.clone())].into());
        let e = s.flash("Hi", "message").unwrap_err();
        assert_eq!(
            e,
            flask_cookie::Error::BadPayload(flask_cookie::PayloadError::WrongType {
                found,
                field: None
            })
        );
        assert!(!s.is_modified());
        assert_eq!(s.get_value("_flashes"), Some(&held));
    }
}

/// `Serializer::loads_json_at` under Flask's session settings (and
/// `dangerous_decode_unverified_json`, keyless) gives the JSON text Flask
/// signed, byte for byte, for every session Flask wrote:
/// compressed ones inflated, and the lone-surrogate sessions that
/// `decode_at` refuses included.
#[test]
fn raw_json_of_every_flask_session() {
    let all = load("flask.json");
    let vectors = all["sessions"].as_array().unwrap();
    let mut failures = vec![];
    let mut refused_by_decode = 0;
    for v in vectors {
        let cfg = &v["config"];
        let serializer = Serializer::new(flask_keys(cfg), &SignerConfig::flask_session()).unwrap();
        let (cookie, now) = (v["cookie"].as_str().unwrap(), v["now"].as_u64().unwrap());
        let lifetime = cfg["PERMANENT_SESSION_LIFETIME"].as_u64().unwrap();
        refused_by_decode += usize::from(codec(cfg, false).decode_at(cookie, now).is_err());
        let want = v["session_json"].as_str().unwrap().as_bytes();
        match serializer.loads_json_at(cookie, Some(lifetime), now) {
            Ok(t) if t.value == want => {}
            other => failures.push(format!("{}: {other:?}", v["name"].as_str().unwrap())),
        }
        // The same text without the key.
        match dangerous_decode_unverified_json(cookie, &Limits::new()) {
            Ok(u) if u.value == want && u.claimed_signed_at(false) == Some(now) => {}
            other => failures.push(format!(
                "{} unverified: {other:?}",
                v["name"].as_str().unwrap()
            )),
        }
    }
    // The raw text is what makes those sessions readable at all.
    assert!(refused_by_decode >= 1, "{refused_by_decode}");
    report("raw JSON of flask sessions", vectors.len(), &failures);
}

fn check_decode(v: &J, lenient: bool) -> Result<(), String> {
    let codec = codec(&v["config"], lenient);
    let want = if let Some(ours) = divergence(v) {
        ours
    } else if lenient {
        v["expect"].as_str().unwrap()
    } else {
        v.get("strict_expect")
            .and_then(J::as_str)
            .unwrap_or_else(|| v["expect"].as_str().unwrap())
    };
    let r = codec.decode_at(v["cookie"].as_str().unwrap(), v["now"].as_u64().unwrap());
    let got = match &r {
        Ok(_) => "ok",
        Err(e) => kind(e),
    };
    if got != want {
        return Err(format!("expected {want}, got {got} ({:?})", r.err()));
    }
    if let Ok(d) = r {
        if divergence(v).is_some() {
            return if d.session.is_empty() {
                Ok(())
            } else {
                Err("expected an empty session".into())
            };
        }
        let ours = Value::Dict(d.session.into_dict())
            .to_flask_json()
            .map_err(|e| e.to_string())?;
        if Some(ours.as_str()) != v["session_json"].as_str() {
            return Err(format!("session {ours} != {}", v["session_json"]));
        }
        let want_key = match &v["matched_key"] {
            J::String(s) if s == "current" => Some(KeyMatch::Current),
            J::Number(n) => Some(KeyMatch::Fallback(n.as_u64().unwrap() as usize)),
            _ => None,
        };
        if want_key.is_some() && want_key != Some(d.key) {
            return Err(format!("matched {:?}, expected {want_key:?}", d.key));
        }
    }
    Ok(())
}

#[test]
fn flask_decode_vectors() {
    let all = load("flask.json");
    let vectors = all["decode"].as_array().unwrap();
    for lenient in [false, true] {
        let mut failures = vec![];
        for v in vectors {
            if let Err(e) = check_decode(v, lenient) {
                failures.push(format!(
                    "{} (lenient={lenient}): {e}",
                    v["name"].as_str().unwrap()
                ));
            }
        }
        report("flask decode", vectors.len(), &failures);
    }
}

#[test]
fn flask_deletion_vectors() {
    let all = load("flask.json");
    let vectors = all["deletion"].as_array().unwrap();
    let mut failures = vec![];
    for v in vectors {
        let codec = codec(&v["config"], false);
        let mut s = Session::new();
        s.clear();
        let out = codec.save_at(&s, 1_700_000_000).unwrap();
        let got = out.set_cookie.map(|c| c.header().to_owned());
        if got.as_deref() != v["set_cookie"].as_str() || !out.vary_cookie {
            failures.push(format!(
                "{}: {got:?} != {}",
                v["name"].as_str().unwrap(),
                v["set_cookie"]
            ));
        }
    }
    report("flask deletion", vectors.len(), &failures);
}

#[test]
fn cookie_header_vectors() {
    let all = load("flask.json");
    let vectors = all["cookie_header"].as_array().unwrap();
    let mut failures = vec![];
    let mut raw_checked = 0;
    for v in vectors {
        let name = v["cookie_name"].as_str().unwrap();
        let want = v["found"].as_str();
        // The raw bytes, read as a WSGI server hands them to Flask: exactly
        // Flask's answer, for every vector.
        let raw = match (v["header"].as_str(), v["header_hex"].as_str()) {
            (Some(text), _) => text.as_bytes().to_vec(),
            (None, Some(hex)) => unhex(hex),
            _ => panic!("{}: no header", v["name"]),
        };
        let got = flask_cookie::find_cookie_in_raw([raw.as_slice()], name);
        if got.as_deref() != want {
            failures.push(format!("{} (raw): {got:?} != {}", v["name"], v["found"]));
        }
        raw_checked += 1;
        // `find_cookie` takes text: the header's UTF-8 reading, where it
        // differs from Flask's Latin-1 one, finds what werkzeug.http's
        // parse_cookie (UTF-8) finds.
        let Some(text) = v["header"].as_str() else {
            continue;
        };
        let got = flask_cookie::find_cookie(text, name);
        let want = match divergence(v) {
            Some(_) => v["werkzeug_http_parse_cookie_found"].as_str(),
            None => want,
        };
        if got.as_deref() != want {
            failures.push(format!("{}: {got:?} != {}", v["name"], v["found"]));
        }
    }
    assert_eq!(raw_checked, vectors.len());
    report("cookie header", vectors.len(), &failures);
}
