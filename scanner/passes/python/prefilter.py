"""The cheap text test that decides whether a module is worth parsing at all.

Every parse costs: CPython's tree about 6 MB/s, libcst with metadata far less, while a regex
over the text costs microseconds. So a module is parsed only when its text could hold what
`relevance.may_matter` looks for, spelled the way Python spells it:

- a credentials path, a `.env` loader or the shared credentials file variable (any module);
- or an AWS SDK's name (it must be imported) together with a call that could pass keys: a
  credential keyword argument, a `**mapping` argument, positional arguments to a session or
  credentials constructor, seven or more positional arguments to `client`, `resource` or
  `create_client`, or a name imported from the SDK under an alias.

The test must never turn away a module the tree screen would keep (`tests/passes/python/
test_prefilter.py` checks that on every module the test suite knows): each pattern is a
necessary condition, looser than the tree test it stands for. Deliberately obfuscated
spellings (`"." "aws"`, `\\x2e`) are out of reach of both.

Notebooks keep the older, looser word test: their code sits in JSON strings, one list item a
line, so a call's arguments are spread across escaped lines.
"""

from __future__ import annotations

import re

from scanner.passes.python.signatures import SDK_MODULES
from scanner.source import SourceFile

PYTHON_SUFFIXES = frozenset({".py", ".pyw"})
NOTEBOOK_SUFFIX = ".ipynb"

# The notebook test: "boto" covers boto3, botocore, aioboto3 and aiobotocore; ".aws" a
# credentials path; the two AWS_ spellings cover key names and AWS_SHARED_CREDENTIALS_FILE.
_NOTEBOOK_NEEDLES = ("boto", ".aws", "aws_", "AWS_")

# Python's `re` searches fast only for a pattern that starts with a literal, so each test is
# a substring test first, and a pattern only runs where its substring occurs.

# A credentials path is built from string literals, so ".aws" ends a literal or is followed
# by a path separator or an f-string field ("localstack.aws.api" is a module, not a path).
_AWS_PATH_RE = re.compile(r"\.aws[\"'/\\{]")
_FILE_READ_WORDS = (
    "env_file",
    "AWS_SHARED_CREDENTIALS_FILE",
    "load_dotenv",
    "dotenv_values",
    "read_env",
    "RepositoryEnv",
)
_KEYWORDS = (
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "access_key",
    "secret_key",
    "token",
)
# A keyword argument is its name, then "=" but not "=="; a mapping argument follows "(" or
# ","; a positional argument to a session or credentials constructor is anything but ")".
_KEYWORD_RE = re.compile(r"(?:" + "|".join(_KEYWORDS) + r")\s*=(?!=)")
_MAPPING_RE = re.compile(r"[(,]\s*\*\*")
_POSITIONAL_NAMES = ("Session", "Credentials", "set_credentials")
_POSITIONAL_RE = re.compile(r"(?:Session|Credentials|set_credentials)\s*\(\s*[^)\s]")
_LONG_CALL_RE = re.compile(r"(?:client|resource|create_client)\s*\(")
# Just enough of Python's tokens to count the arguments of a call, each after a run of
# anything else: strings (their brackets and commas do not count), comments, brackets and
# commas, and a lone quote that opens no string this pattern knows.
_ARGUMENT_TOKEN_RE = re.compile(
    r"[^\"'#()\[\]{},]*"
    r"(\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''"
    r"|\"(?:[^\"\\\n]|\\[\s\S])*\"|'(?:[^'\\\n]|\\[\s\S])*'"
    r"|#[^\n]*|[()\[\]{},\"'])"
)
_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")
# `client(service_name, region_name, api_version, use_ssl, verify, endpoint_url, key, ...)`
_COMMAS_BEFORE_KEYS = 6
# A call whose closing bracket is further than this counts as long: never a reason to skip.
_MAX_CALL_TOKENS = 2_000
_SDK_NAMES = "|".join(sorted(SDK_MODULES))
_FROM_SDK_RE = re.compile(
    r"from[ \t]+(?:" + _SDK_NAMES + r")\b[\w.]*[ \t]+import[ \t]*"
    r"(?:\([^)]*\)|(?:[^\n\\]|\\[\s\S])*)"
)
_IMPORT_RE = re.compile(r"import[ \t]+(?:[^\n\\]|\\[\s\S])*")
_SDK_RE = re.compile(r"\b(?:" + _SDK_NAMES + r")\b")
_ALIAS_RE = re.compile(r"\bas\b")


def is_python_like(source: SourceFile) -> bool:
    return source.suffix in PYTHON_SUFFIXES or source.suffix == NOTEBOOK_SUFFIX


def is_candidate(source: SourceFile) -> bool:
    if source.suffix == NOTEBOOK_SUFFIX:
        return any(needle in source.text for needle in _NOTEBOOK_NEEDLES)
    return source.suffix in PYTHON_SUFFIXES and may_hold_findings(source.text)


def may_hold_findings(text: str) -> bool:
    """False only when the text cannot hold what `relevance.may_matter` looks for."""
    if any(word in text for word in _FILE_READ_WORDS):
        return True
    if ".aws" in text and _AWS_PATH_RE.search(text):
        return True
    if not any(module in text for module in SDK_MODULES):
        return False
    return (
        _passes_keywords(text)
        or _has_positional_credentials(text)
        or _has_long_call(text)
        or _imports_sdk_alias(text)
    )


def _passes_keywords(text: str) -> bool:
    if any(word in text for word in _KEYWORDS) and _KEYWORD_RE.search(text):
        return True
    return "**" in text and _MAPPING_RE.search(text) is not None


def _has_positional_credentials(text: str) -> bool:
    if not any(name in text for name in _POSITIONAL_NAMES):
        return False
    return _POSITIONAL_RE.search(text) is not None


def _has_long_call(text: str) -> bool:
    """Could some `client(`, `resource(` or `create_client(` call reach the key positions?"""
    return any(_reaches_keys(text, call.end()) for call in _LONG_CALL_RE.finditer(text))


def _reaches_keys(text: str, position: int) -> bool:
    depth = commas = 0
    match = _ARGUMENT_TOKEN_RE.match
    for _ in range(_MAX_CALL_TOKENS):
        token = match(text, position)
        if token is None:
            # No closing bracket: not Python the tree screen parses; stay on the safe side.
            return True
        position = token.end()
        kind = token.group(1)
        if kind in _OPENING:
            depth += 1
        elif kind in _CLOSING:
            if depth == 0:
                return False
            depth -= 1
        elif kind == "," and depth == 0:
            commas += 1
            if commas >= _COMMAS_BEFORE_KEYS:
                return True
    return True


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
