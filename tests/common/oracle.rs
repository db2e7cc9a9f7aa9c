//! A live Python oracle (tests/py/oracle.py) for differential tests.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::Value as J;

pub struct Oracle {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Oracle {
    /// Starts the oracle, or returns `None` (after saying why) when python3
    /// cannot import Flask and itsdangerous. With `FLASK_COOKIE_REQUIRE_ORACLE=1`
    /// (set by `.ci/run`) a missing oracle is a failure instead.
    ///
    /// `FLASK_COOKIE_PYTHON` names another interpreter (a virtualenv's
    /// `python` with another Python version, say) to run it with.
    pub fn start() -> Option<Self> {
        let root = env!("CARGO_MANIFEST_DIR");
        let python = std::env::var_os("FLASK_COOKIE_PYTHON").unwrap_or_else(|| "python3".into());
        let ok = Command::new(&python)
            .args(["-c", "import flask, itsdangerous"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            assert!(
                std::env::var_os("FLASK_COOKIE_REQUIRE_ORACLE").is_none(),
                "python3 with Flask and itsdangerous is required (pip install -r requirements-test.txt)"
            );
            eprintln!("SKIPPED: python3 cannot import flask and itsdangerous");
            return None;
        }
        let mut child = Command::new(&python)
            .arg(format!("{root}/tests/py/oracle.py"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        let stdout = BufReader::new(child.stdout.take()?);
        Some(Self {
            child,
            stdin,
            stdout,
        })
    }

    pub fn call(&mut self, req: &J) -> J {
        let mut line = serde_json::to_string(req).unwrap();
        line.push('\n');
        self.stdin.write_all(line.as_bytes()).unwrap();
        self.stdin.flush().unwrap();
        let mut resp = String::new();
        self.stdout.read_line(&mut resp).unwrap();
        serde_json::from_str(&resp).unwrap_or_else(|e| panic!("oracle said {resp:?}: {e}"))
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A small deterministic PRNG (xorshift64*), so failures reproduce from the seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    pub fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
    pub fn bytes(&mut self, max: u64) -> Vec<u8> {
        (0..self.below(max + 1))
            .map(|_| self.next() as u8)
            .collect()
    }
}

/// How many cases a randomized differential test runs, and its seed: the
/// test's own `cases` and `seed` unless `FLASK_COOKIE_LIVE_SCALE` (a
/// multiplier) or `FLASK_COOKIE_LIVE_SEED` (any u64, decimal or `0x` hex)
/// say otherwise, for longer runs and fresh draws than CI's.
pub fn campaign(cases: usize, seed: u64) -> (usize, u64) {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let scale = var("FLASK_COOKIE_LIVE_SCALE").map_or(1, |v| {
        v.parse::<usize>()
            .unwrap_or_else(|_| panic!("FLASK_COOKIE_LIVE_SCALE={v}: not a count"))
    });
    let seed = var("FLASK_COOKIE_LIVE_SEED").map_or(seed, |v| {
        let parsed = match v.strip_prefix("0x") {
            Some(h) => u64::from_str_radix(h, 16),
            None => v.parse(),
        };
        parsed.unwrap_or_else(|_| panic!("FLASK_COOKIE_LIVE_SEED={v}: not a u64"))
    });
    // xorshift never leaves 0.
    (
        cases.saturating_mul(scale),
        if seed == 0 { 1 } else { seed },
    )
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
