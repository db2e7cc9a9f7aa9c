//! `sign`'s second input form: the Python literal flask-unsign's `--sign`
//! takes (`{'logged_in': True, 'user': 'admin'}`), read as
//! `ast.literal_eval` reads it, for the values Flask's session serializer
//! can write: `str`, `bytes`, `int`, `float`, `True`/`False`/`None`, lists,
//! tuples and dicts with `str` keys.

use flask_cookie::{BigInt, Dict, Value};

use crate::py_literal::{string_prefix, token, Parsed};

/// Containers nested deeper than this are refused, as JSON input is.
const MAX_DEPTH: usize = 128;

/// Reads `text` as one Python literal.
pub(crate) fn parse(text: &str) -> Result<Value, String> {
    let mut p = Parser {
        text,
        pos: 0,
        depth: 0,
        unserializable: None,
    };
    p.skip();
    let v = p.value()?;
    p.skip();
    if p.pos != text.len() {
        return Err(p.error("unexpected text after the value"));
    }
    v.ok_or_else(|| p.unserializable.unwrap_or_default())
}

/// A value as `literal_eval` makes it: `None` when Flask's JSON cannot
/// write it (a complex number, a set), which is an error only if it stays
/// in the session (a later duplicate key may replace it).
type Py = Option<Value>;

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    /// Open brackets: inside them line breaks are whitespace.
    depth: usize,
    /// Why the first value Flask cannot write cannot be written.
    unserializable: Option<String>,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.pos)
    }

    /// Whitespace and comments between tokens (and line breaks inside
    /// brackets, or at either end).
    fn skip(&mut self) {
        loop {
            let rest = self.rest();
            let at_end = |r: &str| {
                r.trim_end_matches([' ', '\t', '\x0c', '\n', '\r'])
                    .is_empty()
            };
            let trimmed = if self.depth > 0 || self.pos == 0 || at_end(rest) {
                rest.trim_start_matches([' ', '\t', '\x0c', '\n', '\r'])
            } else {
                rest.trim_start_matches([' ', '\t', '\x0c'])
            };
            let mut pos = self.text.len() - trimmed.len();
            if trimmed.starts_with('#') {
                pos += trimmed.find(['\n', '\r']).unwrap_or(trimmed.len());
            }
            if pos == self.pos {
                return;
            }
            self.pos = pos;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// Notes a value Flask's JSON cannot write.
    fn cannot_write(&mut self, what: &str) -> Py {
        let why = self.error(&format!("{what} cannot be signed (Flask's JSON has none)"));
        self.unserializable.get_or_insert(why);
        None
    }

    fn value(&mut self) -> Result<Py, String> {
        let rest = self.rest();
        let first = rest
            .chars()
            .next()
            .ok_or_else(|| self.error("a value expected"))?;
        match first {
            '{' | '[' | '(' => {
                if self.depth >= MAX_DEPTH {
                    return Err(self.error("containers nest too deeply"));
                }
                self.depth += 1;
                self.pos += 1;
                let v = match first {
                    '{' => self.dict(),
                    '[' => self.items(']').map(|(items, _)| items.map(Value::List)),
                    _ => self.paren(),
                };
                self.depth -= 1;
                v
            }
            '\'' | '"' => self.strings(),
            'b' | 'B' | 'r' | 'R' | 'u' | 'U' if starts_string(rest) => self.strings(),
            '-' | '+' => {
                self.pos += 1;
                self.skip();
                let negative = first == '-';
                Ok(match self.number()? {
                    Some(Value::Int(i)) if negative => Some(Value::Int(-i)),
                    Some(Value::BigInt(b)) if negative => Some(Value::BigInt(
                        BigInt::parse(&format!("-{b}"))
                            .map_err(|_| self.error("integer out of range"))?,
                    )),
                    Some(Value::Float(f)) if negative => Some(Value::Float(-f)),
                    v => v,
                })
            }
            '0'..='9' | '.' => self.number(),
            _ => {
                let word: &str = rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or_default();
                let v = match word {
                    "True" => Some(Value::Bool(true)),
                    "False" => Some(Value::Bool(false)),
                    "None" => Some(Value::Null),
                    "set" if rest.starts_with("set()") => {
                        self.pos += "set()".len();
                        return Ok(self.cannot_write("a set"));
                    }
                    _ => return Err(self.error("not a Python literal")),
                };
                self.pos += word.len();
                Ok(v)
            }
        }
    }

    /// One or more adjacent string literals, joined.
    fn strings(&mut self) -> Result<Py, String> {
        let mut out = Vec::new();
        let mut kind = None;
        loop {
            let (bytes, rest) = token(self.rest(), &mut out).map_err(|p| match p {
                Parsed::Unknown => self.error("a string literal this tool does not read (\\N{...}, a lone surrogate, a line break)"),
                _ => self.error("malformed string literal"),
            })?;
            if *kind.get_or_insert(bytes) != bytes {
                return Err(self.error("cannot mix bytes and str literals"));
            }
            self.pos = self.text.len() - rest.len();
            self.skip();
            if !starts_string(self.rest()) {
                break;
            }
        }
        if kind == Some(true) {
            Ok(Some(Value::Bytes(out)))
        } else {
            // token() writes str values as UTF-8 of whole characters.
            String::from_utf8(out)
                .map(|s| Some(Value::Str(s)))
                .map_err(|_| self.error("malformed string literal"))
        }
    }

    /// Items up to `close`, comma-separated, a trailing comma allowed; and
    /// whether a comma was seen (what makes `(x,)` a tuple).
    /// (`None` items when one cannot be written.)
    fn items(&mut self, close: char) -> Result<(Option<Vec<Value>>, bool), String> {
        let mut items = Some(Vec::new());
        let mut comma = false;
        loop {
            self.skip();
            if self.eat(close) {
                return Ok((items, comma));
            }
            let item = self.value()?;
            items = items.zip(item).map(|(mut items, item)| {
                items.push(item);
                items
            });
            self.skip();
            if self.eat(',') {
                comma = true;
            } else if self.eat(close) {
                return Ok((items, comma));
            } else {
                return Err(self.error(&format!("',' or '{close}' expected")));
            }
        }
    }

    /// `(x)` is `x`; `()` and `(x,)` are tuples.
    fn paren(&mut self) -> Result<Py, String> {
        let start = self.pos;
        let (items, comma) = self.items(')')?;
        let Some(mut items) = items else {
            return Ok(None);
        };
        Ok(Some(match items.pop() {
            Some(v) if !comma && items.is_empty() => v,
            Some(v) => {
                items.push(v);
                Value::Tuple(items)
            }
            None if self
                .text
                .get(start..self.pos)
                .is_some_and(|t| t.contains(',')) =>
            {
                return Err(self.error("a tuple needs an item before its comma"));
            }
            None => Value::Tuple(items),
        }))
    }

    /// A dict (`{}` included), or a set.
    fn dict(&mut self) -> Result<Py, String> {
        // Python's dict: a repeated key keeps its place and takes the last
        // value (which may replace one Flask cannot write).
        let mut entries: Vec<(String, Py)> = Vec::new();
        loop {
            self.skip();
            if self.eat('}') {
                break;
            }
            let key = match self.value()? {
                Some(Value::Str(k)) => k,
                key => {
                    self.skip();
                    if entries.is_empty() {
                        if let Some(set) = self.set_after_first()? {
                            return Ok(key.and(set));
                        }
                    }
                    return Err(self.error("session keys must be str"));
                }
            };
            self.skip();
            if !self.eat(':') {
                if entries.is_empty() {
                    if let Some(set) = self.set_after_first()? {
                        return Ok(set);
                    }
                }
                return Err(self.error("':' expected"));
            }
            self.skip();
            let value = self.value()?;
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key, value)),
            }
            self.skip();
            if !self.eat(',') {
                self.skip();
                if self.eat('}') {
                    break;
                }
                return Err(self.error("',' or '}' expected"));
            }
        }
        Ok(entries
            .into_iter()
            .map(|(k, v)| v.map(|v| (k, v)))
            .collect::<Option<Dict>>()
            .map(Value::Dict))
    }

    /// After `{x` (the brace open, `x` read): the rest of a set, if `,` or
    /// `}` comes next (`Some(None)`, a set being unwritable), else `None`.
    fn set_after_first(&mut self) -> Result<Option<Py>, String> {
        let items = if self.eat('}') {
            Some(Vec::new())
        } else if self.eat(',') {
            self.items('}')?.0
        } else {
            return Ok(None);
        };
        Ok(Some(items.and(self.cannot_write("a set"))))
    }

    /// An int or float literal, as Python's tokenizer reads it
    /// (underscores between digits, `0x`/`0o`/`0b`, `1e999` is inf).
    fn number(&mut self) -> Result<Py, String> {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let hex = matches!(bytes, [b'0', b'x' | b'X', ..]);
        // Letters, digits, `_`, `.`, and an exponent's sign.
        let mut len = 0;
        while let Some(&b) = bytes.get(len) {
            let sign = matches!(b, b'+' | b'-')
                && !hex
                && len > 0
                && matches!(bytes.get(len - 1), Some(b'e' | b'E'));
            if !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || sign) {
                break;
            }
            len += 1;
        }
        let literal = rest.get(..len).unwrap_or_default();
        if literal.ends_with(['j', 'J']) && number(&literal[..literal.len() - 1]).is_some() {
            self.pos += len;
            return Ok(self.cannot_write("a complex number"));
        }
        let v = number(literal).ok_or_else(|| self.error("malformed number"))?;
        self.pos += len;
        Ok(Some(v))
    }
}

/// Whether `text` starts with a string literal (prefix and quote).
fn starts_string(text: &str) -> bool {
    let quote = text.bytes().take(3).position(|b| b == b'\'' || b == b'"');
    quote.is_some_and(|q| string_prefix(text.get(..q).unwrap_or_default()).is_some())
}

/// Digits with single underscores between them, as Python allows.
fn digits(s: &str, radix: u32) -> Option<String> {
    if s.is_empty() || s.starts_with('_') || s.ends_with('_') || s.contains("__") {
        return None;
    }
    let d: String = s.chars().filter(|&c| c != '_').collect();
    d.chars().all(|c| c.is_digit(radix)).then_some(d)
}

/// The value of one number literal, unsigned.
fn number(s: &str) -> Option<Value> {
    let lower = s.to_ascii_lowercase();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(body) = lower.strip_prefix(prefix) {
            // Python allows an underscore right after the prefix.
            let d = digits(body.strip_prefix('_').unwrap_or(body), radix)?;
            let v = u128::from_str_radix(&d, radix).ok()?;
            return Some(match i64::try_from(v) {
                Ok(i) => Value::Int(i),
                Err(_) => Value::BigInt(BigInt::parse(&v.to_string()).ok()?),
            });
        }
    }
    if lower.ends_with('j') {
        return None; // complex
    }
    let is_float = lower.contains(['.', 'e']);
    if !is_float {
        let d = digits(&lower, 10)?;
        if d.len() > 1 && d.starts_with('0') && d.bytes().any(|b| b != b'0') {
            return None; // "leading zeros in decimal integer literals are not permitted"
        }
        return Some(match d.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::BigInt(BigInt::parse(&d).ok()?),
        });
    }
    // pointfloat or exponentfloat: [digits] [. [digits]] [e [+-] digits],
    // at least one digit before the exponent.
    let (mantissa, exponent) = match lower.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (lower.as_str(), None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let int = if int.is_empty() {
        String::new()
    } else {
        digits(int, 10)?
    };
    let frac = match frac {
        Some("") | None => String::new(),
        Some(f) => digits(f, 10)?,
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut text = format!(
        "{}.{}",
        if int.is_empty() { "0" } else { &int },
        if frac.is_empty() { "0" } else { &frac }
    );
    if let Some(e) = exponent {
        let (sign, e) = match e.as_bytes().first() {
            Some(b'+') => ("", e.get(1..)?),
            Some(b'-') => ("-", e.get(1..)?),
            _ => ("", e),
        };
        text.push('e');
        text.push_str(sign);
        text.push_str(&digits(e, 10)?);
    }
    text.parse::<f64>().ok().map(Value::Float)
}
