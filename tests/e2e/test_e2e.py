#!/usr/bin/env python3
"""End-to-end: a real Flask app and the Rust examples share one login.

Starts tests/e2e/flask_app.py and each Rust example given on the command line
(paths to the built binaries of examples/axum_session.rs and
examples/actix_session.rs) on loopback ports with the same SECRET_KEY, then,
over real sockets:

* logs in on Flask and is recognised by Rust, and the other way round;
* checks that both send the same Set-Cookie (attribute for attribute; the
  values differ at most by their timestamp) and the same Vary, on login, on
  the refresh of a permanent session (also on a 404), for a non-permanent
  session, for anonymous and untouched requests;
* checks that a tampered, foreign-key, expired or garbage cookie is a 401
  `anonymous` on both (never a 500 on Rust);
* checks that logout sends the very same deletion cookie on both.

Only the standard library is used here: cookies are handled by hand, and the
test signs its own cookies (for expiry and tampering) with hmac/hashlib,
independently of both implementations.

    python3 tests/e2e/test_e2e.py target/debug/examples/axum_session [...]

Exits non-zero on any failure; prints "e2e: N passed, N failed" last.
"""

import base64
import email.utils
import hashlib
import hmac
import http.client
import json
import os
import secrets
import select
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET = "e2e-" + secrets.token_hex(16)
LIFETIME = 31 * 24 * 60 * 60  # Flask's default PERMANENT_SESSION_LIFETIME
DELETION = "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"
START_TIMEOUT = 60.0
REQUEST_TIMEOUT = 10.0


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

PASSED = 0
FAILED = []


def check(cond, what, detail=""):
    global PASSED
    if cond:
        PASSED += 1
    else:
        FAILED.append(f"{what}{': ' + detail if detail else ''}")
        print(f"FAIL {what}{': ' + detail if detail else ''}", flush=True)
    return cond


# ---------------------------------------------------------------------------
# Cookies, signed independently of Flask and of the crate
# ---------------------------------------------------------------------------


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(payload: dict, ts: int, key: str = SECRET) -> str:
    """itsdangerous URLSafeTimedSerializer as Flask configures it (salt
    cookie-session, HMAC-SHA1, hmac key derivation), uncompressed."""
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    value = f"{b64e(body)}.{b64e(ts.to_bytes((ts.bit_length() + 7) // 8, 'big'))}"
    derived = hmac.new(key.encode(), b"cookie-session", hashlib.sha1).digest()
    return f"{value}.{b64e(hmac.new(derived, value.encode(), hashlib.sha1).digest())}"


def verify(cookie: str, key: str = SECRET) -> bool:
    value, _, sig = cookie.rpartition(".")
    derived = hmac.new(key.encode(), b"cookie-session", hashlib.sha1).digest()
    expected = b64e(hmac.new(derived, value.encode(), hashlib.sha1).digest())
    return hmac.compare_digest(expected, sig)


def timestamp(cookie: str) -> int:
    return int.from_bytes(b64d(cookie.split(".")[-2]), "big")


# The spec's literal vector (flask-itsdangerous-spec.md §7.1), so the
# hand-made cookies below are known to be what Flask would make.
assert sign({"user": "alice"}, 1_700_000_000, "secret-key") == (
    "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck"
)


def parse_set_cookie(header: str):
    """`name=value; Attr=v; Flag` -> (name, value, [(attr, value-or-None)])."""
    first, *attrs = header.split("; ")
    name, _, value = first.partition("=")
    parsed = []
    for attr in attrs:
        key, eq, val = attr.partition("=")
        parsed.append((key, val if eq else None))
    return name, value, parsed


# ---------------------------------------------------------------------------
# HTTP by hand
# ---------------------------------------------------------------------------


class Response:
    def __init__(self, status, body, set_cookies, vary):
        self.status = status
        self.body = body
        self.set_cookies = set_cookies
        self.vary = vary

    @property
    def cookie(self):
        """The value of the one session Set-Cookie."""
        (header,) = self.set_cookies
        return parse_set_cookie(header)[1]

    def __repr__(self):
        return f"<{self.status} {self.body!r} Set-Cookie={self.set_cookies} Vary={self.vary}>"


def get(server, path, cookie=None):
    conn = http.client.HTTPConnection(server.host, server.port, timeout=REQUEST_TIMEOUT)
    try:
        headers = {} if cookie is None else {"Cookie": f"session={cookie}"}
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        body = r.read().decode("utf-8", "replace")
        return Response(r.status, body, r.msg.get_all("Set-Cookie") or [], r.msg.get_all("Vary") or [])
    finally:
        conn.close()


# ---------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------


class Server:
    def __init__(self, name, argv):
        self.name = name
        self.log = tempfile.TemporaryFile(mode="w+")
        env = dict(os.environ, SECRET_KEY=SECRET, ADDR="127.0.0.1:0", PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        line = ""
        while not line.startswith("listening on http://"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"{name} did not start:\n{self.logs()}")
            ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
            if ready:
                line = self.proc.stdout.readline().decode().strip()
        hostport = line.removeprefix("listening on http://")
        self.host, _, port = hostport.rpartition(":")
        self.port = int(port)
        print(f"{name}: {line}", flush=True)

    def logs(self):
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# ---------------------------------------------------------------------------
# Comparisons
# ---------------------------------------------------------------------------


def same_response(what, rust, flask, status, body=None):
    """Status, body, Vary and the presence of Set-Cookie agree."""
    check(rust.status == status, f"{what}: rust status", repr(rust))
    check(flask.status == status, f"{what}: flask status", repr(flask))
    if body is not None:
        check(rust.body == body, f"{what}: rust body", repr(rust))
        check(flask.body == body, f"{what}: flask body", repr(flask))
    check(rust.vary == flask.vary, f"{what}: same Vary", f"rust {rust.vary}, flask {flask.vary}")
    check(
        len(rust.set_cookies) == len(flask.set_cookies),
        f"{what}: same number of Set-Cookie",
        f"rust {rust.set_cookies}, flask {flask.set_cookies}",
    )


def same_set_cookie(what, rust_header, flask_header):
    """Attribute for attribute; the values hold the same payload, both verify
    with the shared key, and they are identical when signed in the same
    second. Expires is `signed_at + lifetime`: exactly on Rust (one `now`
    for both), and on Flask up to a second less (it reads the clock for
    Expires just before the one for the timestamp)."""
    rn, rv, ra = parse_set_cookie(rust_header)
    fn, fv, fa = parse_set_cookie(flask_header)
    check(rn == fn == "session", f"{what}: cookie name", f"{rn!r} / {fn!r}")
    check([k for k, _ in ra] == [k for k, _ in fa], f"{what}: same attributes in the same order", f"{ra} / {fa}")
    for (rk, rval), (fk, fval) in zip(ra, fa):
        if rk == fk and rk != "Expires":
            check(rval == fval, f"{what}: same {rk}", f"{rval!r} / {fval!r}")
    check(verify(rv), f"{what}: rust cookie verifies with the shared key", rv)
    check(verify(fv), f"{what}: flask cookie verifies with the shared key", fv)
    check(rv.split(".")[:-2] == fv.split(".")[:-2], f"{what}: same payload", f"{rv} / {fv}")
    if timestamp(rv) == timestamp(fv):
        check(rv == fv, f"{what}: identical values when signed in the same second", f"{rv} / {fv}")
    for side, header, value, attrs, slack in (("rust", rust_header, rv, ra, 0), ("flask", flask_header, fv, fa, 1)):
        expires = dict(attrs).get("Expires")
        if expires is None:
            continue
        delta = int(email.utils.parsedate_to_datetime(expires).timestamp()) - timestamp(value)
        check(LIFETIME - slack <= delta <= LIFETIME, f"{what}: {side} Expires = signed_at + lifetime", header)


def scenario(rust: Server, flask: Server):
    r, f = rust.name, "flask"
    print(f"--- {r} and {f}", flush=True)

    # Anonymous: the view reads the session, so Vary, and nothing to set.
    rr, fr = get(rust, "/whoami"), get(flask, "/whoami")
    same_response("anonymous /whoami", rr, fr, 401, "anonymous")
    check(rr.vary == ["Cookie"] and not rr.set_cookies, "anonymous /whoami: Vary only", repr(rr))

    # A request that never touches the session: no Vary, no cookie.
    rr, fr = get(rust, "/nowhere"), get(flask, "/nowhere")
    same_response("untouched 404", rr, fr, 404)
    check(rr.vary == [] and rr.set_cookies == [], "untouched 404: no Vary, no Set-Cookie", repr(rr))

    # Log in on each side: the same cookie, attribute for attribute.
    rl, fl = get(rust, "/login/alice"), get(flask, "/login/alice")
    same_response("login", rl, fl, 200, "ok")
    if rl.set_cookies and fl.set_cookies:
        same_set_cookie("login", rl.set_cookies[0], fl.set_cookies[0])
        check(rl.vary == ["Cookie"], "login: Vary: Cookie", repr(rl))
    else:
        return
    rust_cookie, flask_cookie = rl.cookie, fl.cookie

    # Logged in on Flask, recognised by Rust; and the other way round. Both
    # refresh the permanent session on the way (SESSION_REFRESH_EACH_REQUEST).
    rw, fw = get(rust, "/whoami", flask_cookie), get(flask, "/whoami", rust_cookie)
    same_response("whoami across", rw, fw, 200, "alice")
    if rw.set_cookies and fw.set_cookies:
        same_set_cookie("refresh on whoami", rw.set_cookies[0], fw.set_cookies[0])
        # The refreshed cookies are accepted by the other side too.
        check(get(flask, "/whoami", rw.cookie).body == "alice", "flask accepts rust's refreshed cookie")
        check(get(rust, "/whoami", fw.cookie).body == "alice", "rust accepts flask's refreshed cookie")

    # A non-ASCII user name round-trips through both JSON encoders.
    rl2, fl2 = get(rust, "/login/%C3%A9lodie"), get(flask, "/login/%C3%A9lodie")
    same_response("login élodie", rl2, fl2, 200, "ok")
    if rl2.set_cookies and fl2.set_cookies:
        same_set_cookie("login élodie", rl2.set_cookies[0], fl2.set_cookies[0])
        check(get(flask, "/whoami", rl2.cookie).body == "élodie", "flask recognises rust's élodie")
        check(get(rust, "/whoami", fl2.cookie).body == "élodie", "rust recognises flask's élodie")

    # Even a 404 refreshes a permanent session, with Vary (CVE-2023-30861).
    rn, fn = get(rust, "/nowhere", rust_cookie), get(flask, "/nowhere", rust_cookie)
    same_response("404 with a permanent session", rn, fn, 404)
    if rn.set_cookies and fn.set_cookies:
        same_set_cookie("refresh on 404", rn.set_cookies[0], fn.set_cookies[0])
    check(rn.vary == ["Cookie"], "404 with a permanent session: Vary: Cookie", repr(rn))

    now = int(time.time())
    # A non-permanent session is read, not re-sent.
    carol = sign({"user": "carol"}, now)
    rc, fc = get(rust, "/whoami", carol), get(flask, "/whoami", carol)
    same_response("non-permanent session", rc, fc, 200, "carol")
    check(rc.set_cookies == [] and rc.vary == ["Cookie"], "non-permanent session: Vary, no Set-Cookie", repr(rc))

    # Just inside the lifetime: still valid (and refreshed).
    old = sign({"_permanent": True, "user": "dave"}, now - LIFETIME + 60)
    same_response("cookie one minute before expiry", get(rust, "/whoami", old), get(flask, "/whoami", old), 200, "dave")

    # Everything Flask turns into an empty session is a 401 on both.
    payload, ts, sig = rust_cookie.split(".")
    forged = b64e(json.dumps({"_permanent": True, "user": "admin"}, separators=(",", ":")).encode())
    bad = {
        "tampered payload": f"{forged}.{ts}.{sig}",
        "tampered signature": f"{payload}.{ts}.{sig[:-2]}{'A' if sig[-2] != 'A' else 'B'}{sig[-1]}",
        "tampered timestamp": f"{payload}.{b64e((timestamp(rust_cookie) + 1).to_bytes(4, 'big'))}.{sig}",
        "another key": sign({"_permanent": True, "user": "alice"}, now, key="not-the-key"),
        "expired": sign({"_permanent": True, "user": "alice"}, now - LIFETIME - 60),
        "from the future": sign({"_permanent": True, "user": "alice"}, now + 3600),
        "garbage": "not-a-cookie",
        "empty": "",
    }
    for name, cookie in bad.items():
        rb, fb = get(rust, "/whoami", cookie), get(flask, "/whoami", cookie)
        same_response(f"{name} cookie", rb, fb, 401, "anonymous")
        check(rb.set_cookies == [] and rb.vary == ["Cookie"], f"{name} cookie: not deleted, Vary", repr(rb))

    # Validly signed but not a dict: Flask fails with a 500 here (spec §5.9);
    # the Rust service must answer 401, never 500.
    for name, body in (("a list", [1, 2]), ("a string", "ab")):
        cookie = sign(body, now)  # type: ignore[arg-type]
        rb = get(rust, "/whoami", cookie)
        check(rb.status == 401 and rb.body == "anonymous", f"signed {name} payload: rust 401", repr(rb))

    # Logout: session.clear() deletes the cookie, byte for byte as Flask.
    ro, fo = get(rust, "/logout", rust_cookie), get(flask, "/logout", flask_cookie)
    same_response("logout", ro, fo, 200, "ok")
    check(ro.set_cookies == [DELETION], "logout: rust deletion cookie", repr(ro))
    check(ro.set_cookies == fo.set_cookies, "logout: identical deletion cookies", f"{ro.set_cookies} / {fo.set_cookies}")
    check(ro.vary == ["Cookie"], "logout: Vary: Cookie", repr(ro))
    # Clearing an empty session still deletes (Flask: clear() always modifies).
    ro, fo = get(rust, "/logout"), get(flask, "/logout")
    check(ro.set_cookies == fo.set_cookies == [DELETION], "logout without a cookie still deletes", f"{ro} / {fo}")
    # What the browser keeps after the deletion: an empty cookie, anonymous.
    same_response("after logout", get(rust, "/whoami", ""), get(flask, "/whoami", ""), 401, "anonymous")


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    servers = []

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        flask = Server("flask", [sys.executable, os.path.join(HERE, "flask_app.py")])
        servers.append(flask)
        for path in argv:
            rust = Server(os.path.basename(path), [path])
            servers.append(rust)
            scenario(rust, flask)
    except Exception as e:  # noqa: BLE001 - report and fail
        FAILED.append(f"{type(e).__name__}: {e}")
        print(f"FAIL {type(e).__name__}: {e}", flush=True)
    finally:
        for server in servers:
            server.stop()
        if FAILED:
            for server in servers:
                print(f"--- {server.name} log\n{server.logs()}", file=sys.stderr)
    print(f"e2e: {PASSED} passed, {len(FAILED)} failed", flush=True)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
