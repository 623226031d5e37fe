from __future__ import annotations

import pytest

from scanner.models import PassSettings, Region
from scanner.passes.keys import KeyPass
from scanner.source import SourceFile
from tests.passes.python.support import KEY, SECRET, run_pass

# (code, rule, the key value) for literals the Python pass resolves to a key.
LITERALS = [
    (f'import boto3\nboto3.client("s3", aws_access_key_id="{KEY}")\n', "aws-access-key-id", KEY),
    (f"import boto3\nboto3.client('s3', aws_access_key_id=r'{KEY}')\n", "aws-access-key-id", KEY),
    (f'import boto3\nboto3.client("s3", aws_access_key_id=b"{KEY}")\n', "aws-access-key-id", KEY),
    (
        # A backslash-newline continues the literal without adding to its text.
        f'import boto3\nS = """\\\n{SECRET}"""\nboto3.client("s3", aws_secret_access_key=S)\n',
        "aws-secret-access-key",
        SECRET,
    ),
    (
        f'import boto3\nK = "{KEY}"\nS = "{SECRET}"\nboto3.Session(K, S)\n',
        "aws-secret-access-key",
        SECRET,
    ),
]


def _where(code: str, value: str) -> Region:
    line = next(n for n, text in enumerate(code.splitlines(), 1) if value in text)
    column = code.splitlines()[line - 1].index(value) + 1
    return Region(line, column, line, column + len(value))


@pytest.mark.parametrize(("code", "rule", "value"), LITERALS)
def test_a_literal_key_gets_the_region_of_its_text_and_a_level(
    code: str, rule: str, value: str
) -> None:
    found = [f for f in run_pass(code).findings if f.rule_id == rule]
    assert [f.region for f in found] == [_where(code, value)]
    assert found[0].level is not None
    # Wherever the key pass reports the same value, it uses the very same region.
    keys = KeyPass().scan(SourceFile.from_text("app/mod.py", code), PassSettings())
    assert all(f.region == found[0].region for f in keys.findings if f.rule_id == rule)


@pytest.mark.parametrize(
    "literal",
    # Spelled with an escape, the text is not in the literal: the literal's own region.
    [f'"\\x41{KEY[1:]}"', f"'{KEY[:-1]}\\x{ord(KEY[-1]):02x}'"],
)
def test_an_escaped_literal_keeps_its_own_region(literal: str) -> None:
    code = f'import boto3\nboto3.client("s3", aws_access_key_id={literal})\n'
    (finding,) = [f for f in run_pass(code).findings if f.rule_id == "aws-access-key-id"]
    column = code.splitlines()[1].index(literal) + 1
    assert finding.region == Region(2, column, 2, column + len(literal))
