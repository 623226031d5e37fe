"""One Terraform module directory: its blocks indexed by address, and reference helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from scanner.passes.iac.tf_blocks import TfAttribute, TfBlock
from scanner.passes.iac.tf_values import Call

# type.name, data.type.name, var.name, local.name, module.name, with an optional index and
# an optional attribute after it. HCL identifiers may hold "-", so no match starts right after
# one: that keeps the scan linear on runs like "-a-a-a...".
_REFERENCE = re.compile(
    r"(?<![\w.-])(?P<address>data\.[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*"
    r"|[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)"
    r"(?:\[[^\]]*\]|\.\*)?(?:\.(?P<attribute>[A-Za-z_][\w-]*))?"
)
_WHOLE = re.compile(r"\A\$\{\s*(.*?)\s*\}\Z", re.DOTALL)


@dataclass(frozen=True)
class Reference:
    address: str
    attribute: str | None

    @property
    def expression(self) -> str:
        """The reference as a whole `${...}` value, its index or splat left out."""
        suffix = f".{self.attribute}" if self.attribute else ""
        return "${" + self.address + suffix + "}"


@dataclass
class TfModule:
    scope: str
    resources: dict[str, TfBlock] = field(default_factory=dict)
    variables: dict[str, TfBlock] = field(default_factory=dict)
    locals: dict[str, TfAttribute] = field(default_factory=dict)
    outputs: list[TfBlock] = field(default_factory=list)
    providers: list[TfBlock] = field(default_factory=list)
    # Made on first use and dropped by `add`. The inventory looks resources up by type and
    # by name for each resource; going through all of them every time made big modules
    # (generated ones hold tens of thousands) take quadratic time.
    _types: dict[str, list[TfBlock]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _names: dict[str, dict[str, TfBlock]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def of(cls, scope: str, blocks: Sequence[TfBlock]) -> TfModule:
        module = cls(scope)
        for block in blocks:
            module.add(block)
        return module

    def add(self, block: TfBlock) -> None:
        self._types = None
        self._names.clear()
        if block.type in ("resource", "data") and len(block.labels) == 2:
            self.resources[block.address] = block
        elif block.type == "variable" and block.labels:
            self.variables[block.labels[0]] = block
        elif block.type == "locals":
            self.locals.update(block.attributes)
        elif block.type == "output":
            self.outputs.append(block)
        elif block.type == "provider":
            self.providers.append(block)

    def of_type(self, *types: str) -> list[TfBlock]:
        """Resources and data sources of these types, in the order they were declared."""
        if len(types) != 1:
            # Declaration order across several types: one pass, asked once per module.
            return [block for block in self.resources.values() if block.labels[0] in types]
        if self._types is None:
            self._types = {}
            for block in self.resources.values():
                self._types.setdefault(block.labels[0], []).append(block)
        return list(self._types.get(types[0], ()))

    def named(self, kind: str, name: str) -> TfBlock | None:
        """The first `kind` resource or data source whose `name` attribute is `name`."""
        if kind not in self._names:
            index: dict[str, TfBlock] = {}
            for block in self.of_type(kind):
                value = block.get("name")
                if isinstance(value, str):
                    index.setdefault(value, block)
            self._names[kind] = index
        return self._names[kind].get(name)

    def resolve(self, value: Any, depth: int = 0) -> Any:
        """Follow `local.x` and `var.x` (its default) until a value that is not one."""
        reference = whole_reference(value)
        if reference is None or depth > 8:
            return value
        kind, _, name = reference.address.partition(".")
        if kind == "local" and name in self.locals:
            return self.resolve(self.locals[name].value, depth + 1)
        if kind == "var" and name in self.variables:
            default = self.variables[name].get("default")
            return value if default is None else self.resolve(default, depth + 1)
        return value


def whole_reference(value: Any) -> Reference | None:
    """The reference when `value` is exactly one `${type.name[.attribute]}`."""
    if not isinstance(value, str):
        return None
    match = _WHOLE.match(value)
    if match is None:
        return None
    inner = _REFERENCE.fullmatch(match.group(1))
    if inner is None:
        return None
    return Reference(inner.group("address"), inner.group("attribute"))


def references_in(value: Any) -> Iterator[Reference]:
    """Every reference inside interpolations anywhere in a value."""
    for text in strings_in(value):
        for expression in re.finditer(r"\$\{(.*?)\}", text, re.DOTALL):
            yield from expression_references(expression.group(1))


def expression_references(expression: str) -> Iterator[Reference]:
    """Every reference in the source text of one expression (no `${` around it)."""
    for match in _REFERENCE.finditer(expression):
        yield Reference(match.group("address"), match.group("attribute"))


def strings_in(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, Call):
            stack.extend(item.args)


def is_literal(value: Any) -> bool:
    return isinstance(value, str) and "${" not in value
