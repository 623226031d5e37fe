from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scanner.cli import main
from scanner.escaping import readable, readable_json


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("app/settings.py", "app/settings.py"),
        ("café/naïve.py", "café/naïve.py"),
        ("undecod\udcff.py", "undecod\\xff.py"),
        ("a\udcc3b\udce9", "a\\xc3b\\xe9"),
        # A surrogate that no byte became (from JSON, say): its code point, escaped.
        ("x\ud800y", "x\\ud800y"),
        ("", ""),
    ],
)
def test_readable(text: str, expected: str) -> None:
    shown = readable(text)
    assert shown == expected
    assert shown.encode("utf-8").decode("utf-8") == shown


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"file": "u\udcff.py", "line": 3}, {"file": "u\\xff.py", "line": 3}),
        ([{"k\udcfe": ("a\udcff", None, True)}], [{"k\\xfe": ["a\\xff", None, True]}]),
        (1.5, 1.5),
    ],
)
def test_readable_json_leaves_no_surrogate(value: Any, expected: Any) -> None:
    converted = readable_json(value)
    assert converted == expected
    assert "\\ud" not in json.dumps(converted, ensure_ascii=True)


# End to end: a tree holding a file whose name is not valid UTF-8, through every report.
KEY_ID = "AKIAR7KZ2MWQX5TJN3LB"
NAME = b"undecod\xff.py"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    try:
        (repo / os.fsdecode(NAME)).write_text(f'KEY = "{KEY_ID}"\n', encoding="utf-8")
    except OSError:
        pytest.skip("this file system refuses names that are not valid UTF-8")
    git = ["git", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    identity = ["-c", "user.email=dev@example.invalid", "-c", "user.name=Dev"]
    subprocess.run([*git, *identity, "commit", "-qm", "k"], check=True)
    return repo


def _utf8(data: bytes) -> str:
    text = data.decode("utf-8")  # strict: raises on anything that is not UTF-8
    assert "\\udc" not in text.lower(), "a lone-surrogate escape is not a readable name"
    return text


@pytest.mark.parametrize(
    ("command", "fmt", "shown"),
    [
        ("scan", "json", "undecod\\\\xff.py"),
        ("history", "json", "undecod\\\\xff.py"),
        ("scan", "sarif", "undecod%FF.py"),
        ("history", "sarif", "undecod%FF.py"),
        ("scan", "text", "undecod\\xff.py"),
        ("history", "text", "undecod\\xff.py"),
    ],
)
def test_every_report_is_utf8_and_names_the_file_readably(
    tree: Path, tmp_path: Path, command: str, fmt: str, shown: str
) -> None:
    report, sarif = tmp_path / f"report.{fmt}", tmp_path / "also.sarif"
    argv = [command, str(tree), "--quiet", "--format", fmt]
    assert main([*argv, "--output", str(report), "--sarif-output", str(sarif)]) == 1
    text = _utf8(report.read_bytes())
    assert shown in text
    if fmt != "text":
        json.loads(text)
    assert "undecod%FF.py" in _utf8(sarif.read_bytes())
    assert KEY_ID not in text


@pytest.mark.parametrize("command", ["scan", "history"])
@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_reports_on_stdout_are_utf8(
    capfdbinary: pytest.CaptureFixture[bytes], tree: Path, command: str, fmt: str
) -> None:
    assert main([command, str(tree), "--quiet", "--format", fmt]) == 1
    json.loads(_utf8(capfdbinary.readouterr().out))


def test_a_baseline_is_utf8_json_and_still_matches(
    capsys: pytest.CaptureFixture[str], tree: Path
) -> None:
    assert main(["baseline", "create", str(tree), "--quiet"]) == 0
    written = tree / ".credsweep-baseline.json"
    entries = json.loads(_utf8(written.read_bytes()))
    assert [entry["file"] for entry in entries[1:]] == ["undecod\\xff.py"]
    assert main(["scan", str(tree), "--quiet", "--baseline", str(written)]) == 0
    capsys.readouterr()
