from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from scanner.diff import changes_since
from scanner.diff_base import known_findings
from scanner.diff_git import _filters_off
from scanner.errors import UsageError
from scanner.models import Finding


def _git(repo: Path, *argv: str) -> None:
    subprocess.run(["git", "-C", str(repo), *argv], capture_output=True, check=True)


# Each names a program git would run if asked: none of them may run during --diff.
HOOKS = [
    ("core.fsmonitor", "fsmonitor"),
    ("diff.external", "external-diff"),
    ("diff.evil.textconv", "textconv"),
    ("filter.evil.smudge", "smudge"),
    # The working tree is compared through each changed file's clean filter, unless off.
    ("filter.evil.clean", "clean"),
    ("filter.evil.process", "process"),
]


@pytest.mark.parametrize(("setting", "name"), HOOKS, ids=[name for _, name in HOOKS])
def test_diff_runs_nothing_the_configuration_names(tmp_path: Path, setting: str, name: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "dev@example.invalid")
    _git(repo, "config", "user.name", "Dev")
    (repo / ".gitattributes").write_text("*.py diff=evil filter=evil\n", encoding="utf-8")
    (repo / "app.py").write_text("a = 1\nb = 2\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    (repo / "app.py").write_text("a = 1\nb = 2\nc = 3\n", encoding="utf-8")
    marker = tmp_path / f"ran-{name}"
    program = tmp_path / f"{name}.sh"
    program.write_text(f"#!/bin/sh\ntouch '{marker}'\ncat\n", encoding="utf-8")
    program.chmod(0o755)
    _git(repo, "config", setting, str(program))

    changes = changes_since(repo, "HEAD")
    handed: list[bytes] = []

    def rescan(tree: Path, files: tuple[Path, ...]) -> Sequence[Finding]:
        handed.extend(file.read_bytes() for file in files)
        return []

    known_findings(repo, changes.base, files=changes.files, paths={"app.py"}, rescan=rescan)
    assert (handed, changes.added.lines, marker.exists()) == (
        [b"a = 1\nb = 2\n"],
        {"app.py": frozenset({3})},
        False,
    )


@pytest.mark.parametrize(
    ("driver", "refused"),
    [("evil", False), ("with.dots.inside", False), ("Mixed Case", False), ("a=b", True)],
)
def test_every_filter_driver_is_switched_off_or_the_diff_refused(
    tmp_path: Path, driver: str, refused: bool
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", f"filter.{driver}.clean", "false")
    if refused:
        with pytest.raises(UsageError, match="filter driver"):
            _filters_off(repo)
        return
    settings = _filters_off(repo)
    assert f"filter.{driver}.clean=" in settings
    assert f"filter.{driver}.process=" in settings
    assert f"filter.{driver}.required=false" in settings
