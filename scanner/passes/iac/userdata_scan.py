"""Find where a boot script sets AWS static credentials, and judge each value.

Recognised: `export AWS_ACCESS_KEY_ID=...` and other NAME=value / NAME: value forms,
`aws configure set [profile.]aws_secret_access_key ...`, and the `aws_access_key_id = ...`
lines of a credentials file. A value fetched at boot (Secrets Manager, SSM Parameter Store,
the instance metadata service), directly or through a shell variable, is the practice the
scanner recommends and is never reported.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass

from scanner import keyshape

_NAMES = r"aws_access_key_id|aws_secret_access_key"
_VALUE = r"(?P<value>\"[^\"\n]*\"|'[^'\n]*'|\$\([^)\n]*\)?|`[^`\n]*`?|[^\s;&|'\"]+)"
_SETTING = re.compile(
    rf"(?<![$\w{{.])(?P<name>{_NAMES})[\"']?[ \t]*[=:][ \t]*{_VALUE}", re.IGNORECASE
)
_CONFIGURE = re.compile(
    rf"\baws\s+configure\s+set\s+(?:--profile\s+\S+\s+)?(?:[\w-]+\.)?(?P<name>{_NAMES})"
    rf"\s+{_VALUE}",
    re.IGNORECASE,
)
_ASSIGNMENT = re.compile(r"^\s*(?:export\s+|local\s+|declare\s+\S*\s*)?([A-Za-z_]\w*)=(.*)$")
_FETCH = re.compile(
    r"secretsmanager|\bssm\b|get-parameters?\b|169\.254\.169\.254|instance-metadata"
    r"|\bsts\s+assume-role|\bvault\s",
    re.IGNORECASE,
)
_SHELL_VARIABLE = re.compile(r"\A\$\{?([A-Za-z_]\w*)\}?\Z")


class ValueKind(str, enum.Enum):
    KEY = "key-shaped literal"
    KEY_REFERENCE = "access key reference"
    VARIABLE = "variable"
    PLACEHOLDER = "placeholder"


@dataclass(frozen=True)
class CredentialSetting:
    """`offset`/`snippet` locate the setting in the script; `value` is never reported."""

    name: str
    kind: ValueKind
    offset: int
    snippet: str
    value: str


def find_settings(
    script: str, key_references: frozenset[str] = frozenset()
) -> Iterator[CredentialSetting]:
    fetched = _fetched_variables(script)
    for pattern in (_SETTING, _CONFIGURE):
        for match in pattern.finditer(script):
            value = _unquote(match.group("value"))
            kind = classify(value, key_references=key_references, fetched=fetched)
            if kind is not None:
                yield CredentialSetting(
                    match.group("name").lower(), kind, match.start(), match.group(), value
                )


def classify(
    value: str, *, key_references: frozenset[str], fetched: frozenset[str] = frozenset()
) -> ValueKind | None:
    """How bad one value is, or None when it is harmless (fetched, empty, not a key)."""
    if not value or _FETCH.search(value) or _uses_any(value, fetched):
        return None
    if value.startswith("${") and value[2:-1].strip() in key_references:
        return ValueKind.KEY_REFERENCE
    variable = _SHELL_VARIABLE.match(value)
    if variable is not None:
        return None if variable.group(1) in fetched else ValueKind.VARIABLE
    if value.startswith(("$", "`")):
        return ValueKind.VARIABLE
    if keyshape.is_reportable_key_id(value) or keyshape.is_reportable_secret(value):
        return ValueKind.KEY
    if keyshape.is_documented_example(value) or keyshape.is_placeholder(value):
        return ValueKind.PLACEHOLDER
    # Any other literal (a git SHA, a 40-character path) is not a credential.
    return None


def _fetched_variables(script: str) -> frozenset[str]:
    """Shell variables assigned from a secret store, or from another such variable."""
    fetched: set[str] = set()
    for line in script.splitlines():
        match = _ASSIGNMENT.match(line)
        if match is None:
            continue
        name, value = match.groups()
        if _FETCH.search(value) or _uses_any(value, fetched):
            fetched.add(name)
    return frozenset(fetched)


def _uses_any(value: str, variables: frozenset[str] | set[str]) -> bool:
    return any(re.search(rf"\$\{{?{re.escape(name)}\b", value) for name in variables)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value.strip()
