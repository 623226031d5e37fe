"""The two shapes a pass can take.

A file pass looks at one file at a time. A group pass needs several files together (a
Terraform module is a directory whose files reference each other); it names its group from
the path alone so that the engine can partition the sweep before reading anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from scanner.models import PassResult, PassSettings
from scanner.source import SourceFile


class FilePass(Protocol):
    name: str

    def may_want(self, path: str, raw: bytes) -> bool:
        """`wants`, asked of a file's bytes before it is decoded, where every ASCII byte is
        its character (UTF-8, Latin-1 and their kin): False only where `wants` would be False
        too. Most files of a sweep are turned away here, without being decoded at all."""
        ...

    def wants(self, source: SourceFile) -> bool:
        """A cheap test (suffix, a literal substring) run before any parsing."""
        ...

    def scan(self, source: SourceFile, settings: PassSettings) -> PassResult: ...


class GroupPass(Protocol):
    name: str

    def group_of(self, path: str) -> str | None:
        """The group a relative path belongs to, or None when the pass ignores it."""
        ...

    def scan_group(self, sources: Sequence[SourceFile], settings: PassSettings) -> PassResult: ...
