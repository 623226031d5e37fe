"""What the merge base already held, for the findings `--diff` cannot place on an added line.

Only the base versions of the files in question (and of the other files of their groups) are
read, with git plumbing that runs no filters, into a private temporary directory that is
always removed. Each is written at its path of today (a renamed file at its new name), so the
base scan names files, and builds identities, exactly as the scan of today does; the caller's
`rescan` is that scan, with the same configuration.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

from scanner.diff_files import ChangedFiles, groups_of
from scanner.diff_git import git
from scanner.models import Finding

# The scan of the base: the directory standing in for the root, and the files written there.
Rescan = Callable[[Path, tuple[Path, ...]], Sequence[Finding]]

# Regular files only: a submodule entry names a commit, a symbolic link a path.
_FILE_MODES = (b"100644", b"100755")
_CHUNK = 1 << 20


def known_findings(
    root: Path, base: str, *, files: ChangedFiles, paths: Collection[str], rescan: Rescan
) -> Sequence[Finding]:
    """The base's findings in `paths` (today's names) and their groups."""
    wanted = _wanted(_base_files(root, base, files), paths)
    if not wanted:
        return ()
    with tempfile.TemporaryDirectory(prefix="credsweep-base-") as private:
        tree = Path(private).resolve() / "tree"
        tree.mkdir()
        written = _materialise(root, tree, wanted, dump=tree.parent / "blobs")
        return rescan(tree, written) if written else ()


def _base_files(root: Path, base: str, files: ChangedFiles) -> dict[str, bytes]:
    """Every regular file of the base: its path today, and its blob's object id."""
    listing = git(root, "ls-tree", "-r", "-z", "--full-tree", base)
    found: dict[str, bytes] = {}
    for record in listing.split(b"\0"):
        header, tab, raw_path = record.partition(b"\t")
        mode, _, rest = header.partition(b" ")
        kind, _, blob = rest.partition(b" ")
        if tab and mode in _FILE_MODES and kind == b"blob":
            found[files.now(os.fsdecode(raw_path))] = blob
    return found


def _wanted(base_files: dict[str, bytes], paths: Collection[str]) -> dict[str, bytes]:
    groups = frozenset(group for path in paths for group in groups_of(path))
    return {
        path: blob
        for path, blob in base_files.items()
        if safe_path(path) and (path in paths or not groups.isdisjoint(groups_of(path)))
    }


def safe_path(path: str) -> bool:
    """Whether `path` stays inside the directory it is written to, and names no `.git`
    (git itself, asked about the temporary directory, would read one)."""
    parts = path.split("/")
    return "\0" not in path and all(
        part not in ("", ".", "..") and part.lower() != ".git" for part in parts
    )


def _materialise(
    root: Path, tree: Path, wanted: dict[str, bytes], *, dump: Path
) -> tuple[Path, ...]:
    """Write each wanted blob under `tree`; what cannot be written is left out, so its
    findings of today count as new (the safe side for a gate)."""
    by_blob: dict[bytes, list[Path]] = {}
    for path, blob in sorted(wanted.items()):
        by_blob.setdefault(blob, []).append(tree.joinpath(*path.split("/")))
    blobs = list(by_blob)
    with dump.open("w+b") as stream:
        git(root, "cat-file", "--batch", stdin=b"".join(b + b"\n" for b in blobs), into=stream)
        stream.seek(0)
        written = [
            target
            for blob, size in _headers(stream, blobs)
            for target in _write_copies(stream, size, by_blob[blob])
        ]
    return tuple(written)


def _headers(stream: IO[bytes], blobs: Iterable[bytes]) -> Iterator[tuple[bytes, int]]:
    """Each blob present in `cat-file --batch` output, with its size; the caller reads the
    content (and this skips the newline after it)."""
    for blob in blobs:
        fields = stream.readline().split()
        if len(fields) != 3 or fields[1] != b"blob":
            continue  # "<id> missing": nothing follows
        yield blob, int(fields[2])
        stream.read(1)


def _write_copies(stream: IO[bytes], size: int, targets: Sequence[Path]) -> list[Path]:
    start = stream.tell()
    written: list[Path] = []
    for target in targets:
        stream.seek(start)
        if _write(stream, size, target):
            written.append(target)
    stream.seek(start + size)
    return written


def _write(stream: IO[bytes], size: int, target: Path) -> bool:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:
            remaining = size
            while remaining:
                chunk = stream.read(min(remaining, _CHUNK))
                if not chunk:
                    break
                out.write(chunk)
                remaining -= len(chunk)
    except OSError:
        # A name the file system refuses, or a file where a directory should be.
        return False
    return True
