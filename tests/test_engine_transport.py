"""A result that cannot travel between processes becomes a notification, never a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner import engine
from scanner.models import Finding, PassResult, PassSettings, Region
from scanner.source import SourceFile


def _explode() -> None:
    raise TypeError("cannot rebuild this value")


class _Unloadable:
    """Pickles without complaint; unpickling it raises."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_explode, ())


class _PoisonPass:
    name = "poison"

    def wants(self, source: SourceFile) -> bool:
        return source.path.endswith("poison.txt")

    def scan(self, source: SourceFile, settings: PassSettings) -> PassResult:
        finding = Finding(
            "aws-access-key-id",
            source.path,
            Region(1),
            "m",
            "i",
            properties={"x": _Unloadable()},  # type: ignore[dict-item]
        )
        return PassResult(findings=(finding,))


@pytest.mark.slow
def test_unloadable_result_in_a_worker_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(80):
        (tmp_path / f"plain{number}.txt").write_text("nothing\n", encoding="utf-8")
    (tmp_path / "poison.txt").write_text("x\n", encoding="utf-8")
    # Worker processes are forked, so they inherit the patched registry.
    monkeypatch.setattr(engine, "file_passes", lambda: (_PoisonPass(),))

    result = engine.scan(engine.ScanOptions(paths=(tmp_path,), jobs=2))

    assert result.findings == ()
    (note,) = [n for n in result.notifications if n.path == "poison.txt"]
    assert note.reason == "pass-error"
    assert "lost between processes (TypeError)" in note.message
    assert result.files_scanned == 80  # the lost one does not count as scanned
