"""What both IaC front ends do once a template or module is read: run the rules, report
files that could not be read."""

from __future__ import annotations

from scanner.models import Finding, Notification, NotificationKind
from scanner.passes.iac import rule_access_keys, rule_launch, rule_roles, rule_user_data
from scanner.passes.iac.located import TemplateError
from scanner.passes.iac.model import Inventory


def inventory_findings(inventory: Inventory) -> list[Finding]:
    """The rules that read the neutral inventory, the same for Terraform and CloudFormation."""
    findings: list[Finding] = []
    findings.extend(rule_launch.check(inventory))
    findings.extend(rule_access_keys.check(inventory))
    findings.extend(rule_roles.check(inventory))
    findings.extend(rule_user_data.check(inventory))
    return findings


def parse_error(path: str, error: BaseException, what: str) -> Notification:
    # The parser's message may quote the file; a secret could sit in it, so quote only the
    # kind of failure for recursion and memory, and our own messages otherwise.
    detail = str(error) if isinstance(error, TemplateError) else type(error).__name__
    return Notification(
        path,
        NotificationKind.PARTIAL,
        "parse-error",
        f"{what} not analysed for IaC rules ({detail}); keys are still searched.",
    )
