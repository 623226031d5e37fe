from __future__ import annotations

import pytest

from scanner.passes.iac.tf_hcl import load_hcl
from scanner.passes.iac.tf_module import (
    Reference,
    TfModule,
    references_in,
    strings_in,
    whole_reference,
)
from scanner.passes.iac.tf_values import Call


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("${aws_iam_role.r.name}", Reference("aws_iam_role.r", "name")),
        ("${aws_iam_role.r[0].arn}", Reference("aws_iam_role.r", "arn")),
        ('${aws_iam_role.r["x"].arn}', Reference("aws_iam_role.r", "arn")),
        (
            "${data.aws_iam_policy_document.d.json}",
            Reference("data.aws_iam_policy_document.d", "json"),
        ),
        ("${var.region}", Reference("var.region", None)),
        ("${var.creds.access_key_id}", Reference("var.creds", "access_key_id")),
        ("prefix-${var.region}", None),
        ("${var.a ? 1 : 2}", None),
        (["${var.a}"], None),
    ],
)
def test_whole_reference(value: object, expected: Reference | None) -> None:
    assert whole_reference(value) == expected


def test_references_and_strings_anywhere_in_a_value() -> None:
    value = {"a": ["x ${aws_iam_access_key.k.secret} y"], "b": Call("f", ("${local.z}",))}
    assert set(strings_in(value)) == {"x ${aws_iam_access_key.k.secret} y", "${local.z}"}
    assert set(references_in(value)) == {
        Reference("aws_iam_access_key.k", "secret"),
        Reference("local.z", None),
    }


MODULE = """
variable "name" { default = "web-profile" }
variable "unset" {}
locals {
  profile = var.name
  loop    = local.loop
}
resource "aws_iam_role" "r" {}
data "aws_iam_policy_document" "d" {}
output "o" { value = 1 }
provider "aws" {}
"""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("${local.profile}", "web-profile"),
        ("${var.name}", "web-profile"),
        ("${var.unset}", "${var.unset}"),
        ("${local.loop}", "${local.loop}"),
        ("literal", "literal"),
    ],
)
def test_resolve_follows_locals_and_variable_defaults(value: str, expected: str) -> None:
    module = TfModule.of("infra", load_hcl("main.tf", MODULE))
    assert module.resolve(value) == expected


def test_index_by_kind() -> None:
    module = TfModule.of("infra", load_hcl("main.tf", MODULE))
    assert sorted(module.resources) == ["aws_iam_role.r", "data.aws_iam_policy_document.d"]
    assert sorted(module.variables) == ["name", "unset"]
    assert [o.labels for o in module.outputs] == [("o",)]
    assert len(module.providers) == 1
    assert [b.address for b in module.of_type("aws_iam_role")] == ["aws_iam_role.r"]


NAMED = """
resource "aws_iam_role" "computed" { name = var.name }
data "aws_iam_role" "existing" { name = "shared" }
resource "aws_iam_role" "first" { name = "shared" }
resource "aws_iam_role" "other" { name = "other" }
resource "aws_iam_instance_profile" "p" { name = "other" }
"""


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        # The first one declared wins, data sources included, as a search in order would.
        ("aws_iam_role", "shared", "data.aws_iam_role.existing"),
        ("aws_iam_role", "other", "aws_iam_role.other"),
        ("aws_iam_instance_profile", "other", "aws_iam_instance_profile.p"),
        ("aws_iam_role", "missing", None),
        ("aws_launch_template", "other", None),
    ],
)
def test_named_finds_the_first_block_of_a_type_by_name(
    kind: str, name: str, expected: str | None
) -> None:
    module = TfModule.of("infra", load_hcl("main.tf", NAMED))
    found = module.named(kind, name)
    assert (found and found.address) == expected


def test_indexes_follow_blocks_added_later() -> None:
    module = TfModule.of("infra", load_hcl("main.tf", NAMED))
    assert module.named("aws_launch_template", "lt") is None
    assert module.of_type("aws_launch_template") == []
    module.add(load_hcl("more.tf", 'resource "aws_launch_template" "t" { name = "lt" }\n')[0])
    assert [b.address for b in module.of_type("aws_launch_template")] == ["aws_launch_template.t"]
    assert module.named("aws_launch_template", "lt") is module.resources["aws_launch_template.t"]


def test_of_type_keeps_declaration_order_across_types() -> None:
    text = "".join(
        f'resource "{kind}" "{name}" {{}}\n'
        for kind, name in [
            ("aws_instance", "a"),
            ("aws_spot_instance_request", "b"),
            ("aws_instance", "c"),
        ]
    )
    module = TfModule.of("infra", load_hcl("main.tf", text))
    found = module.of_type("aws_instance", "aws_spot_instance_request")
    assert [b.address for b in found] == [
        "aws_instance.a",
        "aws_spot_instance_request.b",
        "aws_instance.c",
    ]
