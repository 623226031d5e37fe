"""Read a call's arguments from text, well enough to say whether it could pass keys.

The text prefilter (`prefilter.py`) runs on every Python file of a sweep, so it cannot parse;
but "this module imports boto3 and has `**` somewhere" keeps half the modules of an AWS
codebase. What `relevance.passes_keys` asks of the tree can be asked of the text of each
call of an entry point's name: a `**mapping` argument, a credential keyword, positional
arguments where the keys go. Strings, comments and nested brackets are skipped by a small
tokenizer; whatever it cannot read keeps the module (the answer must never be a wrong no),
and so does a module whose calls would cost more than a few passes over its text.
"""

from __future__ import annotations

import re

from scanner.passes.python.signatures import CREDENTIAL_KEYWORDS

# A comment runs to the end of its line: never a shorter match that leaves a "(" or "=" of
# the comment for the pattern to go on with.
_COMMENT = r"#[^\n]*(?![^\n])"
# Entry points' names as they end a call's name: "client" also ends "create_client",
# "Session" ends "AioSession", "Credentials" ends "ReadOnlyCredentials" and "AioCredentials".
# Between the name and its "(" may stand what Python lets stand there: white space, a
# backslash before a line break, the ")" of `(boto3.client)(...)`, a comment inside brackets.
ENTRY_CALL_RE = re.compile(
    r"(Session|Credentials|set_credentials|client|resource|setup_default_session)"
    r"(?:[\s\\)]|" + _COMMENT + r")*\("
)
_ANY_POSITIONAL = frozenset({"Session", "Credentials", "set_credentials"})
_LONG_POSITIONAL = frozenset({"client", "resource"})
# `client(service_name, region_name, api_version, use_ssl, verify, endpoint_url, key, ...)`
_ARGUMENTS_BEFORE_KEYS = 6
# The next token: a bracket or comma, `**`, `*`, a comment, a keyword (`name=` but not
# `name==`; white space, a comment or a line continuation may stand before the `=`), a
# word, or a quote that opens a string (read by `_string_end`, whose brackets and commas do
# not count). Searched for, not matched after a skipped run: a failed search
# then costs one pass over the text, never one per starting position.
_TOKEN_RE = re.compile(
    r"([()\[\]{},]|\*\*?|#[^\n]*)|(\w+)((?:\s|\\|" + _COMMENT + r")*=(?!=))?|([\"'])"
)
_STRING_RES = {
    quote: re.compile(quote + r"(?:[^" + quote + r"\\\n]|\\[\s\S])*" + quote) for quote in "\"'"
}
# A triple-quoted string: a backslash escapes the next character there too (`"""x\""""`).
_LONG_STRING_RES = {
    quote: re.compile(
        quote * 3
        + r"(?:[^"
        + quote
        + r"\\]|\\[\s\S]|"
        + quote
        + r"(?!"
        + quote * 2
        + r"))*"
        + quote * 3
    )
    for quote in "\"'"
}
# Prefixes of an f-string (and of a t-string, Python 3.14): its fields hold code, and since
# Python 3.12 that code may hold the string's own quote (`f"{d["k"]}"`).
_TEMPLATE_PREFIXES = frozenset({"f", "rf", "fr", "t", "rt", "tr"})
_MAX_NESTED_STRINGS = 16
_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")
# A call longer than this many tokens is not read to its end: it keeps the module.
_MAX_TOKENS = 2_000
# Nested calls are read once each, so a module's calls may cost more than one pass over its
# text; past this many passes (or a broken string) the module is kept without more reading.
_PASSES_PER_MODULE = 4
_EXTRA_CHARACTERS = 65_536


class Unreadable(Exception):
    """The text holds something this reader does not follow: the module must be kept."""


class CallReader:
    """Reads the calls of one module's text, within a budget of characters for them all."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._limit = _PASSES_PER_MODULE * len(text) + _EXTRA_CHARACTERS
        self._budget = self._limit

    def spent(self) -> int:
        """Characters read so far."""
        return self._limit - self._budget

    def may_pass_keys(self, call: re.Match[str]) -> bool:
        """Could the call `ENTRY_CALL_RE` matched hand an SDK entry point credentials?"""
        try:
            return self._read(call.group(1), call.end())
        except Unreadable:
            return True

    def _read(self, name: str, position: int) -> bool:
        positional = depth = 0
        argument_start = True
        for _ in range(_MAX_TOKENS):
            token = _TOKEN_RE.search(self._text, position)
            if token is None:
                raise Unreadable("the call never closes")
            symbol, word, keyword, quote = token.groups()
            position = self._advance(
                position,
                token.end() if quote is None else _string_end(self._text, token.start(), quote),
            )
            if symbol is not None and symbol in _CLOSING:
                if depth == 0:
                    return False
                depth -= 1
                continue
            if depth > 0 or (symbol is not None and symbol[0] == "#"):
                depth += symbol is not None and symbol in _OPENING
                continue
            if symbol == ",":
                argument_start = True
                continue
            if argument_start:
                # An argument is `**mapping`, `name=value`, or else positional (`*rest` too).
                if symbol == "**" or (keyword and word in CREDENTIAL_KEYWORDS):
                    return True
                if not keyword:
                    positional += 1
                    if _enough_positions(name, positional):
                        return True
                argument_start = False
            depth += symbol is not None and symbol in _OPENING
        raise Unreadable("a call too long to read")

    def _advance(self, position: int, end: int) -> int:
        self._budget -= end - position
        if self._budget < 0:
            raise Unreadable("the module's calls cost more than a few passes over its text")
        return end


def _string_end(text: str, start: int, quote: str, nesting: int = 0) -> int:
    """Where the string starting at `start` ends; Unreadable when it does not."""
    if _is_template(text, start):
        return _template_end(text, start, quote, nesting)
    pattern = _LONG_STRING_RES if text.startswith(quote * 3, start) else _STRING_RES
    string = pattern[quote].match(text, start)
    if string is None:
        raise Unreadable("an unterminated string")
    return string.end()


def _is_template(text: str, start: int) -> bool:
    """Is the string opening at `start` an f-string: are the letters before it its prefix?"""
    begin = start
    while begin > 0 and begin > start - 3 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        begin -= 1
    if begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
        return False
    return text[begin:start].lower() in _TEMPLATE_PREFIXES


def _template_end(text: str, start: int, quote: str, nesting: int) -> int:
    """The end of an f-string, its fields read as code (`_field_end`)."""
    _check_nesting(nesting)
    closing = quote * 3 if text.startswith(quote * 3, start) else quote
    position = start + len(closing)
    while position < len(text):
        if text.startswith(closing, position):
            return position + len(closing)
        character = text[position]
        if character == "\\" or text.startswith("{{", position):
            position += 2
        elif character == "{":
            position = _field_end(text, position + 1, nesting + 1)
        elif character == "\n" and len(closing) == 1:
            break
        else:
            position += 1
    raise Unreadable("an unterminated string")


def _field_end(text: str, position: int, nesting: int) -> int:
    """After the `}` closing the f-string field whose code starts at `position`: brackets
    nest, strings of any quote are skipped, a `:` outside brackets starts the format spec."""
    _check_nesting(nesting)
    depth = 0
    while position < len(text):
        character = text[position]
        if character in "\"'":
            position = _string_end(text, position, character, nesting + 1)
            continue
        if character == "#":
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline
            continue
        if depth == 0 and character == "}":
            return position + 1
        if depth == 0 and character == ":":
            return _spec_end(text, position + 1, nesting)
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth -= 1
        position += 1
    raise Unreadable("an unterminated f-string field")


def _spec_end(text: str, position: int, nesting: int) -> int:
    """After the `}` that ends a format spec; a spec is text (`'^10`), with fields inside."""
    while position < len(text):
        character = text[position]
        if character == "}":
            return position + 1
        position = _field_end(text, position + 1, nesting + 1) if character == "{" else position + 1
    raise Unreadable("an unterminated f-string field")


def _check_nesting(nesting: int) -> None:
    if nesting > _MAX_NESTED_STRINGS:
        raise Unreadable("strings nested too deep")


def _enough_positions(name: str, positional: int) -> bool:
    if name in _ANY_POSITIONAL:
        return True
    return name in _LONG_POSITIONAL and positional > _ARGUMENTS_BEFORE_KEYS
