"""Terraform IAM: which roles exist and which over-broad grants each one receives.

Inline policies, `inline_policy` blocks, `managed_policy_arns`, role policy attachments,
`aws_iam_policy_attachment`, exclusive attachments, customer managed policies reached by
ARN, and `aws_iam_policy_document` data sources all lead to the same `Grant` records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scanner.passes.iac.model import Grant
from scanner.passes.iac.policy import Problem, document_problems, managed_policy_problem
from scanner.passes.iac.tf_blocks import TfBlock
from scanner.passes.iac.tf_choices import possible_values
from scanner.passes.iac.tf_module import TfModule, is_literal, whole_reference
from scanner.passes.iac.tf_values import Call

_ROLE = "aws_iam_role"


def role_addresses(module: TfModule, value: Any) -> list[str]:
    """The in-scope roles a role name, id or ARN value (or a list of them) may refer to."""
    found = (_role_address(module, choice) for choice in possible_values(module, value))
    return list(dict.fromkeys(address for address in found if address))


def _role_address(module: TfModule, value: Any) -> str | None:
    reference = whole_reference(value)
    if reference is not None:
        return reference.address if reference.address.startswith(_ROLE + ".") else None
    if is_literal(value) and isinstance(value, str) and value:
        named = module.named(_ROLE, value)
        return None if named is None else named.address
    return None


def grants(module: TfModule) -> list[Grant]:
    found: list[Grant] = []
    for role_block in module.of_type(_ROLE):
        address = role_block.address
        found.extend(_arn_grants(module, address, role_block, "managed_policy_arns"))
        for inline in role_block.children("inline_policy"):
            found.extend(_document_grants(module, address, inline, "policy", address))
    for block in module.of_type("aws_iam_role_policy"):
        for role in role_addresses(module, block.get("role")):
            found.extend(_document_grants(module, role, block, "policy", block.address))
    for block in module.of_type("aws_iam_role_policy_attachment"):
        for role in role_addresses(module, block.get("role")):
            found.extend(_arn_grants(module, role, block, "policy_arn"))
    for block in module.of_type("aws_iam_policy_attachment"):
        for role in role_addresses(module, block.get("roles")):
            found.extend(_arn_grants(module, role, block, "policy_arn"))
    for block in module.of_type("aws_iam_role_policy_attachments_exclusive"):
        for role in role_addresses(module, block.get("role_name")):
            found.extend(_arn_grants(module, role, block, "policy_arns"))
    return found


def _arn_grants(module: TfModule, role: str, block: TfBlock, name: str) -> Iterator[Grant]:
    attribute = block.attributes.get(name)
    if attribute is None:
        return
    value = module.resolve(attribute.value)
    for index, arn in enumerate(value if isinstance(value, list) else [value]):
        # Each ARN the value may hold (every branch of a conditional) is checked.
        choices = possible_values(module, arn)
        problems = (
            managed_policy_problem(choice) or _data_policy_problem(module, choice)
            for choice in choices
        )
        problem = next((found for found in problems if found is not None), None)
        key = f"{block.address}.{name}[{index}]"
        if problem is not None:
            yield Grant(role, problem.level, problem.description, attribute.site, key)
        for choice in choices:
            policy = _customer_policy(module, choice)
            if policy is not None:
                yield from _document_grants(module, role, policy, "policy", policy.address)


def _data_policy_problem(module: TfModule, arn: Any) -> Problem | None:
    """`data "aws_iam_policy" "admin" { name = "AdministratorAccess" }` and its arn."""
    reference = whole_reference(arn)
    if reference is None or not reference.address.startswith("data.aws_iam_policy."):
        return None
    block = module.resources.get(reference.address)
    if block is None:
        return None
    name = block.get("name")
    if isinstance(name, str):
        return managed_policy_problem(f"arn:aws:iam::aws:policy/{name}")
    return managed_policy_problem(block.get("arn"))


def _customer_policy(module: TfModule, arn: Any) -> TfBlock | None:
    reference = whole_reference(arn)
    if reference is None or not reference.address.startswith("aws_iam_policy."):
        return None
    return module.resources.get(reference.address)


def _document_grants(
    module: TfModule, role: str, block: TfBlock, name: str, owner: str
) -> Iterator[Grant]:
    attribute = block.attributes.get(name)
    if attribute is None:
        return
    choices = possible_values(module, attribute.value)
    documents = (_data_document(module, choice) for choice in choices)
    data_documents = [document for document in documents if document is not None]
    for data_document in data_documents:
        yield from _statement_grants(module, role, data_document)
    if data_documents:
        return
    value = module.resolve(attribute.value)
    # No policy is a list: a list is a choice among policies (a for_each's `each.value`).
    chosen = value if isinstance(value, list) else [value]
    for index, document in enumerate(chosen):
        choice = f"[{index}]" if len(chosen) > 1 else ""
        for problem in document_problems(policy_document(module.resolve(document))):
            key = f"{owner}.{name}{choice}.Statement[{problem.statement}]"
            yield Grant(role, problem.level, problem.description, attribute.site, key)


def policy_document(value: Any) -> Any:
    """The JSON shape of a `policy` value: jsonencode(...), a JSON string, or as is."""
    if isinstance(value, Call) and value.name == "jsonencode" and value.args:
        return value.args[0]
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _data_document(module: TfModule, value: Any) -> TfBlock | None:
    reference = whole_reference(value)
    if reference is None or not reference.address.startswith("data.aws_iam_policy_document."):
        return None
    return module.resources.get(reference.address)


def _statement_grants(module: TfModule, role: str, document: TfBlock) -> Iterator[Grant]:
    for index, statement in enumerate(document.children("statement")):
        problems = document_problems({"Statement": [_statement_json(module, statement)]})
        for problem in problems:
            key = f"{document.address}.statement[{index}]"
            yield Grant(role, problem.level, problem.description, statement.site, key)


def _statement_json(module: TfModule, statement: TfBlock) -> dict[str, Any]:
    effect = _statement_setting(module, statement.get("effect"))
    converted: dict[str, Any] = {"Effect": "Allow" if effect is None else effect}
    for source, target in (
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ):
        if source in statement.attributes:
            converted[target] = _statement_setting(module, statement.get(source))
    return converted


def _statement_setting(module: TfModule, value: Any) -> Any:
    """`try(x, null)`, as statements written from a list of maps set each field, reads as x."""
    value = module.resolve(value)
    while isinstance(value, Call) and value.name == "try" and value.args:
        value = module.resolve(value.args[0])
    return value
