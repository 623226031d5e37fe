from __future__ import annotations

import pytest

from scanner.models import Level
from scanner.passes.iac import rule_provider
from scanner.passes.iac.tf_hcl import load_hcl
from scanner.passes.iac.tf_module import TfModule

KEY_ID = "AKIAYGZ7Y67TASAE5JI7"
SECRET = "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"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f'provider "aws" {{\n  access_key = "{KEY_ID}"\n  secret_key = "{SECRET}"\n}}\n',
            [(2, 3, Level.ERROR)],
        ),
        (
            f'provider "aws" {{\n  region = "x"\n  secret_key = "{SECRET}"\n}}\n',
            [(3, 3, Level.ERROR)],
        ),
        ('provider "aws" {\n  access_key = "mock_access_key"\n}\n', [(2, 2, Level.WARNING)]),
        ('provider "aws" {\n  access_key = ""\n}\n', []),
        ('provider "aws" {\n  access_key = "${var.x}-suffix"\n}\n', []),
        (f'provider "awscc" {{\n  access_key = "{KEY_ID}"\n}}\n', []),
        (
            f'variable "c" {{\n  default = {{ id = "{KEY_ID}" }}\n}}\n'
            'provider "aws" {\n  access_key = var.c.id\n}\n',
            [(5, 5, Level.ERROR)],
        ),
        ('variable "k" {}\nprovider "aws" {\n  access_key = var.k\n}\n', []),
        (
            f'locals {{\n  k = "{KEY_ID}"\n}}\nprovider "aws" {{\n  access_key = local.k\n}}\n',
            [(5, 5, Level.ERROR)],
        ),
    ],
)
def test_check(text: str, expected: list[tuple[int, int, Level]]) -> None:
    findings = rule_provider.check(TfModule.of("m", load_hcl("p.tf", text)))
    assert [(f.region.start_line, f.region.end_line, f.level) for f in findings] == expected
    for finding in findings:
        assert KEY_ID not in finding.message and SECRET not in finding.message


def test_variable_default_is_a_related_location() -> None:
    text = (
        f'variable "s" {{\n  default = "{SECRET}"\n}}\n'
        'provider "aws" {\n  secret_key = var.s\n}\n'
    )
    (finding,) = rule_provider.check(TfModule.of("m", load_hcl("p.tf", text)))
    assert [r.region.start_line for r in finding.related] == [2]
