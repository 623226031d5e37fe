"""Placeholder until the python pass lands: reports nothing."""

from __future__ import annotations

from scanner.models import PassResult, PassSettings
from scanner.source import SourceFile


class PythonPass:
    name = "python"

    def wants(self, source: SourceFile) -> bool:
        return False

    def scan(self, source: SourceFile, settings: PassSettings) -> PassResult:
        return PassResult()
