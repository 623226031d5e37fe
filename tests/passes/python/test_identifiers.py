"""Identifiers in the form Python reads them, before the analysis sees the module."""

from __future__ import annotations

import pytest

from scanner.passes.python.identifiers import normalised_names
from tests.passes.python.support import KEY, SECRET, run_pass


def _wide(text: str) -> str:
    """`text` in full-width letters and digits, which NFKC maps back."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() and c.isascii() else c for c in text)


LIGATURE = "\ufb01"  # "fi" as one character
LOW_LINE = "\uff3f"  # full-width "_"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("x = 1\n", "x = 1\n"),
        (f"import {_wide('boto3')}\n", "import boto3\n"),
        (f"boto3.{_wide('client')}('s3')\n", "boto3.client('s3')\n"),
        # Strings and comments are not identifiers: Python keeps them as written.
        (f"x = '{_wide('boto3')}'  # {_wide('client')}\n", None),
        # A ligature changes the name's length; the rest of the line follows it.
        (f"{LIGATURE}le = open(p)\n", "file = open(p)\n"),
        # A full-width low line: the tokenizer ends a name there, Python reads "_".
        (f"f(aws{LOW_LINE}access_key_id=k)\n", "f(aws_access_key_id=k)\n"),
        # ...but may not start one: Python rejects the module, and so is it left.
        (f"{LOW_LINE}client = boto3.client\n", None),
        # Code the tokenizer rejects is left to the parsers.
        (f"x = ({_wide('boto3')}\n", None),
        ("x = '\u5317\u4eac'\ncaf\u00e9 = 1\n", None),
    ],
)
def test_identifiers_are_read_as_python_reads_them(code: str, expected: str | None) -> None:
    assert normalised_names(code) == (code if expected is None else expected)


@pytest.mark.parametrize(
    "code",
    [
        f"import {_wide('boto3')}\n"
        f"{_wide('boto3')}.client('s3', aws_access_key_id='{KEY}',"
        f" aws_secret_access_key='{SECRET}')\n",
        f"import boto3\nboto3.{_wide('client')}('s3', {_wide('aws_access_key_id')}='{KEY}',"
        f" aws_secret_access_key='{SECRET}')\n",
        f"import boto3\nboto3.client('s3', aws{LOW_LINE}access{LOW_LINE}key{LOW_LINE}id='{KEY}',"
        f" aws_secret_access_key='{SECRET}')\n",
    ],
)
def test_full_width_names_reach_the_analysis_as_python_reads_them(code: str) -> None:
    assert "boto3-hardcoded-credentials" in {f.rule_id for f in run_pass(code).findings}
