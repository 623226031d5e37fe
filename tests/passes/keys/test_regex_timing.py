"""Every regular expression of the key pass stays linear on input built to hurt it.

Each is timed on a pathological string and on plain prose of the same length; a pattern
with catastrophic backtracking is many thousands of times slower on the first, a linear one
only a constant factor (bounded repetitions make that factor up to ~150 here). Doubling
the pathological input must roughly double the time too. Ratios, not absolute times, so a
slow or busy machine does not matter.
"""

from __future__ import annotations

import re
import time

import pytest

from scanner.passes.keys import (
    credfiles,
    encoded,
    escapes,
    keyids,
    named,
    names,
    nearby,
    prefilter,
    values,
)

SIZE = 20_000
PLAIN = ("the quick brown fox jumps over the lazy dog; " * (SIZE // 40))[:SIZE]
# Linear patterns measure under ~150 (a 253-character bounded name run is the worst);
# the catastrophic yardstick below measures over 100,000.
MAX_RATIO = 400
MAX_DOUBLING = 4.0


def _fill(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


CASES = [
    ("key id", keyids._KEY_ID, _fill("AKIA" + "Q" * 15 + "a")),
    ("aws word", names._AWS_WORD, _fill("awsa")),
    ("value key", named._VALUE_KEY, _fill("valu")),
    ("value key, word runs on", named._VALUE_KEY, _fill("values")),
    ("bare secret", nearby._BARE_SECRET, _fill("=" + "a" * 39)),
    ("bare secret, long token", nearby._BARE_SECRET, _fill("a")),
    ("bare secret, percent escapes", nearby._BARE_SECRET, _fill("%2F")),
    ("bare secret, json escapes", nearby._BARE_SECRET, _fill("\\u002B\\/")),
    ("bare secret, cut escapes", nearby._BARE_SECRET, _fill("a%2\\u002")),
    ("token goes on", nearby._CONTINUES, _fill("%2")),
    ("annotation", values._ANNOTATION, _fill("a, ")),
    ("escape", escapes._ESCAPE, _fill("%2")),
    ("escape, json", escapes._ESCAPE, _fill("\\u00")),
    ("base64 value", values._BASE64, _fill("A" * 59 + "!")),
    ("key prefix", prefilter.KEY_PREFIX_PATTERN, _fill("AKIAASIAABIAACC")),
    *[
        (f"base64 marker {p.pattern[0]}", p, _fill(p.pattern[:3] + "Z"))
        for p in prefilter.BASE64_MARKER_PATTERNS
    ],
    ("data block", encoded._DATA_BLOCK, _fill(" " * 16 + "data:" + " " * 8 + "x\n")),
    ("data entry", encoded._DATA_ENTRY, _fill(" " * 32 + "a" * 253 + ": " + "A" * 80 + "!")),
    ("base64 token tail", encoded._TOKEN_TAIL, _fill("QUtJ" * 10 + "=!")),
    ("profile section", credfiles._PROFILE_SECTION, _fill("[" + "a" * 128 + "\n")),
]


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _match in pattern.finditer(text):
            pass
        best = min(best, time.perf_counter() - started)
    return max(best, 1e-6)


@pytest.mark.parametrize(("name", "pattern", "pathological"), CASES, ids=[c[0] for c in CASES])
def test_pattern_is_linear(name: str, pattern: re.Pattern[str], pathological: str) -> None:
    assert len(pathological) == len(PLAIN)
    ratio = _best_ratio(pattern, pathological, PLAIN)
    assert ratio < MAX_RATIO, f"{name}: {ratio:.1f}x slower on pathological input"
    doubling = _best_ratio(pattern, pathological * 2, pathological)
    assert doubling < MAX_DOUBLING, f"{name}: {doubling:.1f}x slower on twice the input"


def _best_ratio(pattern: re.Pattern[str], slow: str, fast: str) -> float:
    # Other processes share the machine: the lowest of up to three measured ratios is the
    # one least disturbed by them. A catastrophic pattern is slow in all three.
    best = float("inf")
    for _ in range(3):
        best = min(best, _seconds(pattern, slow) / _seconds(pattern, fast))
        if best < MAX_DOUBLING:
            break
    return best


def test_catastrophic_pattern_would_fail_this_test() -> None:
    # The yardstick itself: a nested quantifier must blow through MAX_RATIO.
    nested = re.compile(r"(?:a+)+b")
    text = _fill("a")[:18]
    plain = PLAIN[:18]
    assert _seconds(nested, text) / _seconds(nested, plain) > MAX_RATIO
