from __future__ import annotations

import pytest

from scanner.models import PassSettings
from scanner.passes.iac.cloudformation import scan_template
from tests.test_shared_cases import CASES

SETTINGS = PassSettings()


def test_case_21_lambda_template_gives_nothing() -> None:
    template = CASES / "21_boto3_dynamic_credentials_no_finding" / "template.yaml"
    if not template.is_file():
        pytest.skip("labelled cases not present")
    result = scan_template("template.yaml", template.read_text(encoding="utf-8"), SETTINGS)
    assert result.findings == ()
    assert result.notifications == ()
    assert result.metrics["ec2_launch_definitions"] == 0


@pytest.mark.parametrize(
    ("text", "notified"),
    [
        ("AWSTemplateFormatVersion: '2010-09-09'\nResources: [unclosed\n", True),
        ('{"Resources": {"A": {"Type": "AWS::EC2::Instance",}}}', True),
        ("kind: Deployment\nimage: AWS::thing: [\n", False),
        (
            "Resources:\n  A:\n    Type: AWS::EC2::Instance\n    Properties: "
            + "[" * 500
            + "]" * 500
            + "\n",
            True,
        ),
        # Not a template once parsed: deep nesting there is none of this pass's business.
        ("Resources:\n  a: " + "[" * 500 + "]" * 500 + "\n", False),
    ],
)
def test_parse_failures_become_notifications(text: str, notified: bool) -> None:
    result = scan_template("t.yaml", text, SETTINGS)
    assert result.findings == ()
    assert [n.reason for n in result.notifications] == (["parse-error"] if notified else [])


def test_yaml_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    text = "AWSTemplateFormatVersion: '2010-09-09'\n" + "\n".join(lines) + "\n"
    result = scan_template("bomb.yaml", text, SETTINGS)
    (notification,) = result.notifications
    assert "aliases" in notification.message


@pytest.mark.parametrize(
    "text",
    [
        "Resources:\n  Web:\n    Type: Custom::Thing\n",
        "just: yaml\n",
        "[1, 2]",
    ],
)
def test_documents_that_are_not_templates_are_ignored(text: str) -> None:
    result = scan_template("x.yaml", text, SETTINGS)
    assert (result.findings, result.notifications) == ((), ())


def test_metrics_count_web_tier_through_asg_and_templates() -> None:
    text = """
Resources:
  Tpl:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        IamInstanceProfile: {Name: web}
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchTemplate: {LaunchTemplateId: !Ref Tpl}
      Tags: [{Key: Tier, Value: Web, PropagateAtLaunch: true}]
  Bare:
    Type: AWS::EC2::Instance
  Key:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: u}
"""
    result = scan_template("t.yaml", text, SETTINGS)
    assert dict(result.metrics) == {
        "ec2_launch_definitions": 2,
        "ec2_with_role": 1,
        "web_tier": 1,
        "web_tier_with_role": 1,
        "iam_user_access_keys": 1,
    }
    assert sorted(f.rule_id for f in result.findings) == [
        "ec2-instance-without-role",
        "iam-user-access-key",
    ]
