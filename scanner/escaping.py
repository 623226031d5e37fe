"""File names as reports show them: valid UTF-8, undecodable bytes as `\\xff` escapes.

A name that is not valid UTF-8 reaches Python as text holding lone surrogates
(`undecod\\udcff.py`). Such text cannot be written as UTF-8, and JSON writers turn it into a
`\\udcff` escape that strict readers reject. Reports show the original byte instead.
"""

from __future__ import annotations

from typing import Any


def readable(text: str) -> str:
    """`text` with each undecodable byte as `\\xNN` (any other lone surrogate as `\\udNNN`)."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        # A surrogate that stands for no byte: only its code point can be shown.
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def readable_json(value: Any) -> Any:
    """A JSON-ready value (dicts, lists, strings, numbers) with every string made readable."""
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, dict):
        return {readable(str(key)): readable_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [readable_json(item) for item in value]
    return value
