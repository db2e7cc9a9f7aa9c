//! Oracle: arbitrary bytes as a session cookie never panic and never verify.
//!
//! * Under a key nobody signed with, in strict and in lenient base64 mode,
//!   every input is rejected, and the error is a signature or size error
//!   (never one that says the signature held).
//! * Under the golden vectors' own key (strict mode) the only inputs that may
//!   verify are the genuine cookies Flask wrote: a mutated real cookie that
//!   verifies is a forgery or a second spelling of a MAC.
//! * The generic serializers (`Serializer`, `UntimedSerializer`, strict and
//!   lenient) never load arbitrary text under an unknown key.
//! * The raw-bytes paths (`Signer`, `TimestampSigner`) and the `Cookie`
//!   header paths (`open_at`, and `open_raw_at` over the input's lines as
//!   raw headers) never panic and never verify either; `find_cookie_in_raw`
//!   finds what `find_cookie` finds in the Latin-1 text joined with `;`.
#![no_main]

use std::sync::OnceLock;

use flask_cookie::{
    find_cookie, find_cookie_in_raw, Error, Serializer, SessionCodec, SessionConfig, Signer,
    SignerConfig, TimestampSigner, UntimedSerializer,
};
use flask_cookie_fuzz::{genuine_cookies, NOW, UNKNOWN_KEY, VECTOR_KEY};
use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;

struct Codecs {
    strict: SessionCodec,
    lenient: SessionCodec,
    genuine: SessionCodec,
    signer: Signer,
    timed: TimestampSigner,
    serializers: [Serializer; 2],
    untimed: [UntimedSerializer; 2],
}

fn codecs() -> &'static Codecs {
    static C: OnceLock<Codecs> = OnceLock::new();
    C.get_or_init(|| {
        let flask = SignerConfig::flask_session();
        Codecs {
            strict: SessionCodec::flask(UNKNOWN_KEY).unwrap(),
            lenient: SessionCodec::new(UNKNOWN_KEY, SessionConfig::flask().with_lenient_base64())
                .unwrap(),
            genuine: SessionCodec::flask(VECTOR_KEY).unwrap(),
            signer: Signer::new(UNKNOWN_KEY, &flask.clone().with_lenient_base64()).unwrap(),
            timed: TimestampSigner::new(UNKNOWN_KEY, &flask).unwrap(),
            serializers: [
                Serializer::new(UNKNOWN_KEY, &SignerConfig::serializer()).unwrap(),
                Serializer::new(UNKNOWN_KEY, &flask.clone().with_lenient_base64()).unwrap(),
            ],
            untimed: [
                UntimedSerializer::new(UNKNOWN_KEY, &SignerConfig::serializer()).unwrap(),
                UntimedSerializer::new(UNKNOWN_KEY, &flask.clone().with_lenient_base64()).unwrap(),
            ],
        }
    })
}

fn rejected(e: &Error) {
    assert!(
        !e.is_authentic(),
        "unknown key reported an authentic token: {e:?}"
    );
    assert!(
        e.is_bad_signature() || matches!(e, Error::TooLarge { .. }),
        "unexpected error kind: {e:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let c = codecs();
    let text = String::from_utf8_lossy(data);

    for codec in [&c.strict, &c.lenient] {
        match codec.decode_at(&text, NOW) {
            Ok(d) => panic!("a cookie verified under an unknown key: {:?}", d.session),
            Err(e) => rejected(&e),
        }
    }
    match c.signer.unsign(data) {
        Ok(_) => panic!("raw bytes verified under an unknown key"),
        Err(e) => rejected(&e),
    }
    match c.timed.unsign_at(data, Some(u64::MAX), NOW) {
        Ok(_) => panic!("raw bytes verified under an unknown key"),
        Err(e) => rejected(&e),
    }
    for s in &c.serializers {
        match s.loads_at::<IgnoredAny>(&text, Some(u64::MAX), NOW) {
            Ok(_) => panic!("a token loaded under an unknown key"),
            Err(e) => rejected(&e),
        }
        match s.loads_json_at(&text, Some(u64::MAX), NOW) {
            Ok(_) => panic!("a token's JSON loaded under an unknown key"),
            Err(e) => rejected(&e),
        }
    }
    for s in &c.untimed {
        match s.loads::<IgnoredAny>(&text) {
            Ok(_) => panic!("an untimed token loaded under an unknown key"),
            Err(e) => rejected(&e),
        }
    }
    let header = format!("other=1; session={text}; session=second");
    let flask_cookie::Opened {
        session,
        error: err,
        key,
        ..
    } = c.strict.open_at(Some(&header), NOW);
    assert!(
        key.is_none(),
        "an unknown-key cookie verified through open_at"
    );
    assert!(session.is_empty());
    if let Some(e) = err {
        assert!(!e.is_authentic(), "{e:?}");
    }

    // The raw headers: the input's lines, read as Latin-1 (as Flask).
    let lines = || data.split(|&b| b == b'\n');
    let opened = c.strict.open_raw_at(lines(), NOW);
    assert!(opened.key.is_none() && opened.session.is_empty());
    let latin1: Vec<String> = lines()
        .map(|h| h.iter().copied().map(char::from).collect())
        .collect();
    assert_eq!(
        find_cookie_in_raw(lines(), "session"),
        find_cookie(&latin1.join(";"), "session")
    );

    // Under the vectors' key only Flask's own cookies may verify.
    match c.genuine.decode_at(&text, NOW) {
        Err(e) if !e.is_authentic() => {}
        other => assert!(
            genuine_cookies().contains(text.as_ref()),
            "verified under the vectors' key but not a genuine cookie: {text:?} -> {other:?}"
        ),
    }
});
