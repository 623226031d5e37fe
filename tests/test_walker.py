from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pathspec
import pytest

from scanner.walker import (
    DEFAULT_EXCLUDES,
    FileEntry,
    Skip,
    find_root,
    in_default_excluded_directory,
    siblings,
    walk,
)


def _tree(root: Path, files: dict[str, str]) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


def _listing(root: Path, *, excludes: tuple[str, ...] = (), defaults: bool = True) -> set[str]:
    return {
        item.path
        for item in walk(root, [root], excludes=excludes, use_default_excludes=defaults)
        if isinstance(item, FileEntry)
    }


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


FILES = {
    "app.py": "",
    ".gitignore": "*.log\nbuild/\n",
    "debug.log": "",
    "build/out.txt": "",
    "sub/.gitignore": "local.cfg\n",
    "sub/local.cfg": "",
    "sub/keep.cfg": "",
    "node_modules/pkg/index.js": "",
    ".git-not-really/file": "",
}


@pytest.mark.parametrize(
    ("excludes", "defaults", "expected"),
    [
        (
            (),
            True,
            {"app.py", ".gitignore", "sub/.gitignore", "sub/keep.cfg", ".git-not-really/file"},
        ),
        (("sub/",), True, {"app.py", ".gitignore", ".git-not-really/file"}),
        (
            ("*.cfg", ".git*"),
            False,
            {"app.py", "node_modules/pkg/index.js"},
        ),
    ],
)
def test_plain_directory_honours_gitignore_and_excludes(
    tmp_path: Path, excludes: tuple[str, ...], defaults: bool, expected: set[str]
) -> None:
    _tree(tmp_path, FILES)
    assert _listing(tmp_path, excludes=excludes, defaults=defaults) == expected


def test_git_work_tree_lists_tracked_and_untracked_not_ignored(tmp_path: Path) -> None:
    _tree(tmp_path, FILES)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "app.py")
    # A tracked file stays in the sweep even when a later .gitignore would ignore it.
    (tmp_path / "tracked.log").write_text("", encoding="utf-8")
    _git(tmp_path, "add", "-f", "tracked.log")
    listing = _listing(tmp_path)
    assert "tracked.log" in listing
    assert "debug.log" not in listing
    assert "sub/local.cfg" not in listing
    assert "sub/keep.cfg" in listing
    assert not any(path.startswith(".git/") for path in listing)


def test_root_is_git_top_level(tmp_path: Path) -> None:
    _tree(tmp_path, {"a/b/c.py": ""})
    _git(tmp_path, "init", "-q")
    assert find_root([tmp_path / "a" / "b"]) == tmp_path.resolve()
    assert find_root([tmp_path / "a" / "b" / "c.py"]) == tmp_path.resolve()


def test_root_outside_git_is_the_given_directory(tmp_path: Path) -> None:
    _tree(tmp_path, {"a/b/c.py": ""})
    assert find_root([tmp_path / "a"]) == (tmp_path / "a").resolve()


def _skips(root: Path) -> dict[str, str]:
    return {item.path: item.reason for item in walk(root, [root]) if isinstance(item, Skip)}


def test_symlinks(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    root = tmp_path / "repo"
    _tree(root, {"real.txt": "x"})
    (root / "inside-link").symlink_to(root / "real.txt")
    (root / "outside-link").symlink_to(outside)
    (root / "dangling").symlink_to(root / "missing")
    (root / "loop-a").symlink_to(root / "loop-b")
    (root / "loop-b").symlink_to(root / "loop-a")
    skips = _skips(root)
    assert skips == {
        "outside-link": "symlink-outside-root",
        "dangling": "broken-symlink",
        "loop-a": "broken-symlink",
        "loop-b": "broken-symlink",
    }
    assert "inside-link" in _listing(root)


_DIRECTORY_LINK = "symlink-to-directory"


@pytest.mark.parametrize(
    ("links", "in_git", "expected"),
    [
        pytest.param({"inside": "repo/sub"}, False, {"inside": _DIRECTORY_LINK}, id="inside"),
        pytest.param({"outside": "elsewhere"}, False, {"outside": _DIRECTORY_LINK}, id="outside"),
        pytest.param({"up": "repo"}, False, {"up": _DIRECTORY_LINK}, id="to-the-root"),
        pytest.param({"parent": "."}, False, {"parent": _DIRECTORY_LINK}, id="to-a-parent"),
        pytest.param(
            {"sub/deeper/back": "repo/sub"},
            False,
            {"sub/deeper/back": _DIRECTORY_LINK},
            id="nested",
        ),
        pytest.param({"ignored-link": "elsewhere"}, False, {}, id="gitignored"),
        pytest.param({".venv": "elsewhere"}, False, {}, id="default-excluded"),
        pytest.param({"linked": "elsewhere"}, True, {"linked": _DIRECTORY_LINK}, id="git"),
    ],
)
def test_links_to_directories_are_reported_not_followed(
    tmp_path: Path, links: dict[str, str], in_git: bool, expected: dict[str, str]
) -> None:
    root = tmp_path / "repo"
    _tree(root, {"sub/deeper/a.txt": "x", ".gitignore": "ignored-link/\n"})
    _tree(tmp_path, {"elsewhere/secret.txt": "x"})
    if in_git:
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    for link, target in links.items():
        (root / link).symlink_to(tmp_path / target, target_is_directory=True)
    items = list(walk(root, [root]))
    skips = {item.path: item.reason for item in items if isinstance(item, Skip)}
    assert skips == expected
    listed = {item.path for item in items if isinstance(item, FileEntry)}
    assert listed == {".gitignore", "sub/deeper/a.txt"}
    messages = {item.message for item in items if isinstance(item, Skip)}
    assert messages <= {"a symbolic link to a directory, not followed"}


def test_fifo_is_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    assert _skips(tmp_path) == {"pipe": "not-a-file"}


def test_single_file_target(tmp_path: Path) -> None:
    _tree(tmp_path, {"one.py": "", "two.py": ""})
    items = list(walk(tmp_path, [tmp_path / "one.py"]))
    assert [item.path for item in items] == ["one.py"]


@pytest.mark.parametrize("in_git", [False, True])
def test_named_files_skip_default_excludes_but_not_the_users(tmp_path: Path, in_git: bool) -> None:
    _tree(tmp_path, {"node_modules/pkg/index.js": "", "fixtures/fake.py": "", "app.py": ""})
    if in_git:
        _git(tmp_path, "init", "-q")
        _git(tmp_path, "add", "-f", ".")
    named = [tmp_path / "node_modules/pkg/index.js", tmp_path / "fixtures/fake.py"]
    items = list(walk(tmp_path, named, excludes=("fixtures/",)))
    assert [i.path for i in items if isinstance(i, FileEntry)] == ["node_modules/pkg/index.js"]
    assert [(i.path, i.reason) for i in items if isinstance(i, Skip)] == [
        ("fixtures/fake.py", "excluded")
    ]
    # A walked directory still leaves third-party trees out.
    assert "node_modules/pkg/index.js" not in _listing(tmp_path)


_DEFAULT_EXCLUDE_PATHS = [
    "app.py",
    "node_modules",
    "node_modules/",
    "node_modules/pkg/index.js",
    "web/node_modules/pkg/index.js",
    "web/node_modules/",
    "web/node_modules",
    "node_modules_old/x.js",
    "my_node_modules/x.js",
    "Node_Modules/x.js",
    "lib/site-packages/boto3/__init__.py",
    "dist-packages/x.py",
    "src/__pycache__/m.cpython-311.pyc",
    "__pycache__",
    ".tox/py311/log.txt",
    ".nox/x",
    ".venv/bin/python",
    "a/b/.venv/",
    ".mypy_cache/3.11/x.json",
    ".ruff_cache/x",
    ".pytest_cache/v/cache",
    ".git/config",
    "sub/.git/HEAD",
    ".gitignore",
    ".git-not-really/file",
    "venv/bin/python",
    "a/.tox",
    "deep/" * 20 + "site-packages/x.py",
    "x/.venv.py",
]


@pytest.mark.parametrize("relative", _DEFAULT_EXCLUDE_PATHS)
def test_default_excludes_match_as_pathspec_matches_them(relative: str) -> None:
    expected = pathspec.GitIgnoreSpec.from_lines(DEFAULT_EXCLUDES).match_file(relative)
    assert in_default_excluded_directory(relative) is expected


def test_default_exclude_paths_hold_both_verdicts() -> None:
    verdicts = [in_default_excluded_directory(path) for path in _DEFAULT_EXCLUDE_PATHS]
    assert verdicts.count(True) >= 10 and verdicts.count(False) >= 10


@pytest.mark.parametrize("in_git", [False, True])
@pytest.mark.parametrize(
    ("link", "target", "expected"),
    [
        ("outside", "elsewhere/file.txt", Skip),  # a link out of the tree, named alone
        ("inside", "repo/real.txt", FileEntry),  # a link to a file of the tree
    ],
)
def test_a_named_link_to_a_file_is_judged_as_a_link(
    tmp_path: Path, in_git: bool, link: str, target: str, expected: type
) -> None:
    _tree(tmp_path, {"elsewhere/file.txt": "x", "repo/real.txt": "y"})
    root = tmp_path / "repo"
    if in_git:
        _git(root, "init", "-q")
    (root / link).symlink_to(tmp_path / target)
    named = root / link
    items = list(walk(find_root([named]), [named]))
    assert [type(item) for item in items] == [expected]
    assert items[0].path == link
    if isinstance(items[0], Skip):
        assert items[0].reason == "symlink-outside-root"


@pytest.mark.parametrize("size", [0, 5, 70_000])
def test_an_entry_knows_its_size_and_place_on_disk(tmp_path: Path, size: int) -> None:
    (tmp_path / "f.bin").write_bytes(b"x" * size)
    [entry] = [e for e in walk(tmp_path, (tmp_path,)) if isinstance(e, FileEntry)]
    assert (entry.path, entry.size) == ("f.bin", size)
    assert Path(entry.location) == tmp_path / "f.bin"


_IGNORING = {
    ".gitignore": ".env\nbuild/\n*.log\n",
    ".env": "",
    "app.py": "",
    "build/out.txt": "",
    "build/run.log": "",
    "build/.gitignore": "local.cfg\n",
    "build/local.cfg": "",
    "build/node_modules/pkg/index.js": "",
    "build/deep/x.txt": "",
    "build/deep/x.log": "",
    "logs/today.log": "",
}


@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
@pytest.mark.parametrize(
    ("named", "expected"),
    [
        # The whole tree: what a commit would hold, ignored files left out.
        ([], {".gitignore", "app.py"}),
        # Named, and ignored: read, since the user asked (a .env is usually ignored).
        ([".env"], {".env"}),
        ([".env", "app.py"], {".env", "app.py"}),
        # A named directory that is ignored is read; the rules at and below it still apply,
        # and so do the default excludes.
        (["build"], {"build/out.txt", "build/.gitignore", "build/deep/x.txt"}),
        (["build/deep"], {"build/deep/x.txt"}),
        # A directory that is not ignored itself keeps the rules above it for its files.
        (["logs"], set()),
        (["logs/today.log"], {"logs/today.log"}),
    ],
)
def test_a_named_path_is_read_even_when_ignored(
    tmp_path: Path, in_git: bool, named: list[str], expected: set[str]
) -> None:
    _tree(tmp_path, _IGNORING)
    if in_git:
        _git(tmp_path, "init", "-q")
        _git(tmp_path, "add", "app.py", ".gitignore")
    targets = [tmp_path / name for name in named] or [tmp_path]
    items = list(walk(tmp_path, targets))
    assert {item.path for item in items if isinstance(item, FileEntry)} == expected
    # A named directory that gave nothing says so; nothing else is skipped.
    notes = [item.reason for item in items if isinstance(item, Skip)]
    assert notes == ([] if expected else ["nothing-to-scan"])


def test_siblings_are_the_plain_files_of_a_directory_the_test_takes(tmp_path: Path) -> None:
    _tree(tmp_path, {"m/a.tf": "", "m/b.tf": "", "m/c.txt": "", "m/sub/d.tf": "", "e.tf": ""})
    (tmp_path / "m" / "link.tf").symlink_to(tmp_path / "e.tf")
    (tmp_path / "m" / "dir.tf").mkdir()
    found = siblings(tmp_path, "m", lambda path: path.endswith(".tf"))
    assert [(entry.path, entry.size) for entry in found] == [("m/a.tf", 0), ("m/b.tf", 0)]
    assert [e.path for e in siblings(tmp_path, ".", lambda path: path.endswith(".tf"))] == ["e.tf"]
    assert siblings(tmp_path, "missing", lambda path: True) == []


_PATTERNS = {
    ".gitignore": "logs\n*.tmp\n/secret/*\ncfg/**\n",
    "logs/a.txt": "",
    "logs/b.tmp": "",
    "secret/s.txt": "",
    "cfg/c.txt": "",
    "scratch/x.tmp": "",
    "node_modules/pkg/c.txt": "",
}


@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
@pytest.mark.parametrize(
    ("named", "expected", "skipped"),
    [
        # Ignored as a directory (`logs`, `cfg/**`, `/secret/*`, as git counts them): read,
        # the rules that do not ignore it still apply inside it.
        ("logs", {"logs/a.txt"}, []),
        ("cfg", {"cfg/c.txt"}, []),
        ("secret", {"secret/s.txt"}, []),
        # Every file in it ignored or excluded by a rule of its own: nothing read, said so.
        ("scratch", set(), [("scratch/", "nothing-to-scan")]),
        ("node_modules/pkg", set(), [("node_modules/pkg/", "nothing-to-scan")]),
    ],
)
def test_a_named_directory_reads_as_its_rules_say_and_says_when_nothing_was_read(
    tmp_path: Path, in_git: bool, named: str, expected: set[str], skipped: list[tuple[str, str]]
) -> None:
    _tree(tmp_path, _PATTERNS)
    if in_git:
        _git(tmp_path, "init", "-q")
    items = list(walk(tmp_path, [tmp_path / named]))
    assert {i.path for i in items if isinstance(i, FileEntry)} == expected
    assert [(i.path, i.reason) for i in items if isinstance(i, Skip)] == skipped
