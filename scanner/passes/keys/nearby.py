"""Bare 40-character values sitting next to a reported access key id.

A key id and its secret travel together (`AKIA...:secret` in `.passwd-s3fs`, two positional
arguments, two table cells), so a secret-shaped token a few lines from a key id is reported
even without a name. The window is bounded in lines and characters: on a minified one-line
file it is a few hundred characters around the key id, not the whole line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from scanner.passes.keys.candidate import Candidate, Kind
from scanner.passes.keys.escapes import ESCAPE, SECRET_CHAR, unescape
from scanner.passes.keys.filters import is_reportable
from scanner.passes.keys.names import normalise

_LINES = 3
_CHARS = 600

# A whole token of exactly 40 secret characters, each written plain or escaped. The
# look-behind only lets a match start at a token boundary (not inside an escape, hence `\\`
# and `%`), and each character has one way to match, so each is examined a bounded number of
# times. A token that goes on, escaped or not, is no secret: an escaped `=` is padding.
_BARE_SECRET = re.compile(
    rf"(?<![A-Za-z0-9/+=_.\-\\%]){SECRET_CHAR}{{40}}(?![A-Za-z0-9/+=_\-]|{ESCAPE})"
)
_CONTINUES = re.compile(rf"[A-Za-z0-9/+=_\-]|{ESCAPE}")

_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
_NOT_SECRETS = (
    "hash",
    "sha",
    "digest",
    "checksum",
    "signature",
    "etag",
    "nonce",
    "commit",
    "uuid",
    "token",
    "session",
    "revision",
)


def find_nearby_secrets(
    text: str, key_ids: Iterable[Candidate], extra: frozenset[str]
) -> Iterator[Candidate]:
    for begin, end in _merged(_window(text, c.start, c.end) for c in key_ids):
        for match in _BARE_SECRET.finditer(text, begin, end):
            if _cut_by_window(text, match.end()) or _named_as_other(text, match.start()):
                continue
            value, encoding = unescape(match.group())
            if is_reportable(Kind.SECRET, value, extra):
                start, end = match.span()
                yield Candidate(Kind.SECRET, value, start, end, "next to a key id", encoding)


def _merged(windows: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping windows joined, so many key ids close together cost one pass."""
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(windows):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    begin = max(0, start - _CHARS)
    for _ in range(_LINES + 1):
        newline = text.rfind("\n", begin, start)
        if newline < 0:
            break
        start = newline
    else:
        begin = start
    stop = min(len(text), end + _CHARS)
    for _ in range(_LINES + 1):
        newline = text.find("\n", end, stop)
        if newline < 0:
            break
        end = newline + 1
    else:
        stop = end
    return begin, stop


def _cut_by_window(text: str, end: int) -> bool:
    # finditer treats the window's end as the end of the text; the token may go on past it.
    return _CONTINUES.match(text, end) is not None or (end < len(text) and text[end].isalnum())


def _named_as_other(text: str, start: int) -> bool:
    """Whether the token is assigned to a name that says digest, not secret: `GIT_SHA=...`."""
    return any(word in normalise(_name_before(text, start)) for word in _NOT_SECRETS)


def _name_before(text: str, start: int) -> str:
    """The name in `name = "value`, `name: value`, `"name": "value` ending at `start`."""
    # Quotes may be escaped (`\\"sha\\": \\"...` in a notebook), as a named value's may.
    before = text[max(0, start - 80) : start].rstrip(" \t\"'\\")
    if not before.endswith((":", "=")):
        return ""
    before = before[:-1].rstrip(" \t\"'\\")
    end = len(before)
    begin = end
    while begin > 0 and before[begin - 1] in _NAME_CHARS:
        begin -= 1
    return before[begin:end]
