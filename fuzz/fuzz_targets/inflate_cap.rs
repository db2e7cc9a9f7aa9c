//! Oracle: an arbitrary compressed payload, validly signed, never inflates
//! past the cap.
//!
//! The input is a cap selector byte and a zlib stream. The target signs
//! `"." + base64url(stream)` with the real Flask scheme (so the payload is
//! actually inflated), then checks, against zlib's own inflate in zlib mode
//! (windowBits 15, what Python's `zlib.decompress` runs) as a reference:
//!
//! * `InflatedTooLarge` only when the stream really produces more than the
//!   cap, and a stream that produces more than the cap is never accepted;
//! * a stream within the cap is accepted exactly when zlib accepts it (we
//!   check the zlib header and Adler-32 ourselves and inflate raw deflate
//!   with zlib-rs), and inflates to zlib's bytes;
//! * the heap peak of the whole load stays within `2 * cap` plus the token
//!   and the inflater's fixed state, whatever the stream would inflate to (a
//!   counting allocator measures it; `-rss_limit_mb` backs it up).
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use flask_cookie::{
    Error, Limits, PayloadError, Serializer, SessionCodec, SessionConfig, SignerConfig,
    TimestampSigner,
};
use flask_cookie_fuzz::{CountingAlloc, NOW};
use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const KEY: &str = "inflate-cap fuzz key";
/// The inflater's state plus its 32 KiB window (zlib-rs: one 47,552-byte
/// allocation), and slack for the signer.
const FIXED_OVERHEAD: usize = 128 * 1024;

fn cap_for(selector: u8) -> usize {
    match selector % 8 {
        0 => 0,
        1 => 1,
        2 => 64,
        3 => 4096,
        4 => 65_536,
        5 => Limits::new().max_inflated_len(),
        // Arbitrary small caps, where off-by-one errors live.
        _ => usize::from(selector) * 37,
    }
}

/// Per-thread state (the inflater, the decode scratch buffers, which are
/// kept up to 64 KiB each) is made on a thread's first loads and kept, so
/// it counts towards the heap peak of the first inputs only. Made here
/// before anything is measured, so that an input replayed alone meets the
/// heap a long run has: one such replay went 37 KiB past the bound on
/// per-thread state alone.
fn warm_up() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let json = format!("[{}0]", "0,".repeat(100_000));
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, json.as_bytes()).unwrap();
        let stream = z.finish().unwrap();
        let config = SignerConfig::flask_session();
        let payload = format!(".{}", URL_SAFE_NO_PAD.encode(stream));
        let token = TimestampSigner::new(KEY, &config)
            .unwrap()
            .sign_at(payload.as_bytes(), NOW)
            .unwrap();
        let serializer = Serializer::new(KEY, &config).unwrap();
        serializer
            .loads_at::<IgnoredAny>(&token, None, NOW)
            .unwrap();
        let codec = SessionCodec::new(KEY, SessionConfig::flask()).unwrap();
        assert!(codec.decode_at(&token, NOW).is_err()); // a list, not a dict
    });
}

fuzz_target!(|data: &[u8]| {
    warm_up();
    let Some((&selector, stream)) = data.split_first() else {
        return;
    };
    let cap = cap_for(selector);
    let limits = Limits::new()
        .with_max_inflated_len(cap)
        .with_max_token_len(1 << 20);
    let config = SignerConfig::flask_session().with_limits(limits);

    let mut payload = String::with_capacity(1 + stream.len() * 4 / 3 + 4);
    payload.push('.');
    URL_SAFE_NO_PAD.encode_string(stream, &mut payload);
    let token = TimestampSigner::new(KEY, &config)
        .unwrap()
        .sign_at(payload.as_bytes(), NOW)
        .unwrap();
    let serializer = Serializer::new(KEY, &config).unwrap();

    // Reference: zlib with its own wrapper checks, output up to cap + 1.
    let mut reference = Vec::with_capacity(cap + 1);
    let status = flate2::Decompress::new(true).decompress_vec(
        stream,
        &mut reference,
        flate2::FlushDecompress::Finish,
    );
    let ref_over = reference.len() > cap;
    // Accepted: the stream (Adler-32 included) ended within the cap.
    let ref_ok = matches!(status, Ok(flate2::Status::StreamEnd)) && !ref_over;

    let base = CountingAlloc::reset_peak();
    let ours = serializer.loads_at::<IgnoredAny>(&token, None, NOW);
    let peak = CountingAlloc::peak().saturating_sub(base);
    let bound = 2 * cap + token.len() + FIXED_OVERHEAD;
    assert!(
        peak <= bound,
        "peak {peak} bytes for cap {cap} (bound {bound})"
    );

    match &ours {
        // Inflated within the cap; the JSON is then read or refused (past
        // serde_json's 127 levels as `TooDeep`).
        Ok(_) | Err(Error::BadPayload(PayloadError::Json | PayloadError::TooDeep)) => {
            assert!(
                !ref_over,
                "accepted a stream that inflates past the cap {cap}"
            );
            assert!(ref_ok, "accepted a stream zlib rejects: {status:?}");
        }
        Err(Error::BadPayload(PayloadError::InflatedTooLarge)) => {
            assert!(
                ref_over,
                "InflatedTooLarge for a stream of {} bytes (cap {cap})",
                reference.len()
            );
        }
        // A stream can be corrupt after the cap: either answer is a refusal.
        Err(Error::BadPayload(PayloadError::Zlib)) => {
            assert!(!ref_ok, "rejected a stream zlib accepts");
        }
        Err(e) => panic!("unexpected error {e:?}"),
    }

    // The inflated bytes themselves (no JSON read): zlib's, byte for byte,
    // whenever zlib accepts the stream within the cap. (We inflate with
    // zlib-rs, the reference is the system zlib: a differential test of the
    // two inflaters.)
    match serializer.loads_json_at(&token, None, NOW) {
        Ok(raw) => {
            assert!(ref_ok, "inflated a stream zlib rejects: {status:?}");
            assert!(raw.value == reference, "inflated bytes differ from zlib's");
        }
        Err(Error::BadPayload(PayloadError::InflatedTooLarge)) => assert!(ref_over),
        Err(Error::BadPayload(PayloadError::Zlib)) => assert!(!ref_ok),
        Err(e) => panic!("unexpected error {e:?}"),
    }

    // A typed load of JSON that does not fit re-reads it to say why (a
    // streaming read that allocates what the failed one did, after that
    // one's values are freed): the same bound holds.
    let base = CountingAlloc::reset_peak();
    let typed = serializer.loads_at::<std::collections::BTreeMap<String, u32>>(&token, None, NOW);
    let peak = CountingAlloc::peak().saturating_sub(base);
    assert!(
        peak <= bound,
        "typed peak {peak} bytes for cap {cap} (bound {bound})"
    );
    if matches!(
        typed,
        Err(Error::BadPayload(PayloadError::InflatedTooLarge))
    ) {
        assert!(ref_over);
    }

    // The session codec goes down the same path (then JSON and untagging).
    let codec = SessionCodec::new(KEY, SessionConfig::flask().with_limits(limits)).unwrap();
    let base = CountingAlloc::reset_peak();
    let session = codec.decode_at(&token, NOW);
    let peak = CountingAlloc::peak().saturating_sub(base);
    match session {
        Err(Error::BadPayload(PayloadError::InflatedTooLarge)) => assert!(ref_over),
        Err(Error::BadPayload(_)) | Ok(_) => {}
        Err(e) => panic!("unexpected error {e:?}"),
    }
    // Parsed values are bigger than their text (a `0,` is a 32-byte Value), so
    // only a loose bound here; the tight one is above.
    assert!(
        peak <= 64 * cap + token.len() + FIXED_OVERHEAD,
        "session peak {peak} for cap {cap}"
    );
});
