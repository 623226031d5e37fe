from __future__ import annotations

import pytest

from scanner.passes.iac.model import GrantLevel
from scanner.passes.iac.policy import document_problems, managed_policy_problem


@pytest.mark.parametrize(
    ("arn", "level"),
    [
        ("arn:aws:iam::aws:policy/AdministratorAccess", GrantLevel.ADMIN),
        ("arn:aws-us-gov:iam::aws:policy/AdministratorAccess", GrantLevel.ADMIN),
        ("arn:aws-cn:iam::aws:policy/PowerUserAccess", GrantLevel.ADMIN),
        ("arn:${AWS::Partition}:iam::aws:policy/IAMFullAccess", GrantLevel.ADMIN),
        (
            "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess",
            GrantLevel.ADMIN,
        ),
        ("arn:aws:iam::aws:policy/job-function/AdministratorAccess", GrantLevel.ADMIN),
        ("arn:aws:iam::aws:policy/AdministratorAccess-Amplify", None),
        ("arn:aws:iam::aws:policy/ReadOnlyAccess", None),
        ("arn:aws:iam::123456789012:policy/AdministratorAccess", None),
        (None, None),
    ],
)
def test_managed_policies(arn: object, level: GrantLevel | None) -> None:
    problem = managed_policy_problem(arn)
    assert (problem.level if problem else None) == level


def _doc(**statement: object) -> dict[str, object]:
    return {"Version": "2012-10-17", "Statement": [statement]}


@pytest.mark.parametrize(
    ("document", "level"),
    [
        (_doc(Effect="Allow", Action="*", Resource="*"), GrantLevel.ADMIN),
        (_doc(Effect="Allow", Action=["*:*"], Resource=["*"]), GrantLevel.ADMIN),
        (_doc(Effect="Allow", NotAction="iam:*", Resource="*"), GrantLevel.ADMIN),
        (_doc(Effect="Allow", Action="iam:*", Resource="*"), GrantLevel.ADMIN),
        (_doc(Effect="Allow", Action=["s3:*", "ec2:Describe*"], Resource="*"), GrantLevel.SERVICE),
        (_doc(Effect="Allow", Action="S3:*", Resource="*"), GrantLevel.SERVICE),
        (_doc(effect="Allow", action="sqs:*", resource="*"), GrantLevel.SERVICE),
        (_doc(Effect="Deny", Action="*", Resource="*"), None),
        (_doc(Effect="Allow", Action="*", Resource="arn:aws:s3:::bucket/*"), None),
        (_doc(Effect="Allow", Action="s3:Get*", Resource="*"), None),
        (_doc(Effect="Allow", Action="${var.actions}", Resource="*"), None),
        ({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}, GrantLevel.ADMIN),
        ({"Statement": "not a list"}, None),
        ("not a document", None),
    ],
)
def test_statements(document: object, level: GrantLevel | None) -> None:
    problems = document_problems(document)
    assert [p.level for p in problems] == ([level] if level else [])


def test_each_broad_statement_is_reported_with_its_index() -> None:
    document = {
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"},
        ]
    }
    assert [(p.statement, p.level) for p in document_problems(document)] == [
        (1, GrantLevel.ADMIN),
        (2, GrantLevel.SERVICE),
    ]
