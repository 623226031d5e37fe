from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.diff import AddedLines, parse_patch
from scanner.models import Finding, Region

KEY_A = "AKIA3PQG6ATXEYQS3HXX"
KEY_B = "AKIATTWUJNVJPX4Q6YO4"


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        (b"", {}),
        (
            b"diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -3 +3 @@\n-a\n+b\n"
            b"@@ -10,0 +11,2 @@\n+c\n+d\n",
            {"x.py": frozenset({3, 11, 12})},
        ),
        # Pure deletions add nothing; a deleted file has no target.
        (b"--- a/x.py\n+++ b/x.py\n@@ -4,2 +3,0 @@\n-a\n-b\n", {}),
        (b"--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n", {}),
        (
            b"--- /dev/null\n+++ b/new dir/n.py\n@@ -0,0 +1,2 @@\n+a\n+b\n",
            {"new dir/n.py": frozenset({1, 2})},
        ),
        # Names git quotes: tabs, quotes, backslashes and octal bytes.
        (
            b'--- a/x\n+++ "b/t\\tab \\"q\\" \\\\ caf\\303\\251.py"\n@@ -0,0 +1 @@\n+a\n',
            {'t\tab "q" \\ café.py': frozenset({1})},
        ),
        # A hunk line that merely looks like a header inside content is not one.
        (b"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-+++ b/y\n++++ b/z\n", {"x": frozenset({1})}),
    ],
)
def test_parse_patch(patch: bytes, expected: dict[str, frozenset[int]]) -> None:
    assert parse_patch(patch) == expected


def _finding(path: str, start: int, end: int = 0) -> Finding:
    return Finding("aws-access-key-id", path, Region(start, 1, end, 2), "m", "i" * 64)


def test_added_lines_cover_findings_touching_them() -> None:
    added = AddedLines({"a.py": frozenset({5})}, frozenset({"new.py"}))
    findings = [
        _finding("a.py", 5),
        _finding("a.py", 4, 6),
        _finding("a.py", 6),
        _finding("b.py", 5),
        _finding("new.py", 40),
    ]
    assert [(f.path, f.region.start_line) for f in findings if added.covers(f)] == [
        ("a.py", 5),
        ("a.py", 4),
        ("new.py", 40),
    ]


def _git(repo: Path, *argv: str) -> None:
    subprocess.run(["git", "-C", str(repo), *argv], capture_output=True, check=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "dev@example.invalid")
    _git(repo, "config", "user.name", "Dev")
    (repo / "old.py").write_text(f'import os\nOLD = "{KEY_A}"\n', encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "old key")
    return repo


def _scan_diff(
    capsys: pytest.CaptureFixture[str], repo: Path, ref: str
) -> tuple[int, list[tuple[str, int]]]:
    status = main(["scan", str(repo), "--diff", ref, "--format", "json", "--quiet"])
    out = capsys.readouterr().out
    return status, [(r["file"], r["line"]) for r in json.loads(out)] if out else []


def test_diff_reports_only_added_lines(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    _git(repo, "checkout", "-qb", "feature")
    (repo / "old.py").write_text(f'import os\nOLD = "{KEY_A}"\nNEW = "{KEY_B}"\n', encoding="utf-8")
    _git(repo, "commit", "-qam", "new key")
    (repo / "untracked.py").write_text(f'X = "{KEY_B}"\n', encoding="utf-8")
    assert _scan_diff(capsys, repo, "main") == (1, [("old.py", 3), ("untracked.py", 1)])
    # Unchanged since REF: nothing to report, exit 0.
    (repo / "untracked.py").unlink()
    assert _scan_diff(capsys, repo, "HEAD") == (0, [])


def test_diff_counts_from_the_merge_base(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    _git(repo, "checkout", "-qb", "feature")
    (repo / "feature.py").write_text("x = 1\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "feature work")
    _git(repo, "checkout", "-q", "main")
    (repo / "main_only.py").write_text(f'M = "{KEY_B}"\n', encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "main moves on")
    _git(repo, "checkout", "-q", "feature")
    # main's new key is not the branch's doing, and the branch's tree lacks it anyway.
    assert _scan_diff(capsys, repo, "main") == (0, [])


@pytest.mark.parametrize("ref", ["no-such-ref", "--output=x"])
def test_bad_ref_is_a_usage_error(capsys: pytest.CaptureFixture[str], repo: Path, ref: str) -> None:
    assert main(["scan", str(repo), f"--diff={ref}", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"--diff {ref!r}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("ref", ["HEAD", "main", "no-such-ref"])
def test_diff_outside_git_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ref: str
) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    assert main(["scan", str(tmp_path), "--diff", ref, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "is not a git repository" in err
    assert "no such commit" not in err
