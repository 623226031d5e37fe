from __future__ import annotations

from pathlib import Path

import pytest

from scanner import rules
from scanner.errors import RuleCatalogueError
from scanner.models import Level

GOOD = '''
id = "{id}"
name = "Example"
level = "warning"
security_severity = "5.0"
precision = "high"
tags = ["security", "external/cwe/cwe-798"]
short_description = "Short."
full_description = "Full."
help = "Help."

[[examples]]
name = "one-file"
path = "a.py"
code = """
x = 1
"""
expect = [1, {{ line = 2, level = "error" }}]

[[examples]]
name = "two-files"
files = {{ "main.tf" = "a", "iam.tf" = "b" }}
expect = [{{ file = "iam.tf", line = 3 }}]
'''


def _load(tmp_path: Path, name: str, text: str) -> rules.Rule:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return rules._load_rule(path)


def test_loads_examples(tmp_path: Path) -> None:
    rule = _load(tmp_path, "demo-rule", GOOD.format(id="demo-rule"))
    assert rule.level is Level.WARNING
    one, two = rule.examples
    assert one.files == {"a.py": "x = 1\n"}
    assert [(e.path, e.line, e.level) for e in one.expected] == [
        ("a.py", 1, None),
        ("a.py", 2, Level.ERROR),
    ]
    assert set(two.files) == {"main.tf", "iam.tf"}
    assert [(e.path, e.line) for e in two.expected] == [("iam.tf", 3)]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: t.replace('id = "demo-rule"', 'id = "other"'), "must match the file name"),
        (lambda t: t.replace('precision = "high"', 'precision = "great"'), "precision"),
        (lambda t: t.replace('level = "warning"', 'level = "fatal"'), "fatal"),
        (lambda t: t.replace('security_severity = "5.0"', 'security_severity = "high"'), "high"),
        (lambda t: t.replace('help = "Help."', ""), "missing help"),
        (lambda t: t + "\n[[[broken", "cannot read"),
    ],
)
def test_malformed_rule_files_are_refused(tmp_path: Path, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleCatalogueError, match=message):
        _load(tmp_path, "demo-rule", mutate(GOOD.format(id="demo-rule")))


def test_catalogue_has_the_documented_rule_ids() -> None:
    documented = {
        "aws-access-key-id",
        "aws-secret-access-key",
        "aws-credentials-file",
        "boto3-hardcoded-credentials",
        "boto3-explicit-credentials",
        "aws-credentials-file-read",
        "aws-provider-static-credentials",
        "ec2-instance-without-role",
        "iam-user-access-key",
        "instance-role-overly-permissive",
        "user-data-static-credentials",
    }
    assert {rule.id for rule in rules.load_catalogue()} == documented
