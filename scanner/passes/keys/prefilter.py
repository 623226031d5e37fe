"""The cheap test that decides whether a file is worth scanning for keys at all.

It must cost a few plain substring searches per file: most files in a sweep fail it, and the
later issue's speed target leaves no room for regular expressions or detect-secrets here.
"""

from __future__ import annotations

import base64
import re

from scanner.keyshape import KEY_ID_PREFIXES
from scanner.source import ascii_view

# Measured on botocore's data files: four `str.find` calls for the prefixes cost ~10 ms per
# MB, while one alternation whose branches share a first character costs ~0.4 ms per MB
# (CPython's regex engine skips ahead to that character).
KEY_PREFIX_PATTERN = re.compile(r"A(?:KIA|SIA|BIA|CCA)")
# The regex engine's literal search beats `"secret" in text` by about a fifth here: "secret"
# has no rare letter for the substring search to skip on.
_SECRET_WORD = re.compile("secret")


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


def _grouped(markers: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """One alternation per first character: the form the regex engine searches fastest."""
    groups: dict[str, list[str]] = {}
    for marker in markers:
        groups.setdefault(marker[0], []).append(re.escape(marker[1:]))
    return tuple(
        re.compile(f"{re.escape(first)}(?:{'|'.join(rests)})") for first, rests in groups.items()
    )


BASE64_PREFIX_MARKERS = _base64_markers()
BASE64_MARKER_PATTERNS = _grouped(BASE64_PREFIX_MARKERS)


def is_candidate(text: str) -> bool:
    view = ascii_view(text)
    return may_hold_key(view, view.lower())


def may_hold_key(view: str, lowered: str) -> bool:
    """Whether any detector can find something, on a text's ASCII view (`ascii_view`) and that
    view lower-cased: every key id starts with a prefix (as text or inside base64), and every
    secret name, credential file entry or Kubernetes Secret holds "secret". ("aws" alone is no
    sign: nearly every file of an AWS SDK holds it, and no detector reports on it.)
    """
    return _SECRET_WORD.search(lowered) is not None or _has_key_id_sign(view)


def _has_key_id_sign(view: str) -> bool:
    if KEY_PREFIX_PATTERN.search(view) is not None:
        return True
    return any(pattern.search(view) is not None for pattern in BASE64_MARKER_PATTERNS)
