"""Every file pass's byte test (`may_want`) against its text test (`wants`): the bytes may
let through what the text turns away, never the reverse, so deciding on the bytes before
decoding costs no finding. For the key and CloudFormation passes, whose tests are literal
searches, the two must agree exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.decoding import Layout, layout
from scanner.passes import file_passes
from scanner.passes.base import FilePass
from scanner.reader import text_source

PATHS = (
    "app.py",
    "tool.pyw",
    "bin/deploy",
    "notes.ipynb",
    "stack.yaml",
    "stack.template",
    "main.tf.json",
    "data.json",
    ".env",
    "README.md",
)
# "boto3" in full-width letters: Python reads such a name as the ASCII one.
FULL_WIDTH_BOTO3 = "".join(chr(ord(c) + 0xFEE0) for c in "boto3")
# Pieces of what each pass looks for, and of what breaks naive byte tests: CRLF, non-ASCII
# letters, a byte-order mark, a `#!` line.
PIECES = (
    "secret",
    "SECRET",
    "AKIA",
    "QUtJQ",
    "AWSTemplateFormatVersion",
    "AWS::EC2::Instance",
    "Resources",
    "import boto3\n",
    "boto3.client('s3', aws_access_key_id=k)\n",
    "open('~/.aws/credentials')\n",
    "#!/usr/bin/env python\n",
    "\ufeff",
    "\r\n",
    "\n",
    "é",
    FULL_WIDTH_BOTO3,
    " ",
)
EXACT = {"keys", "cloudformation"}


def _pass(name: str) -> FilePass:
    return next(p for p in file_passes() if p.name == name)


@given(
    st.sampled_from([p.name for p in file_passes()]),
    st.sampled_from(PATHS),
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.sampled_from(["utf-8", "latin-1"]),
)
def test_the_byte_test_never_turns_away_what_the_text_test_wants(
    name: str, path: str, text: str, encoding: str
) -> None:
    data = text.encode(encoding, errors="replace")
    if layout(data) is not Layout.TEXT:
        return  # the engine asks byte tests of such bytes only
    file_pass = _pass(name)
    wanted = file_pass.wants(text_source(path, data))
    byte_answer = file_pass.may_want(path, data)
    if name in EXACT:
        assert byte_answer is wanted
    else:
        assert byte_answer or not wanted


@pytest.mark.parametrize(
    ("name", "path", "data", "wanted"),
    [
        ("python", "app.py", b"import boto3\nboto3.client('s3', aws_access_key_id=k)\n", True),
        ("python", "app.py", b"def add(a, b):\n    return a + b\n", False),
        # Not ASCII: Python reads full-width names as ASCII ones, so only the text can say.
        ("python", "app.py", (FULL_WIDTH_BOTO3 + " = 1\n").encode(), True),
        ("python", "bin/deploy", b"#!/usr/bin/env python3\nprint()\n", True),
        ("python", "bin/deploy", b"\xef\xbb\xbf#!/usr/bin/env python3\n", True),
        ("python", "Makefile", b"all:\n\techo\n", False),
        ("python", "notes.ipynb", b"{}", True),
        ("cloudformation", "stack.yaml", b"AWSTemplateFormatVersion: '2010-09-09'\n", True),
        ("cloudformation", "stack.yaml", b"Resources:\n  X:\n    Type: AWS::S3::Bucket\n", True),
        ("cloudformation", "stack.yaml", b"Resources: {}\n", False),
        ("cloudformation", "main.tf.json", b'{"AWSTemplateFormatVersion": 1}', False),
        ("keys", "notes.txt", b"SecretAccessKey", True),
        ("keys", "notes.txt", b"nothing here", False),
    ],
)
def test_byte_tests(name: str, path: str, data: bytes, wanted: bool) -> None:
    assert _pass(name).may_want(path, data) is wanted
