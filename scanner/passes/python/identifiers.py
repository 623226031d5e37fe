"""Identifiers as Python reads them: NFKC-normalised.

Python normalises every identifier (PEP 3131), so `client` spelled in full-width letters
after `boto3.` calls `boto3.client`. libcst keeps the text as written, and its scope
analysis would take the two spellings for different names; so the names are rewritten
before the module is analysed. String literals and comments are left as they are: Python
does not normalise them either.
"""

from __future__ import annotations

import io
import tokenize
import unicodedata


def normalised_names(code: str) -> str:
    """`code` with each identifier in its NFKC form. An ASCII module is returned as it is,
    without tokenizing; so is one the tokenizer rejects (the parsers will say why).

    Full-width letters keep their count, so columns stay; a name that changes length
    (a ligature) moves the columns after it on its line, as a form feed's removal does."""
    if code.isascii():
        return code
    lines = code.split("\n")
    try:
        edits = [
            (token.start, token.end, normal)
            for token in tokenize.generate_tokens(io.StringIO(code).readline)
            if token.type == tokenize.NAME
            and not token.string.isascii()
            and (normal := unicodedata.normalize("NFKC", token.string)) != token.string
        ]
    except (tokenize.TokenError, SyntaxError):
        return code
    # Last first, so that an edit does not move the columns of those still to come.
    for (row, start), (_, end), normal in reversed(edits):
        line = lines[row - 1]
        lines[row - 1] = line[:start] + normal + line[end:]
    return "\n".join(lines)
