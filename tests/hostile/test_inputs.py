"""Hostile file content: every case finishes in bounded time, exits 0 or 1, reports what it
must, says so in a notification where one applies, and writes a SARIF log that validates
(the top-level conftest checks every log)."""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile.support import KEY, SECRET, fake_key_id, sweep

KEY_RULE = "aws-access-key-id"
SECRET_RULE = "aws-secret-access-key"
MiB = 1 << 20


@dataclass(frozen=True)
class Case:
    name: str
    files: Callable[[], dict[str, bytes]]
    # (rule id, path) pairs that must be reported, and notification reasons per path.
    found: frozenset[tuple[str, str]] = frozenset()
    notes: frozenset[tuple[str, str]] = frozenset()
    # Any notification at all for these paths (the exact reason belongs to the pass).
    noted: frozenset[str] = frozenset()
    seconds: float = 30.0
    marks: tuple[pytest.MarkDecorator, ...] = field(default=())


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _minified() -> dict[str, bytes]:
    filler = b"var a=function(b){return b.map(function(c){return c+1})};"
    body = filler * (50 * MiB // len(filler))
    tail = f'var cfg={{accessKeyId:"{KEY}",secretAccessKey:"{SECRET}"}};'.encode()
    return {"dist/bundle.min.js": body + tail + filler * 20}


def _nested_python() -> dict[str, bytes]:
    deep = "(" * 10_000 + "1" + ")" * 10_000
    return {"deep.py": _utf8(f'import boto3\nKEY = "{KEY}"\nx = {deep}\n')}


def _indented_python() -> dict[str, bytes]:
    lines = ["import boto3", f'KEY = "{KEY}"']
    lines += [" " * level + "if x:" for level in range(10_000)]
    return {"indented.py": _utf8("\n".join([*lines, " " * 10_000 + "pass", ""]))}


def _million_lines() -> dict[str, bytes]:
    # A keyed call makes it a module the python pass wants, so its size guard must speak.
    keyed = f'c = boto3.client("s3", aws_access_key_id="{KEY}")\n'
    body = "import boto3\n" + "x = 1\n" * 1_000_000 + keyed
    return {"long.py": _utf8(body)}


def _broken_notebook() -> dict[str, bytes]:
    cell = f'{{"cell_type": "code", "source": ["import boto3\\n", "k = \\"{KEY}\\"\\n"'
    return {"analysis.ipynb": _utf8('{"cells": [' + cell + ', "metadata": {'), "empty.ipynb": b""}


def _broken_json() -> dict[str, bytes]:
    head = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"K": {"Type": '
    deep = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ' + "[" * 100_000
    return {
        "template.json": _utf8(head + f'"AWS::IAM::AccessKey", "Id": "{KEY}"'),
        "deep.template.json": _utf8(deep + "]" * 100_000 + "}"),
    }


def _yaml_bomb() -> dict[str, bytes]:
    levels = ['  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghij"
    for before, name in itertools.pairwise(names):
        levels.append(f"  {name}: &{name} [" + ",".join([f"*{before}"] * 9) + "]")
    text = "\n".join(
        [
            'AWSTemplateFormatVersion: "2010-09-09"',
            "Resources:",
            *levels,
            "  Key:",
            "    Type: AWS::IAM::AccessKey",
            "    Properties:",
            "      UserName: !Ref j",
            f"      Id: {KEY}",
            "",
        ]
    )
    deep = 'AWSTemplateFormatVersion: "2010-09-09"\nResources: ' + "[" * 100_000 + "]" * 100_000
    return {"bomb.yaml": _utf8(text), "deep.yml": _utf8(deep + "\n")}


def _broken_hcl() -> dict[str, bytes]:
    text = f'provider "aws" {{\n  access_key = "{KEY}"\n  region = <<<<\n}}}}\n'
    deep = "locals {\n  x = " + "[" * 10_000 + "1" + "]" * 10_000 + "\n}\n"
    return {"infra/main.tf": _utf8(text), "infra/deep.tf": _utf8(deep)}


def _encodings() -> dict[str, bytes]:
    line = f'aws_access_key_id = "{KEY}"\n'
    return {
        "invalid.py": b"\xfa garbage \x80\x81\n" + _utf8(line) + b"\xc3\x28\n",
        # A UTF-16 byte-order mark in front of a plain file must not hide its keys.
        "false-bom.py": codecs.BOM_UTF16_LE + b"\xfa\n" + _utf8(line),
        "false-bom32.env": codecs.BOM_UTF32_BE + _utf8(line),
        "mixed.txt": "café\n".encode() + "naïve\n".encode("latin-1") + _utf8(line),
        "utf16.txt": line.encode("utf-16-le"),
        "utf16be.txt": line.encode("utf-16-be"),
        "utf32.txt": codecs.BOM_UTF32_LE + line.encode("utf-32-le"),
        "nul-later.txt": b"#" * 9000 + b"\n" + _utf8(line) + b"\x00" * 100,
        "crlf.env": _utf8(f"AWS_ACCESS_KEY_ID={KEY}\r\rAWS_SECRET_ACCESS_KEY={SECRET}\r\n"),
        "bom-only.txt": codecs.BOM_UTF8,
        "empty.txt": b"",
        "surrogates.json": _utf8('{"k": "\\ud800\\udfff\\ud800", "id": "' + KEY + '"}'),
    }


def _binary() -> dict[str, bytes]:
    return {"blob.bin": b"\x00\x01\x02\x03" * 100 + KEY.encode()}


def _floods() -> dict[str, bytes]:
    """Inputs shaped to make a per-occurrence step cost more than the file's length."""
    return {
        "akia.txt": b"AKIA" * 250_000,
        "names.env": b"aws_secret_access_key=" * 40_000,
        "marker.txt": b"QUtJQ" * 200_000,
        "quotes.js": b'"' * 1_000_000,
        "b64.yaml": b"kind: Secret\ndata:\n" + b"  k: " + b"QUtJQUFB" * 100_000 + b"\n",
        "keys.txt": "\n".join(fake_key_id(n) for n in range(3_000)).encode(),
    }


CASES = [
    Case(
        "minified-50mb-line",
        _minified,
        found=frozenset({(KEY_RULE, "dist/bundle.min.js"), (SECRET_RULE, "dist/bundle.min.js")}),
        notes=frozenset({("too-large", "dist/bundle.min.js")}),
        seconds=60,
        marks=(pytest.mark.slow,),
    ),
    Case("python-nested-10000", _nested_python, found=frozenset({(KEY_RULE, "deep.py")})),
    Case("python-indented-10000", _indented_python, found=frozenset({(KEY_RULE, "indented.py")})),
    Case(
        "python-million-lines",
        _million_lines,
        found=frozenset({(KEY_RULE, "long.py")}),
        noted=frozenset({"long.py"}),
        seconds=60,
        marks=(pytest.mark.slow,),
    ),
    Case(
        "notebook-not-json",
        _broken_notebook,
        found=frozenset({(KEY_RULE, "analysis.ipynb")}),
    ),
    Case("json-not-json", _broken_json, found=frozenset({(KEY_RULE, "template.json")})),
    Case("yaml-billion-laughs", _yaml_bomb, found=frozenset({(KEY_RULE, "bomb.yaml")})),
    Case("hcl-unparsable", _broken_hcl, found=frozenset({(KEY_RULE, "infra/main.tf")})),
    Case(
        "encodings",
        _encodings,
        found=frozenset(
            (KEY_RULE, name)
            for name in (
                "invalid.py",
                "false-bom.py",
                "false-bom32.env",
                "mixed.txt",
                "utf16.txt",
                "utf16be.txt",
                "utf32.txt",
                "nul-later.txt",
                "crlf.env",
                "surrogates.json",
            )
        ),
    ),
    # A NUL byte at the top must not hide the keys below it: searched as bytes.
    Case(
        "binary",
        _binary,
        found=frozenset({(KEY_RULE, "blob.bin")}),
        notes=frozenset({("binary", "blob.bin")}),
    ),
    Case("floods", _floods, found=frozenset({(KEY_RULE, "keys.txt")}), seconds=60),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=c.marks) for c in CASES])
def test_hostile_content(tmp_path: Path, case: Case) -> None:
    root = tmp_path / "tree"
    for name, data in case.files().items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)

    result = sweep(root)

    assert result.status in (0, 1)
    assert result.seconds < case.seconds
    assert case.found <= result.rules_at()
    assert case.notes <= result.notes()
    assert case.noted <= {uri for _, uri in result.notes()}
    # A pass that crashed is a bug in that pass, even though the sweep survives it.
    assert [n for n in result.notes() if n[0] == "pass-error"] == []
