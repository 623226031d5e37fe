from __future__ import annotations

import pytest

from scanner.passes.iac.tf_choices import possible_values
from scanner.passes.iac.tf_hcl import load_hcl
from scanner.passes.iac.tf_module import TfModule
from scanner.passes.iac.tf_values import Call

MODULE = """
variable "on" { default = true }
variable "profile" { default = null }
variable "by_env" {
  default = { prod = "prod-profile", test = "test-profile" }
}
locals {
  chosen   = var.on ? aws_iam_instance_profile.a.name : var.profile
  profiles = { web = aws_iam_instance_profile.a.name, batch = aws_iam_instance_profile.b.name }
  loop     = var.on ? local.loop : aws_iam_instance_profile.b.name
}
"""


def _values(expression: str) -> list[object]:
    text = MODULE + f'resource "aws_instance" "x" {{\n  v = {expression}\n}}\n'
    module = TfModule.of("infra", load_hcl("main.tf", text))
    return possible_values(module, module.resources["aws_instance.x"].get("v"))


A = "${aws_iam_instance_profile.a.name}"
B = "${aws_iam_instance_profile.b.name}"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("aws_iam_instance_profile.a.name", [A]),
        ('"named"', ["named"]),
        ("var.on ? aws_iam_instance_profile.a.name : null", [True, A]),
        (
            "var.on ? aws_iam_instance_profile.a.name : aws_iam_instance_profile.b.name",
            [True, A, B],
        ),
        ('var.on ? "web-profile" : ""', [True, "web-profile", ""]),
        ("one(aws_iam_instance_profile.a[*].name)", ["${aws_iam_instance_profile.a[*].name}"]),
        (
            "try(aws_iam_instance_profile.a[0].name, null)",
            ["${aws_iam_instance_profile.a[0].name}", None],
        ),
        ("coalesce(var.profile, aws_iam_instance_profile.a.name)", ["${var.profile}", A]),
        (
            "element([aws_iam_instance_profile.a.name, aws_iam_instance_profile.b.name], 1)",
            [A, B, 1],
        ),
        ('lookup(local.profiles, "web", null)', [A, B, "web", None]),
        ("local.profiles[var.name]", [A, B]),
        ("local.chosen", [True, A, "${var.profile}"]),
        ("local.loop", [True, B]),
        ("var.by_env[terraform.workspace]", ["prod-profile", "test-profile"]),
        ('format("%s-profile", var.name)', [Call("format", ("%s-profile", "${var.name}"))]),
        ('"${var.name}-profile"', ["${var.name}-profile"]),
    ],
)
def test_every_branch_and_argument_is_a_possible_value(
    expression: str, expected: list[object]
) -> None:
    assert _values(expression) == expected
