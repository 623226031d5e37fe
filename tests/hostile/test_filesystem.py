"""Hostile trees: special files, symlink tricks, unreadable places, files that change under
the sweep, and names no one should give a file. Each sweep finishes, exits 0 or 1, says
what it left out, and never reads outside the root."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from scanner import engine
from scanner.cli import main
from tests.hostile.support import KEY, fake_key_id, sweep

KEY_RULE = "aws-access-key-id"
OUTSIDE_KEY = fake_key_id(99)
Setup = Callable[[Path, Path], None]


def _leak(path: Path, key: str = KEY) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'aws_access_key_id = "{key}"\n', encoding="utf-8")


def _fifo(root: Path, outside: Path) -> None:
    os.mkfifo(root / "pipe.env")


def _device(root: Path, outside: Path) -> None:
    try:
        os.mknod(root / "null", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD")


def _dev_null_link(root: Path, outside: Path) -> None:
    (root / "devnull.env").symlink_to("/dev/null")


def _loops(root: Path, outside: Path) -> None:
    (root / "a").symlink_to(root / "b")
    (root / "b").symlink_to(root / "a")
    (root / "self").symlink_to(root / "self")
    (root / "up").symlink_to(root, target_is_directory=True)


def _out_of_root(root: Path, outside: Path) -> None:
    _leak(outside / "stolen.env", OUTSIDE_KEY)
    (root / "innocent.env").symlink_to(outside / "stolen.env")
    (root / "relative.env").symlink_to(Path("..") / outside.name / "stolen.env")


def _newline_names(root: Path, outside: Path) -> None:
    _leak(root / "new\nline.py")
    _leak(root / "forged.py\nforged.py:9:9: error aws-access-key-id planted")


def _undecodable_names(root: Path, outside: Path) -> None:
    _leak(root / os.fsdecode(b"bad\xffbyte.py"))


# (setup, reasons that must be noted as (reason, uri), rule and uri pairs that must be found)
FILESYSTEM_CASES: dict[str, tuple[Setup, set[tuple[str, str]], set[tuple[str, str]]]] = {
    "fifo": (_fifo, {("not-a-file", "pipe.env")}, set()),
    "device-node": (_device, {("not-a-file", "null")}, set()),
    "dev-null-symlink": (_dev_null_link, {("symlink-outside-root", "devnull.env")}, set()),
    "symlink-loops": (_loops, {("broken-symlink", "a"), ("broken-symlink", "self")}, set()),
    "symlink-out-of-root": (
        _out_of_root,
        {("symlink-outside-root", "innocent.env"), ("symlink-outside-root", "relative.env")},
        set(),
    ),
    "newline-names": (_newline_names, set(), {(KEY_RULE, "new%0Aline.py")}),
    "undecodable-names": (_undecodable_names, set(), {(KEY_RULE, "bad%FFbyte.py")}),
}
# Faults known but not yet fixed, as strict xfail marks (none today).
_KNOWN_FAULTS: dict[str, pytest.MarkDecorator] = {}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=_KNOWN_FAULTS.get(n, ())) for n in FILESYSTEM_CASES]
)
def test_hostile_tree(tmp_path: Path, name: str) -> None:
    setup, notes, found = FILESYSTEM_CASES[name]
    root, outside = tmp_path / "tree", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    _leak(root / "control.py")
    setup(root, outside)

    result = sweep(root)

    assert result.status == 1
    assert notes <= result.notes()
    assert {(KEY_RULE, "control.py"), *found} <= result.rules_at()
    assert OUTSIDE_KEY[-4:] not in str(result.log)


@pytest.mark.parametrize("pattern", ["*a*a*a*a*a*a*a*a*b", "**/a/**/a/**/a/**/b", "a*a*a*\n*.log"])
def test_a_gitignore_cannot_stall_the_walk(tmp_path: Path, pattern: str) -> None:
    root = tmp_path / "tree"
    _leak(root / ("a/" * 40 + "a" * 200 + "c.env"))
    _leak(root / "build.log")
    (root / ".gitignore").write_text(f"# a*b*c*d is a comment\n{pattern}\n", encoding="utf-8")

    result = sweep(root)

    assert result.seconds < 20
    assert ("unsafe-ignore-pattern", ".gitignore") in result.notes()
    assert (KEY_RULE, "a/" * 40 + "a" * 200 + "c.env") in result.rules_at()
    # The patterns that are safe still apply.
    assert ((KEY_RULE, "build.log") in result.rules_at()) == ("*.log" not in pattern)


def test_a_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    chain = [root / "d"]
    for _ in range(1_199):
        chain.append(chain[-1] / "d")
    for directory in chain:
        directory.mkdir(parents=directory is chain[0])
    _leak(chain[-1] / "bottom.env")
    try:
        result = sweep(root)
    finally:
        # Recursive removal (pytest's own clean-up included) fails at this depth.
        for directory in reversed(chain):
            for item in directory.iterdir():
                if not item.is_dir():
                    item.unlink()
            directory.rmdir()
    assert result.status == 1
    assert (KEY_RULE, "d/" * 1_200 + "bottom.env") in result.rules_at()


def test_a_socket_is_left_out(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    _leak(root / "control.py")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "sock"))
        result = sweep(root)
    assert result.status == 1
    assert ("not-a-file", "sock") in result.notes()


def test_a_forged_name_cannot_forge_a_text_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "tree"
    _leak(root / "forged.py\nforged.py:9:9: error aws-access-key-id planted")
    assert main(["scan", str(root), "--format", "text", "--quiet", "--jobs", "1"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if line.startswith("forged.py:9:9")]


@contextmanager
def _failing(monkeypatch: pytest.MonkeyPatch, target: Path) -> Iterator[None]:
    """Make listing or opening `target` fail as it would without permission (tests run as
    root, for whom chmod 000 changes nothing)."""
    real_scandir, real_open = os.scandir, os.open

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == target:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[call-overload]

    def open_(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(os.fsdecode(path)) == target:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", open_)
    yield


@pytest.mark.parametrize(
    ("target", "note"),
    [("locked", ("unreadable", "locked/")), ("secret.env", ("unreadable", "secret.env"))],
)
def test_unreadable_places_are_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, note: tuple[str, str]
) -> None:
    root = tmp_path / "tree"
    _leak(root / "control.py")
    _leak(root / "locked" / "inside.py")
    _leak(root / "secret.env")
    with _failing(monkeypatch, root / target):
        result = sweep(root)
    assert result.status == 1
    assert note in result.notes()
    assert (KEY_RULE, "control.py") in result.rules_at()


def _delete(path: Path, outside: Path) -> None:
    path.unlink()


def _to_fifo(path: Path, outside: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _to_outside_link(path: Path, outside: Path) -> None:
    _leak(outside / "stolen.env", OUTSIDE_KEY)
    path.unlink()
    path.symlink_to(outside / "stolen.env")


def _grow(path: Path, outside: Path) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write("# padding\n" * 20_000)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_delete, "unreadable"),
        (_to_fifo, "not-a-file"),
        (_to_outside_link, "unreadable"),
        (_grow, "too-large"),
    ],
    ids=["deleted", "swapped-for-fifo", "swapped-for-symlink-out", "grew-past-limit"],
)
def test_a_file_changed_during_the_sweep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Setup, reason: str
) -> None:
    root, outside = tmp_path / "tree", tmp_path / "outside"
    outside.mkdir()
    _leak(root / "control.py")
    _leak(root / "victim.env")
    real = engine.read_file

    def changed_then_read(entry: object, **kwargs: object) -> object:
        if getattr(entry, "path", None) == "victim.env":
            change(root / "victim.env", outside)
        return real(entry, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "read_file", changed_then_read)
    result = sweep(root, (), "--max-file-size", "65536")

    assert result.status == 1
    assert (reason, "victim.env") in result.notes()
    assert (KEY_RULE, "control.py") in result.rules_at()
    assert OUTSIDE_KEY[-4:] not in str(result.log)
    if change is _to_outside_link:
        assert "became a symbolic link" in str(result.log)


def test_a_staged_file_named_like_a_glob_is_only_that_file(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _leak(root / "leaky.py")
    (root / "*.py").write_text("x = 1\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "."], check=True)

    result = sweep(root, [root / "*.py"])

    assert result.status == 0
    assert result.rules_at() == set()
