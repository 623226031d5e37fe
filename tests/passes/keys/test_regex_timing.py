"""Every regular expression of the key pass stays linear on input built to hurt it.

Each is timed on a pathological string and on plain prose of the same length; a pattern
with catastrophic backtracking is thousands of times slower on the first, a linear one
only a constant factor. Ratios, not absolute times, so a slow machine does not matter.
"""

from __future__ import annotations

import re
import time

import pytest

from scanner.passes.keys import credfiles, encoded, keyids, named, names, nearby, values

SIZE = 40_000
PLAIN = ("the quick brown fox jumps over the lazy dog; " * (SIZE // 40))[:SIZE]
# Linear patterns with bounded repetitions measure well under this; catastrophic ones
# measure in the thousands at this size.
MAX_RATIO = 100


def _fill(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


CASES = [
    ("key id", keyids._KEY_ID, _fill("AKIA" + "Q" * 15 + "a")),
    ("aws word", names._AWS_WORD, _fill("awsa")),
    ("value key", named._VALUE_KEY, _fill("'valu")),
    ("bare secret", nearby._BARE_SECRET, _fill("=" + "a" * 39)),
    ("bare secret, long token", nearby._BARE_SECRET, _fill("a")),
    ("name before", nearby._NAME_BEFORE, _fill("a")),
    ("name before, operators", nearby._NAME_BEFORE, _fill("a" * 60 + "' \t:")),
    ("annotation", values._ANNOTATION, _fill("a, ")),
    ("percent", values._PERCENT, _fill("%2")),
    ("base64 value", values._BASE64, _fill("A" * 59 + "!")),
    ("kubernetes kind", encoded._K8S_SECRET, _fill("kind:" + " " * 8 + "\n")),
    ("data block", encoded._DATA_BLOCK, _fill(" " * 16 + "data:" + " " * 8 + "x\n")),
    ("data entry", encoded._DATA_ENTRY, _fill(" " * 32 + "a" * 253 + ": " + "A" * 80 + "!")),
    ("base64 token tail", encoded._TOKEN_TAIL, _fill("QUtJ" * 10 + "=!")),
    ("profile section", credfiles._PROFILE_SECTION, _fill("[" + "a" * 128 + "\n")),
]


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _match in pattern.finditer(text):
            pass
        best = min(best, time.perf_counter() - started)
    return max(best, 1e-6)


@pytest.mark.parametrize(("name", "pattern", "pathological"), CASES, ids=[c[0] for c in CASES])
def test_pattern_is_linear(name: str, pattern: re.Pattern[str], pathological: str) -> None:
    assert len(pathological) == len(PLAIN)
    ratio = _seconds(pattern, pathological) / _seconds(pattern, PLAIN)
    assert ratio < MAX_RATIO, f"{name}: {ratio:.1f}x slower on pathological input"


def test_catastrophic_pattern_would_fail_this_test() -> None:
    # The yardstick itself: a nested quantifier must blow through MAX_RATIO.
    nested = re.compile(r"(?:a+)+b")
    text = _fill("a")[:18]
    plain = PLAIN[:18]
    assert _seconds(nested, text) / _seconds(nested, plain) > MAX_RATIO
