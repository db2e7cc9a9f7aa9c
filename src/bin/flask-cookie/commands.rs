//! `decode`, `verify` and `sign`.

use std::io::{self, Read};
use std::process::ExitCode;

use flask_cookie::{
    dangerous_decode_unverified, unix_now, Decoded, Error, KeyMatch, Keys, SecretKey, Session,
    SessionCodec, SessionConfig, SignatureError, SignerConfig, Value,
};

use crate::args::{DecodeArgs, HexBytes, MaxAge, Secret, SignArgs, Signing, VerifyArgs};
use crate::io::{
    arg_bytes, cookie_value, error_line, json_str, lower, note, read_line_capped, rfc3339,
    too_large, Line, Out, CLI_LIMITS, MAX_JSON_INPUT,
};

pub(crate) const OK: u8 = 0;
pub(crate) const INVALID: u8 = 1;
pub(crate) const USAGE: u8 = 2;

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

/// The key from `--secret` or `--secret-hex` (clap requires exactly one).
/// The error never repeats the argument.
fn secret_key(s: &Secret) -> Result<SecretKey, String> {
    match (&s.secret, &s.secret_hex) {
        (Some(text), _) => Ok(SecretKey::from(arg_bytes(text))),
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
/// per input line; returns whether every line succeeded, or the read error.
fn each_stdin_line(
    out: &mut Out,
    mut handle: impl FnMut(Result<&str, LineError>) -> (bool, String),
) -> io::Result<bool> {
    let stdin = io::stdin();
    let mut reader = io::BufReader::with_capacity(1 << 16, stdin.lock());
    let mut all_ok = true;
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
        let (ok, output) = handle(text);
        all_ok &= ok;
        out.line(&output);
    }
    Ok(all_ok)
}

// ---------------------------------------------------------------------------
// decode
// ---------------------------------------------------------------------------

pub(crate) fn decode(args: DecodeArgs, json: bool) -> ExitCode {
    let mut out = Out::new();
    match source(args.cookie) {
        Source::Arg(cookie) => match decode_one(&cookie_value(&cookie), args.legacy, json) {
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
        },
        Source::Stdin => {
            let result = each_stdin_line(&mut out, |line| {
                let r = line
                    .map_err(|e| format!("malformed cookie: {}", e.message()))
                    .and_then(|c| decode_one(&cookie_value(c), args.legacy, json));
                match r {
                    Ok((text, _)) => (true, text),
                    Err(e) if json => (false, format!("{{\"error\":{}}}", json_str(&e))),
                    Err(e) => (false, error_line(&e)),
                }
            });
            match result {
                Ok(true) => ExitCode::from(OK),
                Ok(false) => ExitCode::from(USAGE),
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

/// The output line and the stderr note for one cookie.
fn decode_one(cookie: &str, legacy: bool, json: bool) -> Result<(String, String), String> {
    if cookie.is_empty() {
        return Err("malformed cookie: empty".to_owned());
    }
    let claimed = dangerous_decode_unverified(cookie, &CLI_LIMITS).map_err(|e| decode_error(&e))?;
    let signed_at = claimed.claimed_signed_at(legacy);
    let compressed = claimed.compressed;
    let timestamp = claimed.timestamp;
    let session = Value::Dict(claimed.session)
        .to_flask_json()
        .map_err(|e| decode_error(&e))?;
    let note = match signed_at {
        Some(t) => format!("signed at {} ({t}), signature not checked", rfc3339(t)),
        None => "signed at: unreadable timestamp, signature not checked".to_owned(),
    };
    if json {
        let opt = |v: Option<u64>| v.map_or_else(|| "null".to_owned(), |t| t.to_string());
        Ok((
            format!(
                "{{\"session\":{session},\"timestamp\":{},\"signed_at\":{},\"compressed\":{compressed}}}",
                opt(timestamp),
                opt(signed_at)
            ),
            note,
        ))
    } else {
        Ok((session, note))
    }
}

// ---------------------------------------------------------------------------
// verify
// ---------------------------------------------------------------------------

pub(crate) fn verify(args: VerifyArgs, json: bool) -> ExitCode {
    let key = match secret_key(&args.secret) {
        Ok(k) => k,
        Err(e) => return fail_json(json, USAGE, &e),
    };
    let keys =
        Keys::new(key).with_fallbacks(args.fallback.iter().map(|k| SecretKey::from(arg_bytes(k))));
    // `--max-age none` skips the age check entirely, as itsdangerous'
    // `max_age=None`: with a lifetime of u64::MAX, checked at now = u64::MAX,
    // every age (0 ..= u64::MAX - signed_at) passes, even a future one.
    let (lifetime, now) = match args.max_age {
        MaxAge::Seconds(s) => (s, args.now.unwrap_or_else(unix_now)),
        MaxAge::Unlimited => (u64::MAX, u64::MAX),
    };
    let config = SessionConfig::flask()
        .with_signer(signer_config(&args.signing))
        .with_permanent_session_lifetime(lifetime);
    let codec = match SessionCodec::new(keys, config) {
        Ok(c) => c,
        Err(e) => return fail_json(json, USAGE, &e.to_string()),
    };
    let check = |cookie: &str| -> Result<Decoded, Error> {
        if cookie.is_empty() {
            return Err(Error::BadSignature(SignatureError::MissingSeparator));
        }
        codec.decode_at(cookie, now)
    };
    let mut out = Out::new();
    match source(args.cookie) {
        Source::Arg(cookie) => match check(&cookie_value(&cookie)) {
            Ok(d) => match valid_line(d, json) {
                Ok(line) => {
                    out.line(&line);
                    ExitCode::from(OK)
                }
                Err(e) => fail(INVALID, &e.to_string()),
            },
            Err(e) => {
                if json {
                    out.line(&invalid_json(&e));
                }
                fail(INVALID, &e.to_string())
            }
        },
        Source::Stdin => {
            let result = each_stdin_line(&mut out, |line| {
                let failed = |message: &str, kind: &str| {
                    if json {
                        invalid_json_with(message, kind, "")
                    } else {
                        error_line(message)
                    }
                };
                match line {
                    Err(e) => (false, failed(&e.message(), e.kind())),
                    Ok("") => (false, failed("empty cookie", "empty")),
                    Ok(cookie) => {
                        match check(&cookie_value(cookie)).and_then(|d| valid_line(d, json)) {
                            Ok(text) => (true, text),
                            Err(e) if json => (false, invalid_json(&e)),
                            Err(e) => (false, error_line(&e.to_string())),
                        }
                    }
                }
            });
            match result {
                Ok(true) => ExitCode::from(OK),
                Ok(false) => ExitCode::from(INVALID),
                Err(e) => fail(USAGE, &format!("cannot read stdin: {}", lower(&e))),
            }
        }
    }
}

fn valid_line(d: Decoded, json: bool) -> Result<String, Error> {
    let session = Value::Dict(d.session.into_dict()).to_flask_json()?;
    if !json {
        return Ok(session);
    }
    let key = match d.key {
        KeyMatch::Fallback(i) => format!("\"fallback\",\"fallback_index\":{i}"),
        _ => "\"current\"".to_owned(),
    };
    Ok(format!(
        "{{\"valid\":true,\"session\":{session},\"signed_at\":{},\"key\":{key}}}",
        d.signed_at
    ))
}

fn invalid_json(e: &Error) -> String {
    let extra = match e {
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
    };
    invalid_json_with(&e.to_string(), e.kind(), &extra)
}

fn invalid_json_with(message: &str, kind: &str, extra: &str) -> String {
    format!(
        "{{\"valid\":false,\"error\":{},\"kind\":\"{kind}\"{extra}}}",
        json_str(message)
    )
}

// ---------------------------------------------------------------------------
// sign
// ---------------------------------------------------------------------------

pub(crate) fn sign(args: SignArgs, json: bool) -> ExitCode {
    let key = match secret_key(&args.secret) {
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
    let dict = match Value::from_flask_json_bytes(&text) {
        Ok(Value::Dict(d)) => d,
        Ok(_) => return fail_json(json, USAGE, "the session json is not an object"),
        Err(e) => return fail_json(json, USAGE, &format!("invalid session json: {e}")),
    };
    let empty = dict.is_empty();
    let codec = match SessionCodec::new(
        key,
        SessionConfig::flask().with_signer(signer_config(&args.signing)),
    ) {
        Ok(c) => c,
        Err(e) => return fail_json(json, USAGE, &e.to_string()),
    };
    let now = args.timestamp.unwrap_or_else(unix_now);
    let cookie = match codec.encode_at(&Session::from_dict(dict), now) {
        Ok(c) => c,
        Err(e) => return fail_json(json, USAGE, &e.to_string()),
    };
    if empty {
        note("note: flask deletes the cookie of an empty session rather than sign it");
    }
    let mut out = Out::new();
    if json {
        out.line(&format!(
            "{{\"cookie\":{},\"signed_at\":{now},\"compressed\":{}}}",
            json_str(&cookie),
            cookie.starts_with('.')
        ));
    } else {
        out.line(&cookie);
    }
    ExitCode::from(OK)
}
