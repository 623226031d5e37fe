from __future__ import annotations

import pytest

from scanner.passes.iac.tf_for_each import elements
from scanner.passes.iac.tf_hcl import load_hcl
from scanner.passes.iac.tf_iterators import Element
from scanner.passes.iac.tf_module import TfModule

MODULE = """
variable "on" { default = true }
variable "profile" { default = null }
variable "none" {}
variable "empty" { default = [] }
variable "policies" {
  default = { admin = "arn:aws:iam::aws:policy/AdministratorAccess", ssm = "ssm-arn" }
}
variable "settings" { default = { statements = [{ sid = "a" }] } }
locals {
  names  = ["a", "b"]
  nested = local.names
  empty  = []
  loop   = local.loop
}
"""
POLICIES = [
    Element("admin", "arn:aws:iam::aws:policy/AdministratorAccess"),
    Element("ssm", "ssm-arn"),
]
A, B = Element(0, "a"), Element(1, "b")


def _elements(expression: str) -> list[Element] | None:
    text = MODULE + f'resource "aws_instance" "x" {{\n  v = {expression}\n}}\n'
    module = TfModule.of("infra", load_hcl("main.tf", text))
    return elements(module, module.resources["aws_instance.x"].get("v"))


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("[1]", [Element(0, 1)]),
        ('{ x = "y" }', [Element("x", "y")]),
        ("[]", []),
        ("local.names", [A, B]),
        ("local.nested", [A, B]),
        ("local.empty", []),
        ("var.policies", POLICIES),
        ("var.settings.statements", [Element(0, {"sid": "a"})]),
        ('toset(["a", "b"])', [Element("a", "a"), Element("b", "b")]),
        ("tolist(local.names)", [A, B]),
        ("keys(var.policies)", [Element(0, "admin"), Element(1, "ssm")]),
        # Known elements win over a part chosen elsewhere.
        ("concat(local.names, var.empty)", [A, B]),
        ('flatten([["a"], ["b"]])', [Element(0, "a"), Element(1, "b")]),
        # Every branch of a conditional counts; an empty one adds nothing.
        ("var.on ? [var.profile] : []", [Element(0, "${var.profile}")]),
        ("var.on ? [] : local.names", [A, B]),
        ("var.on ? [] : {}", []),
        ("length(local.names) > 0 ? [1] : []", [Element(0, 1)]),
        # `for` expressions: the `if` is not weighed, the key and value are written out.
        ("{ for k, v in var.policies : k => v if var.on }", POLICIES),
        (
            '{ for name in local.names : "${name}-role" => { n = name } }',
            [Element("a-role", {"n": "a"}), Element("b-role", {"n": "b"})],
        ),
        ("[for i, name in local.names : i]", [Element(0, 0), Element(1, 1)]),
        # Chosen by the deployer or computed: unknown here.
        ("var.profile", None),
        ("var.none", None),
        ("var.empty", None),
        ("var.on ? var.none : []", None),
        ("aws_iam_role.r[*].arn", None),
        ("local.names[0]", None),
        ("local.loop", None),
        ('format("%s", var.on)', None),
        ("{ for k, v in var.none : k => v }", None),
    ],
)
def test_for_each_elements(expression: str, expected: list[Element] | None) -> None:
    assert _elements(expression) == expected


def test_tf_json_for_each_is_parsed() -> None:
    module = TfModule.of("infra", load_hcl("main.tf", MODULE))
    assert elements(module, '${var.on ? ["x"] : []}') == [Element(0, "x")]
    assert elements(module, "${[1]}") == [Element(0, 1)]
