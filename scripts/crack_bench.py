#!/usr/bin/env python3
"""Cracking throughput, side by side: flask-unsign and `flask-cookie crack` on
the same wordlist and the same Flask cookie, plus the raw HMAC-SHA1 limit of
this machine.

    python3 scripts/crack_bench.py [--lines 500000] [--runs 5] [--markdown]

What it does, in one run:

1. Installs flask-unsign into target/crack-bench-venv when it is not on PATH
   (pip, from PyPI), and builds `flask-cookie` (cargo, release, --features cli).
2. Writes a wordlist of --lines distinct candidates and signs a Flask session
   cookie with real Flask, using the candidate 100 lines from the end as
   SECRET_KEY.
3. Times flask-unsign --unsign (its default threads, --no-literal-eval, its
   fastest mode) once, and flask-cookie crack (all cores) --runs times,
   wall clock including process start, and checks both found the key.
   Candidates per second = the key's line number / wall-clock seconds, the
   same count for both tools.
4. Runs the hidden `flask-cookie bench-sha1`, which measures this machine's
   SHA-1 compressions per second (on all cores, 64 chained blocks a call: the
   compression function's best case) and divides by the compressions one
   candidate of this cookie costs (8: two HMAC-SHA1s, each two key blocks, one
   message block and one outer block). That is the raw HMAC-SHA1 limit, the
   most candidates per second any implementation on this SHA-1 code could
   reach.

It prints both rates, their ratio (the goal is at least 100), the limit and the
fraction of it flask-cookie reaches. The machine's load average is printed too:
other work on the machine slows every figure alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / "target" / "crack-bench-venv"
WORK = ROOT / "target" / "crack-bench"
BIN = ROOT / "target" / "release" / "flask-cookie"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def flask_unsign() -> list[str]:
    found = shutil.which("flask-unsign")
    if found:
        return [found]
    exe = VENV / "bin" / "flask-unsign"
    if not exe.exists():
        log("installing flask-unsign into target/crack-bench-venv (pip) ...")
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--quiet", "flask-unsign"], check=True)
    return [str(exe)]


def build() -> None:
    log("building flask-cookie (cargo build --release --features cli) ...")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--features", "cli"], cwd=ROOT, check=True)


def make_inputs(lines: int) -> tuple[Path, str, str, int]:
    """The wordlist, the cookie, its key and the key's 1-based line number."""
    import random

    WORK.mkdir(parents=True, exist_ok=True)
    rng = random.Random(4)
    words = [f"candidate-{i:08d}-{rng.getrandbits(32):08x}" for i in range(lines)]
    position = max(1, lines - 100)
    key = words[position - 1]
    path = WORK / f"wordlist-{lines}.txt"
    path.write_text("".join(w + "\n" for w in words))

    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    app = Flask("crack_bench")
    app.secret_key = key
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    cookie = serializer.dumps({"user": "alice", "_permanent": True})
    return path, cookie, key, position


def timed(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - start, proc


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def has_sha_ni() -> bool:
    try:
        return " sha_ni" in Path("/proc/cpuinfo").read_text()
    except OSError:
        return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=500_000, help="wordlist size (default 500000)")
    ap.add_argument("--runs", type=int, default=5, help="flask-cookie runs; the median counts (default 5)")
    ap.add_argument("--markdown", action="store_true", help="also print a Markdown table for the README")
    args = ap.parse_args()

    unsign = flask_unsign()
    build()
    wordlist, cookie, key, position = make_inputs(args.lines)
    log(f"wordlist: {args.lines} lines, key at line {position}; cookie: {cookie}")
    load_before = loadavg()

    # flask-unsign: its defaults (8 threads), its fastest mode.
    log("timing flask-unsign (this takes a while) ...")
    py_secs, proc = timed(unsign + ["--unsign", "--cookie", cookie, "--wordlist", str(wordlist),
                                    "--no-literal-eval", "--quiet"])
    if key not in proc.stdout:
        log(f"flask-unsign did not find the key: {proc.stdout!r} {proc.stderr!r}")
        return 1
    py_rate = position / py_secs

    # flask-cookie: all cores, median of --runs.
    ours = []
    internal = []
    for _ in range(args.runs):
        secs, proc = timed([str(BIN), "crack", "--json", "--no-progress", "--wordlist", str(wordlist), cookie])
        result = json.loads(proc.stdout)
        if proc.returncode != 0 or result.get("secret") != key:
            log(f"flask-cookie did not find the key: {proc.stdout!r} {proc.stderr!r}")
            return 1
        ours.append(secs)
        internal.append(result["candidates_per_second"])
    rs_secs = statistics.median(ours)
    rs_rate = position / rs_secs

    bench = json.loads(subprocess.run([str(BIN), "bench-sha1", "--json", "--seconds", "3", cookie],
                                      capture_output=True, text=True, check=True).stdout)
    limit = bench["limit_candidates_per_second"]
    load_after = loadavg()

    rows = [
        ("flask-unsign candidates/s", f"{py_rate:,.0f}", f"{py_secs:.2f} s wall for {position:,} candidates"),
        ("flask-cookie candidates/s", f"{rs_rate:,.0f}",
         f"median {rs_secs:.3f} s wall of {args.runs} runs; its own count: {statistics.median(internal):,.0f}/s"),
        ("ratio", f"{rs_rate / py_rate:,.0f}x", "goal: at least 100x"),
        ("raw HMAC-SHA1 limit, keys/s", f"{limit:,.0f}",
         f"{bench['sha1_compressions_per_second']:,.0f} SHA-1 compressions/s / "
         f"{bench['compressions_per_candidate']} per candidate"),
        ("flask-cookie / limit", f"{100 * rs_rate / limit:.0f}%",
         f"in memory, no wordlist: {bench['cracker_in_memory_candidates_per_second']:,.0f}/s "
         f"= {100 * bench['cracker_in_memory_candidates_per_second'] / limit:.0f}%"),
    ]
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, SHA-NI {'yes' if has_sha_ni() else 'no'}; "
          f"{bench['threads']} threads; load average {load_before} before, {load_after} after")
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>14}  {note}")
    if args.markdown:
        print()
        print("| measure | value | how |")
        print("|---|---:|---|")
        for name, value, note in rows:
            print(f"| {name} | {value} | {note} |")
    return 0 if rs_rate >= 100 * py_rate else 2


if __name__ == "__main__":
    sys.exit(main())
