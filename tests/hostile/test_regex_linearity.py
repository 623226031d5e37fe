"""Every regular expression the scanner holds runs in linear time on adversarial input.

Patterns are collected by walking the scanner package (module globals, class attributes and
containers of patterns), so a pattern added later is covered without touching this file.
For each pattern the slowest of a family of adversarial strings is found, then timed at two
lengths and set against a plain string of the same length. Only ratios are judged: a
pattern fails when an eightfold longer input costs far more than eight times as long (the
signature of backtracking) and the adversarial string is far slower than plain text.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
import warnings
from collections.abc import Iterator

import pytest

import scanner

with warnings.catch_warnings():
    # The parser is the one way to read a pattern's literals; the module is only renamed.
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_parse

SHORT = 4_000
LONG = 8 * SHORT
# Linear growth gives about 8; quadratic backtracking about 64.
MAX_GROWTH = 24.0
MAX_VERSUS_PLAIN = 50.0
# Below this, timings are noise on a shared machine (a stray pause costs a few ms), and a
# quadratic pattern costs far more at LONG characters: about n * n / 2 steps.
NOISE_SECONDS = 0.02

GENERIC_ATOMS = (
    "a",
    "A",
    "0",
    "7",
    " ",
    "\t",
    "\n",
    "=",
    ":",
    '"',
    "'",
    "/",
    "+",
    "-",
    "_",
    ".",
    ",",
    "\\",
    "%2F",
    "{",
    "[",
    "(",
    "<",
    "${",
    "a=",
    "a ",
    '"a',
    "A2",
    "aws",
    "AWS_",
    "secret",
    "key",
    "aws_secret_access_key",
    "AKIA",
    "AKIAA",
    "QUtJQ",
    "data:",
    "  ",
    "# ",
    "//",
    "xx:",
    "a: ",
    '="',
    "a\n ",
    "Aa0/",
    "Aa0+=",
    "aws.",
    "-a",
    "a\\",
)
PLAIN = "the quick brown fox jumps over the lazy dog; 12 rivers run\n"


def _modules() -> Iterator[object]:
    yield scanner
    for info in pkgutil.walk_packages(scanner.__path__, "scanner."):
        if info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def _patterns_in(value: object, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
    elif depth < 2 and isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)
    elif depth == 0 and isinstance(value, type):
        for item in vars(value).values():
            yield from _patterns_in(item, depth + 1)


def collect() -> dict[str, re.Pattern[str]]:
    found: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}
    for module in _modules():
        for name, value in sorted(vars(module).items()):
            for pattern in _patterns_in(value):
                key = (pattern.pattern, pattern.flags)
                found.setdefault(key, (f"{module.__name__}.{name}", pattern))
    return dict(sorted(found.values(), key=lambda item: item[0]))


PATTERNS = collect()


def _literals(pattern: re.Pattern[str]) -> list[str]:
    """Runs of literal characters in the pattern: partial matches worth repeating."""
    runs: list[str] = []

    def walk(parsed: sre_parse.SubPattern) -> None:
        current = ""
        for op, argument in parsed:
            if op is sre_parse.LITERAL:
                current += chr(argument)
                continue
            if len(current) >= 2:
                runs.append(current)
            current = ""
            if op is sre_parse.SUBPATTERN:
                walk(argument[-1])
            elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
                walk(argument[2])
            elif op is sre_parse.BRANCH:
                for branch in argument[1]:
                    walk(branch)
        if len(current) >= 2:
            runs.append(current)

    try:
        walk(sre_parse.parse(pattern.pattern, pattern.flags))
    except (re.error, TypeError, ValueError):
        return []
    return runs[:12]


def _adversaries(pattern: re.Pattern[str]) -> list[str]:
    atoms = list(GENERIC_ATOMS)
    for literal in _literals(pattern):
        atoms += [literal, literal + " ", literal + "=", literal + "a", literal + "A"]
    return atoms


def _fill(atom: str, size: int) -> str:
    return (atom * (size // len(atom) + 1))[:size]


def _cost(pattern: re.Pattern[str], text: str, repeats: int = 5) -> float:
    """The best of a few runs; one run when it is already plainly slow."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        pattern.match(text)
        best = min(best, time.perf_counter() - started)
        if best > 0.5:
            break
    return best


@pytest.mark.slow
def test_patterns_are_collected() -> None:
    # The key-id pattern lives in keyshape; finding it proves the walk reaches the package.
    assert any(p.pattern.startswith("(?:AKIA|ASIA") for p in PATTERNS.values())
    assert len(PATTERNS) >= 10


# Superlinear patterns inside a pass whose fix belongs to the pass's owner; strict, so the
# mark must go when the pattern is fixed.
_KNOWN_SUPERLINEAR: dict[str, str] = {}


@pytest.mark.slow
@pytest.mark.parametrize(
    "label",
    [
        pytest.param(
            label,
            marks=[pytest.mark.xfail(strict=True, reason=_KNOWN_SUPERLINEAR[label])]
            if label in _KNOWN_SUPERLINEAR
            else [],
        )
        for label in PATTERNS
    ],
)
def test_pattern_runs_in_linear_time(label: str) -> None:
    pattern = PATTERNS[label]
    atoms = _adversaries(pattern)
    worst = max(atoms, key=lambda atom: _cost(pattern, _fill(atom, SHORT), repeats=1))

    short = _cost(pattern, _fill(worst, SHORT))
    long = _cost(pattern, _fill(worst, LONG))
    plain = _cost(pattern, _fill(PLAIN, LONG))
    growth = long / max(short, 1e-9)
    versus_plain = long / max(plain, 1e-9)

    superlinear = long > NOISE_SECONDS and growth > MAX_GROWTH and versus_plain > MAX_VERSUS_PLAIN
    assert not superlinear, (
        f"{label} /{pattern.pattern}/ on {worst!r}*n: x8 length -> x{growth:.1f} time, "
        f"{versus_plain:.0f}x slower than plain text ({long * 1000:.1f} ms at {LONG} chars)"
    )
