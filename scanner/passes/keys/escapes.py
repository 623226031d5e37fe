"""The escaped forms in which a secret's characters may be written, known in one place.

A secret holds `+` and `/`, which writers escape: JSON encoders write `\\/` (PHP's
json_encode) or `\\u002B` (.NET's System.Text.Json), and a URL holds `%2B` and `%2F` (an
Airflow connection, an `s3://id:secret@bucket` URL). A base64 value's padding `=` is escaped
the same ways. Every detector reads a value through here, so a secret found by its name is
found the same way next to a key id.
"""

from __future__ import annotations

import re

# Bounded, and every alternative starts with its own characters: linear on any input.
ESCAPE = r"%(?:2[BbFf]|3[Dd])|\\(?:/|u00(?:2[BbFf]|3[Dd]))"
# One character of a secret as it may be written, for detectors that search for secrets.
SECRET_CHAR = rf"(?:[A-Za-z0-9/+]|{ESCAPE})"

_ESCAPE = re.compile(ESCAPE)
_MEANT = {"2b": "+", "2f": "/", "3d": "="}


def escape_length(text: str, i: int) -> int:
    """Length of the escape written at `i`, or 0 when none starts there."""
    match = _ESCAPE.match(text, i)
    return match.end() - i if match else 0


def unescape(written: str) -> tuple[str, str]:
    """The text meant by `written`, and "percent" when a URL's escapes were decoded (JSON's
    escapes belong to the file's syntax, so they name no encoding)."""
    if "%" not in written and "\\" not in written:
        return written, ""
    percent = False

    def meant(match: re.Match[str]) -> str:
        nonlocal percent
        escape = match.group()
        if escape == "\\/":
            return "/"
        percent = percent or escape.startswith("%")
        return _MEANT[escape[-2:].lower()]

    text = _ESCAPE.sub(meant, written)
    return text, "percent" if percent else ""
