"""The CloudFormation pass: one template file at a time."""

from __future__ import annotations

import re

from scanner.models import PassResult, PassSettings
from scanner.passes.iac import rule_launch
from scanner.passes.iac.analysis import inventory_findings, parse_error
from scanner.passes.iac.cfn_inventory import build_inventory
from scanner.passes.iac.cfn_template import Template, is_template, load_document
from scanner.passes.iac.located import TemplateError

# Enough to say a file that failed to parse was meant to be a template. `[ \t]*`, not `\s*`,
# after the anchor: `^` already matches at every line start, and a `\s*` there would rescan
# a run of blank lines from each of its lines (quadratic time on a file of newlines).
_CLAIMS_TEMPLATE = re.compile(
    r"AWSTemplateFormatVersion|(?:^|[{,])[ \t]*\"?Resources\"?\s*:", re.MULTILINE
)


def scan_template(path: str, text: str, settings: PassSettings) -> PassResult:
    try:
        document = load_document(text)
    except (TemplateError, RecursionError, MemoryError) as error:
        if _CLAIMS_TEMPLATE.search(text) is None:
            return PassResult()
        return PassResult(notifications=(parse_error(path, error, "CloudFormation template"),))
    if not is_template(document):
        return PassResult()
    inventory = build_inventory(Template(path, text, document))
    findings = inventory_findings(inventory)
    return PassResult(tuple(findings), (), rule_launch.metrics(inventory))
