from __future__ import annotations

import json
from typing import Any

import pytest

from scanner.passes.iac.tf_blocks import TfBlock
from scanner.passes.iac.tf_expand import expand
from scanner.passes.iac.tf_hcl import load_hcl
from scanner.passes.iac.tf_json import load_tf_json
from scanner.passes.iac.tf_module import TfModule
from scanner.passes.iac.tf_values import Call

VARIABLES = """
variable "profile" { default = null }
variable "statements" {
  default = [{ actions = ["*"], resources = ["*"] }, { actions = ["s3:GetObject"] }]
}
"""
ARN = "${aws_iam_instance_profile.a.arn}"


def _resource(body: str) -> TfBlock:
    text = VARIABLES + f'resource "aws_launch_template" "t" {{\n{body}\n}}\n'
    return expand(TfModule.of("infra", load_hcl("main.tf", text))).resources[
        "aws_launch_template.t"
    ]


def _values(blocks: list[TfBlock]) -> list[dict[str, Any]]:
    return [{name: item.value for name, item in block.attributes.items()} for block in blocks]


@pytest.mark.parametrize(
    ("body", "name", "expected"),
    [
        (
            'dynamic "iam_instance_profile" {\n  for_each = [1]\n'
            "  content { arn = aws_iam_instance_profile.a.arn }\n}",
            "iam_instance_profile",
            [{"arn": ARN}],
        ),
        (
            'dynamic "iam_instance_profile" {\n  for_each = [aws_iam_instance_profile.a.arn]\n'
            "  iterator = p\n  content { arn = p.value }\n}",
            "iam_instance_profile",
            [{"arn": ARN}],
        ),
        # May be empty: the other branch is written, its iterator is the variable.
        (
            'dynamic "iam_instance_profile" {\n'
            "  for_each = var.profile == null ? [] : [var.profile]\n"
            "  content { name = iam_instance_profile.value }\n}",
            "iam_instance_profile",
            [{"name": "${var.profile}"}],
        ),
        # Chosen elsewhere: written once, the iterator standing for the whole expression.
        (
            'dynamic "iam_instance_profile" {\n  for_each = var.profile\n'
            "  content { name = iam_instance_profile.value.name }\n}",
            "iam_instance_profile",
            [{"name": "${(var.profile).name}"}],
        ),
        (
            'dynamic "iam_instance_profile" {\n  for_each = []\n  content { name = "x" }\n}',
            "iam_instance_profile",
            [],
        ),
        (
            'dynamic "statement" {\n  for_each = var.statements\n'
            "  content {\n    actions   = statement.value.actions\n"
            "    resources = try(statement.value.resources, null)\n  }\n}",
            "statement",
            [
                {"actions": ["*"], "resources": Call("try", (["*"], None))},
                {"actions": ["s3:GetObject"], "resources": Call("try", (None, None))},
            ],
        ),
        (
            'dynamic "tag_specifications" {\n  for_each = toset(["instance", "volume"])\n'
            "  content {\n    resource_type = tag_specifications.key\n"
            '    tags          = { Tier = "Web", For = tag_specifications.value }\n  }\n}',
            "tag_specifications",
            [
                {"resource_type": "instance", "tags": {"Tier": "Web", "For": "instance"}},
                {"resource_type": "volume", "tags": {"Tier": "Web", "For": "volume"}},
            ],
        ),
        # Written blocks sit beside the ones written out by hand.
        (
            'tag_specifications { resource_type = "volume" }\n'
            'dynamic "tag_specifications" {\n  for_each = [1]\n'
            '  content { resource_type = "instance" }\n}',
            "tag_specifications",
            [{"resource_type": "volume"}, {"resource_type": "instance"}],
        ),
    ],
)
def test_dynamic_blocks_are_written_out(body: str, name: str, expected: list[object]) -> None:
    resource = _resource(body)
    assert _values(resource.children(name)) == expected
    assert not resource.children("dynamic")


def test_nested_dynamic_blocks_see_the_outer_iterator() -> None:
    resource = _resource(
        'dynamic "mixed_instances_policy" {\n'
        '  for_each = [{ id = "lt-1" }]\n  iterator = policy\n  content {\n'
        '    launch_template {\n      dynamic "launch_template_specification" {\n'
        "        for_each = [policy.value]\n"
        "        content { launch_template_id = launch_template_specification.value.id }\n"
        "      }\n    }\n  }\n}"
    )
    (policy,) = resource.children("mixed_instances_policy")
    (template,) = policy.children("launch_template")
    specs = template.children("launch_template_specification")
    assert _values(specs) == [{"launch_template_id": "lt-1"}]


def test_a_written_block_is_placed_at_its_dynamic_header() -> None:
    resource = _resource(
        'dynamic "iam_instance_profile" {\n  for_each = [1]\n  content { name = "" }\n}'
    )
    (profile,) = resource.children("iam_instance_profile")
    assert profile.site.region.start_line == VARIABLES.count("\n") + 2
    assert profile.attributes["name"].span.line == VARIABLES.count("\n") + 4


@pytest.mark.parametrize(
    ("body", "name", "expected"),
    [
        (
            {"dynamic": {"iam_instance_profile": {"for_each": "${[1]}", "content": {"arn": ARN}}}},
            "iam_instance_profile",
            [{"arn": ARN}],
        ),
        (
            {
                "dynamic": [
                    {
                        "iam_instance_profile": [
                            {
                                "for_each": "${var.profile == null ? [] : [var.profile]}",
                                "iterator": "p",
                                "content": {"name": "${p.value}"},
                            }
                        ]
                    }
                ]
            },
            "iam_instance_profile",
            [{"name": "${var.profile}"}],
        ),
        (
            {
                "tag_specifications": {"resource_type": "volume"},
                "dynamic": {
                    "tag_specifications": {
                        "for_each": ["instance"],
                        "content": {"resource_type": "${tag_specifications.value}"},
                    }
                },
            },
            "tag_specifications",
            [{"resource_type": "volume"}, {"resource_type": "instance"}],
        ),
    ],
)
def test_tf_json_dynamic_entries_are_written_out(
    body: dict[str, Any], name: str, expected: list[object]
) -> None:
    document = {
        "variable": {"profile": {"default": None}},
        "resource": {"aws_launch_template": {"t": body}},
    }
    module = expand(TfModule.of("infra", load_tf_json("main.tf.json", json.dumps(document))))
    resource = module.resources["aws_launch_template.t"]
    assert _values(resource.children(name)) == expected
    assert "dynamic" not in resource.attributes


def test_tf_json_nested_dynamic_entries_are_written_out() -> None:
    policy = {
        "launch_template": {
            "dynamic": {
                "launch_template_specification": {
                    "for_each": ["lt-1", "lt-2"],
                    "iterator": "spec",
                    "content": {"launch_template_id": "${spec.value}"},
                }
            }
        }
    }
    document = {"resource": {"aws_autoscaling_group": {"g": {"mixed_instances_policy": policy}}}}
    module = expand(TfModule.of("infra", load_tf_json("main.tf.json", json.dumps(document))))
    (written,) = module.resources["aws_autoscaling_group.g"].children("mixed_instances_policy")
    (template,) = written.children("launch_template")
    specs = template.children("launch_template_specification")
    assert _values(specs) == [{"launch_template_id": "lt-1"}, {"launch_template_id": "lt-2"}]


EACH = """
variable "policies" {
  default = { admin = "AdministratorAccess", read = "ReadOnlyAccess" }
}
variable "unset" {}
"""


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        (
            "for_each = var.policies\n"
            'policy_arn = "arn:aws:iam::aws:policy/${each.value}"\nrole = each.key',
            {
                "policy_arn": [
                    "arn:aws:iam::aws:policy/AdministratorAccess",
                    "arn:aws:iam::aws:policy/ReadOnlyAccess",
                ],
                "role": ["admin", "read"],
            },
        ),
        (
            'for_each = toset(["one"])\npolicy_arn = each.value\nrole = "r"',
            {"policy_arn": "one", "role": "r"},
        ),
        (
            "for_each = var.unset\npolicy_arn = each.value.arn",
            {"policy_arn": "${(var.unset).arn}"},
        ),
        # An empty for_each writes no instance: the resource is left as written.
        ("for_each = {}\npolicy_arn = each.value", {"policy_arn": "${each.value}"}),
    ],
)
def test_each_stands_for_every_element(resource: str, expected: dict[str, object]) -> None:
    text = EACH + f'resource "aws_iam_role_policy_attachment" "x" {{\n{resource}\n}}\n'
    module = expand(TfModule.of("infra", load_hcl("main.tf", text)))
    (block,) = module.of_type("aws_iam_role_policy_attachment")
    values = {name: item.value for name, item in block.attributes.items() if name != "for_each"}
    assert values == expected


def test_each_in_nested_blocks_gathers_every_element() -> None:
    text = (
        EACH + 'resource "aws_launch_template" "t" {\n  for_each = var.policies\n'
        '  iam_instance_profile { name = "${each.key}-profile" }\n'
        '  tag_specifications { resource_type = "instance" }\n}\n'
    )
    block = expand(TfModule.of("infra", load_hcl("main.tf", text))).resources[
        "aws_launch_template.t"
    ]
    profiles = _values(block.children("iam_instance_profile"))
    assert profiles == [{"name": "admin-profile"}, {"name": "read-profile"}]
    assert _values(block.children("tag_specifications")) == [{"resource_type": "instance"}]


def test_nested_dynamic_blocks_stop_multiplying() -> None:
    many = "[" + ", ".join(str(number) for number in range(60)) + "]"
    level = 'dynamic "{0}" {{\n for_each = local.many\n content {{\n{1}\n}}\n}}'
    body = level.format("a", level.format("b", level.format("c", "v = c.value")))
    text = (
        f"locals {{\n  many = {many}\n}}\n" + f'resource "aws_launch_template" "t" {{\n{body}\n}}\n'
    )
    module = expand(TfModule.of("infra", load_hcl("main.tf", text)))
    written = list(module.resources["aws_launch_template.t"].walk())
    innermost = [block for block in written if block.type == "c"]
    assert len(written) < 60**3 // 4
    assert innermost and all("v" in block.attributes for block in innermost)
