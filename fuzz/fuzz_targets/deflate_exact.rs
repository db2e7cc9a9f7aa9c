//! Oracle: compressed payloads are byte-identical to Python's
//! `zlib.compress`, and compression is used exactly when itsdangerous
//! would use it.
//!
//! The input becomes a list of strings (split on 0xff, lossy UTF-8,
//! optionally mapped onto a small JSON-ish alphabet so that matches abound,
//! and repeated up to 8 times so the JSON reaches past the 16383-byte limit
//! of our deflate port, where zlib takes over). The target signs it with
//! the public `Serializer`, takes the payload apart and checks, against
//! flate2 over the system zlib (the zlib CPython links):
//!
//! * the payload is `"." + b64(zlib.compress(json))` if
//!   `len(json) >= 10 and len(z) < len(json) - 1`, else `b64(json)`;
//! * `zlib.compress(json)` is a fresh level-6 zlib stream, byte for byte.
#![no_main]

use std::io::Read as _;
use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use flask_cookie::{Error, LimitKind, Limits, Serializer, SignerConfig};
use flask_cookie_fuzz::NOW;
use flate2::read::ZlibDecoder;
use flate2::{Compress, Compression, FlushCompress, Status};
use libfuzzer_sys::fuzz_target;

/// Bytes mapped onto this alphabet make strings full of repeats and JSON
/// escapes (`\"`, `\\`).
const ALPHABET: &[u8] = b"ab{}\":,\\ 0123456789xyz";

fn serializer() -> &'static Serializer {
    static S: OnceLock<Serializer> = OnceLock::new();
    S.get_or_init(|| Serializer::new("deflate_exact fuzz key", &SignerConfig::default()).unwrap())
}

/// `zlib.compress(data)`: a fresh level-6 stream from the system zlib.
fn zlib(data: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::new(6), true);
    let mut out = Vec::with_capacity(data.len() + data.len() / 1000 + 64);
    loop {
        let rest = &data[usize::try_from(c.total_in()).unwrap()..];
        match c
            .compress_vec(rest, &mut out, FlushCompress::Finish)
            .unwrap()
        {
            Status::StreamEnd => return out,
            _ => out.reserve(out.capacity().max(64)),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let repeat = 1 + usize::from(mode & 7);
    let pieces: Vec<String> = rest
        .split(|&b| b == 0xff)
        .map(|piece| {
            if mode & 8 != 0 {
                piece
                    .iter()
                    .map(|&b| char::from(ALPHABET[usize::from(b) % ALPHABET.len()]))
                    .collect()
            } else {
                String::from_utf8_lossy(piece).into_owned()
            }
        })
        .collect();
    let list: Vec<&str> = (0..repeat)
        .flat_map(|_| pieces.iter().map(String::as_str))
        .collect();

    // itsdangerous' compact JSON (`ensure_ascii=False`) of strings is
    // serde_json's.
    let (signed, expected_json) = if mode & 16 != 0 {
        // One string: long runs of the same text.
        let s = list.concat();
        (
            serializer().dumps_at(&s, NOW),
            serde_json::to_vec(&s).unwrap(),
        )
    } else {
        (
            serializer().dumps_at(&list, NOW),
            serde_json::to_vec(&list).unwrap(),
        )
    };
    // The writer refuses what its reader would: JSON past the inflate cap
    // (8 KiB of input repeated 8 times, invalid UTF-8 turned into three-byte
    // U+FFFD, reaches it), or a token past the token limit (about 7 KiB of
    // JSON that zlib cannot shrink).
    let limits = Limits::new();
    let token = match signed {
        Ok(token) => token,
        Err(Error::TooLarge {
            kind: LimitKind::Value,
            limit,
        }) => {
            assert_eq!(limit, limits.max_inflated_len());
            assert!(
                expected_json.len() > limit,
                "refused {} bytes",
                expected_json.len()
            );
            return;
        }
        Err(Error::TooLarge {
            kind: LimitKind::Token,
            limit,
        }) => {
            assert_eq!(limit, limits.max_token_len());
            return;
        }
        Err(e) => panic!("dumps_at failed: {e}"),
    };
    assert!(token.len() <= limits.max_token_len());
    assert!(expected_json.len() <= limits.max_inflated_len());

    // payload.timestamp.signature, the payload starting with "." when
    // compressed.
    let (compressed, body) = match token.strip_prefix('.') {
        Some(body) => (true, body),
        None => (false, token.as_str()),
    };
    let b64 = body.split('.').next().unwrap();
    let raw = URL_SAFE_NO_PAD.decode(b64).unwrap();
    let json = if compressed {
        let mut json = Vec::new();
        ZlibDecoder::new(&raw[..])
            .read_to_end(&mut json)
            .expect("the compressed payload is not a valid zlib stream");
        json
    } else {
        raw.clone()
    };

    assert!(json == expected_json, "the payload is not the compact JSON");
    let z = zlib(&json);
    let should = json.len() >= 10 && z.len() < json.len() - 1;
    assert_eq!(
        compressed,
        should,
        "compression decision differs from itsdangerous: json {} bytes, zlib {} bytes",
        json.len(),
        z.len()
    );
    if compressed {
        assert!(
            raw == z,
            "compressed payload differs from zlib.compress: json {} bytes, ours {} bytes, zlib {} bytes",
            json.len(),
            raw.len(),
            z.len()
        );
    }
});
