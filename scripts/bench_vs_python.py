#!/usr/bin/env python3
"""Time Flask's session serializer (itsdangerous + TaggedJSONSerializer) and
flask-cookie's SessionCodec on the same cookies, in one run, and print
per-operation medians and ratios.

    python3 scripts/bench_vs_python.py [--markdown] [--repeat N]

The Rust side is `cargo bench --bench compare` (release profile). Each side
reports the median of 31 rounds of the mean time per call. Python's `dumps`
must reproduce the Rust cookie byte for byte (same key, same frozen time), which
is checked before timing. The pair of runs is repeated (--repeat, default 3)
and every cell is the median over the repeats, each ratio the ratio of those
medians: the machine is shared, and a burst of other work during one
side of one run should not move the table.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import flask
import itsdangerous.timed
from flask.sessions import SecureCookieSessionInterface

ROOT = Path(__file__).resolve().parents[1]
NOW = 1_700_000_000
itsdangerous.timed.TimestampSigner.get_timestamp = lambda self: NOW


def median_ns(fn, rounds=31):
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < 0.05:
        fn()
        n += 1
    per_round = max(1, n // 2)
    samples = []
    for _ in range(rounds):
        t = time.perf_counter_ns()
        for _ in range(per_round):
            fn()
        samples.append((time.perf_counter_ns() - t) / per_round)
    return statistics.median(samples)


def one_round(s, max_age):
    """One side-by-side run: the Rust bench, then Python on the same cookies.
    Returns {name: (cookie_len, py_dec, rust_dec, py_enc, rust_enc)}."""
    out = subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "compare"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    rust = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    rows = {}
    for r in rust:
        cookie = r["cookie"]
        data = s.loads(cookie, max_age=max_age)
        again = s.dumps(dict(data))
        if again != cookie:
            sys.exit(f"{r['name']}: Flask's cookie differs from ours:\n{again}\n{cookie}")
        py_dec = median_ns(lambda: s.loads(cookie, max_age=max_age))
        py_enc = median_ns(lambda: s.dumps(dict(data)))
        rows[r["name"]] = (r["cookie_len"], py_dec, r["decode_ns"], py_enc, r["encode_ns"])
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--repeat", type=int, default=3,
                    help="side-by-side runs; each cell is the median over them (default 3)")
    args = ap.parse_args()

    app = flask.Flask(__name__)
    app.secret_key = "secret-key"
    s = SecureCookieSessionInterface().get_signing_serializer(app)
    max_age = int(app.permanent_session_lifetime.total_seconds())
    # A noisy neighbour that slows one side of one run moves one sample of
    # each cell, not the table: every cell is the median over the runs, and
    # each ratio is the ratio of the two medians shown beside it.
    with app.app_context():
        runs = [one_round(s, max_age) for _ in range(max(1, args.repeat))]
    rows = []
    for name in runs[0]:
        cells = [run[name] for run in runs]
        med = lambda i: statistics.median(c[i] for c in cells)
        dec_ratio = med(1) / med(2)
        enc_ratio = med(3) / med(4)
        rows.append((name, cells[0][0], med(1), med(2), dec_ratio, med(3), med(4), enc_ratio))

    cpu = platform.processor() or platform.machine()
    print(f"Python {platform.python_version()}, itsdangerous {itsdangerous.__version__ if hasattr(itsdangerous, '__version__') else ''}"
          f" on {cpu}; medians of 31 rounds, then over {len(runs)} side-by-side runs", file=sys.stderr)
    head = ("session", "cookie bytes", "Flask loads", "ours decode", "ratio", "Flask dumps", "ours encode", "ratio")
    fmt = lambda ns: f"{ns / 1000:.2f} µs"
    lines = []
    for name, n, pd, rd, dr, pe, re_, er in rows:
        lines.append((name, str(n), fmt(pd), fmt(rd), f"{dr:.0f}x", fmt(pe), fmt(re_), f"{er:.0f}x"))
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for l in lines:
            print("| " + " | ".join(l) + " |")
    else:
        widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(head)]
        for row in (head, *lines):
            print("  ".join(c.rjust(w) for c, w in zip(row, widths)))


if __name__ == "__main__":
    import warnings
    warnings.simplefilter("ignore", DeprecationWarning)
    main()
