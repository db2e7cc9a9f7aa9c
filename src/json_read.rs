//! Reading Flask session JSON: exactly what `json.loads(payload.decode("utf-8"))`
//! accepts (except lone surrogates, which a Rust `String` cannot hold),
//! untagged bottom-up as Flask's `_untag_scan` does (see [`crate::tag`]).
//! It never recurses: an explicit stack capped at `max_depth`.

use std::borrow::Cow;
use std::cell::Cell;

use crate::dict::{Entry, Key, TailBuilder};
use crate::error::PayloadError;
use crate::json::{decimal_value, find_special, HARD_MAX_DEPTH};
use crate::scratch;
use crate::tag;
use crate::value::{BigInt, Dict, Value};

/// Python's int max str digits.
const MAX_INT_DIGITS: usize = 4300;

/// One open container while reading.
enum Frame {
    /// A list whose items so far are the values from this index on.
    List(usize),
    Dict(DictFrame),
}

struct DictFrame {
    /// Its entries so far: the tail of the entry scratch.
    map: TailBuilder,
    /// The key whose value is being read.
    key: Key,
    /// Keys in order of appearance, repeats included (removed on close),
    /// kept only when this dict is the value of a `" t"` or `" di"` key
    /// (where Python's insertion order shows).
    order: Option<Vec<String>>,
    /// The `order` of the dict last stored under a `" t"`/`" di"` key.
    tag_child_order: Option<Vec<String>>,
}

/// Reads tagged JSON as Flask's `session_json_serializer.loads` does:
/// `json.loads(input.decode("utf-8"))`, then untagging bottom-up.
///
/// Accepts what Python accepts: any top-level value, `NaN`, `Infinity`,
/// `-Infinity`, integers of up to 4300 digits ([`Value::BigInt`] beyond
/// `i64`), duplicate keys (the last wins, at the place of the first),
/// surrounding space, tab, CR and LF. Rejects a UTF-8 BOM, invalid UTF-8,
/// raw control characters in strings and lone surrogate escapes
/// ([`PayloadError::LoneSurrogate`]; Python would make a `str` holding one).
///
/// `max_depth` caps nesting in containers (and is itself capped at
/// [`HARD_MAX_DEPTH`]); deeper input fails with [`PayloadError::TooDeep`]
/// without recursion.
pub(crate) fn read_tagged(input: &[u8], max_depth: usize) -> Result<Value, PayloadError> {
    let text = core::str::from_utf8(input).map_err(|_| PayloadError::Utf8)?;
    // The container stack is per-thread scratch: one allocation fewer per
    // cookie.
    let max_depth = max_depth.min(HARD_MAX_DEPTH);
    let result = scratch::with(&STACK, |stack| {
        let result = Reader {
            text,
            bytes: input,
            pos: 0,
            closed_order: None,
        }
        .read(max_depth, stack);
        scratch::recycle(&mut stack.frames, STACK_KEEP);
        scratch::recycle(&mut stack.values, VALUES_KEEP);
        scratch::recycle(&mut stack.entries, ENTRIES_KEEP);
        result
    });
    match result {
        // Untagging while parsing met a malformed tag. Python parses first
        // and untags only what is left, so a malformed value that a later
        // duplicate key overwrote (at any level, also inside a dict under
        // `" t"` or `" di"`) is never read there: redo it in Python's order
        // (rare; signed cookies only). Every value that survives is read:
        // `_untag_scan` untags all children before the dict itself.
        Err(PayloadError::Tag) => python_order::read(text, input, max_depth),
        other => other,
    }
}

/// Flask's `loads` step by step: `json.loads` into plain containers (dicts
/// keep insertion order, a repeated key keeps its first place and takes the
/// last value), then `_untag_scan` over what is left, bottom-up.
mod python_order {
    use std::collections::HashMap;

    use super::{Reader, HARD_MAX_DEPTH};
    use crate::dict::{Builder, Key};
    use crate::error::PayloadError;
    use crate::tag;
    use crate::value::Value;

    /// A parsed JSON value before untagging.
    enum Raw {
        Leaf(Value),
        List(Vec<Raw>),
        /// Entries in first-appearance order, keys unique.
        Dict(Vec<(Key, Raw)>),
    }

    enum Frame {
        List(Vec<Raw>),
        /// The entries so far, the index of each key, and the key whose
        /// value is being read.
        Dict(Vec<(Key, Raw)>, HashMap<Key, usize>, Key),
    }

    pub(super) fn read(text: &str, bytes: &[u8], max_depth: usize) -> Result<Value, PayloadError> {
        let mut reader = Reader {
            text,
            bytes,
            pos: 0,
            closed_order: None,
        };
        let raw = parse(&mut reader, max_depth.min(HARD_MAX_DEPTH))?;
        untag_scan(raw).map(|(v, _)| v)
    }

    fn parse(r: &mut Reader<'_>, max_depth: usize) -> Result<Raw, PayloadError> {
        let mut stack: Vec<Frame> = Vec::new();
        r.skip_ws();
        'value: loop {
            let mut done = match r.peek() {
                Some(open @ (b'[' | b'{')) => {
                    if stack.len() >= max_depth {
                        return Err(PayloadError::TooDeep);
                    }
                    r.pos += 1;
                    r.skip_ws();
                    let close = if open == b'[' { b']' } else { b'}' };
                    if r.peek() == Some(close) {
                        r.pos += 1;
                        if open == b'[' {
                            Raw::List(Vec::new())
                        } else {
                            Raw::Dict(Vec::new())
                        }
                    } else {
                        if open == b'[' {
                            stack.push(Frame::List(Vec::new()));
                        } else {
                            let mut key = Key::default();
                            r.key_into(&mut key)?;
                            r.skip_ws();
                            stack.push(Frame::Dict(Vec::new(), HashMap::new(), key));
                        }
                        continue 'value;
                    }
                }
                _ => Raw::Leaf(r.scalar()?),
            };
            loop {
                r.skip_ws();
                match stack.last_mut() {
                    None => {
                        return if r.pos == r.bytes.len() {
                            Ok(done)
                        } else {
                            Err(PayloadError::Json)
                        };
                    }
                    Some(Frame::List(items)) => {
                        items.push(done);
                        match r.peek() {
                            Some(b',') => {
                                r.pos += 1;
                                r.skip_ws();
                                continue 'value;
                            }
                            Some(b']') => {
                                r.pos += 1;
                                let Some(Frame::List(items)) = stack.pop() else {
                                    return Err(PayloadError::Json);
                                };
                                done = Raw::List(items);
                            }
                            _ => return Err(PayloadError::Json),
                        }
                    }
                    Some(Frame::Dict(entries, index, key)) => {
                        let key = core::mem::take(key);
                        match index.get(&key) {
                            Some(&i) => {
                                if let Some(slot) = entries.get_mut(i) {
                                    slot.1 = done;
                                }
                            }
                            None => {
                                index.insert(key.clone(), entries.len());
                                entries.push((key, done));
                            }
                        }
                        match r.peek() {
                            Some(b',') => {
                                r.pos += 1;
                                r.skip_ws();
                                if let Some(Frame::Dict(_, _, key)) = stack.last_mut() {
                                    r.key_into(key)?;
                                }
                                r.skip_ws();
                                continue 'value;
                            }
                            Some(b'}') => {
                                r.pos += 1;
                                let Some(Frame::Dict(entries, _, _)) = stack.pop() else {
                                    return Err(PayloadError::Json);
                                };
                                done = Raw::Dict(entries);
                            }
                            _ => return Err(PayloadError::Json),
                        }
                    }
                }
            }
        }
    }

    /// A container of the raw tree being untagged: its children not yet
    /// visited, and what is built of the ones that were.
    enum Open {
        List(std::vec::IntoIter<Raw>, Vec<Value>),
        Dict {
            rest: std::vec::IntoIter<(Key, Raw)>,
            map: Builder,
            /// The keys in first-appearance order (what `tuple(d)` and
            /// `next(iter(d))` see if the dict stays a dict).
            order: Vec<String>,
            /// The key of the child being untagged.
            key: Option<Key>,
            /// For a one-key dict, its child's key order (a `" t"` or
            /// `" di"` tag's value, when that is a dict).
            child_order: Option<Vec<String>>,
        },
    }

    /// Where the walk is: about to untag a raw value, holding a finished
    /// one (with its key order if it is still a dict), or going on with the
    /// innermost open container.
    enum Step {
        Visit(Raw),
        Done(Value, Option<Vec<String>>),
        Next,
    }

    /// `_untag_scan`: children first, then the dict itself, in Python's
    /// order, so the first malformed tag Flask would fail on is the one
    /// reported. Iterative, with an explicit stack: it runs on untrusted
    /// text (unverified decoding, `Value::from_flask_json`) up to
    /// [`HARD_MAX_DEPTH`] deep, where a recursive walk took 3.3 KiB of stack
    /// a level in a debug build.
    fn untag_scan(raw: Raw) -> Result<(Value, Option<Vec<String>>), PayloadError> {
        let mut open: Vec<Open> = Vec::new();
        let mut step = Step::Visit(raw);
        loop {
            step = match step {
                Step::Visit(Raw::Leaf(v)) => Step::Done(v, None),
                Step::Visit(Raw::List(items)) => {
                    let built = Vec::with_capacity(items.len());
                    open.push(Open::List(items.into_iter(), built));
                    Step::Next
                }
                Step::Visit(Raw::Dict(entries)) => {
                    open.push(Open::Dict {
                        order: entries.iter().map(|(k, _)| k.to_string()).collect(),
                        map: Builder::with_capacity(entries.len()),
                        rest: entries.into_iter(),
                        key: None,
                        child_order: None,
                    });
                    Step::Next
                }
                Step::Done(value, order) => match open.last_mut() {
                    None => return Ok((value, order)),
                    Some(Open::List(_, built)) => {
                        built.push(value);
                        Step::Next
                    }
                    Some(Open::Dict {
                        map,
                        key,
                        child_order,
                        order: keys,
                        ..
                    }) => {
                        if keys.len() == 1 {
                            *child_order = order;
                        }
                        if let Some(key) = key.take() {
                            map.push(key, value);
                        }
                        Step::Next
                    }
                },
                Step::Next => match open.last_mut() {
                    None => return Err(PayloadError::Json),
                    Some(Open::List(rest, _)) => match rest.next() {
                        Some(item) => Step::Visit(item),
                        None => match open.pop() {
                            Some(Open::List(_, built)) => Step::Done(Value::List(built), None),
                            _ => return Err(PayloadError::Json),
                        },
                    },
                    Some(Open::Dict { rest, key, .. }) => match rest.next() {
                        Some((k, value)) => {
                            *key = Some(k);
                            Step::Visit(value)
                        }
                        None => match open.pop() {
                            Some(Open::Dict {
                                map,
                                order,
                                child_order,
                                ..
                            }) => close_dict(map, order, child_order)?,
                            _ => return Err(PayloadError::Json),
                        },
                    },
                },
            };
        }
    }

    /// A dict whose children are untagged: untagged itself if it is a
    /// one-key tag, else kept with its key order.
    fn close_dict(
        map: Builder,
        order: Vec<String>,
        child_order: Option<Vec<String>>,
    ) -> Result<Step, PayloadError> {
        let mut map = map.finish();
        if tag::single_tag_key(&map) {
            if let Some((key, value)) = map.pop_first_key() {
                return Ok(Step::Done(tag::untag(&key, value, child_order)?, None));
            }
        }
        Ok(Step::Done(Value::Dict(map), Some(order)))
    }
}

/// Stacks that grew past this many frames (deep input) are freed after use.
const STACK_KEEP: usize = 64;
/// The value scratch is freed after use past this many (32 bytes each).
const VALUES_KEEP: usize = 1024;
/// The entry scratch is freed after use past this many (56 bytes each).
const ENTRIES_KEEP: usize = 512;

/// The reader's per-thread scratch: the open containers, and the items and
/// entries read so far of the open lists and dicts, each container's at the
/// tail of a vector shared by all. A container that closes moves its tail
/// into an allocation of exactly its length: no growing (and copying) of
/// each list and dict as it fills.
#[derive(Default)]
struct Stack {
    frames: Vec<Frame>,
    values: Vec<Value>,
    entries: Vec<Entry>,
}

thread_local! {
    static STACK: Cell<Stack> = const {
        Cell::new(Stack {
            frames: Vec::new(),
            values: Vec::new(),
            entries: Vec::new(),
        })
    };
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Key order of the dict that just closed, when it was tracked.
    closed_order: Option<Vec<String>>,
}

/// Whether `key` is `" t"` or `" di"`, the tags whose dict values keep
/// Python's insertion order (first byte checked first: almost no key starts
/// with a space).
#[inline]
fn orders_child(key: &str) -> bool {
    key.as_bytes().first() == Some(&b' ') && (key == tag::TUPLE || key == tag::DICT)
}

impl<'a> Reader<'a> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes `lit` or fails.
    fn literal(&mut self, lit: &[u8]) -> Result<(), PayloadError> {
        let end = self.pos.checked_add(lit.len()).ok_or(PayloadError::Json)?;
        if self.bytes.get(self.pos..end) == Some(lit) {
            self.pos = end;
            Ok(())
        } else {
            Err(PayloadError::Json)
        }
    }

    fn read(mut self, max_depth: usize, scratch: &mut Stack) -> Result<Value, PayloadError> {
        let Stack {
            frames: stack,
            values,
            entries,
        } = scratch;
        self.skip_ws();
        'value: loop {
            // Read one value; containers push a frame and read their first
            // element (or close at once when empty).
            let mut done = Value::Null;
            match self.peek() {
                Some(b'[') => {
                    if stack.len() >= max_depth {
                        return Err(PayloadError::TooDeep);
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        done = Value::List(Vec::new());
                    } else {
                        stack.push(Frame::List(values.len()));
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    if stack.len() >= max_depth {
                        return Err(PayloadError::TooDeep);
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        done = Value::Dict(Dict::new());
                    } else {
                        let track = matches!(
                            stack.last(),
                            Some(Frame::Dict(DictFrame { key, .. })) if orders_child(key)
                        );
                        let mut key = Key::default();
                        self.key_into(&mut key)?;
                        stack.push(Frame::Dict(DictFrame {
                            map: TailBuilder::new(entries),
                            key,
                            order: track.then(Vec::new),
                            tag_child_order: None,
                        }));
                        self.skip_ws();
                        continue 'value;
                    }
                }
                _ => self.scalar_into(&mut done)?,
            }
            // Attach the finished value to its parent, closing parents that
            // end here.
            loop {
                self.skip_ws();
                match stack.last_mut() {
                    None => {
                        return if self.pos == self.bytes.len() {
                            Ok(done)
                        } else {
                            Err(PayloadError::Json)
                        };
                    }
                    Some(Frame::List(start)) => {
                        let start = *start;
                        values.push(done);
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                stack.pop();
                                // One copy into exactly its length.
                                let items = scratch::take_tail(values, start);
                                done = Value::List(items);
                            }
                            _ => return Err(PayloadError::Json),
                        }
                    }
                    Some(Frame::Dict(frame)) => {
                        let key = core::mem::take(&mut frame.key);
                        // The order of the dict just closed, if it was tracked:
                        // it is always this key's value (tracking is decided
                        // by this very key when the child opened).
                        let child_order = self.closed_order.take();
                        if orders_child(&key) {
                            frame.tag_child_order = child_order;
                        }
                        if let Some(order) = &mut frame.order {
                            order.push(key.to_string());
                        }
                        frame.map.push(entries, key, done);
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                self.key_into(&mut frame.key)?;
                                self.skip_ws();
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let Some(Frame::Dict(frame)) = stack.pop() else {
                                    return Err(PayloadError::Json);
                                };
                                done = Value::Null;
                                self.closed_order = close_dict(frame, entries, &mut done)?;
                            }
                            _ => return Err(PayloadError::Json),
                        }
                    }
                }
            }
        }
    }

    /// Reads `"key"` and the `:` after it into `out`. (Not returned: a
    /// `Result<Key, _>` keeps its tag in the key's last byte, and moving the
    /// key out of it compiled to misaligned copies that stalled on store
    /// forwarding, 10% of parsing a small session by perf annotate.)
    fn key_into(&mut self, out: &mut Key) -> Result<(), PayloadError> {
        if self.peek() != Some(b'"') {
            return Err(PayloadError::Json);
        }
        self.pos += 1;
        *out = match self.string_cow()? {
            Cow::Borrowed(k) => Key::new(k),
            Cow::Owned(k) => Key::from(k),
        };
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(PayloadError::Json);
        }
        self.pos += 1;
        Ok(())
    }

    /// Reads a string, literal or number.
    fn scalar(&mut self) -> Result<Value, PayloadError> {
        let mut out = Value::Null;
        self.scalar_into(&mut out).map(|()| out)
    }

    /// [`Reader::scalar`] into `out`. (Not returned: the parser moved a
    /// returned `Result<Value, _>` out with 16-byte loads over the callee's
    /// narrower stores, which stalled on store forwarding; perf annotate put
    /// those loads at a third of `read` on the 4 KB session.)
    fn scalar_into(&mut self, out: &mut Value) -> Result<(), PayloadError> {
        let v = match self.peek() {
            Some(b'"') => {
                self.pos += 1;
                Value::Str(self.string_cow()?.into_owned())
            }
            Some(b't') => self.literal(b"true").map(|()| Value::Bool(true))?,
            Some(b'f') => self.literal(b"false").map(|()| Value::Bool(false))?,
            Some(b'n') => self.literal(b"null").map(|()| Value::Null)?,
            Some(b'N') => self.literal(b"NaN").map(|()| Value::Float(f64::NAN))?,
            Some(b'I') => self
                .literal(b"Infinity")
                .map(|()| Value::Float(f64::INFINITY))?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => return Err(PayloadError::Json),
        };
        put(out, v);
        Ok(())
    }

    /// Reads a number as Python's scanner does: `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`,
    /// or `-Infinity`. Without fraction or exponent it is an int.
    ///
    /// One scan: the digits of the integer and fraction parts are summed
    /// into `m` as they are passed (wrapping; `m` is used only when there
    /// are few enough digits to be exact), so short ints and decimals such
    /// as prices need no second pass.
    fn number(&mut self) -> Result<Value, PayloadError> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut pos = start;
        let negative = bytes.get(pos) == Some(&b'-');
        if negative {
            pos += 1;
            if bytes.get(pos) == Some(&b'I') {
                self.pos = pos;
                return self
                    .literal(b"Infinity")
                    .map(|()| Value::Float(f64::NEG_INFINITY));
            }
        }
        let int_start = pos;
        let mut m: u64 = 0;
        match bytes.get(pos) {
            Some(b'0') => pos += 1,
            Some(b'1'..=b'9') => pos = sum_digits(bytes, pos, &mut m),
            _ => return Err(PayloadError::Json),
        }
        let int_end = pos;
        let mut is_float = false;
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            if !matches!(bytes.get(pos), Some(b'0'..=b'9')) {
                return Err(PayloadError::Json);
            }
            pos = sum_digits(bytes, pos, &mut m);
            is_float = true;
        }
        let frac_end = pos;
        let mut exponent = false;
        if let Some(b'e' | b'E') = bytes.get(pos) {
            pos += 1;
            if let Some(b'+' | b'-') = bytes.get(pos) {
                pos += 1;
            }
            if !matches!(bytes.get(pos), Some(b'0'..=b'9')) {
                return Err(PayloadError::Json);
            }
            pos = sum_digits(bytes, pos, &mut 0);
            is_float = true;
            exponent = true;
        }
        self.pos = pos;
        if is_float {
            if !exponent {
                // `I.F`: its digits are those of `I` and `F`, the point
                // between them.
                let int_digits = int_end - int_start;
                let frac_digits = frac_end - int_end - 1;
                if let Some(v) = decimal_value(m, int_digits + frac_digits, frac_digits) {
                    return Ok(Value::Float(if negative { -v } else { v }));
                }
            }
            // Rust's parser is correctly rounded like Python's, and gives
            // +-inf on overflow (1e400) like Python's float().
            let text = self.text.get(start..pos).ok_or(PayloadError::Json)?;
            return text
                .parse::<f64>()
                .map(Value::Float)
                .map_err(|_| PayloadError::Json);
        }
        let n_digits = int_end - int_start;
        if n_digits <= 18 {
            // At most 18 digits: m < 10^18 < 2^63, exact.
            let n = m as i64;
            return Ok(Value::Int(if negative { -n } else { n }));
        }
        let text = self.text.get(start..pos).ok_or(PayloadError::Json)?;
        if let Ok(n) = text.parse::<i64>() {
            return Ok(Value::Int(n));
        }
        if n_digits > MAX_INT_DIGITS {
            return Err(PayloadError::IntTooLong);
        }
        let digits = self
            .text
            .get(int_start..int_end)
            .ok_or(PayloadError::Json)?;
        Ok(Value::BigInt(BigInt::from_canonical(negative, digits)))
    }

    /// Reads the rest of a string whose opening quote was consumed, borrowed
    /// from the input unless it holds an escape.
    ///
    /// Inline, for its common case: a string without escapes is found by one
    /// scan and borrowed, with no `Cow` built and taken apart by the caller
    /// (out of line, this call and its result were half the cost of reading
    /// a short key).
    #[inline(always)]
    fn string_cow(&mut self) -> Result<Cow<'a, str>, PayloadError> {
        let start = self.pos;
        let rest = self.bytes.get(start..).unwrap_or_default();
        if let Some(run) = find_special::<false>(rest) {
            if rest.get(run) == Some(&b'"') {
                // The run ends on an ASCII byte, so it is whole characters.
                if let Some(chunk) = self.text.get(start..start + run) {
                    self.pos = start + run + 1;
                    return Ok(Cow::Borrowed(chunk));
                }
            }
        }
        self.string_escaped()
    }

    /// [`Reader::string_cow`] for a string with an escape (or a malformed
    /// one), from its start again.
    #[cold]
    #[inline(never)]
    fn string_escaped(&mut self) -> Result<Cow<'a, str>, PayloadError> {
        // Allocated only when the string holds an escape.
        let mut unescaped: Option<String> = None;
        loop {
            let start = self.pos;
            let rest = self.bytes.get(start..).unwrap_or_default();
            let run = find_special::<false>(rest).ok_or(PayloadError::Json)?;
            // The run ends on an ASCII byte, so it is whole characters.
            let chunk = self
                .text
                .get(start..start + run)
                .ok_or(PayloadError::Json)?;
            self.pos = start + run + 1;
            match rest.get(run) {
                Some(b'"') => {
                    return Ok(match unescaped {
                        None => Cow::Borrowed(chunk),
                        Some(mut out) => {
                            out.push_str(chunk);
                            Cow::Owned(out)
                        }
                    });
                }
                Some(b'\\') => {
                    let out = unescaped.get_or_insert_with(|| String::with_capacity(run + 16));
                    out.push_str(chunk);
                    let esc = self.peek().ok_or(PayloadError::Json)?;
                    self.pos += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let c = self.unicode_escape()?;
                            out.push(c);
                        }
                        _ => return Err(PayloadError::Json),
                    }
                }
                // A raw control character (Python's strict=True).
                _ => return Err(PayloadError::Json),
            }
        }
    }

    /// Four hex digits after `\u`.
    fn hex4(&mut self) -> Result<u32, PayloadError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(tag::hex_val)
                .ok_or(PayloadError::Json)?;
            v = (v << 4) | u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    /// The character of a `\uXXXX` escape whose `\u` was consumed, joining a
    /// surrogate pair. A lone surrogate is an error.
    fn unicode_escape(&mut self) -> Result<char, PayloadError> {
        let unit = self.hex4()?;
        let cp = match unit {
            0xd800..=0xdbff => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(PayloadError::LoneSurrogate);
                }
                self.pos += 2;
                let low = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return Err(PayloadError::LoneSurrogate);
                }
                0x1_0000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
            }
            0xdc00..=0xdfff => return Err(PayloadError::LoneSurrogate),
            _ => unit,
        };
        char::from_u32(cp).ok_or(PayloadError::LoneSurrogate)
    }
}

/// Skips the ASCII digits of `bytes` from `pos`, adding them to `m` as
/// decimal digits (wrapping), and returns the position after them.
#[inline(always)]
fn sum_digits(bytes: &[u8], mut pos: usize, m: &mut u64) -> usize {
    let mut acc = *m;
    while let Some(&b @ b'0'..=b'9') = bytes.get(pos) {
        acc = acc.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
        pos += 1;
    }
    *m = acc;
    pos
}

/// Closes a dict: Flask's `untag` on it, after its children were untagged.
/// The value goes to `out` (see [`Reader::scalar_into`] for why), the
/// order of its keys is returned if it was tracked.
fn close_dict(
    frame: DictFrame,
    entries: &mut Vec<Entry>,
    out: &mut Value,
) -> Result<Option<Vec<String>>, PayloadError> {
    let DictFrame {
        map,
        mut order,
        tag_child_order,
        ..
    } = frame;
    let mut map = map.finish(entries);
    if let Some(keys) = &mut order {
        if keys.len() != map.len() {
            // A key repeated: Python keeps its first position (and the
            // last value, which `finish` did).
            let mut seen = std::collections::HashSet::with_capacity(map.len());
            keys.retain(|k| seen.insert(k.clone()));
        }
    }
    if tag::single_tag_key(&map) {
        if let Some((key, value)) = map.pop_first_key() {
            put(out, tag::untag(&key, value, tag_child_order)?);
            return Ok(None);
        }
    }
    put(out, Value::Dict(map));
    Ok(order)
}

/// `*slot = v` for a slot that holds `Null` (as every one the reader writes
/// a value into does) without the out-of-line drop call the compiler
/// emitted for the old value on every scalar; anything else is dropped.
#[inline(always)]
fn put(slot: &mut Value, v: Value) {
    let old = core::mem::replace(slot, v);
    if matches!(old, Value::Null) {
        // Nothing to drop.
        core::mem::forget(old);
    } else {
        drop(old);
    }
}
