//! `decode`, `verify` and `sign`.

use std::io::{self, Read};
use std::process::ExitCode;

use flask_cookie::{
    dangerous_decode_unverified_json, dangerous_decode_unverified_value, unix_now, Error, KeyMatch,
    Keys, PayloadError, SecretKey, Serializer, Session, SessionCodec, SessionConfig,
    SignatureError, SignerConfig, Value,
};

use crate::args::{take_key, DecodeArgs, HexBytes, MaxAge, Secret, SignArgs, Signing, VerifyArgs};
use crate::io::{
    arg_bytes, error_line, json_chars, json_str, lower, note, pasted_cookie, read_line_capped,
    rfc3339, too_large, Line, Out, CLI_LIMITS, MAX_JSON_INPUT,
};
use crate::py_value::{self, Literal, NotSigned};
use crate::surrogates::{
    is_stand_in, restore_lone_surrogates, stand_in_lone_surrogates, STAND_INS, STAND_INS_START,
};
use crate::{hints, not_a_dict};

pub(crate) const OK: u8 = 0;
pub(crate) const INVALID: u8 = 1;
pub(crate) const USAGE: u8 = 2;
/// `verify`: the signature and age hold, but the payload is not a dict.
pub(crate) const NOT_A_DICT: u8 = 3;

/// The exit status of a batch: its worst line's (usage, then invalid, then
/// not a dict).
const fn worst(a: u8, b: u8) -> u8 {
    const fn rank(code: u8) -> u8 {
        match code {
            OK => 0,
            NOT_A_DICT => 1,
            INVALID => 2,
            _ => 3,
        }
    }
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// Prints `message` as the one-line error on stderr and returns `code`.
pub(crate) fn fail(code: u8, message: &str) -> ExitCode {
    note(&format!("flask-cookie: {message}"));
    ExitCode::from(code)
}

/// [`fail`], and with `--json` also `{"error":"..."}` on stdout, so a script
/// reading stdout sees one object per result, failures included.
pub(crate) fn fail_json(json: bool, code: u8, message: &str) -> ExitCode {
    if json {
        let mut out = Out::new();
        out.line(&format!("{{\"error\":{}}}", json_str(message)));
    }
    fail(code, message)
}

/// The signer settings from the command line.
pub(crate) fn signer_config(s: &Signing) -> SignerConfig {
    let config = SignerConfig::flask_session()
        .with_salt(arg_bytes(&s.salt))
        .with_digest(s.digest.into())
        .with_key_derivation(s.derivation.into())
        .with_limits(CLI_LIMITS);
    if s.legacy {
        config.with_legacy_epoch()
    } else {
        config
    }
}

/// The key from `--secret` or `--secret-hex` (clap requires exactly one),
/// taken out of the arguments and wiped there. The error never repeats the
/// argument.
fn secret_key(s: &mut Secret) -> Result<SecretKey, String> {
    match (s.secret.take(), &s.secret_hex) {
        (Some(text), _) => Ok(take_key(text)),
        (None, Some(HexBytes(Ok(bytes)))) => Ok(SecretKey::new(bytes)),
        (None, Some(HexBytes(Err(e)))) => Err(format!("invalid value for --secret-hex: {e}")),
        (None, None) => Ok(SecretKey::new(&[])),
    }
}

/// Where cookies come from: one argument, or stdin one a line.
enum Source {
    Arg(String),
    Stdin,
}

fn source(cookie: Option<String>) -> Source {
    match cookie {
        Some(c) if c != "-" => Source::Arg(c),
        _ => Source::Stdin,
    }
}

/// Why a line of stdin is no cookie at all.
enum LineError {
    NotUtf8,
    TooLong,
}

impl LineError {
    fn message(&self) -> String {
        match self {
            Self::NotUtf8 => "cookie is not utf-8 text".to_owned(),
            Self::TooLong => too_large().to_string(),
        }
    }

    const fn kind(&self) -> &'static str {
        match self {
            Self::NotUtf8 => "malformed",
            Self::TooLong => "too_large",
        }
    }
}

/// Runs `handle` on each line of stdin (trimmed), printing one output line
/// per input line; returns the worst exit status of the lines, or the read
/// error.
fn each_stdin_line(
    out: &mut Out,
    mut handle: impl FnMut(Result<&str, LineError>) -> (u8, String),
) -> io::Result<u8> {
    let stdin = io::stdin();
    let mut reader = io::BufReader::with_capacity(1 << 16, stdin.lock());
    let mut status = OK;
    loop {
        // Answer every line already read before waiting for more input, so
        // that a co-process can feed one line and read one line.
        if reader.buffer().is_empty() {
            out.flush();
        }
        // Nobody reads the answers any more (`… | head -1`): stop rather
        // than check an endless input for nothing.
        if out.is_broken() {
            break;
        }
        let Some(line) = read_line_capped(&mut reader, CLI_LIMITS.max_token_len())? else {
            break;
        };
        let text = match &line {
            Line::Text(t) => core::str::from_utf8(t)
                .map(str::trim)
                .map_err(|_| LineError::NotUtf8),
            Line::TooLong => Err(LineError::TooLong),
        };
        let (code, output) = handle(text);
        status = worst(status, code);
        out.line(&output);
    }
    Ok(status)
}

// ---------------------------------------------------------------------------
// decode
// ---------------------------------------------------------------------------

pub(crate) fn decode(mut args: DecodeArgs, json: bool) -> ExitCode {
    let mut out = Out::new();
    let (legacy, name) = (args.legacy, args.name.as_str());
    match source(args.cookie.take()) {
        Source::Arg(cookie) => {
            match pasted_cookie(&cookie, name).and_then(|c| decode_one(&c, legacy, json)) {
                Ok((text, note)) => {
                    out.line(&text);
                    out.flush();
                    crate::io::note(&note);
                    ExitCode::from(OK)
                }
                Err(e) => {
                    if json {
                        out.line(&format!("{{\"error\":{}}}", json_str(&e)));
                    }
                    fail(USAGE, &e)
                }
            }
        }
        Source::Stdin => {
            let result = each_stdin_line(&mut out, |line| {
                let r = line
                    .map_err(|e| format!("malformed cookie: {}", e.message()))
                    .and_then(|c| pasted_cookie(c, name))
                    .and_then(|c| decode_one(&c, legacy, json));
                match r {
                    Ok((text, _)) => (OK, text),
                    Err(e) if json => (USAGE, format!("{{\"error\":{}}}", json_str(&e))),
                    Err(e) => (USAGE, error_line(&e)),
                }
            });
            match result {
                Ok(code) => ExitCode::from(code),
                Err(e) => fail(USAGE, &format!("cannot read stdin: {}", lower(&e))),
            }
        }
    }
}

fn decode_error(e: &Error) -> String {
    match e {
        Error::BadSignature(SignatureError::MissingSeparator) => {
            "malformed cookie: no '.' separator".to_owned()
        }
        Error::MissingTimestamp => {
            "malformed cookie: no timestamp (expected payload.timestamp.signature)".to_owned()
        }
        Error::BadPayload(p) => format!("malformed cookie: {p}"),
        e => format!("malformed cookie: {e}"),
    }
}

/// The output line and the stderr note for one cookie. A payload of any
/// JSON type is shown; `null` as the empty session, as Flask opens it.
fn decode_one(cookie: &str, legacy: bool, json: bool) -> Result<(String, String), String> {
    if cookie.is_empty() {
        return Err("malformed cookie: empty".to_owned());
    }
    // The payload as Flask's reader reads it, and when and how it claims
    // to have been signed.
    let (read, timestamp, signed_at, compressed) =
        match dangerous_decode_unverified_value(cookie, &CLI_LIMITS) {
            Ok(c) => {
                let signed_at = c.claimed_signed_at(legacy);
                let (timestamp, compressed) = (c.timestamp, c.compressed);
                let read = LoneSurrogates::Value {
                    value: c.value,
                    stood: false,
                };
                (read, timestamp, signed_at, compressed)
            }
            Err(e @ Error::BadPayload(PayloadError::LoneSurrogate)) => {
                let Ok(raw) = dangerous_decode_unverified_json(cookie, &CLI_LIMITS) else {
                    return Err(decode_error(&e));
                };
                let signed_at = raw.claimed_signed_at(legacy);
                let read = read_lone_surrogates(&raw.value).map_err(|e| decode_error(&e))?;
                (read, raw.timestamp, signed_at, raw.compressed)
            }
            Err(e) => return Err(decode_error(&e)),
        };
    // The value (`None` for a dict holding a lone surrogate, which only its
    // JSON text can show), its text, and whether it holds stand-ins.
    let (value, text, stood) = match read {
        LoneSurrogates::Session(text) => (None, text, false),
        LoneSurrogates::Value { value, stood } => {
            let value = match value {
                Value::Null => Value::Dict(flask_cookie::Dict::new()),
                v => v,
            };
            let text = value.to_flask_json().map_err(|e| decode_error(&e))?;
            (Some(value), restored(text, stood), stood)
        }
    };
    let mut note = match signed_at {
        Some(t) => format!("signed at {} ({t}), signature not checked", rfc3339(t)),
        None => "signed at: unreadable timestamp, signature not checked".to_owned(),
    };
    if let Some(hint) = hints::legacy(signed_at, legacy) {
        note.push_str("; ");
        note.push_str(&hint);
    }
    let (flask, session) = match &value {
        Some(Value::Dict(_)) => (None, Some(text.clone())),
        None => {
            note.push_str("; ");
            note.push_str(LONE_SURROGATE_NOTE);
            (None, Some(text.clone()))
        }
        Some(value) => {
            let (words, session) = describe_not_a_dict(value, stood);
            (Some(words), session)
        }
    };
    if let Some(words) = &flask {
        note.push_str("; the payload is not a dict: ");
        note.push_str(words);
    }
    if !json {
        return Ok((text, note));
    }
    let opt = |v: Option<u64>| v.map_or_else(|| "null".to_owned(), |t| t.to_string());
    let shape = if flask.is_some() {
        format!(
            "\"session\":{},\"payload\":{text},\"kind\":\"not_a_dict\"",
            session.as_deref().unwrap_or("null")
        )
    } else {
        format!("\"session\":{text}")
    };
    Ok((
        format!(
            "{{{shape},\"timestamp\":{},\"signed_at\":{},\"compressed\":{compressed}}}",
            opt(timestamp),
            opt(signed_at)
        ),
        note,
    ))
}

// ---------------------------------------------------------------------------
// verify
// ---------------------------------------------------------------------------

/// What `verify` checks cookies with.
struct Verifier {
    codec: SessionCodec,
    /// The same keys and signer, for a payload the codec cannot hand over
    /// (not a dict, or holding a lone surrogate): its JSON as signed, which
    /// key signed it, and when.
    serializer: Serializer,
    config: SignerConfig,
    legacy: bool,
    lifetime: u64,
    now: u64,
}

/// One cookie's answer: the exit status, the line for stdout (if any), and
/// the reason for stderr when the cookie was an argument.
struct Answer {
    code: u8,
    line: Option<String>,
    message: Option<String>,
}

pub(crate) fn verify(mut args: VerifyArgs, json: bool) -> ExitCode {
    // Keys out of the arguments first, so every path below wipes them.
    let fallbacks: Vec<SecretKey> = args.fallback.drain(..).map(take_key).collect();
    let key = match secret_key(&mut args.secret) {
        Ok(k) => k,
        Err(e) => return fail_json(json, USAGE, &e),
    };
    let keys = Keys::new(key).with_fallbacks(fallbacks);
    // `--max-age none` skips the age check entirely, as itsdangerous'
    // `max_age=None`: with a lifetime of u64::MAX, checked at now = u64::MAX,
    // every age (0 ..= u64::MAX - signed_at) passes, even a future one.
    let (lifetime, now) = match args.max_age {
        MaxAge::Seconds(s) => (s, args.now.unwrap_or_else(unix_now)),
        MaxAge::Unlimited => (u64::MAX, u64::MAX),
    };
    let signer_config = signer_config(&args.signing);
    let config = SessionConfig::flask()
        .with_signer(signer_config.clone())
        .with_permanent_session_lifetime(lifetime);
    let built = Serializer::new(keys.clone(), &signer_config)
        .and_then(|serializer| Ok((SessionCodec::new(keys, config)?, serializer)));
    let v = match built {
        Ok((codec, serializer)) => Verifier {
            codec,
            serializer,
            config: signer_config,
            legacy: args.signing.legacy,
            lifetime,
            now,
        },
        Err(e) => return fail_json(json, USAGE, &e.to_string()),
    };
    let name = args.name.as_str();
    let mut out = Out::new();
    match source(args.cookie.take()) {
        Source::Arg(cookie) => {
            let a = verify_one(&v, pasted_cookie(&cookie, name), json, false);
            if let Some(line) = &a.line {
                out.line(line);
            }
            out.flush();
            match &a.message {
                Some(m) => fail(a.code, m),
                None => ExitCode::from(a.code),
            }
        }
        Source::Stdin => {
            let result = each_stdin_line(&mut out, |line| {
                let a = match line {
                    Err(e) => invalid(&e.message(), e.kind(), "", json, true),
                    Ok(text) => verify_one(&v, pasted_cookie(text, name), json, true),
                };
                (a.code, a.line.unwrap_or_default())
            });
            match result {
                Ok(code) => ExitCode::from(code),
                Err(e) => fail(USAGE, &format!("cannot read stdin: {}", lower(&e))),
            }
        }
    }
}

/// Checks one cookie (or the reason none was found in what was pasted).
fn verify_one(
    v: &Verifier,
    cookie: Result<std::borrow::Cow<'_, str>, String>,
    json: bool,
    batch: bool,
) -> Answer {
    let cookie = match cookie {
        Ok(c) => c,
        Err(e) => return invalid(&e, "malformed", "", json, batch),
    };
    if cookie.is_empty() {
        return invalid("empty cookie", "empty", "", json, batch);
    }
    let e = match v.codec.decode_at(&cookie, v.now) {
        Ok(d) => return valid_answer(d.session.into_dict(), d.signed_at, d.key, json, batch),
        Err(Error::BadPayload(PayloadError::LoneSurrogate)) => {
            if let Some(a) = genuine_lone_surrogate(v, &cookie, json, batch) {
                return a;
            }
            Error::BadPayload(PayloadError::LoneSurrogate)
        }
        // Only a payload whose signature and age held gets this far.
        Err(Error::BadPayload(PayloadError::NotADict)) => {
            if let Some(a) = genuine_not_a_dict(v, &cookie, json, batch) {
                return a;
            }
            Error::BadPayload(PayloadError::NotADict)
        }
        Err(e) => e,
    };
    let mut message = e.to_string();
    let hint = match &e {
        Error::Expired { signed_at, .. } => hints::legacy(Some(*signed_at), v.legacy),
        Error::BadSignature(_) | Error::BadTimeSignature { .. } => {
            hints::digest(&cookie, &v.config, v.config.digest())
        }
        _ => None,
    };
    if let Some(hint) = hint {
        message.push_str("; ");
        message.push_str(&hint);
    }
    invalid(&message, e.kind(), &invalid_extra(&e), json, batch)
}

/// In text mode, a cookie a fallback key verified gets a note on stderr
/// (`--json` says it in `key`): it is genuine, but Flask re-signs it with
/// the current key when it next saves the session.
fn fallback_note(key: KeyMatch, quiet: bool) -> Option<String> {
    match key {
        KeyMatch::Fallback(i) if !quiet => Some(format!(
            "verified by --fallback number {} (fallback_index {i}), not by --secret",
            i + 1
        )),
        _ => None,
    }
}

/// A validly signed, fresh cookie whose payload holds a lone UTF-16
/// surrogate (`"\ud800"`), which Flask keeps and a Rust string cannot, read
/// as Flask reads it ([`read_lone_surrogates`]): a session that keeps one is
/// printed as signed, the escape kept; anything else as any other payload
/// of its kind would be (a list of pairs is not a dict, a surrogate inside
/// a date Flask cannot parse is gone with it). Invalid, with the reason,
/// when Flask would fail on it; `None` when it does not verify after all.
fn genuine_lone_surrogate(v: &Verifier, cookie: &str, json: bool, batch: bool) -> Option<Answer> {
    let t = v
        .serializer
        .loads_json_at(cookie, Some(v.lifetime), v.now)
        .ok()?;
    let read = match read_lone_surrogates(&t.value) {
        Ok(read) => read,
        Err(e) => return Some(invalid(&e.to_string(), e.kind(), "", json, batch)),
    };
    let session = match read {
        LoneSurrogates::Session(text) => {
            let line = valid_line(&text, t.signed_at, t.key, json);
            return Some(Answer {
                code: OK,
                line: Some(line),
                message: Some(with_fallback_note(LONE_SURROGATE_NOTE, t.key, json)),
            });
        }
        // (A dict that holds a stand-in is a `Session`.)
        LoneSurrogates::Value {
            value: Value::Dict(d),
            ..
        } => d,
        LoneSurrogates::Value {
            value: Value::Null, ..
        } => flask_cookie::Dict::new(),
        LoneSurrogates::Value { value, stood } => {
            return Some(not_a_dict_answer(
                &value,
                stood,
                t.signed_at,
                t.key,
                json,
                batch,
            ))
        }
    };
    Some(valid_answer(session, t.signed_at, t.key, json, batch))
}

/// `message`, and in text mode the note that a `--fallback` key verified
/// the cookie ([`fallback_note`]), as a valid session gets it.
fn with_fallback_note(message: &str, key: KeyMatch, json: bool) -> String {
    match fallback_note(key, json) {
        Some(note) => format!("{message}; {note}"),
        None => message.to_owned(),
    }
}

const LONE_SURROGATE_NOTE: &str =
    "the session holds a lone UTF-16 surrogate, which Flask keeps: printed as the cookie carries it";

/// What Flask reads from a payload's JSON text, which may hold a lone
/// UTF-16 surrogate escape (`"\ud800"`) a Rust string cannot.
enum LoneSurrogates {
    /// A dict that keeps one: its text as signed, as one ASCII line
    /// ([`one_ascii_line`]).
    Session(String),
    /// Anything else: a payload without one, a payload that is not a dict
    /// (a list of pairs is a session to Flask's `dict(data)`), or one whose
    /// every lone surrogate was in a `" d"` date Flask could not parse (and
    /// reads as `None`).
    /// When `stood`, each surrogate that is left is a stand-in from U+E000
    /// ([`stand_in_lone_surrogates`]) until [`restore_lone_surrogates`]
    /// puts it back in the JSON written of it; otherwise none is left.
    Value { value: Value, stood: bool },
}

/// JSON text holding a lone surrogate escape, read as Flask's reader reads
/// it once every lone surrogate stands for a private-use character of its
/// own ([`stand_in_lone_surrogates`]). The reader's error when Flask fails
/// on it (a bad tag, text cut short, nesting too deep); a lone surrogate's
/// when a stand-in could not be told apart.
fn read_lone_surrogates(json: &[u8]) -> Result<LoneSurrogates, Error> {
    let lone = || Error::BadPayload(PayloadError::LoneSurrogate);
    // Text that already holds one of the first stand-ins takes the second,
    // which only a dict can use: it keeps its text, while anything else is
    // written anew, where U+F0000.. would sort keys otherwise than Python.
    for base in STAND_INS {
        let Some(stood_in) = stand_in_lone_surrogates(json, base) else {
            continue;
        };
        let value = Value::from_flask_json_bytes(&stood_in)?;
        // Asked of the value, not of the JSON written of it: a session Flask
        // opens may hold a date our writer refuses (past 9999 in UTC).
        if !holds_stand_in(&value, base) {
            // Every surrogate went with an unreadable date.
            return Ok(LoneSurrogates::Value {
                value,
                stood: false,
            });
        }
        if let Value::Dict(_) = value {
            let text = core::str::from_utf8(json).map_err(|_| lone())?;
            return Ok(LoneSurrogates::Session(one_ascii_line(text)));
        }
        if base == STAND_INS[0] {
            return Ok(LoneSurrogates::Value { value, stood: true });
        }
    }
    Err(lone())
}

/// Whether a stand-in from `base` ([`stand_in_lone_surrogates`]) is left in
/// a value, in a string, a markup or a dict key.
fn holds_stand_in(value: &Value, base: u32) -> bool {
    let in_text = |s: &str| s.chars().any(|c| is_stand_in(c, base));
    match value {
        Value::Str(s) | Value::Markup(s) => in_text(s),
        Value::List(items) | Value::Tuple(items) => items.iter().any(|v| holds_stand_in(v, base)),
        Value::Dict(d) => d.iter().any(|(k, v)| in_text(k) || holds_stand_in(v, base)),
        _ => false,
    }
}

/// JSON text as one ASCII line: without the whitespace between its tokens
/// (Python's: space, tab, CR, LF; inside strings a raw control character is
/// refused anyway), and every character past ASCII, which only a string can
/// hold, escaped as Flask's `ensure_ascii` writes it (`\u202e`, a pair past
/// U+FFFF), as the canonical output is: nothing a terminal would act on.
fn one_ascii_line(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    for (c, in_string) in json_chars(text) {
        if !in_string && matches!(c, ' ' | '\t' | '\r' | '\n') {
            continue;
        }
        if c.is_ascii() {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out
}

/// A validly signed, fresh cookie whose payload is not a dict: its JSON,
/// and what Flask's `dict(data)` makes of it. `None` if it does not verify
/// after all.
fn genuine_not_a_dict(v: &Verifier, cookie: &str, json: bool, batch: bool) -> Option<Answer> {
    let t = v
        .serializer
        .loads_json_at(cookie, Some(v.lifetime), v.now)
        .ok()?;
    let value = Value::from_flask_json_bytes(&t.value).ok()?;
    Some(not_a_dict_answer(
        &value,
        false,
        t.signed_at,
        t.key,
        json,
        batch,
    ))
}

/// [`not_a_dict::describe`], with each lone surrogate's stand-in put back
/// when the value holds them (`stood`).
fn describe_not_a_dict(value: &Value, stood: bool) -> (String, Option<String>) {
    let (words, session) = not_a_dict::describe(value);
    (restored(words, stood), session.map(|s| restored(s, stood)))
}

/// JSON written of a value, with each stand-in put back
/// ([`restore_lone_surrogates`]) when the value holds them (`stood`): a
/// value without holds a private-use character as itself.
fn restored(json: String, stood: bool) -> String {
    if stood {
        restore_lone_surrogates(&json)
    } else {
        json
    }
}

/// `verify`'s answer for a genuine payload that is not a dict.
fn not_a_dict_answer(
    value: &Value,
    stood: bool,
    signed_at: u64,
    key: KeyMatch,
    json: bool,
    batch: bool,
) -> Answer {
    let payload = match value.to_flask_json() {
        Ok(p) => restored(p, stood),
        Err(e) => return invalid(&e.to_string(), e.kind(), "", json, batch),
    };
    let (flask, session) = describe_not_a_dict(value, stood);
    let message = format!("the signature is valid, but the payload is not a dict: {flask}");
    let line = if json {
        format!(
            "{{\"valid\":true,\"kind\":\"not_a_dict\",\"error\":{},\"payload\":{payload},\"session\":{},\"signed_at\":{signed_at},\"key\":{}}}",
            json_str(&message),
            session.as_deref().unwrap_or("null"),
            key_json(key)
        )
    } else if batch {
        format!("not a dict: {payload}")
    } else {
        payload
    };
    Answer {
        code: NOT_A_DICT,
        line: Some(line),
        message: Some(with_fallback_note(&message, key, json)),
    }
}

fn key_json(key: KeyMatch) -> String {
    match key {
        KeyMatch::Fallback(i) => format!("\"fallback\",\"fallback_index\":{i}"),
        _ => "\"current\"".to_owned(),
    }
}

/// A valid session's answer: its canonical JSON (or with `--json` the
/// object) and, in text mode, the note on a `--fallback` key.
fn valid_answer(
    session: flask_cookie::Dict,
    signed_at: u64,
    key: KeyMatch,
    json: bool,
    batch: bool,
) -> Answer {
    match Value::Dict(session).to_flask_json() {
        Ok(session) => Answer {
            code: OK,
            line: Some(valid_line(&session, signed_at, key, json)),
            message: fallback_note(key, json || batch),
        },
        Err(e) => invalid(&e.to_string(), e.kind(), "", json, batch),
    }
}

/// A valid session's line: its JSON, or with `--json` the object.
fn valid_line(session: &str, signed_at: u64, key: KeyMatch, json: bool) -> String {
    if !json {
        return session.to_owned();
    }
    format!(
        "{{\"valid\":true,\"session\":{session},\"signed_at\":{signed_at},\"key\":{}}}",
        key_json(key)
    )
}

/// The JSON fields an error adds after `kind`.
fn invalid_extra(e: &Error) -> String {
    match e {
        Error::Expired {
            signed_at,
            age,
            max_age,
        } => {
            format!(",\"signed_at\":{signed_at},\"age\":{age},\"max_age\":{max_age}")
        }
        Error::BadTimeSignature {
            signed_at: Some(t), ..
        } => format!(",\"signed_at\":{t}"),
        _ => String::new(),
    }
}

/// An invalid cookie's answer: with `--json` the object; in a batch the
/// `error: ` line; as an argument nothing on stdout.
fn invalid(message: &str, kind: &str, extra: &str, json: bool, batch: bool) -> Answer {
    let line = if json {
        Some(format!(
            "{{\"valid\":false,\"error\":{},\"kind\":\"{kind}\"{extra}}}",
            json_str(message)
        ))
    } else if batch {
        Some(error_line(message))
    } else {
        None
    };
    Answer {
        code: INVALID,
        line,
        message: Some(message.to_owned()),
    }
}

// ---------------------------------------------------------------------------
// sign
// ---------------------------------------------------------------------------

pub(crate) fn sign(mut args: SignArgs, json: bool) -> ExitCode {
    let key = match secret_key(&mut args.secret) {
        Ok(k) => k,
        Err(e) => return fail_json(json, USAGE, &e),
    };
    let text = match args.session.as_deref() {
        Some(t) if t != "-" => t.as_bytes().to_vec(),
        _ => {
            let mut buf = Vec::new();
            let cap = u64::try_from(MAX_JSON_INPUT).unwrap_or(u64::MAX);
            if let Err(e) = io::stdin().lock().take(cap + 1).read_to_end(&mut buf) {
                return fail_json(json, USAGE, &format!("cannot read stdin: {}", lower(&e)));
            }
            if buf.len() > MAX_JSON_INPUT {
                return fail_json(
                    json,
                    USAGE,
                    &format!("session json exceeds the {MAX_JSON_INPUT}-byte limit"),
                );
            }
            buf
        }
    };
    if text.iter().all(u8::is_ascii_whitespace) {
        let from = match args.session.as_deref() {
            Some(t) if t != "-" => "the session argument is empty",
            _ => "stdin was empty",
        };
        return fail_json(json, USAGE, &format!("no session to sign: {from}"));
    }
    let now = args.timestamp.unwrap_or_else(unix_now);
    // JSON, or else the Python literal flask-unsign's --sign takes.
    let (value, from_python) = match Value::from_flask_json_bytes(&text) {
        Ok(v) => (Ok(Literal::Value(v)), false),
        // What `decode` prints of a session Flask keeps one in.
        // (Or a Python literal that holds one before its first difference
        // from JSON.)
        Err(e @ Error::BadPayload(PayloadError::LoneSurrogate)) => {
            match keeping_lone_surrogates(&text) {
                Ok(v) => (Ok(v), false),
                Err(why) => match not_json(&text, &e) {
                    Ok(v) => (Ok(v), true),
                    // The reason of the form it looks like.
                    Err(p) if hints::python_literal(&String::from_utf8_lossy(&text)) => {
                        (Err(p), false)
                    }
                    Err(_) => (Err(format!("invalid session json: {why}")), false),
                },
            }
        }
        Err(e) => (not_json(&text, &e), true),
    };
    let signed = match value {
        Ok(Literal::Value(value)) if args.raw => value
            .to_flask_json()
            .map_err(|e| e.to_string())
            .and_then(|json| sign_json(key, &args.signing, &json, now)),
        Ok(Literal::Value(Value::Dict(dict))) => sign_session(key, &args.signing, dict, now),
        // A dict with keys that are not str (Flask writes them as strings),
        // or a value holding one.
        Ok(Literal::Json(json, dict)) if dict || args.raw => {
            sign_json(key, &args.signing, &json, now)
        }
        Ok(_) => Err("the session is not a dict (--raw signs any value)".to_owned()),
        Err(e) => Err(e),
    };
    let (cookie, compressed) = match signed {
        Ok(c) => c,
        Err(e) => return fail_json(json, USAGE, &several_documents(&text).unwrap_or(e)),
    };
    if from_python {
        // (Only a literal that was signed gets here.)
        note("read the session as a Python literal, as flask-unsign --sign does");
    }
    let mut out = Out::new();
    if json {
        out.line(&format!(
            "{{\"cookie\":{},\"signed_at\":{now},\"compressed\":{compressed}}}",
            json_str(&cookie),
        ));
    } else {
        out.line(&cookie);
    }
    ExitCode::from(OK)
}

/// Why `sign` refused input of several JSON documents, one a line (as
/// `decode -` and `verify -` take cookies): it signs one session.
fn several_documents(text: &[u8]) -> Option<String> {
    let lines: Vec<&[u8]> = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .collect();
    let each_json = lines
        .iter()
        .all(|l| serde_json::from_slice::<serde::de::IgnoredAny>(l).is_ok());
    (lines.len() > 1 && each_json).then(|| {
        format!(
            "sign takes one session, and the input holds {} JSON documents, one a line: sign them one at a time",
            lines.len()
        )
    })
}

/// `sign`'s input that is not Flask session JSON (`e` says why): the
/// Python literal flask-unsign's `--sign` takes, if it is one. (A text that
/// is both reads the same either way, but for escapes such as `\/`, where
/// JSON's reading is the one a JSON user meant.)
fn not_json(text: &[u8], e: &Error) -> Result<Literal, String> {
    // Valid JSON with a bad tag stays an error: read as Python, its
    // `{" t": 5}` would become a dict with the key " t".
    if serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok() {
        return Err(format!("invalid session json: {e}"));
    }
    let text = String::from_utf8_lossy(text);
    match py_value::parse(&text) {
        Ok(value) => Ok(value),
        Err(NotSigned::Unwritable(p)) => Err(format!(
            "invalid session: a Python literal Flask's JSON cannot write: {p}"
        )),
        // Which error to show: the one of the form it looks like.
        Err(NotSigned::Unread(p)) if hints::python_literal(&text) => Err(format!(
            "invalid session: not json ({e}), nor a Python literal this tool reads ({p})"
        )),
        Err(NotSigned::Unread(_)) => Err(format!("invalid session json: {e}")),
    }
}

/// Session JSON holding a lone UTF-16 surrogate escape (`"\ud800"`), which
/// Flask keeps and a Rust string cannot: as Flask's JSON writes it (keys
/// sorted, tags as Flask reads and writes them), read and written with a
/// stand-in for each surrogate ([`stand_in_lone_surrogates`]), which then
/// goes back. Refused when the text holds a character a stand-in could be,
/// or is not JSON Flask reads.
fn keeping_lone_surrogates(text: &[u8]) -> Result<Literal, String> {
    let stood_in = stand_in_lone_surrogates(text, STAND_INS_START).ok_or(
        "it holds a lone UTF-16 surrogate beside a character from U+E000 to U+E7FF, \
         which this tool cannot tell apart",
    )?;
    let value = Value::from_flask_json_bytes(&stood_in).map_err(|e| e.to_string())?;
    let json = value.to_flask_json().map_err(|e| e.to_string())?;
    Ok(Literal::Json(
        restore_lone_surrogates(&json),
        matches!(value, Value::Dict(_)),
    ))
}

/// The cookie Flask sets for a session, and whether it is compressed.
fn sign_session(
    key: SecretKey,
    signing: &Signing,
    dict: flask_cookie::Dict,
    now: u64,
) -> Result<(String, bool), String> {
    let empty = dict.is_empty();
    let codec = SessionCodec::new(
        key,
        SessionConfig::flask().with_signer(signer_config(signing)),
    )
    .map_err(|e| e.to_string())?;
    let cookie = codec
        .encode_at(&Session::from_dict(dict), now)
        .map_err(|e| e.to_string())?;
    if empty {
        note("note: flask deletes the cookie of an empty session rather than sign it");
    }
    let compressed = cookie.starts_with('.');
    Ok((cookie, compressed))
}

/// The token for Flask tagged JSON (`--raw`, or a dict whose keys are not
/// all str), and whether it is compressed.
fn sign_json(
    key: SecretKey,
    signing: &Signing,
    json: &str,
    now: u64,
) -> Result<(String, bool), String> {
    let serializer =
        flask_cookie::Serializer::new(key, &signer_config(signing)).map_err(|e| e.to_string())?;
    let token = serializer
        .dumps_json_at(json.as_bytes(), now)
        .map_err(|e| e.to_string())?;
    let compressed = token.starts_with('.');
    Ok((token, compressed))
}
