"""The values a Terraform expression may take, read without running it.

Modules choose a profile, role or policy with conditionals (`var.on ? a.name : null`),
with functions that hand back one of their arguments (`one(a[*].name)`, `try(a.name, null)`)
and by indexing maps of them. Following only plain references would leave every grant behind
such a choice unchecked, so each branch counts: the answer may name more than Terraform will
use, never less than what is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scanner.passes.iac.tf_module import TfModule, expression_references, whole_reference
from scanner.passes.iac.tf_values import Call, expression_source

# Functions whose result is one of their arguments or an element of one.
_PASS_THROUGH = frozenset(
    {
        "coalesce",
        "coalescelist",
        "compact",
        "concat",
        "distinct",
        "element",
        "flatten",
        "lookup",
        "nonsensitive",
        "one",
        "sensitive",
        "sort",
        "tolist",
        "tomap",
        "toset",
        "tostring",
        "try",
        "values",
    }
)
# A quoted string inside an expression's source text. Its interpolations stay as written:
# `"arn:${local.partition}:iam::aws:policy/AdministratorAccess"` is still recognised.
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def possible_values(module: TfModule, value: Any) -> list[Any]:
    """Every value `value` may stand for: plain values as they are, references as
    `${address.attribute}`, locals and variable defaults followed, lists and maps opened.

    What else an expression mentions comes out too (a condition's value, a key given to
    lookup): callers pick out the references and names they look for."""
    return list(_walk(module, value, set()))


def _walk(module: TfModule, value: Any, seen: set[str]) -> Iterator[Any]:
    if isinstance(value, str) and "${" in value:
        # Each expression is opened once: a local that names itself, or a web of locals
        # naming each other, ends instead of multiplying.
        if value in seen:
            return
        seen.add(value)
    value = module.resolve(value)
    if isinstance(value, Call) and value.name in _PASS_THROUGH:
        for argument in value.args:
            yield from _walk(module, argument, seen)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _walk(module, item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(module, item, seen)
    else:
        expression = _expression(value)
        if expression is None:
            yield value
            return
        for reference in expression_references(expression):
            yield from _walk(module, reference.expression, seen)
        for match in _QUOTED.finditer(expression):
            yield match.group(1)


def _expression(value: Any) -> str | None:
    """The source of a whole `${...}` expression that is more than one reference."""
    if whole_reference(value) is not None:
        return None
    return expression_source(value)
