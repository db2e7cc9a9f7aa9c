//! Times our Flask codec on the benchmark sessions and prints one JSON line
//! per session (cookie, canonical JSON, median ns per encode and decode) for
//! scripts/bench_vs_python.py, which times Flask on the same cookies.
//! `cargo bench --bench compare`.

use std::hint::black_box;
use std::time::Instant;

use flask_cookie::{SessionCodec, Value};

#[path = "support/fixtures.rs"]
mod fixtures;

const NOW: u64 = 1_700_000_000;

/// Median over `rounds` rounds of the mean time per call, in ns.
fn median_ns(rounds: usize, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed().as_millis() < 20 {
        f();
        n += 1;
    }
    let per_round = (n / 2).max(1);
    let mut samples: Vec<f64> = (0..rounds)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_round {
                f();
            }
            t.elapsed().as_nanos() as f64 / per_round as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let codec = SessionCodec::flask("secret-key").unwrap();
    let cases = [
        ("small", fixtures::small()),
        ("1k", fixtures::sized(1024)),
        ("4k", fixtures::sized(4000)),
        // Mostly hex noise: less to match; zlib still compresses it 1.7:1.
        ("1k noise", fixtures::noisy(1024)),
        ("4k noise", fixtures::noisy(4000)),
    ];
    for (name, session) in cases {
        let cookie = codec.encode_at(&session, NOW).unwrap();
        let json = Value::Dict(session.as_dict().clone())
            .to_flask_json()
            .unwrap();
        let encode = median_ns(31, || {
            black_box(codec.encode_at(black_box(&session), NOW).unwrap());
        });
        let decode = median_ns(31, || {
            black_box(codec.decode_at(black_box(&cookie), NOW).unwrap());
        });
        println!(
            "{}",
            serde_json::json!({
                "name": name, "cookie": cookie, "session_json": json,
                "cookie_len": cookie.len(), "encode_ns": encode, "decode_ns": decode,
            })
        );
    }
}
