from __future__ import annotations

import json

import pytest

from scanner.passes.iac.model import Inventory, ProfileState
from scanner.passes.iac.tf_hcl import load_hcl
from scanner.passes.iac.tf_inventory import build_inventory
from scanner.passes.iac.tf_json import load_tf_json
from scanner.passes.iac.tf_module import TfModule

IAM = """
variable "on" { default = false }
variable "profile" { default = null }
resource "aws_iam_role" "a" { name = "role-a" }
resource "aws_iam_role" "b" {}
resource "aws_iam_instance_profile" "a" { role = aws_iam_role.a.name }
resource "aws_iam_instance_profile" "b" {
  name = "profile-b"
  role = aws_iam_role.b.name
}
resource "aws_iam_instance_profile" "c" {
  count = var.on ? 1 : 0
  role  = aws_iam_role.a.name
}
locals {
  by_tier = { web = aws_iam_instance_profile.a.name, batch = aws_iam_instance_profile.b.name }
}
"""
A, B, C = (f"aws_iam_instance_profile.{name}" for name in "abc")


def _inventory(text: str) -> Inventory:
    return build_inventory(TfModule.of("infra", load_hcl("main.tf", IAM + text)))


@pytest.mark.parametrize(
    ("setting", "state", "profiles"),
    [
        ("aws_iam_instance_profile.a.name", ProfileState.PRESENT, (A,)),
        ('"profile-b"', ProfileState.PRESENT, (B,)),
        ("aws_iam_instance_profile.c[0].name", ProfileState.PRESENT, (C,)),
        ("var.on ? aws_iam_instance_profile.a.name : null", ProfileState.PRESENT, (A,)),
        ("var.on ? aws_iam_instance_profile.c[0].name : var.profile", ProfileState.PRESENT, (C,)),
        (
            "var.on ? aws_iam_instance_profile.a.name : aws_iam_instance_profile.b.arn",
            ProfileState.PRESENT,
            (A, B),
        ),
        ('var.on ? "profile-b" : null', ProfileState.PRESENT, (B,)),
        ("one(aws_iam_instance_profile.c[*].name)", ProfileState.PRESENT, (C,)),
        ("try(aws_iam_instance_profile.c[0].name, null)", ProfileState.PRESENT, (C,)),
        ("coalesce(var.profile, aws_iam_instance_profile.a.name)", ProfileState.PRESENT, (A,)),
        ("element(aws_iam_instance_profile.c.*.name, 0)", ProfileState.PRESENT, (C,)),
        ('lookup(local.by_tier, "web", null)', ProfileState.PRESENT, (A, B)),
        ("local.by_tier[var.tier]", ProfileState.PRESENT, (A, B)),
        ("tolist(aws_iam_instance_profile.c[*].name)[0]", ProfileState.PRESENT, (C,)),
        # Chosen elsewhere (a caller's variable, another module): present, nothing to follow.
        ("var.profile", ProfileState.PRESENT, ()),
        ("module.iam.profile_name", ProfileState.PRESENT, ()),
        ('var.on ? var.profile : "made-elsewhere"', ProfileState.PRESENT, ()),
        ('""', ProfileState.EMPTY, ()),
    ],
)
def test_instance_profile_follows_every_profile_an_expression_may_name(
    setting: str, state: ProfileState, profiles: tuple[str, ...]
) -> None:
    inventory = _inventory(
        f'resource "aws_instance" "web" {{\n  iam_instance_profile = {setting}\n}}\n'
    )
    profile = inventory.launches[0].profile
    assert (profile.state, profile.profiles) == (state, profiles)


@pytest.mark.parametrize(
    "block",
    [
        "name = var.on ? aws_iam_instance_profile.a.name : null",
        "arn = try(aws_iam_instance_profile.a.arn, null)",
    ],
)
def test_launch_template_profile_follows_choices(block: str) -> None:
    text = (
        f'resource "aws_launch_template" "t" {{\n  iam_instance_profile {{\n    {block}\n  }}\n}}\n'
    )
    profile = _inventory(text).launches[0].profile
    assert (profile.state, profile.profiles) == (ProfileState.PRESENT, (A,))


@pytest.mark.parametrize(
    ("role", "roles"),
    [
        (
            "var.on ? aws_iam_role.a.name : aws_iam_role.b.name",
            ("aws_iam_role.a", "aws_iam_role.b"),
        ),
        ("try(aws_iam_role.b.name, null)", ("aws_iam_role.b",)),
        ('var.on ? "role-a" : null', ("aws_iam_role.a",)),
        ("one(aws_iam_role.b[*].name)", ("aws_iam_role.b",)),
    ],
)
def test_profile_role_follows_choices(role: str, roles: tuple[str, ...]) -> None:
    inventory = _inventory(f'resource "aws_iam_instance_profile" "d" {{\n  role = {role}\n}}\n')
    assert inventory.profiles["aws_iam_instance_profile.d"].roles == roles


POLICIES = """
data "aws_iam_policy" "admin" { name = "AdministratorAccess" }
resource "aws_iam_policy" "all" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
"""
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ = "arn:aws:iam::aws:policy/ReadOnlyAccess"


@pytest.mark.parametrize(
    ("attachment", "roles"),
    [
        (f'role = try(aws_iam_role.b.name, "")\n  policy_arn = "{ADMIN}"', ["aws_iam_role.b"]),
        (
            f'role = aws_iam_role.b.name\n  policy_arn = var.on ? "{ADMIN}" : "{READ}"',
            ["aws_iam_role.b"],
        ),
        (
            "role = aws_iam_role.b.name\n"
            '  policy_arn = var.on ? "arn:${local.partition}:iam::aws:policy/IAMFullAccess" : null',
            ["aws_iam_role.b"],
        ),
        (
            "role = aws_iam_role.a.name\n"
            "  policy_arn = var.on ? aws_iam_policy.all.arn : data.aws_iam_policy.admin.arn",
            ["aws_iam_role.a", "aws_iam_role.a"],
        ),
        (f'role = aws_iam_role.b.name\n  policy_arn = var.on ? "{READ}" : null', []),
    ],
)
def test_attachment_role_and_policy_follow_choices(attachment: str, roles: list[str]) -> None:
    text = f'resource "aws_iam_role_policy_attachment" "x" {{\n  {attachment}\n}}\n' + POLICIES
    assert [grant.role for grant in _inventory(text).grants] == roles


def test_inline_policy_from_a_chosen_policy_document() -> None:
    text = (
        'data "aws_iam_policy_document" "all" {\n'
        '  statement {\n    actions = ["*"]\n    resources = ["*"]\n  }\n}\n'
        'resource "aws_iam_role_policy" "x" {\n'
        "  role   = aws_iam_role.a.id\n"
        "  policy = var.on ? data.aws_iam_policy_document.all.json : null\n}\n"
    )
    assert [grant.role for grant in _inventory(text).grants] == ["aws_iam_role.a"]


@pytest.mark.parametrize(
    "setting",
    [
        "${var.on ? aws_iam_instance_profile.a.name : null}",
        "${one(aws_iam_instance_profile.a[*].name)}",
        "${try(aws_iam_instance_profile.a.name, null)}",
    ],
)
def test_tf_json_settings_follow_the_same_choices(setting: str) -> None:
    document = {
        "resource": {
            "aws_instance": {"web": {"iam_instance_profile": setting}},
            "aws_iam_instance_profile": {"a": {"role": "${aws_iam_role.a.name}"}},
        }
    }
    module = TfModule.of("infra", load_tf_json("main.tf.json", json.dumps(document)))
    profile = build_inventory(module).launches[0].profile
    assert (profile.state, profile.profiles) == (ProfileState.PRESENT, (A,))
