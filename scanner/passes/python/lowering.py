"""Newer syntax, rewritten so that an older CPython can screen the module.

The screen (`guard.screen`) parses with the running CPython; a module in syntax it does not
know yet used to go to libcst whole, however little of it could matter. Python 3.12's type
parameters (`def f[T](x: T)`, `class Box[T]:`) and `type` aliases are the common case in
code written for new interpreters, and they carry nothing the pass looks at. So on a
SyntaxError, the parameter lists are overwritten with spaces and `type X = ...` becomes
`X = ...`, every line and column kept, and the screen reads that instead. libcst still
parses the file's own text.

Nothing that could matter is blanked: a parameter list holding a string, a call or a name the
pass looks for is left alone, and the module goes to libcst whole as before.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterator, Sequence

from scanner.passes.python.signatures import (
    DOTENV_LOADER_NAMES,
    ENTRY_NAMES,
    ENV_FILE_KEYWORDS,
    SDK_MODULES,
    SHARED_FILE_VARIABLE,
)

# Checked on the text before tokenizing: most syntax errors are not newer syntax.
_NEWER_SYNTAX_RE = re.compile(
    r"^[ \t]*(?:(?:async[ \t]+)?def|class|type)[ \t]+\w+[ \t]*[\[=]", re.M
)
_HEADERS = frozenset({"def", "class"})
_STATEMENT_START = frozenset({tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.NL})
_SIGNIFICANT = frozenset(
    {*ENTRY_NAMES, *DOTENV_LOADER_NAMES, *ENV_FILE_KEYWORDS, *SDK_MODULES, SHARED_FILE_VARIABLE}
)
_MAX_NESTING = 20

# A place in the text: (line, column), as tokenize counts them (lines from 1).
_Point = tuple[int, int]


def lowered(code: str) -> str | None:
    """`code` with type parameter lists blanked and `type` aliases made assignments, or None
    when there is nothing to rewrite or a rewrite could hide what the pass looks for."""
    if _NEWER_SYNTAX_RE.search(code) is None:
        return None
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    edits: list[tuple[_Point, _Point, str]] = []
    for start, end, replacement in _edits(tokens):
        if replacement is None:
            return None
        edits.append((start, end, replacement))
    if not edits:
        return None
    return _apply(code, edits)


def _edits(tokens: Sequence[tokenize.TokenInfo]) -> Iterator[tuple[_Point, _Point, str | None]]:
    """Each rewrite as (start, end, text); text None when the module must stay as it is."""
    previous: tokenize.TokenInfo | None = None
    for position, token in enumerate(tokens):
        if token.type != tokenize.NAME or position + 2 >= len(tokens):
            previous = token if token.type not in (tokenize.COMMENT, tokenize.NL) else previous
            continue
        name, after = tokens[position + 1], tokens[position + 2]
        header = token.string in _HEADERS and name.type == tokenize.NAME
        alias = (
            token.string == "type"
            and name.type == tokenize.NAME
            and (previous is None or previous.type in _STATEMENT_START)
            and after.string in ("[", "=")
        )
        if (header or alias) and after.string == "[":
            yield _blanked(tokens, position + 2)
        if alias:
            # `type X = v` -> `X      = v`: the name moves left, what follows keeps its columns.
            yield token.start, name.end, name.string.ljust(name.end[1] - token.start[1])
        previous = token


def _blanked(
    tokens: Sequence[tokenize.TokenInfo], opening: int
) -> tuple[_Point, _Point, str | None]:
    """The bracketed list starting at `tokens[opening]`, to be overwritten with spaces; text
    None when it holds a string, a call or a name the pass looks for, spans lines (blank
    lines would cut the header in two), or is not a list of parameters (`def f[](x)`: the
    blanked text would parse where the file does not)."""
    depth = 0
    before = tokens[opening]
    expecting = False  # a parameter must come next: after "[" or ","
    for token in tokens[opening:]:
        if token.start[0] != tokens[opening].start[0] or _significant(token, before):
            break
        if depth == 1 and expecting and not _starts_parameter(token, before):
            break
        if depth == 1:
            expecting = token.string == "," or (expecting and token.string in ("*", "**"))
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
            expecting = expecting or depth == 1
            if depth > _MAX_NESTING:
                break
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth == 0:
                return tokens[opening].start, token.end, ""
        before = token
    return tokens[opening].start, tokens[opening].end, None


def _starts_parameter(token: tokenize.TokenInfo, before: tokenize.TokenInfo) -> bool:
    """A parameter is a name, `*name` or `**name`; a trailing comma may end the list."""
    if token.type == tokenize.NAME:
        return True
    if token.string in ("*", "**"):
        return before.string in ("[", ",")
    return token.string == "]" and before.string == ","


def _significant(token: tokenize.TokenInfo, before: tokenize.TokenInfo) -> bool:
    if token.type == tokenize.STRING or token.string in _SIGNIFICANT:
        return True
    called = token.string == "(" and (before.type == tokenize.NAME or before.string in ")]")
    return called


def _apply(code: str, edits: list[tuple[_Point, _Point, str]]) -> str:
    """Each edit lies on one line; right to left, so earlier columns stay valid."""
    # tokenize counts lines by "\n" alone; `splitlines` would also split at a form feed.
    lines = code.split("\n")
    for (line_number, begin), (_, end), text in sorted(edits, reverse=True):
        line = lines[line_number - 1]
        lines[line_number - 1] = line[:begin] + text.ljust(end - begin) + line[end:]
    return "\n".join(lines)
