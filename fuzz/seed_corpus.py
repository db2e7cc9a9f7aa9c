#!/usr/bin/env python3
"""Writes the fuzz seed corpora from the Flask golden vectors.

    python3 fuzz/seed_corpus.py

Reads tests/vectors/flask.json (written by tests/gen/gen_vectors.py with real
Flask 3.1 / itsdangerous 2.2) and writes, deterministically:

* fuzz/seeds/genuine_cookies.txt: every cookie-shaped string in the vectors.
  The cookie_unknown_key target includes it: under the vectors' key these
  are the only tokens allowed to verify.
* fuzz/seeds/<target>/<name>: small starting inputs for each target: real
  Flask cookies, their JSON payloads, their zlib streams, and a few hostile
  inputs (zlib bombs, deep nesting).

Only the standard library is needed. The seeds are small and committed; the
corpora the fuzzer grows live in fuzz/corpus/ (gitignored).
"""

import base64
import hashlib
import json
import os
import re
import shutil
import struct
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VECTORS = os.path.join(ROOT, "tests", "vectors", "flask.json")
SEEDS = os.path.join(ROOT, "fuzz", "seeds")
TARGETS = [
    "cookie_unknown_key",
    "session_roundtrip",
    "json_reader",
    "inflate_cap",
    "config_from_input",
    "py_literal",
]
# Keep the committed seeds small: at most this many per target, each at most
# MAX_SEED bytes.
PER_TARGET = 64
MAX_SEED = 4096
# Maximal runs of base64url characters and dots holding at least two dots.
COOKIE_SHAPE = re.compile(r"[A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]*){2,}")


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def safe_name(name):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:80]


class Target:
    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(SEEDS, name)
        self.seen = set()
        self.count = 0

    def add(self, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogatepass")
        digest = hashlib.sha1(data).hexdigest()
        if digest in self.seen or len(data) > MAX_SEED or self.count >= PER_TARGET:
            return
        self.seen.add(digest)
        self.count += 1
        with open(os.path.join(self.dir, f"{safe_name(name)}-{digest[:8]}"), "wb") as f:
            f.write(data)


def spread(items, n):
    """n items evenly spread over the list (deterministic)."""
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def main():
    with open(VECTORS, encoding="utf-8") as f:
        vectors = json.load(f)

    shutil.rmtree(SEEDS, ignore_errors=True)
    os.makedirs(SEEDS)
    targets = {}
    for name in TARGETS:
        os.makedirs(os.path.join(SEEDS, name))
        targets[name] = Target(name)

    text = json.dumps(vectors)
    genuine = sorted({c for c in COOKIE_SHAPE.findall(text) if len(c) > 8})
    with open(os.path.join(SEEDS, "genuine_cookies.txt"), "w", encoding="ascii") as f:
        f.write("# Every cookie-shaped string in tests/vectors/flask.json (fuzz/seed_corpus.py).\n")
        for c in genuine:
            f.write(c + "\n")

    cookies = []  # (name, cookie, json text or None)
    for v in vectors["sessions"]:
        if v.get("cookie"):
            cookies.append((v["name"], v["cookie"], v.get("session_json")))
    for v in vectors["decode"]:
        if v.get("cookie"):
            cookies.append((v["name"], v["cookie"], v.get("session_json")))

    # cookie_unknown_key: real cookies, valid and tampered, as they are.
    t = targets["cookie_unknown_key"]
    for name, cookie, _ in spread(cookies, PER_TARGET - 4):
        t.add(name, cookie)
    t.add("empty", b"")
    t.add("dots", b"..")
    t.add("huge_ts", "eyJ1c2VyIjoiYWxpY2UifQ.__________8.uUhuIpOZ_RbBZ4ImWrqwftflJck")
    t.add("nine_byte_ts", "eyJ1c2VyIjoiYWxpY2UifQ.AQAAAAAAAAAA.uUhuIpOZ_RbBZ4ImWrqwftflJck")

    # json_reader: the session JSON Flask wrote and read, plus hostile shapes.
    t = targets["json_reader"]
    texts = sorted({j for _, _, j in cookies if j})
    for j in spread(texts, PER_TARGET - 6):
        t.add("session_json", j)
    t.add("deep_list", "[" * 200)
    t.add("deep_tuple", '{" t":[' * 80)
    t.add("big_int", "1" * 4300)
    t.add("too_big_int", "1" * 4301)
    t.add("specials", "[NaN,Infinity,-Infinity,1e400,-0.0,5e-324]")
    t.add("lone_surrogate", '"\\ud800"')

    # session_roundtrip: arbitrary-driven; the session JSON bytes are as good
    # a start as any.
    t = targets["session_roundtrip"]
    for j in spread(texts, PER_TARGET):
        t.add("session_json", j)

    # inflate_cap: a cap selector byte, then the zlib stream of real
    # compressed cookies, and bombs.
    t = targets["inflate_cap"]
    streams = []
    for name, cookie, _ in cookies:
        payload = cookie.rsplit(".", 2)[0]
        if payload.startswith("."):
            try:
                streams.append((name, b64url_decode(payload[1:])))
            except ValueError:
                pass
    for i, (name, z) in enumerate(spread(streams, PER_TARGET - 6)):
        t.add(name, bytes([i % 8]) + z)
    bomb = zlib.compress(b"\0" * (4 << 20), 9)  # 4 MiB of zeros in ~4 KiB
    t.add("bomb_4MiB_default_cap", bytes([5]) + bomb)
    t.add("bomb_4MiB_cap_64KiB", bytes([4]) + bomb)
    json_bomb = zlib.compress(b"[" * (1 << 20), 9)
    t.add("json_bomb_1MiB", bytes([5]) + json_bomb)
    exact = zlib.compress(b"x" * 4096)
    t.add("exactly_4096_cap_4096", bytes([3]) + exact)
    t.add("trailing_garbage", bytes([3]) + exact + b"garbage")
    t.add("truncated", bytes([3]) + exact[:-3])

    # config_from_input: arbitrary-driven; start from cookie bytes.
    t = targets["config_from_input"]
    for name, cookie, _ in spread(cookies, PER_TARGET):
        t.add(name, struct.pack("<I", len(cookie)) + cookie.encode())

    # py_literal: Python's own repr of sessions (a literal ast.literal_eval
    # reads back), keys that are not str, and wordlist lines as
    # flask-unsign's wordlists write them.
    t = targets["py_literal"]
    literals = [
        {"logged_in": True, "ids": (1, 2), "raw": b"\xff\x00", "name": "\u00e9\n"},
        {10: "a", 9: "b", True: "c", -0.0: "d", 2**70: "e", 0.5: 1.5e-7},
        {None: float("inf")},  # repr: inf, which literal_eval refuses
        {" t": {1: 2}, "x": [({0.5: b"k"},)], "n": 2**70, "f": 1e16},
        {"_permanent": True, "csrf_token": "5f0c1e8a9b7d4c2e8f1a3b5c7d9e0f21a3b4c5d6"},
        {"_fresh": False, "_id": "x" * 40, "_user_id": "1", "cart": [{"id": 1, "q": 2}]},
    ]
    for i, v in enumerate(literals):
        t.add(f"repr_{i}", repr(v))
    for i, line in enumerate([
        "'secret'", "b'_5#y2L\"F4Q8z\\n\\xec]/'", "  CHANGEME  ", "r'\\d' u'\\u00e9' \"x\"",
        "{'a': {1: 2, 'b': 3}, 'a': 0}", "{(1, [2]): 3}", "{'ids': {1, 2}, 'z': 1j}",
        "{'n': [0x1F, 0o17, 0b1_0, 1_000, .5, 5., 1E-5]}",
    ]):
        t.add(f"line_{i}", line)

    for name in TARGETS:
        print(f"{name}: {targets[name].count} seeds")
    print(f"genuine_cookies.txt: {len(genuine)} cookie-shaped strings")


if __name__ == "__main__":
    main()
