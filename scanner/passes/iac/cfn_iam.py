"""CloudFormation IAM: over-broad grants reaching each role of the template."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from scanner.passes.iac.cfn_template import Template
from scanner.passes.iac.cfn_values import possible_items, referenced_resource, render
from scanner.passes.iac.model import Grant, Site
from scanner.passes.iac.policy import document_problems, managed_policy_problem

_POLICY_TYPES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")


def grants(template: Template) -> list[Grant]:
    found: list[Grant] = []
    for role, properties in template.of_type("AWS::IAM::Role"):
        found.extend(_managed_arns(template, role, properties))
        for index, policy in enumerate(_list(properties.get("Policies"))):
            if isinstance(policy, Mapping):
                owner = f"{role}.Policies[{index}]"
                found.extend(_document(template, role, policy, owner))
    for kind in _POLICY_TYPES:
        for logical_id, properties in template.of_type(kind):
            for role in template.role_ids(properties.get("Roles")):
                found.extend(_document(template, role, properties, logical_id))
    for logical_id, properties in template.of_type("AWS::IAM::RolePolicy"):
        for role in template.role_ids(properties.get("RoleName")):
            found.extend(_document(template, role, properties, logical_id))
    return found


def _managed_arns(template: Template, role: str, properties: Mapping[str, Any]) -> Iterator[Grant]:
    arns = properties.get("ManagedPolicyArns")
    fallback = template.key_site(properties, "ManagedPolicyArns")
    for index, arn in enumerate(possible_items(arns)):
        target = referenced_resource(arn)
        if target is not None and template.type_of(target) in _POLICY_TYPES:
            yield from _document(template, role, template.properties(target), target)
            continue
        problem = managed_policy_problem(render(arn))
        if problem is not None:
            site = template.value_site(arn, fallback)
            key = f"{role}.ManagedPolicyArns[{index}]"
            yield Grant(role, problem.level, problem.description, site, key)


def _document(
    template: Template, role: str, holder: Mapping[str, Any], owner: str
) -> Iterator[Grant]:
    document = holder.get("PolicyDocument")
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return
    fallback = template.key_site(holder, "PolicyDocument")
    statements = _statements(document)
    for problem in document_problems(document):
        index = problem.statement or 0
        statement = statements[index] if index < len(statements) else None
        site: Site = template.value_site(statement, fallback)
        key = f"{owner}.PolicyDocument.Statement[{index}]"
        yield Grant(role, problem.level, problem.description, site, key)


def _statements(document: Any) -> list[Any]:
    if not isinstance(document, Mapping):
        return []
    statements = document.get("Statement")
    return [statements] if isinstance(statements, Mapping) else _list(statements)


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []
