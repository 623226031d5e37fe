"""The limits GitHub code scanning enforces on an upload, checked on real reports.

From GitHub's "SARIF support for code scanning": at most 20 runs per file, 25,000 results and
25,000 rules per run, 20 tags per rule (10 shown), 10 locations per result, 1,000 related
locations, a rule name of 255 characters, short and full descriptions of 1,024, a
`security-severity` that is a string holding a number above 0.0 up to 10.0, and at most
10 MB of gzip-compressed SARIF.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scanner.cli import main
from tests.test_shared_cases import CASES  # one lookup: CREDSWEEP_CASES or ../shared/cases

REPO = Path(__file__).resolve().parents[1]
KEY = "AKIATTWUJNVJPX4Q6YO4"


def _sarif(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[Any, bytes]:
    main([*argv, "--format", "sarif", "--quiet"])
    out = capsys.readouterr().out
    return json.loads(out), out.encode()


def _history_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    for argv in (
        ["init", "-q"],
        ["config", "user.email", "d@example.invalid"],
        ["config", "user.name", "D"],
    ):
        subprocess.run(["git", "-C", str(repo), *argv], check=True)
    (repo / "a.py").write_text(f'KEY = "{KEY}"\n', encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "k"], check=True)
    return repo


REPORTS = {
    "sample-webapp": lambda tmp: ["scan", str(REPO / "fixtures" / "sample-webapp")],
    "shared-cases": lambda tmp: ["scan", str(CASES), "--no-default-excludes"],
    "history": lambda tmp: ["history", str(_history_repo(tmp))],
}


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_report_fits_github_limits(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, report: str
) -> None:
    if report == "shared-cases" and not CASES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"labelled cases not found at {CASES}")
        pytest.skip(f"labelled cases not found at {CASES} (set CREDSWEEP_CASES)")
    log, raw = _sarif(capsys, *REPORTS[report](tmp_path))
    assert len(gzip.compress(raw)) <= 10 * 1024 * 1024
    assert 1 <= len(log["runs"]) <= 20
    assert any(run["results"] for run in log["runs"]), "a report with results proves more"
    for run in log["runs"]:
        _check_run(run)


def _check_run(run: dict[str, Any]) -> None:
    rules = run["tool"]["driver"]["rules"]
    assert run["automationDetails"]["id"] == "credsweep/"
    assert run["columnKind"] in {"unicodeCodePoints", "utf16CodeUnits"}
    assert len(rules) <= 25_000
    for rule in rules:
        _check_rule(rule)
    results = run["results"]
    assert len(results) <= 25_000
    ids = [rule["id"] for rule in rules]
    for result in results:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["message"]["text"].strip()
        assert 1 <= len(result["locations"]) <= 10
        assert len(result.get("relatedLocations", [])) <= 1_000
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["partialFingerprints"]["primaryLocationLineHash"].count(":") == 1


def _check_rule(rule: dict[str, Any]) -> None:
    properties = rule["properties"]
    assert len(rule["name"]) <= 255
    assert 0 < len(rule["shortDescription"]["text"]) <= 1024
    assert 0 < len(rule["fullDescription"]["text"]) <= 1024
    assert rule["help"]["text"].strip()
    # Ten tags are all GitHub shows; twenty are all it accepts.
    assert len(properties["tags"]) <= 10
    assert "security" in properties["tags"]
    severity = properties["security-severity"]
    assert isinstance(severity, str)
    assert 0.0 < float(severity) <= 10.0
    assert properties["precision"] in {"very-high", "high", "medium", "low"}
    assert properties["problem.severity"] in {"error", "warning", "recommendation"}
    assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
