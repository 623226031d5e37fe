from __future__ import annotations

from pathlib import Path

import pytest

from scanner.engine import ScanResult
from scanner.models import Finding, Level, Notification, NotificationKind, Region
from scanner.reports import text


def _finding(
    path: str, line: int, rule: str, level: Level, suppressed: str | None = None
) -> Finding:
    return Finding(
        rule, path, Region(line, 3), f"msg {rule}", "id", level, suppressed_by=suppressed
    )


RESULT = ScanResult(
    Path("/r"),
    (
        _finding("a.py", 2, "aws-access-key-id", Level.ERROR),
        _finding("b.env", 1, "aws-credentials-file", Level.ERROR),
        _finding("b.env", 3, "aws-access-key-id", Level.WARNING, suppressed="inline"),
    ),
    (Notification("c.bin", NotificationKind.SKIPPED, "binary", "binary content"),),
    {"ec2_launch_definitions": 2, "ec2_with_role": 1, "web_tier": 1, "web_tier_with_role": 0},
    5,
)


def test_lines_summary_and_posture() -> None:
    lines = text.render(RESULT).splitlines()
    assert lines[0] == "a.py:2:3: error aws-access-key-id msg aws-access-key-id"
    assert lines[1] == "b.env:1:3: error aws-credentials-file msg aws-credentials-file"
    assert "2 findings in 5 files (1 suppressed, 1 skipped)" in lines
    assert "  aws-access-key-id: 1" in lines
    assert any("web tier configured with a role" in line and "0.0%" in line for line in lines)


def test_verbose_lists_notifications() -> None:
    assert "c.bin: skipped (binary): binary content" in text.render(RESULT, verbose=True)
    assert "c.bin" not in text.render(RESULT)


def test_colour_only_when_asked() -> None:
    assert "\x1b[" not in text.render(RESULT)
    assert "\x1b[31merror" in text.render(RESULT, colour=True)


@pytest.mark.parametrize(
    ("name", "shown"),
    [("a\nb.py", "a\\nb.py"), ("a\x1b[2Jb", "a\\x1b[2Jb"), ("caf\udce9.py", "caf\\xe9.py")],
)
def test_file_names_cannot_forge_lines(name: str, shown: str) -> None:
    result = ScanResult(Path("/r"), (_finding(name, 1, "r", Level.ERROR),), (), {}, 1)
    first = text.render(result).splitlines()[0]
    assert first.startswith(shown + ":1:3:")


def test_summary_only() -> None:
    out = text.render_summary_only(RESULT)
    assert out.startswith("Instance-role posture")
    assert "EC2 launch definitions" in out
