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


def construct_identity(index: ModuleIndex, node: cst.CSTNode) -> str:
    """The hash of the construct's code with all whitespace removed, so reformatting or
    moving the code keeps a finding's identity (and its baseline entry)."""
    return keyshape.sha256_hex(_WHITESPACE_RE.sub("", index.code(node)))
