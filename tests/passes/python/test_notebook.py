from __future__ import annotations

import json

import pytest

from scanner.passes.python.notebook import NotebookError, code_cells
from scanner.source import SourceFile


def notebook(*cells: tuple[str, list[str]]) -> str:
    document = {
        "cells": [{"cell_type": kind, "metadata": {}, "source": source} for kind, source in cells],
        "metadata": {},
        "nbformat": 4,
    }
    return json.dumps(document, indent=1)


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if needle in line)


def test_code_lines_map_to_the_lines_of_the_ipynb_file() -> None:
    text = notebook(
        ("markdown", ["# title\n"]),
        ("code", ["import boto3\n", "s3 = boto3.client('s3')\n"]),
        ("code", ["x = 1"]),
    )
    code, lines = code_cells(SourceFile.from_text("n.ipynb", text)).assemble()
    assert code == "import boto3\ns3 = boto3.client('s3')\nx = 1\n"
    assert [line for line, _ in lines.lines] == [
        line_of(text, "import boto3"),
        line_of(text, "s3 = boto3"),
        line_of(text, "x = 1"),
    ]
    # Column 0 of the code is the character after the JSON string's opening quote.
    line, column = lines.point(2, 0)
    assert text.split("\n")[line - 1][column - 1 : column + 1] == "s3"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (["%pip install boto3\n", "import boto3\n"], ["pass", "import boto3"]),
        (["!ls\n", "x = 1\n"], ["pass", "x = 1"]),
        (["for a in b:\n", "    %time f()\n"], ["for a in b:", "    pass"]),
        (["boto3.client?\n"], ["pass"]),
        (["%%bash\n", "echo hi\n"], ["", ""]),
        (["%%time\n", "x = 1\n"], ["", "x = 1"]),
        # A magic continued over lines, and magics whose output is assigned.
        (["!pip install \\\n", "    boto3\n", "x = 1\n"], ["pass", "", "x = 1"]),
        (["%pip install a \\\n", "  b \\\n", "  c\n", "y = 2\n"], ["pass", "", "", "y = 2"]),
        (["files = !ls\n", "a, b = %env\n", "n = 3 % 2\n"], ["pass", "pass", "n = 3 % 2"]),
        (["s = 'x' \\\n", "    'y'\n"], ["s = 'x' \\", "    'y'"]),
    ],
)
def test_magics_are_blanked_but_keep_their_lines(source: list[str], expected: list[str]) -> None:
    cells = code_cells(SourceFile.from_text("n.ipynb", notebook(("code", source)))).cells
    assert list(cells[0].lines) == expected


def test_a_cell_given_as_one_string_is_split_into_lines() -> None:
    text = notebook(("code", "import boto3\nx = 1\n"))  # type: ignore[arg-type]
    code, lines = code_cells(SourceFile.from_text("n.ipynb", text)).assemble()
    assert code == "import boto3\nx = 1\n"
    assert len(lines.lines) == 2


def test_dropped_cells_keep_their_lines_blank() -> None:
    text = notebook(("code", ["a = 1\n"]), ("code", ["print 'py2'\n"]), ("code", ["b = 2\n"]))
    code, _ = code_cells(SourceFile.from_text("n.ipynb", text)).assemble(frozenset({0, 2}))
    assert code == "a = 1\n\nb = 2\n"


@pytest.mark.parametrize(
    "text",
    [
        '{"cells": [',
        "not json at all",
        '{"cells": 3}',
        '{"metadata": {}}',
        '{"cells": []} trailing',
        "[" * 5000 + "]" * 5000,
    ],
)
def test_invalid_notebooks_raise_a_notebook_error(text: str) -> None:
    with pytest.raises(NotebookError):
        code_cells(SourceFile.from_text("n.ipynb", text))
