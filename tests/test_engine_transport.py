"""A result that cannot travel between processes becomes a notification, never a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner import engine, streaming
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

    def may_want(self, path: str, raw: bytes) -> bool:
        return path.endswith("poison.txt")

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


def test_an_oversized_credentials_file_is_reported_once_at_line_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "WINDOW_BYTES", 4096)  # many windows, each holding keys
    lines = [
        f"AWS_ACCESS_KEY_ID=AKIAQ4ZJ7XWNB3HRT{n % 8 + 2}KD\n"
        f"AWS_SECRET_ACCESS_KEY=t7Rk2Lw9QpZx4Vb8Nc3Md6Fh1Jg5Ks0Ae/Yu+Io{n % 10}\n"
        for n in range(4000)
    ]
    (tmp_path / ".env").write_text("".join(lines), encoding="utf-8")
    result = engine.scan(engine.ScanOptions(paths=(tmp_path,), max_file_size=4096))
    files = [f for f in result.findings if f.rule_id == "aws-credentials-file"]
    assert [(f.path, f.region.start_line) for f in files] == [(".env", 1)]
    assert any(n.reason == "too-large" for n in result.notifications)


class _RunawayGroupPass:
    name = "runaway-group"

    def group_of(self, path: str) -> str | None:
        return path.rpartition("/")[0] or "." if path.endswith(".tf") else None

    def scan_group(self, sources: object, settings: PassSettings) -> PassResult:
        while True:
            pass


def test_a_runaway_group_names_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("main.tf", "iam.tf"):
        (tmp_path / name).write_text("# nothing\n", encoding="utf-8")
    monkeypatch.setattr(engine, "group_passes", lambda: (_RunawayGroupPass(),))
    result = engine.scan(engine.ScanOptions(paths=(tmp_path,), jobs=1, file_time_budget=0.3))
    stopped = sorted((n.path, n.reason) for n in result.notifications)
    assert stopped == [("iam.tf", "time-budget"), ("main.tf", "time-budget")]
