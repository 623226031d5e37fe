"""What a credential argument turned out to be: a provenance and, when known, its text."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import libcst as cst


class Provenance(str, enum.Enum):
    LITERAL = "literal"
    ENVIRONMENT_FALLBACK = "environment-fallback"
    PARAMETER_DEFAULT = "parameter-default"
    ENVIRONMENT = "environment"
    CONFIG = "config"
    SECRETS_STORE = "secrets-store"
    PARAMETER = "parameter"
    OPTIONAL_PARAMETER = "optional-parameter"
    IMPORTED = "imported"
    CREATED_ACCESS_KEY = "created-access-key"
    TEMPORARY = "temporary"
    NONE = "none"
    UNKNOWN = "unknown"


# Literal text written in the code, whether used directly or as a fallback or default.
TEXT_PROVENANCES = frozenset(
    {Provenance.LITERAL, Provenance.ENVIRONMENT_FALLBACK, Provenance.PARAMETER_DEFAULT}
)


@dataclass(frozen=True)
class Value:
    """One possible value of an expression.

    `text` is the string when it is known at scan time; `node` is where it is written (the
    literal for a constant, so that a leaked key is reported on its own line).
    """

    provenance: Provenance
    node: cst.CSTNode
    text: str | None = None

    def with_provenance(self, provenance: Provenance) -> Value:
        return Value(provenance, self.node, self.text)
