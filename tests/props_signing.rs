//! Security properties of the signing core, for arbitrary inputs.

use flask_cookie::{
    Digest, Error, KeyDerivation, Keys, Serializer, Signer, SignerConfig, TimestampSigner,
    UntimedSerializer,
};
use proptest::prelude::*;

fn digest() -> impl Strategy<Value = Digest> {
    prop::sample::select(Digest::ALL.to_vec())
}

fn derivation() -> impl Strategy<Value = KeyDerivation> {
    prop::sample::select(KeyDerivation::ALL.to_vec())
}

fn config() -> impl Strategy<Value = SignerConfig> {
    (
        digest(),
        derivation(),
        prop::collection::vec(any::<u8>(), 0..24),
        any::<bool>(),
    )
        .prop_map(|(d, k, salt, legacy)| {
            let c = SignerConfig::new()
                .with_digest(d)
                .with_key_derivation(k)
                .with_salt(salt);
            if legacy {
                c.with_legacy_epoch()
            } else {
                c
            }
        })
}

fn key() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 1..80)
}

const NOW: std::ops::Range<u64> = 1_293_840_000..4_000_000_000;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn roundtrip_and_other_key_fails(cfg in config(), k1 in key(), k2 in key(), value in "\\PC{0,64}", now in NOW, age in 0u64..1000) {
        let s = TimestampSigner::new(k1.clone(), &cfg).unwrap();
        let token = s.sign_at(value.as_bytes(), now).unwrap();
        let t = s.unsign_at(token.as_bytes(), Some(age), now + age).unwrap();
        prop_assert_eq!(t.value, value.as_bytes());
        prop_assert_eq!(t.signed_at, now);
        if k1 != k2 {
            let other = TimestampSigner::new(k2, &cfg).unwrap();
            prop_assert!(other.unsign_at(token.as_bytes(), None, now).is_err());
        }
    }

    #[test]
    fn rotated_keys_verify_and_report_which(cfg in config(), ks in prop::collection::vec(key(), 1..5), pick in any::<prop::sample::Index>(), value in "[a-z]{0,20}") {
        let all = Keys::from_oldest_to_newest(ks.clone()).unwrap();
        let i = pick.index(ks.len());
        let one = Signer::new(ks[i].clone(), &cfg).unwrap();
        let token = one.sign(value.as_bytes());
        let (_, matched) = Signer::new(all, &cfg).unwrap().unsign(&token).unwrap();
        // The newest key that equals ks[i] wins (keys may repeat).
        let newest_equal = ks.iter().rposition(|k| *k == ks[i]).unwrap();
        let want = if newest_equal + 1 == ks.len() { flask_cookie::KeyMatch::Current } else { flask_cookie::KeyMatch::Fallback(newest_equal) };
        prop_assert_eq!(matched, want);
    }

    #[test]
    fn any_single_byte_change_fails(cfg in config(), k in key(), value in "[ -~]{0,40}", now in NOW, pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let s = TimestampSigner::new(k, &cfg).unwrap();
        let token = s.sign_at(value.as_bytes(), now).unwrap().into_bytes();
        let i = pos.index(token.len());
        prop_assume!(token[i] != byte);
        let mut bad = token.clone();
        bad[i] = byte;
        prop_assert!(s.unsign_at(&bad, None, now).is_err(), "mutated token verified");
    }

    #[test]
    fn serializer_single_byte_change_fails(k in key(), v in prop::collection::vec("[a-z]{0,30}", 0..20), now in NOW, pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let s = Serializer::new(k, &SignerConfig::serializer()).unwrap();
        let token = s.dumps_at(&v, now).unwrap();
        let mut bad = token.clone().into_bytes();
        let i = pos.index(bad.len());
        prop_assume!(bad[i] != byte);
        bad[i] = byte;
        if let Ok(bad) = String::from_utf8(bad) {
            prop_assert!(s.loads_at::<Vec<String>>(&bad, None, now).is_err());
        }
        prop_assert_eq!(s.loads_at::<Vec<String>>(&token, None, now).unwrap().value, v);
    }

    #[test]
    fn untimed_roundtrip_other_key_and_single_byte_change(cfg in config(), k1 in key(), k2 in key(), v in prop::collection::vec("[a-z]{0,30}", 0..20), pos in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let s = UntimedSerializer::new(k1.clone(), &cfg).unwrap();
        let token = s.dumps(&v).unwrap();
        prop_assert_eq!(&s.loads::<Vec<String>>(&token).unwrap().value, &v);
        if k1 != k2 {
            let other = UntimedSerializer::new(k2, &cfg).unwrap();
            prop_assert!(other.loads::<Vec<String>>(&token).is_err());
        }
        let mut bad = token.into_bytes();
        let i = pos.index(bad.len());
        prop_assume!(bad[i] != byte);
        bad[i] = byte;
        if let Ok(bad) = String::from_utf8(bad) {
            prop_assert!(s.loads::<Vec<String>>(&bad).is_err(), "mutated token verified");
        }
    }

    #[test]
    fn expiry_boundary_is_exact(k in key(), now in NOW, max_age in 0u64..10_000_000) {
        let s = TimestampSigner::new(k, &SignerConfig::new()).unwrap();
        let token = s.sign_at(b"v", now).unwrap();
        prop_assert!(s.unsign_at(token.as_bytes(), Some(max_age), now + max_age).is_ok());
        let late = s.unsign_at(token.as_bytes(), Some(max_age), now + max_age + 1);
        prop_assert_eq!(late, Err(Error::Expired { signed_at: now, age: i64::try_from(max_age + 1).unwrap(), max_age }));
        let early = s.unsign_at(token.as_bytes(), Some(max_age), now - 1);
        prop_assert!(matches!(early, Err(Error::Expired { age: -1, .. })), "future token must expire");
    }

    #[test]
    fn arbitrary_input_never_panics(cfg in config(), lenient in any::<bool>(), input in prop::collection::vec(any::<u8>(), 0..300), max_age in prop::option::of(any::<u64>()), now in any::<u64>()) {
        let cfg = if lenient { cfg.with_lenient_base64() } else { cfg };
        let ts = TimestampSigner::new("key", &cfg).unwrap();
        // Random bytes never carry a MAC made with this key.
        prop_assert!(ts.unsign_at(&input, max_age, now).is_err());
        let _ = Signer::new("key", &cfg).unwrap().unsign(&input);
        let ser = Serializer::new("key", &cfg).unwrap();
        let text = String::from_utf8_lossy(&input);
        let _ = ser.loads_at::<serde_json::Value>(&text, max_age, now);
        let _ = ser.dangerous_loads_unverified::<serde_json::Value>(&text, max_age, now);
        let untimed = UntimedSerializer::new("key", &cfg).unwrap();
        prop_assert!(untimed.loads::<serde_json::Value>(&text).is_err());
        let _ = untimed.dangerous_loads_unverified::<serde_json::Value>(&text);
    }

    #[test]
    fn structured_garbage_never_panics(parts in prop::collection::vec("[A-Za-z0-9_.=!-]{0,12}", 0..6), now in any::<u64>()) {
        let token = parts.join(".");
        for cfg in [SignerConfig::new(), SignerConfig::new().with_lenient_base64(), SignerConfig::new().with_legacy_epoch()] {
            let _ = TimestampSigner::new("key", &cfg).unwrap().unsign_at(token.as_bytes(), Some(5), now);
            let _ = Serializer::new("key", &cfg).unwrap().loads_at::<serde_json::Value>(&token, None, now);
        }
    }
}

#[test]
fn oversized_tokens_are_rejected_before_decoding() {
    let s = Serializer::new("k", &SignerConfig::serializer()).unwrap();
    let huge = "A".repeat(10_000);
    assert!(matches!(
        s.loads_at::<serde_json::Value>(&huge, None, 0),
        Err(Error::TooLarge { .. })
    ));
}
