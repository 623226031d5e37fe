from __future__ import annotations

import pytest

from scanner.passes.iac.cfn_values import (
    intrinsic,
    possible_items,
    possible_values,
    referenced_resource,
    render,
)


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


NO_VALUE = {"Ref": "AWS::NoValue"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"Ref": "P"}, [{"Ref": "P"}]),
        ({"Fn::If": ["C", {"Ref": "P"}, NO_VALUE]}, [{"Ref": "P"}, NO_VALUE]),
        (
            {"Fn::If": ["C", {"Fn::If": ["D", "a", "b"]}, {"Fn::GetAtt": ["Q", "Arn"]}]},
            ["a", "b", {"Fn::GetAtt": ["Q", "Arn"]}],
        ),
        ({"Fn::Select": [0, ["a", {"Ref": "P"}]]}, ["a", {"Ref": "P"}]),
        ({"Fn::Select": [0, {"Ref": "List"}]}, [{"Ref": "List"}]),
        ({"Fn::If": ["C", "a"]}, [{"Fn::If": ["C", "a"]}]),
        ({"Fn::ImportValue": "x"}, [{"Fn::ImportValue": "x"}]),
        ("plain", ["plain"]),
    ],
)
def test_possible_values_open_every_branch(value: object, expected: list[object]) -> None:
    assert possible_values(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["a", {"Fn::If": ["C", "b", NO_VALUE]}], ["a", "b", NO_VALUE]),
        ({"Fn::If": ["C", ["a", "b"], ["c"]]}, ["a", "b", "c"]),
        ({"Ref": "Arns"}, [{"Ref": "Arns"}]),
    ],
)
def test_possible_items_of_a_list_property(value: object, expected: list[object]) -> None:
    assert possible_items(value) == expected
