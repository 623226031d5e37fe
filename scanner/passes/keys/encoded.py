"""Keys hidden behind base64: Kubernetes `Secret` data maps and other base64 strings.

Decoded text is scanned with the plain detectors; every candidate found in it is moved to
the span of the encoded value, so the finding points at the line the user can see.
Percent-encoding is handled where values are read (values.py) and where key ids are
delimited (keyids.py).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator

from scanner.passes.keys.candidate import Candidate
from scanner.passes.keys.prefilter import BASE64_PREFIX_MARKERS

PlainScan = Callable[[str], Iterable[Candidate]]

_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_")
# How far around a marker a base64 token is decoded: enough for a key id and the secret
# that usually follows it, bounded so a megabyte blob costs no more than a short string.
_BEFORE = 64
_AFTER = 512
_MIN_TOKEN = 28  # base64 of a 20-character key id

_K8S_SECRET = re.compile(r"^kind:[ \t]{0,8}[\"']?Secret\b", re.MULTILINE)
_DATA_BLOCK = re.compile(r"^([ \t]{0,16})data:[ \t]{0,8}$", re.MULTILINE)
_DATA_ENTRY = re.compile(
    r"([ \t]{1,32})[\"']?([A-Za-z0-9_.\-]{1,253})[\"']?:[ \t]{0,8}[\"']?([A-Za-z0-9+/]{8,}={0,2})"
    r"[\"']?[ \t]{0,8}$"
)


def find_encoded(text: str, plain_scan: PlainScan) -> Iterator[Candidate]:
    yield from _kubernetes_data(text, plain_scan)
    yield from _marked_base64(text, plain_scan)


def _kubernetes_data(text: str, plain_scan: PlainScan) -> Iterator[Candidate]:
    if "Secret" not in text or _K8S_SECRET.search(text) is None:
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


def _marked_base64(text: str, plain_scan: PlainScan) -> Iterator[Candidate]:
    seen: set[tuple[int, int]] = set()
    for marker in BASE64_PREFIX_MARKERS:
        hit = text.find(marker)
        while hit >= 0:
            span = _token_window(text, hit)
            if span is not None and span not in seen:
                seen.add(span)
                decoded = _decode(text[span[0] : span[1]])
                if decoded is not None:
                    yield from _moved(plain_scan(decoded), *span)
            hit = text.find(marker, hit + 1)


def _token_window(text: str, hit: int) -> tuple[int, int] | None:
    """The part of the base64 token around `hit` to decode, aligned to the token's start."""
    start = hit
    floor = max(0, hit - 8192)
    # Padding only ends a token, so a "=" on the left belongs to what came before (`x=...`).
    while start > floor and text[start - 1] in _B64_CHARS and text[start - 1] != "=":
        start -= 1
    end = hit
    ceiling = min(len(text), hit + 8192)
    while end < ceiling and text[end] in _B64_CHARS:
        end += 1
    if end - start < _MIN_TOKEN:
        return None
    # Decode whole 4-character groups counted from the token's start.
    begin = start + max(0, (hit - start - _BEFORE) // 4 * 4)
    stop = min(end, begin + (_BEFORE + _AFTER))
    return begin, stop


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
