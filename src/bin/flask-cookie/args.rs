//! The command line, as clap derive types, with the help texts.

use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use flask_cookie::{Digest, KeyDerivation, SecretKey};

const EXAMPLES: &str = "\
Examples:
  # What does this cookie say? (no key needed, nothing verified)
  flask-cookie decode 'eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck'

  # Is it genuine, and still fresh?
  flask-cookie verify --secret secret-key --now 1700000060 'eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck'

  # Forge the cookie Flask would set for a session:
  flask-cookie sign --secret secret-key --timestamp 1700000000 '{\"user\":\"alice\"}'

  # Which secret signed it?
  flask-cookie crack --wordlist rockyou.txt 'eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck'

  # Many cookies, one a line:
  flask-cookie verify --secret secret-key < cookies.txt

  # A whole Cookie header, with the app's SESSION_COOKIE_NAME:
  flask-cookie verify --secret secret-key --name __Host-session 'Cookie: theme=dark; __Host-session=eyJ...'

Exit status: 0 success; 1 invalid cookie or no key found; 2 malformed usage or input;
3 (verify) a genuine cookie whose payload is not a dict.
Errors are one lowercase line on stderr.";

/// Decode, verify, sign and crack Flask session cookies, byte for byte as
/// Flask 3.1 and itsdangerous 2.2 do.
#[derive(Debug, Parser)]
#[command(name = "flask-cookie", version, after_help = EXAMPLES)]
pub(crate) struct Cli {
    /// Machine-readable output: one JSON object per result, on stdout (see
    /// each command's --help for its shape)
    #[arg(long, global = true)]
    pub(crate) json: bool,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print what a cookie claims, without checking its signature
    #[command(after_help = DECODE_HELP)]
    Decode(DecodeArgs),
    /// Check a cookie's signature and age, and print its session
    #[command(after_help = VERIFY_HELP)]
    Verify(VerifyArgs),
    /// Print the cookie Flask would set for a session
    #[command(after_help = SIGN_HELP)]
    Sign(SignArgs),
    /// Find which secret key, from a wordlist, signed a cookie
    #[command(after_help = CRACK_HELP)]
    Crack(CrackArgs),
    /// Measure this machine's SHA-1 compressions per second and the HMAC-SHA1
    /// cracking limit they imply (for scripts/crack_bench.py)
    #[command(hide = true, name = "bench-sha1")]
    BenchSha1(BenchArgs),
}

const DECODE_HELP: &str = "\
Prints the session as Flask's canonical session JSON (sorted keys, compact,
ASCII escapes, tagged types such as {\" t\":[...]} in tagged form) on stdout,
and the claimed signing time on stderr. Nothing is verified: anyone can write
a cookie that decodes to anything. A payload that is not a dict (a list, a
string: Flask builds its session with dict(data)) is printed as it is, with
what Flask's dict(data) makes of it on stderr. A session holding a lone UTF-16
surrogate (\"\\ud800\"), which Flask keeps, is printed as the cookie carries it,
on one ASCII line.
A timestamp before 2011 gets a hint: itsdangerous before 1.0 counted from 2011
(--legacy).

With COOKIE '-' or absent, reads cookies from stdin, one a line, and prints one
line per input line: the JSON, or 'error: ' and the reason.

--json prints, per cookie:
  {\"session\":{...},\"timestamp\":1700000000,\"signed_at\":1700000000,\"compressed\":false}
  {\"session\":{...}|null,\"payload\":[...],\"kind\":\"not_a_dict\",\"timestamp\":...}
  {\"error\":\"...\"}
(timestamp: as written in the cookie; signed_at: Unix seconds, or null when unreadable.
session is the canonical text verbatim, so it holds NaN, Infinity and integers past
64 bits just as Flask writes them. For a payload that is not a dict, payload is its
JSON and session what Flask's dict(data) makes of it, or null when that fails.)

Exit status: 0, or 2 when any cookie is malformed.

Example:
  flask-cookie decode 'eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck'
  {\"user\":\"alice\"}";

const VERIFY_HELP: &str = "\
Valid: prints the session's canonical JSON on one line and exits 0; when a
--fallback key verified a cookie given as an argument, a note on stderr says
which. A session holding a lone UTF-16 surrogate (\"\\ud800\"), which Flask
keeps, is printed as the cookie carries it, on one ASCII line.
Invalid: prints a one-line reason on stderr (bad signature, expired with its
age, malformed ...) and exits 1. Malformed usage exits 2.
Genuine but not a dict (the signature and age hold, the payload is a list, a
string ...): prints the payload's JSON, and on stderr what Flask's dict(data)
makes of it (a list of pairs logs in as a session; a string fails), and exits 3.
A signature with another digest's length, or a timestamp that reads as pre-1.0
itsdangerous', gets a hint (--digest, --legacy) in the reason.

With COOKIE '-' or absent, reads cookies from stdin, one a line (up to 4 MiB
each), and prints one line per input line: the session JSON, 'not a dict: '
and the payload's JSON, or 'error: ' and the reason; exits 1 if any was
invalid, else 3 if any was not a dict. Cookies over 128 KiB do not fit in one
argument (a Linux limit): give those on stdin.

--json prints, per cookie:
  {\"valid\":true,\"session\":{...},\"signed_at\":1700000000,\"key\":\"current\"}
  {\"valid\":true,...,\"key\":\"fallback\",\"fallback_index\":0}
  {\"valid\":false,\"error\":\"signature expired: age 9 > 5 seconds\",\"kind\":\"expired\",
   \"signed_at\":1700000000,\"age\":9,\"max_age\":5}
  {\"valid\":true,\"kind\":\"not_a_dict\",\"error\":\"...\",\"payload\":[[\"user\",\"admin\"]],
   \"session\":{\"user\":\"admin\"},\"signed_at\":1700000000,\"key\":\"current\"}
(kind of an invalid cookie: bad_signature, bad_time_signature, missing_timestamp,
malformed_timestamp, expired, bad_payload, too_large, empty or malformed. not_a_dict:
genuine, but the payload is not a dict; session is what Flask's dict(data) makes of
it, or null when that fails. session is the canonical text verbatim, NaN, Infinity
and big integers included.)

Examples:
  flask-cookie verify --secret secret-key --now 1700000060 'eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck'
  flask-cookie verify --secret new-key --fallback old-key --max-age none < cookies.txt";

const SIGN_HELP: &str = "\
Reads a session as Flask session JSON in tagged form (any key order or
whitespace; for example {\"user\":\"alice\",\"t\":{\" t\":[1,2]}}) and prints the
cookie value Flask sets for it at that time: byte for byte, compressed exactly
when Flask compresses. A lone UTF-16 surrogate (\"\\ud800\"), as decode prints
one, is kept as Flask keeps it (unless the text also holds a character from
U+E000 to U+E7FF, which stand in for surrogates here).

Input that is not JSON is read as the Python literal flask-unsign's --sign
takes, as ast.literal_eval reads it: {'logged_in': True, 'ids': (1, 2),
'raw': b'\\xff'} signs what Flask signs for that dict (tuples and bytes
tagged). A dict key may be an int, float, bool or None, which Flask's JSON
writes as a string, sorting keys by value: {10: 'a', True: 'b'} signs as
{\"true\":\"b\",\"10\":\"a\"}. A lone surrogate ('\\ud800') is kept, as in JSON. Not
read: \\N{...} escapes. Refused as Flask refuses
them: a set or complex number (Flask's JSON has neither), keys of other types,
and keys Python cannot sort together (1 and 'a').

--raw signs any JSON value in tagged form instead (a list, a string ...), as
itsdangerous' URLSafeTimedSerializer with Flask's session serializer does: Flask
builds its session with dict(data), so [[\"user\",\"admin\"]] logs in as admin.

--json prints {\"cookie\":\"...\",\"signed_at\":1700000000,\"compressed\":false}.

Example:
  flask-cookie sign --secret secret-key --timestamp 1700000000 '{\"user\":\"alice\"}'
  eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck";

const CRACK_HELP: &str = "\
Tries every line of the wordlist (streamed, never loaded whole; a trailing \\r
and a UTF-8 byte-order mark before the first line are ignored) as the secret
key, on every core. Prints the key that signed the
cookie on stdout and exits 0; exits 1 when no candidate matches. The key is
printed as text, or as a Python bytes literal such as b'\\xff\\x00' when it is
not UTF-8, holds a control character, or itself starts with b' or b\". A
cookie that is not base64url and '.' is refused before the wordlist is read.
Shows a progress bar with rate and ETA on stderr when stderr is a terminal.

A line that flask-unsign reads otherwise is tried that way too, after the
line as it is: stripped of surrounding whitespace, and read as a Python str
or bytes literal, so b'_5#y2L\"F4Q8z\\n\\xec]/' (the Flask quickstart's key)
and 'secret' are the keys they spell. Such a line counts as two candidates.

--all-digests tries every digest and every key derivation in one pass (only
the digest whose output fits the signature's length costs anything). Without
it, a signature whose length is another digest's is refused with the --digest
to pass.

--json prints
  {\"found\":true,\"secret\":\"hunter2\",\"secret_hex\":\"68756e74657232\",\"read_as\":\"line\",
   \"digest\":\"sha1\",\"derivation\":\"hmac\",\"candidates\":1234,\"skipped_lines\":0,\"seconds\":0.01,
   \"candidates_per_second\":123400.0}
  {\"found\":false,\"candidates\":1000000,\"skipped_lines\":0,\"seconds\":0.4,
   \"candidates_per_second\":2500000.0}
(secret is null when the key is not UTF-8; secret_hex always holds its bytes;
read_as is line, stripped or python_literal; skipped_lines counts lines over
1 MiB, which are not tried.)

Example:
  flask-cookie crack --wordlist words.txt 'eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck'
  secret-key";

/// A digest name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DigestArg {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl From<DigestArg> for Digest {
    fn from(d: DigestArg) -> Self {
        match d {
            DigestArg::Sha1 => Self::Sha1,
            DigestArg::Sha224 => Self::Sha224,
            DigestArg::Sha256 => Self::Sha256,
            DigestArg::Sha384 => Self::Sha384,
            DigestArg::Sha512 => Self::Sha512,
        }
    }
}

/// A key derivation name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DerivationArg {
    Hmac,
    Concat,
    DjangoConcat,
    None,
}

impl From<DerivationArg> for KeyDerivation {
    fn from(d: DerivationArg) -> Self {
        match d {
            DerivationArg::Hmac => Self::Hmac,
            DerivationArg::Concat => Self::Concat,
            DerivationArg::DjangoConcat => Self::DjangoConcat,
            DerivationArg::None => Self::None,
        }
    }
}

/// `--max-age SECONDS|none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MaxAge {
    Seconds(u64),
    Unlimited,
}

fn parse_max_age(s: &str) -> Result<MaxAge, String> {
    if s == "none" {
        return Ok(MaxAge::Unlimited);
    }
    s.parse()
        .map(MaxAge::Seconds)
        .map_err(|_| "expected a number of seconds or 'none'".to_owned())
}

/// `--secret KEY` or `--secret-hex HEX`.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub(crate) struct Secret {
    /// The secret key (Flask's SECRET_KEY), as the bytes of this argument
    /// (one that starts with '-' as --secret=KEY)
    #[arg(long, value_name = "KEY")]
    pub(crate) secret: Option<OsString>,
    /// The secret key in hex, for keys no argument can hold (a NUL byte, as
    /// `crack` may find)
    #[arg(long, value_name = "HEX", value_parser = parse_hex)]
    pub(crate) secret_hex: Option<HexBytes>,
}

impl core::fmt::Debug for Secret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Drop for Secret {
    /// Wipes the key if it was never taken (see [`take_key`]).
    fn drop(&mut self) {
        if let Some(key) = self.secret.take() {
            wipe(key);
        }
    }
}

/// A key given as an argument, moved into a [`SecretKey`] with the
/// argument's bytes wiped (`SecretKey::from(Vec<u8>)` zeroizes the vector,
/// spare capacity included). The copies out of reach stay: the process's
/// command line, and clap's raw copy of each argument, freed unwiped.
pub(crate) fn take_key(arg: OsString) -> SecretKey {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        SecretKey::from(arg.into_vec())
    }
    #[cfg(not(unix))]
    {
        // As `io::arg_bytes`: UTF-8, lossily.
        let key = SecretKey::from(arg.to_string_lossy().into_owned());
        wipe(arg);
        key
    }
}

/// Zeroizes an argument's bytes and frees them.
pub(crate) fn wipe(arg: OsString) {
    zeroize::Zeroize::zeroize(&mut arg.into_encoded_bytes());
}

/// Bytes given in hex (a key: redacted in `Debug`, wiped on drop). A
/// malformed value is kept as its error rather than refused by clap, whose
/// message would repeat the argument, the key itself, on stderr.
#[derive(Clone)]
pub(crate) struct HexBytes(pub(crate) Result<Vec<u8>, &'static str>);

impl core::fmt::Debug for HexBytes {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("HexBytes(<redacted>)")
    }
}

impl Drop for HexBytes {
    fn drop(&mut self) {
        if let Ok(bytes) = &mut self.0 {
            zeroize::Zeroize::zeroize(bytes);
        }
    }
}

#[allow(clippy::unnecessary_wraps)] // clap's value_parser signature
fn parse_hex(s: &str) -> Result<HexBytes, String> {
    Ok(HexBytes(decode_hex(s)))
}

fn decode_hex(s: &str) -> Result<Vec<u8>, &'static str> {
    let digit = |c: u8| char::from(c).to_digit(16);
    let bytes = s.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return Err("expected an even number of hex digits");
    }
    let mut out = zeroize::Zeroizing::new(Vec::with_capacity(bytes.len() / 2));
    for pair in bytes.chunks_exact(2) {
        match pair {
            [hi, lo] => match (digit(*hi), digit(*lo)) {
                (Some(h), Some(l)) => out.push(u8::try_from(h * 16 + l).unwrap_or_default()),
                _ => return Err("expected hex digits"),
            },
            _ => return Err("expected hex digits"),
        }
    }
    Ok(core::mem::take(&mut *out))
}

/// Salt, digest, derivation: how the cookie is signed.
#[derive(Debug, Args)]
pub(crate) struct Signing {
    /// The salt (Flask's is `cookie-session`)
    #[arg(long, value_name = "S", default_value = "cookie-session")]
    pub(crate) salt: OsString,
    /// The digest of the key derivation and the HMAC
    #[arg(long, value_enum, default_value = "sha1")]
    pub(crate) digest: DigestArg,
    /// How the signing key is derived from the secret key
    #[arg(long, value_enum, default_value = "hmac")]
    pub(crate) derivation: DerivationArg,
    /// Timestamps counted from 2011-01-01, as itsdangerous 0.24 and earlier
    /// (Flask before 1.0) wrote them
    #[arg(long)]
    pub(crate) legacy: bool,
}

#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    /// Timestamps counted from 2011-01-01, as itsdangerous 0.24 and earlier
    /// (Flask before 1.0) wrote them
    #[arg(long)]
    pub(crate) legacy: bool,
    /// The session cookie's name (Flask's SESSION_COOKIE_NAME), to pick it out
    /// of a pasted Cookie header; when the header has none of that name, its
    /// only cookie that looks signed is taken
    #[arg(long, value_name = "NAME", default_value = "session")]
    pub(crate) name: String,
    /// The cookie value (alone, or as `session=...`, or a whole Cookie or
    /// Set-Cookie header); '-' or absent: one a line from stdin
    #[arg(value_name = "COOKIE|-")]
    pub(crate) cookie: Option<String>,
}

#[derive(Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    pub(crate) secret: Secret,
    /// A retired key that still verifies (SECRET_KEY_FALLBACKS, oldest first);
    /// repeat for several (one that starts with '-' as --fallback=KEY)
    #[arg(long, value_name = "KEY")]
    pub(crate) fallback: Vec<OsString>,
    #[command(flatten)]
    pub(crate) signing: Signing,
    /// Oldest accepted cookie, in seconds (PERMANENT_SESSION_LIFETIME), or
    /// 'none' to skip the age check
    #[arg(long, value_name = "SECONDS|none", default_value = "2678400", value_parser = parse_max_age)]
    pub(crate) max_age: MaxAge,
    /// Verify as of this time instead of the clock
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub(crate) now: Option<u64>,
    /// The session cookie's name (Flask's SESSION_COOKIE_NAME), to pick it out
    /// of a pasted Cookie header; when the header has none of that name, its
    /// only cookie that looks signed is taken
    #[arg(long, value_name = "NAME", default_value = "session")]
    pub(crate) name: String,
    /// The cookie value (alone, or as `session=...`, or a whole Cookie or
    /// Set-Cookie header); '-' or absent: one a line from stdin
    #[arg(value_name = "COOKIE|-")]
    pub(crate) cookie: Option<String>,
}

impl core::fmt::Debug for VerifyArgs {
    /// The fallback keys are secrets too: only their count is shown.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("VerifyArgs")
            .field("secret", &self.secret)
            .field(
                "fallback",
                &format_args!("<{} redacted>", self.fallback.len()),
            )
            .field("signing", &self.signing)
            .field("max_age", &self.max_age)
            .field("now", &self.now)
            .field("name", &self.name)
            .field("cookie", &self.cookie)
            .finish()
    }
}

impl Drop for VerifyArgs {
    /// Wipes the fallback keys that were never taken (see [`take_key`]).
    fn drop(&mut self) {
        for key in self.fallback.drain(..) {
            wipe(key);
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    #[command(flatten)]
    pub(crate) secret: Secret,
    #[command(flatten)]
    pub(crate) signing: Signing,
    /// Sign as of this time instead of the clock
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub(crate) timestamp: Option<u64>,
    /// Sign any JSON value (a list, a string ...), not only a session's object
    #[arg(long)]
    pub(crate) raw: bool,
    /// The session as Flask session JSON; '-' or absent: read from stdin
    #[arg(value_name = "JSON|-")]
    pub(crate) session: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct CrackArgs {
    /// Candidate secret keys, one a line ('-' for stdin when COOKIE is given)
    #[arg(long, value_name = "FILE")]
    pub(crate) wordlist: PathBuf,
    /// Worker threads [default: the number of cores]
    #[arg(long, value_name = "N")]
    pub(crate) threads: Option<NonZeroUsize>,
    /// The salt (Flask's is `cookie-session`)
    #[arg(long, value_name = "S", default_value = "cookie-session")]
    pub(crate) salt: OsString,
    /// The digest to try
    #[arg(
        long,
        value_enum,
        default_value = "sha1",
        conflicts_with = "all_digests"
    )]
    pub(crate) digest: DigestArg,
    /// The key derivation to try
    #[arg(
        long,
        value_enum,
        default_value = "hmac",
        conflicts_with = "all_digests"
    )]
    pub(crate) derivation: DerivationArg,
    /// Try every digest and every key derivation, in one pass
    #[arg(long)]
    pub(crate) all_digests: bool,
    /// Never show the progress bar
    #[arg(long)]
    pub(crate) no_progress: bool,
    /// The session cookie's name (Flask's SESSION_COOKIE_NAME), to pick it out
    /// of a pasted Cookie header; when the header has none of that name, its
    /// only cookie that looks signed is taken
    #[arg(long, value_name = "NAME", default_value = "session")]
    pub(crate) name: String,
    /// The cookie value (alone, or as `session=...`, or a whole Cookie or
    /// Set-Cookie header); '-' or absent: the first line of stdin
    #[arg(value_name = "COOKIE|-")]
    pub(crate) cookie: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct BenchArgs {
    /// How long to measure each figure
    #[arg(long, default_value = "2")]
    pub(crate) seconds: f64,
    /// Worker threads [default: the number of cores]
    #[arg(long, value_name = "N")]
    pub(crate) threads: Option<NonZeroUsize>,
    /// The cookie whose per-candidate cost to use (a Flask cookie)
    #[arg(value_name = "COOKIE")]
    pub(crate) cookie: String,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
