//! Oracle: with every setting taken from the input (digest, key derivation,
//! salt, separator, keys, limits, legacy epoch, base64 mode, fallback
//! signer, clock, max_age), signing then verifying is the identity, the
//! expiry boundary is exact, another key never verifies, and arbitrary
//! tokens never verify under a key nobody signed with.
#![no_main]

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use flask_cookie::{
    Digest, Error, KeyDerivation, KeyMatch, Keys, LimitKind, Limits, PayloadError, Serializer,
    Session, SessionCodec, SessionConfig, SignerConfig, TimestampSigner, UntimedSerializer, Value,
    LEGACY_EPOCH, MAX_TIMESTAMP,
};
use flask_cookie_fuzz::{ArbDict, UNKNOWN_KEY};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    digest: u8,
    derivation: u8,
    fallback: Option<(u8, u8)>,
    salt: Vec<u8>,
    separator: Vec<u8>,
    key: Vec<u8>,
    legacy: bool,
    lenient: bool,
    max_token_len: u16,
    max_inflated_len: u32,
    max_depth: u8,
    now: u64,
    delta: i32,
    max_age: u32,
    value: Vec<u8>,
    object: BTreeMap<String, i64>,
    session: ArbDict,
    token: Vec<u8>,
}

fn pick<T: Copy>(all: &[T], i: u8) -> T {
    all[usize::from(i) % all.len()]
}

fn other_key(key: &[u8]) -> Vec<u8> {
    // Appending a non-zero byte: HMAC pads short keys with zeros, so `k` and
    // `k\0` are the same HMAC key (in Python too); `k\x01` is not.
    let mut k = key.to_vec();
    k.push(1);
    k
}

fn not_authentic(r: Result<impl core::fmt::Debug, Error>) {
    match r {
        Ok(v) => panic!("verified under the wrong key: {v:?}"),
        Err(e) => assert!(!e.is_authentic(), "{e:?}"),
    }
}

/// `config` with no size limits (the same depth limit).
fn unlimited(config: &SignerConfig) -> SignerConfig {
    let l = config.limits();
    config.clone().with_limits(
        Limits::new()
            .with_max_token_len(usize::MAX)
            .with_max_inflated_len(usize::MAX)
            .with_max_depth(l.max_depth()),
    )
}

/// A writer's `TooLarge` names the limit the reader would apply, and the
/// JSON (for `Value`) or the token written without limits (for `Token`) is
/// really longer than it.
fn past_limit(kind: LimitKind, limit: usize, json_len: usize, token_len: usize, limits: &Limits) {
    match kind {
        LimitKind::Value => {
            assert_eq!(limit, limits.max_inflated_len());
            assert!(
                json_len > limit,
                "refused {json_len} bytes of JSON under {limit}"
            );
        }
        _ => {
            assert_eq!(limit, limits.max_token_len());
            assert!(json_len <= limits.max_inflated_len());
            assert!(
                token_len > limit,
                "refused a {token_len}-byte token under {limit}"
            );
        }
    }
}

fuzz_target!(|input: Input| {
    let digest = pick(&Digest::ALL, input.digest);
    let derivation = pick(&KeyDerivation::ALL, input.derivation);
    let limits = Limits::new()
        .with_max_token_len(usize::from(input.max_token_len))
        .with_max_inflated_len(input.max_inflated_len as usize % (1 << 20))
        .with_max_depth(usize::from(input.max_depth));
    let mut config = SignerConfig::new()
        .with_digest(digest)
        .with_key_derivation(derivation)
        .with_salt(&input.salt)
        .with_separator(&input.separator)
        .with_limits(limits);
    if input.legacy {
        config = config.with_legacy_epoch();
    }
    if input.lenient {
        config = config.with_lenient_base64();
    }
    let Ok(signer) = TimestampSigner::new(input.key.as_slice(), &config) else {
        // Only the separator can make a config invalid: empty, holding a
        // base64url character, or (timestamped tokens are text) not UTF-8.
        let sep = &input.separator;
        assert!(
            sep.is_empty()
                || sep
                    .iter()
                    .any(|b| b.is_ascii_alphanumeric() || b"-_=".contains(b))
                || core::str::from_utf8(sep).is_err()
        );
        return;
    };

    // Arbitrary tokens never verify under a key nobody signed with.
    let unknown = TimestampSigner::new(UNKNOWN_KEY, &config).unwrap();
    not_authentic(unknown.unsign_at(&input.token, None, input.now));

    // sign -> unsign is the identity (when the value is text, as tokens are).
    let now = input.now;
    let token = match signer.sign_at(&input.value, now) {
        Ok(t) => t,
        Err(Error::BadPayload(PayloadError::Serialize)) => {
            assert!(core::str::from_utf8(&input.value).is_err());
            return;
        }
        // A clock no reader could read back, or before the legacy epoch.
        Err(Error::InvalidConfig(_)) => {
            assert!(
                core::str::from_utf8(&input.value).is_ok()
                    && (now > MAX_TIMESTAMP || input.legacy && now < LEGACY_EPOCH)
            );
            return;
        }
        Err(e) => panic!("sign_at: {e:?}"),
    };
    match signer.unsign_at(token.as_bytes(), None, now) {
        Ok(t) => {
            assert!(token.len() <= limits.max_token_len());
            assert_eq!(t.value, input.value.as_slice());
            assert_eq!(t.signed_at, now);
            assert_eq!(t.key, KeyMatch::Current);
        }
        Err(Error::TooLarge { .. }) => assert!(token.len() > limits.max_token_len()),
        Err(e) => panic!("unsign_at of our own token: {e:?} {token:?}"),
    }
    if token.len() > limits.max_token_len() {
        return;
    }

    // The expiry boundary: valid iff 0 <= age <= max_age.
    let later = now.saturating_add_signed(i64::from(input.delta));
    let max_age = u64::from(input.max_age);
    let age = i128::from(later) - i128::from(now);
    match signer.unsign_at(token.as_bytes(), Some(max_age), later) {
        Ok(_) => assert!((0..=i128::from(max_age)).contains(&age)),
        Err(Error::Expired {
            signed_at,
            age: a,
            max_age: m,
        }) => {
            assert!(age < 0 || age > i128::from(max_age));
            assert_eq!((signed_at, i128::from(a), m), (now, age, max_age));
        }
        Err(e) => panic!("{e:?}"),
    }

    // Another key never verifies; as a fallback it does.
    let other = TimestampSigner::new(other_key(&input.key).as_slice(), &config).unwrap();
    not_authentic(other.unsign_at(token.as_bytes(), None, now));
    let rotated = Keys::new(other_key(&input.key)).with_fallbacks([input.key.clone()]);
    let rotated = TimestampSigner::new(rotated, &config).unwrap();
    assert_eq!(
        rotated.unsign_at(token.as_bytes(), None, now).unwrap().key,
        KeyMatch::Fallback(0)
    );

    // Serializer: dumps -> loads, and a fallback signer reads the old tokens.
    let serializer = Serializer::new(input.key.as_slice(), &config).unwrap();
    // What the writer emits, the reader accepts under the same limits; what
    // the writer refuses for size really is past a limit: the same writer
    // without size limits writes JSON or a token longer than it.
    let dumped = serializer.dumps_at(&input.object, now);
    if let Err(e) = &dumped {
        match e {
            Error::TooLarge { kind, limit } => {
                let json_len = serde_json::to_vec(&input.object).unwrap().len();
                let free = Serializer::new(input.key.as_slice(), &unlimited(&config)).unwrap();
                let token = free.dumps_at(&input.object, now).unwrap();
                past_limit(*kind, *limit, json_len, token.len(), &limits);
            }
            Error::BadPayload(PayloadError::TooDeep) => {}
            e => panic!("dumps: {e:?}"),
        }
    }
    if let Ok(t) = dumped {
        match serializer.loads_at::<BTreeMap<String, i64>>(&t, None, now) {
            Ok(back) => assert_eq!(back.value, input.object),
            Err(e) => panic!("serializer round trip: {e:?}"),
        }
        if let Some((d, k)) = input.fallback {
            let newer = config
                .clone()
                .with_digest(pick(&Digest::ALL, d))
                .with_key_derivation(pick(&KeyDerivation::ALL, k))
                .with_fallback_signer(digest, derivation);
            let newer = Serializer::new(input.key.as_slice(), &newer).unwrap();
            match newer.loads_at::<BTreeMap<String, i64>>(&t, None, now) {
                Ok(back) => assert_eq!(back.value, input.object),
                Err(e) => panic!("fallback signer: {e:?}"),
            }
        }
    }

    // UntimedSerializer: dumps -> loads under the same settings; the timed
    // serializer's token is not an untimed one (strict base64 refuses the
    // timestamp inside the payload) and the untimed token has no timestamp.
    let untimed = UntimedSerializer::new(input.key.as_slice(), &config).unwrap();
    if let Ok(t) = untimed.dumps(&input.object) {
        match untimed.loads::<BTreeMap<String, i64>>(&t) {
            Ok(back) => assert_eq!(back.value, input.object),
            Err(e) => panic!("untimed round trip: {e:?}"),
        }
        assert!(serializer
            .loads_at::<BTreeMap<String, i64>>(&t, None, now)
            .is_err());
    }

    // The session codec over the same settings.
    let Ok(codec) = SessionCodec::new(
        input.key.as_slice(),
        SessionConfig::flask()
            .with_signer(config.clone())
            .with_permanent_session_lifetime(max_age),
    ) else {
        assert!(input.key.is_empty());
        return;
    };
    let dict = input.session.0;
    match codec.encode_at(&Session::from_dict(dict.clone()), now) {
        Ok(cookie) => match codec.decode_at(&cookie, now) {
            Ok(d) => assert!(Value::Dict(dict) == Value::Dict(d.session.into_dict())),
            Err(e) => panic!("session round trip: {e:?}"),
        },
        Err(Error::TooLarge { kind, limit }) => {
            let json_len = Value::Dict(dict.clone()).to_flask_json().unwrap().len();
            let free = SessionCodec::new(
                input.key.as_slice(),
                SessionConfig::flask()
                    .with_signer(unlimited(&config))
                    .with_permanent_session_lifetime(max_age),
            )
            .unwrap();
            let cookie = free.encode_at(&Session::from_dict(dict), now).unwrap();
            past_limit(kind, limit, json_len, cookie.len(), &limits);
        }
        Err(Error::BadPayload(PayloadError::TooDeep)) => {}
        Err(e) => panic!("encode: {e:?}"),
    }
    not_authentic(
        SessionCodec::new(UNKNOWN_KEY, codec.config().clone())
            .unwrap()
            .decode_at(&String::from_utf8_lossy(&input.token), now),
    );
});
