"""What makes an IAM policy too broad for an instance role.

Two inputs: the ARN of a managed policy (AWS's admin-level policies in any partition, with
the partition written literally or as `${AWS::Partition}` / a Terraform interpolation) and
a policy document in IAM's JSON shape. Deny statements and scoped statements pass.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scanner.passes.iac.model import GrantLevel

ADMIN_POLICY_NAMES = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess")

_MANAGED_ADMIN = re.compile(
    r"\Aarn:(?:\$\{[^}]*\}|[\w-]*):iam::aws:policy/(?:[\w+=,.@-]+/)*"
    r"(AdministratorAccess|PowerUserAccess|IAMFullAccess)\Z"
)
# Services whose full access amounts to administrator rights: whoever holds them can grant
# themselves anything else.
_ESCALATING_SERVICES = frozenset({"iam"})


@dataclass(frozen=True)
class Problem:
    level: GrantLevel
    description: str
    statement: int | None = None


def managed_policy_problem(arn: object) -> Problem | None:
    if not isinstance(arn, str):
        return None
    match = _MANAGED_ADMIN.match(arn.strip())
    if match is None:
        return None
    return Problem(GrantLevel.ADMIN, f"the AWS managed policy {match.group(1)} is attached")


def document_problems(document: object) -> list[Problem]:
    """One problem per over-broad Allow statement of an IAM policy document."""
    if not isinstance(document, Mapping):
        return []
    statements = _field(document, "Statement")
    if isinstance(statements, Mapping):
        statements = [statements]
    if not isinstance(statements, Sequence) or isinstance(statements, str):
        return []
    problems = []
    for index, statement in enumerate(statements):
        problem = statement_problem(statement)
        if problem is not None:
            problems.append(Problem(problem.level, problem.description, index))
    return problems


def statement_problem(statement: object) -> Problem | None:
    if not isinstance(statement, Mapping):
        return None
    effect = _field(statement, "Effect")
    if not isinstance(effect, str) or effect.strip().lower() != "allow":
        return None
    if "*" not in _strings(_field(statement, "Resource")):
        return None
    if _field(statement, "NotAction") is not None:
        return Problem(GrantLevel.ADMIN, "it allows every action except those listed on *")
    return _action_problem(_strings(_field(statement, "Action")))


def _action_problem(actions: list[str]) -> Problem | None:
    if any(action in ("*", "*:*") for action in actions):
        return Problem(GrantLevel.ADMIN, "it allows every action (*) on every resource (*)")
    services = sorted({a.split(":", 1)[0] for a in actions if _is_whole_service(a)})
    escalating = [s for s in services if s in _ESCALATING_SERVICES]
    if escalating:
        return Problem(GrantLevel.ADMIN, f"it allows {escalating[0]}:* on *")
    if services:
        listed = ", ".join(f"{service}:*" for service in services)
        return Problem(GrantLevel.SERVICE, f"it allows {listed} on *")
    return None


def _is_whole_service(action: str) -> bool:
    service, _, verb = action.partition(":")
    return verb == "*" and re.fullmatch(r"[a-z0-9-]+", service) is not None


def _field(mapping: Mapping[Any, Any], name: str) -> Any:
    """IAM's key, case-insensitively (Terraform users write `effect`, CloudFormation `Effect`)."""
    if name in mapping:
        return mapping[name]
    lowered = name.lower()
    return next((value for key, value in mapping.items() if str(key).lower() == lowered), None)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip().lower()]
    if isinstance(value, Sequence):
        return [item.strip().lower() for item in value if isinstance(item, str)]
    return []
