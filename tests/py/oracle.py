#!/usr/bin/env python3
"""Live itsdangerous / Flask oracle for differential tests.

Reads one JSON request per line on stdin, writes one JSON response per line on
stdout (flushed after each line). It never exits on a bad request: every
failure is reported as {"ok": false, "error": "oracle:<message>"}. It exits on
EOF.

Byte strings are lowercase hex. Keys are ordered oldest..newest (itsdangerous
order; the last key signs). Every request may carry:
  "id": anything         echoed back unchanged
  "strict_base64": true  run with itsdangerous' lenient base64_decode replaced by
                         a strict one (the definition used for `strict_expect`
                         in tests/vectors: alphabet A-Za-z0-9-_ only, no '=',
                         len % 4 != 1, zero trailing bits)
  "legacy_epoch": true   (timed ops) get_timestamp returns now - 1293840000,
                         like itsdangerous <= 0.24

Operations (defaults in brackets):
  {"op":"its_dumps","keys":[hex],"salt":hex[itsdangerous],"digest":[sha1],
   "derivation":[django-concat],"fallback_signers":[{"digest","derivation"}],
   "obj_json":text,"now":int}
      -> {"ok":true,"token":str}            (URLSafeTimedSerializer, obj=json.loads(obj_json))
  {"op":"its_loads", same settings, "token":str, "now":int, "max_age":int|null}
      -> {"ok":true,"obj_json":json.dumps(obj,sort_keys=True),"signed_at":int}
       | {"ok":false,"error":"BadSignature|BadTimeSignature|SignatureExpired|BadPayload|other:<Class>",
          "category":<vector expect value>,"message":str}
  {"op":"untimed_dumps", the its_dumps settings plus "sep"["."], "obj_json":text}
      -> {"ok":true,"token":str}            (URLSafeSerializer: no timestamp, no 'now')
  {"op":"untimed_loads", same settings, "token":str}
      -> {"ok":true,"obj_json":...,"unsafe":[signature_valid, obj_json|null] | "bad_payload",
          "fallback_signer":int|null}   (the index of the fallback signer that verified)
       | {"ok":false,"error","category","message","unsafe"}   (unsafe: what loads_unsafe gave)
  {"op":"sign","timed":bool,"keys","salt"[itsdangerous.Signer],"sep"["."],"digest","derivation",
   "algorithm":"hmac"|"none","value":hex,"now":int}
      -> {"ok":true,"token":str}
  {"op":"unsign", same settings, "token":str (or "token_hex"), "now":int, "max_age":int|null}
      -> {"ok":true,"value":hex,"signed_at":int|null} | {"ok":false,"error",...}
  {"op":"flask_encode","config":{...},"session_json":text,"now":int}
      -> {"ok":true,"cookie":str|null,"compressed":bool,"set_cookie":str|null,
          "session_json":<Flask's own re-dump>,"vary":str|null,"size_warning":bool}
     (runs SecureCookieSessionInterface.save_session on a modified session; an
      empty session yields the deletion header and cookie null)
  {"op":"flask_encode_literal","config":{...},"text":str,"now":int}
      -> {"ok":true,"cookie":str,"non_str_keys":bool}
         | {"ok":false,"error":"literal_eval|not_a_dict|dumps"}
     (flask-unsign --sign: ast.literal_eval, then Flask's signing serializer)
  {"op":"flask_dumps_value","config":{...},"session_json":text,"now":int}
      -> {"ok":true,"token":str}   (any tagged value, not only a dict, through
                                    Flask's signing serializer: sign --raw)
  {"op":"flask_deepest","config":{...},"shape":"list|dict|tuple|tag_dict|tuple_in_list","now":int}
      -> {"ok":true,"levels":int,"cookie":str,"session_json":<canonical dump>}
     (the deepest session {"a": <shape nested `levels` times around "x">}
      that Flask's signing serializer both writes and loads back here, under
      Python's default recursion limit; one level more fails)
  {"op":"flask_decode","config":{...},"cookie":str,"now":int}
      -> {"ok":true,"session_json":<canonical dump>,"signed_at":int}
       | {"ok":false,"error":<class name>|"NotADict","category":...}
  {"op":"flask_open","config":{...},"cookie":str,"now":int}
      -> {"ok":true,"session_json":<canonical dump>} | {"ok":false,"error",...}
     (Flask's own open_session on a request carrying the cookie: the session
      a view sees, dict(data) of any payload, empty for a bad signature; or
      the exception the request fails with)
  {"op":"versions"} -> {"ok":true,"versions":{...}}
  {"op":"ping"}     -> {"ok":true}

Flask configs use the keys of tests/vectors/flask.json (SECRET_KEY and
SECRET_KEY_FALLBACKS as hex, PERMANENT_SESSION_LIFETIME as int seconds);
missing keys take Flask's defaults. Apps, serializers and signers are cached per
configuration.

    python3 tests/py/oracle.py < requests.jsonl
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.metadata
import json
import platform
import sys
import warnings
import zlib

import flask.sessions
import itsdangerous.signer
import itsdangerous.timed
import itsdangerous.url_safe
from flask import Flask, Request
from flask.sessions import SecureCookieSession, session_json_serializer
from werkzeug.test import EnvironBuilder
from itsdangerous import (
    BadPayload,
    BadSignature,
    BadTimeSignature,
    Signer,
    SignatureExpired,
    TimestampSigner,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)
from itsdangerous.signer import NoneAlgorithm
from strict_base64 import strict_base64  # tests/py/strict_base64.py, next to this file

LEGACY_EPOCH = 1293840000
DIGESTS = {
    "sha1": hashlib.sha1,
    "sha224": hashlib.sha224,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}
FLASK_DEFAULTS = {
    "SECRET_KEY": "secret-key".encode().hex(),
    "SECRET_KEY_FALLBACKS": [],
    "PERMANENT_SESSION_LIFETIME": 2678400,
    "SESSION_COOKIE_NAME": "session",
    "SESSION_COOKIE_DOMAIN": None,
    "SESSION_COOKIE_PATH": None,
    "APPLICATION_ROOT": "/",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_SAMESITE": None,
    "SESSION_COOKIE_PARTITIONED": False,
    "MAX_COOKIE_SIZE": 4093,
    "SESSION_REFRESH_EACH_REQUEST": True,
}


class OracleError(Exception):
    pass


# ----- frozen time -----------------------------------------------------------


class _Clock:
    now: int | None = None
    legacy = False


CLOCK = _Clock()


def _frozen_get_timestamp(self):
    if CLOCK.now is None:
        raise OracleError("this operation needs 'now'")
    return CLOCK.now - LEGACY_EPOCH if CLOCK.legacy else CLOCK.now


TimestampSigner.get_timestamp = _frozen_get_timestamp
_RealDatetime = flask.sessions.datetime


class _FrozenDatetime(_RealDatetime):
    @classmethod
    def now(cls, tz=None):
        if CLOCK.now is None:
            raise OracleError("this operation needs 'now'")
        return _RealDatetime.fromtimestamp(CLOCK.now, tz)


flask.sessions.datetime = _FrozenDatetime


@contextlib.contextmanager
def frozen(now, legacy=False):
    if now is not None and not isinstance(now, int):
        raise OracleError("'now' must be an integer")
    old = CLOCK.now, CLOCK.legacy
    CLOCK.now, CLOCK.legacy = now, bool(legacy)
    try:
        yield
    finally:
        CLOCK.now, CLOCK.legacy = old


# ----- helpers ------------------------------------------------------------------


def unhex(s, what):
    if not isinstance(s, str):
        raise OracleError(f"{what} must be a hex string")
    try:
        return bytes.fromhex(s)
    except ValueError as e:
        raise OracleError(f"{what} is not valid hex") from e


def digest_of(name):
    try:
        return DIGESTS[name]
    except KeyError:
        raise OracleError(f"unknown digest {name!r}") from None


def keys_of(req):
    keys = req.get("keys")
    if not isinstance(keys, list) or not keys:
        raise OracleError("'keys' must be a non-empty list of hex strings")
    return tuple(unhex(k, "key") for k in keys)


def error_fields(exc):
    if isinstance(exc, SignatureExpired):
        name, cat = "SignatureExpired", "expired"
    elif isinstance(exc, BadTimeSignature):
        name = "BadTimeSignature"
        cat = {"timestamp missing": "missing_timestamp", "Malformed timestamp": "malformed_timestamp"}.get(
            str(exc), "bad_time_signature")
    elif isinstance(exc, BadSignature):
        name, cat = "BadSignature", "bad_signature"
    elif isinstance(exc, BadPayload):
        name, cat = "BadPayload", "bad_payload"
    else:
        # e.g. OSError/OverflowError from datetime.fromtimestamp on a validly
        # signed out-of-range timestamp; the vectors call that malformed_timestamp.
        name = f"other:{type(exc).__name__}"
        cat = "malformed_timestamp" if isinstance(exc, (OSError, OverflowError, ValueError)) else "other"
    return {"ok": False, "error": name, "category": cat, "message": str(exc)}


_SIGNERS: dict = {}
_SERIALIZERS: dict = {}
_APPS: dict = {}


def get_signer(req):
    timed = bool(req.get("timed", False))
    keys = keys_of(req)
    salt = unhex(req["salt"], "salt") if req.get("salt") is not None else b"itsdangerous.Signer"
    sep = req.get("sep", ".")
    digest = req.get("digest", "sha1")
    der = req.get("derivation", "django-concat")
    alg = req.get("algorithm", "hmac")
    ck = (timed, keys, salt, sep, digest, der, alg)
    s = _SIGNERS.get(ck)
    if s is None:
        if der not in ("concat", "django-concat", "hmac", "none"):
            raise OracleError(f"unknown derivation {der!r}")
        kw = dict(salt=salt, sep=sep, key_derivation=der, digest_method=digest_of(digest))
        if alg == "none":
            kw["algorithm"] = NoneAlgorithm()
        elif alg != "hmac":
            raise OracleError(f"unknown algorithm {alg!r}")
        s = (TimestampSigner if timed else Signer)(list(keys), **kw)
        _SIGNERS[ck] = s
    return s


def get_serializer(req, untimed=False):
    keys = keys_of(req)
    salt = unhex(req["salt"], "salt") if req.get("salt") is not None else b"itsdangerous"
    digest = req.get("digest", "sha1")
    der = req.get("derivation", "django-concat")
    sep = req.get("sep", ".") if untimed else "."
    fbs = req.get("fallback_signers") or []
    fb_key = tuple((f.get("digest", "sha1"), f.get("derivation", "django-concat")) for f in fbs)
    ck = (untimed, keys, salt, sep, digest, der, fb_key)
    s = _SERIALIZERS.get(ck)
    if s is None:
        for d, k in fb_key:
            digest_of(d)
            if k not in ("concat", "django-concat", "hmac", "none"):
                raise OracleError(f"unknown derivation {k!r}")
        if der not in ("concat", "django-concat", "hmac", "none"):
            raise OracleError(f"unknown derivation {der!r}")
        # A dict fallback replaces signer_kwargs wholesale: it carries the separator too.
        extra = {} if sep == "." else {"sep": sep}
        s = (URLSafeSerializer if untimed else URLSafeTimedSerializer)(
            list(keys), salt=salt,
            signer_kwargs={"key_derivation": der, "digest_method": digest_of(digest), **extra},
            fallback_signers=[{"digest_method": DIGESTS[d], "key_derivation": k, **extra} for d, k in fb_key],
        )
        _SERIALIZERS[ck] = s
    return s


def get_app(config):
    if not isinstance(config, dict):
        raise OracleError("'config' must be an object")
    c = dict(FLASK_DEFAULTS)
    c.update(config)
    ck = json.dumps(c, sort_keys=True)
    entry = _APPS.get(ck)
    if entry is None:
        unknown = set(c) - set(FLASK_DEFAULTS)
        if unknown:
            raise OracleError(f"unknown config keys {sorted(unknown)}")
        pc = dict(c)
        pc["SECRET_KEY"] = unhex(c["SECRET_KEY"], "SECRET_KEY")
        pc["SECRET_KEY_FALLBACKS"] = [unhex(k, "fallback key") for k in c["SECRET_KEY_FALLBACKS"] or []]
        app = Flask("flask_cookie_oracle")
        app.config.update(pc)
        app.logger.disabled = True
        ser = app.session_interface.get_signing_serializer(app)
        if ser is None:
            raise OracleError("SECRET_KEY is empty: Flask has no session serializer")
        max_age = int(app.permanent_session_lifetime.total_seconds())
        entry = (app, ser, max_age)
        _APPS[ck] = entry
    return entry


# ----- operations -----------------------------------------------------------------


def op_its_dumps(req):
    ser = get_serializer(req)
    obj = json.loads(req["obj_json"])
    with frozen(req.get("now"), req.get("legacy_epoch")):
        return {"ok": True, "token": ser.dumps(obj)}


def op_its_loads(req):
    ser = get_serializer(req)
    with frozen(req.get("now"), req.get("legacy_epoch")):
        try:
            obj, dt = ser.loads(req["token"], max_age=req.get("max_age"), return_timestamp=True)
        except Exception as e:  # noqa: BLE001
            return error_fields(e)
    ts = int(dt.timestamp())
    if req.get("legacy_epoch"):
        ts += LEGACY_EPOCH
    return {"ok": True, "obj_json": json.dumps(obj, sort_keys=True), "signed_at": ts}


def op_untimed_dumps(req):
    ser = get_serializer(req, untimed=True)
    with frozen(None):  # no clock may be read
        return {"ok": True, "token": ser.dumps(json.loads(req["obj_json"]))}


def op_untimed_loads(req):
    ser = get_serializer(req, untimed=True)
    with frozen(None):
        try:
            ok, obj = ser.loads_unsafe(req["token"])
            unsafe = [ok, json.dumps(obj, sort_keys=True) if ok or obj is not None else None]
        except BadPayload:
            unsafe = "bad_payload"
        try:
            obj = ser.loads(req["token"])
        except Exception as e:  # noqa: BLE001
            return dict(error_fields(e), unsafe=unsafe)
    return {"ok": True, "obj_json": json.dumps(obj, sort_keys=True), "unsafe": unsafe,
            "fallback_signer": fallback_signer(ser, req["token"])}


def fallback_signer(ser, token):
    """Which fallback signer verifies the token, in itsdangerous' own order:
    `iter_unsigners` yields the primary (holding every key), then each
    fallback once per key. None when the primary does."""
    for i, signer in enumerate(ser.iter_unsigners()):
        try:
            signer.unsign(token)
        except BadSignature:
            continue
        return None if i == 0 else (i - 1) // len(ser.secret_keys)
    raise OracleError("no signer verifies a token loads accepted")


def op_sign(req):
    s = get_signer(req)
    value = unhex(req["value"], "value")
    with frozen(req.get("now") if req.get("timed") else None, req.get("legacy_epoch")):
        tok = s.sign(value)
    try:
        return {"ok": True, "token": tok.decode("utf-8")}
    except UnicodeDecodeError:
        return {"ok": True, "token": None, "token_hex": tok.hex()}


def op_unsign(req):
    s = get_signer(req)
    if "token_hex" in req:
        tok = unhex(req["token_hex"], "token_hex")
    else:
        tok = req["token"].encode("utf-8")
    timed = bool(req.get("timed"))
    with frozen(req.get("now") if timed else None, req.get("legacy_epoch")):
        try:
            if timed:
                try:
                    value, dt = s.unsign(tok, max_age=req.get("max_age"), return_timestamp=True)
                    ts = int(dt.timestamp())
                except (OSError, OverflowError, ValueError):
                    if req.get("max_age") is not None:
                        raise
                    # Out-of-range timestamp: plain unsign() succeeds in Python.
                    value = s.unsign(tok)
                    ts_text = tok.rsplit(s.sep, 2)[1]
                    ts = itsdangerous.encoding.bytes_to_int(itsdangerous.encoding.base64_decode(ts_text))
                if req.get("legacy_epoch"):
                    ts += LEGACY_EPOCH
            else:
                value, ts = s.unsign(tok), None
        except Exception as e:  # noqa: BLE001
            return error_fields(e)
    return {"ok": True, "value": value.hex(), "signed_at": ts}


def op_flask_encode(req):
    app, ser, _ = get_app(req.get("config", {}))
    with frozen(req.get("now")), app.app_context():
        data = session_json_serializer.loads(req["session_json"])
        if not isinstance(data, dict):
            raise OracleError("session_json is not an object")
        sess = SecureCookieSession(data)
        sess.modified = True
        resp = app.response_class()
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            app.session_interface.save_session(app, sess, resp)
        redump = session_json_serializer.dumps(dict(sess))
    scs = resp.headers.getlist("Set-Cookie")
    if len(scs) != 1:
        raise OracleError(f"expected one Set-Cookie, got {len(scs)}")
    cookie = scs[0].split(";", 1)[0].split("=", 1)[1] if data else None
    return {
        "ok": True,
        "cookie": cookie,
        "compressed": bool(cookie and cookie.startswith(".")),
        "set_cookie": scs[0],
        "session_json": redump,
        "vary": resp.headers.get("Vary"),
        "size_warning": any("too large" in str(x.message) for x in w),
    }


def non_str_keys(v):
    """Whether a dict in v has a key that is not a str."""
    if isinstance(v, dict):
        return any(not isinstance(k, str) or non_str_keys(x) for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return any(non_str_keys(x) for x in v)
    return False


def op_flask_encode_literal(req):
    """flask-unsign --sign: the text through ast.literal_eval, then Flask's
    own signing serializer (what save_session would set for that dict)."""
    app, ser, _ = get_app(req.get("config", {}))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = ast.literal_eval(req["text"])
    except (SyntaxError, ValueError, TypeError, OverflowError, MemoryError, RecursionError) as e:
        return {"ok": False, "error": "literal_eval", "message": type(e).__name__}
    if not isinstance(data, dict):
        return {"ok": False, "error": "not_a_dict"}
    with frozen(req.get("now")), app.app_context():
        try:
            return {"ok": True, "cookie": ser.dumps(data), "non_str_keys": non_str_keys(data)}
        except Exception as e:  # noqa: BLE001
            return {"ok": False, "error": "dumps", "message": f"{type(e).__name__}: {e}"}


def op_flask_dumps_value(req):
    """sign --raw: any tagged value (not only a session) through Flask's own
    signing serializer, in an app context as save_session runs it."""
    app, ser, _ = get_app(req.get("config", {}))
    with frozen(req.get("now")), app.app_context():
        return {"ok": True, "token": ser.dumps(session_json_serializer.loads(req["session_json"]))}


DEEP_SHAPES = {
    "list": lambda v: [v],
    "dict": lambda v: {"k": v},
    "tuple": lambda v: (v,),
    # A one-key dict whose key is a tag: the " di" escape, two containers.
    "tag_dict": lambda v: {" t": v},
    "tuple_in_list": lambda v: [(v,)],
}


def op_flask_deepest(req):
    app, ser, max_age = get_app(req.get("config", {}))
    wrap = DEEP_SHAPES[req["shape"]]

    def attempt(levels):
        v = "x"
        for _ in range(levels):
            v = wrap(v)
        with frozen(req.get("now")), app.app_context():
            try:
                cookie = ser.dumps({"a": v})
                return cookie, session_json_serializer.dumps(ser.loads(cookie, max_age=max_age))
            except Exception:  # noqa: BLE001 - RecursionError, maybe wrapped in BadPayload
                return None

    lo, hi = 0, 1000
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if attempt(mid) is None:
            hi = mid - 1
        else:
            lo = mid
    if attempt(lo + 1) is not None:
        raise OracleError("no depth limit found")
    cookie, sj = attempt(lo)
    return {"ok": True, "levels": lo, "cookie": cookie, "session_json": sj}


def op_flask_decode(req):
    app, ser, max_age = get_app(req.get("config", {}))
    with frozen(req.get("now")), app.app_context():
        try:
            data, dt = ser.loads(req["cookie"], max_age=max_age, return_timestamp=True)
        except Exception as e:  # noqa: BLE001
            return error_fields(e)
        if not isinstance(data, dict):
            return {"ok": False, "error": "NotADict", "category": "not_a_dict",
                    "message": f"top-level value is {type(data).__name__}"}
        return {"ok": True, "session_json": session_json_serializer.dumps(data), "signed_at": int(dt.timestamp())}


def op_flask_open(req):
    app, _ser, _max_age = get_app(req.get("config", {}))
    name = app.config["SESSION_COOKIE_NAME"]
    environ = EnvironBuilder(headers={"Cookie": f"{name}={req['cookie']}"}).get_environ()
    with frozen(req.get("now")), app.app_context():
        try:
            session = app.session_interface.open_session(app, Request(environ))
        except Exception as e:  # noqa: BLE001
            return error_fields(e)
        return {"ok": True, "session_json": session_json_serializer.dumps(dict(session))}


def op_versions(req):
    v = importlib.metadata.version
    return {"ok": True, "versions": {
        "python": platform.python_version(), "itsdangerous": v("itsdangerous"), "flask": v("flask"),
        "werkzeug": v("werkzeug"), "markupsafe": v("markupsafe"), "zlib_version": zlib.ZLIB_VERSION,
        "zlib_runtime_version": zlib.ZLIB_RUNTIME_VERSION, "platform": platform.platform(),
    }}


OPS = {
    "its_dumps": op_its_dumps,
    "its_loads": op_its_loads,
    "untimed_dumps": op_untimed_dumps,
    "untimed_loads": op_untimed_loads,
    "sign": op_sign,
    "unsign": op_unsign,
    "flask_encode": op_flask_encode,
    "flask_decode": op_flask_decode,
    "flask_deepest": op_flask_deepest,
    "flask_encode_literal": op_flask_encode_literal,
    "flask_dumps_value": op_flask_dumps_value,
    "flask_open": op_flask_open,
    "versions": op_versions,
    "ping": lambda req: {"ok": True},
}


def handle(line: bytes) -> dict:
    req_id = None
    try:
        req = json.loads(line)
        if not isinstance(req, dict):
            raise OracleError("request must be a JSON object")
        req_id = req.get("id")
        fn = OPS.get(req.get("op"))
        if fn is None:
            raise OracleError(f"unknown op {req.get('op')!r}")
        with strict_base64(bool(req.get("strict_base64"))):
            resp = fn(req)
    except KeyError as e:
        resp = {"ok": False, "error": f"oracle:missing field {e.args[0]!r}"}
    except Exception as e:  # noqa: BLE001 - never crash on a request
        resp = {"ok": False, "error": f"oracle:{type(e).__name__}: {e}"}
    if req_id is not None:
        resp["id"] = req_id
    return resp


def main() -> int:
    warnings.simplefilter("ignore")  # warnings must never reach stdout/stderr noise
    out = sys.stdout
    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        resp = handle(line)
        try:
            text = json.dumps(resp, ensure_ascii=True, allow_nan=False)
        except Exception as e:  # noqa: BLE001
            text = json.dumps({"ok": False, "error": f"oracle:unserializable response: {e}"})
        out.write(text + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
