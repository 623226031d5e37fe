"""Placeholder until the IaC pass lands: reports nothing."""

from __future__ import annotations

from collections.abc import Sequence

from scanner.models import PassResult, PassSettings
from scanner.source import SourceFile


class CloudFormationPass:
    name = "cloudformation"

    def wants(self, source: SourceFile) -> bool:
        return False

    def scan(self, source: SourceFile, settings: PassSettings) -> PassResult:
        return PassResult()


class TerraformPass:
    name = "terraform"

    def group_of(self, path: str) -> str | None:
        return None

    def scan_group(self, sources: Sequence[SourceFile], settings: PassSettings) -> PassResult:
        return PassResult()
