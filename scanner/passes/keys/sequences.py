"""Alphabet runs typed as filler (`ABCDEFGHIJKLMNOP`, `0123456789ABCDEF`), detect-secrets' way.

detect-secrets calls a value sequential when, upper-cased, it lies inside one of a few
alphabet runs; this module gives the same verdicts without importing detect-secrets, which
costs a pre-commit hook 100 ms or more. `tests/passes/keys/test_sequences.py` compares the
two on many strings, so a change on either side shows up as a failing row.
"""

from __future__ import annotations

import string

_UPPER = string.ascii_uppercase
_DIGITS = string.digits
_HEX = string.hexdigits.upper()

# detect-secrets' runs, in its order; the base32 one (key ids) is this scanner's own addition.
DETECT_SECRETS_RUNS = (
    _UPPER + _UPPER + _DIGITS + "+/",
    _DIGITS + _UPPER + _UPPER + "+/",
    (_DIGITS + _UPPER) * 2,
    _DIGITS * 2,
    _HEX + _HEX,
    _UPPER + "=/",
)
BASE32_RUN = (_UPPER + "234567") * 2


def in_detect_secrets_run(value: str) -> bool:
    """detect-secrets' `is_sequential_string`: the upper-cased value lies inside a run."""
    upper = value.upper()
    return any(upper in run for run in DETECT_SECRETS_RUNS)


def is_sequential(value: str) -> bool:
    """Inside any run, the base32 one included."""
    return value.upper() in BASE32_RUN or in_detect_secrets_run(value)
