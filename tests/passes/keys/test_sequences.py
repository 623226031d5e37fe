from __future__ import annotations

import random
import string

import pytest
from detect_secrets.filters.heuristic import is_sequential_string
from hypothesis import given
from hypothesis import strategies as st

from scanner.passes.keys.sequences import (
    BASE32_RUN,
    DETECT_SECRETS_RUNS,
    in_detect_secrets_run,
    is_sequential,
)

from .fakes import KEY, SECRET, SECRET2, fake_key_id, fake_secret


def _slices(run: str, lengths: tuple[int, ...] = (1, 2, 5, 16, 20, 40)) -> list[str]:
    return [run[i : i + n] for n in lengths for i in range(len(run) - n + 1)]


def _near_misses(values: list[str]) -> list[str]:
    """Each value with one character changed, swapped or dropped: mostly not a run."""
    chooser = random.Random(6)
    alphabet = string.ascii_letters + string.digits + "+/="
    missed = []
    for value in values:
        if len(value) < 3:
            continue
        at = chooser.randrange(len(value))
        missed.append(value[:at] + chooser.choice(alphabet) + value[at + 1 :])
        missed.append(value[:at] + value[at + 1 :])
        missed.append(value[::-1])
    return missed


_RUN_SLICES = [s for run in DETECT_SECRETS_RUNS for s in _slices(run)]

CASES = {
    "run-slices": _RUN_SLICES,
    "run-slices-lowercase": [s.lower() for s in _RUN_SLICES],
    "run-slices-mixed-case": [s[::2].lower() + s[1::2] for s in _RUN_SLICES],
    "near-misses": _near_misses(_RUN_SLICES),
    "base32-run-slices": _slices(BASE32_RUN),
    "whole-runs": [*DETECT_SECRETS_RUNS, *(run + "A" for run in DETECT_SECRETS_RUNS)],
    "fake-keys": [KEY, KEY[4:], SECRET, SECRET2]
    + [fake_key_id(n)[4:] for n in range(40)]
    + [fake_secret(n) for n in range(40)],
    "edges": ["", " ", "=", "/", "+/", "=/", "Z=/", "9A", "FA", "F0", "a", "0" * 20],
    # Upper-casing that changes the length (ß -> SS) or leaves ASCII (dotless i, fullwidth).
    "non-ascii": ["ß", "\ufb00", "\u0131", "ǆ", "ABCß", "ΑΒΓ", "\uff11\uff12", "é", "\ufffd"],
}


@pytest.mark.parametrize("values", CASES.values(), ids=CASES.keys())
def test_same_verdicts_as_detect_secrets(values: list[str]) -> None:
    ours = [in_detect_secrets_run(value) for value in values]
    theirs = [bool(is_sequential_string(value)) for value in values]
    assert ours == theirs
    # Each group must test something: the run slices hold runs, the fake keys none.
    assert values


@pytest.mark.parametrize(
    ("group", "expected"),
    [("run-slices", True), ("fake-keys", False)],
)
def test_groups_hold_the_verdicts_they_are_named_for(group: str, expected: bool) -> None:
    assert {in_detect_secrets_run(value) for value in CASES[group] if len(value) > 8} == {expected}


@given(st.text(alphabet=string.ascii_letters + string.digits + "+/=", max_size=45))
def test_same_verdicts_on_random_text(value: str) -> None:
    assert in_detect_secrets_run(value) == bool(is_sequential_string(value))


@pytest.mark.parametrize(
    ("value", "sequential"),
    [
        ("QRSTUVWXYZ234567", True),
        ("ABCDEFGHIJKLMNOP", True),
        ("234567ABCDEFGHIJ", True),
        ("0123456789ABCDEF", True),
        ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", True),
        (KEY[4:], False),
        (SECRET, False),
    ],
)
def test_is_sequential_adds_the_base32_run(value: str, sequential: bool) -> None:
    assert is_sequential(value) is sequential
