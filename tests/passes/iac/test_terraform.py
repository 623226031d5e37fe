from __future__ import annotations

import pytest

from scanner.models import NotificationKind, PassSettings
from scanner.passes.iac.terraform import module_directory, scan_module

SETTINGS = PassSettings()


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("infra/main.tf", "infra"),
        ("infra/prod/main.TF", "infra/prod"),
        ("main.tf.json", "."),
        ("infra/vars.tfvars", None),
        ("infra/main.tf.bak", None),
        ("app.py", None),
    ],
)
def test_module_directory(path: str, group: str | None) -> None:
    assert module_directory(path) == group


def test_references_resolve_across_the_files_of_a_module() -> None:
    sources = [
        (
            "infra/ec2.tf",
            'resource "aws_instance" "web" {\n'
            "  iam_instance_profile = aws_iam_instance_profile.web.name\n"
            '  tags = { Tier = "Web" }\n}\n',
        ),
        (
            "infra/iam.tf",
            'resource "aws_iam_instance_profile" "web" {\n'
            "  role = aws_iam_role.web.name\n}\n"
            'resource "aws_iam_role" "web" {\n'
            '  managed_policy_arns = ["arn:aws:iam::aws:policy/PowerUserAccess"]\n}\n',
        ),
    ]
    result = scan_module(sources, SETTINGS)
    assert [(f.rule_id, f.path, f.region.start_line) for f in result.findings] == [
        ("instance-role-overly-permissive", "infra/iam.tf", 5)
    ]
    assert result.findings[0].properties["webTier"] is True
    assert dict(result.metrics) == {
        "ec2_launch_definitions": 1,
        "ec2_with_role": 1,
        "web_tier": 1,
        "web_tier_with_role": 1,
        "iam_user_access_keys": 0,
    }


def test_a_file_that_does_not_parse_is_reported_and_the_rest_still_analysed() -> None:
    sources = [
        ("infra/broken.tf", 'resource "aws_instance" "x" {\n  secret = "AKIAYGZ7Y67TASAE5JI7"\n'),
        ("infra/ok.tf", 'resource "aws_iam_access_key" "k" {\n  user = "u"\n}\n'),
    ]
    result = scan_module(sources, SETTINGS)
    (notification,) = result.notifications
    assert notification.path == "infra/broken.tf"
    assert (notification.kind, notification.reason) == (NotificationKind.PARTIAL, "parse-error")
    assert "AKIA" not in notification.message
    assert [f.rule_id for f in result.findings] == ["iam-user-access-key"]
    assert result.metrics["iam_user_access_keys"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 3000 + "]" * 3000 + "\n",
        'locals {\n  a = "' + "${" * 2000 + "}" * 2000 + '"\n}\n',
        "variable" * 20000,
    ],
)
def test_pathological_input_never_raises(text: str) -> None:
    result = scan_module([("deep.tf", text)], SETTINGS)
    assert result.findings == ()
    assert all(n.reason == "parse-error" for n in result.notifications)


def test_identity_does_not_depend_on_lines() -> None:
    text = 'resource "aws_instance" "web" {\n  ami = "x"\n}\n'
    first = scan_module([("m/a.tf", text)], SETTINGS).findings[0]
    moved = scan_module([("m/a.tf", "\n\n\n" + text)], SETTINGS).findings[0]
    assert first.region.start_line != moved.region.start_line
    assert first.identity == moved.identity


@pytest.mark.parametrize(
    ("interpolated", "level"),
    [
        ("${local.app_secret}", "error"),
        ("${aws_iam_access_key.app.secret}", "error"),
        ("${local.unrelated}", "warning"),
        ("${var.secret}", "warning"),
    ],
)
def test_user_data_levels_follow_locals_that_carry_a_key(interpolated: str, level: str) -> None:
    text = (
        'resource "aws_iam_access_key" "app" {\n  user = "app"\n}\n'
        "locals {\n  app_secret = aws_iam_access_key.app.secret\n  unrelated = 1\n}\n"
        'resource "aws_instance" "web" {\n  iam_instance_profile = "p"\n'
        f'  user_data = "export AWS_SECRET_ACCESS_KEY={interpolated}"\n}}\n'
    )
    result = scan_module([("m/main.tf", text)], SETTINGS)
    (finding,) = [f for f in result.findings if f.rule_id == "user-data-static-credentials"]
    assert finding.level.value == level
    assert finding.region.start_line == 10


CYCLE = """
data "template_file" "a" {
  template = data.template_file.b.rendered
}
data "template_file" "b" {
  template = "x ${%s}"
}
resource "aws_iam_access_key" "k" {
  user = "u"
}
resource "local_file" "f" {
  content = data.template_file.a.rendered
}
"""


@pytest.mark.parametrize(
    ("embedded", "exported"),
    [
        ("data.template_file.a.rendered", False),
        ("aws_iam_access_key.k.secret", True),
    ],
)
def test_templates_that_refer_to_each_other_are_followed_once(
    embedded: str, exported: bool
) -> None:
    # Data sources naming each other in a loop once sent the export search round it until
    # the recursion limit, and the module lost all its IaC findings.
    extra = '\ndata "template_file" "c" {\n  template = data.template_file.a.rendered\n}\n'
    result = scan_module([("infra/main.tf", CYCLE % embedded + extra)], SETTINGS)
    [finding] = [f for f in result.findings if f.rule_id == "iam-user-access-key"]
    assert finding.properties["secretExported"] is exported
    assert [r.message for r in finding.related] == (
        ["secret exported: file local_file.f"] if exported else []
    )
