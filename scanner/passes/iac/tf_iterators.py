"""Put values in place of the names that stand for them: `each.value` and `each.key`, a
dynamic block's `<name>.value` and `<name>.key`, a `for` expression's `k` and `v`, each with an
optional attribute after it (`each.value.arn`, `v["arn"]`).

A reference that is a whole value takes the value itself, so a map or a reference keeps its
structure. Inside a longer expression the value is written back as HCL text, and a
template's `${each.value}` takes a plain value's text: `"arn:...:policy/${each.value}"`
becomes the ARN it spells.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from scanner.passes.iac.tf_values import Call, expression_source, hcl_text

_INTERPOLATION = re.compile(r"\$\{([^{}]*)\}")


@dataclass(frozen=True)
class Element:
    """One element of a collection: `key` is a map's key, a list's index or a set's member."""

    key: Any
    value: Any


def iterator_names(iterator: str, element: Element) -> dict[str, Any]:
    """What `<iterator>.value` and `<iterator>.key` stand for while at `element`."""
    return {f"{iterator}.value": element.value, f"{iterator}.key": element.key}


def mentions(value: Any, names: tuple[str, ...]) -> bool:
    """Whether any string in `value` refers to one of `names`."""
    if isinstance(value, str):
        return "${" in value and _pattern(names).search(value) is not None
    if isinstance(value, dict):
        return any(mentions(item, names) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(mentions(item, names) for item in value)
    if isinstance(value, Call):
        return any(mentions(arg, names) for arg in value.args)
    return False


def bind(value: Any, names: Mapping[str, Any]) -> Any:
    """`value` with every reference to one of `names` replaced by what it stands for."""
    if isinstance(value, str):
        return _bind_text(value, _Binder(names)) if "${" in value else value
    if isinstance(value, dict):
        return {key: bind(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [bind(item, names) for item in value]
    if isinstance(value, Call):
        return Call(value.name, tuple(bind(arg, names) for arg in value.args))
    return value


@lru_cache(maxsize=256)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.-])({alternatives})(?![\w-])"
        r'(?:\.([A-Za-z_][\w-]*)|\[\s*"([^"]*)"\s*\])?'
    )


class _Binder:
    def __init__(self, names: Mapping[str, Any]) -> None:
        self.names = names
        self.pattern = _pattern(tuple(names))

    def target(self, match: re.Match[str]) -> Any:
        value = self.names[match.group(1)]
        attribute = match.group(2) or match.group(3)
        return value if attribute is None else _attribute(value, attribute)

    def text(self, match: re.Match[str]) -> str:
        return hcl_text(self.target(match))


def _bind_text(text: str, binder: _Binder) -> Any:
    source = expression_source(text)
    if source is not None:
        whole = binder.pattern.fullmatch(source.strip())
        if whole is not None:
            return binder.target(whole)
        return "${" + binder.pattern.sub(binder.text, source) + "}"
    return _INTERPOLATION.sub(lambda m: _bind_interpolation(m.group(1), binder), text)


def _bind_interpolation(inner: str, binder: _Binder) -> str:
    """One `${...}` of a template."""
    whole = binder.pattern.fullmatch(inner.strip())
    if whole is not None:
        target = binder.target(whole)
        if isinstance(target, str):
            # Literal text, or an interpolation or template of its own: it reads the same here.
            return target
        if isinstance(target, (int, float)) and not isinstance(target, bool):
            return str(target)
    return "${" + binder.pattern.sub(binder.text, inner) + "}"


def _attribute(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        # A missing attribute is an error in Terraform unless try() turns it into null.
        return value.get(name)
    if value is None or (isinstance(value, (str, int, float)) and expression_source(value) is None):
        return None
    return "${" + f"{hcl_text(value)}.{name}" + "}"


def choice(alternatives: list[Any]) -> Any:
    """One value for "any of these": the value when they agree; when they differ in one plain
    value inside a map or a call, that map or call with the list of what the value may be;
    else the list of them. Either list is read as one choice per item, as a list of policy
    ARNs is: no Terraform setting the rules read holds a list of maps or of calls."""
    distinct: list[Any] = []
    for alternative in alternatives:
        if alternative not in distinct:
            distinct.append(alternative)
    merged = _merged(distinct)
    return distinct if merged is None else merged


def _merged(values: list[Any]) -> Any:
    """Only one differing place is merged: merging two would pair one element's action with
    another's resource. None when the values cannot be merged so."""
    first = values[0]
    if all(value == first for value in values):
        return first
    if not any(isinstance(value, (dict, list, Call)) for value in values):
        return values
    if all(isinstance(value, dict) and value.keys() == first.keys() for value in values):
        differing = [key for key in first if any(value[key] != first[key] for value in values)]
        inner = _merged([value[differing[0]] for value in values])
        if len(differing) == 1 and inner is not None:
            return {**first, differing[0]: inner}
    if all(_same_call(value, first) for value in values):
        positions = range(len(first.args))
        differing = [i for i in positions if any(v.args[i] != first.args[i] for v in values)]
        inner = _merged([value.args[differing[0]] for value in values])
        if len(differing) == 1 and inner is not None:
            args = list(first.args)
            args[differing[0]] = inner
            return Call(first.name, tuple(args))
    return None


def _same_call(value: Any, first: Any) -> bool:
    return (
        isinstance(value, Call)
        and isinstance(first, Call)
        and (value.name, len(value.args)) == (first.name, len(first.args))
    )
