//! A fixed workload for `valgrind --tool=callgrind`, which counts instructions
//! repeatably on a shared machine: `cargo bench --bench profile --no-run`,
//! then run the binary under callgrind with `decode|encode small|1k|4k|1k-noise|4k-noise N`.

use std::hint::black_box;

use flask_cookie::SessionCodec;

#[path = "support/fixtures.rs"]
mod fixtures;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let op = args.first().map_or("decode", String::as_str);
    let size = args.get(1).map_or("small", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let session = match size {
        "1k" => fixtures::sized(1024),
        "4k" => fixtures::sized(4000),
        "1k-noise" => fixtures::noisy(1024),
        "4k-noise" => fixtures::noisy(4000),
        _ => fixtures::small(),
    };
    let codec = SessionCodec::flask("secret-key").unwrap();
    let cookie = codec.encode_at(&session, 1_700_000_000).unwrap();
    for _ in 0..n {
        match op {
            "encode" => drop(black_box(
                codec.encode_at(black_box(&session), 1_700_000_000).unwrap(),
            )),
            _ => drop(black_box(
                codec.decode_at(black_box(&cookie), 1_700_000_000).unwrap(),
            )),
        }
    }
}
