"""Keys hidden behind base64: Kubernetes `Secret` data maps and other base64 strings.

Decoded text is scanned with the plain detectors; every candidate found in it is moved to
the span of the encoded value, so the finding points at the line the user can see.
Escaped characters (percent-encoding, JSON's `\\/`) are read by `escapes`, for every
detector, and are delimiters where key ids are found (keyids.py).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator

from scanner.passes.keys.candidate import Candidate
from scanner.passes.keys.prefilter import BASE64_MARKER_PATTERNS, has_base64_marker

PlainScan = Callable[[str], Iterable[Candidate]]

_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_")
# How far around a marker a base64 token is decoded: enough for a key id and the secret
# that usually follows it, bounded so a megabyte blob costs no more than a short string.
_BEFORE = 64
_AFTER = 512
_MIN_TOKEN = 28  # base64 of a 20-character key id
_TOKEN_TAIL = re.compile(r"[A-Za-z0-9+/_\-]*={0,2}")

_DATA_BLOCK = re.compile(r"^([ \t]{0,16})data:[ \t]{0,8}$", re.MULTILINE)
_DATA_ENTRY = re.compile(
    r"([ \t]{1,32})[\"']?([A-Za-z0-9_.\-]{1,253})[\"']?:[ \t]{0,8}[\"']?([A-Za-z0-9+/]{8,}={0,2})"
    r"[\"']?[ \t]{0,8}$"
)


def find_encoded(text: str, plain_scan: PlainScan) -> Iterator[Candidate]:
    yield from _kubernetes_data(text, plain_scan)
    yield from _marked_base64(text, plain_scan)


def _kubernetes_data(text: str, plain_scan: PlainScan) -> Iterator[Candidate]:
    if not _is_kubernetes_secret(text):
        return
    for block in _DATA_BLOCK.finditer(text):
        indent = len(block.group(1))
        pos = block.end() + 1
        while pos < len(text):
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end < 0 else line_end
            entry = _DATA_ENTRY.fullmatch(text, pos, line_end)
            if entry is None or len(entry.group(1)) <= indent:
                break
            decoded = _decode(entry.group(3))
            if decoded is not None:
                # The entry's name travels with its value: `AWS_SECRET_ACCESS_KEY: <b64>`.
                found = plain_scan(f"{entry.group(2)}={decoded}")
                yield from _moved(found, entry.start(3), entry.end(3))
            pos = line_end + 1


def _is_kubernetes_secret(text: str) -> bool:
    # A literal search for "kind:" then a check at each hit: a MULTILINE `^kind:` regex
    # costs ~45 ms per MB because it tries every line start.
    pos = text.find("kind:")
    while pos >= 0:
        if (pos == 0 or text[pos - 1] == "\n") and _names_secret(text[pos + 5 : pos + 24]):
            return True
        pos = text.find("kind:", pos + 5)
    return False


def _names_secret(kind: str) -> bool:
    word = kind.split("\n", 1)[0].strip().strip("\"'")
    return word == "Secret"


def _marked_base64(text: str, plain_scan: PlainScan) -> Iterator[Candidate]:
    if not has_base64_marker(text):
        return  # most files the pass reads hold a secret name, not base64
    hits = sorted(
        match.start() for pattern in BASE64_MARKER_PATTERNS for match in pattern.finditer(text)
    )
    token = (-1, -1)
    covered = -1
    for hit in hits:
        # A window already decoded holds this hit with room for a whole key id after it.
        if hit + _MIN_TOKEN <= covered:
            continue
        if not token[0] <= hit < token[1]:
            token = _token_around(text, hit)
        if token[1] - token[0] < _MIN_TOKEN:
            continue
        span = _window(token, hit)
        covered = span[1]
        decoded = _decode(text[span[0] : span[1]])
        if decoded is not None:
            yield from _moved(plain_scan(decoded), *span)


def _token_around(text: str, hit: int) -> tuple[int, int]:
    """The base64 token holding `hit`; found once per token, so a long blob costs O(n)."""
    start = hit
    # Padding only ends a token, so a "=" on the left belongs to what came before (`x=...`).
    while start > 0 and text[start - 1] in _B64_CHARS and text[start - 1] != "=":
        start -= 1
    match = _TOKEN_TAIL.match(text, hit)
    return start, match.end() if match else hit


def _window(token: tuple[int, int], hit: int) -> tuple[int, int]:
    """The part of the token around `hit` to decode, in whole 4-character groups counted
    from the token's start."""
    start, end = token
    begin = start + max(0, (hit - start - _BEFORE) // 4 * 4)
    return begin, min(end, begin + _BEFORE + _AFTER)


def _decode(encoded: str) -> str | None:
    body = encoded.rstrip("=")
    if len(body) % 4 == 1:
        # A window cut mid-group: the stray character carries no whole byte.
        body = body[:-1]
    padded = body + "=" * (-len(body) % 4)
    altchars = b"-_" if ("-" in body or "_" in body) else None
    try:
        raw = base64.b64decode(padded, altchars=altchars, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw.decode("latin-1")


def _moved(found: Iterable[Candidate], start: int, end: int) -> Iterator[Candidate]:
    for candidate in found:
        yield dataclasses.replace(
            candidate, start=start, end=end, encoding=candidate.encoding or "base64"
        )
