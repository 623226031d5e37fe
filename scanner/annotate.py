"""The per-file step that needs the text at hand: inline suppressions and line hashes.

The engine calls `annotate` right after the passes, while each file's text is still in
memory, so neither step has to read a file twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from scanner import suppressions
from scanner.line_hash import hashes_for_lines
from scanner.models import Finding
from scanner.rules import rules_by_id
from scanner.source import SourceFile
from scanner.suppressions import UnusedSuppression


@dataclass(frozen=True)
class Annotated:
    findings: tuple[Finding, ...]
    unused_suppressions: tuple[UnusedSuppression, ...]


def annotate(
    findings: Sequence[Finding], sources: Sequence[SourceFile], *, find_unused: bool = True
) -> Annotated:
    """Mark suppressed findings and give each its GitHub line hash, file by file.

    A finding whose path is not one of `sources` (a group-level finding) passes unchanged.
    Without `find_unused`, a file with no finding is not searched for markers at all: only
    the unused ones could come of it, and searching every file is a fifth of a key sweep.
    """
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    done: list[Finding] = []
    unused: list[UnusedSuppression] = []
    for source in sources:
        own = by_path.pop(source.path, [])
        if not own and not find_unused:
            continue
        markers = suppressions.find_suppressions(source)
        if markers:
            # The catalogue is read only here: most files of a sweep hold no marker.
            known = frozenset(rules_by_id())
            unused.extend(suppressions.unused(source.path, own, markers, known))
        if own:
            done.extend(_with_line_hashes(suppressions.apply(own, markers), source))
    for rest in by_path.values():
        done.extend(rest)
    return Annotated(tuple(done), tuple(sorted(unused)))


def _with_line_hashes(findings: Sequence[Finding], source: SourceFile) -> list[Finding]:
    # The upload action reads a UTF-8 byte-order mark as a character; hash what it hashes.
    text = "\ufeff" + source.text if source.encoding == "utf-8-sig" else source.text
    hashes: Mapping[int, str] = hashes_for_lines(
        text, {finding.region.start_line for finding in findings}
    )
    return [
        replace(finding, line_hash=hashes[finding.region.start_line])
        if finding.region.start_line in hashes
        else finding
        for finding in findings
    ]
