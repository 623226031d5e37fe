"""Turn libcst positions into SARIF regions of the scanned file.

A `.py` file maps one to one. A notebook's code is assembled from JSON strings, so each
code line carries the notebook line (and column) where its JSON string starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from libcst.metadata import CodeRange

from scanner.models import Region


@dataclass(frozen=True)
class LineMap:
    """Code line n (1-based) -> (file line, file column offset); empty means identity."""

    lines: Sequence[tuple[int, int]] = ()

    def point(self, line: int, column: int) -> tuple[int, int]:
        """1-based file line and column for a libcst (1-based line, 0-based column)."""
        if not self.lines:
            return line, column + 1
        index = min(max(line, 1), len(self.lines)) - 1
        file_line, offset = self.lines[index]
        return file_line, offset + column + 1

    def compose(self, kept: Sequence[int]) -> LineMap:
        """The map for code made of lines `kept` (1-based numbers) of this map's code."""
        if not self.lines:
            return LineMap(tuple((number, 0) for number in kept))
        # The code's last line, after its final newline, has no entry: clamp as `point` does.
        last = len(self.lines)
        return LineMap(tuple(self.lines[min(number, last) - 1] for number in kept))

    def region(self, code_range: CodeRange) -> Region:
        start_line, start_column = self.point(code_range.start.line, code_range.start.column)
        end_line, end_column = self.point(code_range.end.line, code_range.end.column)
        if end_line < start_line or (end_line == start_line and end_column <= start_column):
            end_line, end_column = start_line, start_column + 1
        return Region(start_line, start_column, end_line, end_column)
