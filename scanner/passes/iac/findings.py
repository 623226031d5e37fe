"""Building findings for the IaC rules: identity from a stable description, never a line."""

from __future__ import annotations

from collections.abc import Mapping

from scanner import keyshape
from scanner.models import Finding, Level, PropertyValue, RelatedLocation
from scanner.passes.iac.model import Site


def usage_finding(
    rule_id: str,
    site: Site,
    message: str,
    *,
    level: Level,
    construct: tuple[str, ...],
    properties: Mapping[str, PropertyValue] | None = None,
    related: tuple[RelatedLocation, ...] = (),
) -> Finding:
    """`construct` names what is wrong (scope, resource address, attribute), so the identity
    survives edits elsewhere in the file."""
    return Finding(
        rule_id=rule_id,
        path=site.path,
        region=site.region,
        message=message,
        identity=keyshape.sha256_hex("\x1f".join((rule_id, *construct))),
        level=level,
        properties=dict(properties or {}),
        related=related,
    )


def related(site: Site, message: str) -> RelatedLocation:
    return RelatedLocation(site.path, site.region, message)
