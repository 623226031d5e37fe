"""Running git for `credsweep scan --diff`: the one place its commands are built.

Only read-only commands run, and none of them may run a program the repository or its
configuration names: diffs go without external diff drivers or textconv (the callers pass
`--no-ext-diff --no-textconv`), base content is read with `ls-tree` and `cat-file --batch`,
which apply no filters, and the file-system monitor hook is switched off.
"""

from __future__ import annotations

import functools
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from scanner.errors import UsageError
from scanner.walker import GIT_SAFETY, git_toplevel

# Names unquoted (the callers read them raw), and nothing run that the repository names
# (walker.GIT_SAFETY).
_SETTINGS = ("-c", "core.quotePath=false", *GIT_SAFETY)
_TIMEOUT = 600


def git(
    root: Path, *arguments: str, stdin: bytes | None = None, into: IO[bytes] | None = None
) -> bytes:
    """git's output; written to `into` instead when given (a blob dump need not fit in memory)."""
    command = ["git", "-C", str(root), *_SETTINGS, *_filters_off(root), *arguments]
    return _run(root, command, arguments[0], stdin=stdin, into=into)


@functools.cache
def _filters_off(root: Path) -> tuple[str, ...]:
    """Settings that switch off every content filter the configuration defines.

    Comparing the working tree with a commit runs each changed file through its `clean`
    filter, and a scanned directory's `.git/config` may define one as any program (with a
    `.gitattributes` line to apply it). Their names are only known by asking.
    """
    try:
        listed = _run(
            root,
            ["git", "-C", str(root), *GIT_SAFETY, "config", "-z", "--get-regexp", r"^filter\."],
            "config",
        )
    except UsageError:
        return ()  # git config exits 1 when nothing matches
    drivers = {
        entry.split(b"\n", 1)[0][len(b"filter.") :].rpartition(b".")[0]
        for entry in listed.split(b"\0")
        if entry
    }
    settings: list[str] = []
    for raw in sorted(drivers):
        driver = os.fsdecode(raw)
        if "=" in driver or not driver:
            # `-c` cannot name it; refusing is safer than running it.
            raise UsageError(f"--diff: cannot switch off the filter driver {driver!r} in {root}")
        for name, value in (("clean", ""), ("smudge", ""), ("process", ""), ("required", "false")):
            settings += ["-c", f"filter.{driver}.{name}={value}"]
    return tuple(settings)


def _run(
    root: Path,
    command: Sequence[str],
    name: str,
    *,
    stdin: bytes | None = None,
    into: IO[bytes] | None = None,
) -> bytes:
    output = into if into is not None else subprocess.PIPE
    try:
        completed = subprocess.run(
            command,
            input=stdin,
            stdout=output,
            stderr=subprocess.PIPE,
            check=False,
            timeout=_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise UsageError(f"cannot run git: {error}") from error
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise UsageError(f"git {name} failed in {root}: {message}")
    return completed.stdout or b""


def merge_base(root: Path, ref: str) -> str:
    """The commit `--diff REF` compares with: the merge base of REF and HEAD."""
    if ref.startswith("-"):
        raise UsageError(f"--diff {ref!r}: not a git revision")
    if git_toplevel(root) is None:
        raise UsageError(f"--diff {ref!r}: {root} is not a git repository; --diff needs one")
    try:
        commit = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except UsageError:
        raise UsageError(f"--diff {ref!r}: no such commit in {root}") from None
    try:
        return git(root, "merge-base", commit.decode(), "HEAD").strip().decode()
    except UsageError:
        # No common ancestor (an orphan branch, a shallow clone): compare with REF itself.
        return commit.decode()
