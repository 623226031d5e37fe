"""Files over --max-file-size: partly scanned, in overlapping windows, never read whole.

A 50 MB minified bundle with a key near its end must not be skipped, nor held in memory
whole. Its bytes are decoded piece by piece and handed to the streaming passes (the key pass:
key ids and named secrets need no parse of the whole file) as windows of about a MiB. Each
window repeats the tail of the one before, so a key or an assignment that straddles a piece
boundary is seen whole in one window; the engine drops the duplicates. Positions found in a
window are shifted back to the file's own lines and columns.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace

from scanner.decoding import SNIFF_BLOCK, stream_encoding
from scanner.models import Finding, PassResult, Region
from scanner.reader import Oversized, open_regular
from scanner.source import SourceFile, normalise_newlines

WINDOW_BYTES = 1 << 20
# Longer than any key, assignment and the few lines of context the key pass looks at.
OVERLAP_CHARS = 4096
# When a line break lies this close before the overlap, start the overlap there instead, so
# the next window begins with a whole line.
_LINE_SEARCH = 64 * 1024


@dataclass(frozen=True)
class Window:
    source: SourceFile
    line_offset: int
    column_offset: int


def windows(file: Oversized) -> Iterator[Window]:
    """Overlapping windows of a large file's text; raises BinaryContent or OSError."""
    carry, line, column = "", 0, 0
    for piece in _pieces(file.location):
        text = carry + piece
        yield Window(SourceFile(file.path, text), line, column)
        cut = _overlap_start(text)
        consumed = text[:cut]
        breaks = consumed.count("\n")
        if breaks:
            line += breaks
            column = cut - (consumed.rfind("\n") + 1)
        else:
            column += cut
        carry = text[cut:]


def _overlap_start(text: str) -> int:
    cut = max(0, len(text) - OVERLAP_CHARS)
    newline = text.rfind("\n", max(0, cut - _LINE_SEARCH), cut)
    return newline + 1 if newline != -1 else cut


def _pieces(location: str) -> Iterator[str]:
    """Decoded, newline-normalised text in pieces of about WINDOW_BYTES."""
    descriptor = open_regular(location)
    try:
        head = os.read(descriptor, SNIFF_BLOCK)
        decoder = codecs.getincrementaldecoder(stream_encoding(head))(errors="replace")
        pending = ""
        for chunk in _chunks(descriptor, head):
            text = pending + decoder.decode(chunk)
            # A CR at the end may be the first half of a CRLF: keep it for the next piece.
            pending = "\r" if text.endswith("\r") else ""
            yield normalise_newlines(text[: len(text) - len(pending)])
        tail = pending + decoder.decode(b"", final=True)
        if tail:
            yield normalise_newlines(tail)
    finally:
        os.close(descriptor)


def _chunks(descriptor: int, head: bytes) -> Iterator[bytes]:
    """The bytes already read for sniffing, then the rest, WINDOW_BYTES at a time."""
    for start in range(0, len(head), WINDOW_BYTES):
        yield head[start : start + WINDOW_BYTES]
    while chunk := os.read(descriptor, WINDOW_BYTES):
        yield chunk


def shift(result: PassResult, window: Window) -> PassResult:
    """A window's result with its positions moved to the file's own coordinates."""
    if window.line_offset == 0 and window.column_offset == 0:
        return result
    path = window.source.path
    return replace(result, findings=tuple(_shift_finding(f, window, path) for f in result.findings))


def _shift_finding(finding: Finding, window: Window, path: str) -> Finding:
    related = tuple(
        replace(item, region=_shift_region(item.region, window)) if item.path == path else item
        for item in finding.related
    )
    return replace(finding, region=_shift_region(finding.region, window), related=related)


def _shift_region(region: Region, window: Window) -> Region:
    def column(line: int, value: int) -> int:
        return value + window.column_offset if line == 1 else value

    return Region(
        region.start_line + window.line_offset,
        column(region.start_line, region.start_column),
        region.end_line + window.line_offset,
        column(region.end_line, region.end_column),
    )
