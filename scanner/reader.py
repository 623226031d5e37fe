"""Read one file from disk into a SourceFile, or say why it cannot be scanned."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from scanner.decoding import BinaryContent, decode
from scanner.models import Notification, NotificationKind
from scanner.source import SourceFile
from scanner.walker import FileEntry

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


# O_NONBLOCK: a file swapped for a FIFO after the walk must not hang the sweep. O_NOFOLLOW: a
# file swapped for a symbolic link after the walk must not lead the sweep out of the root.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
)


@dataclass(frozen=True)
class Oversized:
    """A file over the size limit: scanned by the streaming passes only."""

    path: str
    location: str
    size: int
    limit: int


class NotRegular(OSError):
    """The path no longer names a regular file (a FIFO, socket or device took its place)."""


def open_regular(location: str | Path) -> int:
    """A descriptor for reading a regular file; the caller closes it."""
    descriptor = os.open(location, _OPEN_FLAGS)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise NotRegular
    return descriptor


def skipped(path: str, reason: str, message: str) -> Notification:
    return Notification(path, NotificationKind.SKIPPED, reason, message)


@dataclass(frozen=True)
class Binary:
    """A file with NUL bytes in its first block: searched for keys only, byte for character
    (Latin-1), so that a NUL byte put at the top of a file cannot hide the keys below it."""

    source: SourceFile

    @classmethod
    def of(cls, path: str, data: bytes) -> Binary:
        # A CRLF written in UTF-16 or UTF-32 (wide text before an ASCII tail, or a file taken
        # for binary) is CR, NULs, LF byte for byte, which the view would count as two line
        # breaks, placing every later line one low. Its CR becomes a NUL: a replacement of
        # equal length, so every offset stays where it was.
        view = data.replace(b"\r\x00\x00\x00\n", b"\x00\x00\x00\x00\n")
        view = view.replace(b"\r\x00\n", b"\x00\x00\n")
        return cls(SourceFile.from_text(path, view.decode("latin-1"), encoding="latin-1"))


def read_file(entry: FileEntry, *, max_file_size: int) -> bytes | Notification | Oversized:
    """The file's bytes; over the size limit, a record for a streaming partial scan."""
    try:
        return _read_bytes(entry, max_file_size)
    except _TooLarge as error:
        return Oversized(entry.path, entry.location, error.size, max_file_size)
    except NotRegular:
        return skipped(entry.path, "not-a-file", "not a regular file (a FIFO, socket or device)")
    except OSError as error:
        if error.errno == errno.ELOOP:
            # O_NOFOLLOW met a link where the walk had seen a regular file.
            message = "became a symbolic link after the walk (not followed)"
            return skipped(entry.path, "unreadable", message)
        return skipped(entry.path, "unreadable", f"cannot read: {error.strerror or error}")


def as_source(path: str, data: bytes) -> SourceFile | Binary:
    """Bytes read from `path` as text, or as Latin-1 for the key search when binary."""
    try:
        return text_source(path, data)
    except BinaryContent:
        return Binary.of(path, data)


def text_source(path: str, data: bytes) -> SourceFile:
    """Bytes read from `path` as text; BinaryContent for binary content."""
    decoded = decode(data)
    return SourceFile.from_text(path, decoded.text, encoding=decoded.encoding)


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def _read_bytes(entry: FileEntry, max_file_size: int) -> bytes:
    descriptor = open_regular(entry.location)
    try:
        info = os.fstat(descriptor)
        if info.st_size > max_file_size:
            raise _TooLarge(info.st_size)
        chunks = []
        remaining = max_file_size + 1
        # First a buffer of the size fstat gives (and a byte more, to see growth): a fixed
        # 1 MiB buffer per read, shrunk afterwards, cost more than the read itself. Reading on
        # to an empty read, as a short read may come from a signal (the time budget's timer).
        wanted = min(remaining, info.st_size + 1)
        while remaining > 0:
            chunk = os.read(descriptor, wanted)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
            wanted = min(remaining, 1 << 20)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > max_file_size:
        # The file grew while it was read.
        raise _TooLarge(len(data))
    return data
