"""Parse one module of Python with libcst and gather every finding of the pass."""

from __future__ import annotations

import ast
from typing import NamedTuple

import libcst as cst
from libcst.metadata import MetadataWrapper

from scanner.models import Finding
from scanner.passes.python import guard
from scanner.passes.python.context import FileContext
from scanner.passes.python.entry_points import entry_point_of
from scanner.passes.python.file_reads import credential_file_reads, deals_with_aws_keys
from scanner.passes.python.index import ModuleIndex
from scanner.passes.python.provenance import Resolver
from scanner.passes.python.reduction import reduced
from scanner.passes.python.relevance import may_matter
from scanner.passes.python.usage import call_findings


class Analysis(NamedTuple):
    findings: list[Finding]
    parsed: bool


def analyse(code: str, context: FileContext) -> Analysis:
    """Findings of one module; raises guard.Refusal or libcst.ParserSyntaxError."""
    tree = guard.screen(code)
    if tree is not None and not may_matter(tree):
        return Analysis([], parsed=False)
    module = _slim_module(code, tree, cst.parse_module(code))
    findings: list[Finding] = []

    def on_module(index: ModuleIndex) -> None:
        findings.extend(_module_findings(index, context, code))

    # The module was parsed here and is never shared, so the defensive deep copy is waste.
    MetadataWrapper(module, unsafe_skip_copy=True).visit(ModuleIndex(on_module))
    return Analysis(findings, parsed=True)


def _slim_module(code: str, tree: ast.Module | None, whole: cst.Module) -> cst.Module:
    """The module with what no finding needs blanked out (`reduction.py`). The whole module
    is parsed first all the same, so a file libcst cannot parse is still refused."""
    slim = reduced(code, tree) if tree is not None else None
    if slim is None:
        return whole
    try:
        return cst.parse_module(slim)
    except cst.ParserSyntaxError:
        return whole


def parses(code: str) -> bool:
    try:
        guard.screen(code)
        cst.parse_module(code)
    except (guard.Refusal, cst.ParserSyntaxError):
        return False
    return True


def _module_findings(index: ModuleIndex, context: FileContext, code: str) -> list[Finding]:
    resolver = Resolver(index)
    findings: list[Finding] = []
    entry_points = 0
    for call in index.calls:
        entry = entry_point_of(call, index)
        if entry is None:
            continue
        entry_points += 1
        findings.extend(call_findings(call, entry, index=index, resolver=resolver, context=context))
    # A .env file matters when this module handles AWS keys or builds SDK clients.
    matters = entry_points > 0 or deals_with_aws_keys(code)
    findings.extend(credential_file_reads(index, context, loads_dotenv_matter=matters))
    return findings
