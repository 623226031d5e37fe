"""SARIF 2.1.0, built from sarif-om objects and serialised by hand.

sarif-om's own serialiser drops values equal to their defaults (an explicit `level` of
"warning" would vanish) and writes stray attributes; GitHub needs both handled right, so the
objects are walked here through their schema property names.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import attr
import sarif_om as om

from scanner import __version__
from scanner.engine import ScanResult
from scanner.escaping import readable_json
from scanner.models import Finding, Level, Notification, NotificationKind, RelatedLocation
from scanner.posture import posture_of
from scanner.reports import chunks
from scanner.rules import Rule, load_catalogue

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/credsweep/credsweep"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "credsweepFindingHash/v1"

_NOTIFICATION_LEVELS = {
    NotificationKind.SKIPPED: "note",
    NotificationKind.PARTIAL: "warning",
    NotificationKind.ERROR: "error",
}


def build_log(
    result: ScanResult,
    *,
    extra_run_properties: Mapping[str, Any] | None = None,
    version_control: Mapping[str, str] | None = None,
) -> Any:
    """The whole log as a JSON-ready dict."""
    rules = load_catalogue()
    results = list(_results(result, rules))
    return to_json(_log(result, rules, results, extra_run_properties, version_control))


def stream_log(
    result: ScanResult,
    *,
    extra_run_properties: Mapping[str, Any] | None = None,
    version_control: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """The text of `build_log`'s log, file names made readable (`escaping.py`), in pieces:
    one result at a time is ever built, so a report of many findings is not held whole."""
    rules = load_catalogue()
    log = _log(result, rules, [chunks.MARKER], extra_run_properties, version_control)
    results = (readable_json(to_json(item)) for item in _results(result, rules))
    return chunks.document(readable_json(to_json(log)), results)


def _results(result: ScanResult, rules: Sequence[Rule]) -> Iterator[om.Result]:
    index = {rule.id: position for position, rule in enumerate(rules)}
    for finding, fingerprint in _with_fingerprints(result):
        yield _result(finding, index, fingerprint)


def _log(
    result: ScanResult,
    rules: Sequence[Rule],
    results: list[Any],
    extra_run_properties: Mapping[str, Any] | None,
    version_control: Mapping[str, str] | None,
) -> om.SarifLog:
    run = om.Run(
        tool=om.Tool(driver=_driver(rules)),
        results=results,
        invocations=[
            om.Invocation(
                # A key search that failed leaves a file unvouched for: the run did not do
                # what it promises (the exit status is 1 for the same reason).
                execution_successful=not result.unsearched,
                tool_execution_notifications=[_notification(n) for n in result.notifications],
            )
        ],
        automation_details=om.RunAutomationDetails(id="credsweep/"),
        column_kind="unicodeCodePoints",
        properties={
            "posture": posture_of(result).as_properties(),
            **dict(extra_run_properties or {}),
        },
        version_control_provenance=[_provenance(version_control)] if version_control else None,
    )
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])


def _provenance(details: Mapping[str, str]) -> om.VersionControlDetails:
    return om.VersionControlDetails(
        repository_uri=details["repositoryUri"], revision_id=details.get("revisionId")
    )


def to_json(value: Any) -> Any:
    """Walk sarif-om objects through their schema names; keep explicit values, drop unset ones."""
    if attr.has(type(value)):
        out: dict[str, Any] = {}
        for field in attr.fields(type(value)):
            item = getattr(value, field.name)
            if _omitted(field, item):
                continue
            out[field.metadata.get("schema_property_name", field.name)] = to_json(item)
        return out
    if isinstance(value, Mapping):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    return value


def _omitted(field: Any, item: Any) -> bool:
    """Unset values: None, sarif-om's -1 for "no index", and defaults nobody chose.

    A result's `level` stays even at its default: GitHub reads a missing level as "warning"
    but other consumers differ, and the issue of which is meant should never arise.
    """
    if item is None or (
        isinstance(item, (int, float)) and not isinstance(item, bool) and item == -1
    ):
        return True
    if field.name in _ALWAYS_WRITTEN:
        return False
    default = field.default
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]
        default = default.factory()
    return bool(item == default)


_ALWAYS_WRITTEN = frozenset({"level", "kind", "version", "execution_successful"})


def _driver(rules: Sequence[Rule]) -> om.ToolComponent:
    return om.ToolComponent(
        name="credsweep",
        version=__version__,
        semantic_version=__version__,
        information_uri=INFORMATION_URI,
        rules=[_descriptor(rule) for rule in rules],
    )


def _descriptor(rule: Rule) -> om.ReportingDescriptor:
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.short_description),
        full_description=om.MultiformatMessageString(text=rule.full_description),
        help=om.MultiformatMessageString(text=_plain(rule.help), markdown=rule.help),
        default_configuration=om.ReportingConfiguration(level=rule.level.value),
        properties={
            "tags": list(rule.tags),
            "precision": rule.precision,
            "security-severity": rule.security_severity,
            "problem.severity": "error" if rule.level is Level.ERROR else "warning",
        },
    )


def _plain(markdown: str) -> str:
    return markdown.replace("`", "").replace("**", "")


def _with_fingerprints(result: ScanResult) -> list[tuple[Finding, str]]:
    """A fingerprint from rule, file and identity (never the line): moving code keeps it."""
    seen: Counter[tuple[str, str, str]] = Counter()
    pairs = []
    for finding in result.findings:
        key = (finding.rule_id, finding.path, finding.identity)
        occurrence = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(
            "\0".join((*key, str(occurrence))).encode("utf-8", "surrogateescape")
        ).hexdigest()
        pairs.append((finding, digest[:32]))
    return pairs


def _location(path: str, finding_region: Any = None) -> om.Location:
    physical = om.PhysicalLocation(
        artifact_location=om.ArtifactLocation(uri=uri_of(path), uri_base_id=SRCROOT),
        region=finding_region,
    )
    return om.Location(physical_location=physical)


def uri_of(path: str) -> str:
    # Undecodable bytes in a file name survive as surrogate escapes; encode them back.
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def _region(finding_region: Any) -> om.Region:
    return om.Region(
        start_line=finding_region.start_line,
        start_column=finding_region.start_column,
        end_line=finding_region.end_line,
        end_column=finding_region.end_column,
    )


def _result(finding: Finding, index: Mapping[str, int], fingerprint: str) -> om.Result:
    level = (finding.level or Level.WARNING).value
    fingerprints = {FINGERPRINT_KEY: fingerprint}
    if finding.line_hash:
        fingerprints["primaryLocationLineHash"] = finding.line_hash
    return om.Result(
        rule_id=finding.rule_id,
        rule_index=index.get(finding.rule_id, -1),
        level=level,
        kind="fail",
        message=om.Message(text=finding.message),
        locations=[_location(finding.path, _region(finding.region))],
        related_locations=[_related(n, item) for n, item in enumerate(finding.related)] or None,
        partial_fingerprints=fingerprints,
        properties=_properties(finding),
        suppressions=_suppressions(finding),
        baseline_state=finding.baseline_state,
    )


def _related(number: int, item: RelatedLocation) -> om.Location:
    location = _location(item.path, _region(item.region))
    location.id = number
    location.message = om.Message(text=item.message)
    return location


def _properties(finding: Finding) -> dict[str, Any] | None:
    if not finding.properties:
        return None
    return {key: list(v) if isinstance(v, tuple) else v for key, v in finding.properties.items()}


def _suppressions(finding: Finding) -> list[om.Suppression] | None:
    if finding.suppressed_by is None:
        return None
    return [om.Suppression(kind="inSource", justification=finding.suppressed_by)]


def _notification(notification: Notification) -> om.Notification:
    return om.Notification(
        message=om.Message(text=f"{notification.path}: {notification.message}"),
        level=_NOTIFICATION_LEVELS[notification.kind],
        descriptor=om.ReportingDescriptorReference(id=notification.reason),
        locations=[_location(notification.path)],
    )
