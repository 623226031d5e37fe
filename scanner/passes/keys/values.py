"""Read the value assigned right after a name, in any of the syntaxes the pass covers.

`aws_secret_access_key = "v"`, `"SecretAccessKey": "v"`, `AWS_SECRET_ACCESS_KEY=v`,
`ENV AWS_SECRET_ACCESS_KEY v`, `<secretAccessKey>v</...>`, `secret_key => 'v'`,
`os.environ["AWS_SECRET_ACCESS_KEY"] = "v"`, `setenv("AWS_SECRET_ACCESS_KEY", "v")`, escaped
quotes inside JSON strings (notebooks), Python string prefixes (`b"v"`), YAML block scalars
(`name: |` and the value on the next line), and a value split over adjacent literals
(`"abc" "def"`, `'abc' + 'def'`, one fragment per line). A value's escaped characters are
read as `escapes` reads them for every detector; a base64 value is decoded here.

Every loop here is bounded by a small constant, so reading a value costs O(1) whatever
follows the name: the minified-file case relies on it. The one exception is a YAML block
header (`name: |` ending its line), whose own line and the blank lines after it are read;
a line holds at most one such header, so these reads cover a file's text at most once.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from scanner.passes.keys.escapes import escape_length, unescape

_NAME_CLOSERS = "\"'`\\]>"
_OPERATORS = ("=>", ":=", "===", "==", "=", ":", ",")
_OPENERS = "(["
_QUOTES = "\"'`"
_VALUE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=%")
_MAX_FRAGMENT = 120
_MAX_FRAGMENTS = 6
_SECRET_LENGTH = 40
# A type between `:` and `=`; the bounded lazy run keeps the match O(1).
_ANNOTATION = re.compile(r"[A-Za-z_][A-Za-z0-9_.\[\]|, ]{0,60}?=(?![=>])")
_BASE64 = re.compile(r"[A-Za-z0-9+/]{52,60}={0,2}")


@dataclass(frozen=True)
class Value:
    """A value as written (`start`/`end`) and as meant (`text`, after unescaping)."""

    text: str
    start: int
    end: int
    encoding: str = ""


def read_value(text: str, pos: int) -> Value | None:
    """The value assigned to the name that ends at `pos`, or None when none follows."""
    i = _skip(text, pos, _NAME_CLOSERS, 4)
    closed_tag = i > pos and text[i - 1] == ">"
    after_space = _skip(text, i, " \t", 16)
    operator = next((op for op in _OPERATORS if text.startswith(op, after_space)), None)
    if operator is None:
        # `ENV NAME value`, `--aws-secret-access-key value`, `<tag>value`.
        if after_space == i and not closed_tag:
            return None
        i = after_space
    else:
        i = _skip(text, after_space + len(operator), " \t", 16)
        if operator == ":":
            i = _skip_annotation(text, i)
            i = _skip_block_indicator(text, pos, i)
    opened = _skip(text, i, _OPENERS, 1)
    # After an opening parenthesis the literal may start on the next line.
    i = _skip(text, opened, " \t\n" if opened > i else " \t", 24)
    i = _skip_string_prefix(text, i)
    if _quote_at(text, i):
        return _read_quoted(text, i)
    return _read_bare(text, i)


# A YAML tag before a value (`!!str`, `!secret`): skipped after `name:`.
_YAML_TAG = re.compile(r"![!A-Za-z0-9:/._-]{0,40}[ \t]{1,16}")
# A YAML block scalar's header: `|`, `>`, with chomping and indentation indicators in either
# order, then at most a comment before the line ends.
_BLOCK_HEADER = re.compile(r"[|>](?:[-+][1-9]?|[1-9][-+]?)?[ \t]{0,16}(?:#[^\n]{0,200})?\n")
# The blank lines a block may start with. Only white space right after a header is read, and
# each header ends its line, so however long the bound, a file's white space is read once.
_BLANK = re.compile(r"[ \t\n]{0,100000}")


def _skip_block_indicator(text: str, name_end: int, i: int) -> int:
    """`name: |` (or `>-`, `|+2`...): the value is the next non-blank line's text, if that
    line is indented deeper than the name's (else the block is empty, and the line is
    another entry's)."""
    tag = _YAML_TAG.match(text, i)
    if tag is not None:
        i = tag.end()
    header = _BLOCK_HEADER.match(text, i)
    if header is None:
        return i
    blank = _BLANK.match(text, header.end())
    value = blank.end() if blank else header.end()
    line_start = text.rfind("\n", 0, name_end) + 1
    name_indent = _indent(text, line_start, name_end)
    value_indent = value - (text.rfind("\n", 0, value) + 1)
    return value if value_indent > name_indent else i


def _indent(text: str, start: int, end: int) -> int:
    line = text[start:end]
    return len(line) - len(line.lstrip(" \t"))


# Python's string prefixes (`b"..."`, `rb'...'`, `u"..."`): skipped only right before a quote,
# so a bare value that starts with one of these letters is still read whole.
_STRING_PREFIX = re.compile(r"(?:[bB][rR]?|[rR][bB]?|[uU]|[fF][rR]?|[rR][fF])(?=[\"'])")


def _skip_string_prefix(text: str, i: int) -> int:
    match = _STRING_PREFIX.match(text, i)
    return match.end() if match else i


def _skip_annotation(text: str, i: int) -> int:
    """Skip a type annotation: `awsSecret: string = "..."`, `secret: str = "..."`."""
    match = _ANNOTATION.match(text, i)
    return _skip(text, match.end(), " \t", 16) if match else i


def _skip(text: str, i: int, chars: str, limit: int) -> int:
    end = min(len(text), i + limit)
    while i < end and text[i] in chars:
        i += 1
    return i


def _quote_at(text: str, i: int) -> str:
    if i < len(text) and text[i] in _QUOTES:
        return text[i]
    if text.startswith("\\", i) and i + 1 < len(text) and text[i + 1] in "\"'":
        return text[i : i + 2]
    return ""


def _scan_chars(text: str, i: int) -> int:
    """End of the run of value characters starting at `i`, escapes (`\\/`, `\\u002B`) included."""
    end = min(len(text), i + _MAX_FRAGMENT + 1)
    while i < end:
        if text[i] in _VALUE_CHARS:
            i += 1
        elif (length := escape_length(text, i)) > 0:
            i += length
        else:
            break
    return i


def _read_bare(text: str, i: int) -> Value | None:
    end = _scan_chars(text, i)
    if end == i or end - i > _MAX_FRAGMENT:
        return None
    return _decoded(text[i:end], i, end)


def _read_quoted(text: str, i: int) -> Value | None:
    pieces: list[str] = []
    first = last = -1
    for _ in range(_MAX_FRAGMENTS):
        i = _skip_string_prefix(text, i)
        quote = _quote_at(text, i)
        if not quote:
            break
        begin = i + len(quote)
        end = _scan_chars(text, begin)
        if end - begin > _MAX_FRAGMENT or not text.startswith(quote, end):
            return None
        pieces.append(text[begin:end])
        first = begin if first < 0 else first
        last = end
        if sum(len(piece) for piece in pieces) >= _SECRET_LENGTH:
            break
        i = _skip_joiner(text, end + len(quote))
    if not pieces:
        return None
    return _decoded("".join(pieces), first, last)


def _skip_joiner(text: str, i: int) -> int:
    """Skip what may sit between two adjacent literals: spaces, `+`, `.`, `..`, one line
    break (with an optional backslash continuation) and the next line's indentation."""
    i = _skip(text, i, " \t", 16)
    i = _skip(text, i, "+.", 2)
    i = _skip(text, i, " \t", 16)
    i = _skip(text, i, "\\", 1)
    i = _skip(text, i, "\n", 1)
    i = _skip(text, i, " \t", 40)
    i = _skip(text, i, "+.", 2)
    return _skip(text, i, " \t", 16)


def _decoded(raw: str, start: int, end: int) -> Value:
    text, encoding = unescape(raw)
    if len(text) != _SECRET_LENGTH:
        decoded = decode_base64_secret(text)
        if decoded is not None:
            return Value(decoded, start, end, "base64")
    return Value(text, start, end, encoding)


def decode_base64_secret(text: str) -> str | None:
    """The 40-character text a base64 value encodes, if that is what it is."""
    if _BASE64.fullmatch(text) is None:
        return None
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    decoded = raw.decode("ascii", "replace").strip()
    return decoded if len(decoded) == _SECRET_LENGTH else None
