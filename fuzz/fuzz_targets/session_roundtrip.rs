//! Oracle: arbitrary sessions (built with `arbitrary`) encode, then decode to
//! the same session; the cookie is a fixed point of decode + encode; the
//! expiry boundary holds; the only failures are the documented limits.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use flask_cookie::{
    Error, KeyMatch, Keys, LimitKind, Limits, PayloadError, Session, SessionCodec, Value,
    DEFAULT_LIFETIME, MAX_TIMESTAMP,
};
use flask_cookie_fuzz::{json_depth, ArbDict};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    session: ArbDict,
    now: u64,
    fallback_signs: bool,
}

fn codecs() -> &'static (SessionCodec, SessionCodec) {
    static C: OnceLock<(SessionCodec, SessionCodec)> = OnceLock::new();
    C.get_or_init(|| {
        let current = SessionCodec::flask(Keys::new("current").with_fallbacks(["old"])).unwrap();
        let old = SessionCodec::flask("old").unwrap();
        (current, old)
    })
}

fuzz_target!(|input: Input| {
    let (codec, old) = codecs();
    let now = input.now % (MAX_TIMESTAMP + 1);
    let dict = input.session.0;
    let session = Session::from_dict(dict.clone());
    let signer = if input.fallback_signs { old } else { codec };
    let limits = Limits::new();

    let cookie = match signer.encode_at(&session, now) {
        Ok(c) => c,
        Err(Error::BadPayload(PayloadError::TooDeep)) => {
            // Only legitimate when the JSON really nests past the cap.
            let text = Value::Dict(dict).to_flask_json();
            assert!(
                text.map_or(true, |t| json_depth(t.as_bytes()) > limits.max_depth()),
                "encode refused a session within the depth cap"
            );
            return;
        }
        Err(Error::TooLarge { kind, limit }) => {
            // Only legitimate past a limit the reader would apply too.
            let text = Value::Dict(dict).to_flask_json().unwrap();
            match kind {
                LimitKind::Value => {
                    assert_eq!(limit, limits.max_inflated_len());
                    assert!(text.len() > limit, "refused {} bytes of JSON", text.len());
                }
                _ => {
                    assert_eq!(limit, limits.max_token_len());
                    assert!(
                        text.len() > limit / 2,
                        "refused a token of {} bytes of JSON",
                        text.len()
                    );
                }
            }
            return;
        }
        Err(e) => panic!("encode failed: {e:?}"),
    };
    assert!(cookie.is_ascii());

    // What the codec writes, it reads back under the same limits.
    let decoded = match codec.decode_at(&cookie, now) {
        Ok(d) => d,
        Err(e) => panic!("our own cookie did not decode: {e:?}\n{cookie}"),
    };
    assert!(cookie.len() <= limits.max_token_len());
    let back = Value::Dict(decoded.session.as_dict().clone());
    assert!(Value::Dict(dict) == back, "decode(encode(s)) != s");
    assert_eq!(decoded.signed_at, now);
    let want_key = if input.fallback_signs {
        KeyMatch::Fallback(0)
    } else {
        KeyMatch::Current
    };
    assert_eq!(decoded.key, want_key);
    assert!(!decoded.session.is_modified());

    // Fixed point: re-encoding what we decoded gives the same cookie.
    assert_eq!(signer.encode_at(&decoded.session, now).unwrap(), cookie);

    // Expiry boundary: valid through now + lifetime, expired one second later
    // and one second before it was signed.
    if let Some(last) = now.checked_add(DEFAULT_LIFETIME) {
        assert!(codec.decode_at(&cookie, last).is_ok());
        if let Some(after) = last.checked_add(1) {
            assert!(
                matches!(codec.decode_at(&cookie, after), Err(Error::Expired { age, .. }) if age == (DEFAULT_LIFETIME + 1) as i64)
            );
        }
    }
    if let Some(before) = now.checked_sub(1) {
        assert!(matches!(
            codec.decode_at(&cookie, before),
            Err(Error::Expired { age: -1, .. })
        ));
    }
});
