"""The two channels: reports to stdout or a file, people-facing progress to stderr."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from scanner.errors import CredsweepError
from scanner.keyshape import redact


class OutputError(CredsweepError):
    """The report cannot be written where the user asked."""


def write_report(report: str | Iterable[str], destination: str | None) -> None:
    """Write to stdout for None or "-", else atomically replace the file. A report may come
    in pieces (`reports/chunks.py`), written as they come."""
    pieces = (report,) if isinstance(report, str) else report
    if destination in (None, "-"):
        try:
            _write_stdout(pieces)
        except BrokenPipeError:
            raise  # the reader went away (`| head`): the command line ends quietly
        except OSError as problem:
            _drop_stdout()
            reason = problem.strerror or type(problem).__name__
            raise OutputError(f"cannot write the report to standard output: {reason}") from None
        return
    try:
        _write_file(pieces, Path(destination))
    except OSError as problem:
        reason = problem.strerror or type(problem).__name__
        raise OutputError(f"cannot write the report to {destination}: {reason}") from None


def check_destination(destination: str) -> None:
    """Refuse, before a long sweep, a report path that cannot be written."""
    if destination == "":
        raise OutputError("an empty report path; give a file name or - for stdout")
    if destination == "-":
        return
    try:
        target = _through_links(Path(destination))
    except OSError as problem:
        raise OutputError(f"cannot write the report to {destination}: {problem.strerror}") from None
    if target.is_dir():
        raise OutputError(f"cannot write the report to {destination}: it is a directory")
    parent = target.parent if str(target.parent) else Path()
    if not parent.is_dir():
        raise OutputError(f"cannot write the report to {destination}: no such directory {parent}")


def _through_links(target: Path) -> Path:
    # Write through a symbolic link to the file it names, as any editor would.
    if not target.is_symlink():
        return target
    try:
        return target.resolve(strict=False)
    except RuntimeError:
        raise OSError(errno.ELOOP, "a symbolic link loop") from None


def _write_file(pieces: Iterable[str], target: Path) -> None:
    target = _through_links(target)
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "it is a directory")
    if info is not None and not stat.S_ISREG(info.st_mode):
        # A device or a FIFO (/dev/stdout, a pipe a reader waits on): renaming over it would
        # replace it, and as root even /dev/null; write into it instead.
        with target.open("w", encoding="utf-8", errors="backslashreplace") as stream:
            _write_all(stream, pieces)
        return
    # Imported here: tempfile pulls in shutil, random and the compressors, about 5 ms that a
    # hook writing to stdout should not pay.
    import tempfile

    directory = target.parent if str(target.parent) else Path()
    # A temporary file renamed into place: an interrupted scan never leaves half a report.
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        # mkstemp makes the file private; a report keeps the mode of the file it replaces,
        # or gets the mode any new file would get.
        if hasattr(os, "fchmod"):
            mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
            os.fchmod(handle, mode)
        # A file name with undecodable bytes must not cost the whole report: escape it.
        with os.fdopen(
            handle, "w", encoding="utf-8", errors="backslashreplace", newline="\n"
        ) as stream:
            _write_all(stream, pieces)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_all(stream: TextIO, pieces: Iterable[str]) -> None:
    for piece in pieces:
        stream.write(piece)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _write_stdout(pieces: Iterable[str]) -> None:
    if sys.stdout is None:
        # Closed by the caller (`>&-`): Python then has no stdout object at all.
        raise OSError(errno.EBADF, "it is closed")
    for text in pieces:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            # TextIOWrapper encodes before writing, so nothing was written: escape, retry.
            encoding = sys.stdout.encoding or "utf-8"
            sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))
    sys.stdout.flush()


def _drop_stdout() -> None:
    """Point stdout at nothing: what is left in its buffer would fail again as Python exits,
    with a second message after ours."""
    if sys.stdout is None:
        return
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class Progress:
    """A self-rewriting line on a terminal's stderr once a sweep takes more than a moment."""

    _DELAY = 0.5
    _INTERVAL = 0.1

    def __init__(self, stream: TextIO | None, *, enabled: bool) -> None:
        # None: the caller closed stderr (`2>&-`); there is no one to show progress to.
        self._stream: TextIO = stream if stream is not None else io.StringIO()
        self._enabled = enabled and stream is not None and stream.isatty()
        self._started = time.monotonic()
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        elapsed = now - self._started
        if elapsed < self._DELAY or (now - self._last < self._INTERVAL and done < total):
            return
        self._last = now
        rate = done / elapsed if elapsed else 0.0
        self._stream.write(f"\rcredsweep: {done}/{total} files ({rate:,.0f} files/s)\x1b[K")
        self._stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


def error(message: str) -> None:
    # Errors may quote a configuration value or a suppression comment: never a key.
    # An unwritable or closed stderr must not turn the exit status the caller chose into an
    # internal error's: the message is lost, the status stands.
    with contextlib.suppress(OSError, AttributeError, ValueError):
        sys.stderr.write(f"credsweep: {redact(message)}\n")
        sys.stderr.flush()
