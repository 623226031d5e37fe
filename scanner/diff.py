"""What a change brought, for `credsweep scan --diff REF`.

"Since REF" means since the merge base of REF and HEAD, so that on a branch the lines that
REF gained meanwhile do not count as the branch's own. The working tree is compared, so
uncommitted edits count, and untracked files (not ignored) count in full.

A finding is the change's when it sits on an added line, or when it is in a changed file or
module and the base held no finding of the same identity (as a baseline would say: rule,
file, identity; never a line, so code that merely moved is not new).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from scanner.baseline import entry_of
from scanner.diff_base import Rescan, known_findings
from scanner.diff_files import ChangedFiles, parse_name_status
from scanner.diff_git import git, merge_base
from scanner.models import Finding
from scanner.passes.iac import module_directory
from scanner.rules import rules_by_id

_HUNK = re.compile(rb"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13}


@dataclass(frozen=True)
class AddedLines:
    lines: dict[str, frozenset[int]]
    whole_files: frozenset[str]

    def covers(self, finding: Finding) -> bool:
        if finding.path in self.whole_files:
            return True
        added = self.lines.get(finding.path, frozenset())
        return any(
            line in added for line in range(finding.region.start_line, finding.region.end_line + 1)
        )


@dataclass(frozen=True)
class Changes:
    base: str
    added: AddedLines
    files: ChangedFiles


def changes_since(root: Path, ref: str) -> Changes:
    base = merge_base(root, ref)
    compare = ("diff", "--no-color", "--no-ext-diff", "--no-textconv", "--find-renames")
    patch = git(root, *compare, "-U0", "--src-prefix=a/", "--dst-prefix=b/", base, "--")
    names = git(root, *compare, "--name-status", "-z", base, "--")
    untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard")
    whole = frozenset(os.fsdecode(name) for name in untracked.split(b"\0") if name)
    return Changes(base, AddedLines(parse_patch(patch), whole), parse_name_status(names, whole))


def introduced(
    root: Path, findings: Sequence[Finding], changes: Changes, *, rescan: Rescan
) -> list[Finding]:
    """The findings `changes` brought; `rescan` scans base versions of files (diff_base).

    A base finding that a suppression covered is not known: removing the marker is new."""
    # A Terraform finding names its resource by module and address, so one in a changed
    # module is looked up in the base even on an added line: moved to another file of the
    # module (a new file, all its lines added), it is not new.
    unsure = {
        f.path
        for f in findings
        if changes.files.touches(f.path)
        and (not changes.added.covers(f) or module_directory(f.path) is not None)
    }
    base: Sequence[Finding] = ()
    if unsure:  # most changes need no look at the base: every finding is on an added line
        base = known_findings(root, changes.base, files=changes.files, paths=unsure, rescan=rescan)
    unsuppressed = [f for f in base if f.suppressed_by is None]
    known = _highest(unsuppressed, entry_of)
    in_modules = _highest(unsuppressed, _module_key)

    def is_new(finding: Finding) -> bool:
        if finding.path not in unsure:
            return changes.added.covers(finding)
        rank = _rank(finding)
        module_key = _module_key(finding)
        moved = in_modules.get(module_key) if module_key is not None else None
        if moved is not None:
            return rank > moved
        seen = known.get(entry_of(finding))
        # Known at a lower level is new at this one: an instance tagged Tier=Web by the
        # change goes from warning to error.
        return changes.added.covers(finding) or seen is None or rank > seen

    return [f for f in findings if is_new(f)]


_Key = TypeVar("_Key")


def _highest(findings: Iterable[Finding], key: Callable[[Finding], _Key | None]) -> dict[_Key, int]:
    """The highest level (as a rank) of the findings under each key."""
    highest: dict[_Key, int] = {}
    for finding in findings:
        found = key(finding)
        if found is not None:
            highest[found] = max(highest.get(found, 0), _rank(finding))
    return highest


def _rank(finding: Finding) -> int:
    return finding.level.rank if finding.level is not None else 0


def _module_key(finding: Finding) -> tuple[str, str, str] | None:
    """An infrastructure finding's rule, identity and Terraform module: its identity names
    the resource by module and address, so a resource moved to another file of its module
    is the same. (A key's identity is its value: a copy of it in another file is new.)"""
    module = module_directory(finding.path)
    if module is None or "iac" not in _rule_tags(finding.rule_id):
        return None
    return (finding.rule_id, finding.identity, module)


def _rule_tags(rule_id: str) -> tuple[str, ...]:
    rule = rules_by_id().get(rule_id)
    return () if rule is None else rule.tags


def parse_patch(patch: bytes) -> dict[str, frozenset[int]]:
    """Added line numbers per file, from `git diff -U0` output.

    A hunk's lines are counted off against its header, so an added line that reads like a
    header (`++ b/other.txt` added is `+++ b/other.txt` in the patch) stays content."""
    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    pending = 0  # lines of the current hunk still to come
    for line in patch.split(b"\n"):
        if pending:
            if not line.startswith(b"\\"):  # "\ No newline at end of file" is no line
                pending -= 1
        elif line.startswith(b"+++ "):
            path = _target_path(line[4:])
            current = None if path is None else added.setdefault(path, set())
        elif hunk := _HUNK.match(line):
            removed, start, count = (int(g) if g else 1 for g in hunk.groups())
            pending = removed + count
            if current is not None:
                current.update(range(start, start + count))
    return {path: frozenset(lines) for path, lines in added.items() if lines}


def _target_path(raw: bytes) -> str | None:
    raw = raw.rstrip(b"\t")
    if raw == b"/dev/null":
        return None
    if raw.startswith(b'"') and raw.endswith(b'"'):
        raw = _unquote(raw[1:-1])
    return os.fsdecode(raw[2:]) if raw.startswith(b"b/") else os.fsdecode(raw)


def _unquote(quoted: bytes) -> bytes:
    """Undo git's C-style quoting of unusual file names (octal bytes, \\t, \\", \\\\)."""
    out = bytearray()
    index = 0
    while index < len(quoted):
        byte = quoted[index : index + 1]
        if byte != b"\\":
            out += byte
            index += 1
            continue
        following = quoted[index + 1 : index + 2]
        if following.isdigit():
            out.append(int(quoted[index + 1 : index + 4], 8))
            index += 4
        else:
            out.append(_ESCAPES.get(following, following[0] if following else 92))
            index += 2
    return bytes(out)
