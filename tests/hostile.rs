//! Hostile input: every attack shape an untrusted cookie can take is refused
//! with a typed error, in bounded memory and time, without a panic.
//!
//! * signed zlib bombs (the signature is valid, so the payload is inflated),
//! * 100,000-deep nesting,
//! * megabyte cookies, headers and payloads,
//! * huge timestamps, with a valid and with a bad signature,
//! * every truncation and every single-byte mutation of real Flask cookies
//!   from the golden vectors.
//!
//! Bounded time is shown by the suite finishing (no timing thresholds here);
//! bounded memory by the process's peak RSS in a child process (Linux).
//! `regression_*` tests pin what the fuzz targets in `fuzz/` found.
#![allow(missing_docs)]

mod common;

use std::io::Write as _;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use common::{load, unhex};
use flask_cookie::{
    find_cookie, Error, KeyMatch, Keys, LimitKind, Limits, PayloadError, Serializer, Session,
    SessionCodec, SessionConfig, SignatureError, Signer, SignerConfig, TimestampSigner, Value,
    LEGACY_EPOCH, MAX_TIMESTAMP,
};
use flate2::write::ZlibEncoder;
use flate2::Compression;

const KEY: &str = "secret-key";
const NOW: u64 = 1_700_000_000;
const MIB: usize = 1 << 20;

/// `"." + base64url(zlib)` signed at `NOW` exactly as Flask signs a session
/// (salt `cookie-session`, `hmac` derivation, SHA-1): a cookie whose MAC is
/// valid, so the decoder really inflates it.
fn signed_compressed(zlib: &[u8], config: &SignerConfig) -> String {
    let mut payload = String::from(".");
    URL_SAFE_NO_PAD.encode_string(zlib, &mut payload);
    TimestampSigner::new(KEY, config)
        .unwrap()
        .sign_at(payload.as_bytes(), NOW)
        .unwrap()
}

/// Compresses `n` bytes of `byte` without ever holding them: a bomb.
fn zlib_of_repeated(byte: u8, n: usize) -> Vec<u8> {
    let chunk = vec![byte; MIB.min(n)];
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::best());
    let mut left = n;
    while left > 0 {
        let k = left.min(chunk.len());
        enc.write_all(&chunk[..k]).unwrap();
        left -= k;
    }
    enc.finish().unwrap()
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn assert_refused(r: Result<impl core::fmt::Debug, Error>, want: &Error) {
    match r {
        Ok(v) => panic!("accepted: {v:?}, wanted {want:?}"),
        Err(e) => assert_eq!(&e, want),
    }
}

// ---------------------------------------------------------------------------
// Signed zlib bombs
// ---------------------------------------------------------------------------

/// A bomb small enough to pass the default 8 KiB token limit: 4 MiB of zeros
/// in ~4 KiB of zlib. The default 256 KiB cap stops it.
#[test]
fn signed_zlib_bomb_within_the_default_token_limit() {
    let bomb = zlib_of_repeated(0, 4 * MIB);
    let cookie = signed_compressed(&bomb, &SignerConfig::flask_session());
    assert!(
        cookie.len() <= Limits::new().max_token_len(),
        "{}",
        cookie.len()
    );
    let codec = SessionCodec::flask(KEY).unwrap();
    assert_refused(
        codec.decode_at(&cookie, NOW),
        &Error::BadPayload(PayloadError::InflatedTooLarge),
    );
    // The same through the generic serializer.
    let s = Serializer::new(KEY, &SignerConfig::flask_session()).unwrap();
    assert_refused(
        s.loads_at::<serde_json::Value>(&cookie, None, NOW),
        &Error::BadPayload(PayloadError::InflatedTooLarge),
    );
    // A JSON-shaped bomb ("[[[[..." inflating past the cap) too.
    let bomb = zlib_of_repeated(b'[', 2 * MIB);
    let cookie = signed_compressed(&bomb, &SignerConfig::flask_session());
    assert_refused(
        codec.decode_at(&cookie, NOW),
        &Error::BadPayload(PayloadError::InflatedTooLarge),
    );
}

/// Peak resident memory of this process, in KiB (Linux `VmHWM`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

const BOMB_CHILD: &str = "FLASK_COOKIE_HOSTILE_BOMB_CHILD";

/// A 1 GiB bomb (about 1 MiB of zlib) with the token limit raised so that it
/// gets through: the inflate cap alone must keep memory bounded. Runs in a
/// child process so that the peak RSS is this test's alone.
#[test]
fn signed_zlib_bomb_is_rejected_in_bounded_memory() {
    if std::env::var_os(BOMB_CHILD).is_some() {
        return bomb_child();
    }
    if peak_rss_kib().is_none() {
        eprintln!("SKIPPED: no /proc/self/status on this platform");
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "signed_zlib_bomb_is_rejected_in_bounded_memory",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(BOMB_CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(out.status.success(), "child failed");
    assert!(stderr.contains("bomb peak rss growth") || stdout.contains("bomb peak rss growth"));
}

fn bomb_child() {
    const INFLATED: usize = 1 << 30; // 1 GiB of zeros
    let bomb = zlib_of_repeated(0, INFLATED);
    let limits = Limits::new().with_max_token_len(4 * MIB);
    let config = SignerConfig::flask_session().with_limits(limits);
    let cookie = signed_compressed(&bomb, &config);
    let codec = SessionCodec::new(KEY, SessionConfig::flask().with_limits(limits)).unwrap();
    drop(bomb);

    // Reset the high-water mark to the current RSS (Linux >= 4.0), then decode.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = peak_rss_kib().unwrap();
    let r = codec.decode_at(&cookie, NOW);
    let after = peak_rss_kib().unwrap();
    assert_eq!(
        r.err(),
        Some(Error::BadPayload(PayloadError::InflatedTooLarge))
    );
    let growth_kib = after.saturating_sub(before);
    eprintln!(
        "bomb peak rss growth: {growth_kib} KiB for a {} KiB cookie that inflates to {} MiB \
         (cap {} KiB, high-water mark reset: {reset})",
        cookie.len() / 1024,
        INFLATED / MIB,
        limits.max_inflated_len() / 1024
    );
    // The cap is 256 KiB; allow the decoded base64, zlib's state and slack.
    // Uncapped, this would be 1 GiB.
    assert!(growth_kib < 16 * 1024, "peak RSS grew by {growth_kib} KiB");
}

// ---------------------------------------------------------------------------
// Deep nesting
// ---------------------------------------------------------------------------

const DEEP: usize = 100_000;
const OPENERS: [&str; 5] = [
    "[",
    "{\"a\":",
    "{\" t\":[",
    "{\" di\":{\" t__\":",
    "[{\"x\":",
];

#[test]
fn deep_nesting_100k_in_json_is_too_deep() {
    for open in OPENERS {
        let deep = open.repeat(DEEP);
        assert_refused(
            Value::from_flask_json(&deep),
            &Error::BadPayload(PayloadError::TooDeep),
        );
        // Closed properly too: the depth, not the syntax, is what stops it.
        let closed = format!("{deep}1{}", close_for(open).repeat(DEEP));
        assert_refused(
            Value::from_flask_json(&closed),
            &Error::BadPayload(PayloadError::TooDeep),
        );
    }
}

fn close_for(open: &str) -> String {
    open.chars()
        .rev()
        .filter_map(|c| match c {
            '[' => Some(']'),
            '{' => Some('}'),
            _ => None,
        })
        .collect()
}

#[test]
fn deep_nesting_100k_in_a_signed_cookie_is_too_deep() {
    // Up to 1.5 MB of JSON: raise the inflate cap so that depth is what stops it.
    let limits = Limits::new().with_max_inflated_len(4 * MIB);
    let config = SignerConfig::flask_session().with_limits(limits);
    let codec = SessionCodec::new(KEY, SessionConfig::flask().with_limits(limits)).unwrap();
    let serializer = Serializer::new(KEY, &config).unwrap();
    for open in OPENERS {
        let json = format!("{{\"k\":{}", open.repeat(DEEP));
        let cookie = signed_compressed(&zlib(json.as_bytes()), &config);
        assert!(
            cookie.len() <= limits.max_token_len(),
            "{open}: {}",
            cookie.len()
        );
        assert_refused(
            codec.decode_at(&cookie, NOW),
            &Error::BadPayload(PayloadError::TooDeep),
        );
        // serde_json's own recursion limit (127) guards the generic
        // serializer, and reads as the same `TooDeep`.
        assert_refused(
            serializer.loads_at::<serde_json::Value>(&cookie, None, NOW),
            &Error::BadPayload(PayloadError::TooDeep),
        );
    }
}

#[test]
fn deep_values_are_refused_on_encode_not_written() {
    // 800 nested lists: over the depth cap of 700 (Flask itself writes at
    // most 493 nested lists before Python's recursion limit).
    let mut v = Value::Int(1);
    for _ in 0..800 {
        v = Value::List(vec![v]);
    }
    let mut s = Session::new();
    s.insert_value("deep", v);
    let codec = SessionCodec::flask(KEY).unwrap();
    assert_refused(
        codec.encode_at(&s, NOW),
        &Error::BadPayload(PayloadError::TooDeep),
    );
}

// ---------------------------------------------------------------------------
// Megabyte inputs
// ---------------------------------------------------------------------------

#[test]
fn megabyte_cookies_are_too_large_before_any_decoding() {
    let too_large = Error::TooLarge {
        kind: LimitKind::Token,
        limit: 8192,
    };
    let codec = SessionCodec::flask(KEY).unwrap();
    let lenient = SessionCodec::new(KEY, SessionConfig::flask().with_lenient_base64()).unwrap();
    let signer = Signer::new(KEY, &SignerConfig::flask_session()).unwrap();
    let timed = TimestampSigner::new(KEY, &SignerConfig::flask_session()).unwrap();
    let serializer = Serializer::new(KEY, &SignerConfig::flask_session()).unwrap();
    for filler in ["a", ".", "=", "\0", "é", "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA."] {
        let big = filler.repeat(MIB / filler.len());
        assert_refused(codec.decode_at(&big, NOW), &too_large);
        assert_refused(lenient.decode_at(&big, NOW), &too_large);
        assert_refused(signer.unsign(big.as_bytes()), &too_large);
        assert_refused(timed.unsign_at(big.as_bytes(), None, NOW), &too_large);
        assert_refused(
            serializer.loads_at::<serde_json::Value>(&big, None, NOW),
            &too_large,
        );
        // Through a Cookie header: an empty session and the error.
        let header = format!("a=b; session={big}; c=d");
        let flask_cookie::Opened {
            session,
            error: err,
            ..
        } = codec.open_at(Some(&header), NOW);
        assert!(session.is_empty());
        assert_eq!(err, Some(too_large.clone()));
    }
    // One byte over the limit, and exactly at it.
    let at_limit = "a".repeat(8192);
    assert!(matches!(
        codec.decode_at(&at_limit, NOW),
        Err(Error::BadSignature(_))
    ));
    assert_refused(codec.decode_at(&"a".repeat(8193), NOW), &too_large);
}

#[test]
fn megabyte_cookie_headers_are_scanned_in_linear_time() {
    // 200,000 cookies in one header, the session cookie last.
    let mut header = "x=y; ".repeat(200_000);
    header.push_str("session=found");
    assert_eq!(find_cookie(&header, "session").as_deref(), Some("found"));
    for junk in ["=;", ";;;;", "\"\"\"", "a=\"\\", " \t "] {
        let h = junk.repeat(MIB / junk.len());
        let _ = find_cookie(&h, "session");
        let _ = SessionCodec::flask(KEY).unwrap().open_at(Some(&h), NOW);
    }
}

#[test]
fn megabyte_payloads_are_refused_by_the_inflate_cap() {
    // A validly signed, uncompressed 1 MiB payload with the token limit raised:
    // the decoded size is checked against the cap too.
    let limits = Limits::new().with_max_token_len(4 * MIB);
    let config = SignerConfig::flask_session().with_limits(limits);
    let json = format!("{{\"k\":\"{}\"}}", "a".repeat(MIB));
    let payload = URL_SAFE_NO_PAD.encode(json.as_bytes());
    let cookie = TimestampSigner::new(KEY, &config)
        .unwrap()
        .sign_at(payload.as_bytes(), NOW)
        .unwrap();
    let codec = SessionCodec::new(KEY, SessionConfig::flask().with_limits(limits)).unwrap();
    assert_refused(
        codec.decode_at(&cookie, NOW),
        &Error::BadPayload(PayloadError::InflatedTooLarge),
    );
}

#[test]
fn megabyte_json_text_is_read_or_refused_with_a_typed_error() {
    let json = |e: PayloadError| Error::BadPayload(e);
    // 4300 digits is Python's limit; a megabyte of digits is refused early.
    assert!(Value::from_flask_json(&"1".repeat(4300)).is_ok());
    assert_refused(
        Value::from_flask_json(&"1".repeat(4301)),
        &json(PayloadError::IntTooLong),
    );
    assert_refused(
        Value::from_flask_json(&"1".repeat(MIB)),
        &json(PayloadError::IntTooLong),
    );
    assert_refused(
        Value::from_flask_json(&"9".repeat(MIB)),
        &json(PayloadError::IntTooLong),
    );
    // Long strings and long lists are fine; the inflate cap bounds them upstream.
    let s = format!("\"{}\"", "\\u00e9".repeat(MIB / 6));
    assert!(Value::from_flask_json(&s).is_ok());
    let l = format!("[{}0]", "0,".repeat(MIB / 2));
    assert!(Value::from_flask_json(&l).is_ok());
    for junk in ["{", "\"", "\\", "\u{0}", "NaNa", "-", "1e", "{\"a\"", "[,"] {
        let big = junk.repeat(MIB / junk.len());
        assert!(
            matches!(Value::from_flask_json(&big), Err(Error::BadPayload(_))),
            "{junk:?}"
        );
    }
    let mut bytes = vec![b'"'; MIB];
    bytes[MIB / 2] = 0xff;
    assert_refused(
        Value::from_flask_json_bytes(&bytes),
        &json(PayloadError::Utf8),
    );
}

// ---------------------------------------------------------------------------
// Huge timestamps
// ---------------------------------------------------------------------------

fn b64_ts(ts_bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(ts_bytes)
}

#[test]
fn huge_timestamps_with_a_valid_signature_are_malformed() {
    // A plain Signer signs "payload.ts" exactly as a TimestampSigner would.
    let plain = Signer::new(KEY, &SignerConfig::flask_session()).unwrap();
    let codec = SessionCodec::flask(KEY).unwrap();
    let timed = TimestampSigner::new(KEY, &SignerConfig::flask_session()).unwrap();
    let huge: [&[u8]; 5] = [
        &(MAX_TIMESTAMP + 1).to_be_bytes(),
        &(1u64 << 62).to_be_bytes(),
        &u64::MAX.to_be_bytes(),
        &[1, 0, 0, 0, 0, 0, 0, 0, 0], // 9 bytes
        &[0xff; 12],                  // 12 bytes
    ];
    for ts in huge {
        let token = plain.sign(format!("eyJ1c2VyIjoiYWxpY2UifQ.{}", b64_ts(ts)).as_bytes());
        let token = String::from_utf8(token).unwrap();
        assert_refused(codec.decode_at(&token, NOW), &Error::MalformedTimestamp);
        assert_refused(
            timed.unsign_at(token.as_bytes(), Some(u64::MAX), u64::MAX),
            &Error::MalformedTimestamp,
        );
        assert_refused(
            timed.unsign_at(token.as_bytes(), None, 0),
            &Error::MalformedTimestamp,
        );
    }
    // The last second Python can represent still works.
    let token = plain.sign(
        format!(
            "eyJ1c2VyIjoiYWxpY2UifQ.{}",
            b64_ts(&MAX_TIMESTAMP.to_be_bytes()[3..])
        )
        .as_bytes(),
    );
    let t = timed.unsign_at(&token, None, 0).unwrap();
    assert_eq!(t.signed_at, MAX_TIMESTAMP);
}

#[test]
fn huge_timestamps_with_a_bad_signature_are_bad_signatures() {
    let codec = SessionCodec::flask(KEY).unwrap();
    for ts in [
        &u64::MAX.to_be_bytes()[..],
        &[0xff; 9],
        &(MAX_TIMESTAMP + 1).to_be_bytes(),
    ] {
        let token = format!(
            "eyJ1c2VyIjoiYWxpY2UifQ.{}.uUhuIpOZ_RbBZ4ImWrqwftflJck",
            b64_ts(ts)
        );
        let e = codec.decode_at(&token, NOW).unwrap_err();
        assert_eq!(
            e,
            Error::BadTimeSignature {
                reason: SignatureError::Mismatch,
                signed_at: None
            }
        );
        assert!(!e.is_authentic());
    }
}

#[test]
fn extreme_clocks_and_lifetimes_never_overflow() {
    let plain = Signer::new(KEY, &SignerConfig::flask_session()).unwrap();
    for (signed_at, now, lifetime) in [
        (0, u64::MAX, u64::MAX),
        (0, u64::MAX, 0),
        (MAX_TIMESTAMP, 0, u64::MAX),
        (MAX_TIMESTAMP, 0, 0),
        (MAX_TIMESTAMP, u64::MAX, u64::MAX),
        (1, 0, u64::MAX),
    ] {
        let ts = signed_at.to_be_bytes();
        let skip = ts.iter().take_while(|b| **b == 0).count();
        let token =
            plain.sign(format!("eyJ1c2VyIjoiYWxpY2UifQ.{}", b64_ts(&ts[skip..])).as_bytes());
        let token = String::from_utf8(token).unwrap();
        let codec = SessionCodec::new(
            KEY,
            SessionConfig::flask().with_permanent_session_lifetime(lifetime),
        )
        .unwrap();
        let age = i128::from(now) - i128::from(signed_at);
        match codec.decode_at(&token, now) {
            Ok(d) => assert!(age >= 0 && age <= i128::from(lifetime) && d.signed_at == signed_at),
            Err(Error::Expired {
                signed_at: s,
                max_age,
                ..
            }) => {
                assert!(age < 0 || age > i128::from(lifetime));
                assert_eq!((s, max_age), (signed_at, lifetime));
            }
            Err(e) => panic!("{signed_at} {now} {lifetime}: {e:?}"),
        }
    }
    // Saving with a lifetime that overflows the clock is an error, not a panic.
    let codec = SessionCodec::new(
        KEY,
        SessionConfig::flask().with_permanent_session_lifetime(u64::MAX),
    )
    .unwrap();
    let mut s = Session::new();
    s.set_permanent(true);
    s.insert("k", "v").unwrap();
    let _ = codec.save_at(&s, u64::MAX);
}

/// A clock past year 9999 is refused by every writer, in both epochs: the
/// token could not be read back (here `MalformedTimestamp`; in Flask a
/// `ValueError`, HTTP 500). The last second Python can hold still works.
#[test]
fn writers_refuse_a_time_no_reader_can_read() {
    let refused = |r: Result<String, Error>| {
        assert!(matches!(r, Err(Error::InvalidConfig(_))), "{r:?}");
    };
    let codec = SessionCodec::flask(KEY).unwrap();
    let mut session = Session::new();
    session.insert("user", "alice").unwrap();
    session.set_permanent(true);
    for config in [
        SignerConfig::flask_session(),
        SignerConfig::flask_session().with_legacy_epoch(),
    ] {
        let timed = TimestampSigner::new(KEY, &config).unwrap();
        let serializer = Serializer::new(KEY, &config).unwrap();
        for now in [MAX_TIMESTAMP + 1, u64::MAX] {
            refused(timed.sign_at(b"v", now));
            refused(serializer.dumps_at(&1, now));
        }
        let token = timed.sign_at(b"v", MAX_TIMESTAMP).unwrap();
        let t = timed.unsign_at(token.as_bytes(), Some(0), MAX_TIMESTAMP);
        assert_eq!(t.unwrap().signed_at, MAX_TIMESTAMP);
        let token = serializer.dumps_at(&1, MAX_TIMESTAMP).unwrap();
        assert_eq!(
            serializer.loads_at::<i32>(&token, None, 0).unwrap().value,
            1
        );
    }
    refused(codec.encode_at(&session, MAX_TIMESTAMP + 1));
    assert!(matches!(
        codec.save_at(&session, MAX_TIMESTAMP + 1),
        Err(Error::InvalidConfig(_))
    ));
    let cookie = codec.encode_at(&session, MAX_TIMESTAMP).unwrap();
    let back = codec.decode_at(&cookie, MAX_TIMESTAMP).unwrap();
    assert_eq!(back.session, session);
}

#[test]
fn legacy_epoch_huge_timestamps_do_not_overflow() {
    let config = SignerConfig::flask_session().with_legacy_epoch();
    let plain = Signer::new(KEY, &config).unwrap();
    let timed = TimestampSigner::new(KEY, &config).unwrap();
    for wire in [
        u64::MAX,
        u64::MAX - LEGACY_EPOCH,
        MAX_TIMESTAMP - LEGACY_EPOCH + 1,
    ] {
        let token = plain.sign(format!("v.{}", b64_ts(&wire.to_be_bytes())).as_bytes());
        assert_refused(
            timed.unsign_at(&token, Some(10), NOW),
            &Error::MalformedTimestamp,
        );
    }
    let token = plain.sign(
        format!(
            "v.{}",
            b64_ts(&(MAX_TIMESTAMP - LEGACY_EPOCH).to_be_bytes())
        )
        .as_bytes(),
    );
    assert_eq!(
        timed.unsign_at(&token, None, NOW).unwrap().signed_at,
        MAX_TIMESTAMP
    );
}

// ---------------------------------------------------------------------------
// Every truncation and single-byte mutation of real Flask cookies
// ---------------------------------------------------------------------------

struct Real {
    name: String,
    cookie: String,
    now: u64,
    keys: Keys,
    lifetime: u64,
}

/// Real cookies Flask wrote, of several shapes: plain, compressed with
/// tagged values, permanent, flashed messages, and one signed with a
/// fallback key.
const REAL: [&str; 5] = [
    "session/basic/alice",
    "session/tag/nested",
    "session/permanent/alice",
    "session/flash/two",
    "decode/rotation/signed_by_fb2",
];

fn real_cookies() -> Vec<Real> {
    let all = load("flask.json");
    let vectors = all["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .chain(all["decode"].as_array().unwrap());
    let out: Vec<Real> = vectors
        .filter(|v| REAL.contains(&v["name"].as_str().unwrap()))
        .map(|v| {
            let cfg = &v["config"];
            let fallbacks: Vec<Vec<u8>> = cfg["SECRET_KEY_FALLBACKS"]
                .as_array()
                .map(|a| a.iter().map(|k| unhex(k.as_str().unwrap())).collect())
                .unwrap_or_default();
            Real {
                name: v["name"].as_str().unwrap().to_owned(),
                cookie: v["cookie"].as_str().unwrap().to_owned(),
                now: v["now"].as_u64().unwrap(),
                keys: Keys::new(unhex(cfg["SECRET_KEY"].as_str().unwrap()))
                    .with_fallbacks(fallbacks),
                lifetime: cfg["PERMANENT_SESSION_LIFETIME"].as_u64().unwrap(),
            }
        })
        .collect();
    assert_eq!(out.len(), REAL.len());
    assert!(
        out.iter().any(|r| r.cookie.starts_with('.')),
        "no compressed cookie"
    );
    out
}

fn refused(r: &Result<impl core::fmt::Debug, Error>, what: &str) {
    match r {
        Ok(v) => panic!("{what} verified: {v:?}"),
        Err(e) => assert!(!e.is_authentic(), "{what}: {e:?} claims a valid MAC"),
    }
}

#[test]
fn every_truncation_and_single_byte_mutation_of_real_cookies_is_refused() {
    let mut checked = 0usize;
    for real in real_cookies() {
        let config = SessionConfig::flask().with_permanent_session_lifetime(real.lifetime);
        let codec = SessionCodec::new(real.keys.clone(), config.clone()).unwrap();
        let timed =
            TimestampSigner::new(real.keys.clone(), &SignerConfig::flask_session()).unwrap();
        let original = codec
            .decode_at(&real.cookie, real.now)
            .unwrap_or_else(|e| panic!("{}: {e:?}", real.name));
        let bytes = real.cookie.as_bytes();
        let n = bytes.len();

        // Truncations from either end, and every single byte removed.
        for i in 0..n {
            for cut in [&real.cookie[..i], &real.cookie[n - i..]] {
                refused(
                    &codec.decode_at(cut, real.now),
                    &format!("{} cut to {cut:?}", real.name),
                );
            }
            let mut removed = real.cookie.clone();
            removed.remove(i);
            refused(
                &codec.decode_at(&removed, real.now),
                &format!("{} without byte {i}", real.name),
            );
            checked += 3;
        }

        // Every byte replaced by every other byte value: all 256 on the byte
        // path, the ASCII ones (valid `&str`) through the session codec too.
        for i in 0..n {
            for b in 0..=255u8 {
                if b == bytes[i] {
                    continue;
                }
                let mut m = bytes.to_vec();
                m[i] = b;
                refused(
                    &timed.unsign_at(&m, Some(real.lifetime), real.now),
                    &format!("{} byte {i} = {b:#04x}", real.name),
                );
                if b.is_ascii() {
                    let m = String::from_utf8(m).unwrap();
                    refused(
                        &codec.decode_at(&m, real.now),
                        &format!("{} byte {i} = {b:#04x}", real.name),
                    );
                }
                checked += 1;
            }
            // Inserting a byte anywhere.
            for b in [b'A', b'.', b'=', b'_', b' '] {
                let mut m = bytes.to_vec();
                m.insert(i, b);
                refused(
                    &timed.unsign_at(&m, Some(real.lifetime), real.now),
                    &format!("{} + {b:#04x} at {i}", real.name),
                );
                checked += 1;
            }
        }

        // Lenient mode (Python's base64) accepts other spellings of the same
        // MAC, as Python does; it must never accept other content.
        let lenient = SessionCodec::new(real.keys.clone(), config.with_lenient_base64()).unwrap();
        let sig_start = real.cookie.rfind('.').unwrap() + 1;
        for i in 0..n {
            for b in 0..=127u8 {
                if b == bytes[i] {
                    continue;
                }
                let mut m = bytes.to_vec();
                m[i] = b;
                let m = String::from_utf8(m).unwrap();
                if let Ok(d) = lenient.decode_at(&m, real.now) {
                    assert!(
                        i >= sig_start,
                        "{}: lenient accepted a change at {i} outside the signature",
                        real.name
                    );
                    assert_eq!(d.session.as_dict(), original.session.as_dict());
                    assert_eq!((d.signed_at, d.key), (original.signed_at, original.key));
                }
            }
        }
    }
    eprintln!("{checked} mutated cookies refused");
}

#[test]
fn the_original_real_cookies_do_verify() {
    // The mutation test is only meaningful if the originals are accepted.
    for real in real_cookies() {
        let codec = SessionCodec::new(
            real.keys.clone(),
            SessionConfig::flask().with_permanent_session_lifetime(real.lifetime),
        )
        .unwrap();
        let d = codec.decode_at(&real.cookie, real.now).unwrap();
        if !real.keys.fallbacks().is_empty() {
            assert!(matches!(d.key, KeyMatch::Fallback(_)), "{}", real.name);
        }
    }
}

// ---------------------------------------------------------------------------
// Regressions found by the fuzz targets (fuzz/fuzz_targets/*.rs)
// ---------------------------------------------------------------------------

/// fuzz/inflate_cap: `inflate_capped` started its buffer with
/// `clamp(64, cap + 1)`, which panics ("min > max") for any cap below 63 bytes
/// as soon as a compressed payload is inflated.
#[test]
fn regression_inflate_cap_small_cap_panicked() {
    let json = br#"{"user":"alice","padding":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#;
    let z = zlib(json);
    for cap in 0..=80 {
        let limits = Limits::new().with_max_inflated_len(cap);
        let cookie = signed_compressed(&z, &SignerConfig::flask_session().with_limits(limits));
        let codec = SessionCodec::new(KEY, SessionConfig::flask().with_limits(limits)).unwrap();
        let r = codec.decode_at(&cookie, NOW);
        if cap >= json.len() {
            assert!(r.is_ok(), "cap {cap}: {r:?}");
        } else {
            assert_refused(r, &Error::BadPayload(PayloadError::InflatedTooLarge));
        }
    }
}

/// fuzz/config_from_input: a separator that is not UTF-8 was accepted, but
/// timestamped tokens are strings: it was written as U+FFFD and the signer's
/// own tokens never verified. Now refused by `TimestampSigner::new` (and so
/// by `Serializer` and `SessionCodec`); the byte-level `Signer` keeps it.
#[test]
fn regression_config_from_input_non_utf8_separator_never_verified() {
    let config = SignerConfig::new().with_separator([0xff]);
    assert!(matches!(
        TimestampSigner::new(KEY, &config),
        Err(Error::InvalidConfig(_))
    ));
    assert!(matches!(
        Serializer::new(KEY, &config),
        Err(Error::InvalidConfig(_))
    ));
    assert!(matches!(
        SessionCodec::new(KEY, SessionConfig::flask().with_signer(config.clone())),
        Err(Error::InvalidConfig(_))
    ));
    let signer = Signer::new(KEY, &config).unwrap();
    let token = signer.sign(b"value");
    assert_eq!(signer.unsign(&token).unwrap().0, b"value");
    // ... but no string can hold its tokens (review finding: it wrote U+FFFD).
    assert!(matches!(
        signer.sign_str("value"),
        Err(Error::InvalidConfig(_))
    ));
    // UTF-8 multi-byte separators are fine.
    let config = SignerConfig::new().with_separator("§");
    let timed = TimestampSigner::new(KEY, &config).unwrap();
    let token = timed.sign_at(b"value", NOW).unwrap();
    assert_eq!(
        timed.unsign_at(token.as_bytes(), None, NOW).unwrap().value,
        b"value"
    );
}

/// fuzz/cookie_unknown_key: a forged cookie with a bad signature and a
/// timestamp past year 9999 came back as `MalformedTimestamp`, which
/// `Error::is_authentic` reports as "the MAC held". It is now
/// `BadTimeSignature` (Python: `BadTimeSignature("Malformed timestamp")`).
#[test]
fn regression_cookie_unknown_key_forged_huge_timestamp_claimed_authentic() {
    let forged = "eyJ1c2VyIjoiYWxpY2UifQ.__________8.uUhuIpOZ_RbBZ4ImWrqwftflJck";
    let e = SessionCodec::flask("another key")
        .unwrap()
        .decode_at(forged, NOW)
        .unwrap_err();
    assert_eq!(
        e,
        Error::BadTimeSignature {
            reason: SignatureError::Mismatch,
            signed_at: None
        }
    );
    assert!(e.is_bad_signature() && !e.is_authentic());
}

/// Found while writing the fuzz/session_roundtrip oracle: `encode_at` wrote
/// sessions up to 512 containers deep, but `decode_at` reads at most
/// `Limits::max_depth` (then 128), so the codec wrote cookies it then refused.
/// Encoding now applies the same limit.
#[test]
fn regression_session_roundtrip_encoded_deeper_than_decode_accepts() {
    for limit in [0, 1, 2, 5, 128] {
        let codec = SessionCodec::new(
            KEY,
            SessionConfig::flask().with_limits(Limits::new().with_max_depth(limit)),
        )
        .unwrap();
        for depth in 0..=limit + 2 {
            let mut v = Value::Int(1);
            for _ in 0..depth {
                v = Value::List(vec![v]);
            }
            let mut s = Session::new();
            s.insert_value("k", v.clone());
            // The session dict itself is one container.
            match codec.encode_at(&s, NOW) {
                Ok(cookie) => {
                    assert!(depth < limit, "limit {limit}, depth {depth} encoded");
                    let d = codec.decode_at(&cookie, NOW).unwrap();
                    assert_eq!(d.session.get_value("k"), Some(&v));
                }
                Err(e) => {
                    assert!(depth + 1 > limit, "limit {limit}, depth {depth}: {e:?}");
                    assert_eq!(e, Error::BadPayload(PayloadError::TooDeep));
                }
            }
        }
    }
}

/// Found by a review against real Flask: a 300,000-byte string of one letter
/// compresses to a 498-byte cookie, which the codec wrote and then refused on
/// the next request (its JSON inflates past the 256 KiB cap): a silent
/// logout. Flask writes and reads it. Now the writers refuse what the
/// readers would refuse under the same limits, at the exact boundary, for
/// the inflated size and the token length alike, and for sessions and
/// generic serializer tokens.
#[test]
fn regression_writers_refuse_what_the_readers_under_the_same_limits_refuse() {
    // `{"k":"aaa…"}`: 8 bytes of JSON around the string.
    let session = |n: usize| {
        let mut s = Session::new();
        s.insert("k", &"a".repeat(n)).unwrap();
        s
    };
    let codec = SessionCodec::flask(KEY).unwrap();
    let cap = Limits::new().max_inflated_len();
    let huge = session(300_000);
    assert_eq!(
        codec.encode_at(&huge, NOW),
        Err(Error::TooLarge {
            kind: LimitKind::Value,
            limit: cap
        })
    );
    assert!(codec.save_at(&huge, NOW).is_err());
    // At the boundary: JSON of exactly `cap` bytes is written and read back;
    // one byte more is refused on both sides.
    let at_cap = session(cap - 8);
    let cookie = codec.encode_at(&at_cap, NOW).unwrap();
    assert!(cookie.len() < 2_000, "{}", cookie.len());
    assert_eq!(codec.decode_at(&cookie, NOW).unwrap().session, at_cap);
    assert!(codec.encode_at(&session(cap - 7), NOW).is_err());

    // The token length: a small inflate cap's twin, with noise that does not
    // compress, at the limit exactly.
    let noise: String = (0..6000u32)
        .map(|i| char::from(b"0123456789abcdef"[(i.wrapping_mul(2_654_435_761) >> 28) as usize]))
        .collect();
    let mut s = Session::new();
    s.insert("k", &noise).unwrap();
    let long = codec.encode_at(&s, NOW).unwrap();
    let exact = SessionCodec::new(
        KEY,
        SessionConfig::flask().with_limits(Limits::new().with_max_token_len(long.len())),
    )
    .unwrap();
    assert_eq!(exact.encode_at(&s, NOW).unwrap(), long);
    assert!(exact.decode_at(&long, NOW).is_ok());
    let short = SessionCodec::new(
        KEY,
        SessionConfig::flask().with_limits(Limits::new().with_max_token_len(long.len() - 1)),
    )
    .unwrap();
    assert_eq!(
        short.encode_at(&s, NOW),
        Err(Error::TooLarge {
            kind: LimitKind::Token,
            limit: long.len() - 1
        })
    );
    assert!(matches!(
        short.decode_at(&long, NOW),
        Err(Error::TooLarge { .. })
    ));

    // The generic serializer, with the same rule.
    let ser = Serializer::new(
        KEY,
        &SignerConfig::serializer().with_limits(Limits::new().with_max_inflated_len(100)),
    )
    .unwrap();
    let ok = "a".repeat(98); // `"aaa…"`: 100 bytes of JSON
    let token = ser.dumps_at(&ok, NOW).unwrap();
    assert_eq!(ser.loads_at::<String>(&token, None, NOW).unwrap().value, ok);
    assert_eq!(
        ser.dumps_at(&"a".repeat(99), NOW),
        Err(Error::TooLarge {
            kind: LimitKind::Value,
            limit: 100
        })
    );
}

/// Objects whose keys are not in sorted order (Flask never writes them, an
/// attacker or another JSON writer may) are read in O(n log n): entries are
/// appended and sorted once, not shifted one by one (that took 7 s for
/// 100,000 keys). Repeats keep the last value, and a `" t"` tuple the order
/// of first appearance, as Python's `json.loads` does.
#[test]
fn objects_with_100k_keys_in_reverse_order_are_read_in_n_log_n() {
    use std::fmt::Write as _;
    let n = 100_000usize;
    let mut body = String::new();
    for i in (0..n).rev() {
        write!(body, "\"k{i:06}\":{i},").unwrap();
    }
    for i in 0..n {
        write!(body, "\"k{i:06}\":{},", i + 1).unwrap();
    }
    body.pop();
    let json = format!("{{{body}}}");

    let Ok(Value::Dict(d)) = Value::from_flask_json(&json) else {
        panic!("not a dict");
    };
    assert_eq!(d.len(), n);
    assert_eq!(d.first_key_value(), Some(("k000000", &Value::Int(1))));
    assert_eq!(d.get("k099999"), Some(&Value::Int(100_000)));
    // The same through `Deserialize`.
    let via_serde: Value = serde_json::from_str(&json).unwrap();
    assert!(via_serde == Value::Dict(d));

    // Under `" t"` the first appearance orders the tuple: descending.
    let Ok(Value::Tuple(items)) = Value::from_flask_json(&format!("{{\" t\":{json}}}")) else {
        panic!("not a tuple");
    };
    assert_eq!(items.len(), n);
    assert_eq!(items.first(), Some(&Value::Str("k099999".into())));
    assert_eq!(items.last(), Some(&Value::Str("k000000".into())));
}
