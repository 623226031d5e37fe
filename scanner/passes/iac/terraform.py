"""The Terraform pass: every `.tf` and `.tf.json` file of one module directory together
(OpenTofu's `.tofu` and `.tofu.json` too)."""

from __future__ import annotations

from collections.abc import Sequence

from scanner.models import Notification, PassResult, PassSettings
from scanner.passes.iac import (
    TERRAFORM_JSON_SUFFIXES,
    module_directory,
    rule_launch,
    rule_provider,
)
from scanner.passes.iac.analysis import inventory_findings, parse_error
from scanner.passes.iac.located import TemplateError
from scanner.passes.iac.tf_blocks import TfBlock
from scanner.passes.iac.tf_expand import expand
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
            notifications.append(parse_error(path, error, "Terraform file"))
    if not sources:
        return PassResult()
    module = expand(TfModule.of(module_directory(sources[0][0]) or ".", blocks))
    inventory = build_inventory(module)
    findings = inventory_findings(inventory)
    findings.extend(rule_provider.check(module))
    return PassResult(tuple(findings), tuple(notifications), rule_launch.metrics(inventory))


def _load(path: str, text: str) -> list[TfBlock]:
    if path.lower().endswith(TERRAFORM_JSON_SUFFIXES):
        return load_tf_json(path, text)
    return load_hcl(path, text)
