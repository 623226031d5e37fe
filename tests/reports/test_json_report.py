from __future__ import annotations

from pathlib import Path

import pytest

from scanner.engine import ScanResult
from scanner.models import Finding, Level, Region
from scanner.reports import json_report


def _finding(line: int, path: str = "app/x.py") -> Finding:
    return Finding(
        rule_id="aws-access-key-id",
        path=path,
        region=Region(line, 5, line, 25),
        message="AWS access key id AKIA************ABCD is hard-coded",
        identity="d" * 64,
        level=Level.ERROR,
        properties={"tags": ("a", "b")},
    )


@pytest.mark.parametrize(
    "findings",
    [(), (_finding(1),), (_finding(1), _finding(2, "undecod\udcff.py"), _finding(3, "b.py"))],
)
def test_streamed_report_is_the_rendered_report(findings: tuple[Finding, ...]) -> None:
    result = ScanResult(Path("/repo"), findings, (), {}, files_scanned=3)
    assert "".join(json_report.stream(result)) == json_report.render(result)
