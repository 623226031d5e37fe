"""Which lines changed since a git ref, for `credsweep scan --diff REF`.

"Since REF" means since the merge base of REF and HEAD, so that on a branch the lines that
REF gained meanwhile do not count as the branch's own. The working tree is compared, so
uncommitted edits count, and untracked files (not ignored) count in full.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scanner.errors import UsageError
from scanner.models import Finding
from scanner.walker import git_toplevel

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
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


def restrict(findings: Iterable[Finding], added: AddedLines) -> list[Finding]:
    return [finding for finding in findings if added.covers(finding)]


def added_since(root: Path, ref: str) -> AddedLines:
    base = _merge_base(root, ref)
    patch = _git(
        root,
        "-c",
        "core.quotePath=false",
        "diff",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--find-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        base,
        "--",
    )
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard")
    whole = frozenset(os.fsdecode(name) for name in untracked.split(b"\0") if name)
    return AddedLines(parse_patch(patch), whole)


def _merge_base(root: Path, ref: str) -> str:
    if ref.startswith("-"):
        raise UsageError(f"--diff {ref!r}: not a git revision")
    if git_toplevel(root) is None:
        raise UsageError(f"--diff {ref!r}: {root} is not a git repository; --diff needs one")
    try:
        commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except UsageError:
        raise UsageError(f"--diff {ref!r}: no such commit in {root}") from None
    try:
        return _git(root, "merge-base", commit.decode(), "HEAD").strip().decode()
    except UsageError:
        # No common ancestor (an orphan branch, a shallow clone): compare with REF itself.
        return commit.decode()


def parse_patch(patch: bytes) -> dict[str, frozenset[int]]:
    """Added line numbers per file, from `git diff -U0` output."""
    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in patch.split(b"\n"):
        if line.startswith(b"+++ "):
            path = _target_path(line[4:])
            current = None if path is None else added.setdefault(path, set())
        elif current is not None and (hunk := _HUNK.match(line)):
            start, count = int(hunk.group(1)), int(hunk.group(2) or b"1")
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


def _git(root: Path, *arguments: str) -> bytes:
    command: Sequence[str] = ["git", "-C", str(root), *arguments]
    try:
        completed = subprocess.run(command, capture_output=True, check=False, timeout=600)
    except (OSError, subprocess.SubprocessError) as error:
        raise UsageError(f"cannot run git: {error}") from error
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise UsageError(f"git {arguments[0]} failed in {root}: {message}")
    return completed.stdout
