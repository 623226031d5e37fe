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


def _string_end(text: str, start: int, quote: str) -> int:
    """Where the string starting at `start` ends; Unreadable when it does not."""
    if text.startswith(quote * 3, start):
        end = text.find(quote * 3, start + 3)
        if end < 0:
            raise Unreadable("an unterminated string")
        return end + 3
    string = _STRING_RES[quote].match(text, start)
    if string is None:
        raise Unreadable("an unterminated string")
    return string.end()


def _enough_positions(name: str, positional: int) -> bool:
    if name in _ANY_POSITIONAL:
        return True
    return name in _LONG_POSITIONAL and positional > _ARGUMENTS_BEFORE_KEYS
