//! Session-level properties over the whole Flask value space: any session
//! round-trips through a cookie, a mutated cookie never verifies, and what the
//! JSON writer emits re-reads to the same value.

mod common;

use common::oracle::Rng;
use common::values;
use flask_cookie::{Keys, Session, SessionCodec, SessionConfig, Value};
use proptest::prelude::*;

fn session_from(seed: u64) -> Session {
    let mut rng = Rng(seed | 1);
    let mut s = Session::new();
    for (k, v) in values::session(&mut rng) {
        s.insert_value(k, v);
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_session_roundtrips(seed in any::<u64>(), key in prop::collection::vec(any::<u8>(), 1..64), now in 0u64..4_000_000_000, age in 0u64..2_678_400) {
        let codec = SessionCodec::flask(key).unwrap();
        let session = session_from(seed);
        let cookie = codec.encode_at(&session, now).unwrap();
        let d = codec.decode_at(&cookie, now + age).unwrap();
        prop_assert_eq!(d.signed_at, now);
        prop_assert_eq!(d.session.as_dict(), session.as_dict());
        // Re-encoding the decoded session at the same time gives the same cookie.
        prop_assert_eq!(codec.encode_at(&d.session, now).unwrap(), cookie);
    }

    #[test]
    fn json_rereads_to_the_same_value(seed in any::<u64>()) {
        let v = Value::Dict(session_from(seed).into_dict());
        let text = v.to_flask_json().unwrap();
        prop_assert!(text.is_ascii());
        prop_assert_eq!(Value::from_flask_json(&text).unwrap(), v);
    }

    #[test]
    fn mutated_cookie_never_verifies(seed in any::<u64>(), pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let codec = SessionCodec::flask("secret-key").unwrap();
        let cookie = codec.encode_at(&session_from(seed), 1_700_000_000).unwrap().into_bytes();
        let i = pos.index(cookie.len());
        prop_assume!(cookie[i] != byte);
        let mut bad = cookie;
        bad[i] = byte;
        if let Ok(bad) = String::from_utf8(bad) {
            prop_assert!(codec.decode_at(&bad, 1_700_000_000).is_err());
        }
    }

    #[test]
    fn fallback_keys_verify_and_current_key_signs(seed in any::<u64>(), n_old in 1usize..4) {
        let olds: Vec<String> = (0..n_old).map(|i| format!("old-{i}")).collect();
        let session = session_from(seed);
        let codec = SessionCodec::new(Keys::new("new").with_fallbacks(olds.clone()), SessionConfig::flask()).unwrap();
        for (i, old) in olds.iter().enumerate() {
            let cookie = SessionCodec::flask(old.as_str()).unwrap().encode_at(&session, 10).unwrap();
            let d = codec.decode_at(&cookie, 10).unwrap();
            prop_assert_eq!(d.key, flask_cookie::KeyMatch::Fallback(i));
        }
        let fresh = codec.encode_at(&session, 10).unwrap();
        prop_assert_eq!(codec.decode_at(&fresh, 10).unwrap().key, flask_cookie::KeyMatch::Current);
        prop_assert!(SessionCodec::flask("old-0").unwrap().decode_at(&fresh, 10).is_err());
    }
}
