//! Criterion benchmarks: sign and verify for sessions that bracket real
//! cookies (the small one uncompressed, as Flask sends it; 1 KB and 4 KB
//! compressed, as Flask always sends them, with real data and with noise),
//! signing and verifying uncompressed 32 B, 1 KB and 4 KB payloads, the
//! bad-signature early reject, and the Flask codec end to end.
//! `cargo bench --bench codec`.

#![allow(missing_docs)] // criterion_group! generates undocumented functions

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use flask_cookie::{SessionCodec, SignerConfig, TimestampSigner};

#[path = "support/fixtures.rs"]
mod fixtures;

const NOW: u64 = 1_700_000_000;

fn sessions() -> Vec<(&'static str, flask_cookie::Session)> {
    vec![
        ("small", fixtures::small()),
        ("1k_compressed", fixtures::sized(1024)),
        ("4k_compressed", fixtures::sized(4000)),
        // Flask compresses every session this large; these are the ones it
        // compresses least. Uncompressed payloads of 1 KB and 4 KB are the
        // `timestamp_signer` group's.
        ("1k_noise", fixtures::noisy(1024)),
        ("4k_noise", fixtures::noisy(4000)),
    ]
}

fn codec(c: &mut Criterion) {
    let codec = SessionCodec::flask("secret-key").unwrap();
    let mut g = c.benchmark_group("session");
    for (name, session) in sessions() {
        let cookie = codec.encode_at(&session, NOW).unwrap();
        g.throughput(Throughput::Bytes(cookie.len() as u64));
        g.bench_with_input(BenchmarkId::new("encode", name), &session, |b, s| {
            b.iter(|| codec.encode_at(black_box(s), NOW).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("decode", name), &cookie, |b, c| {
            b.iter(|| codec.decode_at(black_box(c), NOW).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("roundtrip", name), &cookie, |b, c| {
            b.iter(|| {
                let d = codec.decode_at(black_box(c), NOW).unwrap();
                codec.encode_at(&d.session, NOW).unwrap()
            })
        });
        // A forged cookie: right length, wrong MAC. Rejected before any
        // payload work.
        let mut forged = cookie.clone().into_bytes();
        let last = forged.len() - 2;
        forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        g.bench_with_input(
            BenchmarkId::new("reject_bad_signature", name),
            &forged,
            |b, c| b.iter(|| codec.decode_at(black_box(c), NOW).unwrap_err()),
        );
    }
    g.finish();
}

fn signer(c: &mut Criterion) {
    let s = TimestampSigner::new("secret-key", &SignerConfig::flask_session()).unwrap();
    let mut g = c.benchmark_group("timestamp_signer");
    for len in [32usize, 1024, 4000] {
        let value = "x".repeat(len);
        let token = s.sign_at(value.as_bytes(), NOW).unwrap();
        g.throughput(Throughput::Bytes(len as u64));
        g.bench_with_input(BenchmarkId::new("sign", len), &value, |b, v| {
            b.iter(|| s.sign_at(black_box(v.as_bytes()), NOW).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("verify", len), &token, |b, t| {
            b.iter(|| s.unsign_at(black_box(t.as_bytes()), Some(60), NOW).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, codec, signer);
criterion_main!(benches);
