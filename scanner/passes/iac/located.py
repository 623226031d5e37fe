"""Parsed template values that remember where they came from.

CloudFormation is loaded from YAML or JSON into plain dicts, lists and strings; these
subclasses add the 1-based line and column of each value and of each mapping key, so a
finding can point at the resource or property the user has to edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple


class Mark(NamedTuple):
    line: int
    column: int


UNKNOWN = Mark(1, 1)


class LocatedDict(dict[str, Any]):
    """A mapping with the position of itself and of each key."""

    mark: Mark
    key_marks: dict[str, Mark]

    def __init__(
        self, pairs: Iterable[tuple[str, Any]], *, mark: Mark, key_marks: dict[str, Mark]
    ) -> None:
        super().__init__(pairs)
        self.mark = mark
        self.key_marks = key_marks

    def key_mark(self, key: str) -> Mark:
        return self.key_marks.get(key, self.mark)


class LocatedList(list[Any]):
    mark: Mark

    def __init__(self, items: Iterable[Any], *, mark: Mark) -> None:
        super().__init__(items)
        self.mark = mark


class LocatedStr(str):
    mark: Mark

    def __new__(cls, value: str, *, mark: Mark) -> LocatedStr:
        instance = super().__new__(cls, value)
        instance.mark = mark
        return instance

    def __reduce__(self) -> tuple[object, tuple[str, Mark]]:
        # Findings cross process boundaries; without this, unpickling needs `mark`.
        return _located_str, (str(self), self.mark)


def _located_str(value: str, mark: Mark) -> LocatedStr:
    return LocatedStr(value, mark=mark)


def mark_of(value: object, default: Mark = UNKNOWN) -> Mark:
    mark = getattr(value, "mark", None)
    return mark if isinstance(mark, Mark) else default


class TemplateError(ValueError):
    """A template that cannot be read safely; the message says why."""


# Generous for any real template, small enough that walking the expansion of a YAML alias
# bomb stops in milliseconds instead of exhausting memory.
MAX_NODES = 400_000
MAX_DEPTH = 200
