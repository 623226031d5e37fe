"""Immutable records that passes produce and reports consume.

Nothing here ever holds a whole secret: passes put a masked form in messages and a digest in
`identity`, so a finding can be logged, serialised or compared without leaking the key.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from scanner.keyshape import redact

PropertyValue = str | int | float | bool | None | tuple[str, ...]


class Level(str, enum.Enum):
    """SARIF result levels, ordered from most to least severe."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


@dataclass(frozen=True, order=True)
class Region:
    """A SARIF region: 1-based lines and columns, end column exclusive."""

    start_line: int
    start_column: int = 1
    end_line: int = 0
    end_column: int = 0

    def __post_init__(self) -> None:
        # A zero end means "same line as the start"; normalise so reports never see 0.
        if self.end_line < self.start_line:
            object.__setattr__(self, "end_line", self.start_line)
        if self.end_column < 1 or (
            self.end_line == self.start_line and self.end_column <= self.start_column
        ):
            object.__setattr__(self, "end_column", self.start_column + 1)


@dataclass(frozen=True)
class RelatedLocation:
    """Another place that explains a finding, such as one credential argument of a call."""

    path: str
    region: Region
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", redact(self.message))


@dataclass(frozen=True)
class Finding:
    """One result of one rule at one place.

    `identity` is what baselines and fingerprints key on: the SHA-256 of the secret for key
    rules, of the normalised construct for usage rules. It must never be the secret itself.
    """

    rule_id: str
    path: str
    region: Region
    message: str
    identity: str
    level: Level | None = None
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)
    related: tuple[RelatedLocation, ...] = ()
    suppressed_by: str | None = None
    line_hash: str | None = None
    baseline_state: str | None = None

    def __post_init__(self) -> None:
        # The one place every finding passes through: whatever a pass quoted (a resource
        # name, a logical id, a value) leaves masked.
        object.__setattr__(self, "message", redact(self.message))
        object.__setattr__(self, "properties", _redacted(self.properties))

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (
            self.path,
            self.region.start_line,
            self.region.start_column,
            self.rule_id,
            self.identity,
        )


def _redacted(properties: Mapping[str, PropertyValue]) -> dict[str, PropertyValue]:
    out: dict[str, PropertyValue] = {}
    for key, value in properties.items():
        if isinstance(value, str):
            value = redact(value)
        elif isinstance(value, tuple):
            value = tuple(redact(item) for item in value)
        out[key] = value
    return out


class NotificationKind(str, enum.Enum):
    """Why a file was skipped or only partly scanned."""

    SKIPPED = "skipped"
    PARTIAL = "partial"
    ERROR = "error"


@dataclass(frozen=True)
class Notification:
    """A per-file event the user should know about (a skip, a parse failure, a time-out)."""

    path: str
    kind: NotificationKind
    reason: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", redact(self.message))

    def sort_key(self) -> tuple[str, str, str]:
        return (self.path, self.reason, self.message)


@dataclass(frozen=True)
class PassResult:
    """What one pass found in one file or one group of files."""

    findings: tuple[Finding, ...] = ()
    notifications: tuple[Notification, ...] = ()
    metrics: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PassSettings:
    """The part of the configuration that passes themselves need."""

    extra_placeholders: frozenset[str] = frozenset()
