"""JSON documents written piece by piece, so a report is never held whole in memory.

A report of many findings was held three times over: sarif-om's objects, the dict made from
them and the text. Here a document is serialised with a marker in place of its long list;
the text is cut at the marker and the list's items are serialised one at a time in between,
each indented as `json.dumps(..., indent=2)` would have indented it, so the bytes written are
exactly those of the whole document dumped at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

# A string no report can hold: JSON text escapes control characters.
MARKER = "\x00credsweep: the streamed items go here\x00"
_INDENT = 2


def dumps(value: Any) -> str:
    return json.dumps(value, indent=_INDENT, ensure_ascii=True)


def document(skeleton: Any, items: Iterable[Any]) -> Iterator[str]:
    """The text of `skeleton` (which holds `[MARKER]` exactly once) with the marker's list
    holding `items` instead, then a newline."""
    text = dumps(skeleton)
    marker = dumps(MARKER)
    at = text.index(marker)
    line_start = text.rindex("\n", 0, at) + 1
    list_start = text.rindex("[", 0, line_start)
    list_end = text.index("]", at + len(marker))
    yield text[:list_start]
    yield from array(items, indent=at - line_start)
    yield text[list_end + 1 :] + "\n"


def array(items: Iterable[Any], *, indent: int) -> Iterator[str]:
    """A JSON list whose items sit `indent` spaces in, its brackets one level out."""
    outer = " " * (indent - _INDENT)
    prefix = " " * indent
    empty = True
    for item in items:
        lines = dumps(item).split("\n")  # a JSON string never holds a raw newline
        yield ("[\n" if empty else ",\n") + "\n".join(prefix + line for line in lines)
        empty = False
    yield "[]" if empty else "\n" + outer + "]"
