//! `crack`: the wordlist streamed in chunks to one worker per core, each
//! testing candidates with the library's [`Cracker`]; and the hidden
//! `bench-sha1` that measures the machine's HMAC-SHA1 limit.

use std::fs::File;
use std::hint::black_box;
use std::io::{self, IsTerminal, Read};
use std::num::NonZeroUsize;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use flask_cookie::{
    dangerous_decode_unverified_value, Cracker, Error, SignerConfig, SigningAlgorithm,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::args::{BenchArgs, CrackArgs};
use crate::commands::{fail, fail_json, INVALID, OK, USAGE};
use crate::io::{
    arg_bytes, display_secret, hex, json_str, lower, note, pasted_cookie,
    read_one_cookie_from_stdin, Out, CLI_LIMITS,
};
use crate::py_literal::{flask_unsign_key, Reading};

/// Bytes of wordlist a worker takes at a time: a few thousand candidates,
/// about a millisecond of work, so the shared reader is rarely contended.
const CHUNK: usize = 128 * 1024;

/// Lines longer than this are skipped: no secret key is a megabyte long,
/// and a wordlist without line breaks must not be loaded whole.
const MAX_CANDIDATE_LEN: usize = 1 << 20;

/// The wordlist, read in chunks that end at a line break.
struct Feed {
    reader: Box<dyn Read + Send>,
    /// The start of a line that the previous chunk cut.
    carry: Vec<u8>,
    eof: bool,
    /// Inside an over-long line, dropping bytes until its end.
    skipping: bool,
    /// How many over-long lines were skipped.
    skipped: u64,
    /// Nothing handed out yet: a UTF-8 byte-order mark may still open the input.
    at_start: bool,
}

impl Feed {
    fn new(reader: Box<dyn Read + Send>) -> Self {
        Self {
            reader,
            carry: Vec::new(),
            eof: false,
            skipping: false,
            skipped: 0,
            at_start: true,
        }
    }

    /// Reads until `buf` holds `target` bytes or the input ends.
    fn fill(&mut self, buf: &mut Vec<u8>, target: usize) -> io::Result<()> {
        while !self.eof && buf.len() < target {
            let start = buf.len();
            buf.resize(target, 0);
            let n = loop {
                match self.reader.read(buf.get_mut(start..).unwrap_or_default()) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        buf.truncate(start);
                        return Err(e);
                    }
                }
            };
            buf.truncate(start + n);
            self.eof = n == 0;
        }
        Ok(())
    }

    /// Fills `buf` with the next whole lines (the last one may lack its
    /// `\n` at the end of input); false when the wordlist is exhausted.
    /// Holds at most [`MAX_CANDIDATE_LEN`] plus two chunks, whatever the
    /// input. A line whose candidate (without `\r\n`) is longer than
    /// [`MAX_CANDIDATE_LEN`] is dropped and counted, wherever it falls.
    fn next_chunk(&mut self, buf: &mut Vec<u8>) -> io::Result<bool> {
        buf.clear();
        buf.append(&mut self.carry);
        // `buf[..searched]` is known to hold no line break.
        let mut searched = 0;
        loop {
            self.fill(buf, buf.len() + CHUNK)?;
            // An editor's byte-order mark is not part of the first candidate.
            if core::mem::take(&mut self.at_start) && buf.starts_with(b"\xef\xbb\xbf") {
                buf.drain(..3);
            }
            if self.skipping {
                match memchr::memchr(b'\n', buf) {
                    Some(end) => {
                        buf.drain(..=end);
                        self.skipping = false;
                    }
                    None => {
                        buf.clear();
                        if self.eof {
                            return Ok(false);
                        }
                        continue;
                    }
                }
            }
            // Only the first line can be longer than a chunk: every later
            // one lies within the last read.
            let first_end = buf
                .get(searched..)
                .and_then(|b| memchr::memchr(b'\n', b))
                .map(|p| searched + p);
            match first_end {
                Some(end) if over_cap(buf.get(..end).unwrap_or_default()) => {
                    buf.drain(..=end);
                    self.skipped += 1;
                    searched = 0;
                }
                None if over_cap(buf) => {
                    buf.clear();
                    self.skipped += 1;
                    searched = 0;
                    if self.eof {
                        return Ok(false);
                    }
                    self.skipping = true;
                    continue;
                }
                _ => {}
            }
            if self.eof {
                return Ok(!buf.is_empty());
            }
            if let Some(pos) = buf.get(searched..).and_then(|b| memchr::memrchr(b'\n', b)) {
                let cut = searched + pos + 1;
                self.carry
                    .extend_from_slice(buf.get(cut..).unwrap_or_default());
                buf.truncate(cut);
                return Ok(true);
            }
            // One line, longer than a chunk so far.
            searched = buf.len();
        }
    }
}

/// True when the candidate a line gives (less a final `\r`) is longer than
/// [`MAX_CANDIDATE_LEN`].
fn over_cap(line: &[u8]) -> bool {
    line.strip_suffix(b"\r").unwrap_or(line).len() > MAX_CANDIDATE_LEN
}

/// The key that signed, the algorithm, and how its line gave it (`None`:
/// the line as it is).
type Found = (Vec<u8>, SigningAlgorithm, Option<Reading>);

/// What a run found.
struct Outcome {
    found: Option<Found>,
    candidates: u64,
    /// Lines over [`MAX_CANDIDATE_LEN`], not tried.
    skipped: u64,
    elapsed: Duration,
}

/// Tests every line of `reader` with `cracker` on `threads` threads.
fn run(
    cracker: &Cracker,
    reader: Box<dyn Read + Send>,
    total_bytes: Option<u64>,
    threads: usize,
    progress: bool,
) -> io::Result<Outcome> {
    let feed = Mutex::new(Feed::new(reader));
    let stop = AtomicBool::new(false);
    let found: Mutex<Option<Found>> = Mutex::new(None);
    let error: Mutex<Option<io::Error>> = Mutex::new(None);
    let candidates = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let running = AtomicUsize::new(threads);
    let start = Instant::now();
    let bar = progress.then(|| progress_bar(total_bytes));
    let main = std::thread::current();

    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut buf = Vec::with_capacity(2 * CHUNK);
                let mut literal = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let next = match feed.lock() {
                        Ok(mut f) => f.next_chunk(&mut buf),
                        Err(_) => break,
                    };
                    match next {
                        Ok(true) => {}
                        Ok(false) => break,
                        Err(e) => {
                            if let Ok(mut slot) = error.lock() {
                                *slot = Some(e);
                            }
                            stop.store(true, Ordering::Relaxed);
                            break;
                        }
                    }
                    let mut tried = 0u64;
                    for line in buf.split(|&b| b == b'\n') {
                        let candidate = line.strip_suffix(b"\r").unwrap_or(line);
                        if candidate.is_empty() {
                            continue;
                        }
                        // The line as it is, then as flask-unsign reads it
                        // when that differs (stripped, or a Python literal).
                        tried += 1;
                        let mut hit = cracker
                            .try_key(candidate)
                            .map(|a| (candidate.to_vec(), a, None));
                        if hit.is_none() {
                            if let Some((key, reading)) = flask_unsign_key(candidate, &mut literal)
                            {
                                tried += 1;
                                hit = cracker
                                    .try_key(key)
                                    .map(|a| (key.to_vec(), a, Some(reading)));
                            }
                        }
                        if let Some(hit) = hit {
                            if let Ok(mut slot) = found.lock() {
                                slot.get_or_insert(hit);
                            }
                            stop.store(true, Ordering::Relaxed);
                            break;
                        }
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                    }
                    candidates.fetch_add(tried, Ordering::Relaxed);
                    bytes.fetch_add(u64::try_from(buf.len()).unwrap_or(0), Ordering::Relaxed);
                }
                running.fetch_sub(1, Ordering::Release);
                main.unpark();
            });
        }
        if let Some(bar) = &bar {
            while running.load(Ordering::Acquire) > 0 {
                std::thread::park_timeout(Duration::from_millis(100));
                let n = candidates.load(Ordering::Relaxed);
                bar.set_position(bytes.load(Ordering::Relaxed));
                let noun = if n == 1 { "candidate" } else { "candidates" };
                bar.set_message(format!(
                    "{} {noun}, {}/s",
                    si(n as f64),
                    si(rate(n, start.elapsed()))
                ));
            }
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(e) = error.into_inner().ok().flatten() {
        return Err(e);
    }
    Ok(Outcome {
        found: found.into_inner().ok().flatten(),
        candidates: candidates.into_inner(),
        skipped: feed.into_inner().map_or(0, |f| f.skipped),
        elapsed: start.elapsed(),
    })
}

fn progress_bar(total_bytes: Option<u64>) -> ProgressBar {
    let (template, len) = match total_bytes {
        Some(n) => (
            "{spinner} {elapsed_precise} [{wide_bar}] {percent:>3}% {msg}, ETA {eta}",
            Some(n),
        ),
        None => ("{spinner} {elapsed_precise} {msg}", None),
    };
    let style =
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr()).with_style(style);
    // Draw at once, so that even a short run shows it started.
    bar.set_message("0 candidates, 0/s");
    bar.tick();
    bar
}

fn rate(n: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 {
        n as f64 / secs
    } else {
        0.0
    }
}

/// 1234567 -> "1.23M".
fn si(x: f64) -> String {
    if x >= 1e9 {
        format!("{:.2}G", x / 1e9)
    } else if x >= 1e6 {
        format!("{:.2}M", x / 1e6)
    } else if x >= 1e3 {
        format!("{:.1}k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}

fn skipped_note(skipped: u64) -> String {
    if skipped == 0 {
        String::new()
    } else {
        format!(
            "; skipped {} over {} MiB",
            count(skipped, "line"),
            MAX_CANDIDATE_LEN >> 20
        )
    }
}

/// `1 candidate`, `2 candidates`.
fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Most worker threads; more only risk failing to spawn.
const MAX_THREADS: usize = 1024;

fn threads(requested: Option<NonZeroUsize>) -> usize {
    requested
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get)
        .min(MAX_THREADS)
}

pub(crate) fn crack(args: CrackArgs, json: bool) -> ExitCode {
    let wordlist_is_stdin = args.wordlist.as_os_str() == "-";
    let cookie = match args.cookie.as_deref() {
        Some(c) if c != "-" => pasted_cookie(c, &args.name).map(std::borrow::Cow::into_owned),
        _ if wordlist_is_stdin => {
            return fail_json(
                json,
                USAGE,
                "the cookie and the wordlist cannot both come from stdin",
            )
        }
        _ => read_one_cookie_from_stdin()
            .and_then(|c| pasted_cookie(&c, &args.name).map(std::borrow::Cow::into_owned)),
    };
    let cookie = match cookie {
        Ok(c) => c,
        Err(e) => return fail_json(json, USAGE, &format!("{e}; nothing tried")),
    };
    // A token that does not read as a cookie and holds more than base64url
    // and `.` (a header or quotes not recognised) would be hashed as it
    // stands and never match: a whole wordlist tried for nothing.
    let odd = cookie
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')));
    if let Some(bad) =
        odd.filter(|_| dangerous_decode_unverified_value(&cookie, &CLI_LIMITS).is_err())
    {
        let what = if bad.is_ascii_graphic() || bad == ' ' {
            format!("'{bad}'")
        } else {
            format!("U+{:04X}", u32::from(bad))
        };
        return fail_json(
            json,
            USAGE,
            &format!(
                "not a cookie value: it holds {what}, and signed cookies are base64url and '.' only (give the value alone); nothing tried"
            ),
        );
    }
    let salt = arg_bytes(&args.salt);
    let config = SignerConfig::flask_session()
        .with_salt(salt.clone())
        .with_limits(CLI_LIMITS);
    let cracker = if args.all_digests {
        Cracker::with_algorithms(&cookie, &config, SigningAlgorithm::all())
    } else {
        let algorithm = SigningAlgorithm::new(args.digest.into(), args.derivation.into());
        Cracker::with_algorithms(&cookie, &config, [algorithm])
    };
    let cracker = match cracker {
        Ok(c) => c,
        Err(e) => {
            let hint = match e {
                Error::InvalidConfig(_) if !args.all_digests => {
                    crate::hints::digest(&cookie, &config, args.digest.into())
                        .map(|h| format!("; {h} (or --all-digests)"))
                }
                _ => None,
            };
            return fail_json(
                json,
                USAGE,
                &format!("cannot crack this cookie: {e}{}", hint.unwrap_or_default()),
            );
        }
    };
    let (reader, total): (Box<dyn Read + Send>, Option<u64>) = if wordlist_is_stdin {
        (Box::new(io::stdin()), None)
    } else {
        match File::open(&args.wordlist) {
            Ok(f) => {
                let len = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
                (Box::new(f), len)
            }
            Err(e) => {
                return fail_json(
                    json,
                    USAGE,
                    &format!(
                        "cannot open wordlist {}: {}",
                        args.wordlist.display(),
                        lower(&e)
                    ),
                )
            }
        }
    };
    let progress = !args.no_progress && io::stderr().is_terminal();
    let outcome = match run(&cracker, reader, total, threads(args.threads), progress) {
        Ok(o) => o,
        Err(e) => return fail_json(json, USAGE, &format!("cannot read wordlist: {}", lower(&e))),
    };
    let secs = outcome.elapsed.as_secs_f64();
    let per_second = rate(outcome.candidates, outcome.elapsed);
    let mut out = Out::new();
    match outcome.found {
        Some((secret, algorithm, reading)) => {
            if json {
                let text =
                    core::str::from_utf8(&secret).map_or_else(|_| "null".to_owned(), json_str);
                let read_as = match reading {
                    None => "line",
                    Some(Reading::Stripped) => "stripped",
                    Some(Reading::Literal) => "python_literal",
                };
                out.line(&format!(
                    "{{\"found\":true,\"secret\":{text},\"secret_hex\":\"{}\",\"read_as\":\"{read_as}\",\"digest\":\"{}\",\"derivation\":\"{}\",\"candidates\":{},\"skipped_lines\":{},\"seconds\":{secs},\"candidates_per_second\":{per_second}}}",
                    hex(&secret),
                    algorithm.digest.name(),
                    algorithm.derivation.name(),
                    outcome.candidates,
                    outcome.skipped,
                ));
            } else {
                out.line(&display_secret(&secret));
            }
            out.flush();
            let read_as = match reading {
                None => "",
                Some(Reading::Stripped) => "; the line stripped of surrounding whitespace",
                Some(Reading::Literal) => "; the line read as a Python string literal",
            };
            note(&format!(
                "found with {algorithm} after {} in {secs:.3} s ({}/s{}); key in hex: {}{read_as}",
                count(outcome.candidates, "candidate"),
                si(per_second),
                skipped_note(outcome.skipped),
                hex(&secret)
            ));
            ExitCode::from(OK)
        }
        None => {
            if json {
                out.line(&format!(
                    "{{\"found\":false,\"candidates\":{},\"skipped_lines\":{},\"seconds\":{secs},\"candidates_per_second\":{per_second}}}",
                    outcome.candidates,
                    outcome.skipped
                ));
            }
            out.flush();
            fail(
                INVALID,
                &format!(
                    "no candidate matched ({} in {secs:.3} s, {}/s{}); {}",
                    count(outcome.candidates, "candidate"),
                    si(per_second),
                    skipped_note(outcome.skipped),
                    tried(&salt, cracker.algorithms())
                ),
            )
        }
    }
}

/// What a fruitless run tried: the salt and the digest/derivation pairs,
/// and, under Flask's own salt, that other tokens have other salts (an
/// itsdangerous serializer's defaults are the salt `itsdangerous` and the
/// `django-concat` derivation).
fn tried(salt: &[u8], algorithms: &[SigningAlgorithm]) -> String {
    // Quoted when it prints as it is; as a bytes literal when it is not UTF-8
    // or holds characters a terminal would act on (a bidi override).
    let shown = match (display_secret(salt), core::str::from_utf8(salt)) {
        (plain, Ok(text)) if plain == text => json_str(text),
        (literal, _) => literal,
    };
    let names: Vec<String> = algorithms.iter().map(ToString::to_string).collect();
    let mut text = format!("tried salt {shown} with {}", names.join(", "));
    if salt == b"cookie-session" {
        text.push_str(
            "; a token that is not a Flask session has another salt: pass it with --salt (itsdangerous' serializers default to --salt itsdangerous --derivation django-concat)",
        );
    }
    text
}

// ---------------------------------------------------------------------------
// bench-sha1
// ---------------------------------------------------------------------------

/// Runs `work` (which returns how many units it did) on `n` threads for
/// `seconds`; returns units per second over all threads.
fn per_second_on(n: usize, seconds: f64, work: impl Fn() -> u64 + Sync + Copy) -> f64 {
    let budget = Duration::from_secs_f64(seconds.max(0.01));
    let total = AtomicU64::new(0);
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..n {
            scope.spawn(|| {
                let mut done = 0u64;
                while start.elapsed() < budget {
                    done += work();
                }
                total.fetch_add(done, Ordering::Relaxed);
            });
        }
    });
    rate(total.into_inner(), start.elapsed())
}

pub(crate) fn bench_sha1(args: BenchArgs, json: bool) -> ExitCode {
    let cracker = match Cracker::new(
        args.cookie.trim(),
        &SignerConfig::flask_session().with_limits(CLI_LIMITS),
    ) {
        Ok(c) => c,
        Err(e) => return fail(USAGE, &format!("cannot crack this cookie: {e}")),
    };
    let Some(per_candidate) = cracker.sha1_compressions_per_candidate() else {
        return fail(USAGE, "the cookie is not signed with sha1/hmac");
    };
    let n = threads(args.threads);
    // Raw SHA-1: 64 chained compressions per call, the best case for the
    // compression function (no per-call overhead, no HMAC bookkeeping).
    const BATCH: usize = 64;
    let blocks = [sha1::digest::generic_array::GenericArray::from([0x5a_u8; 64]); BATCH];
    let raw = || {
        let mut state = [
            0x6745_2301,
            0xEFCD_AB89,
            0x98BA_DCFE,
            0x1032_5476,
            0xC3D2_E1F0,
        ];
        for _ in 0..16 {
            sha1::compress(&mut state, black_box(&blocks));
        }
        black_box(state);
        (16 * BATCH) as u64
    };
    // The cracker alone, in memory: what is left of the limit after the
    // HMAC bookkeeping, before any wordlist I/O.
    let keys: Vec<Vec<u8>> = (0..1024u32)
        .map(|i| format!("candidate-{i:08}").into_bytes())
        .collect();
    let crack = || {
        for k in &keys {
            black_box(cracker.try_key(black_box(k)));
        }
        keys.len() as u64
    };
    // Alternate short slices of both, so that other load on the machine
    // weighs on both figures alike.
    let seconds = if args.seconds.is_finite() {
        args.seconds.clamp(0.25, 3600.0)
    } else {
        2.0
    };
    let slices = ((seconds / 0.25).ceil() as usize).max(1);
    let (mut compressions, mut cracker_rate) = (0.0, 0.0);
    for _ in 0..slices {
        compressions += per_second_on(n, 0.25, raw) / slices as f64;
        cracker_rate += per_second_on(n, 0.25, crack) / slices as f64;
    }
    let limit = compressions / per_candidate as f64;
    let mut out = Out::new();
    if json {
        out.line(&format!(
            "{{\"threads\":{n},\"sha1_compressions_per_second\":{compressions},\"compressions_per_candidate\":{per_candidate},\"limit_candidates_per_second\":{limit},\"cracker_in_memory_candidates_per_second\":{cracker_rate}}}"
        ));
    } else {
        out.line(&format!("threads:                         {n}"));
        out.line(&format!(
            "sha-1 compressions/s:            {compressions:.0}"
        ));
        out.line(&format!("compressions per candidate:      {per_candidate}"));
        out.line(&format!("raw hmac-sha1 limit, keys/s:     {limit:.0}"));
        out.line(&format!(
            "cracker in memory, keys/s:       {cracker_rate:.0} ({:.0}% of the limit)",
            100.0 * cracker_rate / limit
        ));
    }
    ExitCode::from(OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(input: &[u8]) -> Vec<Vec<u8>> {
        let mut feed = Feed::new(Box::new(io::Cursor::new(input.to_vec())));
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while feed.next_chunk(&mut buf).unwrap() {
            out.push(buf.clone());
        }
        out
    }

    #[test]
    fn chunks_end_at_line_breaks_and_lose_nothing() {
        let mut input = Vec::new();
        for i in 0..50_000 {
            input.extend_from_slice(format!("word-{i}\n").as_bytes());
        }
        input.extend_from_slice(&vec![b'x'; 3 * CHUNK]); // a line longer than a chunk
        input.extend_from_slice(b"\nlast-without-newline");
        let got = chunks(&input);
        assert!(got.len() > 3);
        for c in &got[..got.len() - 1] {
            assert_eq!(c.last(), Some(&b'\n'));
        }
        assert_eq!(got.concat(), input);
        assert!(chunks(b"").is_empty());
    }

    /// The non-empty lines the feed hands out (less a final `\r`), and how
    /// many it skipped; the buffer stays within its bound throughout.
    fn fed_lines(input: Vec<u8>) -> (Vec<Vec<u8>>, u64) {
        let mut feed = Feed::new(Box::new(io::Cursor::new(input)));
        let (mut buf, mut lines) = (Vec::new(), Vec::new());
        while feed.next_chunk(&mut buf).unwrap() {
            assert!(buf.len() <= MAX_CANDIDATE_LEN + 2 * CHUNK, "{}", buf.len());
            lines.extend(
                buf.split(|&b| b == b'\n')
                    .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
                    .filter(|l| !l.is_empty())
                    .map(<[u8]>::to_vec),
            );
        }
        (lines, feed.skipped)
    }

    #[test]
    fn over_long_lines_are_skipped_not_loaded() {
        let mut input = b"first\n".to_vec();
        input.extend_from_slice(&vec![b'x'; 3 * MAX_CANDIDATE_LEN]);
        input.extend_from_slice(b"\nafter\n");
        input.extend_from_slice(&vec![b'y'; 2 * MAX_CANDIDATE_LEN]); // unterminated at the end
        assert_eq!(
            fed_lines(input),
            (vec![b"first".to_vec(), b"after".to_vec()], 2)
        );
    }

    /// Found by review: a line just over the cap was tried or skipped
    /// depending on the bytes before it (the check only ran on a buffer with
    /// no line break). Now the cap is exact wherever the line falls.
    #[test]
    fn the_line_cap_is_exact_wherever_the_line_falls() {
        let lines_of = |input: Vec<u8>| {
            let (lines, skipped) = fed_lines(input);
            (lines.iter().map(Vec::len).collect::<Vec<_>>(), skipped)
        };
        for pre in [0, 1, 1000, 100_000, CHUNK - 1, CHUNK, CHUNK + 7, 3 * CHUNK] {
            for (len, cr) in [
                (MAX_CANDIDATE_LEN, false),
                (MAX_CANDIDATE_LEN, true),
                (MAX_CANDIDATE_LEN + 1, false),
                (MAX_CANDIDATE_LEN + 1, true),
                (1_100_000, false),
            ] {
                for last in [false, true] {
                    let mut input = Vec::new();
                    if pre > 0 {
                        input.extend(std::iter::repeat_n(b'p', pre));
                        input.push(b'\n');
                    }
                    input.extend(std::iter::repeat_n(b'k', len));
                    if cr {
                        input.push(b'\r');
                    }
                    if !last {
                        input.extend_from_slice(b"\nafter\n");
                    }
                    let mut want = Vec::new();
                    if pre > 0 {
                        want.push(pre);
                    }
                    let kept = len <= MAX_CANDIDATE_LEN;
                    if kept {
                        want.push(len);
                    }
                    if !last {
                        want.push(5);
                    }
                    let what = format!("pre {pre} len {len} cr {cr} last {last}");
                    assert_eq!(lines_of(input), (want, u64::from(!kept)), "{what}");
                }
            }
        }
    }

    /// Found by review: a wordlist saved with a byte-order mark never
    /// matched its first line.
    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_candidate() {
        let (lines, _) = fed_lines(b"\xef\xbb\xbfkey\n\xef\xbb\xbfsecond\n".to_vec());
        assert_eq!(lines, vec![b"key".to_vec(), b"\xef\xbb\xbfsecond".to_vec()]);
        assert!(chunks(b"\xef\xbb\xbf").is_empty());
        assert_eq!(count(1, "candidate"), "1 candidate");
        assert_eq!(count(0, "candidate"), "0 candidates");
    }

    #[test]
    fn finds_the_key_on_any_thread_count() {
        let codec = flask_cookie::SessionCodec::flask("the-key").unwrap();
        let mut session = flask_cookie::Session::new();
        session.insert("u", "a").unwrap();
        let cookie = codec.encode_at(&session, 1_700_000_000).unwrap();
        let cracker = Cracker::new(&cookie, &SignerConfig::flask_session()).unwrap();
        let mut words = Vec::new();
        for i in 0..20_000 {
            words.extend_from_slice(format!("w{i}\r\n").as_bytes());
        }
        words.extend_from_slice(b"the-key\r\n");
        for t in [1, 2, 5] {
            let o = run(
                &cracker,
                Box::new(io::Cursor::new(words.clone())),
                None,
                t,
                false,
            )
            .unwrap();
            assert_eq!(o.found.map(|f| f.0), Some(b"the-key".to_vec()));
        }
        let o = run(
            &cracker,
            Box::new(io::Cursor::new(b"a\nb\n".to_vec())),
            None,
            2,
            false,
        )
        .unwrap();
        assert!(o.found.is_none());
        assert_eq!(o.candidates, 2);
    }
}
