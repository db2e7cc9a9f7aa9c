//! Sessions that bracket real cookies, shared by the benches.
#![allow(dead_code, unreachable_pub, missing_docs)]

use flask_cookie::{Session, Value};

/// A user id, `_permanent` and a CSRF token: the common case.
pub fn small() -> Session {
    let mut s = Session::new();
    s.insert("user_id", &42).unwrap();
    s.set_permanent(true);
    s.insert("csrf_token", "5f0c1e8a9b7d4c2e8f1a3b5c7d9e0f21a3b4c5d6")
        .unwrap();
    s
}

/// Deterministic filler that zlib cannot squeeze much (hex of an LCG).
fn noise(n: usize, seed: u64) -> String {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            char::from(b"0123456789abcdef"[(x >> 60) as usize])
        })
        .collect()
}

/// A session whose cookie is about `target` bytes: a cart of items with
/// ids, names and prices, plus flashes (compresses as real data does).
pub fn sized(target: usize) -> Session {
    let s = small();
    let mut items = Vec::new();
    let mut i = 0u64;
    loop {
        items.push(Value::Dict(
            [
                ("id".to_owned(), Value::Int(i as i64)),
                ("sku".to_owned(), Value::Str(noise(12, i))),
                ("price".to_owned(), Value::Float(9.99 + i as f64)),
            ]
            .into_iter()
            .collect(),
        ));
        i += 1;
        let mut probe = s.clone();
        probe.insert_value("cart", Value::List(items.clone()));
        let codec = flask_cookie::SessionCodec::flask("k").unwrap();
        if codec.encode_at(&probe, 1_700_000_000).unwrap().len() >= target {
            return probe;
        }
    }
}

/// A session whose cookie is about `target` bytes, most of it one string of
/// hex noise: little for zlib to match, so it compresses only about 1.7:1
/// (mostly by its Huffman codes). Flask still compresses it: JSON text of a few hundred
/// bytes or more always comes out shorter, so no 1 KB or 4 KB Flask cookie is
/// ever sent uncompressed.
pub fn noisy(target: usize) -> Session {
    let codec = flask_cookie::SessionCodec::flask("k").unwrap();
    let mut n = target / 2;
    loop {
        let mut s = small();
        s.insert("blob", &noise(n, 7)).unwrap();
        if codec.encode_at(&s, 1_700_000_000).unwrap().len() >= target {
            return s;
        }
        n += 16;
    }
}
