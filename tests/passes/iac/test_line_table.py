from __future__ import annotations

import pytest

from scanner.passes.iac.line_table import LineTable

TEXTS = ["", "abc", "a\nbc\n", "\n\n\nx", "line one\r\n\nlast"]


def _counted(text: str, offset: int) -> tuple[int, int]:
    """The position by counting from the start of the text: what the table replaces."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize("text", TEXTS)
def test_position_agrees_with_counting_from_the_start(text: str) -> None:
    table = LineTable(text)
    for offset in range(len(text) + 2):
        assert table.position(offset) == _counted(text, offset), offset


@pytest.mark.parametrize("text", TEXTS)
def test_line_end_is_the_next_newline_or_the_end(text: str) -> None:
    table = LineTable(text)
    for offset in range(len(text) + 2):
        newline = text.find("\n", offset)
        assert table.line_end(offset) == (len(text) if newline == -1 else newline), offset


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("a\nbc\n", 1, 0),
        ("a\nbc\n", 2, 2),
        ("a\nbc\n", 3, 5),
        ("a\nbc\n", 4, 5),
        ("a\nbc\n", 0, 0),
        ("", 1, 0),
        ("", 2, 0),
    ],
)
def test_line_offset(text: str, line: int, expected: int) -> None:
    assert LineTable(text).line_offset(line) == expected


@pytest.mark.parametrize(("text", "count"), [("", 1), ("abc", 1), ("a\n", 2), ("\n\n", 3)])
def test_line_count_is_what_split_gives(text: str, count: int) -> None:
    assert LineTable(text).line_count == count == len(text.split("\n"))
