//! Differential test against the installed itsdangerous, run whenever python3
//! can import it: random settings and values, signed by each side and loaded
//! by the other, and the tokens compared byte for byte (the timed
//! `URLSafeTimedSerializer` and the untimed `URLSafeSerializer`).

mod common;

use common::oracle::{campaign, hex, Oracle, Rng};
use flask_cookie::{
    Digest, KeyDerivation, Keys, Serializer, SignerConfig, TimestampSigner, UntimedSerializer,
};
use serde_json::{json, Value as J};

const CASES: usize = 600;

fn random_string(rng: &mut Rng) -> String {
    let pool = [
        "a", "Z", "0", " ", "é", "秘", "😀", "\n", "\"", "\\", "/", "\u{7f}", "\u{2028}", "\u{0}",
        "x",
    ];
    (0..rng.below(12)).map(|_| *rng.pick(&pool)).collect()
}

fn random_json(rng: &mut Rng, depth: u32) -> J {
    match rng.below(if depth > 3 { 6 } else { 8 }) {
        0 => J::Null,
        1 => J::Bool(rng.chance(2)),
        2 => json!(rng.next() as i64 >> rng.below(64)),
        3 => {
            let f = f64::from_bits(rng.next());
            if f.is_finite() {
                json!(f)
            } else {
                json!(0.1)
            }
        }
        4 | 5 => J::String(random_string(rng)),
        6 => J::Array(
            (0..rng.below(5))
                .map(|_| random_json(rng, depth + 1))
                .collect(),
        ),
        _ => J::Object(
            (0..rng.below(5))
                .map(|_| (random_string(rng), random_json(rng, depth + 1)))
                .collect(),
        ),
    }
}

/// A random object, one time in four three copies of it in a list.
fn random_obj(rng: &mut Rng) -> J {
    let obj = J::Object(
        (0..rng.below(6))
            .map(|_| (random_string(rng), random_json(rng, 0)))
            .collect(),
    );
    if rng.chance(4) {
        J::Array(vec![obj.clone(), obj.clone(), obj])
    } else {
        obj
    }
}

struct Settings {
    keys: Vec<Vec<u8>>,
    salt: Vec<u8>,
    digest: Digest,
    derivation: KeyDerivation,
    legacy: bool,
}

impl Settings {
    fn random(rng: &mut Rng) -> Self {
        let n = 1 + rng.below(3) as usize;
        Self {
            keys: (0..n)
                .map(|_| {
                    let mut k = rng.bytes(70);
                    k.push(b'k');
                    k
                })
                .collect(),
            salt: if rng.chance(3) {
                b"itsdangerous".to_vec()
            } else {
                rng.bytes(20)
            },
            digest: *rng.pick(&Digest::ALL),
            derivation: *rng.pick(&KeyDerivation::ALL),
            legacy: rng.chance(8),
        }
    }

    fn config(&self, base: SignerConfig) -> SignerConfig {
        let c = base
            .with_salt(&self.salt)
            .with_digest(self.digest)
            .with_key_derivation(self.derivation);
        if self.legacy {
            c.with_legacy_epoch()
        } else {
            c
        }
    }

    fn request(&self, op: &str) -> J {
        json!({
            "op": op,
            "keys": self.keys.iter().map(|k| hex(k)).collect::<Vec<_>>(),
            "salt": hex(&self.salt),
            "digest": self.digest.name(),
            "derivation": self.derivation.name(),
            "legacy_epoch": self.legacy,
            "fallback_signers": [],
        })
    }
}

#[test]
fn serializer_matches_itsdangerous_both_ways() {
    let Some(mut py) = Oracle::start() else {
        return;
    };
    let (cases, seed) = campaign(CASES, 0x5eed_1234_abcd_0001);
    let mut rng = Rng(seed);
    let mut compressed = 0;
    for case in 0..cases {
        let st = Settings::random(&mut rng);
        let s = Serializer::new(
            Keys::from_oldest_to_newest(st.keys.clone()).unwrap(),
            &st.config(SignerConfig::serializer()),
        )
        .unwrap();
        let obj = random_obj(&mut rng);
        let now = 1_400_000_000 + rng.below(1_000_000_000);
        let age = rng.below(100);
        let ctx = format!(
            "seed {seed:#x} case {case}: obj={obj} digest={:?} derivation={:?} legacy={}",
            st.digest, st.derivation, st.legacy
        );

        // Rust signs, Python loads.
        let ours = s.dumps_at(&obj, now).unwrap();
        let mut req = st.request("its_loads");
        req["token"] = json!(ours);
        req["now"] = json!(now + age);
        req["max_age"] = json!(age);
        let r = py.call(&req);
        assert_eq!(
            r["ok"],
            json!(true),
            "{ctx}: python rejected our token {ours}: {r}"
        );
        let back: J = serde_json::from_str(r["obj_json"].as_str().unwrap()).unwrap();
        assert_eq!(back, obj, "{ctx}");
        assert_eq!(r["signed_at"].as_u64(), Some(now), "{ctx}");

        // Python signs, Rust loads, and the tokens are byte-identical.
        let mut req = st.request("its_dumps");
        req["obj_json"] = json!(serde_json::to_string(&obj).unwrap());
        req["now"] = json!(now);
        let r = py.call(&req);
        let theirs = r["token"].as_str().unwrap_or_else(|| panic!("{ctx}: {r}"));
        let t = s
            .loads_at::<J>(theirs, Some(age), now + age)
            .unwrap_or_else(|e| panic!("{ctx}: we rejected {theirs}: {e}"));
        assert_eq!(t.value, obj, "{ctx}");
        assert_eq!(t.signed_at, now);
        assert_eq!(ours, theirs, "{ctx}: tokens differ");
        compressed += usize::from(ours.starts_with('.'));

        // One step past max_age both sides say expired.
        assert!(matches!(
            s.loads_at::<J>(&ours, Some(age), now + age + 1),
            Err(flask_cookie::Error::Expired { .. })
        ));
    }
    eprintln!(
        "{cases} random values (seed {seed:#x}) agreed both ways, byte for byte \
         ({compressed} compressed)"
    );
    assert!(
        compressed > cases / 30,
        "the random values should exercise compression"
    );
}

#[test]
fn untimed_serializer_matches_itsdangerous_both_ways() {
    let Some(mut py) = Oracle::start() else {
        return;
    };
    let (cases, seed) = campaign(300, 0x5eed_1234_abcd_0003);
    let mut rng = Rng(seed);
    let mut compressed = 0;
    for case in 0..cases {
        let mut st = Settings::random(&mut rng);
        st.legacy = false; // no timestamp, no epoch
        let sep = *rng.pick(&[".", ".", "~", "|", "::"]);
        // Sometimes a fallback signer, which signs the token half the time.
        let fallback = rng
            .chance(3)
            .then(|| (*rng.pick(&Digest::ALL), *rng.pick(&KeyDerivation::ALL)));
        let keys = || Keys::from_oldest_to_newest(st.keys.clone()).unwrap();
        let mut cfg = st.config(SignerConfig::serializer()).with_separator(sep);
        if let Some((d, k)) = fallback {
            cfg = cfg.with_fallback_signer(d, k);
        }
        let s = UntimedSerializer::new(keys(), &cfg).unwrap();
        let by_fallback = fallback.filter(|_| rng.chance(2));
        let signing = match by_fallback {
            Some((d, k)) => {
                UntimedSerializer::new(keys(), &cfg.clone().with_digest(d).with_key_derivation(k))
                    .unwrap()
            }
            None => s.clone(),
        };
        let obj = random_obj(&mut rng);
        let ctx = format!(
            "seed {seed:#x} case {case}: obj={obj} digest={:?} derivation={:?} sep={sep} fallback={fallback:?}",
            st.digest, st.derivation
        );
        let mut base = st.request("untimed_loads");
        base["sep"] = json!(sep);
        if let Some((d, k)) = fallback {
            base["fallback_signers"] = json!([{"digest": d.name(), "derivation": k.name()}]);
        }

        // Rust signs, Python loads (and loads_unsafe agrees).
        let ours = signing.dumps(&obj).unwrap();
        let mut req = base.clone();
        req["token"] = json!(ours);
        let r = py.call(&req);
        assert_eq!(r["ok"], json!(true), "{ctx}: python rejected {ours}: {r}");
        let back: J = serde_json::from_str(r["obj_json"].as_str().unwrap()).unwrap();
        assert_eq!(back, obj, "{ctx}");
        assert_eq!(r["unsafe"][0], json!(true), "{ctx}");
        let fallback_signer = r["fallback_signer"].as_u64().map(|i| i as usize);

        // Python signs with the same signer, Rust loads: byte-identical.
        let mut req = base.clone();
        req["op"] = json!("untimed_dumps");
        if let Some((d, k)) = by_fallback {
            // Signed by the fallback: Python signs with it as the primary.
            req["digest"] = json!(d.name());
            req["derivation"] = json!(k.name());
            req["fallback_signers"] = json!([]);
        }
        req["obj_json"] = json!(serde_json::to_string(&obj).unwrap());
        let r = py.call(&req);
        let theirs = r["token"].as_str().unwrap_or_else(|| panic!("{ctx}: {r}"));
        assert_eq!(ours, theirs, "{ctx}: tokens differ");
        let v = s
            .loads::<J>(theirs)
            .unwrap_or_else(|e| panic!("{ctx}: we rejected {theirs}: {e}"));
        assert_eq!(v.value, obj, "{ctx}");
        // The signer that verified, as itsdangerous finds it (primary
        // first; `ours` and `theirs` are the same token). Not always the one
        // that signed: a fallback equal to the primary never reports, and
        // with an empty salt and a key longer than the digest's block,
        // `none` and `concat` give the same HMAC key (HMAC hashes a long
        // key; concat hashes salt + key).
        assert_eq!(v.fallback_signer, fallback_signer, "{ctx}");
        if by_fallback.is_none() {
            assert_eq!(fallback_signer, None, "{ctx}");
        }
        compressed += usize::from(ours.starts_with('.'));

        // A signature with one character changed: both refuse, and both
        // still show the payload unverified.
        let mut forged = ours.clone();
        let last = forged.pop().unwrap();
        forged.push(if last == 'A' { 'B' } else { 'A' });
        let mut req = base.clone();
        req["token"] = json!(forged);
        let r = py.call(&req);
        let ours_says = s.loads::<J>(&forged);
        if r["ok"] == json!(true) {
            // Python's base64 ignores the unused bits of the last character.
            assert!(ours_says.is_err(), "{ctx}: strict mode accepted {forged}");
            continue;
        }
        assert_eq!(r["category"], json!("bad_signature"), "{ctx}: {r}");
        assert!(
            matches!(ours_says, Err(flask_cookie::Error::BadSignature(_))),
            "{ctx}: {ours_says:?}"
        );
        let seen = s.dangerous_loads_unverified::<J>(&forged).unwrap();
        assert!(!seen.signature_valid, "{ctx}");
        let want: Option<J> = r["unsafe"][1]
            .as_str()
            .map(|t| serde_json::from_str(t).unwrap());
        let got = seen.value.filter(|v| !v.is_null());
        assert_eq!(got, want.filter(|v| !v.is_null()), "{ctx}");
    }
    eprintln!(
        "{cases} random untimed values (seed {seed:#x}) agreed both ways, byte for byte \
         ({compressed} compressed)"
    );
    assert!(
        compressed > cases / 30,
        "the random values should exercise compression"
    );
}

#[test]
fn timestamp_signer_matches_itsdangerous_both_ways() {
    let Some(mut py) = Oracle::start() else {
        return;
    };
    let (cases, seed) = campaign(300, 0x5eed_1234_abcd_0002);
    let mut rng = Rng(seed);
    for case in 0..cases {
        let st = Settings::random(&mut rng);
        let sep = *rng.pick(&[".", "~", "|", "::", "§"]);
        let cfg = st.config(SignerConfig::new()).with_separator(sep);
        let s = TimestampSigner::new(Keys::from_oldest_to_newest(st.keys.clone()).unwrap(), &cfg)
            .unwrap();
        let value: String = random_string(&mut rng).replace(sep, "");
        let now = 1_400_000_000 + rng.below(1_000_000_000);
        let ours = s.sign_at(value.as_bytes(), now).unwrap();
        let mut req = st.request("sign");
        req["timed"] = json!(true);
        req["sep"] = json!(sep);
        req["value"] = json!(hex(value.as_bytes()));
        req["now"] = json!(now);
        let r = py.call(&req);
        assert_eq!(
            r["token"].as_str(),
            Some(ours.as_str()),
            "seed {seed:#x} case {case}: {r}"
        );
        let mut req = st.request("unsign");
        req["timed"] = json!(true);
        req["sep"] = json!(sep);
        req["token"] = json!(ours);
        req["now"] = json!(now + 5);
        req["max_age"] = json!(5);
        let r = py.call(&req);
        assert_eq!(
            r["value"].as_str(),
            Some(hex(value.as_bytes()).as_str()),
            "seed {seed:#x} case {case}: {r}"
        );
        let t = s.unsign_at(ours.as_bytes(), Some(5), now + 5).unwrap();
        assert_eq!(t.value, value.as_bytes());
    }
}

/// With an empty salt and a key longer than the digest's block, `none` and
/// `concat` give the same HMAC key (HMAC hashes a key that long; `concat`
/// hashes salt + key), so a primary with one verifies tokens signed with
/// the other and no fallback reports, in itsdangerous as here. Found by a
/// long run of the random test above.
#[test]
fn a_fallback_the_primary_equals_never_reports() {
    let Some(mut py) = Oracle::start() else {
        return;
    };
    let obj = json!({"user": "alice"});
    for digest in Digest::ALL {
        for key_len in [64, 65, 128, 129] {
            let key = vec![b'k'; key_len];
            let cfg = |d| {
                SignerConfig::serializer()
                    .with_salt(b"")
                    .with_digest(digest)
                    .with_key_derivation(d)
            };
            let signing =
                UntimedSerializer::new(Keys::new(key.clone()), &cfg(KeyDerivation::Concat))
                    .unwrap();
            let token = signing.dumps(&obj).unwrap();
            let s = UntimedSerializer::new(
                Keys::new(key.clone()),
                &cfg(KeyDerivation::None).with_fallback_signer(digest, KeyDerivation::Concat),
            )
            .unwrap();
            let r = py.call(&json!({
                "op": "untimed_loads", "keys": [hex(&key)], "salt": "", "digest": digest.name(),
                "derivation": "none",
                "fallback_signers": [{"digest": digest.name(), "derivation": "concat"}],
                "token": token,
            }));
            let ctx = format!("{digest:?}, {key_len}-byte key: {r}");
            assert_eq!(r["ok"], json!(true), "{ctx}");
            let want = r["fallback_signer"].as_u64().map(|i| i as usize);
            let got = s.loads::<J>(&token).unwrap();
            assert_eq!(got.value, obj, "{ctx}");
            assert_eq!(got.fallback_signer, want, "{ctx}");
            // Both cases occur: the block size decides.
            let block = if matches!(digest, Digest::Sha384 | Digest::Sha512) {
                128
            } else {
                64
            };
            assert_eq!(want.is_none(), key_len > block, "{ctx}");
        }
    }
}
