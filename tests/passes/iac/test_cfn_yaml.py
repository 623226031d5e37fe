from __future__ import annotations

import pytest

from scanner.passes.iac.cfn_yaml import load_yaml
from scanner.passes.iac.located import Mark, TemplateError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !Ref Web", {"a": {"Ref": "Web"}}),
        ("a: !GetAtt Web.Arn", {"a": {"Fn::GetAtt": ["Web", "Arn"]}}),
        ("a: !GetAtt [Web, Arn]", {"a": {"Fn::GetAtt": ["Web", "Arn"]}}),
        ("a: !Sub 'x-${AWS::Region}'", {"a": {"Fn::Sub": "x-${AWS::Region}"}}),
        ("a: !Base64 {Fn::Sub: x}", {"a": {"Fn::Base64": {"Fn::Sub": "x"}}}),
        ("a: !ImportValue shared-Profile", {"a": {"Fn::ImportValue": "shared-Profile"}}),
        ("a: !Join ['', [x, !Ref B]]", {"a": {"Fn::Join": ["", ["x", {"Ref": "B"}]]}}),
        ("a: !Condition IsProd", {"a": {"Condition": "IsProd"}}),
        ("a: &x [1, 2]\nb: *x", {"a": [1, 2], "b": [1, 2]}),
        ("a: 'on'\nb: 3", {"a": "on", "b": 3}),
    ],
)
def test_short_tags_become_long_forms(text: str, expected: object) -> None:
    assert load_yaml(text) == expected


def test_keys_and_values_keep_their_positions() -> None:
    document = load_yaml("Resources:\n  Web:\n    Type: AWS::EC2::Instance\n")
    web = document["Resources"]
    assert document.key_marks["Resources"] == Mark(1, 1)
    assert web.key_marks["Web"] == Mark(2, 3)
    assert web["Web"]["Type"].mark == Mark(3, 11)


def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (_bomb(9), "aliases are expanded"),
        ("a: " + "[" * 300 + "]" * 300, "nested"),
        ("a: [unclosed\nb: AKIAYGZ7Y67TASAE5JI7", "not valid YAML"),
        ("a:\n\t- b", "not valid YAML"),
    ],
)
def test_dangerous_or_broken_input_is_refused(text: str, reason: str) -> None:
    with pytest.raises(TemplateError, match=reason) as caught:
        load_yaml(text)
    # The message names the place, never the content.
    assert "AKIA" not in str(caught.value)
