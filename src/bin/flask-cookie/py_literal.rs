//! Wordlist lines as flask-unsign reads them. Its `parse` (helpers.py)
//! decodes each line as UTF-8, strips it (`str.strip`, or `bytes.strip` when
//! it is not UTF-8) and runs `ast.literal_eval`, so a line
//! `b'_5#y2L"F4Q8z\n\xec]/'` (the Flask quickstart's key, not UTF-8, as
//! Python prints it) is tried as those bytes, and `'secret'` as `secret`.
//! `crack` tries every line as it is and then, when it differs, as
//! flask-unsign would: a wordlist made for flask-unsign loses nothing.

use crate::surrogates::{is_stand_in, STAND_INS_START};

/// How a line gave its other candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Python's `strip()` of the line.
    Stripped,
    /// The value of the line as a Python `str` (UTF-8 encoded, as
    /// itsdangerous' `want_bytes` does) or `bytes` literal.
    Literal,
}

/// What [`literal`] made of a text.
pub(crate) enum Parsed {
    /// Not a string literal: `literal_eval` fails (flask-unsign then uses the
    /// stripped line) or gives something else.
    No,
    /// A string literal whose value is now in the buffer.
    Value,
    /// A literal this reader does not evaluate (`\N{...}`, implicit
    /// concatenation, a comment, parentheses, a raw CR), or a `str` holding
    /// a lone surrogate, which no key can be: no second candidate.
    Unknown,
}

/// Lone surrogates read as their stand-ins ([`crate::surrogates`]), where
/// [`token`] is given one: whether one was, and whether the text also holds
/// a character a stand-in could be.
#[derive(Default)]
pub(crate) struct Lone {
    pub(crate) used: bool,
    pub(crate) clash: bool,
}

/// Python's `str.isspace()`, what `str.strip()` removes. (The library's
/// `http_date::py_isspace` holds the same table, crate-private.)
fn is_py_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\x1c'..='\x1f'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// `bytes.strip()`'s whitespace.
fn is_ascii_py_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Whether flask-unsign could read `line` (at least one byte) otherwise
/// than as it is: whitespace at either end (any non-ASCII byte could be
/// part of Unicode whitespace), or the start of a string literal. Lets
/// ordinary lines through at the cost of a few compares.
fn maybe_special(line: &[u8]) -> bool {
    let space = |b: &u8| *b >= 0x80 || *b <= b' ';
    let quote = |b: &u8| *b == b'\'' || *b == b'"';
    match line {
        [first, .., last] if space(first) || space(last) => true,
        [b'\'' | b'"' | b'(', ..] => true,
        [b'b' | b'B' | b'r' | b'R' | b'u' | b'U', rest @ ..] => rest.iter().take(2).any(quote),
        [only] => space(only),
        _ => false,
    }
}

/// The key flask-unsign would try for `line` (no line break), when it is
/// not `line` itself, with how it was read. `buf` holds a literal's value.
pub(crate) fn flask_unsign_key<'a>(
    line: &'a [u8],
    buf: &'a mut Vec<u8>,
) -> Option<(&'a [u8], Reading)> {
    if !maybe_special(line) {
        return None;
    }
    let key: (&[u8], Reading) = match core::str::from_utf8(line) {
        Ok(text) => {
            let stripped = text.trim_matches(is_py_space);
            match literal(stripped, buf) {
                Parsed::Value => (buf.as_slice(), Reading::Literal),
                Parsed::Unknown => return None,
                Parsed::No => (stripped.as_bytes(), Reading::Stripped),
            }
        }
        Err(_) => {
            let start = line.iter().position(|&b| !is_ascii_py_space(b))?;
            let end = line.iter().rposition(|&b| !is_ascii_py_space(b))?;
            (line.get(start..=end)?, Reading::Stripped)
        }
    };
    (key.0 != line && !key.0.is_empty()).then_some(key)
}

/// Evaluates `text` as `ast.literal_eval` does when it is a Python string:
/// one or more string literals (joined, all `bytes` or none), optionally in
/// parentheses, optionally followed by a comment.
fn literal(text: &str, out: &mut Vec<u8>) -> Parsed {
    if text.contains('\0') {
        return Parsed::No; // "source code string cannot contain null bytes"
    }
    if text.contains('\r') {
        // Python reads a CR as a line break: a backslash before it joins
        // lines, in a comment it ends the comment, in a triple-quoted
        // literal it is a `\n`. Left alone.
        return Parsed::Unknown;
    }
    /// Whitespace between tokens.
    fn skip(t: &str) -> &str {
        t.trim_start_matches([' ', '\t', '\x0c'])
    }
    let paren = text.starts_with('(');
    let mut t = skip(text.get(usize::from(paren)..).unwrap_or_default());
    out.clear();
    let mut kind = None;
    loop {
        let (bytes, rest) = match token(t, out, None) {
            Ok(r) => r,
            Err(p) => return p,
        };
        if *kind.get_or_insert(bytes) != bytes {
            return Parsed::No; // "cannot mix bytes and nonbytes literals"
        }
        t = skip(rest);
        // A comment runs to the end of the line (past a `)`), which a CR
        // in it ends early, Python reading a line break.
        let end = |t: &str| match t.strip_prefix('#') {
            Some(comment) if comment.contains('\r') => Some(Parsed::Unknown),
            Some(_) => Some(Parsed::Value),
            None => t.is_empty().then_some(Parsed::Value),
        };
        if paren {
            if let Some(after) = t.strip_prefix(')') {
                return end(skip(after)).unwrap_or(Parsed::No);
            }
        }
        if let Some(p) = end(t) {
            return match p {
                // Inside parentheses a line break is no end.
                Parsed::Unknown => Parsed::Unknown,
                _ if paren => Parsed::No,
                p => p,
            };
        }
    }
}

/// One string literal at the start of `text`: an optional prefix (`b`, `r`,
/// `u`, `br`, `rb`, any case), then `'`, `"`, `'\''` or `"""`, the body, the
/// same quote. Appends its value to `out`; gives whether it is `bytes` and
/// what follows it.
pub(crate) fn token<'t>(
    text: &'t str,
    out: &mut Vec<u8>,
    lone: Option<&mut Lone>,
) -> Result<(bool, &'t str), Parsed> {
    let prefix_len = text
        .bytes()
        .take(3)
        .position(|b| b == b'\'' || b == b'"')
        .ok_or(Parsed::No)?;
    let prefix = text.get(..prefix_len).ok_or(Parsed::No)?;
    let (bytes, raw) = string_prefix(prefix).ok_or(Parsed::No)?;
    let rest = text.get(prefix_len..).unwrap_or_default();
    let quote = if rest.starts_with("\'\'\'") {
        "\'\'\'"
    } else if rest.starts_with("\"\"\"") {
        "\"\"\""
    } else {
        rest.get(..1).unwrap_or_default()
    };
    let body_and_end = rest.get(quote.len()..).unwrap_or_default();
    // The body ends at the first quote not escaped by a backslash (in raw
    // literals too, where the backslash stays).
    let mut end = None;
    let mut chars = body_and_end.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                // A backslash and a line break continue the line (`sign`'s
                // text, its line breaks made LF as Python makes them; no
                // wordlist line holds an LF, and its CR is left alone); a
                // NUL fails.
                Some((_, '\r')) => return Err(Parsed::Unknown),
                Some((_, '\0')) => return Err(Parsed::No),
                _ => {}
            },
            '\0' => return Err(Parsed::No),
            // Python translates a CR to a line break: unterminated in a
            // one-line literal, a `\n` in a triple-quoted one.
            '\r' if quote.len() == 3 => return Err(Parsed::Unknown),
            '\n' if quote.len() == 3 => {}
            '\r' | '\n' => return Err(Parsed::No),
            _ if body_and_end.get(i..).is_some_and(|r| r.starts_with(quote)) => {
                end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let end = end.ok_or(Parsed::No)?; // unterminated
    let body = body_and_end.get(..end).unwrap_or_default();
    let after = body_and_end.get(end + quote.len()..).unwrap_or_default();
    if bytes && !body.is_ascii() {
        return Err(Parsed::No); // "bytes can only contain ASCII literal characters"
    }
    if raw {
        out.extend_from_slice(body.as_bytes());
        if let Some(lone) = lone {
            lone.clash |= body.chars().any(|c| is_stand_in(c, STAND_INS_START));
        }
    } else {
        match unescape(body, bytes, out, lone) {
            Parsed::Value => {}
            other => return Err(other),
        }
    }
    Ok((bytes, after))
}

/// A string literal's prefix, any case, as (`bytes`, raw); `None` when it
/// is none Python has (no allocation: crack reads every line through it).
pub(crate) fn string_prefix(prefix: &str) -> Option<(bool, bool)> {
    let is = |p: &str| prefix.eq_ignore_ascii_case(p);
    if prefix.is_empty() || is("u") {
        Some((false, false))
    } else if is("r") {
        Some((false, true))
    } else if is("b") {
        Some((true, false))
    } else if is("br") || is("rb") {
        Some((true, true))
    } else {
        None
    }
}

/// The value of a non-raw literal's body: Python's escapes; `\x`, octal and
/// (in a `str`) `\u`/`\U` give a code point, UTF-8 encoded in a `str` and a
/// byte (octal modulo 256) in `bytes`; an unknown escape stays as written.
fn unescape(body: &str, bytes: bool, out: &mut Vec<u8>, mut lone: Option<&mut Lone>) -> Parsed {
    let mut chars = body.chars().peekable();
    let mut utf8 = [0u8; 4];
    while let Some(c) = chars.next() {
        if c != '\\' {
            if let Some(lone) = &mut lone {
                lone.clash |= is_stand_in(c, STAND_INS_START);
            }
            out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            continue;
        }
        let Some(e) = chars.next() else {
            return Parsed::No;
        };
        if e == '\n' {
            continue; // a line join: neither character is kept
        }
        let simple = match e {
            '\\' | '\'' | '"' => Some(e as u8),
            'a' => Some(0x07),
            'b' => Some(0x08),
            'f' => Some(0x0c),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(0x0b),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            continue;
        }
        let code = match e {
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                if bytes {
                    out.push((v & 0xff) as u8);
                    continue;
                }
                v
            }
            'x' => match hex_digits(&mut chars, 2) {
                Some(v) if bytes => {
                    out.push(v as u8);
                    continue;
                }
                Some(v) => v,
                None => return Parsed::No,
            },
            'u' | 'U' if !bytes => match hex_digits(&mut chars, if e == 'u' { 4 } else { 8 }) {
                Some(v) => v,
                None => return Parsed::No,
            },
            'N' if !bytes => return Parsed::Unknown,
            _ => {
                out.push(b'\\');
                out.extend_from_slice(e.encode_utf8(&mut utf8).as_bytes());
                continue;
            }
        };
        let stand_in = match (&mut lone, char::from_u32(code)) {
            (Some(lone), None) if (0xd800..0xe000).contains(&code) => {
                lone.used = true;
                char::from_u32(code - 0xd800 + STAND_INS_START)
            }
            _ => None,
        };
        match stand_in.or_else(|| char::from_u32(code)) {
            Some(c) => {
                if let Some(lone) = &mut lone {
                    lone.clash |= stand_in.is_none() && is_stand_in(c, STAND_INS_START);
                }
                out.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
            // A lone surrogate: Python holds it, but no key can.
            None if (0xd800..0xe000).contains(&code) => return Parsed::Unknown,
            None => return Parsed::No, // "illegal Unicode character"
        }
    }
    Parsed::Value
}

/// Exactly `n` hex digits, as a number.
fn hex_digits(chars: &mut core::iter::Peekable<core::str::Chars<'_>>, n: usize) -> Option<u32> {
    let mut v = 0u32;
    for _ in 0..n {
        v = v * 16 + chars.next()?.to_digit(16)?;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;
    use std::process::{Command, Stdio};

    use super::{flask_unsign_key, literal, Parsed, Reading};

    /// flask-unsign 1.2.1's `parse` (flask_unsign/helpers.py), then
    /// itsdangerous' `want_bytes`, for each hex line on stdin: the key's hex,
    /// `other` (not a str or bytes) or `unencodable` (a lone surrogate).
    const FLASK_UNSIGN_PARSE: &str = r#"
import sys, warnings
from ast import literal_eval
from contextlib import suppress
def parse(line):
    with suppress(SyntaxError, ValueError):
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            if isinstance(line, bytes):
                line = line.decode()
            return literal_eval((line.strip() or '').strip())
    return line.strip()
for h in sys.stdin:
    v = parse(bytes.fromhex(h.strip()))
    if isinstance(v, str):
        try:
            v = v.encode('utf-8')
        except UnicodeEncodeError:
            print('unencodable'); continue
    print(v.hex() if isinstance(v, bytes) else 'other')
"#;

    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// A line built from pieces of Python string literals, good and bad.
    fn line(rng: &mut Rng) -> Vec<u8> {
        const SPACE: &[&str] = &[
            "", "", " ", "\t", "\x0b", "\x1c", "\u{a0}", "\u{3000}", "\u{85}",
        ];
        const PREFIX: &[&str] = &[
            "", "", "b", "B", "r", "rb", "Br", "bR", "u", "U", "f", "ur", "x",
        ];
        const QUOTE: &[&str] = &["'", "\"", "'''", "\"\"\""];
        const PIECE: &[&str] = &[
            "a",
            "Z",
            "9",
            " ",
            "é",
            "秘",
            "😀",
            "#",
            "'",
            "\"",
            "\\\\",
            "\\'",
            "\\\"",
            "\\n",
            "\\t",
            "\\a",
            "\\v",
            "\\0",
            "\\7",
            "\\101",
            "\\777",
            "\\400",
            "\\1011",
            "\\8",
            "\\x41",
            "\\xFf",
            "\\x4",
            "\\xg1",
            "\\u00e9",
            "\\u12",
            "\\ud800",
            "\\U0001F600",
            "\\U00110000",
            "\\N{BULLET}",
            "\\q",
            "\\",
            "\x0c",
            "\x1b",
            "\x7f",
            "\r",
            "\0",
            "\\\r",
            "''",
            "\"\"",
        ];
        const AFTER: &[&str] = &["", "", "", "", " # note", "'x'", "x", ")", "\\"];
        let mut s = String::new();
        let pick = |rng: &mut Rng, xs: &[&'static str]| xs[rng.below(xs.len())];
        s.push_str(pick(rng, SPACE));
        let paren = rng.below(20) == 0;
        if paren {
            s.push('(');
        }
        s.push_str(pick(rng, PREFIX));
        let quote = pick(rng, QUOTE);
        if rng.below(10) != 0 {
            s.push_str(quote);
        }
        for _ in 0..rng.below(6) {
            s.push_str(pick(rng, PIECE));
        }
        if rng.below(10) != 0 {
            s.push_str(quote);
        }
        s.push_str(pick(rng, AFTER));
        if paren {
            s.push(')');
        }
        s.push_str(pick(rng, SPACE));
        let mut bytes = s.into_bytes();
        if rng.below(15) == 0 {
            let at = rng.below(bytes.len() + 1);
            bytes.insert(at, 0xff); // not UTF-8
        }
        bytes.retain(|&b| b != b'\n');
        bytes
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    /// Every line is read as flask-unsign reads it (checked against the
    /// installed Python), except the literals this reader leaves alone.
    #[test]
    fn lines_read_as_flask_unsign_reads_them() {
        // FLASK_COOKIE_LIVE_SCALE and FLASK_COOKIE_LIVE_SEED, as for the
        // other differential tests (tests/common/oracle.rs).
        let var = |name| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
        let cases = 20_000 * var("FLASK_COOKIE_LIVE_SCALE").unwrap_or(1) as usize;
        let seed = var("FLASK_COOKIE_LIVE_SEED").unwrap_or(0x9e37_79b9_7f4a_7c15);
        let mut rng = Rng(seed.max(1));
        // FLASK_COOKIE_WORDLIST=FILE checks a wordlist's lines instead (such
        // as flask-unsign-wordlist's all.txt, every line of it a literal).
        let file = std::env::var_os("FLASK_COOKIE_WORDLIST").map(std::fs::read);
        let lines: Vec<Vec<u8>> = match &file {
            Some(data) => data
                .as_ref()
                .unwrap()
                .split(|&b| b == b'\n')
                .map(|l| l.strip_suffix(b"\r").unwrap_or(l).to_vec())
                .filter(|l| !l.is_empty())
                .collect(),
            None => (0..cases).map(|_| line(&mut rng)).collect(),
        };
        let cases = lines.len();
        let input: String = lines.iter().map(|l| hex(l) + "\n").collect();
        let child = Command::new("python3")
            .args(["-c", FLASK_UNSIGN_PARSE])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            assert!(
                std::env::var_os("FLASK_COOKIE_REQUIRE_ORACLE").is_none(),
                "python3 is required"
            );
            return;
        };
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        assert!(out.status.success());
        let answers: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
        assert_eq!(answers.len(), cases);

        let (mut literals, mut stripped, mut unknown) = (0, 0, 0);
        let mut buf = Vec::new();
        for (line, answer) in lines.iter().zip(answers) {
            let ours = flask_unsign_key(line, &mut buf).map(|(k, r)| (k.to_vec(), r));
            let ctx = format!(
                "seed {seed:#x}: {:?} ({})",
                String::from_utf8_lossy(line),
                hex(line)
            );
            let left_alone = core::str::from_utf8(line).is_ok_and(|t| {
                let t = t.trim_matches(super::is_py_space);
                matches!(literal(t, &mut Vec::new()), Parsed::Unknown)
            });
            match answer {
                "other" => assert!(
                    matches!(ours, None | Some((_, Reading::Stripped))),
                    "{ctx}: {ours:?}"
                ),
                "unencodable" => assert!(ours.is_none() && left_alone, "{ctx}: {ours:?}"),
                key if left_alone => {
                    unknown += 1;
                    assert!(ours.is_none(), "{ctx}: {ours:?} for {key}");
                }
                key => {
                    let want = (key != hex(line) && !key.is_empty()).then_some(key);
                    let got = ours.as_ref().map(|(k, _)| hex(k));
                    assert_eq!(got.as_deref(), want, "{ctx}");
                    match ours {
                        Some((_, Reading::Literal)) => literals += 1,
                        Some((_, Reading::Stripped)) => stripped += 1,
                        None => {}
                    }
                }
            }
        }
        eprintln!(
            "{cases} lines (seed {seed:#x}): {literals} read as literals, {stripped} stripped, \
             {unknown} literals left alone, all as flask-unsign reads them"
        );
        if file.is_none() {
            assert!(literals > cases / 10 && stripped > cases / 20);
            assert!(unknown < cases / 5);
        }
    }
}
