//! Differential test against the installed itsdangerous, run whenever python3
//! can import it: random settings and values, signed by each side and loaded
//! by the other, and the tokens compared byte for byte.

mod common;

use common::oracle::{hex, Oracle, Rng};
use flask_cookie::{Digest, KeyDerivation, Keys, Serializer, SignerConfig, TimestampSigner};
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
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut compressed = 0;
    for case in 0..CASES {
        let st = Settings::random(&mut rng);
        let s = Serializer::new(
            Keys::from_oldest_to_newest(st.keys.clone()).unwrap(),
            &st.config(SignerConfig::serializer()),
        )
        .unwrap();
        let obj = J::Object(
            (0..rng.below(6))
                .map(|_| (random_string(&mut rng), random_json(&mut rng, 0)))
                .collect(),
        );
        let obj = if rng.chance(4) {
            J::Array(vec![obj.clone(), obj.clone(), obj])
        } else {
            obj
        };
        let now = 1_400_000_000 + rng.below(1_000_000_000);
        let age = rng.below(100);
        let ctx = format!(
            "case {case}: obj={obj} digest={:?} derivation={:?} legacy={}",
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
    eprintln!("{CASES} random values agreed both ways, byte for byte ({compressed} compressed)");
    assert!(
        compressed > 20,
        "the random values should exercise compression"
    );
}

#[test]
fn timestamp_signer_matches_itsdangerous_both_ways() {
    let Some(mut py) = Oracle::start() else {
        return;
    };
    let mut rng = Rng(0x5eed_1234_abcd_0002);
    for case in 0..300 {
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
        assert_eq!(r["token"].as_str(), Some(ours.as_str()), "case {case}: {r}");
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
            "case {case}: {r}"
        );
        let t = s.unsign_at(ours.as_bytes(), Some(5), now + 5).unwrap();
        assert_eq!(t.value, value.as_bytes());
    }
}
