"""The elements a Terraform `for_each` walks over, read without running it.

A literal map, list or set, a local, a variable's default, `toset(...)` and its kin, every
branch of a conditional and what a `for` expression makes of its iterable are opened;
anything else (a resource's attribute, a variable without a default) cannot be known here
and comes back as None.
"""

from __future__ import annotations

from typing import Any

from scanner.passes.iac.tf_iterators import Element, bind
from scanner.passes.iac.tf_module import TfModule, whole_reference
from scanner.passes.iac.tf_values import (
    Call,
    ForExpression,
    conditional_branches,
    for_expression,
    reparsed,
)

# Functions whose result holds the elements of their first argument.
_SAME_ELEMENTS = frozenset(
    {"compact", "distinct", "nonsensitive", "sensitive", "sort", "tolist", "tomap", "values"}
)
# Functions whose result is made of (or is one of) their arguments' elements.
_ANY_ARGUMENT = frozenset({"coalesce", "coalescelist", "concat", "merge", "setunion", "try"})
_MAX_DEPTH = 12


def elements(module: TfModule, value: Any) -> list[Element] | None:
    """The elements `value` may hold, every branch of a conditional counted; None when what
    it holds is chosen outside this module or computed."""
    return _elements(module, value, 0)


def _elements(module: TfModule, value: Any, depth: int) -> list[Element] | None:
    if depth > _MAX_DEPTH:
        return None
    if whole_reference(value) is not None:
        return _referenced(module, value, depth)
    value = reparsed(value)
    if isinstance(value, dict):
        return [Element(key, item) for key, item in value.items()]
    if isinstance(value, list):
        return [Element(index, item) for index, item in enumerate(value)]
    if isinstance(value, Call):
        return _call(module, value, depth)
    branches = conditional_branches(value)
    if branches is not None:
        return _union([_elements(module, branch, depth + 1) for branch in branches])
    loop = for_expression(value)
    return None if loop is None else _loop(module, loop, depth)


def _referenced(module: TfModule, value: str, depth: int) -> list[Element] | None:
    reference = whole_reference(value)
    if reference is None or "[" in value:
        return None
    kind, _, name = reference.address.partition(".")
    if kind == "local" and name in module.locals:
        target = module.locals[name].value
    elif kind == "var" and name in module.variables:
        target = module.variables[name].get("default")
    else:
        return None
    if reference.attribute is not None:
        target = target.get(reference.attribute) if isinstance(target, dict) else None
    found = _elements(module, target, depth + 1)
    # A variable is the deployer's to set: with no elements by default it may still get some,
    # as a variable whose default is null still counts as a setting.
    return None if kind == "var" and not found else found


def _call(module: TfModule, call: Call, depth: int) -> list[Element] | None:
    if call.name in _ANY_ARGUMENT:
        return _union([_elements(module, arg, depth + 1) for arg in call.args])
    found = _elements(module, call.args[0], depth + 1) if call.args else None
    if found is None:
        return None
    if call.name == "toset":
        return [Element(element.value, element.value) for element in found]
    if call.name == "keys":
        return [Element(index, element.key) for index, element in enumerate(found)]
    if call.name == "flatten":
        items = [v for e in found for v in (e.value if isinstance(e.value, list) else [e.value])]
        return [Element(index, item) for index, item in enumerate(items)]
    return found if call.name in _SAME_ELEMENTS else None


def _loop(module: TfModule, loop: ForExpression, depth: int) -> list[Element] | None:
    """`{for k, v in m : k => v if var.on}`: its `if` is not weighed, so every element of the
    iterable may be kept, as every branch of a conditional may be taken."""
    found = _elements(module, loop.iterable, depth + 1)
    if found is None:
        return None
    written = []
    for index, element in enumerate(found):
        # One name binds the value; two bind the key (a list's index) and the value.
        names = dict(zip(loop.names[::-1], (element.value, element.key), strict=False))
        key = index if loop.key is None else bind(loop.key, names)
        written.append(Element(key, bind(loop.value, names)))
    return written


def _union(parts: list[list[Element] | None]) -> list[Element] | None:
    """What any of `parts` may hold. Known elements win over an unknown part: their shape is
    what the block is written for."""
    known = [element for part in parts if part for element in part]
    if known or all(part is not None for part in parts):
        return known
    return None
