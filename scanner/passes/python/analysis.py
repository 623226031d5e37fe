"""Parse one module of Python with libcst and gather every finding of the pass."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from typing import NamedTuple

import libcst as cst
from libcst.metadata import MetadataWrapper

from scanner.models import Finding
from scanner.passes.python import guard
from scanner.passes.python.context import FileContext
from scanner.passes.python.entry_points import entry_point_of
from scanner.passes.python.file_reads import credential_file_reads
from scanner.passes.python.identifiers import normalised_names
from scanner.passes.python.index import ModuleIndex
from scanner.passes.python.locations import LineMap
from scanner.passes.python.provenance import Resolver
from scanner.passes.python.reduction import reduced
from scanner.passes.python.relevance import may_matter
from scanner.passes.python.signatures import deals_with_aws_keys
from scanner.passes.python.usage import call_findings


class Analysis(NamedTuple):
    findings: list[Finding]
    parsed: bool


# A form feed in a line's indentation resets Python's count of it; libcst's parser rejects
# it (whole files were lost to the pass). Removed with the white space before it, the code
# means the same to Python; columns later on such a line move left.
_FORM_FEED_INDENT_RE = re.compile(r"^[ \t\f]*\f", re.MULTILINE)
# A lone surrogate (a notebook's JSON may spell one, `"\\ud800"`) cannot be encoded, and libcst
# and the tree screen encode the text they parse: one such character anywhere turned the pass
# off for the whole file. Each becomes U+FFFD, one character for one, so columns stay.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def encodable(code: str) -> str:
    return code if code.isascii() else _SURROGATE_RE.sub("\ufffd", code)


def analyse(code: str, context: FileContext) -> Analysis:
    """Findings of one module; raises guard.Refusal or libcst.ParserSyntaxError."""
    if "\f" in code:
        code = _FORM_FEED_INDENT_RE.sub("", code)
    code = normalised_names(encodable(code))
    tree = guard.screen(code)
    if tree is not None:
        if not may_matter(tree, code):
            return Analysis([], parsed=False)
        guard.check_depth(tree)
    aws_keys = deals_with_aws_keys(code)
    module, lines = _slim_module(code, tree, context, clients_matter=not aws_keys)
    findings: list[Finding] = []

    def on_module(index: ModuleIndex) -> None:
        findings.extend(_module_findings(index, replace(context, lines=lines), aws_keys))

    # The module was parsed here and is never shared, so the defensive deep copy is waste.
    MetadataWrapper(module, unsafe_skip_copy=True).visit(ModuleIndex(on_module))
    return Analysis(findings, parsed=True)


def _slim_module(
    code: str, tree: ast.Module | None, context: FileContext, *, clients_matter: bool
) -> tuple[cst.Module, LineMap]:
    """The module without what no finding needs (`reduction.py`), and the map from its lines
    to the file's. Should libcst not parse the reduced code, the whole module is parsed, so
    a file libcst cannot parse is still refused."""
    slim = reduced(code, tree, clients_matter=clients_matter) if tree is not None else None
    if slim is not None:
        try:
            return cst.parse_module(slim.code), context.lines.compose(slim.lines)
        except cst.ParserSyntaxError:
            pass
    return cst.parse_module(code), context.lines


def parses(code: str) -> bool:
    code = encodable(code)
    try:
        tree = guard.screen(code)
        if tree is not None:
            guard.check_depth(tree)
        cst.parse_module(code)
    except (guard.Refusal, cst.ParserSyntaxError):
        return False
    return True


def _module_findings(index: ModuleIndex, context: FileContext, aws_keys: bool) -> list[Finding]:
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
    matters = entry_points > 0 or aws_keys
    findings.extend(credential_file_reads(index, context, loads_dotenv_matter=matters))
    return findings
