"""The cheap test that decides whether a file is worth scanning for keys at all.

Most files of a sweep fail it, so it is a few literal searches per file and nothing more.
It is asked of a file's raw bytes before the file is decoded (`may_hold_key_raw`: every
sign it looks for is ASCII, and in UTF-8, Latin-1 and their kin an ASCII byte is that
character), and of decoded text where the bytes could not say (UTF-16, UTF-32).
"""

from __future__ import annotations

import base64
import re
from typing import AnyStr, Generic

from scanner.keyshape import KEY_ID_PREFIXES
from scanner.source import ascii_view

# Measured on botocore's data files: four `str.find` calls for the prefixes cost ~10 ms per
# MB, while one alternation whose branches share a first character costs ~0.4 ms per MB
# (CPython's regex engine skips ahead to that character).
KEY_PREFIX_PATTERN = re.compile(r"A(?:KIA|SIA|BIA|CCA)")
_RAW_KEY_PREFIX = re.compile(KEY_PREFIX_PATTERN.pattern.encode())
# The regex engine's literal search beats `"secret" in text` by about a fifth here: "secret"
# has no rare letter for the substring search to skip on.
_SECRET_WORD = re.compile("secret")
_RAW_SECRET_WORD = re.compile(b"secret")


def _base64_markers() -> tuple[str, ...]:
    """Base64 characters that only a key-id prefix can produce, at each of the 3 alignments.

    Prefix P sits at byte offset `shift` of the encoded stream; character j of the output
    carries bits [6j, 6j + 6), so the characters wholly inside P's 32 bits are fixed by P.
    """
    markers: list[str] = []
    for prefix in KEY_ID_PREFIXES:
        for shift in range(3):
            encoded = base64.b64encode(b"\0" * shift + prefix.encode() + b"\0\0\0").decode()
            first = -(-8 * shift // 6)
            last = (8 * shift + 32) // 6
            markers.append(encoded[first:last])
    return tuple(markers)


def _by_first(markers: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for marker in markers:
        groups.setdefault(marker[0], []).append(marker[1:])
    return {first: tuple(rests) for first, rests in groups.items()}


def _alternation(first: str, rests: tuple[str, ...]) -> str:
    """One alternation per first character: the form the regex engine searches fastest."""
    return f"{re.escape(first)}(?:{'|'.join(map(re.escape, rests))})"


BASE64_PREFIX_MARKERS = _base64_markers()
_MARKER_GROUPS = _by_first(BASE64_PREFIX_MARKERS)
# The encoded-key detector reads every match from these.
BASE64_MARKER_PATTERNS = tuple(
    re.compile(_alternation(first, rests)) for first, rests in _MARKER_GROUPS.items()
)


class _Anchored(Generic[AnyStr]):
    """Literals sharing a first character, found by looking only where that character is.

    The markers start with Q, F or B, about one byte in a thousand of source text, and
    `find` of one character is the C library's `memchr`: the three searches together cost
    about a third of three passes of the regex engine over the text. A text dense with the
    character (a file of nothing but Q) would make the loop slow, so after a bounded number
    of misses the regex engine searches the rest.
    """

    def __init__(
        self, first: AnyStr, rests: tuple[AnyStr, ...], pattern: re.Pattern[AnyStr]
    ) -> None:
        self._first: AnyStr = first
        self._rests: tuple[AnyStr, ...] = rests
        self._pattern: re.Pattern[AnyStr] = pattern

    def search(self, text: AnyStr) -> bool:
        find, first, rests = text.find, self._first, self._rests
        misses = 64 + (len(text) >> 9)
        at = find(first)
        while at >= 0:
            if text.startswith(rests, at + 1):
                return True
            misses -= 1
            if not misses:
                return self._pattern.search(text, at + 1) is not None
            at = find(first, at + 1)
        return False


_TEXT_MARKERS = tuple(
    _Anchored(first, rests, re.compile(_alternation(first, rests)))
    for first, rests in _MARKER_GROUPS.items()
)
_RAW_MARKERS = tuple(
    _Anchored(
        first.encode(),
        tuple(rest.encode() for rest in rests),
        re.compile(_alternation(first, rests).encode()),
    )
    for first, rests in _MARKER_GROUPS.items()
)


def is_candidate(text: str) -> bool:
    view = ascii_view(text)
    return may_hold_key(view, view.lower())


def may_hold_key(view: str, lowered: str) -> bool:
    """Whether any detector can find something, on a text's ASCII view (`ascii_view`) and that
    view lower-cased: every key id starts with a prefix (as text or inside base64), and every
    secret name, credential file entry or Kubernetes Secret holds "secret". ("aws" alone is no
    sign: nearly every file of an AWS SDK holds it, and no detector reports on it.)
    """
    if KEY_PREFIX_PATTERN.search(view) is not None:
        return True
    if has_base64_marker(view):
        return True
    return _SECRET_WORD.search(lowered) is not None


def has_base64_marker(view: str) -> bool:
    """Whether an ASCII text holds a key-id prefix's base64 form, at any alignment."""
    return any(markers.search(view) for markers in _TEXT_MARKERS)


def may_hold_key_raw(data: bytes) -> bool:
    """`may_hold_key` asked of a file's bytes, for an encoding in which every ASCII byte is
    its character: the same answer, without decoding the file (bytes.lower() changes ASCII
    letters alone, as lower-casing the ASCII view does)."""
    if _RAW_KEY_PREFIX.search(data) is not None:
        return True
    if any(markers.search(data) for markers in _RAW_MARKERS):
        return True
    return _RAW_SECRET_WORD.search(data.lower()) is not None
