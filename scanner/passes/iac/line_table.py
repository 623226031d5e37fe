"""Line and column arithmetic over one template's text, prepared once.

Counting the newlines before an offset costs the whole text up to it; done for every block
or value of a large file, that made reading it quadratic. The offsets of line starts are
found in one pass, and each position is then a binary search.
"""

from __future__ import annotations

import bisect


class LineTable:
    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        newline = find("\n")
        while newline != -1:
            starts.append(newline + 1)
            newline = find("\n", newline + 1)
        self._starts = starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; a newline ends its own line."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def line_end(self, offset: int) -> int:
        """The offset of the newline that ends the line holding `offset`, or the text's end."""
        index = bisect.bisect_right(self._starts, offset)
        return self._starts[index] - 1 if index < len(self._starts) else len(self.text)

    def line_offset(self, line: int) -> int:
        """Where 1-based `line` starts; past the last line, the text's end."""
        if line > len(self._starts):
            return len(self.text)
        return self._starts[max(line, 1) - 1]
