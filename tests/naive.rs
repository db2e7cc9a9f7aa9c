//! A naive reference implementation of Flask's session cookie, built from
//! general-purpose crates only (`serde_json`, `flate2` over the system zlib
//! that CPython uses, `base64`, `hmac` + `sha1`), written straight from the
//! itsdangerous and Flask sources, with none of the crate's own code paths:
//! its JSON writer, deflate port, base64, midstates or key derivation. For
//! untagged sessions of strings, integers, booleans, null, lists and dicts
//! (where `serde_json` writes exactly what Python's `json.dumps` writes), the
//! codec must emit the same cookie and read the naive one back. This holds
//! on a machine without Python, where the live differential tests skip.

use std::io::Write as _;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use flask_cookie::{Session, SessionCodec, Value};
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use serde_json::{Map, Value as J};

type HmacSha1 = Hmac<sha1::Sha1>;

fn hmac_sha1(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut m = <HmacSha1 as Mac>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

/// `SecureCookieSessionInterface.get_signing_serializer(app).dumps(session)`
/// at `now`, for a session `serde_json` writes as Python does.
fn naive_cookie(secret: &[u8], session: &Map<String, J>, now: u64) -> String {
    // TaggedJSONSerializer.dumps: json.dumps(..., separators=(",", ":"),
    // sort_keys=True); ASCII text, so ensure_ascii changes nothing.
    let json = serde_json::to_vec(session).unwrap();
    // URLSafeSerializerMixin.dump_payload: compress when it saves 2 bytes.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    z.write_all(&json).unwrap();
    let compressed = z.finish().unwrap();
    let payload = if compressed.len() < json.len() - 1 {
        format!(".{}", URL_SAFE_NO_PAD.encode(&compressed))
    } else {
        URL_SAFE_NO_PAD.encode(&json)
    };
    // TimestampSigner.sign: the timestamp as big-endian bytes, no leading zeros.
    let be = now.to_be_bytes();
    let first = be.iter().position(|&b| b != 0).unwrap_or(be.len());
    let value = format!("{payload}.{}", URL_SAFE_NO_PAD.encode(&be[first..]));
    // Signer with key_derivation="hmac", digest sha1, salt "cookie-session".
    let derived = hmac_sha1(secret, b"cookie-session");
    let sig = URL_SAFE_NO_PAD.encode(hmac_sha1(&derived, value.as_bytes()));
    format!("{value}.{sig}")
}

/// Printable ASCII and the escapes both writers spell the same way (not
/// DEL: Python writes `\u007f`, `serde_json` the byte itself).
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => (0x20u8..0x7f).prop_map(char::from),
            1 => prop::sample::select(vec!['"', '\\', '\n', '\r', '\t', '\u{8}', '\u{c}', '\u{1}', '\u{1f}', '/']),
        ],
        0..24,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn leaf() -> impl Strategy<Value = J> {
    prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(J::from),
        any::<u64>().prop_map(J::from),
        text().prop_map(J::String),
        // Repetitive text, so that some sessions compress.
        (text(), 1usize..40).prop_map(|(t, n)| J::String(t.repeat(n))),
    ]
}

/// Keys that are not Flask tags (`" t"`, `" d"`, ...): a one-key dict whose
/// key is a tag would be untagged by both sides, which this test leaves to
/// the golden vectors.
fn key() -> impl Strategy<Value = String> {
    text().prop_filter("not a tag", |k| !k.starts_with(' '))
}

fn tree() -> impl Strategy<Value = J> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(J::Array),
            prop::collection::btree_map(key(), inner, 0..6)
                .prop_map(|m| J::Object(m.into_iter().collect())),
        ]
    })
}

fn session() -> impl Strategy<Value = Map<String, J>> {
    prop::collection::btree_map(key(), tree(), 0..8).prop_map(|m| m.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_codec_writes_and_reads_what_the_naive_pipeline_does(
        secret in prop::collection::vec(any::<u8>(), 1..40),
        map in session(),
        now in 0u64..=u64::from(u32::MAX) * 2,
    ) {
        let naive = naive_cookie(&secret, &map, now);
        let codec = SessionCodec::flask(secret.as_slice()).unwrap();
        let value = Value::from(J::Object(map));
        let Value::Dict(dict) = value else { unreachable!() };
        let session = Session::from_dict(dict);
        prop_assert_eq!(&codec.encode_at(&session, now).unwrap(), &naive);
        let back = codec.decode_at(&naive, now).unwrap();
        prop_assert_eq!(back.signed_at, now);
        prop_assert_eq!(back.session, session);
    }
}

/// The test can fail: a session that compresses, and one that does not, are
/// both in the space, and a wrong rule on either side would show.
#[test]
fn both_payload_forms_are_exercised() {
    let mut small = Map::new();
    small.insert("user".into(), J::from("alice"));
    let mut big = Map::new();
    big.insert("blob".into(), J::from("abc".repeat(100)));
    let (small, big) = (naive_cookie(b"k", &small, 1), naive_cookie(b"k", &big, 1));
    assert!(!small.starts_with('.') && big.starts_with('.'));
    let codec = SessionCodec::flask("k").unwrap();
    assert!(codec.decode_at(&small, 1).is_ok() && codec.decode_at(&big, 1).is_ok());
}
