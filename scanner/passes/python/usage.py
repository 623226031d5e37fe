"""Findings for one SDK call: the usage rule, plus any key-shaped literal it resolves to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from scanner import keyshape
from scanner.models import Finding, Level, PropertyValue, RelatedLocation
from scanner.passes.python.arguments import CredentialArgument, credential_arguments
from scanner.passes.python.classify import Verdict, deciding_provenance, value_verdict
from scanner.passes.python.context import (
    FileContext,
    construct_identity,
    region_of,
    text_region,
)
from scanner.passes.python.entry_points import EntryPoint
from scanner.passes.python.index import ModuleIndex
from scanner.passes.python.provenance import Resolver
from scanner.passes.python.signatures import KEY_ID, SECRET
from scanner.passes.python.values import TEXT_PROVENANCES, Value

HARDCODED_RULE = "boto3-hardcoded-credentials"
EXPLICIT_RULE = "boto3-explicit-credentials"
KEY_ID_RULE = "aws-access-key-id"
SECRET_RULE = "aws-secret-access-key"

_ROLE_WORDS = {KEY_ID: "access key id", SECRET: "secret access key"}


@dataclass(frozen=True)
class Assessed:
    """One credential argument, its possible values and the value that decides it."""

    argument: CredentialArgument
    values: tuple[Value, ...]
    verdict: Verdict
    decider: Value


def call_findings(
    call: cst.Call,
    entry: EntryPoint,
    *,
    index: ModuleIndex,
    resolver: Resolver,
    context: FileContext,
) -> list[Finding]:
    arguments = credential_arguments(call, entry.signature, index)
    assessed = [_assess(argument, resolver, context) for argument in arguments]
    findings = [f for item in assessed for f in _leaked_keys(item, entry, index, context)]
    if not assessed:
        return findings
    worst = max(assessed, key=lambda item: item.verdict)
    if worst.verdict is Verdict.NOTHING:
        return findings
    findings.append(_usage_finding(call, entry, assessed, worst, index, context))
    return findings


def _assess(argument: CredentialArgument, resolver: Resolver, context: FileContext) -> Assessed:
    values = resolver.resolve(argument.expression)
    extra = context.extra_placeholders
    verdicts = [(value_verdict(value, argument.role, extra), value) for value in values]
    verdict, decider = max(verdicts, key=lambda pair: pair[0])
    return Assessed(argument, values, verdict, decider)


def _usage_finding(
    call: cst.Call,
    entry: EntryPoint,
    assessed: Sequence[Assessed],
    worst: Assessed,
    index: ModuleIndex,
    context: FileContext,
) -> Finding:
    extra = context.extra_placeholders
    sources = tuple(
        f"{item.argument.label}={deciding_provenance(item.decider, extra)}" for item in assessed
    )
    properties: dict[str, PropertyValue] = {
        "provenance": deciding_provenance(worst.decider, extra),
        "entry_point": entry.name,
        "credential_sources": sources,
    }
    if entry.inferred:
        properties["entry_point_inferred"] = True
    hardcoded = worst.verdict is Verdict.HARDCODED
    return Finding(
        rule_id=HARDCODED_RULE if hardcoded else EXPLICIT_RULE,
        path=context.path,
        region=region_of(index, context, call),
        message=_message(entry, worst, hardcoded=hardcoded, extra=extra),
        identity=construct_identity(index, call),
        level=Level.ERROR if hardcoded else Level.WARNING,
        properties=properties,
        related=tuple(_related(item, index, context) for item in assessed),
    )


def _message(entry: EntryPoint, worst: Assessed, *, hardcoded: bool, extra: frozenset[str]) -> str:
    label = worst.argument.label
    if hardcoded:
        shown = _shown(worst.decider.text or "")
        return (
            f"{entry.name} is given a hard-coded credential in {label} ({shown}): delete it "
            "from the code, rotate the key, and let the SDK's default chain use the "
            "instance role"
        )
    label_of_source = deciding_provenance(worst.decider, extra)
    source = PROVENANCE_WORDS.get(label_of_source, label_of_source)
    return (
        f"{entry.name} is given explicit credentials ({label} from {source}):"
        " static keys block the move to an instance role; pass none and let the default chain"
        " find it"
    )


# The provenance labels in words, for messages; the properties keep the labels themselves.
PROVENANCE_WORDS = {
    "literal": "a literal",
    "environment-fallback": "the environment, with a literal fallback",
    "parameter-default": "a parameter's default",
    "environment": "the environment",
    "config": "configuration",
    "secrets-store": "a secrets store",
    "parameter": "a parameter",
    "optional-parameter": "an optional parameter",
    "imported": "an imported name",
    "created-access-key": "an access key created in code",
    "documented-example": "AWS's documented example key",
    "unknown": "a value known only at run time",
}


def _shown(text: str) -> str:
    # Key ids may appear masked; of anything else only the length is shown.
    return keyshape.mask(text) if keyshape.is_key_id(text) else f"{len(text)} characters"


def _related(item: Assessed, index: ModuleIndex, context: FileContext) -> RelatedLocation:
    source = deciding_provenance(item.decider, context.extra_placeholders)
    return RelatedLocation(
        path=context.path,
        region=region_of(index, context, item.argument.expression),
        message=f"{item.argument.label}: {source}",
    )


def _leaked_keys(
    item: Assessed, entry: EntryPoint, index: ModuleIndex, context: FileContext
) -> list[Finding]:
    found: list[Finding] = []
    for value in item.values:
        if value.provenance not in TEXT_PROVENANCES or not value.text:
            continue
        finding = leaked_key_finding(value, entry.name, index, context)
        if finding is not None:
            found.append(finding)
    return found


def leaked_key_finding(
    value: Value, where: str, index: ModuleIndex, context: FileContext
) -> Finding | None:
    """The key rule's finding for a key-shaped literal, where the key pass would put it.

    Same region and level as the key pass, so the engine's duplicate removal (and history's)
    keeps one finding whichever pass saw the literal; a leaked secret is always an error.
    """
    text = value.text or ""
    extra = context.extra_placeholders
    region = text_region(index, context, value.node, text)
    if keyshape.is_reportable_key_id(text, extra):
        kind = keyshape.key_type(text)
        properties: dict[str, PropertyValue] = {"key_type": kind}
        account = keyshape.account_id_of(text)
        if account is not None:
            properties["account_id"] = account
        return Finding(
            rule_id=KEY_ID_RULE,
            path=context.path,
            region=region,
            message=f"AWS access key id {keyshape.mask(text)} ({kind}) is passed to {where}",
            identity=keyshape.sha256_hex(text),
            level=Level.WARNING if kind == "temporary" else Level.ERROR,
            properties=properties,
        )
    if keyshape.is_reportable_secret(text, extra):
        return Finding(
            rule_id=SECRET_RULE,
            path=context.path,
            region=region,
            message=f"AWS secret access key {keyshape.mask(text)} is passed to {where}",
            identity=keyshape.sha256_hex(text),
            level=Level.ERROR,
        )
    return None
