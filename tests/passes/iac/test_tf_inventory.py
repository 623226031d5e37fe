from __future__ import annotations

import json

import pytest

from scanner.passes.iac.model import Inventory, ProfileState
from scanner.passes.iac.tf_expand import expand
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
    return build_inventory(expand(TfModule.of("infra", load_hcl("main.tf", IAM + text))))


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


# terraform-aws-modules/autoscaling sets both, one of them null.
AUTOSCALING_PROFILE = """
locals {
  profile_arn  = var.on ? aws_iam_instance_profile.c[0].arn : var.profile
  profile_name = !var.on && var.profile == null ? var.profile : null
}
"""


@pytest.mark.parametrize(
    ("block", "state", "profiles"),
    [
        (
            "for_each = [1]\n  content { arn = aws_iam_instance_profile.a.arn }",
            ProfileState.PRESENT,
            (A,),
        ),
        (
            "for_each = [aws_iam_instance_profile.a.arn, aws_iam_instance_profile.b.arn]\n"
            "  iterator = p\n  content { arn = p.value }",
            ProfileState.PRESENT,
            (A, B),
        ),
        (
            "for_each = local.profile_name != null || local.profile_arn != null ? [1] : []\n"
            "  content {\n    name = local.profile_name\n    arn  = local.profile_arn\n  }",
            ProfileState.PRESENT,
            (C,),
        ),
        # May be empty, or chosen by the deployer: counts as set, like a setting that may be null.
        (
            "for_each = var.profile == null ? [] : [var.profile]\n"
            "  content { name = iam_instance_profile.value }",
            ProfileState.PRESENT,
            (),
        ),
        (
            "for_each = var.profiles\n  content { name = iam_instance_profile.value.name }",
            ProfileState.PRESENT,
            (),
        ),
        ('for_each = [1]\n  content { name = "" }', ProfileState.EMPTY, ()),
        (
            "for_each = []\n  content { arn = aws_iam_instance_profile.a.arn }",
            ProfileState.ABSENT,
            (),
        ),
    ],
)
def test_dynamic_launch_template_profile(
    block: str, state: ProfileState, profiles: tuple[str, ...]
) -> None:
    text = AUTOSCALING_PROFILE + (
        'resource "aws_launch_template" "t" {\n'
        f'  dynamic "iam_instance_profile" {{\n  {block}\n  }}\n}}\n'
    )
    profile = _inventory(text).launches[0].profile
    assert (profile.state, profile.profiles) == (state, profiles)


@pytest.mark.parametrize(
    ("resource", "launches", "web"),
    [
        (
            'dynamic "launch_template" {\n    for_each = var.on ? [1] : []\n'
            "    content { id = aws_launch_template.t.id }\n  }",
            ("aws_launch_template.t",),
            False,
        ),
        (
            'dynamic "mixed_instances_policy" {\n    for_each = [1]\n    content {\n'
            "      launch_template {\n        launch_template_specification {\n"
            "          launch_template_id = aws_launch_template.t.id\n"
            "        }\n      }\n    }\n  }",
            ("aws_launch_template.t",),
            False,
        ),
        (
            'dynamic "launch_template" {\n    for_each = [1]\n'
            "    content { id = var.on ? aws_launch_template.t.id : var.template }\n  }",
            ("aws_launch_template.t",),
            False,
        ),
        (
            'dynamic "tag" {\n    for_each = merge({ Name = "x" }, { Tier = "Web" })\n'
            "    content {\n      key = tag.key\n      value = tag.value\n"
            "      propagate_at_launch = true\n    }\n  }",
            (),
            True,
        ),
        (
            'dynamic "tag" {\n    for_each = { Tier = "Web" }\n'
            "    content {\n      key = tag.key\n      value = tag.value\n"
            "      propagate_at_launch = false\n    }\n  }",
            (),
            False,
        ),
    ],
)
def test_dynamic_auto_scaling_group_blocks(
    resource: str, launches: tuple[str, ...], web: bool
) -> None:
    text = f'resource "aws_autoscaling_group" "g" {{\n  {resource}\n}}\n'
    (group,) = _inventory(text + 'resource "aws_launch_template" "t" {}\n').groups
    assert (group.launches, group.web_tagged) == (launches, web)


@pytest.mark.parametrize(
    ("for_each", "web"),
    [
        ('[{ resource_type = "instance", tags = { Tier = "Web" } }]', True),
        ('[{ resource_type = "volume", tags = { Tier = "Web" } }]', False),
        ("var.tag_specifications", False),
    ],
)
def test_dynamic_tag_specifications(for_each: str, web: bool) -> None:
    text = (
        'resource "aws_launch_template" "t" {\n  dynamic "tag_specifications" {\n'
        f"    for_each = {for_each}\n    content {{\n"
        "      resource_type = tag_specifications.value.resource_type\n"
        "      tags          = merge(var.tags, tag_specifications.value.tags)\n"
        "    }\n  }\n}\n"
    )
    assert _inventory(text).launches[0].web_tagged is web


# terraform-aws-modules/ec2-instance attaches policies with for_each over a map variable.
ATTACHMENT = """
variable "iam_role_policies" {
  default = { Admin = "arn:aws:iam::aws:policy/AdministratorAccess", SSM = "ssm-arn" }
}
locals {
  policies = toset(["arn:aws:iam::aws:policy/PowerUserAccess"])
}
"""


@pytest.mark.parametrize(
    ("for_each", "policy_arn", "descriptions"),
    [
        (
            "{ for k, v in var.iam_role_policies : k => v if var.on }",
            "each.value",
            ["the AWS managed policy AdministratorAccess is attached"],
        ),
        (
            "var.iam_role_policies",
            "each.value",
            ["the AWS managed policy AdministratorAccess is attached"],
        ),
        ("local.policies", "each.key", ["the AWS managed policy PowerUserAccess is attached"]),
        (
            'toset(["IAMFullAccess", "ReadOnlyAccess"])',
            '"arn:aws:iam::aws:policy/${each.value}"',
            ["the AWS managed policy IAMFullAccess is attached"],
        ),
        (
            "{ admin = aws_iam_policy.all.arn }",
            "each.value",
            ["it allows every action (*) on every resource (*)"],
        ),
        ('{ ssm = "ssm-arn" }', "each.value", []),
        ("var.unset", "each.value", []),
    ],
)
def test_attachment_policy_follows_each(
    for_each: str, policy_arn: str, descriptions: list[str]
) -> None:
    text = (
        ATTACHMENT
        + POLICIES
        + (
            'resource "aws_iam_role_policy_attachment" "this" {\n'
            f"  for_each   = {for_each}\n  policy_arn = {policy_arn}\n"
            "  role       = aws_iam_role.a.name\n}\n"
        )
    )
    grants = _inventory(text).grants
    assert [grant.description for grant in grants] == descriptions
    assert all(grant.role == "aws_iam_role.a" for grant in grants)


def test_role_and_inline_policy_follow_each() -> None:
    text = (
        'variable "inline" {\n  default = {\n'
        '    a = { role = "role-a", actions = ["*"] }\n'
        '    b = { role = "role-a", actions = ["s3:GetObject"] }\n  }\n}\n'
        'resource "aws_iam_role_policy" "x" {\n  for_each = var.inline\n'
        "  role     = each.value.role\n"
        "  policy   = jsonencode({\n    Statement = [{\n"
        '      Effect = "Allow", Action = each.value.actions, Resource = "*"\n'
        "    }]\n  })\n}\n"
    )
    grants = _inventory(text).grants
    assert [(grant.role, grant.key) for grant in grants] == [
        ("aws_iam_role.a", "aws_iam_role_policy.x.policy[0].Statement[0]")
    ]


@pytest.mark.parametrize(
    ("statements", "levels"),
    [
        ('[{ actions = ["*"], resources = ["*"] }]', ["admin"]),
        ('[{ actions = ["s3:*"], resources = ["*"] }, { actions = ["ec2:*"] }]', ["service-wide"]),
        ('[{ actions = ["*"], resources = ["*"], effect = "Deny" }]', []),
        ('[{ actions = ["*"], resources = ["arn:aws:s3:::b"] }, { resources = ["*"] }]', []),
        ("var.statements", []),
    ],
)
def test_dynamic_policy_document_statements(statements: str, levels: list[str]) -> None:
    text = (
        'data "aws_iam_policy_document" "d" {\n  dynamic "statement" {\n'
        f"    for_each = {statements}\n    content {{\n"
        "      effect    = try(statement.value.effect, null)\n"
        "      actions   = try(statement.value.actions, null)\n"
        "      resources = try(statement.value.resources, null)\n    }\n  }\n}\n"
        'resource "aws_iam_role" "r" {\n  dynamic "inline_policy" {\n    for_each = [1]\n'
        "    content { policy = data.aws_iam_policy_document.d.json }\n  }\n}\n"
    )
    assert [grant.level.value for grant in _inventory(text).grants] == levels


def test_dynamic_cloudinit_parts_are_user_data() -> None:
    text = (
        'data "cloudinit_config" "c" {\n  dynamic "part" {\n'
        '    for_each = ["echo one", "echo two"]\n    content { content = part.value }\n  }\n}\n'
        'resource "aws_instance" "x" {\n  user_data = data.cloudinit_config.c.rendered\n}\n'
    )
    (script,) = _inventory(text).user_data
    assert script.text == "echo one\necho two"


def test_user_data_follows_each() -> None:
    text = (
        'resource "aws_instance" "x" {\n'
        '  for_each  = { web = "echo web", batch = "echo batch" }\n'
        '  user_data = "#!/bin/sh\\n${each.value}"\n}\n'
    )
    (script,) = _inventory(text).user_data
    assert script.text == "#!/bin/sh\necho web\n#!/bin/sh\necho batch"


def test_tf_json_dynamic_profile() -> None:
    document = {
        "resource": {
            "aws_launch_template": {
                "t": {
                    "dynamic": {
                        "iam_instance_profile": {
                            "for_each": "${var.on ? [1] : []}",
                            "content": {"arn": "${aws_iam_instance_profile.a.arn}"},
                        }
                    }
                }
            },
            "aws_iam_instance_profile": {"a": {"role": "${aws_iam_role.a.name}"}},
        }
    }
    module = TfModule.of("infra", load_tf_json("main.tf.json", json.dumps(document)))
    profile = build_inventory(expand(module)).launches[0].profile
    assert (profile.state, profile.profiles) == (ProfileState.PRESENT, (A,))


def test_dynamic_provider_default_tags() -> None:
    text = (
        'provider "aws" {\n  dynamic "default_tags" {\n    for_each = [{ Tier = "Web" }]\n'
        "    content { tags = default_tags.value }\n  }\n}\n"
        'resource "aws_instance" "x" {}\n'
    )
    assert _inventory(text).launches[0].web_tagged


@pytest.mark.parametrize(
    ("specifications", "expected"),
    [
        # One specification: named by the fleet, its profile by name or by ARN.
        (
            ['iam_instance_profile = aws_iam_instance_profile.a.name\n    tags = { Tier = "Web" }'],
            [("aws_spot_fleet_request.f", ProfileState.PRESENT, (A,), True)],
        ),
        (
            ["iam_instance_profile_arn = aws_iam_instance_profile.b.arn"],
            [("aws_spot_fleet_request.f", ProfileState.PRESENT, (B,), False)],
        ),
        # Several: each launches instances of its own, numbered as Terraform lists them.
        (
            ['tags = { Tier = "Web" }', 'iam_instance_profile = ""'],
            [
                ("aws_spot_fleet_request.f.launch_specification[0]", ProfileState.ABSENT, (), True),
                ("aws_spot_fleet_request.f.launch_specification[1]", ProfileState.EMPTY, (), False),
            ],
        ),
    ],
)
def test_each_spot_fleet_launch_specification_is_a_launch_definition(
    specifications: list[str],
    expected: list[tuple[str, ProfileState, tuple[str, ...], bool]],
) -> None:
    blocks = "".join(
        f'  launch_specification {{\n    ami = "ami-1"\n    {body}\n  }}\n'
        for body in specifications
    )
    inventory = _inventory(f'resource "aws_spot_fleet_request" "f" {{\n{blocks}}}\n')
    assert [
        (launch.address, launch.profile.state, launch.profile.profiles, launch.web_tagged)
        for launch in inventory.launches
    ] == expected
