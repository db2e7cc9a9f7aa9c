//! `sign`'s second input form: the Python literal flask-unsign's `--sign`
//! takes (`{'logged_in': True, 'user': 'admin'}`), read as
//! `ast.literal_eval` reads it, for the values Flask's session serializer
//! can write: `str`, `bytes`, `int`, `float`, `True`/`False`/`None`, lists,
//! tuples and dicts. A dict key may be a `str`, `int`, `float`, `bool` or
//! `None`, as `json.dumps` allows: Flask's JSON writes such a key as a
//! string (`1` as `"1"`, `True` as `"true"`) and sorts keys by their Python
//! order, so `{10: 'a', 9: 'b'}` is `{"9":"b","10":"a"}`, and it cannot
//! sort keys of more than one kind (`{1: 'a', 'b': 2}`).

use std::cmp::Ordering;
use std::collections::hash_map::{Entry, HashMap};

use flask_cookie::{BigInt, Dict, Value};

use crate::py_literal::{string_prefix, token, Lone, Parsed};
use crate::surrogates::restore_lone_surrogates;

/// Brackets nested deeper than this are refused, as Python's tokenizer
/// refuses them (`too many nested parentheses`): every `(`, `[` and `{`
/// counts, grouping and `set(` included.
const MAX_DEPTH: usize = 200;

/// A literal as Flask's session serializer writes it.
pub(crate) enum Literal {
    /// Everything a [`Value`] holds: dicts with `str` keys only.
    Value(Value),
    /// Flask's tagged JSON of a value holding a dict with other keys (which
    /// Flask writes as strings, so it reads back as a [`Value`] with
    /// `str` keys in another order), and whether the value is a dict.
    Json(String, bool),
}

impl Literal {
    /// Its Flask tagged JSON.
    fn into_json(self) -> Result<String, String> {
        match self {
            Self::Value(v) => v.to_flask_json().map_err(|e| e.to_string()),
            Self::Json(text, _) => Ok(text),
        }
    }

    fn as_value(&self) -> Option<&Value> {
        match self {
            Self::Value(v) => Some(v),
            Self::Json(..) => None,
        }
    }
}

/// Why a text was not signed.
pub(crate) enum NotSigned {
    /// It is not a Python literal this tool reads.
    Unread(String),
    /// It is a Python literal, but Flask's JSON cannot write it (as
    /// `json.dumps` fails on it).
    Unwritable(String),
}

/// Reads `text` as one Python literal.
pub(crate) fn parse(text: &str) -> Result<Literal, NotSigned> {
    // Python's tokenizer reads CR LF and CR as LF, in string literals too.
    // (Where each CR LF became one byte, so that errors name the byte of
    // the text as given.)
    let joined: Vec<usize> = text
        .match_indices("\r\n")
        .enumerate()
        .map(|(i, (at, _))| at - i)
        .collect();
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    read(&text, &joined).map_err(NotSigned::Unread)?
}

/// [`parse`], its syntax errors outside.
fn read(text: &str, joined: &[usize]) -> Result<Result<Literal, NotSigned>, String> {
    let mut p = Parser {
        text,
        joined,
        pos: 0,
        depth: 0,
        unserializable: None,
        joined_at_end: false,
        lone: Lone::default(),
    };
    p.skip_with(true);
    let v = p.value()?;
    p.skip_with(true);
    // (A line join at the very end is Python's "unexpected EOF".)
    if p.pos != text.len() || p.joined_at_end {
        return Err(p.error("unexpected text after the value"));
    }
    let Py::Lit(v) = v else {
        return Ok(Err(NotSigned::Unwritable(
            p.unserializable.unwrap_or_default(),
        )));
    };
    if let Literal::Json(json, _) = &v {
        // What Flask's JSON reader makes of it: the cookie must read back.
        if let Err(e) = Value::from_flask_json(json.as_str()) {
            return Ok(Err(NotSigned::Unwritable(format!("cannot be signed: {e}"))));
        }
    }
    if !p.lone.used {
        return Ok(Ok(v));
    }
    if p.lone.clash {
        return Err(
            "a lone surrogate beside a character from U+E000 to U+E7FF, which this \
                    tool cannot tell apart"
                .to_owned(),
        );
    }
    // Written with the stand-ins, which then go back (keys sort as they
    // would with the surrogates).
    let dict = matches!(v, Literal::Value(Value::Dict(_)) | Literal::Json(_, true));
    Ok(v.into_json()
        .map(|json| Literal::Json(restore_lone_surrogates(&json), dict))
        .map_err(NotSigned::Unwritable))
}

/// A value as `literal_eval` makes it.
enum Py {
    Lit(Literal),
    /// One Flask's JSON cannot write (a set, a complex number, a dict with
    /// a `bytes` or `tuple` key, or a container holding one): an error only
    /// if it stays in the session (a later duplicate key may replace it).
    /// And whether Python can hash it (what a dict key or a set item must
    /// be, or `literal_eval` fails).
    Unwritable {
        hashable: bool,
    },
    /// A complex number equal to a real one (`0j == 0`, `1+0j == 1`):
    /// unwritable like any complex number, but as a dict key it is that
    /// real key, so a later `1: v` replaces only its value, and an earlier
    /// `1` keeps its place and takes this one's value.
    RealComplex(Value),
}

impl Py {
    /// Whether Python can hash it: not a list, dict or set, nor a tuple
    /// holding one.
    fn hashable(&self) -> bool {
        fn value(v: &Value) -> bool {
            match v {
                Value::List(_) | Value::Dict(_) => false,
                Value::Tuple(items) => items.iter().all(value),
                _ => true,
            }
        }
        match self {
            Self::Lit(Literal::Value(v)) => value(v),
            // It holds a dict.
            Self::Lit(Literal::Json(..)) => false,
            Self::Unwritable { hashable } => *hashable,
            Self::RealComplex(_) => true,
        }
    }
}

const fn lit(v: Value) -> Py {
    Py::Lit(Literal::Value(v))
}

/// Items Flask can write, or, if one cannot be, whether they all hash.
fn writable(items: Vec<Py>) -> Result<Vec<Literal>, bool> {
    if items.iter().all(|i| matches!(i, Py::Lit(_))) {
        Ok(items
            .into_iter()
            .filter_map(|i| match i {
                Py::Lit(l) => Some(l),
                Py::Unwritable { .. } | Py::RealComplex(_) => None,
            })
            .collect())
    } else {
        Err(items.iter().all(Py::hashable))
    }
}

/// A list of these items.
fn list(items: Vec<Py>) -> Result<Py, String> {
    sequence(items, false)
}

/// A tuple of these items.
fn tuple(items: Vec<Py>) -> Result<Py, String> {
    sequence(items, true)
}

/// A list or tuple of these items: unwritable if one is (and hashable as
/// a tuple of hashable items is), as JSON text if one holds a dict with
/// keys that are not str.
fn sequence(items: Vec<Py>, tuple: bool) -> Result<Py, String> {
    let make = if tuple { Value::Tuple } else { Value::List };
    let items = match writable(items) {
        Ok(items) => items,
        Err(hashable) => {
            return Ok(Py::Unwritable {
                hashable: hashable && tuple,
            })
        }
    };
    Ok(Py::Lit(match values(items) {
        Ok(items) => Literal::Value(make(items)),
        Err(items) => Literal::Json(json_items(&make(Vec::new()), items)?, false),
    }))
}

/// The items as values, if none holds a dict with keys that are not str.
fn values(items: Vec<Literal>) -> Result<Vec<Value>, Vec<Literal>> {
    if items.iter().all(|i| i.as_value().is_some()) {
        Ok(items
            .into_iter()
            .filter_map(|i| match i {
                Literal::Value(v) => Some(v),
                Literal::Json(..) => None,
            })
            .collect())
    } else {
        Err(items)
    }
}

/// Flask's JSON of a sequence: `empty`'s (`[]`, or `{" t":[]}` for a
/// tuple), with the items' JSON between its brackets.
fn json_items(empty: &Value, items: Vec<Literal>) -> Result<String, String> {
    let shell = empty.to_flask_json().map_err(|e| e.to_string())?;
    let (open, close) = shell.split_at(shell.find(']').unwrap_or(shell.len()));
    let items = items
        .into_iter()
        .map(Literal::into_json)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(format!("{open}{}{close}", items.join(",")))
}

/// Whether `json.dumps` can write `key` as a dict key: a `str`, `int`,
/// `float`, `bool` or `None`.
const fn json_key(key: &Value) -> bool {
    matches!(
        key,
        Value::Str(_)
            | Value::Int(_)
            | Value::BigInt(_)
            | Value::Float(_)
            | Value::Bool(_)
            | Value::Null
    )
}

/// The kind of a key [`json_key`] allows: keys of different kinds do not
/// sort.
fn key_kind(key: &Value) -> u8 {
    match key {
        Value::Str(_) => 0,
        Value::Null => 1,
        _ => 2, // a number (a bool is an int)
    }
}

/// A number key as an integer or a float (no NaN: no literal makes one).
enum Num<'a> {
    Int(std::borrow::Cow<'a, BigInt>),
    Float(f64),
}

fn num(v: &Value) -> Option<Num<'_>> {
    Some(match v {
        Value::Bool(b) => Num::Int(std::borrow::Cow::Owned(BigInt::from(i64::from(*b)))),
        Value::Int(i) => Num::Int(std::borrow::Cow::Owned(BigInt::from(*i))),
        Value::BigInt(b) => Num::Int(std::borrow::Cow::Borrowed(b)),
        Value::Float(f) => Num::Float(*f),
        _ => return None,
    })
}

/// An integer against a float, exactly, as Python compares them.
fn cmp_int_float(i: &BigInt, f: f64) -> Ordering {
    if f.is_infinite() {
        return if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    // Rounding is monotonic, so a difference after rounding is the answer;
    // if none, `f` is an integer (a float at or above 2^53 always is; below,
    // `i` rounded exactly), compared exactly through its decimal digits.
    match i.to_f64().partial_cmp(&f) {
        Some(Ordering::Equal) | None => {
            let exact = BigInt::parse(&format!("{f:.0}")).unwrap_or_else(|_| BigInt::from(0i64));
            i.cmp(&exact)
        }
        Some(o) => o,
    }
}

/// Python's order of two keys of one kind (see [`key_kind`]).
fn cmp_keys(a: &Value, b: &Value) -> Ordering {
    let small = |v: &Value| match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    };
    match (a, b) {
        (Value::Str(a), Value::Str(b)) => a.cmp(b), // code point order
        _ if small(a).is_some() && small(b).is_some() => small(a).cmp(&small(b)),
        _ => match (num(a), num(b)) {
            (Some(Num::Int(a)), Some(Num::Int(b))) => a.cmp(&b),
            (Some(Num::Float(a)), Some(Num::Float(b))) => {
                a.partial_cmp(&b).unwrap_or(Ordering::Equal)
            }
            (Some(Num::Int(a)), Some(Num::Float(b))) => cmp_int_float(&a, b),
            (Some(Num::Float(a)), Some(Num::Int(b))) => cmp_int_float(&b, a).reverse(),
            _ => Ordering::Equal, // None == None
        },
    }
}

/// A key `json.dumps` can write, up to Python's `==` (`1.0 == 1 == True`,
/// `-0.0 == 0`, `2.0**70 == 2**70`), without decimal conversions.
#[derive(PartialEq, Eq, Hash)]
enum KeyId {
    Str(String),
    /// A finite number as `m * 2^e`, `m` odd (zero as 0, 0): what ints and
    /// floats that are equal share.
    Num {
        negative: bool,
        m: u64,
        e: i32,
    },
    /// An int whose odd part has more than 64 bits, which no float equals.
    Big(String),
    Inf {
        negative: bool,
    },
    None,
}

/// `m * 2^e` as a [`KeyId::Num`].
fn num_id(negative: bool, m: u64, e: i32) -> KeyId {
    if m == 0 {
        return KeyId::Num {
            negative: false,
            m: 0,
            e: 0,
        };
    }
    let tz = m.trailing_zeros();
    KeyId::Num {
        negative,
        m: m >> tz,
        e: e.saturating_add_unsigned(tz),
    }
}

fn key_id(key: &Value) -> Option<KeyId> {
    Some(match key {
        Value::Str(s) => KeyId::Str(s.clone()),
        Value::Null => KeyId::None,
        Value::Bool(b) => num_id(false, u64::from(*b), 0),
        Value::Int(i) => num_id(*i < 0, i.unsigned_abs(), 0),
        Value::BigInt(b) => big_id(b),
        Value::Float(f) if f.is_infinite() => KeyId::Inf { negative: *f < 0.0 },
        Value::Float(f) => {
            let bits = f.to_bits();
            let (exp, frac) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
            let (m, e) = if exp == 0 {
                (frac, -1074)
            } else {
                (
                    frac | 1 << 52,
                    i32::try_from(exp).unwrap_or_default() - 1075,
                )
            };
            num_id(bits >> 63 == 1, m, e)
        }
        _ => return None,
    })
}

/// A big int's [`KeyId`]: its binary form when its odd part fits 64 bits
/// (and a float could equal it), else its digits.
fn big_id(b: &BigInt) -> KeyId {
    let whole = || KeyId::Big(b.to_string());
    // Past 2^1024 (309 digits) no float equals it.
    if b.digits().len() > 310 {
        return whole();
    }
    // Base 2^32 limbs, least significant first.
    let mut limbs: Vec<u64> = Vec::new();
    for chunk in b.digits().as_bytes().chunks(9) {
        let (Ok(chunk), Ok(width)) = (
            core::str::from_utf8(chunk)
                .unwrap_or_default()
                .parse::<u64>(),
            u32::try_from(chunk.len()),
        ) else {
            return whole();
        };
        let mut carry = chunk;
        for limb in &mut limbs {
            let v = *limb * 10u64.pow(width) + carry;
            *limb = v & 0xffff_ffff;
            carry = v >> 32;
        }
        while carry > 0 {
            limbs.push(carry & 0xffff_ffff);
            carry >>= 32;
        }
    }
    // Shift the trailing zero bits out: the odd part, and the exponent.
    let Some(low) = limbs.iter().position(|&l| l != 0) else {
        return num_id(false, 0, 0);
    };
    let tz = low * 32 + limbs.get(low).map_or(0, |l| l.trailing_zeros() as usize);
    let (word, bit) = (tz / 32, tz % 32);
    let mut odd: Vec<u64> = (word..limbs.len())
        .map(|i| {
            let lo = limbs.get(i).copied().unwrap_or_default() >> bit;
            let hi = match (bit, limbs.get(i + 1)) {
                (1.., Some(h)) => (h << (32 - bit)) & 0xffff_ffff,
                _ => 0,
            };
            lo | hi
        })
        .collect();
    while odd.last() == Some(&0) {
        odd.pop();
    }
    match (odd.as_slice(), i32::try_from(tz)) {
        ([lo], Ok(e)) => num_id(b.is_negative(), *lo, e),
        ([lo, hi], Ok(e)) => num_id(b.is_negative(), lo | hi << 32, e),
        _ => whole(),
    }
}

/// How `json.dumps` writes a key that is not a str: as the JSON of the
/// value, in quotes (`1.0` as `"1.0"`, `True` as `"true"`).
fn key_json(key: &Value) -> Result<String, String> {
    let text = match key {
        Value::Str(_) => return key.to_flask_json().map_err(|e| e.to_string()),
        v => v.to_flask_json().map_err(|e| e.to_string())?,
    };
    Value::Str(text).to_flask_json().map_err(|e| e.to_string())
}

/// Flask's JSON of a dict holding a key that is not a str (or a value
/// holding one): its keys sorted in Python's order, as `sort_keys` sorts
/// them.
fn json_dict(mut entries: Vec<(Value, Literal)>) -> Result<String, String> {
    if let [(first, _), rest @ ..] = entries.as_slice() {
        if let Some((other, _)) = rest.iter().find(|(k, _)| key_kind(k) != key_kind(first)) {
            return Err(format!(
                "keys {} and {} cannot be signed together (Flask's JSON sorts keys, and \
                 Python orders neither before the other)",
                first.to_flask_json().map_err(|e| e.to_string())?,
                other.to_flask_json().map_err(|e| e.to_string())?
            ));
        }
    }
    entries.sort_by(|(a, _), (b, _)| cmp_keys(a, b));
    if let [(Value::Str(key), value)] = entries.as_mut_slice() {
        // One str key: Flask's own writer, for its `" di"` escape of a key
        // that looks like a tag, around this value's JSON.
        let shell = Value::Dict(Dict::from_iter([(std::mem::take(key), Value::Null)]))
            .to_flask_json()
            .map_err(|e| e.to_string())?;
        let value = std::mem::replace(value, Literal::Value(Value::Null)).into_json()?;
        let at = shell.rfind("null").unwrap_or(shell.len());
        return Ok(format!(
            "{}{value}{}",
            shell.get(..at).unwrap_or_default(),
            shell.get(at + 4..).unwrap_or_default()
        ));
    }
    let entries = entries
        .into_iter()
        .map(|(k, v)| Ok(format!("{}:{}", key_json(&k)?, v.into_json()?)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(format!("{{{}}}", entries.join(",")))
}

struct Parser<'a> {
    /// Where a CR LF of the text as given became one LF of `text`.
    joined: &'a [usize],
    text: &'a str,
    pos: usize,
    /// Open brackets: inside them line breaks are whitespace.
    depth: usize,
    /// Why the first value Flask cannot write cannot be written.
    unserializable: Option<String>,
    /// Whether the text ends in a backslash line join.
    joined_at_end: bool,
    /// Lone surrogates (`'\ud800'`), read as stand-ins.
    lone: Lone,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn error(&self, what: &str) -> String {
        let given = self.pos + self.joined.partition_point(|&at| at < self.pos);
        format!("{what} at byte {given}")
    }

    /// Whitespace between tokens: spaces, tabs, form feeds, comments and
    /// backslash line joins, and line breaks inside brackets.
    fn skip(&mut self) {
        self.skip_with(self.depth > 0);
    }

    /// [`Parser::skip`], line breaks included when `lines` (before the
    /// value and after it, where blank and comment lines may stand).
    fn skip_with(&mut self, lines: bool) {
        loop {
            let rest = self.rest();
            let step = match rest.as_bytes() {
                [b' ' | b'\t' | b'\x0c', ..] => 1,
                [b'\n' | b'\r', ..] if lines => 1,
                [b'\\', b'\r', b'\n', ..] => 3,
                [b'\\', b'\n' | b'\r', ..] => 2,
                [b'#', ..] => rest.find(['\n', '\r']).unwrap_or(rest.len()),
                _ => return,
            };
            let join = rest.starts_with('\\');
            self.pos += step;
            self.joined_at_end = join && self.pos == self.text.len();
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
    fn cannot_write(&mut self, what: &str, hashable: bool) -> Py {
        let why = self.error(&format!("{what} cannot be signed (Flask's JSON has none)"));
        self.unserializable.get_or_insert(why);
        Py::Unwritable { hashable }
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
                    '[' => self.items(']').and_then(|(items, _)| list(items)),
                    _ => self.paren(),
                };
                self.depth -= 1;
                match v? {
                    // `(1)+2j`: brackets make no node of their own.
                    Py::Lit(Literal::Value(
                        n @ (Value::Int(_) | Value::BigInt(_) | Value::Float(_)),
                    )) => {
                        let v = self.complex_sum(Lexed::Real(n))?;
                        Ok(self.lexed(v))
                    }
                    v => Ok(v),
                }
            }
            '\'' | '"' => self.strings(),
            'b' | 'B' | 'r' | 'R' | 'u' | 'U' if starts_string(rest) => self.strings(),
            '-' | '+' => {
                self.pos += 1;
                self.skip();
                let mut v = self.grouped_number()?;
                if first == '-' {
                    v = match v {
                        Lexed::Real(Value::Int(i)) => Lexed::Real(Value::Int(-i)),
                        Lexed::Real(Value::BigInt(b)) => Lexed::Real(Value::BigInt(
                            BigInt::parse(&format!("-{b}"))
                                .map_err(|_| self.error("integer out of range"))?,
                        )),
                        Lexed::Real(Value::Float(f)) => Lexed::Real(Value::Float(-f)),
                        v => v,
                    };
                }
                let v = self.complex_sum(v)?;
                Ok(self.lexed(v))
            }
            '0'..='9' | '.' => {
                let v = self.number()?;
                let v = self.complex_sum(v)?;
                Ok(self.lexed(v))
            }
            _ => {
                let word: &str = rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or_default();
                let v = match word {
                    "True" => lit(Value::Bool(true)),
                    "False" => lit(Value::Bool(false)),
                    "None" => lit(Value::Null),
                    "set" => {
                        // `set()`, spaced as Python allows.
                        self.pos += word.len();
                        self.skip();
                        if self.depth >= MAX_DEPTH && self.rest().starts_with('(') {
                            return Err(self.error("containers nest too deeply"));
                        }
                        let closed = self.eat('(') && {
                            self.skip_with(true);
                            self.eat(')')
                        };
                        if !closed {
                            return Err(self.error("not a Python literal"));
                        }
                        return Ok(self.cannot_write("a set", false));
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
            let text = self.text.get(self.pos..).unwrap_or_default();
            let (bytes, rest) =
                token(text, &mut out, Some(&mut self.lone)).map_err(|p| match p {
                    Parsed::Unknown => {
                        self.error("a string literal this tool does not read (\\N{...})")
                    }
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
            Ok(lit(Value::Bytes(out)))
        } else {
            // token() writes str values as UTF-8 of whole characters.
            String::from_utf8(out)
                .map(|s| lit(Value::Str(s)))
                .map_err(|_| self.error("malformed string literal"))
        }
    }

    /// Items up to `close`, comma-separated, a trailing comma allowed; and
    /// whether a comma was seen (what makes `(x,)` a tuple).
    fn items(&mut self, close: char) -> Result<(Vec<Py>, bool), String> {
        let mut items = Vec::new();
        let mut comma = false;
        loop {
            self.skip();
            if self.eat(close) {
                return Ok((items, comma));
            }
            items.push(self.value()?);
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
        let (mut items, comma) = self.items(')')?;
        match items.pop() {
            Some(v) if !comma && items.is_empty() => Ok(v),
            Some(v) => {
                items.push(v);
                tuple(items)
            }
            None => tuple(items),
        }
    }

    /// A dict (`{}` included), or a set.
    fn dict(&mut self) -> Result<Py, String> {
        // Python's dict: a repeated key keeps its place (and its first
        // spelling: `{1: 'a', True: 'b'}` is `{1: 'b'}`) and takes the last
        // value (which may replace one Flask cannot write).
        let mut entries: Vec<(Py, Py)> = Vec::new();
        let mut index: HashMap<KeyId, usize> = HashMap::new();
        loop {
            self.skip();
            if self.eat('}') {
                break;
            }
            let key = self.value()?;
            self.skip();
            if entries.is_empty() && !self.rest().starts_with(':') {
                return self
                    .set_after_first(key)?
                    .ok_or_else(|| self.error("':' expected"));
            }
            if !self.eat(':') {
                return Err(self.error("':' expected"));
            }
            if !key.hashable() {
                return Err(self.error("a dict key must be hashable (not a list, dict or set)"));
            }
            self.skip();
            let value = self.value()?;
            // (A key json.dumps cannot write makes the dict unwritable
            // anyway: which of those keys are equal does not matter.)
            let id = match &key {
                Py::Lit(Literal::Value(k)) => key_id(k),
                Py::RealComplex(real) => key_id(real),
                _ => None,
            };
            match id.map(|id| index.entry(id)) {
                Some(Entry::Occupied(at)) => {
                    if let Some(entry) = entries.get_mut(*at.get()) {
                        entry.1 = value;
                    }
                }
                Some(Entry::Vacant(slot)) => {
                    slot.insert(entries.len());
                    entries.push((key, value));
                }
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
        let mut writable = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            match (key, value) {
                (Py::Lit(Literal::Value(k)), Py::Lit(v)) if json_key(&k) => writable.push((k, v)),
                (Py::Lit(_), Py::Lit(_)) => {
                    return Ok(self.cannot_write(
                        "a dict key that is not a str, int, float, bool or None",
                        false,
                    ));
                }
                _ => return Ok(Py::Unwritable { hashable: false }),
            }
        }
        let plain = writable
            .iter()
            .all(|(k, v)| matches!(k, Value::Str(_)) && v.as_value().is_some());
        if plain {
            return Ok(lit(Value::Dict(
                writable
                    .into_iter()
                    .filter_map(|(k, v)| match (k, v) {
                        (Value::Str(k), Literal::Value(v)) => Some((k, v)),
                        _ => None,
                    })
                    .collect(),
            )));
        }
        Ok(match json_dict(writable) {
            Ok(json) => Py::Lit(Literal::Json(json, true)),
            Err(e) => {
                let why = self.error(&format!("{e}, in the dict ending"));
                self.unserializable.get_or_insert(why);
                Py::Unwritable { hashable: false }
            }
        })
    }

    /// After `{x` (the brace open, `x` read): the rest of a set, if `,` or
    /// `}` comes next (a set being unwritable), else `None`.
    fn set_after_first(&mut self, first: Py) -> Result<Option<Py>, String> {
        let mut items = if self.eat('}') {
            Vec::new()
        } else if self.eat(',') {
            self.items('}')?.0
        } else {
            return Ok(None);
        };
        items.push(first);
        if !items.iter().all(Py::hashable) {
            return Err(self.error("a set item must be hashable (not a list, dict or set)"));
        }
        Ok(Some(self.cannot_write("a set", false)))
    }

    /// A number literal as a value.
    fn lexed(&mut self, v: Lexed) -> Py {
        match v {
            Lexed::Real(v) => lit(v),
            // Python can hash a complex number; Flask's JSON cannot write it.
            Lexed::Complex { equals } => {
                let v = self.cannot_write("a complex number", true);
                equals.map_or(v, Py::RealComplex)
            }
            Lexed::TooLong => self.cannot_write("an int of more than 4300 digits", true),
        }
    }

    /// A number literal in brackets or none: `-(1)` is `-1`, as brackets
    /// make no node of their own.
    fn grouped_number(&mut self) -> Result<Lexed, String> {
        let saved = self.depth;
        while self.rest().starts_with('(') {
            if self.depth >= MAX_DEPTH {
                return Err(self.error("containers nest too deeply"));
            }
            self.pos += 1;
            self.depth += 1;
            self.skip();
        }
        let v = self.number()?;
        while self.depth > saved {
            self.skip();
            if !self.eat(')') {
                return Err(self.error("')' expected"));
            }
            self.depth -= 1;
        }
        Ok(v)
    }

    /// After a real number: `literal_eval` reads `1+2j` (a real number
    /// plus or minus an imaginary literal) as one complex number.
    fn complex_sum(&mut self, left: Lexed) -> Result<Lexed, String> {
        let Lexed::Real(left) = left else {
            return Ok(left);
        };
        let before = self.pos;
        self.skip();
        if !(self.eat('+') || self.eat('-')) {
            self.pos = before;
            return Ok(Lexed::Real(left));
        }
        self.skip();
        // The real part is a float (an int converted: `2**53+1+0j ==
        // 2.0**53`), which an int past the floats cannot be.
        let real = match &left {
            Value::Int(i) => *i as f64,
            Value::BigInt(b) => b.to_f64(),
            Value::Float(f) => *f,
            _ => f64::NAN,
        };
        if real.is_infinite() && !matches!(left, Value::Float(_)) {
            return Err(self.error("an int too large to convert to float (Python's OverflowError)"));
        }
        match self.grouped_number()? {
            Lexed::Complex { equals: Some(_) } => Ok(Lexed::Complex {
                equals: Some(Value::Float(real)),
            }),
            Lexed::Complex { .. } => Ok(Lexed::Complex { equals: None }),
            _ => Err(self.error("only an imaginary number may follow a '+' or '-'")),
        }
    }

    /// A number literal, as Python's tokenizer reads it (underscores
    /// between digits, `0x`/`0o`/`0b`, `1e999` is inf, `1j`).
    fn number(&mut self) -> Result<Lexed, String> {
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
        let v = number(literal).ok_or_else(|| self.error("malformed number"))?;
        self.pos += len;
        Ok(v)
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

/// A number literal, read.
enum Lexed {
    /// An int or float.
    Real(Value),
    /// A complex number (`1j`, `1+2j`), and the real number it equals when
    /// its imaginary part is zero (`0j == 0`, `1+0j == 1`).
    Complex { equals: Option<Value> },
    /// A `0x`/`0o`/`0b` int of more than 4300 decimal digits: Python reads
    /// it, and its JSON cannot be written (`int` to `str` is capped).
    TooLong,
}

/// The value of one number literal, unsigned.
fn number(s: &str) -> Option<Lexed> {
    let lower = s.to_ascii_lowercase();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(body) = lower.strip_prefix(prefix) {
            // Python allows an underscore right after the prefix.
            let d = digits(body.strip_prefix('_').unwrap_or(body), radix)?;
            return Some(radix_int(&d, radix));
        }
    }
    if let Some(body) = lower.strip_suffix('j') {
        // An imaginary literal: a float's spelling, or decimal digits
        // (leading zeros allowed: `09j`).
        let imaginary = if body.contains(['.', 'e']) {
            match real(body)? {
                Value::Float(f) => f,
                _ => return None,
            }
        } else {
            digits(body, 10)?.parse::<f64>().ok()?
        };
        return Some(Lexed::Complex {
            equals: (imaginary == 0.0).then_some(Value::Int(0)),
        });
    }
    real(&lower).map(Lexed::Real)
}

/// `digits` (in `radix`, a power of two, without underscores) as an int.
fn radix_int(digits: &str, radix: u32) -> Lexed {
    let digits = digits.trim_start_matches('0');
    let width = radix.trailing_zeros() as usize;
    // 2^14300 has 4305 decimal digits: anything longer cannot be written.
    if digits.len() * width > 14_300 {
        return Lexed::TooLong;
    }
    // Its bits, in base 2^32 limbs, least significant first.
    let mut limbs = vec![0u64; (digits.len() * width).div_ceil(32)];
    for (i, d) in digits
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(radix))
        .enumerate()
    {
        let (at, shift) = ((i * width) / 32, (i * width) % 32);
        let v = u64::from(d) << shift;
        if let Some(limb) = limbs.get_mut(at) {
            *limb |= v & 0xffff_ffff;
        }
        if let Some(limb) = limbs.get_mut(at + 1) {
            *limb |= v >> 32;
        }
    }
    // Decimal, nine digits a division.
    let mut chunks = Vec::new();
    while limbs.iter().any(|&l| l != 0) {
        let mut rem = 0u64;
        for limb in limbs.iter_mut().rev() {
            let v = rem << 32 | *limb;
            *limb = v / 1_000_000_000;
            rem = v % 1_000_000_000;
        }
        chunks.push(rem);
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
    }
    let mut text = chunks.pop().unwrap_or_default().to_string();
    for chunk in chunks.iter().rev() {
        text.push_str(&format!("{chunk:09}"));
    }
    match text.parse::<i64>() {
        Ok(i) => Lexed::Real(Value::Int(i)),
        Err(_) => BigInt::parse(&text).map_or(Lexed::TooLong, |b| Lexed::Real(Value::BigInt(b))),
    }
}

/// The value of one int or float literal, unsigned (lowercase).
fn real(lower: &str) -> Option<Value> {
    let is_float = lower.contains(['.', 'e']);
    if !is_float {
        let d = digits(lower, 10)?;
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
        None => (lower, None),
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
