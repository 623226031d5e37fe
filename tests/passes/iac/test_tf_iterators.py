from __future__ import annotations

import pytest

from scanner.passes.iac.tf_iterators import Element, bind, choice, iterator_names, mentions
from scanner.passes.iac.tf_values import Call

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
PROFILE = {"arn": "${aws_iam_instance_profile.a.arn}", "name": None}
NAMES = iterator_names("p", Element("web", PROFILE))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # A whole reference takes the element's value as it is.
        ("${p.value}", PROFILE),
        ("${p.value.arn}", "${aws_iam_instance_profile.a.arn}"),
        ('${p.value["arn"]}', "${aws_iam_instance_profile.a.arn}"),
        ("${p.value.missing}", None),
        ("${p.key}", "web"),
        # Inside calls, maps and lists.
        ("${ p.value.name }", None),
        (
            Call("try", ("${p.value.arn}", None)),
            Call("try", ("${aws_iam_instance_profile.a.arn}", None)),
        ),
        ({"tags": ["${p.key}"]}, {"tags": ["web"]}),
        # Inside an expression: the value is written as HCL; a template takes a plain key's text.
        ("${var.on ? p.value.arn : null}", "${var.on ? (aws_iam_instance_profile.a.arn) : null}"),
        ('${p.key == "web"}', '${"web" == "web"}'),
        ("profile-${p.key}-${var.env}", "profile-web-${var.env}"),
        ("${p.value.arn}-x", "${aws_iam_instance_profile.a.arn}-x"),
        # Other names are left alone.
        ("${pp.value} ${a.p.value} ${p.values}", "${pp.value} ${a.p.value} ${p.values}"),
        ("p.value", "p.value"),
        (7, 7),
    ],
)
def test_bind_replaces_the_iterator(value: object, expected: object) -> None:
    assert bind(value, NAMES) == expected


@pytest.mark.parametrize(
    ("element", "value", "expected"),
    [
        (Element(0, "${var.p}"), "${each.value.arn}", "${(var.p).arn}"),
        (Element(0, "${var.p}"), "${each.value}", "${var.p}"),
        (Element(0, 5), "${each.value.arn}", None),
        (Element("a", "AdministratorAccess"), "arn:aws:iam::aws:policy/${each.value}", ADMIN),
    ],
)
def test_bind_each(element: Element, value: object, expected: object) -> None:
    assert bind(value, iterator_names("each", element)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("${p.value.arn}", True),
        (["x", Call("try", ("${p.key}",))], True),
        ("${pp.value}", False),
        ("p.value", False),
    ],
)
def test_mentions(value: object, expected: bool) -> None:
    assert mentions(value, ("p.value", "p.key")) is expected


@pytest.mark.parametrize(
    ("alternatives", "expected"),
    [
        (["a", "a"], "a"),
        (["a", "b", "a"], ["a", "b"]),
        # One differing plain value inside a map or call: the rest is kept whole.
        (
            [{"Name": "a", "Tier": "Web"}, {"Name": "b", "Tier": "Web"}],
            {"Name": ["a", "b"], "Tier": "Web"},
        ),
        ([Call("f", ("a", 1)), Call("f", ("b", 1))], Call("f", (["a", "b"], 1))),
        # Two differing values are not paired across elements.
        (
            [{"Action": "*", "Resource": "x"}, {"Action": "y", "Resource": "*"}],
            [{"Action": "*", "Resource": "x"}, {"Action": "y", "Resource": "*"}],
        ),
        # A differing list stays whole: a list of lists would read as something else.
        (
            [Call("jsonencode", ({"S": [1]},)), Call("jsonencode", ({"S": [2]},))],
            [Call("jsonencode", ({"S": [1]},)), Call("jsonencode", ({"S": [2]},))],
        ),
        ([["a"], ["b"]], [["a"], ["b"]]),
    ],
)
def test_choice(alternatives: list[object], expected: object) -> None:
    assert choice(alternatives) == expected
