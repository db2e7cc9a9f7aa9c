//! Lone UTF-16 surrogates (`"\ud800"`), which Flask keeps and a Rust
//! string cannot: each stands in as a private-use character of its own
//! while the library reads and writes the value, and goes back into the
//! JSON text written of it.

/// The first of the private-use characters that stand in for the 2,048
/// lone surrogates, base + (unit - 0xD800): U+E000.. sort as surrogates
/// do; U+F0000.. serve text that already holds one of those.
pub(crate) const STAND_INS: [u32; 2] = [0xe000, 0xf_0000];
pub(crate) const STAND_INS_START: u32 = STAND_INS[0];
pub(crate) const STAND_INS_END: u32 = STAND_INS_START + 0x7ff;

pub(crate) fn is_stand_in(c: char, base: u32) -> bool {
    (base..base + 0x800).contains(&u32::from(c))
}

/// JSON as our writer writes it (every character past ASCII escaped) with
/// each stand-in's escape (`\ue000`) back to the lone surrogate it stands
/// for (`\ud800`), as Python's `json.dumps` writes one.
pub(crate) fn restore_lone_surrogates(json: &str) -> String {
    let mut out = Vec::with_capacity(json.len());
    for piece in json_pieces(json.as_bytes()) {
        match piece {
            Piece::Unit(u @ STAND_INS_START..=STAND_INS_END, _) => {
                push_escape(&mut out, u - STAND_INS_START + 0xd800);
            }
            Piece::Text(t) | Piece::Unit(_, t) | Piece::Escape(t) => out.extend_from_slice(t),
        }
    }
    // Pieces split only before a `\`, so each is whole UTF-8: nothing is lost.
    String::from_utf8_lossy(&out).into_owned()
}

/// A piece of JSON text ([`json_pieces`]).
pub(crate) enum Piece<'a> {
    /// Bytes up to the next backslash.
    Text(&'a [u8]),
    /// A `\uXXXX` escape: its UTF-16 unit, and its six bytes.
    Unit(u32, &'a [u8]),
    /// Any other escape (`\n`, `\\`, a malformed `\u`), or a `\` at the end.
    Escape(&'a [u8]),
}

/// JSON text as [`Piece`]s, which put together again are the text.
pub(crate) fn json_pieces(text: &[u8]) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    core::iter::from_fn(move || {
        let unit = match rest {
            [b'\\', b'u', hex @ ..] => hex4(hex),
            _ => None,
        };
        let (piece, len) = match (rest, unit) {
            ([], _) => return None,
            (_, Some(unit)) => (Piece::Unit(unit, &rest[..6]), 6),
            ([b'\\', ..], None) => {
                let len = rest.len().min(2);
                (Piece::Escape(&rest[..len]), len)
            }
            _ => {
                let len = rest.iter().position(|&c| c == b'\\').unwrap_or(rest.len());
                (Piece::Text(&rest[..len]), len)
            }
        };
        rest = &rest[len..];
        Some(piece)
    })
}

/// The four hex digits at the start of `b`, if they are.
fn hex4(b: &[u8]) -> Option<u32> {
    b.get(..4)?
        .iter()
        .try_fold(0, |n, &d| Some(n << 4 | char::from(d).to_digit(16)?))
}

/// JSON text in which every lone surrogate escape (`\ud800`, not one half of
/// a pair) is replaced by the escape of its stand-in, the private-use
/// character `base` + (unit - 0xD800): one character in Python too, so
/// lengths, tags and dict keys read as they would with the surrogate, and
/// distinct surrogates stay distinct keys. From U+E000, dict keys also sort
/// as Python sorts them: every other character sorts below both a
/// surrogate and its stand-in (before U+D800) or above both (from U+E800).
/// Pairs and every other escape are kept (a malformed `\u` escape stays
/// malformed). `None` when the text already holds a character a stand-in
/// could be, raw or escaped.
pub(crate) fn stand_in_lone_surrogates(text: &[u8], base: u32) -> Option<Vec<u8>> {
    if String::from_utf8_lossy(text)
        .chars()
        .any(|c| is_stand_in(c, base))
    {
        return None;
    }
    let taken = |unit: u32| char::from_u32(unit).is_some_and(|c| is_stand_in(c, base));
    let mut out = Vec::with_capacity(text.len() + 16);
    let mut pieces = json_pieces(text).peekable();
    while let Some(piece) = pieces.next() {
        match piece {
            Piece::Unit(high @ 0xd800..=0xdbff, first) => match pieces.peek() {
                Some(&Piece::Unit(low @ 0xdc00..=0xdfff, second)) => {
                    if taken(0x1_0000 + ((high - 0xd800) << 10) + (low - 0xdc00)) {
                        return None;
                    }
                    out.extend_from_slice(first);
                    out.extend_from_slice(second);
                    pieces.next();
                }
                _ => push_stand_in(&mut out, base, high),
            },
            Piece::Unit(low @ 0xdc00..=0xdfff, _) => push_stand_in(&mut out, base, low),
            // An escaped character a stand-in could be.
            Piece::Unit(unit, _) if taken(unit) => return None,
            Piece::Text(t) | Piece::Unit(_, t) | Piece::Escape(t) => out.extend_from_slice(t),
        }
    }
    Some(out)
}

/// The escape of a lone surrogate's stand-in (a pair past U+FFFF).
fn push_stand_in(out: &mut Vec<u8>, base: u32, unit: u32) {
    let c = char::from_u32(base + (unit - 0xd800)).unwrap_or(char::REPLACEMENT_CHARACTER);
    for unit in c.encode_utf16(&mut [0; 2]) {
        push_escape(out, u32::from(*unit));
    }
}

/// `\uXXXX`, as Python writes it (lowercase).
fn push_escape(out: &mut Vec<u8>, unit: u32) {
    out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
}
