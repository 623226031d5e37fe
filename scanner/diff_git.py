"""Running git for `credsweep scan --diff`: the one place its commands are built.

Only read-only commands run, and none of them may run a program the repository or its
configuration names: diffs go without external diff drivers or textconv (the callers pass
`--no-ext-diff --no-textconv`), base content is read with `ls-tree` and `cat-file --batch`,
which apply no filters, and the file-system monitor hook is switched off.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from scanner.errors import UsageError
from scanner.walker import git_toplevel

# Names unquoted (the callers read them raw), and no fsmonitor hook while the index is
# refreshed; an empty value means "off" to every git version, old and new.
_SETTINGS = ("-c", "core.quotePath=false", "-c", "core.fsmonitor=")
_TIMEOUT = 600


def git(
    root: Path, *arguments: str, stdin: bytes | None = None, into: IO[bytes] | None = None
) -> bytes:
    """git's output; written to `into` instead when given (a blob dump need not fit in memory)."""
    command: Sequence[str] = ["git", "-C", str(root), *_SETTINGS, *arguments]
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
        raise UsageError(f"git {arguments[0]} failed in {root}: {message}")
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
