from __future__ import annotations

import pytest

from scanner.passes.iac.json_positions import load_json
from scanner.passes.iac.located import Mark, TemplateError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": [1, 2.5, -3e2, true, false, null]}', {"a": [1, 2.5, -300.0, True, False, None]}),
        ('"\\u0041\\n\\/"', "A\n/"),
        ("\ufeff{}", {}),
        ("  [ ]  ", []),
        ('{"a": {"b": {"c": "d"}}}', {"a": {"b": {"c": "d"}}}),
    ],
)
def test_values_match_the_standard_library(text: str, expected: object) -> None:
    assert load_json(text) == expected


def test_positions_of_keys_objects_and_strings() -> None:
    document = load_json('{\n  "Resources": {\n    "Web": {"Type": "AWS::EC2::Instance"}\n  }\n}')
    resources = document["Resources"]
    assert document.key_marks["Resources"] == Mark(2, 3)
    assert resources.key_marks["Web"] == Mark(3, 5)
    assert resources["Web"].mark == Mark(3, 12)
    assert resources["Web"]["Type"].mark == Mark(3, 21)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "expected a property name"),
        ('{"a" 1}', "expected ':'"),
        ("[1,]", "expected a value"),
        ("{} x", "extra data"),
        ("", "expected a value"),
        ('["AKIAYGZ7Y67TASAE5JI7" "x"]', "expected ','"),
        ("[" * 300 + "]" * 300, "nested deeper"),
        ('"unterminated', "Unterminated string"),
    ],
)
def test_errors_say_where_not_what(text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message) as caught:
        load_json(text)
    assert "AKIA" not in str(caught.value)


def test_located_values_survive_pickling() -> None:
    import pickle

    document = load_json('{"a": "b"}')
    copy = pickle.loads(pickle.dumps(document))
    assert copy == document
    assert copy["a"].mark == document["a"].mark
