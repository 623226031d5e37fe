"""Read a repository's history through git itself: which blobs each commit introduced, and
their content. Nothing here interprets file content.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from scanner.errors import UsageError
from scanner.walker import GIT_SAFETY

_NULL_BLOB = "0" * 40
# Submodule entries name a commit, symbolic links a path: neither is file content.
_SKIPPED_MODES = ("160000", "120000")
_SCHEME = re.compile(r"\A[A-Za-z][A-Za-z0-9+.-]*\Z")
_HOST_PORT = re.compile(r"\A(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?\Z")
_SCP_HOST = re.compile(r"\A[A-Za-z0-9._~-]+\Z")


@dataclass(frozen=True)
class BlobIntroduction:
    """A blob's first appearance: the commit that added it and the path it had there."""

    blob: str
    commit: str
    path: str


def git(root: Path, *arguments: str, stdin: bytes | None = None) -> bytes:
    command: Sequence[str] = ["git", "-C", str(root), *GIT_SAFETY, *arguments]
    try:
        completed = subprocess.run(
            command, input=stdin, capture_output=True, check=False, timeout=3600
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise UsageError(f"cannot run git: {error}") from error
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise UsageError(f"git {' '.join(arguments[:2])} failed in {root}: {message}")
    return completed.stdout


def commits(root: Path, *, since: str | None, all_refs: bool) -> list[str]:
    """Commits oldest first, every parent before its children."""
    revisions = ["--all"] if all_refs else ["HEAD"]
    if since is not None:
        revisions.append(f"^{verify_commit(root, since)}")
    listed = git(root, "rev-list", "--reverse", "--topo-order", *revisions, "--")
    return listed.decode().split()


def verify_commit(root: Path, ref: str) -> str:
    if ref.startswith("-"):
        raise UsageError(f"{ref!r} is not a git revision")
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except UsageError:
        raise UsageError(f"{ref!r}: no such commit in {root}") from None


def introductions(root: Path, order: Sequence[str], pathspec: str | None) -> list[BlobIntroduction]:
    """Each blob once, at the first commit (in `order`) whose diff adds it.

    A shallow clone's oldest commit has no parent here, so `--root` lists its whole tree as
    added: the sweep covers what the clone holds.
    """
    arguments = ["diff-tree", "--stdin", "-r", "-z", "-m", "--root", "--no-renames"]
    if pathspec:
        arguments += ["--", pathspec]
    output = git(root, *arguments, stdin="".join(f"{c}\n" for c in order).encode())
    seen: set[str] = set()
    found: list[BlobIntroduction] = []
    for commit, mode, blob, raw_path in _records(output):
        if blob == _NULL_BLOB or mode in _SKIPPED_MODES or blob in seen:
            continue
        seen.add(blob)
        found.append(BlobIntroduction(blob, commit, os.fsdecode(raw_path)))
    return found


def _records(output: bytes) -> Iterator[tuple[str, str, str, bytes]]:
    """(commit, new mode, new blob, path) from `diff-tree --stdin -z` output."""
    tokens = iter(output.split(b"\0"))
    commit = ""
    for token in tokens:
        if token.startswith(b":"):
            _, new_mode, _, new_blob, _ = token[1:].decode().split(" ")
            yield commit, new_mode, new_blob, next(tokens)
        elif token.strip():
            commit = token.decode().strip()


class BlobReader:
    """`git cat-file --batch`, one blob at a time: memory holds one blob, not the history."""

    def __init__(self, root: Path) -> None:
        self._process = subprocess.Popen(
            ["git", "-C", str(root), *GIT_SAFETY, "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def read(self, blob: str, *, max_size: int) -> bytes | int:
        """The blob's bytes, or its size when that is over `max_size` (content skipped)."""
        stdin, stdout = self._pipes()
        stdin.write(f"{blob}\n".encode())
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise UsageError(f"git cat-file cannot read blob {blob}")
        size = int(header[2])
        if size > max_size:
            _discard(stdout, size + 1)
            return size
        data = stdout.read(size)
        stdout.read(1)
        return data

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        assert self._process.stdin is not None and self._process.stdout is not None
        return self._process.stdin, self._process.stdout

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=60)
        if self._process.stdout is not None:
            self._process.stdout.close()


def _discard(stream: IO[bytes], count: int) -> None:
    while count > 0:
        chunk = stream.read(min(count, 1 << 20))
        if not chunk:
            return
        count -= len(chunk)


def commit_dates(root: Path, wanted: Sequence[str]) -> dict[str, str]:
    """ISO 8601 committer dates of some commits."""
    if not wanted:
        return {}
    output = git(root, "show", "-s", "--format=%H %cI", *sorted(set(wanted)), "--")
    lines = output.decode().splitlines()
    return dict(line.split(" ", 1) for line in lines if " " in line)


def head(root: Path) -> str | None:
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "HEAD").decode().strip() or None
    except UsageError:
        return None


def repository_uri(root: Path) -> str | None:
    """The origin's URL without any user name or token in it; the local directory when there is
    no origin; None when the origin's URL cannot be scrubbed with confidence.
    """
    try:
        url = git(root, "remote", "get-url", "origin").decode(errors="replace").strip()
    except UsageError:
        return root.resolve().as_uri()
    return scrub_remote_url(url)


def scrub_remote_url(url: str) -> str | None:
    """A remote URL with its user information, query and fragment removed, or None.

    Deliberately not urllib: its port parsing raises on a password with ':' or '/' in it, and
    the exception's text carries the password. Everything up to the last '@' is taken for
    user information, since passwords may hold '/', ':' and '@'; a path with '@' in it thus
    costs the host, never a secret. Anything that does not then look like host and path is
    dropped rather than guessed at.
    """
    if not url or not url.isprintable() or any(char.isspace() for char in url):
        return None
    if "://" in url:
        return _scrub_hierarchical(url)
    return _scrub_scp_like(url)


def _scrub_hierarchical(url: str) -> str | None:
    scheme, rest = url.split("://", 1)
    if not _SCHEME.match(scheme):
        return None
    rest = rest.rpartition("@")[2]
    for mark in "?#":
        rest = rest.partition(mark)[0]
    authority, slash, path = rest.partition("/")
    if not authority and scheme.lower() == "file":
        return f"file:///{path}"
    if not _HOST_PORT.match(authority):
        return None
    return f"{scheme}://{authority}{slash}{path}"


def _scrub_scp_like(url: str) -> str | None:
    """Git's `[user@]host:path` form; a local path or anything else has no URI to report."""
    host, colon, path = url.rpartition("@")[2].partition(":")
    if not colon or not path or not _SCP_HOST.match(host):
        return None
    return f"ssh://{host}/{path.lstrip('/')}"
