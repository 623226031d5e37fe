from __future__ import annotations

import subprocess
import sys

import pytest

from scanner.passes.keys.candidate import Kind
from scanner.passes.keys.filters import is_reportable

from .fakes import KEY, SECRET, TEMP_KEY


@pytest.mark.parametrize(
    ("kind", "value", "reportable"),
    [
        (Kind.KEY_ID, KEY, True),
        (Kind.KEY_ID, TEMP_KEY, True),
        (Kind.KEY_ID, "AKIAIOSFODNN7EXAMPLE", False),
        (Kind.KEY_ID, "AKIAXXXXXXXXXXXXXXXX", False),
        (Kind.KEY_ID, "AKIAABCDEFGHIJKLMNOP", False),
        (Kind.KEY_ID, "AKIAQRSTUVWXYZ234567", False),
        (Kind.KEY_ID, "AIDAB4TC6AXQFTIYB5ZT", False),
        (Kind.SECRET, SECRET, True),
        (Kind.SECRET, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", False),
        (Kind.SECRET, "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ0123", False),
        (Kind.SECRET, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN", False),
        (Kind.SECRET, "c8216ab0be34c8d34c8241b7e5a5f8f1fb04cb35", False),
        (Kind.SECRET, "REPLACE_ME_WITH_YOUR_40_CHARACTER_SECRET", False),
    ],
)
def test_is_reportable(kind: Kind, value: str, reportable: bool) -> None:
    assert is_reportable(kind, value, frozenset()) is reportable


def test_declared_placeholders_are_honoured() -> None:
    assert not is_reportable(Kind.SECRET, SECRET, frozenset({SECRET}))
    assert not is_reportable(Kind.KEY_ID, KEY, frozenset({KEY}))


_PROBE = """
import sys
from scanner.models import PassSettings
from scanner.passes.keys import KeyPass
from scanner.source import SourceFile

key_pass = KeyPass()
found = 0
for text in {texts!r}:
    source = SourceFile.from_text("f.py", text)
    if key_pass.wants(source):
        found += len(key_pass.scan(source, PassSettings()).findings)
print(found, "detect_secrets" in sys.modules)
"""


@pytest.mark.parametrize(
    ("texts", "findings"),
    [
        (["def f():\n    return 1\n"], 0),
        (["aws_region = 'eu-west-1'\nsecret = os.environ['S']\n"], 0),
        ([f"key = '{KEY}'"], 1),
        ([f"key = '{KEY}'\nsecret = '{SECRET}'\n"], 2),
        (["key = 'AKIAQRSTUVWXYZ234567'\n"], 0),
    ],
)
def test_detect_secrets_is_never_loaded(texts: list[str], findings: int) -> None:
    """Its filler check is our own (`sequences`): a hook must not pay 100 ms to import it."""
    probe = _PROBE.format(texts=texts)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [str(findings), "False"]
