"""CloudFormation intrinsic functions, as far as a static reader can follow them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

INTRINSICS = (
    "Ref",
    "Fn::GetAtt",
    "Fn::Sub",
    "Fn::Join",
    "Fn::Base64",
    "Fn::ImportValue",
    "Fn::If",
    "Fn::Select",
    "Fn::FindInMap",
    "Fn::Split",
    "Fn::GetAZs",
)


def intrinsic(value: Any) -> tuple[str, Any] | None:
    """("Ref", "X") for `{"Ref": "X"}`: a one-key mapping naming an intrinsic function."""
    if isinstance(value, Mapping) and len(value) == 1:
        name, argument = next(iter(value.items()))
        if name == "Ref" or str(name).startswith("Fn::"):
            return str(name), argument
    return None


def referenced_resource(value: Any) -> str | None:
    """The logical id a `Ref` or `Fn::GetAtt` points at."""
    found = intrinsic(value)
    if found is None:
        return None
    name, argument = found
    if name == "Ref" and isinstance(argument, str):
        return argument
    if name == "Fn::GetAtt":
        if isinstance(argument, list) and argument and isinstance(argument[0], str):
            return argument[0]
        if isinstance(argument, str):
            return argument.split(".", 1)[0]
    return None


def possible_values(value: Any, depth: int = 0) -> list[Any]:
    """Every value a property may take: both branches of each `Fn::If` and every item an
    `Fn::Select` picks from; anything else as it is. The condition itself is not evaluated,
    so a template is judged by all the resources it can name."""
    found = intrinsic(value)
    if found is None or depth > 20:
        return [value]
    name, argument = found
    if name == "Fn::If" and isinstance(argument, list) and len(argument) == 3:
        branches = argument[1:]
    elif name == "Fn::Select" and isinstance(argument, list) and len(argument) == 2:
        branches = argument[1] if isinstance(argument[1], list) else [argument[1]]
    else:
        return [value]
    return [item for branch in branches for item in possible_values(branch, depth + 1)]


def possible_items(value: Any) -> list[Any]:
    """Every item a list-valued property may hold, each item's own choices opened too."""
    items = []
    for choice in possible_values(value):
        for item in choice if isinstance(choice, list) else [choice]:
            items.extend(possible_values(item))
    return items


def render(value: Any, depth: int = 0) -> str | None:
    """Text of a string-valued expression, with references kept as `${Name}`/`${Name.Attr}`.

    `Fn::Sub` variables given as a map are substituted with their rendered values.
    None when the value is not text (a number, a map, a condition).
    """
    if depth > 20:
        return None
    if isinstance(value, str):
        return value
    found = intrinsic(value)
    if found is None:
        return None
    name, argument = found
    if name == "Ref":
        return "${" + str(argument) + "}"
    if name == "Fn::GetAtt":
        parts = argument if isinstance(argument, list) else str(argument).split(".", 1)
        return "${" + ".".join(str(part) for part in parts) + "}"
    if name in ("Fn::Base64", "Fn::ImportValue"):
        inner = render(argument, depth + 1)
        return inner if name == "Fn::Base64" else "${ImportValue:" + str(inner) + "}"
    if name == "Fn::Sub":
        return _render_sub(argument, depth)
    if name == "Fn::Join":
        return _render_join(argument, depth)
    return None


def _render_sub(argument: Any, depth: int) -> str | None:
    if isinstance(argument, str):
        return argument
    if not isinstance(argument, list) or not argument or not isinstance(argument[0], str):
        return None
    text = argument[0]
    variables = argument[1] if len(argument) > 1 and isinstance(argument[1], Mapping) else {}
    for key, item in variables.items():
        rendered = render(item, depth + 1)
        if rendered is not None:
            text = text.replace("${" + str(key) + "}", rendered)
    return text


def _render_join(argument: Any, depth: int) -> str | None:
    if not isinstance(argument, list) or len(argument) != 2:
        return None
    separator, parts = argument
    if not isinstance(separator, str) or not isinstance(parts, list):
        return None
    rendered = [render(part, depth + 1) for part in parts]
    return separator.join(part if part is not None else "${?}" for part in rendered)
