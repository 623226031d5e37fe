"""Suppressions and line hashes, end to end through the engine and the reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.annotate import annotate
from scanner.cli import main
from scanner.line_hash import line_hashes
from scanner.models import Finding, Region
from scanner.source import SourceFile

KEY = "AKIATTWUJNVJPX4Q6YO4"

# One file per comment syntax; each key is suppressed by a marker on its line or the line before.
SUPPRESSED = {
    "a.py": f'KEY = "{KEY}"  # credsweep: ignore[aws-access-key-id]\n',
    "b.js": f'// credsweep: ignore\nconst key = "{KEY}";\n',
    "c.sql": f"SELECT '{KEY}'; -- credsweep: ignore\n",
    "d.ini": f"; credsweep: ignore\nkey = {KEY}\n",
    "e.xml": f"<!-- credsweep: ignore -->\n<key>{KEY}</key>\n",
    "f.c": f'const char *k = "{KEY}"; /* credsweep: ignore */\n',
    "g.yaml": f"key: {KEY}  # pragma: allowlist secret\n",
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name, content in SUPPRESSED.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    return tmp_path


def test_suppressed_results_stay_in_sarif_as_in_source(
    capsys: pytest.CaptureFixture[str], tree: Path
) -> None:
    status, out, _ = _run(capsys, "scan", str(tree), "--format", "sarif", "--quiet")
    results = json.loads(out)["runs"][0]["results"]
    assert status == 0
    files = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert files == set(SUPPRESSED)
    for result in results:
        (suppression,) = result["suppressions"]
        assert suppression["kind"] == "inSource"
        assert KEY not in suppression["justification"]


def test_text_counts_suppressed_and_fails_on_the_rest(
    capsys: pytest.CaptureFixture[str], tree: Path
) -> None:
    (tree / "z.py").write_text(f'KEY = "{KEY}"\n', encoding="utf-8")
    status, out, _ = _run(capsys, "scan", str(tree), "--quiet")
    assert status == 1
    assert "z.py:1:" in out and "a.py:1:" not in out
    assert f"1 finding in {len(SUPPRESSED) + 1} files ({len(SUPPRESSED)} suppressed)" in out


def test_line_hash_is_the_upload_actions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = f'import os\r\n\r\n    KEY  =  "{KEY}"\r\nprint(KEY)\r\n'
    (tmp_path / "crlf.py").write_bytes(text.encode())
    _, out, _ = _run(capsys, "scan", str(tmp_path), "--format", "sarif", "--quiet")
    (result,) = json.loads(out)["runs"][0]["results"]
    line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
    # The action hashes the file as it is on disk, CRLF and all.
    expected = line_hashes(text)[line - 1]
    assert result["partialFingerprints"]["primaryLocationLineHash"] == expected


def test_warn_unused_suppressions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        f'KEY = "{KEY}"  # credsweep: ignore[aws-access-key-id]\n'
        "\n\nx = 1  # credsweep: ignore[aws-secret-access-key]\n"
        "\n\ny = 2  # credsweep: ignore\n",
        encoding="utf-8",
    )
    status, _, err = _run(capsys, "scan", str(tmp_path), "--quiet")
    assert status == 0 and "credsweep: ignore" not in err
    status, _, err = _run(capsys, "scan", str(tmp_path), "--quiet", "--warn-unused-suppressions")
    assert status == 0
    assert err.splitlines() == [
        "credsweep: a.py:4: credsweep: ignore[aws-secret-access-key] does not fire here",
        "credsweep: a.py:7: credsweep: ignore suppresses nothing here",
    ]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_line_hash_hashes_what_the_upload_action_reads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, bom: bytes
) -> None:
    # The action reads a UTF-8 byte-order mark as a character of the first line.
    text = f'KEY = "{KEY}"\n'
    (tmp_path / "k.py").write_bytes(bom + text.encode("utf-8"))
    status, out, _ = _run(capsys, "scan", str(tmp_path), "--format", "sarif", "--quiet")
    assert status == 1
    (result,) = json.loads(out)["runs"][0]["results"]
    expected = line_hashes(bom.decode("utf-8") + text)[0]
    assert result["partialFingerprints"]["primaryLocationLineHash"] == expected


_UNUSED_MARKER = "x = 1  # credsweep: ignore[aws-access-key-id]\n"


@pytest.mark.parametrize(
    ("find_unused", "unused_lines"),
    [(True, [("marker.py", 1)]), (False, [])],
)
def test_files_without_findings_are_searched_only_for_unused_markers(
    find_unused: bool, unused_lines: list[tuple[str, int]]
) -> None:
    """Without unused-marker reporting, only files with findings are searched; the findings
    themselves are marked the same either way."""
    keyed = SourceFile.from_text("a.py", SUPPRESSED["a.py"])
    marker = SourceFile.from_text("marker.py", _UNUSED_MARKER)
    finding = Finding("aws-access-key-id", "a.py", Region(1, 8, 1, 28), "m", "id")
    annotated = annotate([finding], [keyed, marker], find_unused=find_unused)
    assert [(u.path, u.line) for u in annotated.unused_suppressions] == unused_lines
    (marked,) = annotated.findings
    assert marked.suppressed_by is not None and marked.line_hash is not None
