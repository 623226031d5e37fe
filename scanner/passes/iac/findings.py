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
        message=str(message),
        identity=keyshape.sha256_hex("\x1f".join((rule_id, *construct))),
        level=level,
        properties={str(k): _plain(v) for k, v in (properties or {}).items()},
        related=related,
    )


def _plain(value: PropertyValue) -> PropertyValue:
    """Template strings carry positions (a str subclass); reports get plain values."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, tuple):
        return tuple(str(item) for item in value)
    return value


def related(site: Site, message: str) -> RelatedLocation:
    return RelatedLocation(site.path, site.region, message)
