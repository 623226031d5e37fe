"""Whether a key-shaped value is worth reporting: shared key-shape rules plus detect-secrets'
filler heuristic (alphabet runs), reimplemented in `sequences` so that detect-secrets is never
imported by this pass.
"""

from __future__ import annotations

from scanner.keyshape import is_reportable_key_id, is_reportable_secret
from scanner.passes.keys.candidate import Kind
from scanner.passes.keys.sequences import is_sequential


def is_reportable(kind: Kind, value: str, extra: frozenset[str]) -> bool:
    if kind is Kind.KEY_ID:
        if not is_reportable_key_id(value, extra):
            return False
        return not is_sequential(value[4:])
    if not is_reportable_secret(value, extra):
        return False
    return not is_sequential(value)
