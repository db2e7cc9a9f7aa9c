#!/usr/bin/env python3
"""Generate the test vectors in tests/vectors/ from the real Python libraries.

    python3 tests/gen/gen_vectors.py            # writes tests/vectors/{itsdangerous,flask}.json
    python3 tests/gen/gen_vectors.py --check    # regenerates in memory, fails if the files differ

Every expected value is computed by running itsdangerous 2.2 / Flask 3.1 /
Werkzeug 3.1 (see requirements-test.txt); nothing is hand-written except the
inputs. Time is frozen (TimestampSigner.get_timestamp and flask.sessions.datetime
are patched) and all randomness comes from seeded generators, so re-running on
the same platform yields byte-identical files.

`strict_expect` fields are computed by re-running the same library call with
itsdangerous' lenient `base64_decode` (in signer.py, timed.py, url_safe.py)
replaced by a strict decoder: RFC 4648 section 5 alphabet only (`A-Za-z0-9-_`),
no `=`, length % 4 != 1, and unused trailing bits must be zero (the
`base64` crate's URL_SAFE_NO_PAD). The field is present only where the strict
verdict differs from Python's.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import importlib.metadata
import json
import math
import platform
import random
import sys
import uuid
import warnings
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import flask
import flask.sessions
import itsdangerous
import itsdangerous.signer
import itsdangerous.timed
import itsdangerous.url_safe
import werkzeug.http
import werkzeug.sansio.http
from flask import Flask, flash, session
from flask.globals import request_ctx
from flask.sessions import session_json_serializer
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
from itsdangerous.encoding import base64_encode, want_bytes
from itsdangerous.signer import NoneAlgorithm
from markupsafe import Markup

GENERATOR = "tests/gen/gen_vectors.py"
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "py"))
from strict_base64 import strict_base64  # noqa: E402  (the shared strict model)
OUT_DIR = ROOT / "tests" / "vectors"


# Spellings of a `" u"` tag value that CPython 3.11's uuid.UUID reads
# leniently (int(hex, 16): signs, underscores, Unicode digits and spaces,
# braces, "urn:uuid:" and "-" stripped anywhere) or rejects. Flask decides
# each one in the `decode/payload/tag_u_spelling_NN` vectors.
UUID_SPELLINGS = [
    '12345678123456781234567812345678',
    '+0000000000000000000000000000000',
    ' 0000000000000000000000000000000',
    '0000000000000000000000000000000 ',
    '\t1111111111111111111111111111111',
    '0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    '0XAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '0_000000000000000000000000000000',
    '0x_aaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    '\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660',
    '\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10',
    '1111111111111111111111111111111\u0663',
    '\xa01111111111111111111111111111111',
    '\u20031111111111111111111111111111111',
    '\x1c1111111111111111111111111111111',
    '_1111111111111111111111111111111',
    '111111111111111111111111111111__',
    '1_1_1_1_1_1_1_1_1_1_1_1_1_1_1_1_',
    '1111111111111111111111111111111_',
    '+0x11111111111111111111111111111',
    '++111111111111111111111111111111',
    ' +111111111111111111111111111111',
    '+ 111111111111111111111111111111',
    '0x 11111111111111111111111111111',
    '0x__1111111111111111111111111111',
    '1111111111111111 111111111111111',
    '{11111111111111111111111111111111}',
    'urn:uuid:11111111111111111111111111111111',
    '11111111-111111111111111111111111',
    'gggggggggggggggggggggggggggggggg',
    '111111111111111111111111111111111',
    '1111111111111111111111111111111',
    '\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661aaaaaaaaaaaaaaaa',
    '\x7f1111111111111111111111111111111',
    '0x\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661',
    '  111111111111111111111111111111',
    '111111111111111111111111111111\r\n',
    '\u30001111111111111111111111111111111',
    '\u200b1111111111111111111111111111111',
    '\x0b1111111111111111111111111111111',
    '0x',
    '                                ',
    '++++++++++++++++++++++++++++++++',
    '--------------------------------11111111111111111111111111111111',
    '{{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}}',
    'uuid:urn:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
    'ur-n:cccccccccccccccccccccccccccccccc',
    '\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce\U0001d7ce',
    '\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966\u0966f',
]

NOW = 1700000000  # 2023-11-14 22:13:20 UTC, the spec's frozen time
LEGACY_EPOCH = 1293840000  # itsdangerous <= 0.24 wrote int(time.time() - LEGACY_EPOCH)
DEFAULT_SIGNER_SALT = b"itsdangerous.Signer"
DEFAULT_SERIALIZER_SALT = b"itsdangerous"
FLASK_SALT = b"cookie-session"

DIGESTS = {
    "sha1": hashlib.sha1,
    "sha224": hashlib.sha224,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
}
DERIVATIONS = ["concat", "django-concat", "hmac", "none"]
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


# ---------------------------------------------------------------------------
# Frozen time
# ---------------------------------------------------------------------------


class _Clock:
    now: int | None = NOW
    legacy: bool = False


CLOCK = _Clock()


def _frozen_get_timestamp(self: TimestampSigner) -> int:
    if CLOCK.now is None:
        raise AssertionError("get_timestamp called while no time is frozen")
    return CLOCK.now - LEGACY_EPOCH if CLOCK.legacy else CLOCK.now


TimestampSigner.get_timestamp = _frozen_get_timestamp  # type: ignore[method-assign]

_RealDatetime = flask.sessions.datetime


class _FrozenDatetime(_RealDatetime):  # type: ignore[misc, valid-type]
    @classmethod
    def now(cls, tz=None):  # noqa: D102
        if CLOCK.now is None:
            raise AssertionError("datetime.now called while no time is frozen")
        return _RealDatetime.fromtimestamp(CLOCK.now, tz)


flask.sessions.datetime = _FrozenDatetime  # type: ignore[misc]


@contextlib.contextmanager
def frozen(now: int | None, legacy: bool = False):
    old = (CLOCK.now, CLOCK.legacy)
    CLOCK.now, CLOCK.legacy = now, legacy
    try:
        yield
    finally:
        CLOCK.now, CLOCK.legacy = old


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def hx(b: bytes | str | None) -> str | None:
    if b is None:
        return None
    return want_bytes(b).hex()


def canon(obj) -> str:
    """The `obj_json` form: json.dumps(obj, sort_keys=True)."""
    return json.dumps(obj, sort_keys=True)


def sorted_obj(obj):
    """Rebuild a JSON object so insertion order == sorted order at every level.

    URLSafeTimedSerializer does not sort keys, so the token only matches
    `obj_json` if the object was built in sorted order."""
    return json.loads(canon(obj))


def classify(exc: BaseException) -> str:
    if isinstance(exc, SignatureExpired):
        return "expired"
    if isinstance(exc, BadTimeSignature):
        msg = str(exc)
        if msg == "timestamp missing":
            return "missing_timestamp"
        if msg == "Malformed timestamp":
            return "malformed_timestamp"
        return "bad_time_signature"
    if isinstance(exc, BadSignature):
        return "bad_signature"
    if isinstance(exc, BadPayload):
        return "bad_payload"
    if isinstance(exc, (OSError, OverflowError, ValueError)):
        # Only reachable from datetime.fromtimestamp() on a *validly signed*
        # out-of-range timestamp (spec 3.3): Python leaks the raw error. The
        # library's own name for this condition (bad-signature path, #296) is
        # "Malformed timestamp"; the raw class is recorded in python_exception.
        return "malformed_timestamp"
    raise exc


def exc_name(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def b64(b: bytes) -> str:
    return base64_encode(b).decode("ascii")


# ---------------------------------------------------------------------------
# itsdangerous: Signer / TimestampSigner
# ---------------------------------------------------------------------------

SIGNER: list[dict] = []
SERIALIZER: list[dict] = []
_NAMES: set[str] = set()


def _unique(name: str) -> str:
    if name in _NAMES:
        raise AssertionError(f"duplicate vector name {name!r}")
    _NAMES.add(name)
    return name


def build_signer(keys, salt, sep, digest, derivation, algorithm, timed):
    kw = dict(salt=salt, sep=sep, key_derivation=derivation, digest_method=DIGESTS[digest])
    if algorithm == "none":
        kw["algorithm"] = NoneAlgorithm()
    cls = TimestampSigner if timed else Signer
    return cls(list(keys), **kw)


def _run_unsign(signer, token: str, timed: bool, verify_now, legacy, max_age) -> dict:
    out = {"expect": "ok", "value": None, "signed_at": None, "python_exception": None}
    tok = token.encode("utf-8")
    if not timed:
        try:
            out["value"] = signer.unsign(tok)
        except BadSignature as e:
            out["expect"] = classify(e)
        return out
    with frozen(verify_now, legacy):
        try:
            value, dt = signer.unsign(tok, max_age=max_age, return_timestamp=True)
            out["value"] = value
            out["signed_at"] = int(dt.timestamp())
        except BadSignature as e:
            out["expect"] = classify(e)
        except (OSError, OverflowError, ValueError) as e:
            # Validly signed, out-of-range timestamp. Without max_age Python's
            # plain unsign() still succeeds; report that, with the raw int.
            out["python_exception"] = exc_name(e)
            if max_age is None:
                value = signer.unsign(tok)
                ts = token.rsplit(signer.sep.decode(), 2)[1]
                out["value"] = value
                out["signed_at"] = itsdangerous.encoding.bytes_to_int(
                    itsdangerous.encoding.base64_decode(ts)
                )
            else:
                out["expect"] = classify(e)
    return out


def signer_vector(
    name,
    keys,
    value,
    *,
    salt=None,
    sep=".",
    digest="sha1",
    derivation="django-concat",
    algorithm="hmac",
    timed=False,
    legacy=False,
    now=None,
    verify_now=None,
    max_age=None,
    sign_index=None,
    sign_with=None,
    token=None,
    mutate=None,
    note=None,
    record_now=True,
):
    name = _unique(name)
    keys_b = [want_bytes(k) for k in keys]
    salt_b = DEFAULT_SIGNER_SALT if salt is None else want_bytes(salt)
    if timed:
        now = NOW if now is None else now
        verify_now = now if verify_now is None else verify_now
    else:
        now = verify_now = None
        assert max_age is None and not legacy
    sign_index = len(keys_b) - 1 if sign_index is None else sign_index
    constructed = token is None
    if token is None:
        p = dict(
            keys=keys_b[: sign_index + 1], salt=salt_b, sep=sep, digest=digest,
            derivation=derivation, algorithm=algorithm,
        )
        p.update(sign_with or {})
        s = build_signer(timed=timed, **p)
        with frozen(now, legacy):
            token = s.sign(value).decode("utf-8")
    if mutate is not None:
        new = mutate(token)
        assert new != token, f"{name}: mutation is a no-op"
        token = new
    verifier = build_signer(keys_b, salt_b, sep, digest, derivation, algorithm, timed)
    res = _run_unsign(verifier, token, timed, verify_now, legacy, max_age)
    with strict_base64():
        sres = _run_unsign(verifier, token, timed, verify_now, legacy, max_age)

    matched = None
    if res["expect"] == "ok":
        for i in reversed(range(len(keys_b))):
            single = build_signer([keys_b[i]], salt_b, sep, digest, derivation, algorithm, timed)
            if _run_unsign(single, token, timed, verify_now, legacy, max_age)["expect"] == "ok":
                matched = i
                break
        assert matched is not None
        if constructed and mutate is None and not sign_with and algorithm == "hmac" and len(set(keys_b)) == len(keys_b):
            assert matched == sign_index, (name, matched, sign_index)

    signed_at = res["signed_at"]
    ts_in_token = None
    if timed and signed_at is not None and legacy:
        ts_in_token = signed_at
        signed_at = signed_at + LEGACY_EPOCH
    v = {
        "name": name,
        "keys": [k.hex() for k in keys_b],
        "salt": salt_b.hex(),
        "sep": sep,
        "digest": digest,
        "derivation": derivation,
        "algorithm": algorithm,
        "timed": timed,
        "legacy_epoch": legacy,
        "value": hx(res["value"] if res["expect"] == "ok" else value),
        "now": now if record_now else None,
        "verify_now": verify_now,
        "max_age": max_age,
        "token": token,
        "expect": res["expect"],
        "signed_at": signed_at,
        "matched_key": matched,
        # True when `token` is exactly sign(value) with keys[-1] at `now`.
        "reproducible": constructed and mutate is None and not sign_with and sign_index == len(keys_b) - 1,
    }
    if sres["expect"] != res["expect"]:
        v["strict_expect"] = sres["expect"]
    if ts_in_token is not None:
        v["ts_in_token"] = ts_in_token
    if res["python_exception"]:
        v["python_exception"] = res["python_exception"]
    if note:
        v["note"] = note
    SIGNER.append(v)
    return v


# ---------------------------------------------------------------------------
# itsdangerous: URLSafeTimedSerializer
# ---------------------------------------------------------------------------


def build_serializer(keys, salt, digest, derivation, fallback=()):
    fbs = [
        {"digest_method": DIGESTS[f["digest"]], "key_derivation": f["derivation"]}
        for f in fallback
    ]
    return URLSafeTimedSerializer(
        list(keys),
        salt=salt,
        signer_kwargs={"key_derivation": derivation, "digest_method": DIGESTS[digest]},
        fallback_signers=fbs,
    )


def _run_loads(ser, token: str, verify_now, legacy, max_age) -> dict:
    out = {"expect": "ok", "obj": None, "signed_at": None, "python_exception": None}
    with frozen(verify_now, legacy):
        try:
            obj, dt = ser.loads(token, max_age=max_age, return_timestamp=True)
            out["obj"] = obj
            out["signed_at"] = int(dt.timestamp())
        except (BadSignature, BadPayload) as e:
            out["expect"] = classify(e)
        except (OSError, OverflowError, ValueError) as e:
            out["python_exception"] = exc_name(e)
            out["expect"] = classify(e)
    return out


def _run_loads_unsafe(ser, token: str, verify_now, legacy, max_age):
    """`loads_unsafe`: [ok, the value as canonical JSON, or None for no value
    (a bad signature's payload of `null` is no value too)], "bad_payload" when
    it raises BadPayload (a signature that holds over a bad payload), or None
    (not recorded) when it crashes (a huge timestamp: OSError and the like)."""
    with frozen(verify_now, legacy):
        try:
            ok, obj = ser.loads_unsafe(token, max_age=max_age)
        except BadPayload:
            return "bad_payload"
        except Exception:
            return None
    return [ok, canon(obj) if ok or obj is not None else None]


_MISSING = object()


def _prepare(keys, salt, obj, sign_index, token, payload, mutate, sign_with):
    """What both serializer builders start from: the keys and salt as bytes,
    the signing key's index, the object with its dicts sorted, and whether
    the token will be exactly `dumps(obj)` with the last key."""
    keys_b = [want_bytes(k) for k in keys]
    salt_b = None if salt is None else want_bytes(salt)
    sign_index = len(keys_b) - 1 if sign_index is None else sign_index
    if obj is not _MISSING:
        obj = sorted_obj(obj)
    reproducible = (token is None and payload is None and mutate is None and not sign_with
                    and sign_index == len(keys_b) - 1)
    return keys_b, salt_b, sign_index, obj, reproducible


def _mutated(name, token, mutate):
    if mutate is None:
        return token
    new = mutate(token)
    assert new != token, f"{name}: mutation is a no-op"
    return new


def _obj_json(res, obj):
    """The loaded object when loading worked, else the one dumped."""
    if res["expect"] == "ok":
        return canon(res["obj"])
    if obj is not _MISSING:
        return canon(obj)
    return None


def _add_common_tail(v, sign_with, sign_index, n_keys, payload, note):
    """`signed_with`, `payload_hex` and `note`, when there are any."""
    if sign_with or sign_index != n_keys - 1:
        sw = {"key_index": sign_index}
        for k, val in (sign_with or {}).items():
            if k == "keys":
                sw = {"keys": [want_bytes(x).hex() for x in val], **{kk: vv for kk, vv in sw.items() if kk != "key_index"}}
            elif k == "salt":
                sw["salt"] = hx(val)
            else:
                sw[k] = val
        v["signed_with"] = sw
    if payload is not None:
        v["payload_hex"] = hx(payload)
    if note:
        v["note"] = note


def serializer_vector(
    name,
    keys,
    obj=_MISSING,
    *,
    salt=DEFAULT_SERIALIZER_SALT,
    digest="sha1",
    derivation="django-concat",
    fallback=(),
    legacy=False,
    now=NOW,
    verify_now=None,
    max_age=None,
    sign_index=None,
    sign_with=None,
    payload=None,
    token=None,
    mutate=None,
    note=None,
    record_now=True,
):
    """`payload` (bytes): sign this raw payload with the serializer's own
    TimestampSigner instead of dumping `obj` (for bad-payload cases).
    `sign_with`: override signing settings (keys/salt/digest/derivation)."""
    name = _unique(name)
    keys_b, salt_b, sign_index, obj, reproducible = _prepare(
        keys, salt, obj, sign_index, token, payload, mutate, sign_with)
    verify_now = now if verify_now is None else verify_now
    if token is None:
        p = dict(keys=keys_b[: sign_index + 1], salt=salt_b, digest=digest, derivation=derivation)
        p.update(sign_with or {})
        ser = build_serializer(p["keys"], p["salt"], p["digest"], p["derivation"])
        with frozen(now, legacy):
            if payload is not None:
                token = ser.make_signer().sign(payload).decode("utf-8")
            else:
                token = ser.dumps(obj)
    token = _mutated(name, token, mutate)
    ser = build_serializer(keys_b, salt_b, digest, derivation, fallback)
    res = _run_loads(ser, token, verify_now, legacy, max_age)
    unsafe = _run_loads_unsafe(ser, token, verify_now, legacy, max_age)
    with strict_base64():
        sres = _run_loads(ser, token, verify_now, legacy, max_age)
        sunsafe = _run_loads_unsafe(ser, token, verify_now, legacy, max_age)
    obj_json = _obj_json(res, obj)
    signed_at = res["signed_at"]
    ts_in_token = None
    if signed_at is not None and legacy:
        ts_in_token = signed_at
        signed_at += LEGACY_EPOCH
    # The salt the signer actually used: Serializer(salt=None) hands None to
    # the Signer, which substitutes its own default.
    eff_salt = DEFAULT_SIGNER_SALT if salt_b is None else salt_b
    v = {
        "name": name,
        "keys": [k.hex() for k in keys_b],
        "salt": eff_salt.hex(),
        "digest": digest,
        "derivation": derivation,
        "legacy_epoch": legacy,
        "fallback_signers": [dict(f) for f in fallback],
        "obj_json": obj_json,
        "now": now if record_now else None,
        "verify_now": verify_now,
        "max_age": max_age,
        "token": token,
        "compressed": token.startswith("."),
        "expect": res["expect"],
        "signed_at": signed_at,
        # True when `token` is exactly dumps(obj) with keys[-1] at `now`.
        "reproducible": reproducible,
    }
    if sres["expect"] != res["expect"]:
        v["strict_expect"] = sres["expect"]
    # loads_unsafe: [signature_valid, value] (value as canonical JSON).
    if unsafe is not None:
        v["unsafe"] = unsafe
    if sunsafe != unsafe and sunsafe is not None:
        v["strict_unsafe"] = sunsafe
    if ts_in_token is not None:
        v["ts_in_token"] = ts_in_token
    _add_common_tail(v, sign_with, sign_index, len(keys_b), payload, None)
    if res["python_exception"]:
        v["python_exception"] = res["python_exception"]
    if note:
        v["note"] = note
    SERIALIZER.append(v)
    return v


# ---------------------------------------------------------------------------
# Token mutations
# ---------------------------------------------------------------------------


def split_last(token: str, sep: str) -> tuple[str, str]:
    head, sig = token.rsplit(sep, 1)
    return head, sig


def with_sig(fn, sep="."):
    def m(token):
        head, sig = split_last(token, sep)
        return head + sep + fn(sig)

    return m


def with_ts(fn, sep="."):
    def m(token):
        head, sig = split_last(token, sep)
        value, ts = split_last(head, sep)
        return value + sep + fn(ts) + sep + sig

    return m


def with_value(fn, sep=".", timed=True):
    def m(token):
        n = 2 if timed else 1
        parts = token.rsplit(sep, n)
        parts[0] = fn(parts[0])
        return sep.join(parts)

    return m


def shift_char(s: str, i: int, k: int = 1) -> str:
    c = s[i]
    if c in B64:
        n = B64[(B64.index(c) + k) % 64]
    else:
        n = "A" if c != "A" else "B"
    return s[:i] + n + s[i + 1:]


def xor_char(s: str, i: int, x: int) -> str:
    return s[:i] + B64[B64.index(s[i]) ^ x] + s[i + 1:]


def insert(s: str, i: int, junk: str) -> str:
    return s[:i] + junk + s[i:]


def to_std_alphabet(s: str) -> str:
    return s.replace("-", "+").replace("_", "/")


def swapcase_first_alpha(s: str) -> str:
    for i, c in enumerate(s):
        if c.isalpha():
            return s[:i] + c.swapcase() + s[i + 1:]
    raise AssertionError


# ---------------------------------------------------------------------------
# itsdangerous vector sets
# ---------------------------------------------------------------------------

SALTS = [
    ("default", None),
    ("custom", "custom-salt"),
    ("nonascii", "sälz-秘密"),
    ("empty", ""),
]

KEYS = [
    ("ascii", "secret-key"),
    ("unicode", "clé-秘密"),
    ("raw_nonutf8", b"\xff\xfe\x80\x00raw-key\xc3"),
    ("short1", "k"),
    ("empty", b""),
    ("long100", "k" * 100),
    ("long200_bytes", bytes(range(200))),
]


def gen_signer_matrix():
    for digest in DIGESTS:
        for der in DERIVATIONS:
            for sname, salt in SALTS:
                signer_vector(
                    f"signer/matrix/{digest}/{der}/salt_{sname}", ["secret-key"],
                    f"matrix value {digest} {der}", salt=salt, digest=digest, derivation=der,
                )
                signer_vector(
                    f"timestamp/matrix/{digest}/{der}/salt_{sname}", ["secret-key"],
                    f"timed value {digest} {der}", salt=salt, digest=digest, derivation=der,
                    timed=True, now=NOW, verify_now=NOW + 5, max_age=3600,
                )
    for kname, key in KEYS:
        for der in DERIVATIONS:
            signer_vector(f"signer/key/{kname}/{der}/sha1", [key], "value", derivation=der)
            signer_vector(f"signer/key/{kname}/{der}/sha512", [key], "value", derivation=der, digest="sha512")
            signer_vector(
                f"timestamp/key/{kname}/{der}/sha256", [key], "value", derivation=der, digest="sha256",
                timed=True, verify_now=NOW + 1, max_age=10,
            )
            signer_vector(
                f"timestamp/key/{kname}/{der}/sha384", [key], "value", derivation=der, digest="sha384",
                timed=True, verify_now=NOW + 1, max_age=None,
            )


def gen_signer_literals():
    # Values quoted in the spec (section 2.2, 2.9, 3.1); asserted in main().
    for der in DERIVATIONS:
        signer_vector(f"signer/spec/{der}", ["secret-key"], "value", derivation=der)
    signer_vector("signer/spec/my_string", ["secret-key"], "my string")
    signer_vector("signer/spec/sha256", ["secret-key"], "value", digest="sha256")
    signer_vector("signer/spec/sep_tilde", ["k"], "v", sep="~")
    signer_vector("signer/spec/sep_ac", ["k"], "v", sep="ac")
    signer_vector("timestamp/spec/value", ["secret-key"], "value", timed=True)
    # Values: empty, containing the separator, unicode, long.
    for i, val in enumerate(["", "a.b.c", "x" * 1000, "ünïcödé 😀", "\x00\x01\n"]):
        signer_vector(f"signer/value/{i}", ["secret-key"], val)
        signer_vector(f"timestamp/value/{i}", ["secret-key"], val, timed=True, verify_now=NOW + 3, max_age=3)


def gen_separators():
    for sname, sep in [("tilde", "~"), ("pipe", "|"), ("colon", ":"), ("dot_dot", ".."),
                       ("ac", "ac"), ("section_utf8", "§"), ("space", " "), ("dot_eq", ".=")]:
        signer_vector(f"signer/sep/{sname}", ["secret-key"], "value", sep=sep)
        signer_vector(f"signer/sep/{sname}/value_contains_sep", ["secret-key"], f"a{sep}b", sep=sep)
        signer_vector(f"timestamp/sep/{sname}", ["secret-key"], "value", sep=sep, timed=True,
                      verify_now=NOW + 60, max_age=60)
        signer_vector(f"timestamp/sep/{sname}/value_contains_sep", ["secret-key"], f"a{sep}b", sep=sep,
                      timed=True, verify_now=NOW + 60, max_age=60)
        for d in ("sha256", "sha512"):
            signer_vector(f"timestamp/sep/{sname}/{d}_hmac", ["secret-key"], "value", sep=sep, timed=True,
                          digest=d, derivation="hmac")
    # A token made with '~' read by a '.' signer and vice versa.
    signer_vector("signer/sep/mismatch_tilde_token_dot_verifier", ["secret-key"], "value",
                  sign_with={"sep": "~"})
    signer_vector("timestamp/sep/mismatch_dot_token_pipe_verifier", ["secret-key"], "value", sep="|",
                  timed=True, sign_with={"sep": "."})


def gen_rotation():
    keys3 = ["key-oldest", "key-middle", "key-newest"]
    keys2 = [b"\x00old\xff", "new-ключ"]
    for ks_name, ks in [("3keys", keys3), ("2keys_mixed", keys2)]:
        for i in range(len(ks)):
            for d, der in [("sha1", "django-concat"), ("sha256", "hmac"), ("sha512", "concat")]:
                signer_vector(f"signer/rotation/{ks_name}/signed_by_{i}/{d}_{der}", ks, "rotated value",
                              sign_index=i, digest=d, derivation=der)
                signer_vector(f"timestamp/rotation/{ks_name}/signed_by_{i}/{d}_{der}", ks, "rotated value",
                              sign_index=i, digest=d, derivation=der, timed=True,
                              verify_now=NOW + 100, max_age=100)
    signer_vector("signer/rotation/key_not_in_list", keys3, "rotated value",
                  sign_with={"keys": [b"key-retired"]})
    signer_vector("timestamp/rotation/key_not_in_list", keys3, "rotated value", timed=True,
                  sign_with={"keys": [b"key-retired"]})
    # The same key twice: first (newest) match wins.
    signer_vector("signer/rotation/duplicate_keys", ["dup", "other", "dup"], "v", sign_index=0,
                  note="the same key at index 0 and 2: verification tries newest first, so index 2 matches")
    # Expired with an old key: SignatureExpired, not "try next key".
    signer_vector("timestamp/rotation/signed_by_0_expired", keys3, "rotated value", sign_index=0,
                  timed=True, verify_now=NOW + 101, max_age=100)


def gen_none_algorithm():
    signer_vector("signer/none_alg/sign", ["secret-key"], "value", algorithm="none")
    signer_vector("signer/none_alg/other_key_still_ok", ["secret-key"], "value", algorithm="none",
                  sign_with={"keys": [b"anything"]})
    signer_vector("timestamp/none_alg/sign", ["secret-key"], "value", algorithm="none", timed=True,
                  verify_now=NOW + 1, max_age=5)
    signer_vector("signer/none_alg/eq_sig", ["secret-key"], "value", algorithm="none",
                  mutate=lambda t: t + "=")
    signer_vector("signer/none_alg/junk_sig", ["secret-key"], "value", algorithm="none",
                  mutate=lambda t: t + "!!!!")
    signer_vector("signer/none_alg/nonempty_sig", ["secret-key"], "value", algorithm="none",
                  mutate=lambda t: t + "AAAA")
    signer_vector("signer/none_alg/hmac_token_rejected", ["secret-key"], "value", algorithm="none",
                  sign_with={"algorithm": "hmac"})
    signer_vector("signer/none_alg/none_token_rejected_by_hmac", ["secret-key"], "value",
                  sign_with={"algorithm": "none"})


def _sig_position_mutations(sample_sig: str):
    """Mutations of the signature text, by position class."""
    n = len(sample_sig)
    muts = [
        ("first_char", lambda s: shift_char(s, 0)),
        ("second_char", lambda s: shift_char(s, 1, 7)),
        ("middle_char", lambda s: shift_char(s, n // 2, 13)),
        ("second_last_char", lambda s: shift_char(s, n - 2, 5)),
        ("last_char_high_bit", lambda s: xor_char(s, n - 1, 32)),
        ("last_char_xor4", lambda s: xor_char(s, n - 1, 4)),
        ("last_char_xor8", lambda s: xor_char(s, n - 1, 8)),
        ("alt_last_char_xor1", lambda s: xor_char(s, n - 1, 1)),
        ("alt_last_char_xor2", lambda s: xor_char(s, n - 1, 2)),
        ("alt_last_char_xor3", lambda s: xor_char(s, n - 1, 3)),
        ("case_swap", swapcase_first_alpha),
        ("all_A", lambda s: "A" * len(s)),
        ("append_eq", lambda s: s + "="),
        ("append_eqeq", lambda s: s + "=="),
        ("append_eq4", lambda s: s + "===="),
        ("append_eq_then_junk", lambda s: s + "=anything-goes_here"),
        ("prepend_eq", lambda s: "=" + s),
        ("append_char", lambda s: s + "A"),
        ("append_bang", lambda s: s + "!"),
        ("append_bangbang", lambda s: s + "!!"),
        ("append_bang3", lambda s: s + "!!!"),
        ("junk_bang_middle", lambda s: insert(s, 4, "!")),
        ("junk_bangbang_middle", lambda s: insert(s, 4, "!!")),
        ("junk_star_middle", lambda s: insert(s, 3, "*")),
        ("junk_space_middle", lambda s: insert(s, 5, " ")),
        ("junk_tilde_near_end", lambda s: insert(s, len(s) - 3, "~")),
        ("junk_nonascii_middle", lambda s: insert(s, 6, "é")),
        ("drop_last_char", lambda s: s[:-1]),
        ("drop_last_4", lambda s: s[:-4]),
        ("half", lambda s: s[: len(s) // 2]),
        ("empty", lambda s: ""),
        ("doubled", lambda s: s + s),
    ]
    if any(c in sample_sig for c in "-_"):
        muts.append(("std_alphabet_plus_slash", to_std_alphabet))
    return muts


def _find_value_with_dash(make_token, sep, base="payload"):
    """A value whose signature contains '-' or '_' (for the +/ alphabet case)."""
    for i in range(1000):
        v = f"{base}-{i}"
        sig = make_token(v).rsplit(sep, 1)[1]
        if "-" in sig or "_" in sig:
            return v
    raise AssertionError


def gen_must_fail():
    profiles = [
        # (prefix, keys, kwargs)
        ("default_sha1", ["secret-key"], dict(digest="sha1", derivation="django-concat")),
        ("sha224_concat", ["secret-key"], dict(digest="sha224", derivation="concat")),
        ("sha256_hmac", ["secret-key"], dict(digest="sha256", derivation="hmac")),
        ("sha384_none", ["secret-key"], dict(digest="sha384", derivation="none")),
        ("sha512_tilde", ["secret-key"], dict(digest="sha512", derivation="django-concat", sep="~")),
    ]
    for timed in (False, True):
        kind = "timestamp" if timed else "signer"
        for pname, keys, kw in profiles:
            sep = kw.get("sep", ".")
            t_kw = dict(timed=True, verify_now=NOW + 10, max_age=60) if timed else {}

            def mk(v, keys=keys, kw=kw, timed=timed):
                s = build_signer([want_bytes(k) for k in keys], DEFAULT_SIGNER_SALT, kw.get("sep", "."),
                                 kw["digest"], kw["derivation"], "hmac", timed)
                with frozen(NOW):
                    return s.sign(v).decode()

            value = _find_value_with_dash(mk, sep)
            sample = mk(value).rsplit(sep, 1)[1]
            pre = f"{kind}/fail/{pname}"
            signer_vector(f"{pre}/baseline_ok", keys, value, **kw, **t_kw)
            for mname, fn in _sig_position_mutations(sample):
                signer_vector(f"{pre}/sig/{mname}", keys, value, **kw, **t_kw, mutate=with_sig(fn, sep))
            # Tampered payload.
            signer_vector(f"{pre}/payload/first_byte", keys, value, **kw, **t_kw,
                          mutate=with_value(lambda s: shift_char(s, 0), sep, timed))
            signer_vector(f"{pre}/payload/last_byte", keys, value, **kw, **t_kw,
                          mutate=with_value(lambda s: s[:-1] + ("x" if s[-1] != "x" else "y"), sep, timed))
            signer_vector(f"{pre}/payload/appended", keys, value, **kw, **t_kw,
                          mutate=with_value(lambda s: s + "x", sep, timed))
            signer_vector(f"{pre}/payload/empty", keys, value, **kw, **t_kw,
                          mutate=with_value(lambda s: "", sep, timed))
            # Truncation at several cut points.
            signer_vector(f"{pre}/truncated/at_last_sep", keys, value, **kw, **t_kw,
                          mutate=lambda t: t.rsplit(sep, 1)[0] + sep)
            signer_vector(f"{pre}/truncated/before_last_sep", keys, value, **kw, **t_kw,
                          mutate=lambda t: t.rsplit(sep, 1)[0])
            signer_vector(f"{pre}/truncated/mid_payload", keys, value, **kw, **t_kw,
                          mutate=lambda t: t[: len(value) // 2])
            signer_vector(f"{pre}/truncated/empty_token", keys, value, **kw, **t_kw, mutate=lambda t: "")
            # Wrong key/salt/digest/derivation.
            signer_vector(f"{pre}/wrong_key", keys, value, **kw, **t_kw, sign_with={"keys": [b"wrong-key"]})
            signer_vector(f"{pre}/wrong_salt", keys, value, **kw, **t_kw, sign_with={"salt": b"other-salt"})
            other_d = "sha1" if kw["digest"] != "sha1" else "sha256"
            signer_vector(f"{pre}/wrong_digest", keys, value, **kw, **t_kw, sign_with={"digest": other_d})
            other_der = "hmac" if kw["derivation"] != "hmac" else "concat"
            signer_vector(f"{pre}/wrong_derivation", keys, value, **kw, **t_kw,
                          sign_with={"derivation": other_der})
            signer_vector(f"{pre}/no_separator", keys, value, **kw, **t_kw,
                          mutate=lambda t: t.replace(sep, ""))
            if timed:
                signer_vector(f"{pre}/ts/tampered_last", keys, value, **kw, **t_kw,
                              mutate=with_ts(lambda s: shift_char(s, len(s) - 1), sep))
                signer_vector(f"{pre}/ts/tampered_first", keys, value, **kw, **t_kw,
                              mutate=with_ts(lambda s: shift_char(s, 0), sep))
                signer_vector(f"{pre}/ts/junk_in_ts", keys, value, **kw, **t_kw,
                              mutate=with_ts(lambda s: s + "!", sep))
                signer_vector(f"{pre}/truncated/drop_ts_and_sig", keys, value, **kw, **t_kw,
                              mutate=lambda t: t.rsplit(sep, 2)[0])
                signer_vector(f"{pre}/truncated/mid_ts", keys, value, **kw, **t_kw,
                              mutate=with_ts(lambda s: s[:3], sep))
                gen_timed_edge(pre, keys, value, kw)


def _ts_with_dash() -> str:
    for d in range(100000):
        t = b64((NOW + d).to_bytes(4, "big"))
        if "-" in t or "_" in t:
            return t
    raise AssertionError


def _b64_with_dash(prefix: str) -> bytes:
    """A compact JSON text whose base64url form contains '-' or '_'."""
    for i in range(1000):
        e = base64_encode(f'{{"a":"{prefix}{"?" * i}>"}}'.encode())
        if b"-" in e or b"_" in e:
            return e
    raise AssertionError


def gen_timed_edge(pre, keys, value, kw):
    """Age edges and crafted timestamps for one TimestampSigner profile."""
    sep = kw.get("sep", ".")
    for label, age, max_age in [
        ("age_eq_max_age", 60, 60),
        ("age_max_age_plus_1", 61, 60),
        ("age_max_age_minus_1", 59, 60),
        ("max_age_0_same_second", 0, 0),
        ("max_age_0_age_1", 1, 0),
        ("future_minus_1", -1, 60),
        ("future_minus_1_max_age_0", -1, 0),
        ("future_no_max_age", -1000, None),
        ("old_no_max_age", 10**8, None),
        ("age_huge", 10**8, 60),
    ]:
        signer_vector(f"{pre}/age/{label}", keys, value, **kw, timed=True, now=NOW,
                      verify_now=NOW + age, max_age=max_age)
    signer_vector(f"{pre}/age/negative_max_age", keys, value, **kw, timed=True, verify_now=NOW, max_age=-1)

    # Crafted timestamps, validly signed: sign "value<sep><ts>" with a plain Signer.
    keys_b = [want_bytes(k) for k in keys]
    plain = build_signer(keys_b, DEFAULT_SIGNER_SALT, sep, kw["digest"], kw["derivation"], "hmac", False)

    def crafted(ts_text):
        return plain.sign(f"{value}{sep}{ts_text}".encode()).decode()

    ts_ok = b64(NOW.to_bytes(4, "big"))
    cases = [
        ("empty_ts", "", None),
        ("empty_ts_max_age", "", 60),
        ("leading_zero_ts", b64(b"\x00\x00" + NOW.to_bytes(4, "big")), 60),
        ("ts_8_bytes_zero_padded", b64(NOW.to_bytes(8, "big")), 60),
        ("ts_9_bytes", b64(b"\x00" + NOW.to_bytes(8, "big")), None),
        ("ts_9_bytes_max_age", b64(b"\x00" + NOW.to_bytes(8, "big")), 60),
        ("ts_1_char", "Q", 60),
        ("ts_junk_only", "!!", None),
        ("ts_padded", ts_ok + "==", 60),
        ("ts_std_alphabet", to_std_alphabet(_ts_with_dash()), None),
        ("ts_alt_last_char", ts_ok[:-1] + B64[B64.index(ts_ok[-1]) ^ 1], None),
        ("ts_zero", b64(b"\x00"), None),
        ("ts_u64_max", b64(b"\xff" * 8), None),
        ("ts_2pow62_no_max_age", b64((2**62).to_bytes(8, "big")), None),
        ("ts_2pow62_max_age", b64((2**62).to_bytes(8, "big")), 5),
    ]
    for label, ts_text, max_age in cases:
        signer_vector(f"{pre}/crafted/{label}", keys, value, **kw, timed=True, now=NOW, verify_now=NOW + 10,
                      max_age=max_age, token=crafted(ts_text), record_now=False)
    # A huge timestamp with a *bad* signature: Python says "Malformed timestamp".
    signer_vector(f"{pre}/crafted/ts_2pow62_bad_sig", keys, value, **kw, timed=True, verify_now=NOW,
                  token=f"{value}{sep}{b64((2**62).to_bytes(8, 'big'))}{sep}AAAA", record_now=False)
    # Plain Signer token (valid MAC, no timestamp) given to TimestampSigner.
    signer_vector(f"{pre}/crafted/missing_timestamp", keys, value, **kw, timed=True, verify_now=NOW,
                  token=plain.sign(value.replace(sep, "_").encode()).decode(), record_now=False)
    signer_vector(f"{pre}/crafted/no_sep_bad_sig", keys, value, **kw, timed=True, verify_now=NOW,
                  token=f"{value.replace(sep, '_')}{sep}AAAA", record_now=False)


def gen_legacy():
    legacy_now = NOW  # real Unix time; the token carries NOW - LEGACY_EPOCH
    for d, der in [("sha1", "django-concat"), ("sha256", "hmac")]:
        signer_vector(f"timestamp/legacy/{d}_{der}/ok", ["secret-key"], "legacy value", digest=d, derivation=der,
                      timed=True, legacy=True, now=legacy_now, verify_now=legacy_now + 100, max_age=3600)
        signer_vector(f"timestamp/legacy/{d}_{der}/age_eq_max_age", ["secret-key"], "legacy value", digest=d,
                      derivation=der, timed=True, legacy=True, now=legacy_now, verify_now=legacy_now + 3600,
                      max_age=3600)
        signer_vector(f"timestamp/legacy/{d}_{der}/expired", ["secret-key"], "legacy value", digest=d,
                      derivation=der, timed=True, legacy=True, now=legacy_now, verify_now=legacy_now + 3601,
                      max_age=3600)
        signer_vector(f"timestamp/legacy/{d}_{der}/future", ["secret-key"], "legacy value", digest=d,
                      derivation=der, timed=True, legacy=True, now=legacy_now, verify_now=legacy_now - 1,
                      max_age=3600)
        signer_vector(f"timestamp/legacy/{d}_{der}/no_max_age", ["secret-key"], "legacy value", digest=d,
                      derivation=der, timed=True, legacy=True, now=legacy_now, verify_now=legacy_now + 10**6)
    # Pre-2011 signing time: 0.24 could not do this (negative), so skip; a 2011 time:
    signer_vector("timestamp/legacy/epoch_plus_1", ["secret-key"], "v", timed=True, legacy=True,
                  now=LEGACY_EPOCH + 1, verify_now=LEGACY_EPOCH + 2, max_age=5)
    # A legacy token read by a modern verifier (no legacy shim): ts reads as 1979.
    # `now` is null because the token was not produced by a modern signer at any `now`.
    s = build_signer([b"secret-key"], DEFAULT_SIGNER_SALT, ".", "sha1", "django-concat", "hmac", True)
    with frozen(NOW, legacy=True):
        tok = s.sign(b"legacy value").decode()
    signer_vector("timestamp/legacy/token_read_by_modern_verifier_max_age", ["secret-key"], "legacy value",
                  timed=True, verify_now=NOW + 100, max_age=3600, token=tok, record_now=False,
                  note="token signed by pre-1.0 itsdangerous at Unix time 1700000000; modern verifier")
    signer_vector("timestamp/legacy/token_read_by_modern_verifier_no_max_age", ["secret-key"], "legacy value",
                  timed=True, verify_now=NOW + 100, max_age=None, token=tok, record_now=False,
                  note="token signed by pre-1.0 itsdangerous at Unix time 1700000000; modern verifier")
    # Spec 3.4: 'EsUWgA' from issue #204.
    serializer_vector("serializer/legacy/ok", ["secret-key"], {"user": "alice"}, legacy=True,
                      verify_now=NOW + 100, max_age=3600)
    serializer_vector("serializer/legacy/expired", ["secret-key"], {"user": "alice"}, legacy=True,
                      verify_now=NOW + 3601, max_age=3600)
    serializer_vector("serializer/legacy/hmac_sha256_ok", ["secret-key"], [1, 2, 3], legacy=True,
                      digest="sha256", derivation="hmac", verify_now=NOW, max_age=0)
    serializer_vector("serializer/legacy/flask_like", ["secret-key"], {"user": "alice"}, legacy=True,
                      salt="cookie-session", derivation="hmac", verify_now=NOW + 2678400, max_age=2678400)


# ----- serializer ----------------------------------------------------------

PAYLOAD_OBJS = [
    ("simple", {"user": "alice"}),
    ("list", [1, 2, 3, 4]),
    ("int", 5),
    ("string", "hello"),
    ("null", None),
    ("bool", True),
    ("empty_dict", {}),
    ("empty_list", []),
    ("empty_string", ""),
    ("unicode", {"a": "é", "b": "Zoë 😀", "c": "日本語", "d": "\u2028\u2029\x7f\x00\x1f"}),
    ("unicode_keys", {"é": 1, "😀": 2, "z": 3, "～": 4}),
    ("nested", {"a": {"b": {"c": [1, {"d": [None, True, False]}]}}, "z": [[[]]]}),
    ("floats", [0.1, 1.0, -0.0, 1e16, 1e-05, 5e-324, 1.7976931348623157e308, 3.141592653589793, 1e22, 0.0001]),
    ("big_ints", [2**64, -(2**70), 10**30, 9007199254740993, -1]),
    ("escapes", {"s": "a\"b\\c/d\n\r\t\b\f"}),
    ("mixed", {"user": "alice", "n": [1, 2.5, None, True]}),
    ("dotted_string", "x.y.z"),
    ("float_nonfinite", [float("nan"), float("inf"), float("-inf")]),
]


def _threshold_strings():
    """Deterministic strings whose compact JSON is right at the compression
    threshold: len(zlib) == len(json) - 2 (compressed) and == len(json) - 1 (not)."""
    rng = random.Random(20231114)
    found = {}
    for n in range(8, 400):
        for _ in range(60):
            s = "".join(rng.choice("abcd") for _ in range(n))
            js = json.dumps({"v": s}, separators=(",", ":")).encode()
            d = len(js) - len(zlib.compress(js))
            if d == 2:
                found.setdefault("compressed_by_2", s)
            elif d == 1:
                found.setdefault("not_compressed_by_1", s)
            elif d == 3:
                found.setdefault("compressed_by_3", s)
            elif d == 0:
                found.setdefault("not_compressed_by_0", s)
            if len(found) == 4:
                return found
    raise AssertionError(found)


THRESHOLD = _threshold_strings()


def gen_serializer():
    for digest in DIGESTS:
        for der in DERIVATIONS:
            for sname, salt in SALTS:
                s = DEFAULT_SERIALIZER_SALT if salt is None else salt
                serializer_vector(f"serializer/matrix/{digest}/{der}/salt_{sname}", ["secret-key"],
                                  {"user": "alice", "n": [1, 2.5, None, True], "d": digest},
                                  salt=s, digest=digest, derivation=der, verify_now=NOW + 5, max_age=3600)
    serializer_vector("serializer/salt_none", ["secret-key"], {"a": 1}, salt=None,
                      note="Serializer(salt=None) passes None to the signer, which uses b'itsdangerous.Signer'")
    for kname, key in KEYS:
        serializer_vector(f"serializer/key/{kname}", [key], {"k": kname})
    for pname, obj in PAYLOAD_OBJS:
        serializer_vector(f"serializer/payload/{pname}", ["secret-key"], obj, verify_now=NOW + 1, max_age=1)
    # Compression.
    serializer_vector("serializer/compress/spec_k_a100", ["secret-key"], {"k": "a" * 100})
    serializer_vector("serializer/compress/a12_string", ["secret-key"], "a" * 12)
    serializer_vector("serializer/compress/a11_string", ["secret-key"], "a" * 11)
    serializer_vector("serializer/compress/uuid_like", ["secret-key"],
                      {"u": {" u": "12345678123456781234567812345678"}})
    rng = random.Random(7)
    serializer_vector("serializer/compress/big_repetitive", ["secret-key"],
                      {"data": ["repeat me " * 50, list(range(100))]})
    serializer_vector("serializer/compress/random_incompressible", ["secret-key"],
                      {"r": "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                                    for _ in range(300))})
    serializer_vector("serializer/compress/unicode_repetitive", ["secret-key"], {"u": "日本語😀" * 40})
    for label, s in sorted(THRESHOLD.items()):
        serializer_vector(f"serializer/compress/threshold_{label}", ["secret-key"], {"v": s})
    # Tokens without a timestamp: loads_unsafe loads all that precedes the
    # signature; with no separator at all, nothing.
    serializer_vector("serializer/unsafe/one_sep_bad_sig", ["secret-key"],
                      token="eyJhIjoxfQ.AAAAAAAAAAAAAAAAAAAAAAAAAAA")
    plain = itsdangerous.Signer(b"secret-key", salt=DEFAULT_SERIALIZER_SALT, key_derivation="django-concat",
                                digest_method=hashlib.sha1).sign(b"eyJhIjoxfQ").decode()
    serializer_vector("serializer/unsafe/one_sep_valid_sig_no_timestamp", ["secret-key"], token=plain)
    serializer_vector("serializer/unsafe/no_sep", ["secret-key"], token="eyJhIjoxfQ")
    serializer_vector("serializer/unsafe/empty_payload", ["secret-key"], token=".AAAAAAAAAAAAAAAAAAAAAAAAAAA")
    # Rotation.
    keys3 = ["key-oldest", "key-middle", "key-newest"]
    for i in range(3):
        serializer_vector(f"serializer/rotation/signed_by_{i}", keys3, {"i": i}, sign_index=i,
                          verify_now=NOW + 10, max_age=10)
    serializer_vector("serializer/rotation/signed_by_0_expired", keys3, {"i": 0}, sign_index=0,
                      verify_now=NOW + 11, max_age=10)
    serializer_vector("serializer/rotation/key_not_in_list", keys3, {"i": 9}, sign_with={"keys": [b"retired"]})
    # fallback_signers.
    fb = [{"digest": "sha512", "derivation": "django-concat"}, {"digest": "sha256", "derivation": "hmac"}]
    keys2 = ["fb-old", "fb-new"]
    serializer_vector("serializer/fallback/primary", keys2, {"f": "primary"}, fallback=fb)
    for j, f in enumerate(fb):
        for i in range(2):
            serializer_vector(f"serializer/fallback/{f['digest']}_{f['derivation']}/key_{i}", keys2,
                              {"f": j, "k": i}, fallback=fb, sign_index=i,
                              sign_with={"digest": f["digest"], "derivation": f["derivation"]},
                              verify_now=NOW + 5, max_age=5)
    serializer_vector("serializer/fallback/expired_in_fallback_stops", keys2, {"f": "x"}, fallback=fb,
                      sign_with={"digest": "sha512", "derivation": "django-concat"}, verify_now=NOW + 6, max_age=5)
    serializer_vector("serializer/fallback/config_not_listed", keys2, {"f": "x"}, fallback=fb,
                      sign_with={"digest": "sha384", "derivation": "hmac"})
    serializer_vector("serializer/fallback/not_configured", keys2, {"f": "x"},
                      sign_with={"digest": "sha512", "derivation": "django-concat"})
    # Flask-like settings (salt cookie-session, hmac) with the compact JSON serializer.
    serializer_vector("serializer/flask_like/alice", ["secret-key"], {"user": "alice"}, salt="cookie-session",
                      derivation="hmac", max_age=2678400)
    gen_serializer_fail()


def crafted_payloads() -> list[tuple[str, bytes]]:
    """Raw payloads, each to be validly signed by the serializer under test:
    base64, zlib and JSON that Python may or may not load."""
    zl = zlib.compress(b'{"a":1}')
    crafted = [
        ("junk_only", b"!!!"),
        ("bad_base64_len1", b"Q"),
        ("bad_base64_padding", b"QQ=QUJD"),
        ("bad_zlib_header", b".QUJD"),
        ("bad_zlib_checksum", b"." + base64_encode(zl[:-1] + bytes([zl[-1] ^ 1]))),
        ("truncated_zlib", b"." + base64_encode(zl[:-3])),
        ("raw_deflate", b"." + base64_encode(zlib.compress(b'{"a":1}', wbits=-15))),
        ("gzip", b"." + base64_encode(zlib.compress(b'{"a":1}', wbits=31))),
        ("zlib_without_dot", base64_encode(zl)),
        ("zlib_with_trailing", b"." + base64_encode(zl + b"trailing")),
        ("zlib_level9", b"." + base64_encode(zlib.compress(b'{"a":1}', 9))),
        ("zlib_level1", b"." + base64_encode(zlib.compress(b'{"a":1}', 1))),
        ("zlib_level0", b"." + base64_encode(zlib.compress(b'{"a":1}', 0))),
        ("double_dot_zlib", b".." + base64_encode(zl)),
        ("bad_json", base64_encode(b"{bad json")),
        ("non_utf8", base64_encode(b"\xff\xfe")),
        ("json_nan", base64_encode(b"NaN")),
        ("json_whitespace", base64_encode(b'  {"a":1}  ')),
        ("json_duplicate_keys", base64_encode(b'{"a":1,"a":2}')),
        ("json_1e400", base64_encode(b'{"x":1e400}')),
        ("json_trailing_garbage", base64_encode(b'{"a":1} x')),
        ("json_raw_control_char", base64_encode(b'{"a":"\x01"}')),
        ("json_lone_surrogate", base64_encode(b'{"a":"\\ud800"}')),
        ("json_utf8_bom", base64_encode(b'\xef\xbb\xbf{"a":1}')),
        ("json_int_4300_digits", base64_encode(b"9" * 4300)),
        ("json_int_4301_digits", base64_encode(b"9" * 4301)),
        ("empty_payload", b""),
        ("payload_with_std_alphabet", _b64_with_dash("x").replace(b"-", b"+").replace(b"_", b"/")),
        ("payload_padded", base64_encode(b'{"a":1}') + b"=="),
        ("payload_junk_inside", base64_encode(b'{"a":12}')[:4] + b"!" + base64_encode(b'{"a":12}')[4:]),
        ("payload_trailing_bits", None),
    ]
    # The zlib wrapper, byte by byte: what zlib.decompress accepts (window
    # sizes, FLEVEL) and rejects (check bits, method, window, preset
    # dictionary, the Adler-32 trailer missing, short or wrong).
    body, trailer = zl[2:-4], zl[-4:]

    def hdr(cmf, flg_top):
        # FLG with its top bits set and FCHECK making CMF*256+FLG % 31 == 0.
        flg = flg_top & 0xE0
        flg |= (31 - ((cmf << 8) | flg) % 31) % 31
        return bytes([cmf, flg])

    for cinfo in range(8):
        crafted.append((f"zlib_cinfo_{cinfo}", b"." + base64_encode(hdr(cinfo << 4 | 8, 0x80) + body + trailer)))
    for flevel in range(4):
        crafted.append((f"zlib_flevel_{flevel}", b"." + base64_encode(hdr(0x78, flevel << 6) + body + trailer)))
    crafted += [
        ("zlib_cinfo_8", b"." + base64_encode(hdr(0x88, 0x80) + body + trailer)),
        ("zlib_cinfo_15", b"." + base64_encode(hdr(0xF8, 0x80) + body + trailer)),
        ("zlib_method_7", b"." + base64_encode(hdr(0x77, 0x80) + body + trailer)),
        ("zlib_method_15", b"." + base64_encode(hdr(0x7F, 0x80) + body + trailer)),
        ("zlib_fdict", b"." + base64_encode(hdr(0x78, 0xA0) + body + trailer)),
        ("zlib_fdict_with_dictid", b"." + base64_encode(hdr(0x78, 0xA0) + b"\x00\x01\x00\x01" + body + trailer)),
        ("zlib_fcheck_off_by_one", b"." + base64_encode(bytes([0x78, zl[1] ^ 1]) + body + trailer)),
        ("zlib_header_only", b"." + base64_encode(zl[:2])),
        ("zlib_one_byte", b"." + base64_encode(zl[:1])),
        ("zlib_no_trailer", b"." + base64_encode(zl[:-4])),
        ("zlib_trailer_1_byte", b"." + base64_encode(zl[:-3])),
        ("zlib_trailer_2_bytes", b"." + base64_encode(zl[:-2])),
        ("zlib_trailer_3_bytes", b"." + base64_encode(zl[:-1])),
        ("zlib_adler_first_byte_flipped", b"." + base64_encode(zl[:-4] + bytes([zl[-4] ^ 0x80]) + zl[-3:])),
        ("zlib_adler_little_endian", b"." + base64_encode(zl[:-4] + zl[-4:][::-1])),
        ("zlib_adler_then_trailing", b"." + base64_encode(zl + b"\x00\x00\x00\x00")),
        ("zlib_second_stream_after", b"." + base64_encode(zl + zlib.compress(b'{"b":2}'))),
        ("zlib_empty_input", b"." + base64_encode(zlib.compress(b""))),
        ("zlib_stored_block_len_mismatch", b"." + base64_encode(zlib.compress(b'{"a":1}', 0)[:3] + b"\x07\x00\xf9\xff" + b'{"a":1}' + zlib.compress(b'{"a":1}', 0)[-4:])),
    ]
    # Non-canonical trailing bits: b64('{"a":1}') ends in 'fQ'; 'fR' decodes the same.
    enc_a1 = base64_encode(b'{"a":1}')
    tb = enc_a1[:-1] + B64[B64.index(enc_a1[-1:].decode()) ^ 1].encode()
    crafted[[label for label, _ in crafted].index("payload_trailing_bits")] = ("payload_trailing_bits", tb)
    return crafted


def gen_serializer_fail():
    keys = ["secret-key"]
    obj = {"user": "alice", "pad": "p-0"}
    # Pick a payload whose signature contains '-' or '_'.
    for i in range(1000):
        obj = {"user": "alice", "pad": f"p-{i}"}
        with frozen(NOW):
            t = build_serializer([b"secret-key"], DEFAULT_SERIALIZER_SALT, "sha1", "django-concat").dumps(
                sorted_obj(obj))
        if any(c in t.rsplit(".", 1)[1] for c in "-_"):
            break
    sample = t.rsplit(".", 1)[1]
    tk = dict(verify_now=NOW + 10, max_age=60)
    pre = "serializer/fail"
    serializer_vector(f"{pre}/baseline_ok", keys, obj, **tk)
    for mname, fn in _sig_position_mutations(sample):
        serializer_vector(f"{pre}/sig/{mname}", keys, obj, **tk, mutate=with_sig(fn))
    serializer_vector(f"{pre}/payload/first_char", keys, obj, **tk, mutate=with_value(lambda s: shift_char(s, 0)))
    serializer_vector(f"{pre}/payload/last_char", keys, obj, **tk,
                      mutate=with_value(lambda s: shift_char(s, len(s) - 1)))
    serializer_vector(f"{pre}/ts/tampered", keys, obj, **tk, mutate=with_ts(lambda s: shift_char(s, len(s) - 1)))
    serializer_vector(f"{pre}/truncated/at_last_sep", keys, obj, **tk, mutate=lambda t: t.rsplit(".", 1)[0] + ".")
    serializer_vector(f"{pre}/truncated/no_sig", keys, obj, **tk, mutate=lambda t: t.rsplit(".", 1)[0])
    serializer_vector(f"{pre}/truncated/payload_only", keys, obj, **tk, mutate=lambda t: t.rsplit(".", 2)[0])
    serializer_vector(f"{pre}/truncated/mid_payload", keys, obj, **tk, mutate=lambda t: t[:10])
    serializer_vector(f"{pre}/truncated/empty", keys, obj, **tk, mutate=lambda t: "")
    serializer_vector(f"{pre}/garbage", keys, obj, **tk, mutate=lambda t: "garbage")
    serializer_vector(f"{pre}/wrong_key", keys, obj, **tk, sign_with={"keys": [b"wrong-key"]})
    serializer_vector(f"{pre}/wrong_salt", keys, obj, **tk, sign_with={"salt": b"activate"})
    serializer_vector(f"{pre}/wrong_digest", keys, obj, **tk, sign_with={"digest": "sha256"})
    serializer_vector(f"{pre}/wrong_derivation", keys, obj, **tk, sign_with={"derivation": "hmac"})
    serializer_vector(f"{pre}/age_eq_max_age", keys, obj, verify_now=NOW + 60, max_age=60)
    serializer_vector(f"{pre}/expired", keys, obj, verify_now=NOW + 61, max_age=60)
    serializer_vector(f"{pre}/future_minus_1", keys, obj, verify_now=NOW - 1, max_age=60)
    serializer_vector(f"{pre}/future_no_max_age", keys, obj, verify_now=NOW - 1000, max_age=None)
    serializer_vector(f"{pre}/no_separator", keys, obj, **tk, mutate=lambda t: t.replace(".", ""))
    serializer_vector(f"{pre}/bad_sig_and_expired", keys, obj, verify_now=NOW + 61, max_age=60,
                      mutate=with_sig(lambda s: shift_char(s, 0)))

    # Validly signed crafted payloads (the serializer's own TimestampSigner signs them).
    for label, payload in crafted_payloads():
        serializer_vector(f"{pre}/crafted/{label}", keys, payload=payload, verify_now=NOW, max_age=60)
    # Timestamps on the serializer path.
    plain = Signer([b"secret-key"], salt=DEFAULT_SERIALIZER_SALT)
    body = base64_encode(b'{"a":1}').decode()
    for label, ts in [("empty_ts", ""), ("ts_9_bytes", b64(b"\x00" + NOW.to_bytes(8, "big"))),
                      ("ts_1_char", "Q"), ("leading_zero_ts", b64(b"\x00" + NOW.to_bytes(4, "big")))]:
        tok = plain.sign(f"{body}.{ts}".encode()).decode()
        serializer_vector(f"{pre}/crafted/{label}", keys, token=tok, verify_now=NOW, max_age=60, record_now=False)
        serializer_vector(f"{pre}/crafted/{label}_no_max_age", keys, token=tok, verify_now=NOW, max_age=None,
                          record_now=False)
    serializer_vector(f"{pre}/crafted/missing_timestamp", keys, token=plain.sign(body.encode()).decode(),
                      verify_now=NOW, max_age=60, record_now=False)
    huge = plain.sign(f"{body}.{b64((2**62).to_bytes(8, 'big'))}".encode()).decode()
    serializer_vector(f"{pre}/crafted/ts_2pow62", keys, token=huge, verify_now=NOW, max_age=None, record_now=False)


# ---------------------------------------------------------------------------
# itsdangerous: URLSafeSerializer (untimed)
# ---------------------------------------------------------------------------

UNTIMED: list[dict] = []


def build_untimed(keys, salt, digest, derivation, fallback=(), sep="."):
    # A dict fallback replaces signer_kwargs wholesale, so it carries the
    # separator too (the Rust fallback signers share the primary's).
    extra = {} if sep == "." else {"sep": sep}
    fbs = [
        {"digest_method": DIGESTS[f["digest"]], "key_derivation": f["derivation"], **extra}
        for f in fallback
    ]
    return URLSafeSerializer(
        list(keys),
        salt=salt,
        signer_kwargs={"key_derivation": derivation, "digest_method": DIGESTS[digest], **extra},
        fallback_signers=fbs,
    )


def _run_untimed_loads(ser, token: str) -> dict:
    out = {"expect": "ok", "obj": None}
    try:
        out["obj"] = ser.loads(token)
    except (BadSignature, BadPayload) as e:
        out["expect"] = classify(e)
    return out


def _run_untimed_unsafe(ser, token: str):
    """As `_run_loads_unsafe`, for the untimed `loads_unsafe`."""
    try:
        ok, obj = ser.loads_unsafe(token)
    except BadPayload:
        return "bad_payload"
    return [ok, canon(obj) if ok or obj is not None else None]


def untimed_vector(
    name,
    keys,
    obj=_MISSING,
    *,
    salt=DEFAULT_SERIALIZER_SALT,
    sep=".",
    digest="sha1",
    derivation="django-concat",
    fallback=(),
    sign_index=None,
    sign_with=None,
    payload=None,
    token=None,
    mutate=None,
    note=None,
):
    """As `serializer_vector`, for URLSafeSerializer. `sign_with` may also
    say `{"timed": True}`: the token is URLSafeTimedSerializer's, made at
    NOW with the same settings otherwise."""
    name = _unique(name)
    keys_b, salt_b, sign_index, obj, reproducible = _prepare(
        keys, salt, obj, sign_index, token, payload, mutate, sign_with)
    if token is None:
        p = dict(keys=keys_b[: sign_index + 1], salt=salt_b, digest=digest, derivation=derivation)
        p.update({k: v for k, v in (sign_with or {}).items() if k != "timed"})
        if (sign_with or {}).get("timed"):
            assert sep == "."
            with frozen(NOW):
                token = build_serializer(p["keys"], p["salt"], p["digest"], p["derivation"]).dumps(obj)
        else:
            ser = build_untimed(p["keys"], p["salt"], p["digest"], p["derivation"], sep=sep)
            if payload is not None:
                token = ser.make_signer().sign(payload).decode("utf-8")
            else:
                token = ser.dumps(obj)
    token = _mutated(name, token, mutate)
    # No clock may be read while loading an untimed token.
    with frozen(None):
        ser = build_untimed(keys_b, salt_b, digest, derivation, fallback, sep)
        res = _run_untimed_loads(ser, token)
        unsafe = _run_untimed_unsafe(ser, token)
        with strict_base64():
            sres = _run_untimed_loads(ser, token)
            sunsafe = _run_untimed_unsafe(ser, token)
        # Which key, and which signer (None: the primary, else an index into
        # `fallback_signers`), verifies: each alone, in the order they are tried.
        matched_key = matched_signer = None
        if res["expect"] == "ok":
            tries = [(None, digest, derivation)] + [(j, f["digest"], f["derivation"]) for j, f in enumerate(fallback)]
            for j, d, der in tries:
                for i in reversed(range(len(keys_b))):
                    single = build_untimed([keys_b[i]], salt_b, d, der, sep=sep)
                    if _run_untimed_loads(single, token)["expect"] == "ok":
                        matched_key, matched_signer = i, j
                        break
                if matched_key is not None:
                    break
            assert matched_key is not None, name
    obj_json = _obj_json(res, obj)
    eff_salt = DEFAULT_SIGNER_SALT if salt_b is None else salt_b
    v = {
        "name": name,
        "keys": [k.hex() for k in keys_b],
        "salt": eff_salt.hex(),
        "sep": sep,
        "digest": digest,
        "derivation": derivation,
        "fallback_signers": [dict(f) for f in fallback],
        "obj_json": obj_json,
        "token": token,
        "compressed": token.startswith("."),
        "expect": res["expect"],
        "matched_key": matched_key,
        "matched_signer": matched_signer,
        # True when `token` is exactly dumps(obj) with keys[-1].
        "reproducible": reproducible,
    }
    if sres["expect"] != res["expect"]:
        v["strict_expect"] = sres["expect"]
    v["unsafe"] = unsafe
    if sunsafe != unsafe:
        v["strict_unsafe"] = sunsafe
    _add_common_tail(v, sign_with, sign_index, len(keys_b), payload, note)
    UNTIMED.append(v)
    return v


def gen_untimed():
    pre = "untimed"
    obj = {"user": "alice", "n": [1, 2.5, None, True]}
    for digest in DIGESTS:
        for der in DERIVATIONS:
            for sname, salt in SALTS:
                s = DEFAULT_SERIALIZER_SALT if salt is None else salt
                untimed_vector(f"{pre}/matrix/{digest}/{der}/salt_{sname}", ["secret-key"], dict(obj, d=digest),
                               salt=s, digest=digest, derivation=der)
    untimed_vector(f"{pre}/salt_none", ["secret-key"], {"a": 1}, salt=None,
                   note="URLSafeSerializer(salt=None) passes None to the signer, which uses b'itsdangerous.Signer'")
    for kname, key in KEYS:
        untimed_vector(f"{pre}/key/{kname}", [key], {"k": kname})
    for pname, o in PAYLOAD_OBJS:
        untimed_vector(f"{pre}/payload/{pname}", ["secret-key"], o)
    # Compression, on both sides of itsdangerous' threshold.
    untimed_vector(f"{pre}/compress/spec_k_a100", ["secret-key"], {"k": "a" * 100})
    untimed_vector(f"{pre}/compress/a12_string", ["secret-key"], "a" * 12)
    untimed_vector(f"{pre}/compress/a11_string", ["secret-key"], "a" * 11)
    untimed_vector(f"{pre}/compress/big_repetitive", ["secret-key"], {"data": ["repeat me " * 50, list(range(100))]})
    rng = random.Random(8)
    untimed_vector(f"{pre}/compress/random_incompressible", ["secret-key"],
                   {"r": "".join(rng.choice(B64) for _ in range(300))})
    untimed_vector(f"{pre}/compress/unicode_repetitive", ["secret-key"], {"u": "日本語😀" * 40})
    for label, s in sorted(THRESHOLD.items()):
        untimed_vector(f"{pre}/compress/threshold_{label}", ["secret-key"], {"v": s})
    # Separators other than '.' (the compressed payload still starts with '.').
    for sname, sep in [("tilde", "~"), ("pipe", "|"), ("colons", "::")]:
        untimed_vector(f"{pre}/sep/{sname}", ["secret-key"], {"s": "a.b~c|d::e"}, sep=sep)
        untimed_vector(f"{pre}/sep/{sname}_compressed", ["secret-key"], {"k": "a" * 100}, sep=sep)
        untimed_vector(f"{pre}/sep/{sname}_dot_separated_token", ["secret-key"], {"s": 1}, sep=sep,
                       mutate=lambda t, sep=sep: t.replace(sep, "."))
    # Rotation.
    keys3 = ["key-oldest", "key-middle", "key-newest"]
    for i in range(3):
        untimed_vector(f"{pre}/rotation/signed_by_{i}", keys3, {"i": i}, sign_index=i)
        untimed_vector(f"{pre}/rotation/signed_by_{i}_compressed", keys3, {"i": i, "pad": "x" * 60}, sign_index=i)
    untimed_vector(f"{pre}/rotation/key_not_in_list", keys3, {"i": 9}, sign_with={"keys": [b"retired"]})
    # fallback_signers, with each key.
    fb = [{"digest": "sha512", "derivation": "django-concat"}, {"digest": "sha256", "derivation": "hmac"}]
    keys2 = ["fb-old", "fb-new"]
    untimed_vector(f"{pre}/fallback/primary", keys2, {"f": "primary"}, fallback=fb)
    for j, f in enumerate(fb):
        for i in range(2):
            untimed_vector(f"{pre}/fallback/{f['digest']}_{f['derivation']}/key_{i}", keys2,
                           {"f": j, "k": i}, fallback=fb, sign_index=i,
                           sign_with={"digest": f["digest"], "derivation": f["derivation"]})
    untimed_vector(f"{pre}/fallback/compressed", keys2, {"f": "z" * 80}, fallback=fb,
                   sign_with={"digest": "sha256", "derivation": "hmac"})
    untimed_vector(f"{pre}/fallback/sep_tilde", keys2, {"f": "~"}, fallback=fb, sep="~",
                   sign_with={"digest": "sha512", "derivation": "django-concat"})
    untimed_vector(f"{pre}/fallback/config_not_listed", keys2, {"f": "x"}, fallback=fb,
                   sign_with={"digest": "sha384", "derivation": "hmac"})
    untimed_vector(f"{pre}/fallback/not_configured", keys2, {"f": "x"},
                   sign_with={"digest": "sha512", "derivation": "django-concat"})
    untimed_vector(f"{pre}/fallback/wrong_key", keys2, {"f": "x"}, fallback=fb,
                   sign_with={"keys": [b"wrong-key"], "digest": "sha256", "derivation": "hmac"})
    untimed_vector(f"{pre}/fallback/payload_fails_after_fallback_verified", keys2, fallback=fb,
                   payload=base64_encode(b"{bad json"), sign_with={"digest": "sha256", "derivation": "hmac"})
    gen_untimed_fail()


def gen_untimed_fail():
    keys = ["secret-key"]
    # A value whose signature contains '-' or '_' (for the +/ alphabet case).
    for i in range(1000):
        obj = {"user": "alice", "pad": f"p-{i}"}
        t = build_untimed([b"secret-key"], DEFAULT_SERIALIZER_SALT, "sha1", "django-concat").dumps(sorted_obj(obj))
        if any(c in t.rsplit(".", 1)[1] for c in "-_"):
            break
    sample = t.rsplit(".", 1)[1]
    pre = "untimed/fail"
    untimed_vector(f"{pre}/baseline_ok", keys, obj)
    for mname, fn in _sig_position_mutations(sample):
        untimed_vector(f"{pre}/sig/{mname}", keys, obj, mutate=with_sig(fn))
    untimed_vector(f"{pre}/sig/compressed_first_char", keys, {"k": "a" * 100},
                   mutate=with_sig(lambda s: shift_char(s, 0)))
    untimed_vector(f"{pre}/payload/first_char", keys, obj, mutate=with_value(lambda s: shift_char(s, 0), timed=False))
    untimed_vector(f"{pre}/payload/last_char", keys, obj,
                   mutate=with_value(lambda s: shift_char(s, len(s) - 1), timed=False))
    untimed_vector(f"{pre}/payload/compressed_drop_dot", keys, {"k": "a" * 100},
                   mutate=with_value(lambda s: s[1:], timed=False))
    untimed_vector(f"{pre}/payload/add_dot", keys, obj, mutate=with_value(lambda s: "." + s, timed=False))
    untimed_vector(f"{pre}/truncated/at_last_sep", keys, obj, mutate=lambda t: t.rsplit(".", 1)[0] + ".")
    untimed_vector(f"{pre}/truncated/no_sig", keys, obj, mutate=lambda t: t.rsplit(".", 1)[0])
    untimed_vector(f"{pre}/truncated/mid_payload", keys, obj, mutate=lambda t: t[:10])
    untimed_vector(f"{pre}/truncated/empty", keys, obj, mutate=lambda t: "")
    untimed_vector(f"{pre}/garbage", keys, obj, mutate=lambda t: "garbage")
    untimed_vector(f"{pre}/only_separator", keys, obj, mutate=lambda t: ".")
    untimed_vector(f"{pre}/wrong_key", keys, obj, sign_with={"keys": [b"wrong-key"]})
    untimed_vector(f"{pre}/wrong_key_compressed", keys, {"k": "a" * 100}, sign_with={"keys": [b"wrong-key"]})
    untimed_vector(f"{pre}/wrong_salt", keys, obj, sign_with={"salt": b"activate"})
    untimed_vector(f"{pre}/wrong_digest", keys, obj, sign_with={"digest": "sha256"})
    untimed_vector(f"{pre}/wrong_derivation", keys, obj, sign_with={"derivation": "hmac"})
    untimed_vector(f"{pre}/no_separator", keys, obj, mutate=lambda t: t.replace(".", ""))
    # A URLSafeTimedSerializer token: under the same key and salt its MAC
    # (over `payload.timestamp`) verifies, and the payload does not load.
    untimed_vector(f"{pre}/timed_token", keys, obj, sign_with={"timed": True})
    untimed_vector(f"{pre}/timed_token_compressed", keys, {"k": "a" * 100}, sign_with={"timed": True})
    untimed_vector(f"{pre}/timed_token_other_salt", keys, obj, sign_with={"timed": True, "salt": b"activate"})
    # Validly signed crafted payloads (the serializer's own Signer signs them).
    for label, payload in crafted_payloads():
        untimed_vector(f"{pre}/crafted/{label}", keys, payload=payload)
    # An untimed token's payload that happens to contain the separator.
    untimed_vector(f"{pre}/crafted/payload_with_sep", keys, payload=base64_encode(b'{"a":1}') + b".QQ")

    # And the other way round: URLSafeSerializer tokens given to the timed
    # serializer (the `serializer` section). Its MAC verifies there too.
    untimed_obj = build_untimed([b"secret-key"], DEFAULT_SERIALIZER_SALT, "sha1", "django-concat")
    for label, o, max_age in [("untimed_token", obj, 60), ("untimed_token_no_max_age", obj, None),
                              ("untimed_token_compressed", {"k": "a" * 100}, None)]:
        serializer_vector(f"serializer/cross/{label}", keys, token=untimed_obj.dumps(sorted_obj(o)),
                          verify_now=NOW, max_age=max_age, record_now=False,
                          note="a URLSafeSerializer token (no timestamp), same key and salt")
    serializer_vector("serializer/cross/untimed_token_other_salt", keys,
                      token=build_untimed([b"secret-key"], b"unsubscribe", "sha1", "django-concat").dumps(obj),
                      verify_now=NOW, max_age=60, record_now=False,
                      note="a URLSafeSerializer token (no timestamp), salt b'unsubscribe'")


# ---------------------------------------------------------------------------
# Flask
# ---------------------------------------------------------------------------

FLASK_DEFAULTS = {
    "SECRET_KEY": "secret-key",
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

_CURRENT: dict = {}
_APPS: dict = {}


def full_config(over=None) -> dict:
    c = dict(FLASK_DEFAULTS)
    c.update(over or {})
    return c


def config_json(c: dict) -> dict:
    out = dict(c)
    out["SECRET_KEY"] = hx(c["SECRET_KEY"])
    out["SECRET_KEY_FALLBACKS"] = [hx(k) for k in c["SECRET_KEY_FALLBACKS"]]
    return out


def make_app(c: dict) -> Flask:
    key = json.dumps(config_json(c), sort_keys=True)
    if key in _APPS:
        return _APPS[key]
    app = Flask("flask_cookie_gen")
    app.config.update(c)
    app.logger.disabled = True

    @app.route("/set")
    def set_view():
        _CURRENT["mutate"](session)
        return ""

    @app.route("/touch")
    def touch_view():  # never touches the session
        return ""

    @app.route("/clear")
    def clear_view():
        session.clear()
        return ""

    @app.route("/show")
    def show_view():
        return session_json_serializer.dumps(dict(session))

    @app.after_request
    def capture(resp):
        s = request_ctx._session
        _CURRENT["captured"] = None if s is None else dict(s)
        return resp

    _APPS[key] = app
    return app


def flask_serializer(app: Flask, keys=None):
    if keys is None:
        return app.session_interface.get_signing_serializer(app)
    si = app.session_interface
    return URLSafeTimedSerializer(
        list(keys), salt=si.salt, serializer=si.serializer,
        signer_kwargs={"key_derivation": si.key_derivation, "digest_method": si.digest_method},
    )


def payload_json_of_cookie(cookie: str) -> str:
    payload = cookie.rsplit(".", 2)[0]
    comp = payload.startswith(".")
    raw = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    return (zlib.decompress(raw) if comp else raw).decode("ascii")


def request(app, path, now, cookie_header=None):
    env = {} if cookie_header is None else {"HTTP_COOKIE": cookie_header.encode("utf-8").decode("latin-1")}
    with frozen(now), warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        resp = app.test_client(use_cookies=False).get(path, environ_overrides=env)
    too_large = [x for x in w if "too large" in str(x.message)]
    return resp, too_large


SESSIONS: list[dict] = []
DECODE: list[dict] = []
DELETION: list[dict] = []
COOKIE_HEADER: list[dict] = []


def session_vector(name, mutate, config=None, now=NOW, request_cookie=None, view="set", note=None):
    name = _unique(name)
    c = full_config(config)
    app = make_app(c)
    _CURRENT["mutate"] = mutate
    _CURRENT["captured"] = None
    hdr = None if request_cookie is None else f"{c['SESSION_COOKIE_NAME']}={request_cookie}"
    resp, too_large = request(app, f"/{view}", now, hdr)
    assert resp.status_code == 200, (name, resp.status_code)
    scs = resp.headers.getlist("Set-Cookie")
    assert len(scs) == 1, (name, scs)
    sc = scs[0]
    cookie = sc.split(";", 1)[0].split("=", 1)[1]
    captured = _CURRENT["captured"]
    with app.app_context():
        sj = session_json_serializer.dumps(captured)
        stable = session_json_serializer.dumps(session_json_serializer.loads(sj)) == sj
    assert payload_json_of_cookie(cookie) == sj, name
    # The cookie must load back at `now`.
    with frozen(now), app.app_context():
        flask_serializer(app).loads(cookie, max_age=int(app.permanent_session_lifetime.total_seconds()))
    v = {
        "name": name,
        "config": config_json(c),
        "now": now,
        "session_json": sj,
        "cookie": cookie,
        "compressed": cookie.startswith("."),
        "set_cookie": sc,
        "vary": resp.headers.get("Vary"),
        "size_warning": bool(too_large),
    }
    if not stable:
        v["roundtrip_stable"] = False
    if request_cookie is not None:
        v["request_cookie"] = request_cookie
        v["view"] = "untouched"
    if too_large:
        v["size_warning_message"] = str(too_large[0].message)
    if note:
        v["note"] = note
    SESSIONS.append(v)
    return v


def upd(d=None, permanent=None, flashes=()):
    def m(s):
        if permanent is not None:
            s.permanent = permanent
        for msg, cat in flashes:
            flash(msg, cat)
        if d:
            s.update(d)

    return m


def _flask_loads(app, cookie, now, keys=None):
    ser = flask_serializer(app, keys)
    max_age = int(app.permanent_session_lifetime.total_seconds())
    with frozen(now), app.app_context():
        try:
            data = ser.loads(cookie, max_age=max_age)
        except (BadSignature, BadPayload) as e:
            return classify(e), None, None
        except (OSError, OverflowError, ValueError) as e:
            return classify(e), None, exc_name(e)
        if not isinstance(data, dict):
            return "not_a_dict", data, None
        return "ok", session_json_serializer.dumps(data), None


def decode_vector(name, cookie, config=None, now=NOW, note=None):
    name = _unique(name)
    c = full_config(config)
    app = make_app(c)
    expect, sj, pyexc = _flask_loads(app, cookie, now)
    with strict_base64():
        sexpect, _, _ = _flask_loads(app, cookie, now)
    matched = None
    if expect == "ok":
        if _flask_loads(app, cookie, now, [c["SECRET_KEY"]])[0] == "ok":
            matched = "current"
        else:
            for i in reversed(range(len(c["SECRET_KEY_FALLBACKS"]))):
                if _flask_loads(app, cookie, now, [c["SECRET_KEY_FALLBACKS"][i]])[0] == "ok":
                    matched = i
                    break
        assert matched is not None
    # What a real request with this cookie does.
    resp, _ = request(app, "/show", now, f"{c['SESSION_COOKIE_NAME']}={cookie}")
    body = resp.get_data(as_text=True) if resp.status_code == 200 else None
    if expect == "ok":
        assert resp.status_code == 200 and body == sj, (name, resp.status_code, body, sj)
    elif expect in ("bad_signature", "bad_time_signature", "expired", "missing_timestamp"):
        assert resp.status_code == 200 and body == "{}", (name, resp.status_code, body)
    elif expect == "bad_payload" or pyexc:
        assert resp.status_code == 500, name
    elif expect == "malformed_timestamp":
        assert resp.status_code == 200 and body == "{}", (name, resp.status_code, body)
    v = {
        "name": name,
        "config": config_json(c),
        "cookie": cookie,
        "now": now,
        "expect": expect,
        "session_json": sj if expect == "ok" else None,
        "matched_key": matched,
    }
    if sexpect != expect:
        v["strict_expect"] = sexpect
    v["flask_response"] = {"status": resp.status_code, "session_json": body}
    if expect == "not_a_dict":
        v["loaded_json"] = json.dumps(sj)  # what the serializer returned (not a dict)
    if pyexc:
        v["python_exception"] = pyexc
    if note:
        v["note"] = note
    DECODE.append(v)
    return v


def sign_flask(payload: bytes, now=NOW, key="secret-key") -> str:
    """Validly sign an arbitrary payload the way Flask's serializer would."""
    app = make_app(full_config({"SECRET_KEY": key}))
    with frozen(now):
        return flask_serializer(app).make_signer().sign(payload).decode()


def gen_flask_sessions():
    dt_aware = datetime(2024, 2, 29, 13, 45, 30, 123456, tzinfo=timezone(timedelta(hours=2)))
    dt_naive = datetime(2024, 2, 29, 13, 45, 30, 654321)
    rng = random.Random(42)
    cases = [
        ("basic/alice", {"user": "alice"}),
        ("basic/two_keys", {"user": "alice", "id": 42}),
        ("tag/tuple", {"t": (1, "a", (2, 3))}),
        ("tag/tuple_empty", {"t": ()}),
        ("tag/tuple_nested_bytes", {"t": (b"\x01", [(), (None,)])}),
        ("tag/bytes", {"b": b"\x00\xfb\xff binary"}),
        ("tag/bytes_empty", {"b": b""}),
        ("tag/bytes_all_256", {"b": bytes(range(256))}),
        ("tag/bytes_pad1", {"b": b"ab"}),
        ("tag/markup", {"m": Markup("<b>hi</b>")}),
        ("tag/markup_escaped", {"m": Markup.escape("<script>alert('&\"')</script>")}),
        ("tag/markup_unicode", {"m": Markup("<i>é 😀</i>")}),
        ("tag/uuid", {"u": uuid.UUID("12345678-1234-5678-1234-567812345678")}),
        ("tag/uuid_nil", {"u": uuid.UUID(int=0)}),
        ("tag/uuid_max", {"u": uuid.UUID(int=2**128 - 1)}),
        ("tag/uuid4_seeded", {"u": uuid.UUID(int=rng.getrandbits(128), version=4)}),
        ("tag/datetime_aware_micro", {"d_aware": dt_aware}),
        ("tag/datetime_naive_micro", {"d_naive": dt_naive}),
        ("tag/datetime_both", {"d_aware": datetime(2024, 2, 29, 13, 45, 30, 123456,
                                                     tzinfo=timezone(timedelta(hours=2))),
                               "d_naive": datetime(2024, 2, 29, 13, 45, 30)}),
        ("tag/datetime_utc", {"d": datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)}),
        ("tag/datetime_negative_offset", {"d": datetime(2000, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=-5,
                                                                                                  minutes=-30)))}),
        ("tag/datetime_year_5", {"d": datetime(5, 1, 2, 3, 4, 5)}),
        ("tag/datetime_year_9999", {"d": datetime(9999, 12, 31, 23, 59, 59, 999999)}),
        ("tag/datetime_epoch", {"d": datetime(1970, 1, 1)}),
        ("tag/nested", {"n": {"list": [b"\x01", (1,), {"k": uuid.UUID(int=1)}], "a": None, "B": True, "f": 1.5}}),
        ("tag/everything_in_tuple", {"t": (b"x", Markup("<m>"), uuid.UUID(int=5), datetime(2020, 1, 1),
                                           {"k": (1,)}, [()])}),
        ("di/top_t", {" t": "topkey"}),
        ("di/top_di", {" di": "z"}),
        ("di/top_b", {" b": "not-bytes"}),
        ("di/top_u", {" u": 1}),
        ("di/top_d", {" d": [1]}),
        ("di/top_m", {" m": None}),
        ("di/spec_tagdict", {"x": {" t": [1, 2]}, "y": {" di": "z"}, "z": {" t": 1, "other": 2}}),
        ("di/nested_twice", {"a": {" di": {" t": (1,)}}}),
        ("di/value_tagged", {"x": {" t": (1, 2)}}),
        ("di/non_tag_key", {"x": {" z": 1}}),
        ("di/t_underscore_key", {"x": {" t__": 1}}),
        ("di/inside_list", {"l": [{" b": 1}, {" u": "x", "y": 2}]}),
        ("str/unicode_name", {"name": "Zoë 😀"}),
        ("str/ctrl", {"str_ctrl": "a\"b\\c/d\n\r\t\b\f\x00\x01\x1f\x7f\x80\xe9\u2028\u2029\ufeff\uffff"}),
        ("str/del_only", {"s": "\x7f"}),
        ("str/u2028", {"s": "line\u2028sep\u2029para"}),
        ("str/astral", {"nonbmp": "\U0001F600\U00010000\U0010FFFF"}),
        ("str/key_order", {"keys": {"": 9, " ": 8, "B": 3, "_": 7, "a": 2, "aa": 10, "b": 1, "é": 4, "～": 6,
                                    "😀": 5}}),
        ("str/key_order_astral_vs_bmp", {"\uffff": 1, "\U00010000": 2, "\ue000": 3, "\ud7ff": 4}),
        ("str/lone_surrogate", {"lone": "\ud800x\udfff"}),
        ("str/all_ascii", {"s": "".join(chr(i) for i in range(128))}),
        ("str/latin1", {"s": "".join(chr(i) for i in range(128, 256))}),
        ("int/big", {"ints": [0, -1, 9007199254740993, 18446744073709551616, -1180591620717411303424, 10**30]}),
        ("int/2pow64", {"i": 2**64}),
        ("int/neg_2pow64", {"i": -(2**64)}),
        ("int/huge_4300_digits", {"i": int("9" * 4300)}),
        ("int/bool_and_null", {"b": False, "f": 0.1, "i": 18446744073709551616, "n": None}),
        ("int/keys_numeric", {"d": {2: "c", 9: "b", 10: "a"}}),
        ("float/spec_list", {"floats": [0.1, 1.0, -0.0, 1e16, 1e15, 1.2345678901234568e17, 1.5e-05, 0.0001, 1e-4,
                                        2.5e-07, 1e301, math.pi, 1 / 3, 5e-324, 1.7976931348623157e308]}),
        ("float/repr_checks", {"r": [9999999999999998.0, 1e16, 0.0001, 9.999e-05, 1e22, 1e-07, 1.23e-18,
                                     9007199254740992.0, 100.0, 100000.0, 1e-05, 123456789012345.6, 0.5, 2.0**-1074,
                                     1.0000000000000002, 4.35, 0.30000000000000004]}),
        ("float/nan", {"nan": float("nan")}),
        ("float/inf", {"inf": float("inf")}),
        ("float/ninf", {"ninf": float("-inf")}),
        ("float/neg_zero", {"z": -0.0}),
        ("float/min_subnormal", {"f": 5e-324}),
        ("float/max", {"f": 1.7976931348623157e308}),
        ("empty/containers", {"e_dict": {}, "e_list": [], "e_str": "", "e_tuple": (), "e_bytes": b""}),
        ("empty/nested_empty", {"a": [[], {}, [{}]]}),
        ("compress/spec_big", {"data": "x" * 200}),
        ("compress/repetitive_large", {"data": "flask-cookie " * 250, "n": list(range(200))}),
        ("compress/uuid", {"u": uuid.UUID("12345678-1234-5678-1234-567812345678")}),
    ]
    for label, s in sorted(THRESHOLD.items()):
        cases.append((f"compress/threshold_{label}", {"v": s}))
    for name, d in cases:
        session_vector(f"session/{name}", upd(d))

    # Permanent / lifetime / flashes.
    session_vector("session/permanent/alice", upd({"user": "alice"}, permanent=True))
    session_vector("session/permanent/only_flag", upd(permanent=True))
    session_vector("session/permanent/lifetime_3600", upd({"user": "alice"}, permanent=True),
                   config={"PERMANENT_SESSION_LIFETIME": 3600})
    session_vector("session/permanent/lifetime_0", upd({"user": "alice"}, permanent=True),
                   config={"PERMANENT_SESSION_LIFETIME": 0})
    session_vector("session/permanent/lifetime_1y_now_2037", upd({"user": "alice"}, permanent=True),
                   config={"PERMANENT_SESSION_LIFETIME": 366 * 86400}, now=2145916800 - 1)
    session_vector("session/permanent/false", upd({"user": "alice"}, permanent=False))
    session_vector("session/flash/two", upd(flashes=[("Hello", "message"), ("Bad", "error")]))
    session_vector("session/flash/markup", upd(flashes=[(Markup("<b>ok</b>"), "info")], d={"user": "bob"}))
    session_vector("session/flash/permanent", upd({"user": "alice"}, permanent=True,
                                                  flashes=[("Welcome 😀", "message")]))

    # Time: other `now` values.
    for label, now in [("zero", 0), ("one", 1), ("2pow32", 2**32), ("year_2100", 4102444800),
                       ("legacy_epoch", LEGACY_EPOCH), ("2pow31_minus_1", 2**31 - 1)]:
        session_vector(f"session/now/{label}", upd({"user": "alice"}), now=now)
        session_vector(f"session/now/{label}/permanent", upd({"user": "alice"}, permanent=True), now=now)

    # Keys.
    session_vector("session/key/long_100", upd({"user": "alice"}), config={"SECRET_KEY": "k" * 100})
    session_vector("session/key/bytes_range32", upd({"user": "alice"}), config={"SECRET_KEY": bytes(range(32))})
    session_vector("session/key/unicode", upd({"user": "alice"}), config={"SECRET_KEY": "clé-秘密"})
    session_vector("session/key/non_utf8_bytes", upd({"user": "alice"}), config={"SECRET_KEY": b"\xff\xfe\x00key"})
    session_vector("session/key/one_byte", upd({"user": "alice"}), config={"SECRET_KEY": "k"})
    session_vector("session/key/rotation_signs_with_current", upd({"user": "alice"}),
                   config={"SECRET_KEY": "new", "SECRET_KEY_FALLBACKS": ["secret-key", "older"]})
    session_vector("session/key/rotation_three_fallbacks", upd({"user": "alice"}),
                   config={"SECRET_KEY": "cur", "SECRET_KEY_FALLBACKS": ["fb1", "fb2", "fb3"]})

    # Cookie attributes (spec 5.6 / 7.2).
    attrs = [
        ("spec_all", {"SESSION_COOKIE_NAME": "sid", "SESSION_COOKIE_DOMAIN": ".Example.COM:8080",
                      "SESSION_COOKIE_PATH": "/app path;x", "SESSION_COOKIE_SECURE": True,
                      "SESSION_COOKIE_HTTPONLY": False, "SESSION_COOKIE_SAMESITE": "lax",
                      "SESSION_COOKIE_PARTITIONED": True}),
        ("application_root", {"APPLICATION_ROOT": "/root"}),
        ("application_root_overridden_by_path", {"APPLICATION_ROOT": "/root", "SESSION_COOKIE_PATH": "/p"}),
        ("application_root_empty_path", {"APPLICATION_ROOT": "/root", "SESSION_COOKIE_PATH": ""}),
        ("domain_plain", {"SESSION_COOKIE_DOMAIN": "example.com"}),
        ("domain_leading_dot", {"SESSION_COOKIE_DOMAIN": ".example.com"}),
        ("domain_port", {"SESSION_COOKIE_DOMAIN": "localhost:5000"}),
        ("domain_two_dots", {"SESSION_COOKIE_DOMAIN": "..example.com"}),
        ("domain_idna", {"SESSION_COOKIE_DOMAIN": "ÄBC.example"}),
        ("domain_case", {"SESSION_COOKIE_DOMAIN": "Sub.Example.ORG"}),
        ("path_unicode_space", {"SESSION_COOKIE_PATH": "/ü x"}),
        ("path_percent_kept", {"SESSION_COOKIE_PATH": "/a%20b"}),
        ("path_safe_chars", {"SESSION_COOKIE_PATH": "/!$&'()*+,/:=@~-_.x"}),
        ("path_quote_chars", {"SESSION_COOKIE_PATH": "/\"<>#?[]{}|\\^`"}),
        ("secure", {"SESSION_COOKIE_SECURE": True}),
        ("httponly_off", {"SESSION_COOKIE_HTTPONLY": False}),
        ("httponly_off_no_attrs", {"SESSION_COOKIE_HTTPONLY": False, "SESSION_COOKIE_PATH": None}),
        ("samesite_Strict", {"SESSION_COOKIE_SAMESITE": "Strict"}),
        ("samesite_STRICT", {"SESSION_COOKIE_SAMESITE": "STRICT"}),
        ("samesite_lax", {"SESSION_COOKIE_SAMESITE": "lax"}),
        ("samesite_LaX", {"SESSION_COOKIE_SAMESITE": "LaX"}),
        ("samesite_None", {"SESSION_COOKIE_SAMESITE": "None"}),
        ("samesite_none_lower", {"SESSION_COOKIE_SAMESITE": "none"}),
        ("samesite_none_secure", {"SESSION_COOKIE_SAMESITE": "None", "SESSION_COOKIE_SECURE": True}),
        ("partitioned_forces_secure", {"SESSION_COOKIE_PARTITIONED": True}),
        ("partitioned_and_secure", {"SESSION_COOKIE_PARTITIONED": True, "SESSION_COOKIE_SECURE": True}),
        ("cookie_name_sid", {"SESSION_COOKIE_NAME": "sid"}),
        ("cookie_name_host_prefix", {"SESSION_COOKIE_NAME": "__Host-session", "SESSION_COOKIE_SECURE": True}),
        ("everything", {"SESSION_COOKIE_DOMAIN": "example.com", "SESSION_COOKIE_PATH": "/app",
                        "SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_SAMESITE": "Strict",
                        "SESSION_COOKIE_PARTITIONED": True}),
    ]
    for label, cfg in attrs:
        session_vector(f"session/attr/{label}", upd({"user": "alice"}), config=cfg)
        session_vector(f"session/attr/{label}/permanent", upd({"user": "alice"}, permanent=True), config=cfg)

    # Size warning (MAX_COOKIE_SIZE) including the exact 4093/4094 edge.
    rng = random.Random(99)
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    session_vector("session/size/random_4000_below", upd({"data": "".join(rng.choice(alnum) for _ in range(4000))}))
    session_vector("session/size/random_5000_warns", upd({"data": "".join(rng.choice(alnum) for _ in range(5000))}))
    session_vector("session/size/max_cookie_size_0_no_warning",
                   upd({"data": "".join(rng.choice(alnum) for _ in range(5000))}), config={"MAX_COOKIE_SIZE": 0})
    session_vector("session/size/max_cookie_size_100", upd({"user": "alice", "pad": "p" * 60}),
                   config={"MAX_COOKIE_SIZE": 100})
    data = "".join(rng.choice(alnum) for _ in range(3000))
    probe = session_vector("session/size/edge_probe", upd({"data": data}))
    base_len = len(probe["set_cookie"])
    assert base_len < 4093
    for target in (4093, 4094):
        pad = target - base_len
        v = session_vector(f"session/size/header_len_{target}", upd({"data": data}),
                           config={"SESSION_COOKIE_PATH": "/" + "p" * pad})
        assert len(v["set_cookie"]) == target and v["size_warning"] == (target > 4093), v["name"]

    # Deep nesting, in a real request: Flask writes and reads these (its
    # recursion stops at 328 nested lists or 246 nested tuples from a
    # shallow stack; tests/live_flask.rs finds the exact edge live).
    def nested(levels, wrap):
        v = "x"
        for _ in range(levels):
            v = wrap(v)
        return v

    for label, levels, wrap in [
        ("list_300", 300, lambda v: [v]),
        ("dict_300", 300, lambda v: {"k": v}),
        ("tuple_220", 220, lambda v: (v,)),
        ("tag_dict_220", 220, lambda v: {" t": v}),
        ("tuple_in_list_120", 120, lambda v: [(v,)]),
    ]:
        session_vector(f"session/deep/{label}", upd({"a": nested(levels, wrap)}))

    # Refresh: a valid permanent cookie sent, view never touches the session.
    sent = session_vector("session/refresh/source", upd({"user": "alice"}, permanent=True), now=NOW)["cookie"]
    session_vector("session/refresh/untouched_permanent", None, now=NOW + 1000, request_cookie=sent, view="touch")
    sent_fb = session_vector("session/refresh/source_fallback_key", upd({"user": "alice"}, permanent=True),
                             config={"SECRET_KEY": "older"})["cookie"]
    session_vector("session/refresh/fallback_cookie_resigned_with_current", None, now=NOW + 5,
                   request_cookie=sent_fb, view="touch",
                   config={"SECRET_KEY": "new", "SECRET_KEY_FALLBACKS": ["older"]})


def gen_flask_decode():
    alice = session_vector("session/decode_source/alice", upd({"user": "alice"}))["cookie"]
    L = FLASK_DEFAULTS["PERMANENT_SESSION_LIFETIME"]
    decode_vector("decode/ok/alice", alice)
    decode_vector("decode/ok/age_eq_lifetime", alice, now=NOW + L)
    decode_vector("decode/expired/age_lifetime_plus_1", alice, now=NOW + L + 1)
    decode_vector("decode/expired/future_minus_1", alice, now=NOW - 1)
    decode_vector("decode/ok/lifetime_3600_age_3600", alice, config={"PERMANENT_SESSION_LIFETIME": 3600},
                  now=NOW + 3600)
    decode_vector("decode/expired/lifetime_3600_age_3601", alice, config={"PERMANENT_SESSION_LIFETIME": 3600},
                  now=NOW + 3601)
    decode_vector("decode/ok/lifetime_0_same_second", alice, config={"PERMANENT_SESSION_LIFETIME": 0})
    decode_vector("decode/expired/lifetime_0_age_1", alice, config={"PERMANENT_SESSION_LIFETIME": 0}, now=NOW + 1)
    decode_vector("decode/ok/bytes_key_same_as_str", alice, config={"SECRET_KEY": b"secret-key"})
    # Every session vector so far decodes at its own `now`, with its own config.
    for sv in list(SESSIONS):
        cfg = dict(sv["config"])
        cfg["SECRET_KEY"] = bytes.fromhex(cfg["SECRET_KEY"])
        cfg["SECRET_KEY_FALLBACKS"] = [bytes.fromhex(k) for k in cfg["SECRET_KEY_FALLBACKS"]]
        decode_vector("decode/roundtrip/" + sv["name"].removeprefix("session/"), sv["cookie"], config=cfg,
                      now=sv["now"])

    # Tampering.
    head, ts, sig = alice.rsplit(".", 2)
    decode_vector("decode/tampered/payload_eyJ2", alice.replace("eyJ1", "eyJ2", 1))
    decode_vector("decode/tampered/payload_last_char", shift_char(head, len(head) - 1) + "." + ts + "." + sig)
    decode_vector("decode/tampered/ts", head + "." + shift_char(ts, 5) + "." + sig)
    for mname, fn in _sig_position_mutations(sig):
        mutated = head + "." + ts + "." + fn(sig)
        if any(ch in mutated for ch in " ;\"") or not mutated.isascii() or mutated == alice:
            continue  # not representable as a bare Cookie header value
        decode_vector(f"decode/sig/{mname}", mutated)
    decode_vector("decode/sig/spec_eq_anything", alice + "=anything-goes_here")
    decode_vector("decode/sig/spec_tilde_junk", head + "." + ts + "." + sig[:-3] + "~" + sig[-3:])
    decode_vector("decode/sig/spec_eq_prefix", head + "." + ts + ".=" + sig)
    decode_vector("decode/truncated/no_sig", head + "." + ts)
    decode_vector("decode/truncated/trailing_sep", head + "." + ts + ".")
    decode_vector("decode/truncated/payload_only", head)
    decode_vector("decode/truncated/half", alice[: len(alice) // 2])
    decode_vector("decode/garbage/word", "garbage")
    decode_vector("decode/garbage/dots", "..")
    decode_vector("decode/garbage/a_b_c", "a.b.c")
    decode_vector("decode/garbage/empty", "")
    decode_vector("decode/wrong_key", alice, config={"SECRET_KEY": "other-key"})
    with frozen(NOW):
        its_tok = build_serializer([b"secret-key"], DEFAULT_SERIALIZER_SALT, "sha1", "hmac").dumps({"user": "alice"})
    decode_vector("decode/wrong_salt_itsdangerous_default_salt", its_tok)

    # Rotation: signed by SECRET_KEY or by each fallback.
    rot = {"SECRET_KEY": "cur", "SECRET_KEY_FALLBACKS": ["fb1", "fb2", "fb3"]}
    for k in ["cur", "fb1", "fb2", "fb3"]:
        ck = session_vector(f"session/decode_source/rotation_{k}", upd({"user": "alice", "k": k}),
                            config={"SECRET_KEY": k})["cookie"]
        decode_vector(f"decode/rotation/signed_by_{k}", ck, config=rot)
    ck = session_vector("session/decode_source/rotation_retired", upd({"user": "alice"}),
                        config={"SECRET_KEY": "retired"})["cookie"]
    decode_vector("decode/rotation/signed_by_retired_key", ck, config=rot)
    decode_vector("decode/rotation/signed_by_fb1_expired", session_vector(
        "session/decode_source/rotation_fb1_old", upd({"user": "alice"}), config={"SECRET_KEY": "fb1"},
        now=NOW - L - 1)["cookie"], config=rot)
    decode_vector("decode/rotation/spec_secret_key_as_fallback", alice,
                  config={"SECRET_KEY": "new", "SECRET_KEY_FALLBACKS": ["secret-key", "older"]})

    # Validly signed but bad payloads.
    def tagged(js: str) -> bytes:
        return base64_encode(js.encode())

    crafted = [
        ("bad_tag_t_int", tagged('{" t":5}')),
        ("bad_tag_nested_t_int", tagged('{"x":{" t":5}}')),
        ("bad_tag_u_zz", tagged('{"x":{" u":"zz"}}')),
        ("bad_tag_u_zz_top_level", tagged('{" u":"zz"}')),
        ("bad_tag_b_urlsafe", tagged('{"x":{" b":"AP-_"}}')),
        ("tag_b_junk_dropped", tagged('{"x":{" b":"AP!v/"}}')),
        ("tag_d_garbage_is_none", tagged('{"x":{" d":"garbage"}}')),
        ("tag_d_numeric_offset", tagged('{"x":{" d":"Thu, 29 Feb 2024 11:45:30 +0200"}}')),
        ("tag_d_no_zone", tagged('{"x":{" d":"Thu, 29 Feb 2024 11:45:30"}}')),
        # parse_date lets OverflowError through (a field past a C int, an offset past
        # timedelta's range): BadPayload, a 500. Their neighbours are None.
        ("tag_d_year_past_c_int", tagged('{"x":{" d":"1 Jan 2147483648 00:00:00 GMT"}}')),
        ("tag_d_year_at_c_int_is_none", tagged('{"x":{" d":"1 Jan 2147483647 00:00:00 GMT"}}')),
        ("tag_d_second_past_i64", tagged('{"x":{" d":"1 Jan 2000 00:00:99999999999999999999"}}')),
        ("tag_d_offset_past_timedelta", tagged('{"x":{" d":"1 Jan 2000 00:00:00 +2400000000000"}}')),
        ("tag_d_offset_below_timedelta", tagged('{"x":{" d":"1 Jan 2000 00:00:00 -2399999997601"}}')),
        ("tag_d_offset_past_24h_is_none", tagged('{"x":{" d":"1 Jan 2000 00:00:00 -2399999997600"}}')),
        ("tag_d_zone_error_before_year_overflow", tagged('{"x":{" d":"1 Jan 2147483648 00:00:00 +9999"}}')),
        ("tag_u_braces", tagged('{"x":{" u":"{12345678-1234-5678-1234-567812345678}"}}')),
        ("tag_u_urn", tagged('{"x":{" u":"urn:uuid:12345678-1234-5678-1234-567812345678"}}')),
        ("tag_u_upper", tagged('{"x":{" u":"12345678123456781234567812345ABC"}}')),
        ("tag_di_suffix_unchecked", tagged('{"x":{" di":{"ab":1}}}')),
        ("tag_di_two_keys", tagged('{"x":{" di":{"ab":1,"cd":2}}}')),
        ("tag_unknown_z", tagged('{"x":{" z":1}}')),
        ("tag_t_of_bytes", tagged('{"x":{" t":[{" b":"QQ=="}]}}')),
        ("tag_m", tagged('{"x":{" m":"<b>"}}')),
        # Markup(value) of a scalar is str(value), as Python writes it.
        ("tag_m_int", tagged('{"a":{" m":5}}')),
        ("tag_m_null", tagged('{"a":{" m":null}}')),
        ("tag_m_true", tagged('{"a":{" m":true}}')),
        ("tag_m_false", tagged('{"a":{" m":false}}')),
        ("tag_m_neg_zero_int", tagged('{"a":{" m":-0}}')),
        ("tag_m_bigint", tagged('{"a":{" m":-123456789012345678901234567890}}')),
        ("tag_m_float", tagged('{"a":{" m":1.5}}')),
        ("tag_m_neg_zero_float", tagged('{"a":{" m":-0.0}}')),
        ("tag_m_1e16", tagged('{"a":{" m":1e16}}')),
        ("tag_m_1e-5", tagged('{"a":{" m":0.00001}}')),
        ("tag_m_nan_inf", tagged('{"a":{" m":NaN},"b":{" m":-Infinity},"c":{" m":1e400}}')),
        ("tag_m_in_tuple", tagged('{"a":{" t":[{" m":2},{" m":"x"}]}}')),
        # Accepted by Flask, which never emits them; rejected here (README,
        # "Where we are stricter than Python"; FLASK_DIVERGENCES in tests/common/mod.rs).
        ("dup_key_overwrites_bad_b", tagged('{"a":{" b":5},"a":1}')),
        ("dup_key_overwrites_bad_t_in_list", tagged('{"a":[{" t":null}],"a":2}')),
        ("tag_t_of_dict_dup_key_bad_b", tagged('{"a":{" t":{"b":{" b":5},"a":2,"b":3}}}')),
        ("tag_u_plus_sign", tagged('{"a":{" u":"+' + "0" * 31 + '"}}')),
        ("tag_u_whitespace", tagged('{"a":{" u":" ' + "0" * 31 + '"}}')),
        ("tag_u_0x_prefix", tagged('{"a":{" u":"0x' + "a" * 30 + '"}}')),
        ("tag_u_underscore", tagged('{"a":{" u":"0_' + "0" * 30 + '"}}')),
        ("tag_u_arabic_indic_digits", tagged('{"a":{" u":"' + "\u0660" * 32 + '"}}')),
        ("tag_m_list", tagged('{"a":{" m":[1,"x"]}}')),
        ("tag_m_dict", tagged('{"a":{" m":{"b":1}}}')),
        ("tag_m_tuple", tagged('{"a":{" m":{" t":[1]}}}')),
        ("top_level_list", tagged("[1,2]")),
        ("top_level_string", tagged('"ab"')),
        ("top_level_null", tagged("null")),
        ("top_level_pairs", tagged('[["a","b"]]')),
        ("top_level_tuple_tag", tagged('{" t":[1]}')),
        ("top_level_int", tagged("5")),
        ("empty_object", tagged("{}")),
        ("json_nan", tagged('{"a":NaN,"b":Infinity,"c":-Infinity}')),
        ("json_duplicate_keys", tagged('{"a":1,"a":2}')),
        ("json_1e400", tagged('{"x":1e400}')),
        ("json_neg_zero_int", tagged('{"x":-0}')),
        ("json_lone_surrogate", tagged('{"x":"\\ud800"}')),
        ("json_int_4301_digits", tagged('{"x":' + "9" * 4301 + "}")),
        ("json_whitespace", tagged(' {"a" : 1} ')),
        ("json_raw_utf8", base64_encode('{"a":"é"}'.encode())),
        ("bad_json", tagged("{bad json")),
        ("non_utf8", base64_encode(b"\xff\xfe")),
        ("bad_base64", b"Q"),
        ("bad_zlib", b".QUJD"),
        ("zlib_trailing", b"." + base64_encode(zlib.compress(b'{"a":1}') + b"trailing")),
        ("zlib_level9", b"." + base64_encode(zlib.compress(b'{"a":1}', 9))),
        ("double_dot", b".." + base64_encode(zlib.compress(b'{"a":1}'))),
        ("zlib_truncated", b"." + base64_encode(zlib.compress(b'{"a":1}')[:-2])),
        ("empty_payload", b""),
        # Python's lenient base64 stops at the `=` that completes a group:
        # Flask reads bob. (The command line once took `...=` for `name=`.)
        ("padding_then_other_json", tagged('{"user":"bob"}') + b"=" + tagged('{"user":"admin"}')),
    ]
    crafted += [(f"tag_u_spelling_{i:02}", tagged(json.dumps({"x": {" u": u}})))
                for i, u in enumerate(UUID_SPELLINGS)]
    for label, payload in crafted:
        decode_vector(f"decode/payload/{label}", sign_flask(payload))
    # Timestamps.
    body = tagged('{"user":"alice"}').decode()
    plain = flask_serializer(make_app(full_config())).make_signer()
    for label, ts in [("empty_ts", ""), ("ts_9_bytes", b64(b"\x00" + NOW.to_bytes(8, "big"))),
                      ("ts_1_char", "Q"), ("leading_zero_ts", b64(b"\x00" + NOW.to_bytes(4, "big"))),
                      ("ts_2pow62", b64((2**62).to_bytes(8, "big")))]:
        tok = Signer.sign(plain, f"{body}.{ts}".encode()).decode()
        decode_vector(f"decode/ts/{label}", tok)
    decode_vector("decode/ts/missing", Signer.sign(plain, body.encode()).decode())
    decode_vector("decode/ts/2pow62_bad_sig", f"{body}.{b64((2**62).to_bytes(8, 'big'))}.AAAA")


def gen_flask_deletion():
    cfgs = [
        ("default", {}),
        ("spec_all", {"SESSION_COOKIE_SAMESITE": "Strict", "SESSION_COOKIE_SECURE": True,
                      "SESSION_COOKIE_PARTITIONED": True, "SESSION_COOKIE_DOMAIN": "example.com"}),
        ("httponly_off", {"SESSION_COOKIE_HTTPONLY": False}),
        ("path", {"SESSION_COOKIE_PATH": "/app path"}),
        ("application_root", {"APPLICATION_ROOT": "/root"}),
        ("name_sid", {"SESSION_COOKIE_NAME": "sid"}),
        ("samesite_none", {"SESSION_COOKIE_SAMESITE": "none"}),
        ("partitioned_only", {"SESSION_COOKIE_PARTITIONED": True}),
        ("domain_port_dot", {"SESSION_COOKIE_DOMAIN": ".Example.COM:8080"}),
        ("permanent_lifetime", {"PERMANENT_SESSION_LIFETIME": 3600}),
    ]
    for label, cfg in cfgs:
        for with_cookie in (False, True):
            name = _unique(f"deletion/{label}" + ("/cookie_sent" if with_cookie else ""))
            c = full_config(cfg)
            app = make_app(c)
            hdr = None
            if with_cookie:
                with frozen(NOW), app.app_context():
                    val = flask_serializer(app).dumps({"user": "alice"})
                hdr = f"{c['SESSION_COOKIE_NAME']}={val}"
            resp, _ = request(app, "/clear", NOW, hdr)
            scs = resp.headers.getlist("Set-Cookie")
            assert len(scs) == 1, scs
            DELETION.append({"name": name, "config": config_json(c), "set_cookie": scs[0],
                             "vary": resp.headers.get("Vary")})


def gen_cookie_header():
    good = "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck"
    cases = [
        ("plain", f"session={good}", "session"),
        ("quoted", f'session="{good}"', "session"),
        ("first_wins", f"session=bad; session={good}", "session"),
        ("first_wins_good_first", f"session={good}; session=bad", "session"),
        ("whitespace_trimmed", f"other=1;session = {good} ;x=2", "session"),
        ("case_sensitive_name", f"SESSION={good}", "session"),
        ("empty_header", "", "session"),
        ("empty_value", "session=", "session"),
        ("no_equals", "session", "session"),
        ("no_equals_then_real", f"session; session={good}", "session"),
        ("value_with_equals", "session=a=b==", "session"),
        ("quoted_octal", 'session="a\\073b\\054c"', "session"),
        ("quoted_escaped_quote", 'session="a\\"b"', "session"),
        ("quoted_backslash", 'session="a\\\\b"', "session"),
        ("quoted_utf8_octal", 'session="\\303\\251"', "session"),
        ("quoted_invalid_utf8_octal", 'session="\\377"', "session"),
        ("quoted_semicolon_other", f'x="a;b"; session={good}', "session"),
        ("unterminated_quote", 'session="abc', "session"),
        ("single_quote_char", 'session="', "session"),
        ("leading_space", f"   session={good}", "session"),
        ("trailing_semicolon", f"session={good};", "session"),
        ("tab_whitespace", f"a=1;\tsession=\t{good}\t", "session"),
        ("prefix_name", f"sessionx=1; session={good}", "session"),
        ("suffix_name", f"xsession=1; session={good}", "session"),
        ("comma_not_separator", f"session={good}, other=2", "session"),
        ("non_ascii_value", "session=é😀", "session"),
        ("non_ascii_name", "sé=1; session=v", "sé"),
        ("other_name_sid", f"session=x; sid={good}", "sid"),
        ("missing", "a=1; b=2", "session"),
        ("spaces_inside_value", "session=a b c", "session"),
        ("double_semicolon", f";;session={good};;", "session"),
        ("empty_name_pair", f"=x; session={good}", "session"),
        ("dollar_attr", f"$Version=1; session={good}; $Path=/", "session"),
        ("quoted_empty", 'session=""', "session"),
    ]
    # Raw header bytes that are not UTF-8 text, read by a WSGI server as
    # latin-1: `\xa0` and `\x85` are whitespace to Python's str.strip().
    raw_cases = [
        ("raw/nbsp_after_value", f"session={good}".encode() + b"\xa0", "session"),
        ("raw/nel_after_value", f"session={good}".encode() + b"\x85", "session"),
        ("raw/nbsp_after_name", b"session\xa0=" + good.encode(), "session"),
        ("raw/nbsp_before_name", b"a=1;\xa0session=" + good.encode(), "session"),
        ("raw/nbsp_before_value", b"session=\xa0" + good.encode(), "session"),
        ("raw/latin1_byte_value", b"session=\xff", "session"),
        ("raw/invalid_utf8_other_cookie", b"x=\xff\xfe; session=" + good.encode(), "session"),
        ("raw/invalid_utf8_other_cookie_value", b"x=\xff\xfe; session=" + good.encode(), "x"),
        ("raw/quoted_latin1_and_octal", b'session="a\xe9\\054b"', "session"),
        ("raw/latin1_name", b"s\xe9=1; session=v", "s\xe9"),
        ("raw/utf8_name_read_as_latin1", "sé=1".encode(), "s\xc3\xa9"),
    ]
    app = Flask("flask_cookie_gen_cookie_header")

    @app.route("/cookie")
    def cookie_view():
        from flask import request as rq

        return json.dumps(rq.cookies.get(rq.args["name"]))

    for label, header, cname in cases:
        name = _unique(f"cookie_header/{label}")
        # A WSGI server hands the raw header bytes over latin-1 decoded (PEP 3333);
        # `header` here is text whose UTF-8 encoding is the raw header.
        latin = header.encode("utf-8").decode("latin-1")
        found = werkzeug.sansio.http.parse_cookie(latin).get(cname)
        resp = app.test_client(use_cookies=False).get(
            "/cookie", query_string={"name": cname}, environ_overrides={"HTTP_COOKIE": latin} if header else {})
        assert json.loads(resp.get_data(as_text=True)) == found, (label, found)
        v = {"name": name, "header": header, "cookie_name": cname, "found": found}
        if found is not None and not found.isascii():
            # What itsdangerous actually verifies: want_bytes(found) (UTF-8 of the latin-1 text).
            v["found_utf8_hex"] = found.encode("utf-8").hex()
        other = werkzeug.http.parse_cookie(latin).get(cname)
        if other != found:
            v["werkzeug_http_parse_cookie_found"] = other
        COOKIE_HEADER.append(v)
    for label, raw, cname in raw_cases:
        name = _unique(f"cookie_header/{label}")
        latin = raw.decode("latin-1")
        found = werkzeug.sansio.http.parse_cookie(latin).get(cname)
        resp = app.test_client(use_cookies=False).get(
            "/cookie", query_string={"name": cname}, environ_overrides={"HTTP_COOKIE": latin})
        assert json.loads(resp.get_data(as_text=True)) == found, (label, found)
        COOKIE_HEADER.append({"name": name, "header_hex": raw.hex(), "cookie_name": cname, "found": found})


# ---------------------------------------------------------------------------
# Spec literal checks
# ---------------------------------------------------------------------------


def by_name(lst, name):
    for v in lst:
        if v["name"] == name:
            return v
    raise KeyError(name)


def check_spec_literals():
    S = lambda n: by_name(SIGNER, n)["token"]  # noqa: E731
    assert S("signer/spec/concat") == "value.BWFI7CwV-UtaizSlDrdXTgFEycw"
    assert S("signer/spec/django-concat") == "value.RI9crmxKpuX1wTw2mg_FHFGXRic"
    assert S("signer/spec/hmac") == "value.amDFTaW4_4Q4S4WgCg8gPnw99dU"
    assert S("signer/spec/none") == "value.KR0bPVhdBT1d8GpHRrZeO1VF_ew"
    assert S("signer/spec/my_string") == "my string.wh6tMHxLgJqB6oY1uT73iMlyrOA"
    assert S("signer/spec/sha256") == "value.ajl-3HWEYMXc5RYUTV4APYjk3dezhO-G1t8ZyKKyjl0"
    assert S("signer/spec/sep_tilde") == "v~2JukJbdKiJ0MywoHcbEm2OQg0dM"
    assert S("signer/spec/sep_ac") == "vac2JukJbdKiJ0MywoHcbEm2OQg0dM"
    assert S("signer/none_alg/sign") == "value."
    assert S("timestamp/spec/value") == "value.ZVPxAA.P9Grfsn5n1eHqbiYrPP0fn7INiw"
    F = lambda n: by_name(SESSIONS, n)  # noqa: E731
    alice = F("session/basic/alice")
    assert alice["cookie"] == "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck"
    assert alice["set_cookie"] == "session=eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck; HttpOnly; Path=/"
    assert F("session/tag/tuple")["cookie"].endswith("TyAFvBJ_rHqaF_uhRXHnQYKICzU")
    assert F("session/tag/bytes")["cookie"].endswith("7S9nNeWC7mk1Z-56EvB18TKWXaU")
    assert F("session/tag/markup")["cookie"].endswith("T7q5qglqT8d32NQ-5JHpjkBsZEc")
    assert F("session/tag/uuid")["cookie"] == ".eJyrVipVsqpWUgCSSoZGxiamZuYWuGil2loABOwKyw.ZVPxAA.Y08cc4eDZZx7dXroCNTPzDRC5WI"
    assert F("session/tag/datetime_both")["cookie"].endswith("bjP-75GrNpbxy5OeqjS2yZIvfY8")
    assert F("session/di/spec_tagdict")["cookie"].endswith("egqlhEcakAusIu-y4geMgi55WFI")
    assert F("session/di/top_t")["cookie"].endswith("wbGDY5ta1l1yze4TQqdr1hthWGI")
    assert F("session/tag/nested")["cookie"].endswith("yDe_kBBgcLFvUK4sa4MpSq3MZw8")
    assert F("session/permanent/alice")["set_cookie"] == (
        "session=eyJfcGVybWFuZW50Ijp0cnVlLCJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uEyRDqpPZ_yCZzlYQ5jLzcYbudM; "
        "Expires=Fri, 15 Dec 2023 22:13:20 GMT; HttpOnly; Path=/")
    assert F("session/permanent/lifetime_3600")["set_cookie"].split("; ")[1] == "Expires=Tue, 14 Nov 2023 23:13:20 GMT"
    assert F("session/compress/spec_big")["cookie"] == ".eJyrVkpJLElUslKqGCZAqRYAvzhhFQ.ZVPxAA.X-CISSPTqIe83VZdVI4KOxaqLZw"
    assert F("session/permanent/false")["cookie"].endswith("NfKKwyQdpmf3KD_YqYx2BnbwJoI")
    assert F("session/flash/two")["cookie"].endswith("bj56bHimHc1d5Vk9DhXkHmvns6o")
    assert F("session/str/unicode_name")["cookie"] == "eyJuYW1lIjoiWm9cdTAwZWIgXHVkODNkXHVkZTAwIn0.ZVPxAA.7aR3yj4KcUouBoemYKV9QwgWkME"
    assert F("session/int/bool_and_null")["cookie"].endswith("PITCqZCPquUsrTPu-Dii5TaK8CU")
    assert F("session/key/long_100")["cookie"].endswith("Lq1liUvybfWqzgwL73_3kzzpOH0")
    assert F("session/key/bytes_range32")["cookie"].endswith("h7A0Y56-L0efQhEYzoiV97s4mU0")
    assert F("session/key/unicode")["cookie"].endswith("bP3D4NfwfsBpk_rne3BPyO4S1ds")
    assert F("session/key/rotation_signs_with_current")["cookie"].endswith("qgtKmBigaS1lToTPEFn7eXtNMWk")
    assert F("session/attr/spec_all")["set_cookie"] == (
        "sid=eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.uUhuIpOZ_RbBZ4ImWrqwftflJck; Domain=Example.COM; Secure; "
        "Path=/app%20path%3Bx; SameSite=Lax; Partitioned")
    assert F("session/attr/application_root")["set_cookie"].endswith("; HttpOnly; Path=/root")
    assert F("session/str/ctrl")["session_json"] == (
        '{"str_ctrl":"a\\"b\\\\c/d\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\\u007f\\u0080\\u00e9\\u2028\\u2029'
        '\\ufeff\\uffff"}')
    assert F("session/str/key_order")["session_json"] == (
        '{"keys":{"":9," ":8,"B":3,"_":7,"a":2,"aa":10,"b":1,"\\u00e9":4,"\\uff5e":6,"\\ud83d\\ude00":5}}')
    assert F("session/float/nan")["session_json"] == '{"nan":NaN}'
    assert F("session/int/keys_numeric")["session_json"] == '{"d":{"2":"c","9":"b","10":"a"}}'
    D = lambda n: by_name(DELETION, n)["set_cookie"]  # noqa: E731
    assert D("deletion/default") == "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/"
    assert D("deletion/spec_all/cookie_sent") == (
        "session=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; "
        "Path=/; SameSite=Strict; Partitioned")
    Z = lambda n: by_name(SERIALIZER, n)["token"]  # noqa: E731
    assert Z("serializer/compress/spec_k_a100").startswith(".eJyrVspWslJKpANQqgUAaH8oCg.ZVPxAA.")
    assert Z("serializer/payload/simple") == "eyJ1c2VyIjoiYWxpY2UifQ.ZVPxAA.qpbXpi-iyIjj2rTmgTMaB3pH1yE"
    sg = {v["name"]: v for v in SIGNER}
    # Spec 2.8: for SHA-1 junk inserted into the signature, Python accepts iff (27 + k) % 4 != 0.
    assert sg["signer/fail/default_sha1/sig/junk_bang_middle"]["expect"] == "bad_signature"
    assert sg["signer/fail/default_sha1/sig/junk_bangbang_middle"]["expect"] == "ok"
    assert sg["signer/fail/default_sha1/sig/append_eqeq"]["expect"] == "ok"
    assert sg["signer/fail/default_sha1/sig/append_eqeq"]["strict_expect"] == "bad_signature"
    dc = {v["name"]: v for v in DECODE}
    assert dc["decode/sig/spec_eq_anything"]["expect"] == "ok"
    assert dc["decode/sig/spec_tilde_junk"]["expect"] == "bad_time_signature"
    assert dc["decode/ok/age_eq_lifetime"]["expect"] == "ok"
    assert dc["decode/expired/age_lifetime_plus_1"]["expect"] == "expired"


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def versions() -> dict:
    v = lambda p: importlib.metadata.version(p)  # noqa: E731
    return {
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "itsdangerous": v("itsdangerous"),
        "flask": v("flask"),
        "werkzeug": v("werkzeug"),
        "markupsafe": v("markupsafe"),
        "zlib_version": zlib.ZLIB_VERSION,
        "zlib_runtime_version": zlib.ZLIB_RUNTIME_VERSION,
        "platform": platform.platform(),
        "frozen_now_default": NOW,
    }


def dump(obj) -> str:
    return json.dumps(obj, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def generate() -> dict[str, str]:
    gen_signer_literals()
    gen_signer_matrix()
    gen_separators()
    gen_rotation()
    gen_none_algorithm()
    gen_must_fail()
    gen_legacy()
    gen_serializer()
    gen_untimed()
    gen_flask_sessions()
    gen_flask_decode()
    gen_flask_deletion()
    gen_cookie_header()
    check_spec_literals()
    ver = versions()
    its = {"generator": GENERATOR, "versions": ver, "signer": SIGNER, "serializer": SERIALIZER,
           "untimed_serializer": UNTIMED}
    fl = {"generator": GENERATOR, "versions": ver, "sessions": SESSIONS, "decode": DECODE,
          "deletion": DELETION, "cookie_header": COOKIE_HEADER}
    return {"itsdangerous.json": dump(its), "flask.json": dump(fl)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args()
    files = generate()
    rc = 0
    for fname, text in files.items():
        path = args.out / fname
        if args.check:
            old = path.read_text(encoding="utf-8") if path.exists() else None
            if old != text:
                print(f"{path}: differs from a fresh generation", file=sys.stderr)
                rc = 1
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    counts = {
        "signer": len(SIGNER), "serializer": len(SERIALIZER), "untimed_serializer": len(UNTIMED),
        "sessions": len(SESSIONS),
        "decode": len(DECODE), "deletion": len(DELETION), "cookie_header": len(COOKIE_HEADER),
    }
    print(json.dumps(counts))
    return rc


if __name__ == "__main__":
    sys.exit(main())
