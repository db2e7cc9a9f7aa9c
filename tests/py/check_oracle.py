#!/usr/bin/env python3
"""Replay tests/vectors/*.json through tests/py/oracle.py and measure it.

    python3 tests/py/check_oracle.py [--repeat N]

Every vector is turned into an oracle request and the oracle's answer is
compared with the recorded expectation (in lenient mode against `expect`, in
strict_base64 mode against `strict_expect` when present). This cross-checks the
generator and the oracle against each other. It then reports throughput, both
pipelined (requests streamed, answers read concurrently) and lock-step (one
request, wait for its answer: what a simple Rust test loop does).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORACLE = ROOT / "tests" / "py" / "oracle.py"
VEC = ROOT / "tests" / "vectors"


def build_cases():
    its = json.loads((VEC / "itsdangerous.json").read_text(encoding="utf-8"))
    fl = json.loads((VEC / "flask.json").read_text(encoding="utf-8"))
    cases = []  # (request, check(resp) -> error str | None)

    for v in its["signer"]:
        base = {k: v[k] for k in ("keys", "salt", "sep", "digest", "derivation", "algorithm", "timed")}
        base["legacy_epoch"] = v["legacy_epoch"]
        for strict in (False, True):
            want = v.get("strict_expect", v["expect"]) if strict else v["expect"]
            req = dict(base, op="unsign", token=v["token"], now=v["verify_now"], max_age=v["max_age"],
                       strict_base64=strict)

            def chk(r, v=v, want=want, strict=strict):
                got = "ok" if r.get("ok") else r.get("category", r.get("error"))
                if got != want:
                    return f"expect {want} got {got} ({r.get('error')})"
                if got == "ok" and not strict:
                    if r["value"] != v["value"]:
                        return "value differs"
                    if r["signed_at"] != v["signed_at"]:
                        return f"signed_at {r['signed_at']} != {v['signed_at']}"
                return None

            cases.append((f"signer:{v['name']}:{'strict' if strict else 'lenient'}", req, chk))
        if v["reproducible"]:
            req = dict(base, op="sign", value=v["value"], now=v["now"])
            cases.append((f"signer:{v['name']}:sign", req,
                          lambda r, v=v: None if r.get("token") == v["token"] else f"token {r}"))

    for v in its["serializer"]:
        base = {k: v[k] for k in ("keys", "salt", "digest", "derivation", "fallback_signers", "legacy_epoch")}
        for strict in (False, True):
            want = v.get("strict_expect", v["expect"]) if strict else v["expect"]
            req = dict(base, op="its_loads", token=v["token"], now=v["verify_now"], max_age=v["max_age"],
                       strict_base64=strict)

            def chk(r, v=v, want=want, strict=strict):
                got = "ok" if r.get("ok") else r.get("category", r.get("error"))
                if got != want:
                    return f"expect {want} got {got} ({r.get('error')})"
                if got == "ok" and not strict:
                    if r["obj_json"] != v["obj_json"]:
                        return "obj_json differs"
                    if r["signed_at"] != v["signed_at"]:
                        return "signed_at differs"
                return None

            cases.append((f"serializer:{v['name']}:{'strict' if strict else 'lenient'}", req, chk))
        if v["reproducible"]:
            req = dict(base, op="its_dumps", obj_json=v["obj_json"], now=v["now"])
            cases.append((f"serializer:{v['name']}:dumps", req,
                          lambda r, v=v: None if r.get("token") == v["token"] else f"token {r}"))

    for v in its["untimed_serializer"]:
        base = {k: v[k] for k in ("keys", "salt", "sep", "digest", "derivation", "fallback_signers")}
        for strict in (False, True):
            want = v.get("strict_expect", v["expect"]) if strict else v["expect"]
            want_unsafe = v.get("strict_unsafe", v["unsafe"]) if strict else v["unsafe"]
            req = dict(base, op="untimed_loads", token=v["token"], strict_base64=strict)

            def chk(r, v=v, want=want, want_unsafe=want_unsafe, strict=strict):
                got = "ok" if r.get("ok") else r.get("category", r.get("error"))
                if got != want:
                    return f"expect {want} got {got} ({r.get('error')})"
                if r.get("unsafe") != want_unsafe:
                    return f"loads_unsafe {r.get('unsafe')} != {want_unsafe}"
                if got == "ok" and not strict and r["obj_json"] != v["obj_json"]:
                    return "obj_json differs"
                return None

            cases.append((f"untimed:{v['name']}:{'strict' if strict else 'lenient'}", req, chk))
        if v["reproducible"]:
            req = dict(base, op="untimed_dumps", obj_json=v["obj_json"])
            cases.append((f"untimed:{v['name']}:dumps", req,
                          lambda r, v=v: None if r.get("token") == v["token"] else f"token {r}"))

    for v in fl["sessions"]:
        req = {"op": "flask_encode", "config": v["config"], "session_json": v["session_json"], "now": v["now"]}

        def chk(r, v=v):
            if not r.get("ok"):
                return f"error {r}"
            stable = v.get("roundtrip_stable", True)
            for k in ("cookie", "set_cookie", "compressed", "vary", "size_warning", "session_json"):
                if stable and r[k] != v[k]:
                    return f"{k}: {r[k]!r} != {v[k]!r}"
            return None

        cases.append((f"sessions:{v['name']}", req, chk))

    for v in fl["decode"]:
        for strict in (False, True):
            want = v.get("strict_expect", v["expect"]) if strict else v["expect"]
            req = {"op": "flask_decode", "config": v["config"], "cookie": v["cookie"], "now": v["now"],
                   "strict_base64": strict}

            def chk(r, v=v, want=want, strict=strict):
                got = "ok" if r.get("ok") else r.get("category", r.get("error"))
                if got != want:
                    return f"expect {want} got {got} ({r.get('error')})"
                if got == "ok" and not strict and r["session_json"] != v["session_json"]:
                    return "session_json differs"
                return None

            cases.append((f"decode:{v['name']}:{'strict' if strict else 'lenient'}", req, chk))
    return cases


def start(warm=True):
    p = subprocess.Popen([sys.executable, str(ORACLE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    if warm:  # exclude interpreter start-up and imports from the timings
        p.stdin.write(b'{"op":"ping"}\n')
        p.stdin.flush()
        assert json.loads(p.stdout.readline()) == {"ok": True}
    return p


def run_pipelined(reqs):
    p = start()
    lines = [(json.dumps(dict(r, id=i)) + "\n").encode() for i, r in enumerate(reqs)]

    def writer():
        for i in range(0, len(lines), 256):
            p.stdin.write(b"".join(lines[i:i + 256]))
            p.stdin.flush()
        p.stdin.close()

    t0 = time.perf_counter()
    th = threading.Thread(target=writer)
    th.start()
    out = [json.loads(ln) for ln in p.stdout]
    th.join()
    dt = time.perf_counter() - t0
    p.wait()
    return out, dt


def run_lockstep(reqs):
    p = start()
    t0 = time.perf_counter()
    out = []
    for r in reqs:
        p.stdin.write((json.dumps(r) + "\n").encode())
        p.stdin.flush()
        out.append(json.loads(p.stdout.readline()))
    dt = time.perf_counter() - t0
    p.stdin.close()
    p.wait()
    return out, dt


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3, help="repeat the request set for the timing runs")
    args = ap.parse_args()
    cases = build_cases()
    reqs = [r for _, r, _ in cases]

    out, _ = run_pipelined(reqs)
    assert len(out) == len(reqs)
    bad = 0
    for (name, _, chk), r in zip(cases, out):
        err = chk(r)
        if err:
            bad += 1
            if bad <= 30:
                print(f"MISMATCH {name}: {err}")
    print(f"checked {len(cases)} oracle requests against the vectors: {bad} mismatches")

    # Robustness: garbage must not kill the process.
    junk = [b"not json\n", b"[1,2]\n", b'{"op":"nope"}\n', b'{"op":"sign"}\n',
            b'{"op":"unsign","keys":["zz"],"token":"a.b"}\n', b'{"op":"flask_decode","config":{"SECRET_KEY":""},'
            b'"cookie":"x","now":1}\n', b'{"op":"ping","id":7}\n']
    p = start(warm=False)
    resp, _ = p.communicate(b"".join(junk))
    rs = [json.loads(x) for x in resp.splitlines()]
    assert len(rs) == len(junk) and rs[-1] == {"ok": True, "id": 7}, rs
    assert all(not r["ok"] and r["error"].startswith("oracle:") for r in rs[:-1]), rs
    print("robustness: ok (" + "; ".join(r.get("error", "ok")[:40] for r in rs) + ")")

    timing_reqs = reqs * args.repeat
    ops = Counter(r["op"] for r in timing_reqs)
    _, dt = run_pipelined(timing_reqs)
    print(f"pipelined: {len(timing_reqs)} ops in {dt:.2f}s = {len(timing_reqs) / dt:.0f} ops/s  {dict(ops)}")
    _, dt = run_lockstep(timing_reqs)
    print(f"lock-step: {len(timing_reqs)} ops in {dt:.2f}s = {len(timing_reqs) / dt:.0f} ops/s")
    for op in sorted(ops):
        sub = [r for r in reqs if r["op"] == op] * args.repeat
        _, dt = run_lockstep(sub)
        print(f"  {op:13s} lock-step {len(sub) / dt:8.0f} ops/s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
