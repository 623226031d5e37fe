"""A key-shaped value found in a file, before it becomes a finding.

A candidate holds the raw value only for as long as the pass runs: findings built from it
carry the masked form and a digest, never the value itself.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(str, enum.Enum):
    KEY_ID = "key-id"
    SECRET = "secret"


@dataclass(frozen=True)
class Candidate:
    """`start`/`end` are offsets of the value as it is written in the scanned text (for an
    encoded value, the encoded form's span), so the region points at what the user sees."""

    kind: Kind
    value: str
    start: int
    end: int
    evidence: str
    encoding: str = ""
