//! Input and output: capped line reading, secrets from arguments, JSON
//! strings, Python bytes literals, dates.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::io::{self, BufRead, Write};

use flask_cookie::{Error, LimitKind, Limits};

/// Limits for the command line: cookies up to 4 MiB (the issue asks for 1 MB),
/// with payloads (inflated or not) of at most 4 MiB, which holds the 3 MiB
/// payload of the longest uncompressed cookie. A decoded value can take
/// about 64 times its JSON in memory (`{" t": "aaa..."}` is a tuple of
/// one-character strings, as in Flask), so this bounds a decode at about
/// 256 MiB: at 64 MiB a 90 KB cookie took 4.5 GB.
pub(crate) const CLI_LIMITS: Limits = Limits::new()
    .with_max_token_len(4 << 20)
    .with_max_inflated_len(4 << 20);

/// Largest session JSON `sign` reads from stdin.
pub(crate) const MAX_JSON_INPUT: usize = 64 << 20;

/// One line of input, read with a cap.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// The line, without its `\n` or `\r\n`.
    Text(Vec<u8>),
    /// The line was longer than the cap; the rest of it was skipped.
    TooLong,
}

/// Reads the next line, holding at most `cap` bytes of it; `None` at the end
/// of input. Never holds more than `cap` bytes, however long the line.
pub(crate) fn read_line_capped(reader: &mut impl BufRead, cap: usize) -> io::Result<Option<Line>> {
    let mut line = Vec::new();
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (available.get(..i).unwrap_or_default(), Some(i + 1)),
            None => (available, None),
        };
        if !too_long {
            if line.len() + chunk.len() > cap {
                too_long = true;
                line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = done.unwrap_or(available.len());
        reader.consume(used);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if too_long {
        return Ok(Some(Line::TooLong));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(Line::Text(line)))
}

/// The error for a line over the cookie limit.
pub(crate) fn too_large() -> Error {
    Error::TooLarge {
        kind: LimitKind::Token,
        limit: CLI_LIMITS.max_token_len(),
    }
}

/// Reads the first line of stdin as a cookie.
pub(crate) fn read_one_cookie_from_stdin() -> Result<String, String> {
    let stdin = io::stdin();
    let mut lock = stdin.lock();
    loop {
        match read_line_capped(&mut lock, CLI_LIMITS.max_token_len()) {
            Ok(Some(Line::Text(t))) => {
                let t =
                    String::from_utf8(t).map_err(|_| "the cookie is not utf-8 text".to_owned())?;
                let t = t.trim();
                if !t.is_empty() {
                    return Ok(t.to_owned());
                }
            }
            Ok(Some(Line::TooLong)) => return Err(too_large().to_string()),
            Ok(None) => return Err("no cookie on stdin".to_owned()),
            Err(e) => return Err(format!("cannot read stdin: {}", lower(&e))),
        }
    }
}

/// A command-line argument as bytes (on Unix exactly; elsewhere as UTF-8).
pub(crate) fn arg_bytes(s: &OsStr) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        s.as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        s.to_string_lossy().into_owned().into_bytes()
    }
}

/// An error's message with a lowercase first letter.
pub(crate) fn lower(e: &impl std::fmt::Display) -> String {
    let s = e.to_string();
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => s,
    }
}

/// Writes one line to stderr. Unlike `eprintln!`, never panics (a closed
/// pipe on stderr loses the message).
pub(crate) fn note(message: &str) {
    let mut err = io::stderr().lock();
    let _ = err
        .write_all(message.as_bytes())
        .and_then(|()| err.write_all(b"\n"));
}

/// A JSON string literal.
pub(crate) fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// The error line of the batch modes without `--json`: `error: ` and the
/// reason. No session line starts so (a session's JSON starts with `{`), so
/// a session such as `{"error": "..."}` cannot pass for one.
pub(crate) fn error_line(message: &str) -> String {
    format!("error: {message}")
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Python's `repr(bytes)`: `b'...'`, or `b"..."` when the bytes hold a `'`
/// and no `"`.
pub(crate) fn python_bytes_literal(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut s = String::with_capacity(bytes.len() + 3);
    s.push('b');
    s.push(char::from(quote));
    for &b in bytes {
        match b {
            b'\\' => s.push_str("\\\\"),
            b'\t' => s.push_str("\\t"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            _ if b == quote => {
                s.push('\\');
                s.push(char::from(b));
            }
            0x20..=0x7e => s.push(char::from(b)),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s.push(char::from(quote));
    s
}

/// The key as text when that is unambiguous and safe on a terminal: UTF-8
/// without control characters, not itself starting like a bytes literal
/// (`b'` or `b"`). Otherwise a Python bytes literal, so the key whose line
/// is the seven characters `b'\xff'` and the key that is the byte 0xff
/// print differently, and no escape sequence reaches the terminal raw.
pub(crate) fn display_secret(bytes: &[u8]) -> String {
    match core::str::from_utf8(bytes) {
        Ok(s) if !s.chars().any(hidden) && !reads_as_bytes_literal(s) => s.to_owned(),
        _ => python_bytes_literal(bytes),
    }
}

/// A control character, or a format character that changes how the text
/// around it shows (bidirectional overrides, zero-width characters).
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// Starts like a Python bytes literal: `b'`, `B"`, `rb'`, `Br"`, ...
fn reads_as_bytes_literal(s: &str) -> bool {
    let prefix: String = s
        .chars()
        .take_while(|c| matches!(c, 'b' | 'B' | 'r' | 'R'))
        .take(3)
        .collect();
    let rest = s.get(prefix.len()..).unwrap_or_default();
    prefix.to_ascii_lowercase().contains('b')
        && prefix.len() <= 2
        && (rest.starts_with('\'') || rest.starts_with('"'))
}

/// A cookie value found in what was pasted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Pasted<'a> {
    pub(crate) value: Cow<'a, str>,
    /// Set when what was pasted had no cookie of the name asked for, and
    /// this value is its only one that looks signed: that cookie's name.
    pub(crate) chosen: Option<String>,
}

/// The cookie value in what was pasted: the value alone, or with a UTF-8
/// byte-order mark, whitespace or quotes around it, `name=` before it, or
/// a whole `Cookie:` or `Set-Cookie:` header around it. From a `Cookie`
/// header with several cookies, the one called `name` (Werkzeug's parsing,
/// the first wins; it unquotes values too); when there is none, the only
/// one whose value looks like a signed token, else an error that lists the
/// names (never the values) and suggests `--name`: a header of several
/// cookies is never handed on as it stands. A signed cookie is base64url
/// and `.` only, so none of this changes one. A token Python reads
/// leniently (`=` padding, junk) is left alone when it reads as a cookie as
/// it stands: `eyJ1c2VyIjoiYm9iIn0=eyJ...` is Flask's `bob`, not a cookie
/// named `eyJ1c2VyIjoiYm9iIn0`.
pub(crate) fn cookie_value<'a>(input: &'a str, name: &str) -> Result<Pasted<'a>, String> {
    let s = unquote(input.trim().trim_start_matches('\u{feff}').trim());
    let prefix = |p: &str| {
        s.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .and_then(|_| s.get(p.len()..))
    };
    let (s, header) = match (prefix("set-cookie:"), prefix("cookie:")) {
        // The first pair of a `Set-Cookie` header is the cookie.
        (Some(rest), _) => (rest.split(';').next().unwrap_or_default().trim(), true),
        (None, Some(rest)) => (rest.trim(), true),
        (None, None) => (s, false),
    };
    let found = |value| {
        Ok(Pasted {
            value,
            chosen: None,
        })
    };
    if header || s.contains(';') {
        if let Some(value) = flask_cookie::find_cookie(s, name) {
            return found(value);
        }
        let pairs = cookie_pairs(s);
        if pairs.len() > 1 {
            return only_signed_cookie(&pairs, name);
        }
        // A bare value copied with the `;` after it (`eyJ...;`).
        if let [(None, value)] = pairs.as_slice() {
            return found(value.clone());
        }
    }
    // One `name=value` pair (a custom SESSION_COOKIE_NAME, or `session=`),
    // unless the text reads as a cookie as it stands. The decode that tells
    // runs only here, on text with a `=` that would otherwise be cut: a plain
    // cookie is not decoded twice.
    if let Some((pair_name, value)) = s.split_once('=') {
        let value = unquote(value.trim());
        // `session=`: no cookie at all, as Flask reads it.
        if value.is_empty() && !pair_name.contains('.') && !pair_name.trim().is_empty() {
            return found(Cow::Borrowed(value));
        }
        let dots = value.matches('.').count();
        let whole_token =
            !value.contains(['=', ';']) && dots >= if value.starts_with('.') { 3 } else { 2 };
        let pair_name = pair_name.trim();
        if (header || !pair_name.contains('.'))
            && !pair_name.is_empty()
            && whole_token
            && (header || flask_cookie::dangerous_decode_unverified_value(s, &CLI_LIMITS).is_err())
        {
            // Under another name than asked for, say so, as for a header
            // of several cookies.
            return Ok(Pasted {
                value: Cow::Borrowed(value),
                chosen: (pair_name != name).then(|| shown(pair_name)),
            });
        }
        // A `Cookie` header of one cookie that is not the session: say so,
        // as for several, rather than check `theme=dark` as a cookie.
        if header {
            return only_signed_cookie(&cookie_pairs(s), name);
        }
    }
    found(Cow::Borrowed(s))
}

/// The pairs of a `Cookie` header: each name (`None` for a part without
/// `=`, which Werkzeug reads as a name) with its value as Werkzeug reads it
/// (the first of that name).
fn cookie_pairs(header: &str) -> Vec<(Option<&str>, Cow<'_, str>)> {
    header
        .split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((name, _)) => {
                let name = name.trim();
                let value = flask_cookie::find_cookie(header, name).unwrap_or_default();
                (Some(name), value)
            }
            None => (None, Cow::Borrowed(part)),
        })
        .collect()
}

/// The only pair whose value looks signed, or the error that names them all.
fn only_signed_cookie<'a>(
    pairs: &[(Option<&str>, Cow<'a, str>)],
    name: &str,
) -> Result<Pasted<'a>, String> {
    let signed: Vec<_> = pairs.iter().filter(|(_, v)| looks_signed(v)).collect();
    if let [(pair_name, value)] = signed.as_slice() {
        return Ok(Pasted {
            value: value.clone(),
            chosen: Some(pair_name.map_or_else(|| "a value without a name".to_owned(), shown)),
        });
    }
    // Names only: a value may be a secret (another app's session).
    let mut names: Vec<String> = Vec::new();
    for (n, v) in pairs {
        let n = match n {
            Some(n) => shown(n),
            None if looks_signed(v) => "a value without a name".to_owned(),
            None => shown(v),
        };
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let what = if signed.is_empty() {
        "none looks like a signed cookie"
    } else {
        "several look like signed cookies"
    };
    let count = match pairs.len() {
        1 => "the one cookie".to_owned(),
        n => format!("the {n} cookies"),
    };
    Err(format!(
        "no cookie named {} among {count} pasted ({}), and {what}: pass --name NAME",
        shown(name),
        names.join(", ")
    ))
}

/// A cookie name as shown in messages: quoted, control and format
/// characters escaped.
fn shown(name: &str) -> String {
    format!("'{}'", name.escape_debug())
}

/// `payload.timestamp.signature` (or `.payload...` when compressed), each
/// part base64url, the timestamp at most 8 bytes: a signed cookie, and not
/// a JWT (whose middle part is long).
fn looks_signed(value: &str) -> bool {
    let b64 = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let mut parts = value.strip_prefix('.').unwrap_or(value).split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(payload), Some(ts), Some(sig), None) => {
            b64(payload) && b64(ts) && ts.len() <= 11 && b64(sig)
        }
        _ => false,
    }
}

/// [`cookie_value`], with a note on stderr when the cookie was taken for
/// want of one called `name`.
pub(crate) fn pasted_cookie<'a>(input: &'a str, name: &str) -> Result<Cow<'a, str>, String> {
    let pasted = cookie_value(input, name)?;
    if let Some(chosen) = &pasted.chosen {
        note(&format!(
            "note: no cookie named {}: using {chosen}, the only one that looks signed",
            shown(name)
        ));
    }
    Ok(pasted.value)
}

/// `s` without one pair of matching quotes around it.
fn unquote(s: &str) -> &str {
    ['"', '\'']
        .iter()
        .find_map(|&q| s.strip_prefix(q).and_then(|r| r.strip_suffix(q)))
        .unwrap_or(s)
}

/// Each character of JSON(-like) text, with whether it belongs to a string
/// literal, its quotes included (escapes are followed, so `\"` does not end
/// one).
pub(crate) fn json_chars(text: &str) -> impl Iterator<Item = (char, bool)> + '_ {
    let (mut in_string, mut escaped) = (false, false);
    text.chars().map(move |c| {
        let inside = in_string || c == '"';
        if !in_string {
            in_string = c == '"';
        } else if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            in_string = false;
        }
        (c, inside)
    })
}

/// `2023-11-14T22:13:20Z`.
pub(crate) fn rfc3339(unix: u64) -> String {
    let dt = i64::try_from(unix)
        .ok()
        .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok());
    match dt {
        Some(d) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.year(),
            u8::from(d.month()),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        ),
        None => "out of range".to_owned(),
    }
}

/// Stdout, locked and buffered, where a closed pipe ends the output quietly.
pub(crate) struct Out {
    inner: io::BufWriter<io::StdoutLock<'static>>,
    broken: bool,
}

impl Out {
    pub(crate) fn new() -> Self {
        Self {
            inner: io::BufWriter::new(io::stdout().lock()),
            broken: false,
        }
    }

    /// Writes one line.
    pub(crate) fn line(&mut self, s: &str) {
        if self.broken {
            return;
        }
        if self
            .inner
            .write_all(s.as_bytes())
            .and_then(|()| self.inner.write_all(b"\n"))
            .is_err()
        {
            self.broken = true;
        }
    }

    /// True once a write failed (the reader went away): stop producing.
    pub(crate) const fn is_broken(&self) -> bool {
        self.broken
    }

    pub(crate) fn flush(&mut self) {
        if !self.broken && self.inner.flush().is_err() {
            self.broken = true;
        }
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], cap: usize) -> Vec<Line> {
        let mut r = io::BufReader::with_capacity(4, input);
        let mut out = Vec::new();
        while let Some(l) = read_line_capped(&mut r, cap).unwrap() {
            out.push(l);
        }
        out
    }

    #[test]
    fn capped_lines() {
        let t = |s: &str| Line::Text(s.as_bytes().to_vec());
        assert_eq!(lines(b"", 5), vec![]);
        assert_eq!(
            lines(b"a\nbc\r\n\nlast", 5),
            vec![t("a"), t("bc"), t(""), t("last")]
        );
        assert_eq!(
            lines(b"12345\n123456\nok\n", 5),
            vec![t("12345"), Line::TooLong, t("ok")]
        );
    }

    #[test]
    fn python_reprs() {
        assert_eq!(
            python_bytes_literal(b"\xff\x00a'\\\n"),
            r#"b"\xff\x00a'\\\n""#
        );
        assert_eq!(python_bytes_literal(b"'\""), r#"b'\'"'"#);
        assert_eq!(python_bytes_literal(b"\x7f\x1f ~"), r"b'\x7f\x1f ~'");
        assert_eq!(display_secret(b"clef"), "clef");
        assert_eq!(display_secret("clé ☃".as_bytes()), "clé ☃");
        // Found by review: these printed raw, ambiguous or unsafe.
        assert_eq!(display_secret(b"\xff"), r"b'\xff'");
        assert_eq!(display_secret(br"b'\xff'"), r#"b"b'\\xff'""#);
        assert_eq!(display_secret(b"b\"x"), r#"b'b"x'"#);
        assert_eq!(display_secret(b"a\x1b[2Jb"), r"b'a\x1b[2Jb'");
        assert_eq!(display_secret(b"a\0b"), r"b'a\x00b'");
        assert_eq!(display_secret(b"tab\there"), r"b'tab\there'");
        // Found by a second review: other literal prefixes, and characters
        // that hide or reorder the text around them.
        for s in [
            "B'x'",
            "rb'x'",
            "Br\"x\"",
            "RB'x'",
            "abc\u{202e}fed",
            "a\u{200b}b",
            "\u{feff}k",
        ] {
            let shown = display_secret(s.as_bytes());
            assert!(shown.starts_with("b'") || shown.starts_with("b\""), "{s:?}");
            assert_ne!(shown, s);
        }
        for s in ["rbx", "bob's key", "r'x'", "bb", "Bravo", "brr'x'"] {
            assert_eq!(display_secret(s.as_bytes()), s);
        }
    }

    #[test]
    fn cookie_values_are_found_in_what_was_pasted() {
        let c = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck";
        let value = |s: &str| cookie_value(s, "session").unwrap().value.into_owned();
        for pasted in [
            c.to_owned(),
            format!("  {c}\t"),
            format!("\u{feff}{c}"),
            format!("\"{c}\""),
            format!("'{c}'"),
            format!("session={c}"),
            format!("session=\"{c}\""),
            format!("my_app={c}"),
            format!("Cookie: theme=dark; session={c}; other=1"),
            format!("cookie:session={c}"),
            format!(
                "Set-Cookie: session={c}; Expires=Fri, 15 Dec 2023 22:13:20 GMT; HttpOnly; Path=/"
            ),
            format!("\u{feff}Cookie: session={c}"),
        ] {
            assert_eq!(value(&pasted), c, "{pasted}");
        }
        assert_eq!(value(""), "");
        assert_eq!(value("session="), "");
        assert_eq!(value("Cookie: session=; x=1"), "");
        // Tokens Python reads leniently are left as they are.
        for lenient in [
            format!("{c}="),
            format!("{c}=="),
            format!("{c}=anything-goes_here"),
            "eyJ1IjoxfQ=.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck".to_owned(),
            "eyJ1IjoxfQ==.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck".to_owned(),
        ] {
            assert_eq!(value(&lenient), lenient);
        }
        // A token Python reads as it stands (lenient base64 stops at the
        // `=` that completes a group) is not `name=value`.
        let bob = "eyJ1c2VyIjoiYm9iIn0=eyJ1c2VyIjoiYWRtaW4ifQ.ZVPxAA.MiYnrHlC_U1whW0woLV_nF7yIMk";
        assert_eq!(value(bob), bob);
        assert_eq!(value(&format!(" \u{feff}{c}")), c);
        assert_eq!(value(&format!("Set-Cookie: my_app={c}; Path=/")), c);
        // A compressed cookie after `name=` (it starts with a dot).
        let z = ".eJyrVspWslJKpANQqgUAaH8oCg.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck";
        assert_eq!(value(&format!("session={z}")), z);
        // One pair under another name than asked for is taken, and named.
        let chosen = |s: &str, name: &str| cookie_value(s, name).unwrap().chosen;
        assert_eq!(
            chosen(&format!("my_app={c}"), "session"),
            Some("'my_app'".into())
        );
        assert_eq!(
            chosen(&format!("Set-Cookie: sid={c}"), "session"),
            Some("'sid'".into())
        );
        assert_eq!(chosen(&format!("my_app={c}"), "my_app"), None);
        assert_eq!(chosen(&format!(" session = {c}"), "session"), None);
        assert_eq!(chosen(c, "session"), None);
        // Found by review: a bare value copied with the `;` after it.
        assert_eq!(value(&format!("{c};")), c);
        assert_eq!(value(&format!(" {c} ; ")), c);
    }

    /// Found by review: a `Cookie` header holding one cookie, not the
    /// session, was checked whole (`theme=dark` as a cookie) where one of
    /// several was named.
    #[test]
    fn a_header_of_one_other_cookie_is_named() {
        for pasted in ["Cookie: theme=dark", "Set-Cookie: theme=dark; Path=/"] {
            let err = cookie_value(pasted, "session")
                .map(|p| p.value)
                .unwrap_err();
            assert_eq!(
                err,
                "no cookie named 'session' among the one cookie pasted ('theme'), \
                 and none looks like a signed cookie: pass --name NAME"
            );
        }
        // Named, it is taken as it is (a token or not).
        let p = cookie_value("Cookie: theme=dark", "theme").unwrap();
        assert_eq!((p.value.as_ref(), p.chosen), ("dark", None));
    }

    /// Found by review: a header whose session cookie has another name was
    /// handed on whole, and read as a bad signature or a malformed cookie.
    #[test]
    fn headers_with_another_cookie_name() {
        let c = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck";
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        let header = format!("Cookie: theme=dark; __Host-session={c}; jwt={jwt}");
        // Named: exactly that one.
        let named = cookie_value(&header, "__Host-session").unwrap();
        assert_eq!((named.value.as_ref(), named.chosen), (c, None));
        // Not named: the only one that looks signed (a JWT does not).
        let guessed = cookie_value(&header, "session").unwrap();
        assert_eq!(guessed.value, c);
        assert_eq!(guessed.chosen.as_deref(), Some("'__Host-session'"));
        assert_eq!(
            cookie_value(&format!("{c}; theme=dark"), "session")
                .unwrap()
                .value,
            c
        );
        // None, or several: an error naming the cookies, never a value.
        for (pasted, what) in [
            ("a=1; b=2".to_owned(), "none looks"),
            (format!("Cookie: a={c}; b={c}"), "several look"),
            (format!("a={c}; b={c}"), "several look"),
        ] {
            let e = cookie_value(&pasted, "session").unwrap_err();
            assert!(
                e.contains("'a', 'b'") && e.contains(what) && e.contains("--name"),
                "{e}"
            );
            assert!(!e.contains("ZVPxAA") && !e.contains("=1"), "{e}");
        }
        let e = cookie_value("x\u{1b}[2J=1; y=2", "sid").unwrap_err();
        assert!(
            e.contains("'x\\u{1b}[2J'") && e.contains("no cookie named 'sid'"),
            "{e}"
        );
        assert!(!looks_signed(jwt));
        assert!(looks_signed(c) && looks_signed(&format!(".{c}")));
        assert!(!looks_signed("a.b") && !looks_signed("a.b.c.d") && !looks_signed("a..c"));
    }

    #[test]
    fn dates() {
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
