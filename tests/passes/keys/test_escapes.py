from __future__ import annotations

import pytest

from scanner.passes.keys.escapes import escape_length, unescape


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("%2F", 3),
        ("%2b", 3),
        ("%3D", 3),
        ("\\/", 2),
        ("\\u002B", 6),
        ("\\u002f", 6),
        ("\\u003d", 6),
        ("%40", 0),
        ("%2", 0),
        ("\\n", 0),
        ("\\u0041", 0),
        ("\\u002", 0),
        ("a", 0),
        ("", 0),
    ],
)
def test_escape_length(text: str, length: int) -> None:
    assert escape_length(f"x{text}", 1) == length


@pytest.mark.parametrize(
    ("written", "meant", "encoding"),
    [
        ("a%2Fb%2bc%3d", "a/b+c=", "percent"),
        ("a\\/b\\u002Bc\\u002fd", "a/b+c/d", ""),
        ("a\\/b%2F", "a/b/", "percent"),
        # Only the escapes of + / = are read; any other is left as written.
        ("a%40b\\nc", "a%40b\\nc", ""),
        # One pass: an escape that decoding would form is not decoded again.
        ("%252F", "%252F", ""),
        ("plain", "plain", ""),
    ],
)
def test_unescape(written: str, meant: str, encoding: str) -> None:
    assert unescape(written) == (meant, encoding)
