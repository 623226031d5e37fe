"""The code cells of a Jupyter notebook as one module, with a map back to notebook lines.

The notebook's JSON is read by a small parser that remembers where each string starts,
because a finding must point at the line of the `.ipynb` file itself. IPython magics and
shell escapes are blanked (kept as lines, so numbering holds) since they are not Python.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]

from scanner.passes.python.locations import LineMap
from scanner.source import SourceFile

_WHITESPACE_RE = re.compile(r"[ \t\n\r]*")
_NUMBER_RE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_MAX_NESTING = 64
# Cell magics that still hold Python code in the rest of the cell.
_PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun")


class NotebookError(ValueError):
    """The notebook is not valid JSON or has no cell list; the message quotes no content."""


class LocatedString(str):
    """A JSON string that knows the offset of its opening quote in the notebook text."""

    offset: int


@dataclass(frozen=True)
class Cell:
    lines: tuple[str, ...]
    positions: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class NotebookCode:
    cells: tuple[Cell, ...]

    def assemble(self, keep: frozenset[int] | None = None) -> tuple[str, LineMap]:
        """The code of the cells (all, or those in `keep`), one cell after another."""
        lines: list[str] = []
        positions: list[tuple[int, int]] = []
        for number, cell in enumerate(self.cells):
            blank = keep is not None and number not in keep
            lines.extend("" if blank else line for line in cell.lines)
            positions.extend(cell.positions)
        return "\n".join(lines) + "\n", LineMap(tuple(positions))


def code_cells(source: SourceFile) -> NotebookCode:
    document = _parse(source.text)
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        raise NotebookError("not a notebook: no cell list")
    found = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            found.append(_cell(cell.get("source"), source))
    return NotebookCode(tuple(found))


def _cell(raw: object, source: SourceFile) -> Cell:
    pieces = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []
    lines: list[str] = []
    positions: list[tuple[int, int]] = []
    for piece in pieces:
        if not isinstance(piece, LocatedString):
            continue
        line, column = source.position(piece.offset)
        # Inside the JSON string the code starts one column after the opening quote.
        for text in piece.rstrip("\n").split("\n") if piece else [""]:
            lines.append(text)
            positions.append((line, column))
    return Cell(_without_magics(lines), tuple(positions))


# `files = !ls` or `env = %env`: IPython assigns a shell or magic command's output.
# Each name is read whole (the look-arounds), so no shorter split of it is ever retried.
_ASSIGNED_MAGIC_RE = re.compile(r"(?<![\w.])[\w.]+(?![\w.])(?:\s*,\s*[\w.]+(?![\w.]))*\s*=\s*[!%]")


def _without_magics(lines: list[str]) -> tuple[str, ...]:
    if lines and lines[0].startswith("%%"):
        if not lines[0].startswith(_PYTHON_CELL_MAGICS):
            return tuple("" for _ in lines)
        lines = ["", *lines[1:]]
    blanked: list[str] = []
    continued = False
    for line in lines:
        if continued:
            # The rest of a magic continued with a backslash (`!pip install \`).
            blanked.append("")
        else:
            blanked.append(_blank_magic(line))
        magic = continued or blanked[-1] != line
        continued = magic and line.endswith("\\")
    return tuple(blanked)


def _blank_magic(line: str) -> str:
    stripped = line.lstrip()
    is_help = stripped.endswith("?") and " " not in stripped
    if stripped.startswith(("%", "!")) or is_help or _ASSIGNED_MAGIC_RE.match(stripped):
        return line[: len(line) - len(stripped)] + "pass"
    return line


# -- a JSON parser that keeps string offsets ---------------------------------------------


def _parse(text: str) -> object:
    try:
        value, end = _value(text, 0, 0)
    except (ValueError, IndexError, RecursionError) as error:
        raise NotebookError("not valid JSON") from error
    if _WHITESPACE_RE.match(text, end).end() != len(text):  # type: ignore[union-attr]
        raise NotebookError("not valid JSON: trailing data")
    return value


def _value(text: str, pos: int, nesting: int) -> tuple[object, int]:
    if nesting > _MAX_NESTING:
        raise ValueError("nested too deep")
    pos = _skip(text, pos)
    char = text[pos]
    if char == '"':
        string, end = scanstring(text, pos + 1)
        located = LocatedString(string)
        located.offset = pos
        return located, end
    if char == "{":
        return _object(text, pos + 1, nesting + 1)
    if char == "[":
        return _array(text, pos + 1, nesting + 1)
    for word, literal in _LITERALS.items():
        if text.startswith(word, pos):
            return literal, pos + len(word)
    match = _NUMBER_RE.match(text, pos)
    if match is None or match.end() == pos:
        raise ValueError("unexpected character")
    return json.loads(match.group()), match.end()


def _object(text: str, pos: int, nesting: int) -> tuple[dict[str, object], int]:
    result: dict[str, object] = {}
    pos = _skip(text, pos)
    if text[pos] == "}":
        return result, pos + 1
    while True:
        pos = _skip(text, pos)
        if text[pos] != '"':
            raise ValueError("expected a key")
        key, pos = scanstring(text, pos + 1)
        pos = _skip(text, pos)
        if text[pos] != ":":
            raise ValueError("expected a colon")
        result[key], pos = _value(text, pos + 1, nesting)
        pos = _skip(text, pos)
        if text[pos] == "}":
            return result, pos + 1
        if text[pos] != ",":
            raise ValueError("expected a comma")
        pos += 1


def _array(text: str, pos: int, nesting: int) -> tuple[list[object], int]:
    result: list[object] = []
    pos = _skip(text, pos)
    if text[pos] == "]":
        return result, pos + 1
    while True:
        item, pos = _value(text, pos, nesting)
        result.append(item)
        pos = _skip(text, pos)
        if text[pos] == "]":
            return result, pos + 1
        if text[pos] != ",":
            raise ValueError("expected a comma")
        pos += 1


def _skip(text: str, pos: int) -> int:
    match = _WHITESPACE_RE.match(text, pos)
    return match.end() if match else pos
