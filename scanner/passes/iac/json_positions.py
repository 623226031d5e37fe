"""A small JSON reader that keeps the line and column of every object, array and string.

The standard library's decoder gives values without positions; CloudFormation JSON and
Terraform `.tf.json` findings must point at a line, so this reader builds located values.
Strings are decoded by the standard library's own `scanstring`, so escapes match `json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from scanner.passes.iac.line_table import LineTable
from scanner.passes.iac.located import (
    MAX_DEPTH,
    LocatedDict,
    LocatedList,
    LocatedStr,
    Mark,
    TemplateError,
)

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None}
# The standard library's string scanner (C-accelerated); typeshed does not declare it.
_scanstring: Callable[[str, int, bool], tuple[str, int]]
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


def load_json(text: str) -> Any:
    reader = _Reader(text)
    value = reader.value(depth=1)
    reader.skip_space()
    if reader.pos != len(text):
        raise reader.error("extra data after the document")
    return value


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 1 if text.startswith("\ufeff") else 0
        self._lines = LineTable(text)

    def mark(self) -> Mark:
        return Mark(*self._lines.position(self.pos))

    def error(self, what: str) -> TemplateError:
        line, column = self.mark()
        return TemplateError(f"not valid JSON: {what} at line {line} column {column}")

    def skip_space(self) -> None:
        match = _SPACE.match(self.text, self.pos)
        self.pos = match.end() if match else self.pos

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.error(f"nested deeper than {MAX_DEPTH} levels")
        self.skip_space()
        char = self.text[self.pos : self.pos + 1]
        if char == "{":
            return self.object(depth)
        if char == "[":
            return self.array(depth)
        if char == '"':
            return self.string()
        return self.scalar()

    def string(self) -> LocatedStr:
        mark = self.mark()
        try:
            value, self.pos = _scanstring(self.text, self.pos + 1, True)
        except json.JSONDecodeError as error:
            raise self.error(error.msg) from error
        return LocatedStr(value, mark=mark)

    def scalar(self) -> Any:
        for word, value in _WORDS.items():
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return value
        match = _NUMBER.match(self.text, self.pos)
        if not match or not match.group():
            raise self.error("expected a value")
        self.pos = match.end()
        number = match.group()
        return float(number) if any(c in number for c in ".eE") else int(number)

    def object(self, depth: int) -> LocatedDict:
        mark = self.mark()
        self.pos += 1
        pairs: list[tuple[str, Any]] = []
        marks: dict[str, Mark] = {}
        if self._close("}"):
            return LocatedDict(pairs, mark=mark, key_marks=marks)
        while True:
            self.skip_space()
            if self.text[self.pos : self.pos + 1] != '"':
                raise self.error("expected a property name")
            key = self.string()
            self._expect(":")
            pairs.append((str(key), self.value(depth + 1)))
            marks[str(key)] = key.mark
            if self._close("}"):
                return LocatedDict(pairs, mark=mark, key_marks=marks)
            self._expect(",")

    def array(self, depth: int) -> LocatedList:
        mark = self.mark()
        self.pos += 1
        items: list[Any] = []
        if self._close("]"):
            return LocatedList(items, mark=mark)
        while True:
            items.append(self.value(depth + 1))
            if self._close("]"):
                return LocatedList(items, mark=mark)
            self._expect(",")

    def _close(self, char: str) -> bool:
        self.skip_space()
        if self.text.startswith(char, self.pos):
            self.pos += 1
            return True
        return False

    def _expect(self, char: str) -> None:
        self.skip_space()
        if not self.text.startswith(char, self.pos):
            raise self.error(f"expected {char!r}")
        self.pos += 1
