"""Access key ids (AKIA, ASIA, ABIA, ACCA) that stand as tokens of their own.

The regular expression is a plain alternation of literals, which CPython searches quickly;
the token boundaries are checked in Python afterwards because a look-behind in front of the
alternation would make the engine try every position (measured ~25x slower).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.passes.keys.candidate import Candidate, Kind
from scanner.passes.keys.filters import is_reportable

# Bounded repetition, no nesting: linear in the text whatever it holds.
_KEY_ID = re.compile(r"(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}")

_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_HEX = frozenset("0123456789abcdefABCDEF")


def find_key_ids(text: str, extra: frozenset[str]) -> Iterator[Candidate]:
    for match in _KEY_ID.finditer(text):
        start, end = match.span()
        if not (_free_before(text, start) and _free_after(text, end)):
            continue
        value = match.group()
        if is_reportable(Kind.KEY_ID, value, extra):
            yield Candidate(Kind.KEY_ID, value, start, end, "access key id")


def _free_before(text: str, start: int) -> bool:
    """True when the key id is not the tail of a longer token.

    A percent escape (`%3D` in `Credential%3DAKIA...`) and a backslash escape (`\\n` inside a
    JSON string) end the previous token even though their last character is alphanumeric.
    """
    if start == 0 or text[start - 1] not in _TOKEN_CHARS:
        return True
    if start >= 3 and text[start - 3] == "%" and text[start - 2] in _HEX:
        return text[start - 1] in _HEX
    return start >= 2 and text[start - 2] == "\\" and text[start - 1] in "nrtu"


def _free_after(text: str, end: int) -> bool:
    return end == len(text) or text[end] not in _TOKEN_CHARS
