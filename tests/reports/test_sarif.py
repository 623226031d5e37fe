from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.engine import ScanResult
from scanner.escaping import readable_json
from scanner.models import (
    Finding,
    Level,
    Notification,
    NotificationKind,
    Region,
    RelatedLocation,
)
from scanner.reports import sarif
from scanner.rules import load_catalogue


def _finding(line: int, *, rule: str = "aws-access-key-id", path: str = "app/x.py") -> Finding:
    return Finding(
        rule_id=rule,
        path=path,
        region=Region(line, 5, line, 25),
        message="AWS access key id AKIA************ABCD is hard-coded",
        identity="d" * 64,
        level=Level.WARNING,
        properties={"key_type": "temporary", "tags": ("a", "b")},
        related=(RelatedLocation(path, Region(line + 1, 1), "the secret"),),
    )


def _result(*findings: Finding, notes: tuple[Notification, ...] = ()) -> ScanResult:
    return ScanResult(Path("/repo"), findings, notes, {}, files_scanned=3)


def _run(log: dict) -> dict:  # type: ignore[type-arg]
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run: dict = log["runs"][0]  # type: ignore[type-arg]
    return run


def test_clean_run_has_empty_results_and_full_rule_list() -> None:
    run = _run(sarif.build_log(_result()))
    assert run["results"] == []
    driver = run["tool"]["driver"]
    assert driver["name"] == "credsweep"
    assert driver["version"]
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == [r.id for r in load_catalogue()]
    assert run["automationDetails"] == {"id": "credsweep/"}
    assert run["columnKind"] == "unicodeCodePoints"


def test_rule_descriptor_carries_github_properties() -> None:
    rule = _run(sarif.build_log(_result()))["tool"]["driver"]["rules"][0]
    assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    assert isinstance(rule["properties"]["security-severity"], str)
    float(rule["properties"]["security-severity"])
    assert "security" in rule["properties"]["tags"]
    assert rule["help"]["markdown"]
    assert rule["shortDescription"]["text"]


def test_result_shape() -> None:
    run = _run(sarif.build_log(_result(_finding(7))))
    (result,) = run["results"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert result["ruleId"] == "aws-access-key-id"
    assert rules[result["ruleIndex"]] == "aws-access-key-id"
    # An explicit "warning" must survive serialisation even though it is sarif-om's default.
    assert result["level"] == "warning"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app/x.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 7, "startColumn": 5, "endLine": 7, "endColumn": 25}
    assert result["relatedLocations"][0]["message"]["text"] == "the secret"
    assert result["properties"]["tags"] == ["a", "b"]


def test_fingerprint_survives_moved_lines() -> None:
    before = _run(sarif.build_log(_result(_finding(7))))["results"][0]["partialFingerprints"]
    after = _run(sarif.build_log(_result(_finding(40))))["results"][0]["partialFingerprints"]
    other_file = _run(sarif.build_log(_result(_finding(7, path="b.py"))))["results"][0]
    assert before[sarif.FINGERPRINT_KEY] == after[sarif.FINGERPRINT_KEY]
    assert other_file["partialFingerprints"][sarif.FINGERPRINT_KEY] != before[sarif.FINGERPRINT_KEY]


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        (NotificationKind.SKIPPED, "note"),
        (NotificationKind.PARTIAL, "warning"),
        (NotificationKind.ERROR, "error"),
    ],
)
def test_notifications(kind: NotificationKind, level: str) -> None:
    note = Notification("odd name\n.bin", kind, "binary", "binary content")
    run = _run(sarif.build_log(_result(notes=(note,))))
    (item,) = run["invocations"][0]["toolExecutionNotifications"]
    assert item["level"] == level
    assert item["descriptor"]["id"] == "binary"
    assert (
        item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "odd%20name%0A.bin"
    )


def test_undecodable_file_name_becomes_a_valid_uri() -> None:
    name = b"caf\xe9.py".decode("utf-8", "surrogateescape")
    assert sarif.uri_of(name) == "caf%E9.py"


@pytest.mark.parametrize(
    "result",
    [
        _result(),
        _result(_finding(7)),
        _result(_finding(7), _finding(9, path="undecod\udcff.py"), _finding(3, path="b.py")),
        _result(notes=(Notification("odd\udcfe.py", NotificationKind.SKIPPED, "binary", "x"),)),
    ],
)
def test_streamed_log_is_the_built_log(result: ScanResult) -> None:
    whole = json.dumps(readable_json(sarif.build_log(result)), indent=2, ensure_ascii=True)
    assert "".join(sarif.stream_log(result)) == whole + "\n"
