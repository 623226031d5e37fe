from __future__ import annotations

import pytest

from scanner.wording import counted


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (0, "entry", "0 entries"),
        (1, "entry", "1 entry"),
        (2, "entry", "2 entries"),
        (1, "finding", "1 finding"),
        (3, "finding", "3 findings"),
        (1, "commit", "1 commit"),
        (0, "blob", "0 blobs"),
        (1, "byte", "1 byte"),
        (10485761, "byte", "10485761 bytes"),
    ],
)
def test_counted(count: int, noun: str, expected: str) -> None:
    assert counted(count, noun) == expected
