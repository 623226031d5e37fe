from __future__ import annotations

import libcst as cst
import pytest

from scanner.passes.python.classify import (
    Verdict,
    deciding_provenance,
    is_documented_example_key,
    value_verdict,
)
from scanner.passes.python.signatures import KEY_ID, SECRET, TOKEN
from scanner.passes.python.values import Provenance, Value
from tests.passes.python import support
from tests.passes.python.support import KEY, fake_key_id

SECRET_VALUE = support.SECRET

P = Provenance
NODE = cst.Name("x")
TOKEN_VALUE = "IQoJb3JpZ2luX2VjE" + SECRET_VALUE * 3


@pytest.mark.parametrize(
    ("provenance", "text", "role", "verdict"),
    [
        (P.LITERAL, KEY, KEY_ID, Verdict.HARDCODED),
        (P.LITERAL, fake_key_id("ASIA"), KEY_ID, Verdict.HARDCODED),
        (P.LITERAL, SECRET_VALUE, SECRET, Verdict.HARDCODED),
        (P.LITERAL, TOKEN_VALUE, TOKEN, Verdict.HARDCODED),
        (P.ENVIRONMENT_FALLBACK, KEY, KEY_ID, Verdict.HARDCODED),
        (P.PARAMETER_DEFAULT, SECRET_VALUE, SECRET, Verdict.HARDCODED),
        (P.LITERAL, "AKIAIOSFODNN7EXAMPLE", KEY_ID, Verdict.EXPLICIT),
        (P.LITERAL, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", SECRET, Verdict.EXPLICIT),
        (P.LITERAL, "test", KEY_ID, Verdict.NOTHING),
        (P.LITERAL, "testing", SECRET, Verdict.NOTHING),
        (P.LITERAL, "mock", SECRET, Verdict.NOTHING),
        (P.LITERAL, "", SECRET, Verdict.NOTHING),
        (P.LITERAL, "<your-secret-key>", SECRET, Verdict.NOTHING),
        (P.LITERAL, "YOUR_ACCESS_KEY_ID", KEY_ID, Verdict.NOTHING),
        (P.LITERAL, "AKIAXXXXXXXXXXXXXXXX", KEY_ID, Verdict.NOTHING),
        (P.LITERAL, "ak", KEY_ID, Verdict.NOTHING),
        (P.LITERAL, "invalid", SECRET, Verdict.NOTHING),
        (P.LITERAL, "ACCESS_KEY", KEY_ID, Verdict.NOTHING),
        (P.LITERAL, "example-secret", SECRET, Verdict.NOTHING),
        (P.ENVIRONMENT_FALLBACK, "", SECRET, Verdict.EXPLICIT),
        (P.ENVIRONMENT_FALLBACK, "test", SECRET, Verdict.EXPLICIT),
        (P.PARAMETER_DEFAULT, "test", SECRET, Verdict.EXPLICIT),
        (P.NONE, None, KEY_ID, Verdict.NOTHING),
        (P.TEMPORARY, None, KEY_ID, Verdict.NOTHING),
        (P.ENVIRONMENT, None, KEY_ID, Verdict.EXPLICIT),
        (P.CONFIG, None, KEY_ID, Verdict.EXPLICIT),
        (P.SECRETS_STORE, None, KEY_ID, Verdict.EXPLICIT),
        (P.PARAMETER, None, KEY_ID, Verdict.EXPLICIT),
        (P.IMPORTED, None, KEY_ID, Verdict.EXPLICIT),
        (P.CREATED_ACCESS_KEY, None, KEY_ID, Verdict.EXPLICIT),
        (P.UNKNOWN, None, KEY_ID, Verdict.EXPLICIT),
    ],
)
def test_each_row_of_the_table(
    provenance: Provenance, text: str | None, role: str, verdict: Verdict
) -> None:
    assert value_verdict(Value(provenance, NODE, text), role, frozenset()) is verdict


def test_extra_placeholders_from_the_settings_are_honoured() -> None:
    value = Value(P.LITERAL, NODE, KEY)
    assert value_verdict(value, KEY_ID, frozenset({KEY})) is Verdict.NOTHING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AKIAIOSFODNN7EXAMPLE", True),
        ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", True),
        ("example", False),
        ("see the example below", False),
        (KEY, False),
    ],
)
def test_documented_example_keys(text: str, expected: bool) -> None:
    assert is_documented_example_key(text) is expected


def test_documented_examples_have_their_own_provenance_label() -> None:
    value = Value(P.LITERAL, NODE, "AKIAIOSFODNN7EXAMPLE")
    assert deciding_provenance(value, frozenset()) == "documented-example"
    assert deciding_provenance(Value(P.ENVIRONMENT, NODE), frozenset()) == "environment"
