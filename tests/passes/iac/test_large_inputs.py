"""The IaC passes do work in proportion to a file's resources, not to their square.

Generated Terraform and CloudFormation reach tens of thousands of resources in one file;
a lookup that goes through every resource (or counts lines from the file's start) for each
resource made such files overrun the per-file time budget. These tests count the work
instead of timing it: block and mapping reads, reference scans, and the characters the
passes search in the file's text, for n and 4n resources.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from scanner.models import PassSettings
from scanner.passes.iac import tf_exports
from scanner.passes.iac.cloudformation import scan_template
from scanner.passes.iac.located import LocatedDict
from scanner.passes.iac.terraform import scan_module
from scanner.passes.iac.tf_blocks import TfBlock

SMALL = 24
# Linear work grows 4x from n to 4n resources; a quadratic lookup grows it 16x.
ALLOWED_GROWTH = 4 * 1.25


class _CountingText(str):
    """A file's text that tallies the characters its search methods go through (a find
    stops at its match)."""

    tally: Counter[str]

    def _bounds(self, start: Any, end: Any) -> tuple[int, int]:
        begin, stop, _ = slice(start, end).indices(len(self))
        return begin, stop

    def _searched(self, characters: int) -> None:
        self.tally["characters searched"] += max(0, characters)

    def count(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        begin, stop = self._bounds(start, end)
        self._searched(stop - begin)
        return super().count(sub, start, end)

    def find(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        found = super().find(sub, start, end)
        begin, stop = self._bounds(start, end)
        self._searched((stop if found == -1 else found + len(sub)) - begin)
        return found

    def rfind(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        found = super().rfind(sub, start, end)
        begin, stop = self._bounds(start, end)
        self._searched(stop - (begin if found == -1 else found))
        return found

    def split(self, sep: Any = None, maxsplit: int = -1) -> list[str]:  # type: ignore[override]
        self._searched(len(self))
        return super().split(sep, maxsplit)


def _terraform(n: int) -> Iterator[str]:
    yield "locals {\n  secret = aws_iam_access_key.k_0.secret\n}\n"
    for i in range(n):
        yield (
            f'resource "aws_iam_role" "r_{i}" {{\n  name = "role-{i}"\n'
            '  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]\n}\n'
            f'resource "aws_iam_instance_profile" "p_{i}" {{\n  name = "profile-{i}"\n'
            f'  role = "role-{i}"\n}}\n'
            f'resource "aws_launch_template" "t_{i}" {{\n  name = "template-{i}"\n}}\n'
            f'resource "aws_instance" "i_{i}" {{\n  iam_instance_profile = "profile-{i}"\n'
            f'  launch_template {{\n    name = "template-{i}"\n  }}\n'
            "  user_data = <<-EOT\n    #!/bin/bash\n"
            f"    export AWS_SECRET_ACCESS_KEY=${{aws_iam_access_key.k_{i}.secret}}\n  EOT\n}}\n"
            f'resource "aws_iam_access_key" "k_{i}" {{\n  user = "u"\n}}\n'
            f'resource "aws_ssm_parameter" "s_{i}" {{\n  value = local.secret\n}}\n'
            f'output "o_{i}" {{\n  value = aws_iam_access_key.k_{i}.secret\n}}\n'
        )


def _resources(n: int) -> dict[str, Any]:
    resources: dict[str, Any] = {}
    for i in range(n):
        resources[f"Role{i}"] = {
            "Type": "AWS::IAM::Role",
            "Properties": {"RoleName": f"role-{i}", "ManagedPolicyArns": [{"Ref": f"Admin{i}"}]},
        }
        resources[f"Admin{i}"] = {
            "Type": "AWS::IAM::ManagedPolicy",
            "Properties": {
                "PolicyDocument": {
                    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
                }
            },
        }
        resources[f"Profile{i}"] = {
            "Type": "AWS::IAM::InstanceProfile",
            "Properties": {"InstanceProfileName": f"profile-{i}", "Roles": [f"role-{i}"]},
        }
        resources[f"Template{i}"] = {
            "Type": "AWS::EC2::LaunchTemplate",
            "Properties": {"LaunchTemplateName": f"template-{i}", "LaunchTemplateData": {}},
        }
        resources[f"Instance{i}"] = {
            "Type": "AWS::EC2::Instance",
            "Properties": {
                "IamInstanceProfile": f"profile-{i}",
                "LaunchTemplate": {"LaunchTemplateName": f"template-{i}"},
                "UserData": {
                    "Fn::Base64": {
                        "Fn::Sub": f"export AWS_SECRET_ACCESS_KEY=${{Key{i}.SecretAccessKey}}\n"
                    }
                },
            },
        }
        resources[f"Key{i}"] = {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "u"}}
        resources[f"Parameter{i}"] = {
            "Type": "AWS::SSM::Parameter",
            "Properties": {"Value": {"Fn::GetAtt": [f"Key{i}", "SecretAccessKey"]}},
        }
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}


def _yaml(n: int) -> str:
    import yaml

    return str(yaml.safe_dump(_resources(n), sort_keys=False))


def _counting(monkeypatch: pytest.MonkeyPatch, tally: Counter[str], owner: Any, name: str) -> None:
    original = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        tally[name] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)


def _scan_terraform(path: str, text: str) -> object:
    return scan_module([(path, text)], PassSettings())


def _scan_cloudformation(path: str, text: str) -> object:
    return scan_template(path, text, PassSettings())


CASES: list[tuple[str, Callable[[int], str], Callable[[str, str], object]]] = [
    ("main.tf", lambda n: "".join(_terraform(n)), _scan_terraform),
    ("template.json", lambda n: json.dumps(_resources(n), indent=2), _scan_cloudformation),
    ("template.yaml", _yaml, _scan_cloudformation),
]


def _work(monkeypatch: pytest.MonkeyPatch, path: str, text: str, scan: Any) -> Counter[str]:
    tally: Counter[str] = Counter()
    with monkeypatch.context() as patch:
        for owner, name in (
            (TfBlock, "get"),
            (TfBlock, "children"),
            (LocatedDict, "get"),
            (tf_exports, "references_in"),
        ):
            _counting(patch, tally, owner, name)
        if not path.endswith(".yaml"):  # libyaml reads only a plain str
            counting = _CountingText(text)
            counting.tally = tally
            text = counting
        result = scan(path, text)
    assert getattr(result, "findings", ())  # the generated input exercises the rules
    return tally


@pytest.mark.parametrize(("path", "source", "scan"), CASES, ids=[case[0] for case in CASES])
def test_work_grows_linearly_with_the_resources(
    monkeypatch: pytest.MonkeyPatch, path: str, source: Callable[[int], str], scan: Any
) -> None:
    small = _work(monkeypatch, path, source(SMALL), scan)
    large = _work(monkeypatch, path, source(4 * SMALL), scan)
    grown = {what: large[what] / small[what] for what in small if small[what]}
    assert grown and all(ratio <= ALLOWED_GROWTH for ratio in grown.values()), grown
