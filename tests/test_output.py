"""Where a report may be written, and what it must never replace."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.output import OutputError, check_destination, write_report


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.sarif"
    write_report("{}\n", str(target))
    assert target.read_text(encoding="utf-8") == "{}\n"
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_report("new\n", str(target))
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_report("new\n", str(link))
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"


def test_character_device_is_written_into_not_replaced(tmp_path: Path) -> None:
    # A private null device: were it replaced, the machine's own /dev/null stays safe.
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    write_report("report\n", str(device))
    assert stat.S_ISCHR(device.stat().st_mode)


def test_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_report("through the pipe\n", str(fifo))
    reader.join(timeout=10)
    assert received == ["through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize(
    ("destination", "reason"),
    [("missing-dir/r.json", "No such file or directory"), (".", "it is a directory")],
)
def test_unwritable_destinations_are_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, destination: str, reason: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match=f"cannot write the report to .*{reason}"):
        write_report("x", destination)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: "", "an empty report path"),
        (lambda d: str(d / "missing" / "r.json"), "no such directory"),
        (lambda d: str(d), "it is a directory"),
        (lambda d: _loop(d), "symbolic link loop"),
    ],
)
def test_bad_destinations_are_refused_before_any_work(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OutputError, match=message):
        check_destination(make(tmp_path))


@pytest.mark.parametrize("name", ["-", "new.json", "link.json"])
def test_good_destinations_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    check_destination(name)


def _loop(directory: Path) -> str:
    (directory / "a").symlink_to(directory / "b")
    (directory / "b").symlink_to(directory / "a")
    return str(directory / "a")


@pytest.mark.parametrize("pieces", [[], ["{"], ["[", "1", ",", "2", "]\n"]])
def test_a_report_in_pieces_is_written_whole(tmp_path: Path, pieces: list[str]) -> None:
    target = tmp_path / "r.json"
    write_report(iter(pieces), str(target))
    assert target.read_text(encoding="utf-8") == "".join(pieces)


def test_a_report_failing_midway_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "r.sarif"
    target.write_text("earlier\n", encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield "{"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_report(pieces(), str(target))
    assert target.read_text(encoding="utf-8") == "earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.sarif"]
