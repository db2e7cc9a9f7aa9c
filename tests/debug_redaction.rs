//! Nothing that holds a key shows it in `Debug`: not the secret keys, not
//! the derived signing keys, in text, hex or as a byte list (SECURITY.md).
#![allow(clippy::unwrap_used)]

use flask_cookie::{
    Keys, Serializer, SessionCodec, SessionConfig, Signer, SignerConfig, TimestampSigner,
    UntimedSerializer,
};
use hmac::{Hmac, Mac};

const SECRET: &str = "hunter2-very-secret";
const FALLBACK: &str = "old-secret-xyz";

/// Ways a key's bytes could show in a `Debug` dump.
fn spellings(key: &[u8]) -> Vec<String> {
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let list = |sep: &str| {
        key.iter()
            .take(4)
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(sep)
    };
    vec![
        String::from_utf8_lossy(key).into_owned(),
        hex[..16].to_owned(),
        list(", "),
        list(",\n    "),
    ]
}

#[test]
fn nothing_that_holds_a_key_shows_it() {
    let keys = || Keys::new(SECRET).with_fallbacks([FALLBACK]);
    let config = SignerConfig::flask_session().with_fallback_signer(
        flask_cookie::Digest::Sha256,
        flask_cookie::KeyDerivation::Hmac,
    );
    let mut needles = Vec::new();
    for k in [SECRET, FALLBACK] {
        needles.extend(spellings(k.as_bytes()));
        // The signing key Flask derives: HMAC-SHA1(secret, salt).
        let derived = <Hmac<sha1::Sha1> as Mac>::new_from_slice(k.as_bytes())
            .unwrap()
            .chain_update(b"cookie-session")
            .finalize()
            .into_bytes();
        needles.extend(spellings(&derived));
    }
    let dumps = [
        format!("{:?}", Signer::new(keys(), &config).unwrap()),
        format!("{:#?}", Signer::new(keys(), &config).unwrap()),
        format!("{:?}", TimestampSigner::new(keys(), &config).unwrap()),
        format!("{:#?}", TimestampSigner::new(keys(), &config).unwrap()),
        format!("{:?}", Serializer::new(keys(), &config).unwrap()),
        format!("{:#?}", Serializer::new(keys(), &config).unwrap()),
        format!("{:?}", UntimedSerializer::new(keys(), &config).unwrap()),
        format!("{:#?}", UntimedSerializer::new(keys(), &config).unwrap()),
        format!(
            "{:?}",
            SessionCodec::new(keys(), SessionConfig::flask()).unwrap()
        ),
        format!(
            "{:#?}",
            SessionCodec::new(keys(), SessionConfig::flask()).unwrap()
        ),
    ];
    for dump in &dumps {
        assert!(!dump.is_empty());
        for needle in &needles {
            assert!(!dump.contains(needle.as_str()), "{needle:?} in {dump}");
        }
    }
}
