"""The vectors come from github/codeql-action's own tests of its fingerprinting code."""

from __future__ import annotations

import pytest

from scanner.line_hash import MAX_HASHED_CHARACTERS, hashes_for_lines, line_hashes

_HELLO = [
    "e9496ae3ebfced30:1",
    "fb7c023a8b9ccb3f:1",
    "ce8ba1a563dcdaca:1",
    "e20e36e16fcb0cc8:1",
    "b3edc88f2938467e:1",
    "c8e28b0b4002a3a0:1",
    "c129715d7a2bc9a3:1",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["c129715d7a2bc9a3:1"]),
        (
            " a\nb\n  \t\tc\n d",
            ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"],
        ),
        (
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
            [
                "8b7cf3e952e7aeb2:1",
                "b1ae1287ec4718d9:1",
                "bff680108adb0fcc:1",
                "c6805c5e1288b612:1",
                "b86d3392aea1be30:1",
                "e6ceba753e1a442:1",
            ],
        ),
        (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", _HELLO),
        (" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", _HELLO),
        (" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", _HELLO),
        (" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", _HELLO),
        (
            "Lorem ipsum dolor sit amet.\n" * 10,
            [
                *(f"a7f2ff13bc495cf2:{n}" for n in range(1, 7)),
                "a7f2ff1481e87703:1",
                "a9cf91f7bbf1862b:1",
                "55ec222b86bcae53:1",
                "cc97dc7b1d7d8f7b:1",
                "c129715d7a2bc9a3:1",
            ],
        ),
    ],
)
def test_codeql_action_vectors(text: str, expected: list[str]) -> None:
    assert line_hashes(text) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (set(), {}),
        ({2, 7}, {2: "a7f2ff13bc495cf2:2", 7: "a7f2ff1481e87703:1"}),
        ({11}, {11: "c129715d7a2bc9a3:1"}),
        ({12}, {}),
    ],
)
def test_hashes_for_some_lines(lines: set[int], expected: dict[int, str]) -> None:
    assert hashes_for_lines("Lorem ipsum dolor sit amet.\n" * 10, lines) == expected


def test_astral_characters_count_as_two_code_units() -> None:
    # JavaScript's charCodeAt sees a surrogate pair; a single code point would hash apart.
    assert line_hashes("\U0001f600\n") != line_hashes("\ud83d\n")
    assert line_hashes("\U0001f600") == line_hashes("\ud83d\ude00")


def test_huge_text_stops_at_the_limit_instead_of_crawling() -> None:
    text = "x = 1\n" * (MAX_HASHED_CHARACTERS // 3)
    hashes = line_hashes(text)
    # Only lines whose whole window lies under the limit get a hash; the action fills in
    # the rest at upload time.
    assert 0 < len(hashes) < text.count("\n")
    assert hashes[0] == line_hashes("x = 1\n" * 40)[0]
