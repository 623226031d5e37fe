"""The labelled cases from other scanners' bug reports: every one must come out right."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from scanner.engine import ScanOptions, scan
from scanner.models import Finding


def _find_cases() -> Path:
    """CREDSWEEP_CASES, else the nearest `shared/cases` beside the checkout or above it."""
    if "CREDSWEEP_CASES" in os.environ:
        return Path(os.environ["CREDSWEEP_CASES"])
    repo = Path(__file__).resolve().parents[1]
    for directory in repo.parents:
        candidate = directory / "shared" / "cases"
        if candidate.is_dir():
            return candidate
    return repo.parent / "shared" / "cases"


CASES = _find_cases()


def _cases() -> list[Path]:
    if not CASES.is_dir():
        return []
    return sorted(path for path in CASES.iterdir() if (path / "expected.json").is_file())


def _lines(expected: dict[str, Any]) -> list[int]:
    line = expected["line"]
    return list(line) if isinstance(line, list) else [line]


def _matches(finding: Finding, expected: dict[str, Any]) -> bool:
    return (
        finding.path == expected["file"]
        and finding.rule_id == expected["kind"]
        and any(finding.region.start_line <= n <= finding.region.end_line for n in _lines(expected))
    )


def test_cases_are_present() -> None:
    if not _cases():
        if os.environ.get("CI"):
            pytest.fail(f"labelled cases not found at {CASES}")
        pytest.skip(f"labelled cases not found at {CASES} (set CREDSWEEP_CASES)")


@pytest.mark.parametrize("case", _cases(), ids=lambda path: path.name)
def test_case(tmp_path: Path, case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    # Copied out so that the case folder is its own scan root, whatever surrounds it.
    root = tmp_path / case.name
    shutil.copytree(case, root, symlinks=True, ignore=shutil.ignore_patterns("expected.json"))

    started = time.monotonic()
    result = scan(ScanOptions(paths=(root,), jobs=1))
    elapsed = time.monotonic() - started

    reported = [f for f in result.findings if f.suppressed_by is None]
    missing = [e for e in expected["findings"] if not any(_matches(f, e) for f in reported)]
    allowed = expected["findings"] + expected.get("optional_findings", [])
    extra = [
        f"{f.path}:{f.region.start_line} {f.rule_id}"
        for f in reported
        if not any(_matches(f, e) for e in allowed)
    ]
    assert missing == [], f"not reported: {missing}"
    assert extra == [], f"false positives: {extra}"
    # A generous bound from the case itself, not a benchmark: it catches runaway regexes.
    assert elapsed < expected.get("max_seconds", 60)
