"""The pass classes registered with the engine (scanner/passes/iac/__init__.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scanner.models import PassSettings
from scanner.passes.iac import CloudFormationPass, TerraformPass
from scanner.source import SourceFile


@pytest.mark.parametrize(
    ("path", "text", "wanted"),
    [
        ("stack.yaml", "Resources:\n  A:\n    Type: AWS::EC2::Instance\n", True),
        ("stack.yml", "AWSTemplateFormatVersion: '2010-09-09'\n", True),
        ("stack.template", '{"Resources": {"A": {"Type": "AWS::S3::Bucket"}}}', True),
        ("stack.json", '{"Resources": {"A": {"Type": "AWS::S3::Bucket"}}}', True),
        ("main.tf.json", '{"resource": {"x": "AWS::"}}', False),
        ("main.tofu.json", '{"resource": {"x": "AWS::"}}', False),
        ("values.yaml", "replicas: 3\n", False),
        ("stack.py", "AWSTemplateFormatVersion", False),
    ],
)
def test_cloudformation_prefilter(path: str, text: str, wanted: bool) -> None:
    assert CloudFormationPass().wants(SourceFile.from_text(path, text)) is wanted


def test_terraform_groups_by_directory_and_scans_together() -> None:
    terraform = TerraformPass()
    assert terraform.group_of("infra/a.tf") == terraform.group_of("infra/b.tf.json") == "infra"
    assert terraform.group_of("infra/c.tofu") == terraform.group_of("infra/d.tofu.json") == "infra"
    assert terraform.group_of("infra/a.yaml") is None
    sources = [
        SourceFile.from_text("infra/b.tf", 'resource "aws_instance" "i" {\n  tags = var.t\n}\n'),
        SourceFile.from_text("infra/a.tf", 'resource "aws_iam_access_key" "k" {\n}\n'),
        SourceFile.from_text(
            "infra/c.tofu.json", '{"resource": {"aws_iam_access_key": {"k2": {"user": "u"}}}}'
        ),
    ]
    result = terraform.scan_group(sources, PassSettings())
    assert sorted(f.path for f in result.findings) == [
        "infra/a.tf",
        "infra/b.tf",
        "infra/c.tofu.json",
    ]


def test_prefilters_do_not_import_parsers() -> None:
    code = (
        "import sys\n"
        "from scanner.passes.iac import CloudFormationPass, TerraformPass\n"
        "from scanner.source import SourceFile\n"
        "CloudFormationPass().wants(SourceFile.from_text('a.yaml', 'AWS::EC2::Instance'))\n"
        "TerraformPass().group_of('infra/main.tf')\n"
        "print(sorted(m for m in ('yaml', 'hcl2', 'lark') if m in sys.modules))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
