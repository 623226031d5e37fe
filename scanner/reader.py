"""Read one file from disk into a SourceFile, or say why it cannot be scanned."""

from __future__ import annotations

import os
import stat

from scanner.decoding import BinaryContent, decode
from scanner.models import Notification, NotificationKind
from scanner.source import SourceFile
from scanner.streaming import Oversized
from scanner.walker import FileEntry

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


def skipped(path: str, reason: str, message: str) -> Notification:
    return Notification(path, NotificationKind.SKIPPED, reason, message)


def read_source(entry: FileEntry, *, max_file_size: int) -> SourceFile | Notification | Oversized:
    """The decoded file; or, over the size limit, a record for a streaming partial scan."""
    try:
        data = _read_bytes(entry, max_file_size)
    except _TooLarge as error:
        return Oversized(entry.path, entry.location, error.size, max_file_size)
    except _NotRegular:
        return skipped(entry.path, "not-a-file", "not a regular file (a FIFO, socket or device)")
    except OSError as error:
        return skipped(entry.path, "unreadable", f"cannot read: {error.strerror or error}")
    try:
        decoded = decode(data)
    except BinaryContent:
        return skipped(entry.path, "binary", "binary content (NUL bytes in the first block)")
    return SourceFile.from_text(entry.path, decoded.text, encoding=decoded.encoding)


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


class _NotRegular(Exception):
    pass


def _read_bytes(entry: FileEntry, max_file_size: int) -> bytes:
    # O_NONBLOCK: a file swapped for a FIFO after the walk must not hang the sweep.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(entry.location, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular
        if info.st_size > max_file_size:
            raise _TooLarge(info.st_size)
        chunks = []
        remaining = max_file_size + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > max_file_size:
        # The file grew while it was read.
        raise _TooLarge(len(data))
    return data
