"""GitHub's `primaryLocationLineHash`, computed the way github/codeql-action's upload does.

When a SARIF result carries no such fingerprint, the upload action hashes the file itself;
computing it here, from the same text the passes read, lets alerts follow a finding across
commits even when the SARIF is uploaded without the checkout at hand. The algorithm is a
rolling polynomial hash (base 37, 64-bit wrap-around) over the next 100 characters of the
file, starting at each line and skipping spaces and tabs; `\\r\\n` and `\\r` count as `\\n`,
and a line whose hash already occurred gets `:2`, `:3`, ... instead of `:1`.

The action reads the file as UTF-8 and works on UTF-16 code units; so does this module.
Past `MAX_HASHED_CHARACTERS` no hash is given: the action then computes the same one itself
at upload time, so a hostile multi-megabyte line costs nothing here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

_BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MOD, _BLOCK_SIZE, 1 << 64)
_EOF = 0xFFFF
_TAB, _SPACE, _LF, _CR = 9, 32, 10, 13
MAX_HASHED_CHARACTERS = 1 << 20


def hashes_for_lines(text: str, lines: set[int]) -> dict[int, str]:
    """The fingerprints of the given 1-based lines; lines beyond the size limit get none."""
    if not lines:
        return {}
    wanted = max(lines)
    found: dict[int, str] = {}
    for number, digest in enumerate(line_hashes(text, stop_after=wanted), start=1):
        if number in lines:
            found[number] = digest
    return found


def line_hashes(text: str, *, stop_after: int | None = None) -> list[str]:
    """The fingerprint of every line of `text` (or of its first `stop_after` lines).

    A text ending in a newline has one more (empty) line after it, as in the action.
    """
    hashes: list[str] = []
    counts: Counter[str] = Counter()
    for value in _raw_hashes(text):
        if stop_after is not None and len(hashes) >= stop_after:
            break
        digest = format(value, "x")
        counts[digest] += 1
        hashes.append(f"{digest}:{counts[digest]}")
    return hashes


def _code_units(text: str) -> Iterator[int]:
    """UTF-16 code units, as JavaScript's charCodeAt sees them."""
    for char in text:
        point = ord(char)
        if point > 0xFFFF:
            point -= 0x10000
            yield 0xD800 + (point >> 10)
            yield 0xDC00 + (point & 0x3FF)
        else:
            yield point


def _units_then_eof(text: str) -> Iterator[int]:
    yield from _code_units(text)
    yield _EOF


def _raw_hashes(text: str) -> Iterator[int]:
    """Each line's 64-bit hash, in line order.

    A line's hash is known once the window has moved 100 characters past its first one, so
    the window remembers which slot started a line and emits that line when it comes round.
    """
    window = [0] * _BLOCK_SIZE
    starts = [False] * _BLOCK_SIZE
    value, index = 0, 0
    line_start, previous_cr = True, False
    for position, unit in enumerate(_units_then_eof(text)):
        if position > MAX_HASHED_CHARACTERS:
            return
        if unit in (_SPACE, _TAB) or (previous_cr and unit == _LF):
            previous_cr = False
            continue
        previous_cr = unit == _CR
        if previous_cr:
            unit = _LF
        if starts[index]:
            starts[index] = False
            yield value
        if line_start:
            line_start = False
            starts[index] = True
        line_start = unit == _LF
        value = (_MOD * value + unit - _FIRST_MOD * window[index]) & _MASK
        window[index] = unit
        index = (index + 1) % _BLOCK_SIZE
    for _ in range(_BLOCK_SIZE):
        if starts[index]:
            starts[index] = False
            yield value
        value = (_MOD * value - _FIRST_MOD * window[index]) & _MASK
        window[index] = 0
        index = (index + 1) % _BLOCK_SIZE
