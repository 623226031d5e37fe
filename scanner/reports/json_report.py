"""A plain list of findings, one object each, for scripts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scanner.engine import ScanResult
from scanner.escaping import readable_json
from scanner.models import Finding, Level
from scanner.reports import chunks


def finding_record(finding: Finding) -> dict[str, Any]:
    """One finding as JSON; a file name with undecodable bytes shows them as `\\xNN`."""
    region = finding.region
    record = {
        "file": finding.path,
        "line": region.start_line,
        "column": region.start_column,
        "end_line": region.end_line,
        "end_column": region.end_column,
        "rule_id": finding.rule_id,
        "level": (finding.level or Level.WARNING).value,
        "message": finding.message,
        "properties": {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in finding.properties.items()
        },
        "suppressed": finding.suppressed_by is not None,
        "baseline_state": finding.baseline_state,
    }
    converted: dict[str, Any] = readable_json(record)
    return converted


def render(result: ScanResult) -> str:
    records = [finding_record(finding) for finding in result.findings]
    return json.dumps(records, indent=2, ensure_ascii=True) + "\n"


def stream(result: ScanResult) -> Iterator[str]:
    """The text of `render`, one finding's record at a time."""
    return chunks.document([chunks.MARKER], map(finding_record, result.findings))
