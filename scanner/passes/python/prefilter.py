"""The cheap text test that decides whether a module is worth parsing at all.

Every parse costs: CPython's tree about 6 MB/s, libcst with metadata far less, while a regex
over the text costs microseconds. So a module is parsed only when its text could hold what
`relevance.may_matter` looks for, spelled the way Python spells it:

- a credentials path or the shared credentials file variable (any module), or a `.env`
  loader beside an SDK's name or AWS key words;
- or an AWS SDK's name (it must be imported) together with a name imported from the SDK
  under an alias, or a call of an entry point's name whose arguments could carry keys
  (`call_text.py`).

The test must never turn away a module the tree screen would keep (tests check that on every
module the test suite knows): each test is a necessary condition, looser than the tree test
it stands for. Deliberately obfuscated
spellings (`"." "aws"`, `\\x2e`) are out of reach of both.

Notebooks keep the older, looser word test: their code sits in JSON strings, one list item a
line, so a call's arguments are spread across escaped lines.
"""

from __future__ import annotations

import re
import unicodedata

from scanner.passes.python.call_text import ENTRY_CALL_RE, CallReader
from scanner.passes.python.signatures import (
    DOTENV_LOADER_NAMES,
    ENTRY_NAMES,
    SDK_MODULES,
    SETTINGS_MODULES,
    SHARED_FILE_VARIABLE,
    deals_with_aws_keys,
)
from scanner.source import SourceFile

PYTHON_SUFFIXES = frozenset({".py", ".pyw"})
NOTEBOOK_SUFFIX = ".ipynb"

# The notebook test: "boto" covers boto3, botocore, aioboto3 and aiobotocore; ".aws" a
# credentials path; the two AWS_ spellings cover key names and AWS_SHARED_CREDENTIALS_FILE.
_NOTEBOOK_NEEDLES = ("boto", ".aws", "aws_", "AWS_")

# Python's `re` searches fast only for a pattern that starts with a literal, so a test is a
# substring test first where it can be, and a pattern only runs where its substring occurs.

# The tree screen counts ".aws" as a path segment of a literal: it starts the literal (after
# a quote, or an f-string field's `}`) or follows a separator, and it ends the literal (a
# quote, a field's `{`) or a separator follows. A line break may precede it too, after a
# backslash continuing the literal. ("localstack.aws.api" is a module, "repost.aws/" a host.)
# The pattern starts with a literal, so it is searched fast; the character before is checked
# on each match.
_AWS_PATH_RE = re.compile(r"\.aws[\"'/\\{]")
_BEFORE_AWS_PATH = frozenset("\"'}/\\\n")
_LOADER_WORDS = tuple(sorted(DOTENV_LOADER_NAMES))
# A literal's closing quote, then only spaces, line continuations, comments or line breaks,
# then the next literal's opening quote: removed, the two read as one (string prefixes
# aside). One pattern per closing quote, so each starts with a literal and is searched for
# fast.
_BETWEEN_LITERALS = r"(?:[ \t\\\n]|#[^\n]*(?![^\n]))+[\"']"  # a comment runs to its line end
_ADJACENT_LITERALS = (re.compile('"' + _BETWEEN_LITERALS), re.compile("'" + _BETWEEN_LITERALS))
# What a `#!` line names to run Python: python, python3.11, pypy3, `uv run --script`.
_PYTHON_RUNNERS = ("python", "pypy", "uv run")
_SDK_NAMES = "|".join(sorted(SDK_MODULES))
# White space inside a statement: spaces, or a backslash continuing the line.
_SPACE = r"(?:[ \t]|\\\n)"
# `from boto3.session import (...)`, also with spaces or continuations between its words
# (`from boto3 . session \` then `import ...`) and comments inside the brackets.
_FROM_SDK_RE = re.compile(
    r"from"
    + _SPACE
    + r"+(?:"
    + _SDK_NAMES
    + r")\b(?:[\w.]|"
    + _SPACE
    + r")*?import\b"
    + _SPACE
    + r"*(?:\((?:[^)#]|#[^\n]*)*\)|(?:[^\n\\]|\\[\s\S])*)"
)
_IMPORT_RE = re.compile(r"import" + _SPACE + r"+(?:[^\n\\]|\\[\s\S])*")
_SDK_RE = re.compile(r"\b(?:" + _SDK_NAMES + r")\b")
_ALIAS_RE = re.compile(r"\bas\b")
# An entry point's name followed by what may end a statement's value: one pattern per name,
# each starting with a literal, so each is searched fast (an alternation of names is not).
_ENTRY_END_RES = tuple(
    re.compile(re.escape(name) + r"(?=[ \t)\n#;\\]|\Z)") for name in sorted(ENTRY_NAMES)
)
_BACK_OVER = frozenset(" \t\n\\")
# How far back from the entry point's name its `=` may stand (`S = (boto3\n    .Session)`).
_LOOK_BACK = 200


def is_candidate(source: SourceFile) -> bool:
    if source.suffix == NOTEBOOK_SUFFIX:
        return any(needle in source.text for needle in _NOTEBOOK_NEEDLES)
    return _is_module(source) and may_hold_findings(source.text)


def _is_module(source: SourceFile) -> bool:
    """A `.py` file, or a script without a suffix whose `#!` line runs Python
    (`bin/deploy`)."""
    if source.suffix in PYTHON_SUFFIXES:
        return True
    if source.suffix or not source.text.startswith("#!"):
        return False
    first_line = source.text.split("\n", 1)[0]
    return any(runner in first_line for runner in _PYTHON_RUNNERS)


def may_hold_findings(text: str) -> bool:
    """False only when the text cannot hold what `relevance.may_matter` looks for."""
    if _spelled_plainly(text):
        return True
    # Literals written side by side are one string (`"AWS_SHARED_" "CREDENTIALS_FILE"`):
    # only the string signs (paths, variable names) can be split that way.
    joined = _joined(text)
    if joined != text and _names_files(joined):
        return True
    # Python reads identifiers in NFKC form (a full-width letter is the letter); strings are
    # not normalised, so the plain text is read first and the normalised one as well.
    return not text.isascii() and _spelled_plainly(unicodedata.normalize("NFKC", text))


def _joined(text: str) -> str:
    for pattern in _ADJACENT_LITERALS:
        text = pattern.sub("", text)
    return text


def _spelled_plainly(text: str) -> bool:
    if _names_files(text):
        return True
    if not any(module in text for module in SDK_MODULES):
        return False
    if _imports_sdk_alias(text) or _assigns_entry_point(text):
        return True
    reader = CallReader(text)
    return any(reader.may_pass_keys(call) for call in ENTRY_CALL_RE.finditer(text))


def _names_files(text: str) -> bool:
    """A credentials path or the shared credentials file variable; or a `.env` loader where
    the tree screen counts one: beside an SDK's name or AWS key words (and pydantic's
    `env_file`, which `_env_file` contains, beside pydantic's name)."""
    if SHARED_FILE_VARIABLE in text:
        return True
    if ".aws" in text and _names_aws_path(text):
        return True
    loads = any(word in text for word in _LOADER_WORDS)
    if not loads and not ("env_file" in text and any(m in text for m in SETTINGS_MODULES)):
        return False
    return any(module in text for module in SDK_MODULES) or deals_with_aws_keys(text)


def _names_aws_path(text: str) -> bool:
    return any(
        match.start() > 0 and text[match.start() - 1] in _BEFORE_AWS_PATH
        for match in _AWS_PATH_RE.finditer(text)
    )


def _assigns_entry_point(text: str) -> bool:
    """`S = boto3.Session` (then `S(key, secret)`): a plain name assigned a dotted name that
    ends in an entry point's name and ends the statement. Read around each such name: after
    it only white space, continuations and `)` before the line's end; before it names, dots,
    white space and opening brackets back to the `=`. A near miss only costs a parse."""
    matches = (match for pattern in _ENTRY_END_RES for match in pattern.finditer(text))
    for match in matches:
        start = match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue  # the end of a longer name (`create_client` is an entry of its own)
        after = match.end()
        while after < len(text) and (text[after] in " \t)" or text.startswith("\\\n", after)):
            after += 2 if text[after] == "\\" else 1
        if after < len(text) and text[after] not in "\n;#":
            continue  # called, subscripted, an attribute's owner, a keyword: not the value
        before = match.start()
        limit = max(0, before - _LOOK_BACK)
        while before > limit and (
            text[before - 1] in _BACK_OVER or _is_name_part(text[before - 1])
        ):
            before = _before_comment(text, before - 1)
        while before > limit and text[before - 1] in "( \t\n\\":
            before = _before_comment(text, before - 1)  # `S = (  # c\n    boto3.Session)`
        if before > 0 and text[before - 1] == "=" and _assigns_a_name(text, before - 1):
            return True
    return False


def _before_comment(text: str, position: int) -> int:
    """Stepping back to `position`: past a line break, also past a comment ending the line
    before (a `#` inside a string there only makes the walk go further: a near miss)."""
    if text[position] != "\n":
        return position
    line_start = text.rfind("\n", 0, position) + 1
    comment = text.find("#", line_start, position)
    return comment if comment >= 0 else position


def _assigns_a_name(text: str, equals: int) -> bool:
    """Is the `=` at `equals` an assignment to a plain name (`S =`, `S: type =`, `a = S =`),
    the only target the tree screen follows? Not `==`, `<=`, `self.client =`, `f(x=...)`."""
    start = max(text.rfind("\n", 0, equals), text.rfind(";", 0, equals)) + 1
    targets = text[start:equals].split(":", 1)[0]  # `S: type =` annotates S
    return all(target.strip().isidentifier() for target in targets.split("="))


def _is_name_part(character: str) -> bool:
    return character.isalnum() or character in "._"


def _imports_sdk_alias(text: str) -> bool:
    """`from boto3 import client as make`: the alias may stand for any entry point."""
    if not _ALIAS_RE.search(text):
        return False
    for pattern in (_FROM_SDK_RE, _IMPORT_RE):
        for statement in pattern.finditer(text):
            found = statement.group()
            if _SDK_RE.search(found) and _ALIAS_RE.search(found):
                return True
    return False
