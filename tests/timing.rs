//! Constant-time evidence for signature verification, dudect style
//! (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?", 2017).
//!
//! Two classes of forged cookies, identical but for the signature, which is
//! wrong in its **first** raw byte in one class and in its **last** raw byte
//! in the other (same length, both canonical base64url). A comparison that
//! stops at the first differing byte would reject the first class sooner.
//! Measurements of `SessionCodec::decode_at` are interleaved in random order,
//! cropped at several percentiles (to drop interrupts and preemption), and
//! compared with Welch's t-test. |t| below 4.5 is no evidence of a leak;
//! dudect treats above 10 as a definite leak.
//!
//! A positive control runs the same measurement on a deliberately leaky
//! verifier (the same HMAC, compared byte by byte with an early exit) to show
//! that the set-up can see a leak of that size on this machine.
//!
//! Ignored by default (it takes seconds and wants a quiet machine):
//!
//! ```text
//! cargo test --release --test timing -- --ignored --nocapture
//! FLASK_COOKIE_DUDECT_SAMPLES=5000000 cargo test --release --test timing -- --ignored --nocapture
//! ```
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Instant;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use flask_cookie::{Session, SessionCodec};
use hmac::{Hmac, Mac};
use sha1::Sha1;

const KEY: &str = "secret-key";
const NOW: u64 = 1_700_000_000;

/// Samples per class (default one million).
fn samples() -> usize {
    std::env::var("FLASK_COOKIE_DUDECT_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000)
}

/// xorshift64*: the class order, without a dependency.
struct Rng(u64);

impl Rng {
    fn bit(&mut self) -> bool {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 63) == 1
    }
}

/// Welch's t statistic of two samples.
fn welch_t(a: &[f64], b: &[f64]) -> f64 {
    let stats = |x: &[f64]| {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
        (n, mean, var)
    };
    let (na, ma, va) = stats(a);
    let (nb, mb, vb) = stats(b);
    (ma - mb) / (va / na + vb / nb).sqrt()
}

struct Outcome {
    /// (percentile kept, |t|, mean first-byte ns, mean last-byte ns, n kept)
    rows: Vec<(f64, f64, f64, f64, usize)>,
    max_t: f64,
}

/// Times `f(first)` and `f(last)` in random interleaved order and runs the
/// t-test uncropped and cropped at several percentiles of all measurements.
/// Each input is copied into the same scratch buffer before it is timed, so
/// that both classes are read from the same address (alignment and cache
/// placement would otherwise differ between two allocations).
fn dudect(first: &str, last: &str, n: usize, mut f: impl FnMut(&str) -> bool) -> Outcome {
    assert_eq!(first.len(), last.len());
    let mut scratch = String::with_capacity(first.len());
    // Warm up caches and branch predictors.
    for _ in 0..10_000 {
        black_box(f(black_box(first)));
        black_box(f(black_box(last)));
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut a, mut b) = (Vec::with_capacity(n), Vec::with_capacity(n));
    while a.len() < n || b.len() < n {
        let class_first = if a.len() >= n {
            false
        } else if b.len() >= n {
            true
        } else {
            rng.bit()
        };
        scratch.clear();
        scratch.push_str(if class_first { first } else { last });
        let input = black_box(scratch.as_str());
        let t0 = Instant::now();
        let accepted = f(input);
        let dt = t0.elapsed().as_nanos() as f64;
        assert!(!black_box(accepted), "a forged signature verified");
        if class_first {
            a.push(dt)
        } else {
            b.push(dt)
        }
    }
    let mut all: Vec<f64> = a.iter().chain(&b).copied().collect();
    all.sort_by(f64::total_cmp);
    let mut rows = Vec::new();
    for keep in [1.0, 0.99, 0.95, 0.9, 0.75, 0.5] {
        let idx = ((all.len() as f64 * keep) as usize).min(all.len() - 1);
        let limit = all[idx];
        let ca: Vec<f64> = a.iter().copied().filter(|&x| x <= limit).collect();
        let cb: Vec<f64> = b.iter().copied().filter(|&x| x <= limit).collect();
        let t = welch_t(&ca, &cb);
        let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
        rows.push((keep, t.abs(), mean(&ca), mean(&cb), ca.len() + cb.len()));
    }
    let max_t = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    Outcome { rows, max_t }
}

fn print(name: &str, n: usize, o: &Outcome) {
    eprintln!("{name}: {n} samples per class, max |t| = {:.2}", o.max_t);
    eprintln!("  kept   |t|     first-byte ns  last-byte ns  n");
    for (keep, t, ma, mb, k) in &o.rows {
        eprintln!(
            "  {:>4.0}%  {t:>6.2}  {ma:>13.1}  {mb:>12.1}  {k}",
            keep * 100.0
        );
    }
}

/// The cookie's signature decoded, one bit flipped in raw byte `i`, encoded
/// again (canonically): same length, wrong in exactly that byte.
fn forge(cookie: &str, i: usize) -> String {
    let (msg, sig) = cookie.rsplit_once('.').unwrap();
    let mut raw = URL_SAFE_NO_PAD.decode(sig).unwrap();
    raw[i] ^= 0x01;
    format!("{msg}.{}", URL_SAFE_NO_PAD.encode(raw))
}

#[test]
#[ignore = "statistical timing test: cargo test --release --test timing -- --ignored --nocapture"]
fn dudect_signature_first_byte_vs_last_byte() {
    let codec = SessionCodec::flask(KEY).unwrap();
    let mut session = Session::new();
    session.insert("user", "alice").unwrap();
    session
        .insert("csrf_token", "5f0c1e8a9b7d4c2e8f1a3b5c7d9e0f21")
        .unwrap();
    let cookie = codec.encode_at(&session, NOW).unwrap();
    let first = forge(&cookie, 0);
    let last = forge(&cookie, 19);
    assert_eq!(first.len(), last.len());
    assert!(codec.decode_at(&cookie, NOW).is_ok());
    let n = samples();

    let real = dudect(&first, &last, n, |c| codec.decode_at(c, NOW).is_ok());
    print(
        "SessionCodec::decode_at (HMAC-SHA1, midstate::ct_eq)",
        n,
        &real,
    );

    // Calibration (A/A): the same forged cookie in both classes. Whatever |t|
    // this shows is the noise floor of the machine, not a property of the code.
    let same = dudect(&first, &first, n, |c| codec.decode_at(c, NOW).is_ok());
    print(
        "calibration A/A (first-byte forgery in both classes)",
        n,
        &same,
    );

    // Positive control: the same HMAC, compared with an early exit.
    let derived = {
        let mut m = <Hmac<Sha1> as Mac>::new_from_slice(KEY.as_bytes()).unwrap();
        m.update(b"cookie-session");
        m.finalize().into_bytes()
    };
    let leaky = |c: &str| {
        let (msg, sig) = c.rsplit_once('.').unwrap();
        let Ok(sig) = URL_SAFE_NO_PAD.decode(sig) else {
            return false;
        };
        let mut m = <Hmac<Sha1> as Mac>::new_from_slice(&derived).unwrap();
        m.update(msg.as_bytes());
        let want = m.finalize().into_bytes();
        if sig.len() != want.len() {
            return false;
        }
        for (x, y) in sig.iter().zip(want.iter()) {
            if black_box(*x) != *y {
                return false;
            }
        }
        true
    };
    let control = dudect(&first, &last, n, leaky);
    print("positive control (HMAC-SHA1, early-exit ==)", n, &control);
    if control.max_t < 4.5 {
        eprintln!("WARNING: the control shows no leak: the machine is too noisy for this test to mean much");
    }

    assert!(
        real.max_t < 4.5,
        "timing difference between first- and last-byte mismatches: |t| = {:.2}",
        real.max_t
    );
}
