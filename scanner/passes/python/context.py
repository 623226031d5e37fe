"""What every finding builder of the pass needs about the file being scanned."""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from scanner import keyshape
from scanner.models import Region
from scanner.passes.python.index import ModuleIndex
from scanner.passes.python.locations import LineMap

_WHITESPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class FileContext:
    path: str
    lines: LineMap
    extra_placeholders: frozenset[str]


def region_of(index: ModuleIndex, context: FileContext, node: cst.CSTNode) -> Region:
    return context.lines.region(index.position(node))


def text_region(index: ModuleIndex, context: FileContext, node: cst.CSTNode, text: str) -> Region:
    """Where `text` is written inside a string literal, quotes and prefix left out: the
    region the key pass gives the same value, so the two passes' findings coincide. A
    literal that spells the text with escapes keeps the whole literal's region."""
    raw = node.value if isinstance(node, cst.SimpleString) else ""
    offset = raw.find(text) if text else -1
    if offset < 0:
        return region_of(index, context, node)
    start = index.position(node).start
    newlines = raw.count("\n", 0, offset)
    if newlines:
        line, column = start.line + newlines, offset - raw.rfind("\n", 0, offset) - 1
    else:
        line, column = start.line, start.column + offset
    start_line, start_column = context.lines.point(line, column)
    return Region(start_line, start_column, start_line, start_column + len(text))


def construct_identity(index: ModuleIndex, node: cst.CSTNode) -> str:
    """The hash of the construct's code with all whitespace removed, so reformatting or
    moving the code keeps a finding's identity (and its baseline entry)."""
    return keyshape.sha256_hex(_WHITESPACE_RE.sub("", index.code(node)))
