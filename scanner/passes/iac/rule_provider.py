"""`aws-provider-static-credentials`: a Terraform aws provider given keys in the code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from scanner import keyshape
from scanner.models import Finding, Level, Region, RelatedLocation
from scanner.passes.iac.findings import related, usage_finding
from scanner.passes.iac.model import Site
from scanner.passes.iac.tf_blocks import TfAttribute, TfBlock
from scanner.passes.iac.tf_module import TfModule, whole_reference

RULE_ID = "aws-provider-static-credentials"
_KEY_ATTRIBUTES = ("access_key", "secret_key")


@dataclass(frozen=True)
class _Literal:
    attribute: TfAttribute
    value: str
    origin: Site | None  # the variable default it came from, when not written in place

    @property
    def key_shaped(self) -> bool:
        return keyshape.is_reportable_key_id(self.value) or keyshape.is_reportable_secret(
            self.value
        )


def check(module: TfModule) -> list[Finding]:
    findings = []
    for provider in module.providers:
        if provider.labels[:1] != ("aws",):
            continue
        literals = [found for name in _KEY_ATTRIBUTES for found in _literal(module, provider, name)]
        if literals:
            findings.append(_finding(module, provider, literals))
    return findings


def _literal(module: TfModule, provider: TfBlock, name: str) -> Iterator[_Literal]:
    attribute = provider.attributes.get(name)
    if attribute is None:
        return
    value, origin = _follow(module, attribute.value)
    if isinstance(value, str) and value.strip() and "${" not in value:
        yield _Literal(attribute, value.strip(), origin)


def _follow(module: TfModule, value: Any, depth: int = 0) -> tuple[Any, Site | None]:
    """A literal, or the literal a local or a variable default (or its member) holds."""
    reference = whole_reference(value)
    if reference is None or depth > 8:
        return value, None
    kind, _, name = reference.address.partition(".")
    if kind == "local" and name in module.locals:
        attribute = module.locals[name]
        resolved, origin = _follow(module, attribute.value, depth + 1)
        return _member(resolved, reference.attribute), origin or attribute.site
    variable = module.variables.get(name) if kind == "var" else None
    if variable is None or "default" not in variable.attributes:
        return None, None
    default = variable.attributes["default"]
    return _member(default.value, reference.attribute), default.site


def _member(value: Any, attribute: str | None) -> Any:
    if attribute is None:
        return value
    return value.get(attribute) if isinstance(value, dict) else None


def _finding(module: TfModule, provider: TfBlock, literals: list[_Literal]) -> Finding:
    first, last = literals[0].attribute.site, literals[-1].attribute.site
    region = Region(
        first.region.start_line,
        first.region.start_column,
        last.region.end_line,
        last.region.end_column,
    )
    serious = any(literal.key_shaped for literal in literals)
    alias = provider.get("alias")
    name = 'provider "aws"' + (f" (alias {alias})" if isinstance(alias, str) else "")
    shown = ", ".join(f"{lit.attribute.name} = {keyshape.mask(lit.value)}" for lit in literals)
    message = (
        f"{name} is configured with static keys ({shown}). Remove access_key and secret_key "
        "and let the provider use the default credential chain (an instance or CI role, SSO, "
        "or an assume_role block)."
    )
    origins: tuple[RelatedLocation, ...] = tuple(
        related(lit.origin, f"{lit.attribute.name} comes from this value")
        for lit in literals
        if lit.origin is not None
    )
    return usage_finding(
        RULE_ID,
        Site(first.path, region),
        message,
        level=Level.ERROR if serious else Level.WARNING,
        construct=(
            module.scope,
            "provider.aws",
            str(alias or ""),
            *(lit.attribute.name for lit in literals),
        ),
        properties={
            "provider": "aws",
            "alias": alias if isinstance(alias, str) else None,
            "keyShaped": serious,
        },
        related=origins,
    )
