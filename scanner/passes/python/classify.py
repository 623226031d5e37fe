"""From the possible values of credential arguments to one verdict per call."""

from __future__ import annotations

import enum
import re

from scanner import keyshape
from scanner.passes.python.signatures import TOKEN
from scanner.passes.python.values import TEXT_PROVENANCES, Provenance, Value

# Session tokens are long base64 blobs; a literal one is as leaked as a key.
_TOKEN_RE = re.compile(r"\A[A-Za-z0-9/+=]{100,}\Z")
_SECRET_ALPHABET_RE = re.compile(r"\A[A-Za-z0-9/+]{20,40}\Z")


# An optional parameter that defaults to None is not harmless: it is a path by which static
# keys reach the SDK, and it has to go before the workload can rely on its role alone.
_HARMLESS = frozenset({Provenance.NONE, Provenance.TEMPORARY})


class Verdict(enum.IntEnum):
    NOTHING = 0
    EXPLICIT = 1
    HARDCODED = 2


def is_leaked_literal(text: str, role: str, extra: frozenset[str]) -> bool:
    """A key-shaped literal: a real-looking key id, secret or session token."""
    if keyshape.is_reportable_key_id(text, extra) or keyshape.is_reportable_secret(text, extra):
        return True
    return (
        role == TOKEN
        and _TOKEN_RE.match(text) is not None
        and not keyshape.is_placeholder(text, extra)
    )


def is_documented_example_key(text: str) -> bool:
    """AKIAIOSFODNN7EXAMPLE and its secret: not a leak, still the static-key pattern."""
    if not keyshape.is_documented_example(text):
        return False
    return keyshape.KEY_ID_RE.search(text) is not None or (
        _SECRET_ALPHABET_RE.match(text) is not None
    )


def value_verdict(value: Value, role: str, extra: frozenset[str]) -> Verdict:
    if value.provenance in _HARMLESS:
        return Verdict.NOTHING
    if value.provenance not in TEXT_PROVENANCES:
        return Verdict.EXPLICIT
    text = value.text or ""
    if is_leaked_literal(text, role, extra):
        return Verdict.HARDCODED
    if is_documented_example_key(text):
        return Verdict.EXPLICIT
    if value.provenance is Provenance.LITERAL:
        # None, "", placeholders, emulator dummies and words that cannot be keys.
        return Verdict.NOTHING
    # A harmless fallback or default still means the real key arrives at run time.
    return Verdict.EXPLICIT


def deciding_provenance(value: Value, extra: frozenset[str]) -> str:
    """The provenance label shown to users; a documented example gets its own."""
    text = value.text or ""
    if value.provenance is Provenance.LITERAL and is_documented_example_key(text):
        return "documented-example"
    return value.provenance.value


def is_key_shaped(text: str) -> bool:
    return keyshape.is_key_id(text) or keyshape.is_secret_shaped(text)
