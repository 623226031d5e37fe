"""The Terraform pass: every `.tf` and `.tf.json` file of one module directory together."""

from __future__ import annotations

from collections.abc import Sequence

from scanner.models import Finding, Notification, NotificationKind, PassResult, PassSettings
from scanner.passes.iac import (
    module_directory,
    rule_access_keys,
    rule_launch,
    rule_provider,
    rule_roles,
    rule_user_data,
)
from scanner.passes.iac.located import TemplateError
from scanner.passes.iac.tf_blocks import TfBlock
from scanner.passes.iac.tf_hcl import load_hcl
from scanner.passes.iac.tf_inventory import build_inventory
from scanner.passes.iac.tf_json import load_tf_json
from scanner.passes.iac.tf_module import TfModule


def scan_module(sources: Sequence[tuple[str, str]], settings: PassSettings) -> PassResult:
    """`sources` are (path, text) pairs of one directory; a file that fails to parse is
    reported and left out, the others are still analysed together."""
    blocks: list[TfBlock] = []
    notifications: list[Notification] = []
    for path, text in sources:
        try:
            blocks.extend(_load(path, text))
        except (TemplateError, RecursionError, MemoryError) as error:
            notifications.append(_parse_error(path, error))
    if not sources:
        return PassResult()
    module = TfModule.of(module_directory(sources[0][0]) or ".", blocks)
    inventory = build_inventory(module)
    findings: list[Finding] = []
    findings.extend(rule_launch.check(inventory))
    findings.extend(rule_access_keys.check(inventory))
    findings.extend(rule_roles.check(inventory))
    findings.extend(rule_user_data.check(inventory))
    findings.extend(rule_provider.check(module))
    return PassResult(tuple(findings), tuple(notifications), rule_launch.metrics(inventory))


def _load(path: str, text: str) -> list[TfBlock]:
    if path.lower().endswith(".tf.json"):
        return load_tf_json(path, text)
    return load_hcl(path, text)


def _parse_error(path: str, error: BaseException) -> Notification:
    # The parser's message may quote the file; a secret could sit in it, so quote only the
    # kind of failure for recursion and memory, and our own messages otherwise.
    detail = str(error) if isinstance(error, TemplateError) else type(error).__name__
    return Notification(
        path,
        NotificationKind.PARTIAL,
        "parse-error",
        f"Terraform file not analysed for IaC rules ({detail}); keys are still searched.",
    )
