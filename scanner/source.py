"""A decoded file with the line and column arithmetic every pass needs."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from scanner.models import Region


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR count as one line break each, so every pass sees only "\\n"."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def ascii_view(text: str) -> str:
    """`text` with every non-ASCII character replaced by "?" (see SourceFile.ascii_text)."""
    if text.isascii():
        return text
    return text.encode("ascii", "replace").decode("ascii")


def suffix_of(path: str) -> str:
    """The lower-cased suffix of a path's last part (".py"), or "" (a dot file has none)."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


@dataclass(frozen=True)
class SourceFile:
    """Text of one file, newlines normalised to "\\n".

    `path` is relative to the scan root with "/" separators: the form every report uses.
    """

    path: str
    text: str
    encoding: str = "utf-8"
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)
    # Views of `text` that several steps search (a pass's prefilter and scan, the suppression
    # search): made once per file, on first use.
    _views: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_text(cls, path: str, text: str, *, encoding: str = "utf-8") -> SourceFile:
        return cls(path=path, text=normalise_newlines(text), encoding=encoding)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def suffix(self) -> str:
        return suffix_of(self.path)

    def ascii_text(self) -> str:
        """`text` with every non-ASCII character replaced by "?": the same length and offsets,
        but searched and lower-cased at ASCII speed (~50x faster than a text holding any
        non-ASCII character). Keys, names and markers are all ASCII."""
        if "ascii" not in self._views:
            self._views["ascii"] = ascii_view(self.text)
        return self._views["ascii"]

    def ascii_lower(self) -> str:
        """`ascii_text()` lower-cased. A search in it for a lower-case ASCII word finds what a
        search in `text.lower()` would, unless the word holds an `i` or a `k` (İ and the
        Kelvin sign are the only non-ASCII characters that lower-case into ASCII letters)."""
        if "lower" not in self._views:
            self._views["lower"] = self.ascii_text().lower()
        return self._views["lower"]

    def line_starts(self) -> list[int]:
        if not self._line_starts:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts.extend(starts)
        return self._line_starts

    @property
    def line_count(self) -> int:
        return len(self.line_starts())

    def line(self, number: int) -> str:
        """The text of 1-based line `number`, without its newline."""
        starts = self.line_starts()
        if number < 1 or number > len(starts):
            return ""
        begin = starts[number - 1]
        end = starts[number] - 1 if number < len(starts) else len(self.text)
        return self.text[begin:end]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset into `text`."""
        starts = self.line_starts()
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def region(self, start: int, end: int) -> Region:
        """The region covering text[start:end]."""
        start_line, start_column = self.position(start)
        end_line, end_column = self.position(max(start, end))
        if end_line == start_line:
            end_column = max(end_column, start_column + 1)
        return Region(start_line, start_column, end_line, end_column)
