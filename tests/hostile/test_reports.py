"""Reports under pressure: an interrupted write leaves the old report or none, never half a
one; text that the destination cannot encode is escaped, not fatal."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from scanner import output
from scanner.output import write_report


class _Interrupted:
    """A stream that takes some text, then is hit by Ctrl-C."""

    def __init__(self, real: io.TextIOWrapper) -> None:
        self.real = real

    def __enter__(self) -> _Interrupted:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()

    def write(self, text: str) -> int:
        self.real.write(text[: len(text) // 2])
        self.real.flush()
        raise KeyboardInterrupt


@pytest.mark.parametrize("existing", [None, '{"old": "report"}\n'], ids=["new", "replacing"])
def test_an_interrupted_write_leaves_no_partial_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: str | None
) -> None:
    target = tmp_path / "credsweep.sarif"
    if existing is not None:
        target.write_text(existing, encoding="utf-8")
    real_fdopen = output.os.fdopen
    monkeypatch.setattr(output.os, "fdopen", lambda *a, **k: _Interrupted(real_fdopen(*a, **k)))

    with pytest.raises(KeyboardInterrupt):
        write_report('{"new": "report"}\n' * 1000, str(target))

    assert [p.name for p in tmp_path.iterdir()] == ([target.name] if existing else [])
    if existing is not None:
        assert target.read_text(encoding="utf-8") == existing


@pytest.mark.parametrize("destination", ["file", "stdout"])
def test_unencodable_text_is_escaped_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, destination: str
) -> None:
    text = "bad\udcffname.py:1:1: error aws-access-key-id\n"
    if destination == "file":
        target = tmp_path / "report.txt"
        write_report(text, str(target))
        written = target.read_text(encoding="utf-8")
    else:
        buffer = io.BytesIO()
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="ascii"))
        write_report(text, None)
        written = buffer.getvalue().decode("ascii")
    assert written == "bad\\udcffname.py:1:1: error aws-access-key-id\n"


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_a_report_gets_the_mode_of_any_new_file(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        write_report("{}\n", str(tmp_path / "report.sarif"))
    finally:
        os.umask(previous)
    assert (tmp_path / "report.sarif").stat().st_mode & 0o777 == 0o666 & ~umask
