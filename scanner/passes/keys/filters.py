"""Whether a key-shaped value is worth reporting: shared key-shape rules plus detect-secrets'
own filler heuristics.

detect-secrets costs ~0.2 s to import, so it is imported here on first use, which only
happens once a value has already passed every cheaper test: a sweep with no key-shaped value
never loads it. Nothing from detect-secrets that can reach the network (its `verify`) is used.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from scanner.keyshape import is_reportable_key_id, is_reportable_secret
from scanner.passes.keys.candidate import Kind


def is_reportable(kind: Kind, value: str, extra: frozenset[str]) -> bool:
    if kind is Kind.KEY_ID:
        if not is_reportable_key_id(value, extra):
            return False
        return not _is_sequential(value[4:])
    if not is_reportable_secret(value, extra):
        return False
    return not _is_sequential(value)


# detect-secrets knows the base64 and hex orders; key ids use the base32 one.
_BASE32_RUN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" * 2


def _is_sequential(value: str) -> bool:
    """Runs of an alphabet typed as filler (`ABCDEFGHIJKLMNOP`, `QRSTUVWXYZ234567`)."""
    return value.upper() in _BASE32_RUN or _sequential_check()(value)


@cache
def _sequential_check() -> Callable[[str], bool]:
    from detect_secrets.filters.heuristic import is_sequential_string

    def check(value: str) -> bool:
        return bool(is_sequential_string(value))

    return check
