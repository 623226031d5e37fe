from __future__ import annotations

import libcst as cst
import pytest

from scanner.passes.python.literals import string_value


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('"plain"', "plain"),
        ("'single'", "single"),
        ('b"bytes\\xff"', "bytes\xff"),
        ('r"raw\\n"', "raw\\n"),
        ('"""triple"""', "triple"),
        ('"\\N{no such character name}"', None),
        ("42", None),
        ('f"x{y}"', None),
        ('"AWS_SHARED_" "CREDENTIALS_FILE"', "AWS_SHARED_CREDENTIALS_FILE"),
        ("('a'\n 'b' r'\\c')", "ab\\c"),
        ('"a" f"{b}"', None),
    ],
)
def test_string_value(code: str, expected: str | None) -> None:
    assert string_value(cst.parse_expression(code)) == expected
