from __future__ import annotations

import pytest

from scanner.passes.iac.userdata_scan import ValueKind, classify, find_settings

KEY_ID = "AKIAO7IEZM234RNQH6EK"
SECRET = "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"


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (f"export AWS_ACCESS_KEY_ID={KEY_ID}", [("aws_access_key_id", ValueKind.KEY)]),
        (f'AWS_SECRET_ACCESS_KEY="{SECRET}" ./run', [("aws_secret_access_key", ValueKind.KEY)]),
        (f"aws configure set aws_access_key_id {KEY_ID}", [("aws_access_key_id", ValueKind.KEY)]),
        (
            f"aws configure set --profile ci default.aws_secret_access_key '{SECRET}'",
            [("aws_secret_access_key", ValueKind.KEY)],
        ),
        (f"[default]\naws_access_key_id = {KEY_ID}", [("aws_access_key_id", ValueKind.KEY)]),
        (f"    AWS_ACCESS_KEY_ID: {KEY_ID}", [("aws_access_key_id", ValueKind.KEY)]),
        ("export AWS_ACCESS_KEY_ID=$KEY", [("aws_access_key_id", ValueKind.VARIABLE)]),
        ("export AWS_ACCESS_KEY_ID=${var.key}", [("aws_access_key_id", ValueKind.VARIABLE)]),
        (
            "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
            [("aws_access_key_id", ValueKind.PLACEHOLDER)],
        ),
        (
            "aws configure set aws_secret_access_key <secret>",
            [("aws_secret_access_key", ValueKind.PLACEHOLDER)],
        ),
        ("echo $AWS_ACCESS_KEY_ID", []),
        ("unset AWS_SECRET_ACCESS_KEY", []),
        ("export AWS_SECRET_ACCESS_KEY=", []),
        ("AWS_SECRET_ACCESS_KEY=4b825dc642cb6eb9a060e54bf8d69288fbee4904", []),
        ("AWS_SECRET_ACCESS_KEY=/opt/releases/2024/08/app-current/bin/r", []),
        ("export AWS_SECRET_ACCESS_KEY=$(aws ssm get-parameter --name /k)", []),
        ("export AWS_ACCESS_KEY_ID=`aws secretsmanager get-secret-value --secret-id k`", []),
        (
            "S=$(aws secretsmanager get-secret-value --secret-id k)\n"
            "ID=$(echo $S | jq -r .id)\nexport AWS_ACCESS_KEY_ID=$ID",
            [],
        ),
        ("export AWS_ACCESS_KEY_ID=$(curl -s http://169.254.169.254/latest/x)", []),
    ],
)
def test_settings(script: str, expected: list[tuple[str, ValueKind]]) -> None:
    found = [(s.name, s.kind) for s in find_settings(script)]
    assert found == expected


@pytest.mark.parametrize(
    ("value", "references", "kind"),
    [
        (
            "${aws_iam_access_key.app.secret}",
            {"aws_iam_access_key.app.secret"},
            ValueKind.KEY_REFERENCE,
        ),
        ("${Key.SecretAccessKey}", {"Key.SecretAccessKey"}, ValueKind.KEY_REFERENCE),
        ("${Other.SecretAccessKey}", {"Key.SecretAccessKey"}, ValueKind.VARIABLE),
        (KEY_ID, set(), ValueKind.KEY),
        (SECRET, set(), ValueKind.KEY),
        ("changeme", set(), ValueKind.PLACEHOLDER),
    ],
)
def test_classify(value: str, references: set[str], kind: ValueKind) -> None:
    assert classify(value, key_references=frozenset(references)) is kind


def test_the_setting_keeps_its_snippet_for_locating() -> None:
    script = f"#!/bin/bash\n\nexport AWS_ACCESS_KEY_ID={KEY_ID}\n"
    (setting,) = find_settings(script)
    assert script[setting.offset :].startswith(setting.snippet)
    assert setting.snippet == f"AWS_ACCESS_KEY_ID={KEY_ID}"
