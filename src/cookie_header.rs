//! The request side: the session cookie picked out of `Cookie` headers as
//! Werkzeug 3.1's `parse_cookie` reads them (which is what Flask's
//! `request.cookies` holds), from text or from raw header bytes.

use std::borrow::Cow;

use crate::http_date::py_strip;

/// The value of the first cookie called `name` in a `Cookie` header, as
/// Werkzeug's `parse_cookie` reads it (which is what Flask's
/// `request.cookies.get(name)` returns).
///
/// * Pairs are separated by `;`; whitespace around names and values is
///   trimmed; a pair without `=` is a name with an empty value.
/// * Names are matched exactly (case-sensitively); the **first** match wins.
/// * A value in double quotes is unquoted: `\ooo` (octal, first digit 0-3)
///   becomes that byte, `\x` becomes `x`, and the bytes are decoded as UTF-8
///   with invalid sequences replaced by U+FFFD. Such values are returned
///   owned; all others are borrowed from `header`.
///
/// `header` is the text Flask parses: a WSGI server hands Flask each header
/// byte as one character (Latin-1, PEP 3333), and Werkzeug's
/// `Request.cookies` parses that text without decoding it as UTF-8 (the
/// standalone helper `werkzeug.http.parse_cookie` does decode it; Flask never
/// calls it). For an ASCII header (what browsers send) that text is the
/// header itself; from raw header bytes that may hold others, use
/// [`find_cookie_in_raw`], which reads them as Flask does.
///
/// Werkzeug's regular expression has corner cases (a line break in an unquoted
/// value makes it resynchronise after the `=`); they are reproduced, in time
/// linear in the header's length.
///
/// # Examples
///
/// ```
/// use flask_cookie::find_cookie;
/// assert_eq!(find_cookie("other=1;session = abc ;x=2", "session").as_deref(), Some("abc"));
/// assert_eq!(find_cookie("session=bad; session=good", "session").as_deref(), Some("bad"));
/// assert_eq!(find_cookie(r#"session="a\054b\"c""#, "session").as_deref(), Some("a,b\"c"));
/// assert_eq!(find_cookie("SESSION=abc", "session"), None);
/// ```
#[must_use]
pub fn find_cookie<'a>(header: &'a str, name: &str) -> Option<Cow<'a, str>> {
    CookiePairs::new(header).find_map(|(key, value)| (key == name).then(|| unquote_value(value)))
}

/// [`find_cookie`] over all of a request's `Cookie` headers, which Werkzeug
/// joins with `;` before parsing (`";".join(headers.getlist("Cookie"))`).
/// With a single header the value is borrowed; with several it is owned.
///
/// # Examples
///
/// ```
/// use flask_cookie::find_cookie_in;
/// let headers = ["theme=dark", "session=abc; lang=en"];
/// assert_eq!(find_cookie_in(headers, "session").as_deref(), Some("abc"));
/// assert_eq!(find_cookie_in([], "session"), None);
/// ```
#[must_use]
pub fn find_cookie_in<'a, I>(headers: I, name: &str) -> Option<Cow<'a, str>>
where
    I: IntoIterator<Item = &'a str>,
{
    find_in_joined(headers, name, Some, |joined, header| {
        joined.push_str(header)
    })
}

/// [`find_cookie_in`] over the raw bytes of a request's `Cookie` headers,
/// read exactly as Flask reads them: a WSGI server hands Flask each byte as
/// one character (Latin-1, PEP 3333), and Werkzeug's `Request.cookies` never
/// decodes it as UTF-8 (only the standalone `werkzeug.http.parse_cookie`,
/// which Flask does not call, does).
/// So a byte such as `0xA0` (no-break space) or `0x85` next to a name or a
/// value is whitespace that Werkzeug's `strip()` removes, a byte that is not
/// UTF-8 is one character, and a non-ASCII cookie name matches only the
/// Latin-1 reading of its UTF-8 bytes (Flask never finds a cookie it names
/// `"sé"`). Pass it the bytes of the header values from any HTTP stack; with
/// one all-ASCII header the value is borrowed.
///
/// A value found is the text Flask's `request.cookies.get` returns; a
/// session cookie Flask wrote is ASCII, so it is the cookie's value.
///
/// Several headers are joined with `;`, as Werkzeug's `Request.cookies`
/// joins them and as HTTP/2 front ends must. A browser sends one `Cookie`
/// header over HTTP/1.1; a WSGI server that gets several joins them before
/// Flask sees them, and gunicorn and Werkzeug's development server join with
/// `,`, so the first header's last value swallows the rest: there Flask
/// misses a session in a second header that this finds.
///
/// # Examples
///
/// ```
/// use flask_cookie::find_cookie_in_raw;
/// let headers: [&[u8]; 2] = [b"theme=dark", b"lang=en;\xa0session=abc\xa0"];
/// assert_eq!(find_cookie_in_raw(headers, "session").as_deref(), Some("abc"));
/// // Flask reads the UTF-8 name "s\u{e9}" as the two characters "s\u{c3}\u{a9}":
/// let header: &[u8] = "s\u{e9}=1".as_bytes();
/// assert_eq!(find_cookie_in_raw([header], "s\u{e9}"), None);
/// assert_eq!(find_cookie_in_raw([header], "s\u{c3}\u{a9}").as_deref(), Some("1"));
/// ```
#[must_use]
pub fn find_cookie_in_raw<'a, I>(headers: I, name: &str) -> Option<Cow<'a, str>>
where
    I: IntoIterator<Item = &'a [u8]>,
{
    // ASCII reads the same as Latin-1 and as UTF-8: searched in place.
    let ascii = |header: &'a [u8]| {
        header
            .is_ascii()
            .then(|| core::str::from_utf8(header).ok())
            .flatten()
    };
    // Latin-1: each byte the character of that code point.
    let latin1 = |joined: &mut String, header: &[u8]| {
        joined.extend(header.iter().copied().map(char::from));
    };
    find_in_joined(headers, name, ascii, latin1)
}

/// [`find_cookie`] over `headers` joined with `;`, as Werkzeug joins them,
/// each appended as `push` reads it; a single header that `as_text` reads
/// as it is is searched in place (and the value borrowed).
fn find_in_joined<'a, H: Copy>(
    headers: impl IntoIterator<Item = H>,
    name: &str,
    as_text: impl Fn(H) -> Option<&'a str>,
    push: impl Fn(&mut String, H),
) -> Option<Cow<'a, str>> {
    let mut headers = headers.into_iter();
    let first = headers.next()?;
    let second = headers.next();
    if let (None, Some(text)) = (second, as_text(first)) {
        return find_cookie(text, name);
    }
    let mut joined = String::new();
    push(&mut joined, first);
    for header in second.into_iter().chain(headers) {
        joined.push(';');
        push(&mut joined, header);
    }
    find_cookie(&joined, name).map(|v| Cow::Owned(v.into_owned()))
}

/// `\s` of Python's `re` with `re.ASCII`: `[ \t\n\r\f\v]`.
const fn is_re_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The `(name, value)` pairs Werkzeug's `_cookie_re.findall` produces on
/// `header + ";"`, names and values stripped, empty names skipped.
///
/// The regular expression is
/// `([^=;]*)(?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))?\s*;\s*`; this walks the same
/// matches without backtracking. Positions index `header + ";"`: `at(len)` is
/// the appended `;`.
pub(crate) struct CookiePairs<'a> {
    s: &'a str,
    pos: usize,
    /// Cached: the first `;` at or after some earlier value start, and where
    /// the whitespace run before it begins.
    semi: Option<(usize, usize)>,
    /// Cached: the first `\n` at or after some earlier value start.
    newline: Option<usize>,
}

impl<'a> CookiePairs<'a> {
    pub(crate) const fn new(s: &'a str) -> Self {
        Self {
            s,
            pos: 0,
            semi: None,
            newline: None,
        }
    }

    /// The byte at `i` of `header + ";"`.
    fn at(&self, i: usize) -> Option<u8> {
        let bytes = self.s.as_bytes();
        match i.cmp(&bytes.len()) {
            core::cmp::Ordering::Less => bytes.get(i).copied(),
            core::cmp::Ordering::Equal => Some(b';'),
            core::cmp::Ordering::Greater => None,
        }
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_re_space) {
            i += 1;
        }
        i
    }

    /// The first `;` at or after `from` (always found: the appended one),
    /// with the start of the whitespace run before it.
    fn semicolon_from(&mut self, from: usize) -> (usize, usize) {
        if let Some((semi, run)) = self.semi {
            if semi >= from {
                return (semi, run);
            }
        }
        let bytes = self.s.as_bytes();
        let semi = bytes
            .get(from..)
            .and_then(|rest| memchr::memchr(b';', rest))
            .map_or(bytes.len(), |p| from + p);
        let mut run = semi;
        while run > 0 && bytes.get(run - 1).copied().is_some_and(is_re_space) {
            run -= 1;
        }
        self.semi = Some((semi, run));
        (semi, run)
    }

    /// The first `\n` at or after `from`, or the header length.
    fn newline_from(&mut self, from: usize) -> usize {
        if let Some(nl) = self.newline {
            if nl >= from {
                return nl;
            }
        }
        let bytes = self.s.as_bytes();
        let nl = bytes
            .get(from..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
            .map_or(bytes.len(), |p| from + p);
        self.newline = Some(nl);
        nl
    }

    /// End of `"(?:[^\\"]|\\.)*"` starting at `start` (a `"`), if it matches.
    fn quoted_end(&self, start: usize) -> Option<usize> {
        let mut i = start + 1;
        loop {
            match self.at(i)? {
                b'"' => return Some(i + 1),
                // `.` matches anything but a line break; continuation bytes
                // of a multi-byte character are never `"`, `\` or `\n`.
                b'\\' => match self.at(i + 1)? {
                    b'\n' => return None,
                    _ => i += 2,
                },
                _ => i += 1,
            }
        }
    }

    /// One `findall` step at `self.pos`: `Some(Some(pair))` for a match,
    /// `Some(None)` when no match starts there (resume after the `=`), `None`
    /// at the end.
    fn step(&mut self) -> Option<Option<(&'a str, &'a str)>> {
        let len = self.s.len();
        let p = self.pos;
        if p > len {
            return None;
        }
        let bytes = self.s.as_bytes();
        let q = bytes
            .get(p..)
            .and_then(|rest| memchr::memchr2(b'=', b';', rest))
            .map_or(len, |i| p + i);
        let key = self.s.get(p..q)?;
        if self.at(q) == Some(b';') {
            self.pos = self.skip_spaces(q + 1);
            return Some(Some((key, "")));
        }
        // `=` at q.
        let vs = self.skip_spaces(q + 1);
        if self.at(vs) == Some(b'"') {
            if let Some(end) = self.quoted_end(vs) {
                let after = self.skip_spaces(end);
                if self.at(after) == Some(b';') {
                    self.pos = self.skip_spaces(after + 1);
                    return Some(Some((key, self.s.get(vs..end)?)));
                }
            }
        }
        // Lazy `.*?` up to the whitespace before the next `;`, unless a line
        // break comes first, in which case nothing matches at `p`.
        let (semi, run) = self.semicolon_from(vs);
        let value_end = run.max(vs);
        if self.newline_from(vs) < value_end {
            self.pos = q + 1;
            return Some(None);
        }
        self.pos = self.skip_spaces(semi + 1);
        Some(Some((key, self.s.get(vs..value_end)?)))
    }
}

impl<'a> Iterator for CookiePairs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((key, value)) = self.step()? {
                let key = py_strip(key);
                if !key.is_empty() {
                    return Some((key, py_strip(value)));
                }
            }
        }
    }
}

/// Werkzeug's unquoting of a stripped cookie value: a value of two or more
/// characters between double quotes has `\\([0-3][0-7]{2}|.)` replaced (octal
/// byte, or the escaped byte itself) and is decoded as UTF-8 with `replace`.
pub(crate) fn unquote_value(value: &str) -> Cow<'_, str> {
    let inner = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) if value.len() >= 2 => inner,
        _ => return Cow::Borrowed(value),
    };
    let bytes = inner.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let octal = match (bytes.get(i + 1), bytes.get(i + 2), bytes.get(i + 3)) {
            (Some(&a @ b'0'..=b'3'), Some(&b2 @ b'0'..=b'7'), Some(&c @ b'0'..=b'7')) => {
                Some(((a - b'0') << 6) | ((b2 - b'0') << 3) | (c - b'0'))
            }
            _ => None,
        };
        if let Some(byte) = octal {
            out.push(byte);
            i += 4;
        } else {
            match bytes.get(i + 1) {
                Some(&next) if next != b'\n' => {
                    out.push(next);
                    i += 2;
                }
                _ => {
                    out.push(b'\\');
                    i += 1;
                }
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}
