"""The strict base64 model, shared by tests/gen/gen_vectors.py and
tests/py/oracle.py: itsdangerous with its lenient `base64_decode` replaced by
one that takes only the canonical unpadded base64url itsdangerous writes
(what flask-cookie accepts by default).
"""

from __future__ import annotations

import base64
import contextlib
import re

import itsdangerous.signer
import itsdangerous.timed
import itsdangerous.url_safe
from itsdangerous import BadData

LENIENT_BASE64_DECODE = itsdangerous.signer.base64_decode
_MODULES = (itsdangerous.signer, itsdangerous.timed, itsdangerous.url_safe)
_STRICT_RE = re.compile(rb"[A-Za-z0-9_-]*")


def strict_base64_decode(string: str | bytes) -> bytes:
    if isinstance(string, str):
        try:
            string = string.encode("ascii")
        except UnicodeEncodeError as e:
            raise BadData("Invalid base64-encoded data (strict)") from e
    if not _STRICT_RE.fullmatch(string) or len(string) % 4 == 1:
        raise BadData("Invalid base64-encoded data (strict)")
    out = base64.urlsafe_b64decode(string + b"=" * (-len(string) % 4))
    if base64.urlsafe_b64encode(out).rstrip(b"=") != string:
        raise BadData("Invalid base64-encoded data (strict: non-zero trailing bits)")
    return out


@contextlib.contextmanager
def strict_base64(enabled: bool = True):
    """Within the block, itsdangerous decodes base64 strictly (when `enabled`)."""
    if not enabled:
        yield
        return
    for m in _MODULES:
        m.base64_decode = strict_base64_decode
    try:
        yield
    finally:
        for m in _MODULES:
            m.base64_decode = LENIENT_BASE64_DECODE
