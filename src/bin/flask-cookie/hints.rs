//! Hints for the likely mistakes behind a refusal: a signature made with
//! another digest, a timestamp counted from the other epoch, a session
//! written as a Python literal.

use flask_cookie::{Cracker, Digest, SignerConfig, SigningAlgorithm, LEGACY_EPOCH};

use crate::io::{json_chars, rfc3339};

/// When `cookie`'s signature has the length of another digest's output than
/// `tried`: which `--digest` to pass. The length decides, as in
/// [`Cracker::with_algorithms`]: each digest's output has its own.
pub(crate) fn digest(cookie: &str, config: &SignerConfig, tried: Digest) -> Option<String> {
    let cracker = Cracker::with_algorithms(cookie, config, SigningAlgorithm::all()).ok()?;
    let fits = cracker.algorithms().first()?.digest;
    (fits != tried).then(|| {
        format!(
            "the signature is {} bytes, the length of {} (not {}): pass --digest {}",
            fits.output_len(),
            fits.name(),
            tried.name(),
            fits.name()
        )
    })
}

/// When a signing time (in Unix seconds, as read with or without `--legacy`)
/// looks read from the wrong epoch: itsdangerous before 1.0 (Flask before
/// 1.0) counted from 2011-01-01, so its cookies read as before 2011 without
/// `--legacy`, and later ones as after 2052 with it.
pub(crate) fn legacy(signed_at: Option<u64>, legacy: bool) -> Option<String> {
    let t = signed_at?;
    if legacy {
        let modern = t.checked_sub(LEGACY_EPOCH)?;
        (modern >= LEGACY_EPOCH).then(|| {
            format!(
                "without --legacy it was signed at {}: drop --legacy",
                rfc3339(modern)
            )
        })
    } else {
        (t > 0 && t < LEGACY_EPOCH).then(|| {
            format!(
                "a time before 2011 looks like itsdangerous before 1.0, which counted from 2011: with --legacy it was signed at {}",
                rfc3339(t + LEGACY_EPOCH)
            )
        })
    }
}

/// Whether `sign`'s input, which is not JSON, looks like the Python literal
/// flask-unsign's `--sign` takes (`{'user': 'admin', 'ok': True}`), so that
/// the Python reader's error is the one to show: a single quote, a round
/// bracket, a Python constant or a number as a dict's first key, outside
/// the JSON strings.
pub(crate) fn python_literal(text: &str) -> bool {
    let outside: String = json_chars(text)
        .filter(|&(_, in_string)| !in_string)
        .map(|(c, _)| c)
        .collect();
    let words = outside
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .any(|w| matches!(w, "True" | "False" | "None"));
    // A JSON object's first key is a string: `{1: 2}` is Python's (a number
    // key). JSON has no round brackets: `(1, 2)` is a tuple.
    let mut chars = json_chars(text).filter(|&(c, inside)| inside || !c.is_whitespace());
    let mut key = false;
    while let Some((c, inside)) = chars.next() {
        if c == '{' && !inside {
            key |= chars
                .next()
                .is_some_and(|(c, inside)| !inside && (c.is_ascii_digit() || "-+.(".contains(c)));
        }
    }
    outside.contains(['\'', '(']) || words || key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints() {
        let c = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.S9_jFM8l8nhAzTr6WPmphia8rIadXHStdpxy5_buvWU";
        let config = SignerConfig::flask_session();
        let h = digest(c, &config, Digest::Sha1).unwrap();
        assert!(h.ends_with("pass --digest sha256"), "{h}");
        assert_eq!(digest(c, &config, Digest::Sha256), None);
        assert_eq!(digest("no-signature", &config, Digest::Sha1), None);
        assert_eq!(digest("a.b.AAAA", &config, Digest::Sha1), None); // 3 bytes: no digest's
        let old = 1_700_000_000 - LEGACY_EPOCH;
        assert!(legacy(Some(old), false)
            .unwrap()
            .contains("2023-11-14T22:13:20Z"));
        assert_eq!(legacy(Some(1_700_000_000), false), None);
        assert_eq!(legacy(Some(0), false), None);
        assert_eq!(legacy(None, false), None);
        assert!(legacy(Some(1_700_000_000 + LEGACY_EPOCH), true)
            .unwrap()
            .contains("drop --legacy"));
        assert_eq!(legacy(Some(1_700_000_000), true), None);
    }

    #[test]
    fn python_literals_are_told_from_json_mistakes() {
        for text in [
            "{'user':'admin'}",
            "{\"ok\": True}",
            "{\"a\": None}",
            "{'x': \"it's\"}",
            // A number as a dict's first key, and round brackets.
            "{1: [[[",
            "{ -1.5 : 2}",
            "{\"a\": {(1, 2): 3}",
            "{\"a\": (1,)}",
        ] {
            assert!(python_literal(text), "{text}");
        }
        for text in [
            "{\"user\":\"o'brien\",}",
            "{\"a\": \"True\"",
            "{\"Nonesuch\": 1,}",
            "{",
            "{bad",
            "{\"a\": 1",
            "{\"(1)\": \"{2: 3}\"",
            "[1, 2",
        ] {
            assert!(!python_literal(text), "{text}");
        }
    }
}
