"""The credential arguments of one SDK call: keywords, positions and `**mapping` entries."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from scanner.passes.python.index import ModuleIndex, assigned_node
from scanner.passes.python.literals import string_value
from scanner.passes.python.signatures import Signature

_MAX_DEPTH = 8


@dataclass(frozen=True)
class CredentialArgument:
    role: str
    label: str
    expression: cst.BaseExpression


def credential_arguments(
    call: cst.Call, signature: Signature, index: ModuleIndex
) -> list[CredentialArgument]:
    found: list[CredentialArgument] = []
    position = 0
    for argument in call.args:
        if argument.star == "*":
            # After *args the positions of later arguments are unknown.
            position = len(signature.positions)
        elif argument.star == "**":
            found.extend(_from_mapping(argument.value, signature, index))
        elif argument.keyword is not None:
            role = signature.keywords.get(argument.keyword.value)
            if role is not None:
                found.append(CredentialArgument(role, argument.keyword.value, argument.value))
        else:
            role = signature.role_at(position)
            if role is not None:
                found.append(CredentialArgument(role, f"argument {position + 1}", argument.value))
            position += 1
    return found


def _from_mapping(
    mapping: cst.BaseExpression, signature: Signature, index: ModuleIndex
) -> list[CredentialArgument]:
    # `**opts['aws_access_key_id']` says where the value came from; a literal unpacked in
    # place (`**{...}`, `**dict(...)`) is its keywords, and its source would fill the message.
    named = isinstance(mapping, cst.Name | cst.Attribute)
    name = index.code(mapping) if named else ""
    found: list[CredentialArgument] = []
    for key, value in mapping_entries(mapping, index):
        role = signature.keywords.get(key)
        if role is not None:
            found.append(CredentialArgument(role, f"**{name}[{key!r}]" if named else key, value))
    return found


def mapping_entries(
    node: cst.BaseExpression, index: ModuleIndex, depth: int = 0
) -> list[tuple[str, cst.BaseExpression]]:
    """String-keyed entries a mapping expression is known to hold (a dict literal, `dict()`,
    a name bound to either in this module, plus `name["key"] = value` assignments)."""
    if depth > _MAX_DEPTH:
        return []
    if isinstance(node, cst.Dict):
        return _dict_entries(node, index, depth)
    if isinstance(node, cst.Call) and "builtins.dict" in index.qualified_names(node.func):
        return _dict_call_entries(node, index, depth)
    if isinstance(node, cst.Name):
        return _name_entries(node, index, depth)
    if isinstance(node, cst.Attribute):
        return _attribute_entries(node, index, depth)
    return []


def _dict_entries(
    node: cst.Dict, index: ModuleIndex, depth: int
) -> list[tuple[str, cst.BaseExpression]]:
    entries: list[tuple[str, cst.BaseExpression]] = []
    for element in node.elements:
        if isinstance(element, cst.StarredDictElement):
            entries.extend(mapping_entries(element.value, index, depth + 1))
        elif isinstance(element, cst.DictElement):
            key = string_value(element.key)
            if key is not None:
                entries.append((key, element.value))
    return entries


def _dict_call_entries(
    node: cst.Call, index: ModuleIndex, depth: int
) -> list[tuple[str, cst.BaseExpression]]:
    entries: list[tuple[str, cst.BaseExpression]] = []
    for argument in node.args:
        if argument.keyword is not None:
            entries.append((argument.keyword.value, argument.value))
        elif argument.star == "**" or not argument.star:
            entries.extend(mapping_entries(argument.value, index, depth + 1))
    return entries


def _name_entries(
    node: cst.Name, index: ModuleIndex, depth: int
) -> list[tuple[str, cst.BaseExpression]]:
    entries: list[tuple[str, cst.BaseExpression]] = []
    for assignment in index.referents(node):
        target = assigned_node(assignment)
        bound = index.bindings.values.get(target) if target is not None else None
        if bound is not None:
            entries.extend(mapping_entries(bound, index, depth + 1))
        items = index.bindings.items.get(assignment, [])
        merged = index.bindings.merged.get(assignment, [])
        entries.extend(_filled(items, merged, node, index, depth))
    return entries


def _filled(
    items: list[tuple[str, cst.BaseExpression]],
    merged: list[cst.BaseExpression],
    reader: cst.CSTNode,
    index: ModuleIndex,
    depth: int,
) -> list[tuple[str, cst.BaseExpression]]:
    """The entries filled into a mapping in place (`opts["k"] = v`, `opts.update(...)`) that
    can reach `reader`: not those filled after it in the same scope."""
    entries = [(key, value) for key, value in items if not index.comes_after(value, reader)]
    for mapping in merged:
        if not index.comes_after(mapping, reader):
            entries.extend(mapping_entries(mapping, index, depth + 1))
    return entries


def _attribute_entries(
    node: cst.Attribute, index: ModuleIndex, depth: int
) -> list[tuple[str, cst.BaseExpression]]:
    if not (isinstance(node.value, cst.Name) and node.value.value in ("self", "cls")):
        return []
    owner = index.enclosing_class(node)
    if owner is None:
        return []
    key = (owner, node.attr.value)
    bound = index.bindings.attributes.get(key, [])
    entries = [entry for value in bound for entry in mapping_entries(value, index, depth + 1)]
    # Filled in place in any method: no order between methods is known.
    items = index.bindings.attribute_items.get(key, [])
    merged = index.bindings.attribute_merged.get(key, [])
    entries.extend(_filled(items, merged, node, index, depth))
    return entries
