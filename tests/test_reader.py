"""Reading one file: whole at any size, the size limit kept when a file grows after fstat."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner import reader
from scanner.models import Notification
from scanner.reader import Binary, Oversized, as_source, read_file
from scanner.source import SourceFile
from scanner.walker import FileEntry

MIB = 1 << 20


def _read(
    entry: FileEntry, *, max_file_size: int
) -> SourceFile | Notification | Oversized | Binary:
    """What the engine makes of a file: its bytes read, then decoded (or taken as binary)."""
    data = read_file(entry, max_file_size=max_file_size)
    return data if isinstance(data, (Notification, Oversized)) else as_source(entry.path, data)


@pytest.mark.parametrize("size", [0, 1, MIB - 1, MIB, MIB + 1, 3 * MIB + 7])
def test_a_file_is_read_whole_at_any_size(tmp_path: Path, size: int) -> None:
    content = ("k" * 63 + "\n") * (size // 64) + "x" * (size % 64)
    target = tmp_path / "f.txt"
    target.write_text(content, encoding="ascii")

    source = _read(FileEntry("f.txt", str(target), size), max_file_size=10 * MIB)

    assert isinstance(source, SourceFile)
    assert source.text == content


@pytest.mark.parametrize(
    ("extra", "oversized"), [(0, False), (10, False), (MIB, True), (3 * MIB, True)]
)
def test_growth_after_fstat_is_read_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: int, oversized: bool
) -> None:
    """The first read is sized by fstat; bytes written after it are still read (or the file
    found too large), never cut off."""
    target = tmp_path / "f.txt"
    target.write_bytes(b"a" * 1000)
    real_fstat = os.fstat

    def fstat_then_grow(descriptor: int) -> os.stat_result:
        info = real_fstat(descriptor)
        with target.open("ab") as handle:
            handle.write(b"b" * extra)
        return info

    entry = FileEntry("f.txt", str(target), 1000)
    # open_regular's fstat (is it a regular file?), then the one that sizes the first read.
    calls = iter([real_fstat, fstat_then_grow])
    monkeypatch.setattr(reader.os, "fstat", lambda d: next(calls, real_fstat)(d))

    source = _read(entry, max_file_size=MIB)

    if oversized:
        assert isinstance(source, Oversized)
    else:
        assert isinstance(source, SourceFile)
        assert source.text == "a" * 1000 + "b" * extra


@pytest.mark.parametrize(
    "data", [b"\x00AKIA", b"PK\x03\x04\x00\x00" + bytes(range(256)), b"\x89PNG\r\n\x1a\n\x00\x00\r"]
)
def test_binary_content_comes_as_latin1_text_for_the_key_search(
    tmp_path: Path, data: bytes
) -> None:
    target = tmp_path / "blob"
    target.write_bytes(data)
    read = _read(FileEntry("blob", str(target), len(data)), max_file_size=MIB)
    assert isinstance(read, Binary)
    assert read.source.text == data.decode("latin-1").replace("\r\n", "\n").replace("\r", "\n")
