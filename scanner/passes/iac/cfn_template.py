"""A CloudFormation template: recognised by content, loaded with positions, indexed."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from scanner.models import Region
from scanner.passes.iac.cfn_values import possible_items, referenced_resource
from scanner.passes.iac.cfn_yaml import load_yaml
from scanner.passes.iac.json_positions import load_json
from scanner.passes.iac.line_table import LineTable
from scanner.passes.iac.located import Mark, mark_of
from scanner.passes.iac.model import Site


def load_document(text: str) -> Any:
    """The template with positions, or None for a document that is not a template.

    Most JSON and YAML that mention AWS:: are not templates (schemas, policies, configs);
    they are rejected after the C parsers' pass, before positions are built in Python.
    """
    if text.lstrip("\ufeff \t\n").startswith(("{", "[")):
        try:
            plain = json.loads(text)
        except ValueError:
            plain = None  # the located reader below says where the error is
        if plain is not None and not is_template(plain):
            return None
        return load_json(text)
    return load_yaml(text, accept=_yaml_template_node)


def _yaml_template_node(node: Any) -> bool:
    """is_template, asked of the composed YAML node graph."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return False
    for key, value in node.value:
        if key.value == "AWSTemplateFormatVersion":
            return True
        if key.value == "Resources" and isinstance(value, yaml.MappingNode):
            return any(_yaml_type_is_aws(body) for _, body in value.value)
    return False


def _yaml_type_is_aws(body: Any) -> bool:
    import yaml

    if not isinstance(body, yaml.MappingNode):
        return False
    return any(
        key.value == "Type" and str(value.value).startswith("AWS::")
        for key, value in body.value
        if isinstance(value, yaml.ScalarNode)
    )


def is_template(document: Any) -> bool:
    """A mapping with AWSTemplateFormatVersion, or whose Resources hold AWS:: types."""
    if not isinstance(document, Mapping):
        return False
    if "AWSTemplateFormatVersion" in document:
        return True
    resources = document.get("Resources")
    if not isinstance(resources, Mapping):
        return False
    return any(
        isinstance(body, Mapping) and str(body.get("Type", "")).startswith("AWS::")
        for body in resources.values()
    )


@dataclass(frozen=True)
class Template:
    path: str
    text: str
    document: Mapping[str, Any]
    _names: dict[tuple[str, str], dict[str, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def resources(self) -> Mapping[str, Any]:
        resources = self.document.get("Resources")
        return resources if isinstance(resources, Mapping) else {}

    def type_of(self, logical_id: str) -> str | None:
        body = self.resources.get(logical_id)
        kind = body.get("Type") if isinstance(body, Mapping) else None
        return kind if isinstance(kind, str) else None

    def of_type(self, kind: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        yield from self._by_type.get(kind, ())

    def properties(self, logical_id: str) -> Mapping[str, Any]:
        body = self.resources.get(logical_id)
        properties = body.get("Properties") if isinstance(body, Mapping) else None
        return properties if isinstance(properties, Mapping) else {}

    def find(self, kind: str, property_name: str, value: str) -> str | None:
        """The logical id of the first `kind` resource whose `property_name` is `value`."""
        key = (kind, property_name)
        if key not in self._names:
            index: dict[str, str] = {}
            for logical_id, properties in self.of_type(kind):
                name = properties.get(property_name)
                if isinstance(name, str):
                    index.setdefault(name, logical_id)
            self._names[key] = index
        return self._names[key].get(value)

    # The rules look resources up by type and by name for each resource: indexed once, as a
    # scan of the whole template each time made large templates take quadratic time.
    @cached_property
    def _by_type(self) -> dict[str, list[tuple[str, Mapping[str, Any]]]]:
        index: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
        for logical_id in self.resources:
            kind = self.type_of(logical_id)
            if kind is not None:
                index.setdefault(kind, []).append((str(logical_id), self.properties(logical_id)))
        return index

    @cached_property
    def lines(self) -> LineTable:
        return LineTable(self.text)

    def resource_site(self, logical_id: str) -> Site:
        return self.key_site(self.resources, logical_id)

    def key_site(self, mapping: Mapping[str, Any], key: str) -> Site:
        key_marks = getattr(mapping, "key_marks", {})
        mark = key_marks.get(key, mark_of(mapping))
        return Site(self.path, Region(mark.line, mark.column, mark.line, mark.column + len(key)))

    def value_site(self, value: Any, fallback: Site) -> Site:
        mark = mark_of(value, Mark(0, 0))
        if mark.line == 0:
            return fallback
        return Site(self.path, Region(mark.line, mark.column, mark.line, mark.column + 1))

    def role_ids(self, value: Any) -> tuple[str, ...]:
        """Logical ids of the roles a Roles list (refs or role names) may name."""
        roles = []
        for item in possible_items(value):
            target = referenced_resource(item)
            if target is not None and self.type_of(target) == "AWS::IAM::Role":
                roles.append(target)
            elif isinstance(item, str):
                named = self.find("AWS::IAM::Role", "RoleName", item)
                if named:
                    roles.append(named)
        return tuple(dict.fromkeys(roles))
