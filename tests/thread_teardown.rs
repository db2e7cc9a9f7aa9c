//! Encoding and decoding from a thread-local destructor that runs after the
//! crate's own per-thread buffers are gone (a web framework's per-thread
//! session cache flushing itself, say). `LocalKey::with` panics there, and a
//! panic in a thread-local destructor aborts the process; the crate must
//! fall back to fresh buffers instead. Its own file: an abort here takes
//! down only this test binary, and says which property failed.

use std::sync::Mutex;

use flask_cookie::{Limits, Session, SessionCodec, SessionConfig, Value};

const NOW: u64 = 1_700_000_000;

/// What the destructor saw: (label, round trip held).
static RESULTS: Mutex<Vec<(&'static str, bool)>> = Mutex::new(Vec::new());

fn sessions() -> Vec<(&'static str, Session)> {
    let mut small = Session::new();
    small.insert_value("user_id", Value::Int(42));
    // Compressible and under 16 KiB of JSON: our deflate port.
    let mut compressed = Session::new();
    compressed.insert("cart", &"item,".repeat(400)).unwrap();
    // Over 16 KiB of JSON: the system zlib.
    let mut large = Session::new();
    large.insert("cart", &"item,".repeat(4000)).unwrap();
    vec![
        ("small", small),
        ("compressed", compressed),
        ("large", large),
    ]
}

fn round_trips() -> Vec<(&'static str, bool)> {
    let codec = SessionCodec::new(
        "secret-key",
        SessionConfig::flask().with_limits(
            Limits::default()
                .with_max_token_len(64 << 10)
                .with_max_inflated_len(64 << 10),
        ),
    )
    .unwrap();
    sessions()
        .into_iter()
        .map(|(label, s)| {
            let ok = codec
                .encode_at(&s, NOW)
                .and_then(|c| codec.decode_at(&c, NOW))
                .map(|d| d.session.as_dict() == s.as_dict())
                .unwrap_or(false);
            (label, ok)
        })
        .collect()
}

struct Flush;

impl Drop for Flush {
    fn drop(&mut self) {
        let r = round_trips();
        RESULTS.lock().unwrap().extend(r);
    }
}

thread_local! {
    static FLUSH: Flush = const { Flush };
}

#[test]
fn cookies_work_in_a_thread_local_destructor_after_ours_are_gone() {
    std::thread::spawn(|| {
        // Registered first, so destroyed last (destructors run in reverse
        // order of registration): the crate's thread-locals, created by the
        // round trip below, are gone when `Flush` runs.
        FLUSH.with(|_| {});
        let r = round_trips();
        assert!(r.iter().all(|&(_, ok)| ok), "{r:?}");
    })
    .join()
    .unwrap();
    let results = RESULTS.lock().unwrap();
    assert_eq!(
        *results,
        [("small", true), ("compressed", true), ("large", true)]
    );
}
