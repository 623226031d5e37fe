from __future__ import annotations

import pytest

from scanner.passes.iac.cfn_values import intrinsic, referenced_resource, render


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"Ref": "Web"}, "Web"),
        ({"Fn::GetAtt": ["Profile", "Arn"]}, "Profile"),
        ({"Fn::GetAtt": "Profile.Arn"}, "Profile"),
        ({"Fn::ImportValue": "x"}, None),
        ({"Ref": "A", "Other": 1}, None),
        ("Web", None),
    ],
)
def test_referenced_resource(value: object, expected: str | None) -> None:
    assert referenced_resource(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ({"Ref": "AWS::Region"}, "${AWS::Region}"),
        ({"Fn::GetAtt": ["Key", "SecretAccessKey"]}, "${Key.SecretAccessKey}"),
        ({"Fn::Base64": {"Fn::Sub": "a ${B}"}}, "a ${B}"),
        ({"Fn::Sub": ["k=${K}", {"K": {"Ref": "Key"}}]}, "k=${Key}"),
        (
            {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam"]]},
            "arn:${AWS::Partition}:iam",
        ),
        ({"Fn::Join": ["-", ["a", {"Fn::If": ["c", 1, 2]}]]}, "a-${?}"),
        ({"Fn::If": ["c", "a", "b"]}, None),
        (5, None),
    ],
)
def test_render(value: object, expected: str | None) -> None:
    assert render(value) == expected


def test_intrinsic_recognises_only_one_key_functions() -> None:
    assert intrinsic({"Fn::Sub": "x"}) == ("Fn::Sub", "x")
    assert intrinsic({"Type": "x"}) is None
