"""The text of a string literal, safely.

libcst evaluates a literal with `ast.literal_eval`, which raises on escapes CPython rejects
(`"\\N{no such name}"`); a literal that cannot be evaluated is treated as unknown.
"""

from __future__ import annotations

import libcst as cst


def string_value(node: cst.CSTNode | None) -> str | None:
    """The text of a plain string literal, or of plain literals written side by side
    (`"AWS_SHARED_" "CREDENTIALS_FILE"`), bytes decoded as Latin-1; else None (an f-string
    among them has no fixed text)."""
    if not isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return None
    try:
        value = node.evaluated_value
    except (SyntaxError, ValueError, UnicodeError):
        return None
    if value is None:
        return None
    return value.decode("latin-1") if isinstance(value, bytes) else value
