"""Identifiers as Python reads them: NFKC-normalised.

Python normalises every identifier (PEP 3131), so `client` spelled in full-width letters
after `boto3.` calls `boto3.client`. libcst keeps the text as written, and its scope
analysis would take the two spellings for different names; so the names are rewritten
before the module is analysed. String literals and comments are left as they are: Python
does not normalise them either.
"""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from collections.abc import Iterable, Iterator


def normalised_names(code: str) -> str:
    """`code` with each identifier in its NFKC form. An ASCII module is returned as it is,
    without tokenizing; so is one the tokenizer rejects (the parsers will say why).

    Full-width letters keep their count, so columns stay; a name that changes length
    (a ligature) moves the columns after it on its line, as a form feed's removal does."""
    if code.isascii() or not any(map(_folds_into_name, set(_NON_ASCII.findall(code)))):
        return code
    lines = code.split("\n")
    try:
        edits = list(_name_edits(tokenize.generate_tokens(io.StringIO(code).readline)))
    except (tokenize.TokenError, SyntaxError):
        return code
    # Last first, so that an edit does not move the columns of those still to come.
    for (row, start), (_, end), normal in reversed(edits):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + normal + line[end:]
    return "\n".join(lines)


# Python's tokenizer runs at about a megabyte a second: it is run only for a module holding
# a character that NFKC turns into a letter, digit or low line (a full-width letter, a
# ligature), not for the accents, dashes and no-break spaces of ordinary comments.
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _folds_into_name(char: str) -> bool:
    normal = unicodedata.normalize("NFKC", char)
    return normal != char and any(c.isalnum() or c == "_" for c in normal)


Position = tuple[int, int]


def _name_edits(tokens: Iterable[tokenize.TokenInfo]) -> Iterator[tuple[Position, Position, str]]:
    """(start, end, NFKC form) of each name written other than Python reads it.

    The tokenizer of Python 3.11 ends a name at a connector such as the full-width low line
    (U+FF3F), which Python itself reads as `_` inside the name: so a name is every run of
    name and error tokens that touch, and it counts when Python takes it for one."""
    run: list[tokenize.TokenInfo] = []
    for token in (*tokens, None):
        name_like = (
            token is not None
            and token.type in (tokenize.NAME, tokenize.ERRORTOKEN)
            and bool(token.string.strip())
        )
        if token is not None and name_like and run and run[-1].end == token.start:
            run.append(token)
            continue
        if run:
            yield from _edit(run)
        run = [token] if token is not None and name_like else []


def _edit(run: list[tokenize.TokenInfo]) -> Iterator[tuple[Position, Position, str]]:
    written = "".join(token.string for token in run)
    if written.isascii():
        return
    normal = unicodedata.normalize("NFKC", written)
    # Python judges the name as written (a full-width low line may not start one), then
    # reads it normalised.
    if normal != written and written.isidentifier():
        yield run[0].start, run[-1].end, normal
