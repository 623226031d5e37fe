"""The engine asks each file pass about a file's bytes before decoding it: a file no pass
wants is counted as scanned and never decoded, and the sweep's result is the one every pass
reading every decoded file gives."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from scanner import engine
from scanner.engine import ScanOptions, ScanResult, scan
from scanner.reports import json_report
from scanner.source import SourceFile
from tests.test_engine import KEY_ID, SECRET

KEYS = f"AWS_ACCESS_KEY_ID={KEY_ID}\nAWS_SECRET_ACCESS_KEY={SECRET}\n"
FILES: dict[str, bytes] = {
    "plain.txt": b"nothing to see here\n",
    "util.py": b"def add(a, b):\n    return a + b\n",
    "creds.env": KEYS.encode(),
    "latin.env": ("# Configuración\n" + KEYS).encode("latin-1"),
    "wide.env": codecs.BOM_UTF16_LE + KEYS.encode("utf-16-le"),
    "wide32.env": KEYS.encode("utf-32-be"),  # no BOM: its NUL bytes say what it is
    # Opens in UTF-32, goes on in ASCII: searched as binary, so the key below is found.
    "mixed.env": ("# padding\n" * 1000).encode("utf-32-le") + KEYS.encode(),
    # Opens in UTF-16 and ends in a short ASCII tail: read as UTF-16, and its bytes searched
    # as well, so the key in the tail is found.
    "mixed16.env": codecs.BOM_UTF16_LE + ("# notes\n" * 1200).encode("utf-16-le") + KEYS.encode(),
    "client.py": f'import boto3\nboto3.client("s3", aws_access_key_id="{KEY_ID}")\n'.encode(),
    "stack.yaml": b"Resources:\n  Web:\n    Type: AWS::EC2::Instance\n",
    # A Terraform module: its group pass reads both files, wanted by a file pass or not.
    "infra/main.tf": b'resource "aws_instance" "web" {\n  tags = { Tier = "Web" }\n}\n',
    "infra/vars.tf": b'variable "region" {}\n',
    "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    "dump.bin": b"\x00\x01" + KEYS.encode(),
    "suppressed.txt": b"text  # credsweep: ignore[aws-access-key-id]\n",
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name, data in FILES.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return tmp_path


def _sweep(
    tree: Path, monkeypatch: pytest.MonkeyPatch, *, screen: bool, unused: bool
) -> tuple[ScanResult, list[str]]:
    decoded: list[str] = []
    real = engine.text_source

    def recording(path: str, data: bytes) -> SourceFile:
        decoded.append(path)
        return real(path, data)

    monkeypatch.setattr(engine, "text_source", recording)
    if not screen:
        monkeypatch.setattr(engine, "_passes_for", lambda *_: engine.file_passes())
    options = ScanOptions(paths=(tree,), find_unused_suppressions=unused)
    return scan(options), sorted(decoded)


@pytest.mark.parametrize("unused", [False, True], ids=["plain", "unused-suppressions"])
def test_screening_changes_the_work_and_not_the_result(
    tree: Path, monkeypatch: pytest.MonkeyPatch, unused: bool
) -> None:
    screened, decoded = _sweep(tree, monkeypatch, screen=True, unused=unused)
    with monkeypatch.context() as inner:
        reference, _ = _sweep(tree, inner, screen=False, unused=unused)

    assert json_report.render(screened) == json_report.render(reference)
    assert screened.unused_suppressions == reference.unused_suppressions
    assert screened.files_scanned == reference.files_scanned == len(FILES)
    if unused:
        # Unused suppressions are searched for in every text file, wanted or not.
        assert "plain.txt" in decoded
        assert screened.unused_suppressions
    else:
        # Decoded: what a pass wants, UTF-16 (its bytes say nothing), a module's files.
        assert decoded == [
            "client.py",
            "creds.env",
            "infra/main.tf",
            "infra/vars.tf",
            "latin.env",
            "mixed16.env",
            "stack.yaml",
            "wide.env",
            "wide32.env",
        ]
    found = {f.path for f in screened.findings}
    assert found >= {"creds.env", "latin.env", "wide.env", "wide32.env", "mixed.env", "mixed16.env"}
    mixed = {n.path for n in screened.notifications if n.reason == "mixed-encoding"}
    assert mixed == {"mixed16.env"}
    assert {n.path for n in screened.notifications if n.reason == "binary"} == {
        "image.png",
        "dump.bin",
        "mixed.env",
    }


def test_a_byte_test_that_fails_leaves_the_decision_to_the_text_test(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        name = "broken"

        def may_want(self, path: str, raw: bytes) -> bool:
            raise ValueError(path)

        def wants(self, source: SourceFile) -> bool:
            return False

    passes = (*engine.file_passes(), Broken())
    monkeypatch.setattr(engine, "file_passes", lambda: passes)
    result, decoded = _sweep(tree, monkeypatch, screen=True, unused=False)
    assert "plain.txt" in decoded  # asked of its text, under the pass's guard
    assert not [n for n in result.notifications if n.reason == "pass-error"]
    assert {f.path for f in result.findings} >= {"creds.env", "latin.env", "wide.env", "wide32.env"}


_MARKED = f"aws_access_key_id = {KEY_ID}  # credsweep: ignore[aws-access-key-id]\n".encode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("dump.bin", b"\x00\x01" + _MARKED),
        ("mixed16.env", codecs.BOM_UTF16_LE + ("# notes\n" * 1200).encode("utf-16-le") + _MARKED),
    ],
    ids=["binary", "wide-then-ascii"],
)
def test_a_marker_beside_a_key_found_byte_for_byte_suppresses_it(
    tmp_path: Path, name: str, data: bytes
) -> None:
    (tmp_path / name).write_bytes(data)
    result = scan(ScanOptions(paths=(tmp_path,), find_unused_suppressions=False))
    keys = [f for f in result.findings if f.rule_id == "aws-access-key-id"]
    assert [(f.path, f.suppressed_by is not None) for f in keys] == [(name, True)]
    assert all(f.line_hash for f in keys)


def _wide_then_ascii(codec: str, newline: str, lines: int) -> bytes:
    wide = codecs.BOM_UTF16_LE if codec == "utf-16-le" else b""
    wide += "".join(f"# note {n}{newline}" for n in range(lines)).encode(codec)
    return wide + f"# tail\nAWS_ACCESS_KEY_ID={KEY_ID}\n".encode()


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize(
    ("codec", "lines"),
    [
        # Read as UTF-16 (a BOM), its ASCII tail searched byte for byte.
        ("utf-16-le", 1200),
        # No BOM, and no longer UTF-16 or UTF-32 past the wide part: searched as binary.
        ("utf-16-be", 40),
        ("utf-32-le", 40),
        ("utf-32-be", 40),
    ],
)
def test_a_key_after_wide_text_is_placed_on_its_own_line(
    tmp_path: Path, codec: str, newline: str, lines: int
) -> None:
    """Each wide line break counts once, CRLF or LF: the key is on the line after the tail's
    comment, whichever way the bytes were read."""
    (tmp_path / "mixed.env").write_bytes(_wide_then_ascii(codec, newline, lines))
    result = scan(ScanOptions(paths=(tmp_path,)))
    keys = [f for f in result.findings if f.rule_id == "aws-access-key-id"]
    assert [f.region.start_line for f in keys] == [lines + 2]
