"""Secret access keys found through the name they are assigned to.

The search is name-first: the file is searched for the literal "secret" (fast, and every
AWS secret name contains it), the name around each hit is classified, and only then is the
value read. A value-first search (every 40-character token) measured ~20 ms per MB, which
is far too slow for the pass's hot path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scanner.keyshape import mask
from scanner.passes.keys.candidate import Candidate, Kind
from scanner.passes.keys.filters import is_reportable
from scanner.passes.keys.names import (
    Strength,
    aws_context_before,
    mentions_aws_sdk,
    secret_name_strength,
)
from scanner.passes.keys.values import Value, read_value

_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"
_MAX_NAME = 80
_NAME_TAIL = re.compile(rf"[A-Za-z0-9_.\-]{{0,{_MAX_NAME}}}")
_SECRET_LENGTH = 40

# A name given as data and its value given by a generic key a line or two below:
# `variable "aws_secret_key" { default = "..." }`, `- name: AWS_SECRET_ACCESS_KEY` /
# `value: ...`, `{"name": "AWS_SECRET_ACCESS_KEY", "value": "..."}`.
_VALUE_KEY = re.compile(r"(?:default|value|Value|ParameterValue)\b[\"']?")
_VALUE_KEY_LINES = 3
_VALUE_KEY_CHARS = 400


def find_named_secrets(
    text: str, *, weak_names_ok: bool, extra: frozenset[str], lowered: str | None = None
) -> Iterator[Candidate]:
    """`weak_names_ok`: the file itself is an AWS credential file, so `secret_key` is AWS's.
    `lowered` is `text.lower()` when the caller has it already."""
    lowered = text.lower() if lowered is None else lowered
    pos = lowered.find("secret")
    while pos >= 0:
        start, end = _name_span(text, pos)
        name = text[start:end]
        candidate = _candidate(text, start, end, name, weak_names_ok=weak_names_ok, extra=extra)
        if candidate is not None:
            yield candidate
        pos = lowered.find("secret", max(end, pos + 1))


def _name_span(text: str, pos: int) -> tuple[int, int]:
    """The run of name characters around `pos`, at most _MAX_NAME on either side (string
    methods and one bounded match: a loop over characters cost a sixth of the search)."""
    floor = max(0, pos - _MAX_NAME)
    start = floor + len(text[floor:pos].rstrip(_NAME_CHARS))
    tail = _NAME_TAIL.match(text, pos)
    return start, tail.end() if tail else pos


def _candidate(
    text: str, start: int, end: int, name: str, *, weak_names_ok: bool, extra: frozenset[str]
) -> Candidate | None:
    strength = secret_name_strength(name)
    if strength is Strength.NONE:
        return None
    value = read_value(text, end)
    if (value is None or len(value.text) != _SECRET_LENGTH) and strength is Strength.STRONG:
        # Only a name that says AWS secret by itself may take its value from a line below:
        # `GetSecretValue` in a policy list must not pick up whatever follows it.
        value = _value_below(text, end)
    if value is None or len(value.text) != _SECRET_LENGTH:
        return None
    # The context tests read a dozen lines or the whole file, so they run last, for the few
    # names that have a secret-length value at all.
    if strength is Strength.WEAK and not (
        weak_names_ok or aws_context_before(text, start) or mentions_aws_sdk(text)
    ):
        return None
    if not is_reportable(Kind.SECRET, value.text, extra):
        return None
    # The name goes into the message: it must never carry the value itself.
    shown = name.lstrip("-.").replace(value.text, mask(value.text))
    evidence = f"assigned to {shown}"
    return Candidate(Kind.SECRET, value.text, value.start, value.end, evidence, value.encoding)


def _value_below(text: str, pos: int) -> Value | None:
    limit = min(len(text), pos + _VALUE_KEY_CHARS)
    window_end = _line_end_after(text, pos, _VALUE_KEY_LINES, limit)
    window = text[pos:window_end]
    # Another entry starts at the next `name`: its value is not this name's.
    cut = window.find("name", window.find("\n") + 1) if "\n" in window else -1
    if cut > 0:
        window = window[:cut]
    match = _VALUE_KEY.search(window)
    if match is None:
        return None
    value = read_value(text, pos + match.end())
    return value if value is not None and len(value.text) == _SECRET_LENGTH else None


def _line_end_after(text: str, pos: int, lines: int, limit: int) -> int:
    end = pos
    for _ in range(lines + 1):
        newline = text.find("\n", end + 1, limit)
        if newline < 0:
            return limit
        end = newline
    return end
