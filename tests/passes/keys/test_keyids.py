from __future__ import annotations

import pytest

from scanner.passes.keys.candidate import Kind
from scanner.passes.keys.keyids import find_key_ids

from .fakes import KEY, KEY2, TEMP_KEY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'KEY = "{KEY}"', [KEY]),
        (f"var k='{TEMP_KEY}';", [TEMP_KEY]),
        (f"ENV aws_access_key_id={KEY}", [KEY]),
        (f"https://h.test/a.tgz?AWSAccessKeyId={KEY}&Expires=1", [KEY]),
        (f"X-Amz-Credential={KEY}%2F20250102%2Feu-west-1%2Fs3%2Faws4_request", [KEY]),
        (f"X-Amz-Credential%3D{KEY}%2F20250102", [KEY]),
        (f'"source": ["a\\n{KEY}\\n"]', [KEY]),
        (f"<accessKeyId>{KEY}</accessKeyId>", [KEY]),
        (f"{KEY}:{KEY2}", [KEY, KEY2]),
        (f"k_{KEY}", [KEY]),
        (f"X{KEY}", []),
        (f"{KEY}Y", []),
        (f"{KEY}7", []),
        (f"{KEY}abc", []),
        (f"2{KEY}", []),
        ("AIDAB4TC6AXQFTIYB5ZTU AROAB4TC6AXQFTIYB5ZT", []),
        ("A3TKB4TC6AXQFTIYB5ZT", []),
        ("AKIAIOSFODNN7EXAMPLE", []),
        ("AKIAXXXXXXXXXXXXXXXX", []),
        ("AKIAAAAAAAAAAAAAAAAA", []),
        ("AKIAABCDEFGHIJKLMNOP", []),
        ("AKIA2345672345672345", []),
    ],
)
def test_find_key_ids(text: str, expected: list[str]) -> None:
    found = list(find_key_ids(text, frozenset()))
    assert [c.value for c in found] == expected
    for candidate in found:
        assert candidate.kind is Kind.KEY_ID
        assert text[candidate.start : candidate.end] == candidate.value


def test_declared_placeholder_is_not_reported() -> None:
    assert list(find_key_ids(f"k = {KEY}", frozenset({KEY}))) == []
