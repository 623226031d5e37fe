from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from scanner.baseline import Entry, entries_of
from scanner.diff_base import _materialise, known_findings, safe_path
from scanner.diff_files import ChangedFiles, parse_name_status
from scanner.models import Finding, Region


@pytest.mark.parametrize(
    ("path", "safe"),
    [
        ("app.py", True),
        ("infra/main.tf", True),
        ('odd\nname\t"q" café.py', True),
        ("..x/.gitignore", True),
        ("../escape.py", False),
        ("infra/../../escape.py", False),
        ("/etc/passwd", False),
        ("a//b.py", False),
        ("./a.py", False),
        (".git/config", False),
        ("sub/.GIT/hooks/post-checkout", False),
        ("nul\0byte", False),
    ],
)
def test_safe_path(path: str, safe: bool) -> None:
    assert safe_path(path) is safe


def _git(repo: Path, *argv: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *argv], input=stdin, capture_output=True, check=True
    )
    return done.stdout.decode().strip()


BASE_FILES = {
    "app.py": b"a = 1\n",
    "copy.py": b"a = 1\n",
    "old.py": b"o = 2\n",
    "infra/main.tf": b'resource "x" "y" {}\n',
    "infra/iam.tf": b'resource "z" "w" {}\n',
    "infra/notes.md": b"notes\n",
    "infra/sub/deeper.tf": b"locals {}\n",
    "bin.dat": b"\x00\x01\xff" * 1000,
    'odd\nname\t"q" café.py': b"odd = 3\n",
}


@pytest.fixture
def base(tmp_path: Path) -> tuple[Path, str]:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    for name, content in BASE_FILES.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(content)
    (repo / "link.py").symlink_to("app.py")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.email=d@example.invalid", "-c", "user.name=D", "commit", "-qm", "b")
    return repo, _git(repo, "rev-parse", "HEAD")


def _by_content(tree: Path, files: tuple[Path, ...]) -> list[Finding]:
    """A stand-in for the sweep: one finding per file, identified by its bytes."""
    return [
        Finding("r", file.relative_to(tree).as_posix(), Region(1), "m", _digest(file.read_bytes()))
        for file in files
    ]


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


RENAMED = parse_name_status(b"R100\0old.py\0lib/new.py\0")


@pytest.mark.parametrize(
    ("files", "paths", "expected"),
    [
        (RENAMED, {"app.py"}, {"app.py": "app.py"}),
        # A Terraform file brings the other files of its module, not those below it.
        (
            RENAMED,
            {"infra/main.tf"},
            {"infra/main.tf": "infra/main.tf", "infra/iam.tf": "infra/iam.tf"},
        ),
        # A renamed file is written at its new name, with the base's content.
        (RENAMED, {"lib/new.py"}, {"lib/new.py": "old.py"}),
        (RENAMED, {"old.py"}, {}),
        # Symbolic links are no content; files new since the base have none to compare.
        (RENAMED, {"link.py", "added.py"}, {}),
        (
            RENAMED,
            {"bin.dat", "copy.py", 'odd\nname\t"q" café.py'},
            {
                "bin.dat": "bin.dat",
                "copy.py": "copy.py",
                'odd\nname\t"q" café.py': 'odd\nname\t"q" café.py',
            },
        ),
    ],
)
def test_known_entries_scan_only_the_base_files_in_question(
    base: tuple[Path, str], files: ChangedFiles, paths: set[str], expected: dict[str, str]
) -> None:
    repo, commit = base
    trees: list[Path] = []

    def rescan(tree: Path, written: tuple[Path, ...]) -> Sequence[Finding]:
        trees.append(tree)
        return _by_content(tree, written)

    entries = entries_of(known_findings(repo, commit, files=files, paths=paths, rescan=rescan))
    assert entries == {
        Entry(file=now, rule="r", identity=_digest(BASE_FILES[then]))
        for now, then in expected.items()
    }
    assert len(trees) == (1 if expected else 0)
    assert not any(tree.exists() for tree in trees)


def test_the_temporary_directory_goes_even_when_the_scan_fails(base: tuple[Path, str]) -> None:
    repo, commit = base
    trees: list[Path] = []

    def rescan(tree: Path, written: tuple[Path, ...]) -> Sequence[Finding]:
        trees.append(tree)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        known_findings(repo, commit, files=RENAMED, paths={"app.py"}, rescan=rescan)
    assert trees and not trees[0].parent.exists()


def test_missing_blobs_and_unwritable_names_are_left_out(
    base: tuple[Path, str], tmp_path: Path
) -> None:
    repo, _ = base
    blob = _git(repo, "rev-parse", "HEAD:app.py").encode()
    tree = tmp_path / "tree"
    tree.mkdir()
    wanted = {"a.py": blob, "gone.py": b"0" * 40, "a.py/under-a-file.py": blob, "b.py": blob}
    written = _materialise(repo, tree, wanted, dump=tmp_path / "blobs")
    assert written == (tree / "a.py", tree / "b.py")
    assert [(tree / name).read_bytes() for name in ("a.py", "b.py")] == [b"a = 1\n"] * 2
