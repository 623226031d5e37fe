"""A YAML loader for CloudFormation: short intrinsic tags, positions, and no bombs.

`!Ref x` becomes `{"Ref": x}`, `!GetAtt a.b` becomes `{"Fn::GetAtt": ["a", "b"]}` and every
other `!Name` becomes `{"Fn::Name": ...}`, so the rest of the pass sees only the long forms.
Aliases are allowed (some templates use them) but the composed graph is measured with
aliases expanded before anything is built, which is what stops a "billion laughs" file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scanner.passes.iac.located import (
    MAX_DEPTH,
    MAX_NODES,
    LocatedDict,
    LocatedList,
    LocatedStr,
    Mark,
    TemplateError,
)


def load_yaml(text: str, accept: Callable[[Any], bool] | None = None) -> Any:
    """Located values of the document; None when `accept` turns the composed node down."""
    import yaml

    loader_base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_base)
    except yaml.YAMLError as error:
        raise TemplateError(f"not valid YAML: {_describe(error)}") from error
    if node is None or (accept is not None and not accept(node)):
        return None
    _check_size(node)
    return _Builder().build(node)


def _describe(error: Exception) -> str:
    """The problem and its place, without the snippet of the file PyYAML would quote."""
    problem = getattr(error, "problem", None) or "cannot be parsed"
    mark = getattr(error, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{problem}{where}"


def _check_size(root: Any) -> None:
    """Count nodes with aliases expanded and nesting depth, without recursion."""
    import yaml

    stack: list[tuple[Any, int]] = [(root, 1)]
    seen = 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise TemplateError(f"more than {MAX_NODES} values once aliases are expanded")
        if depth > MAX_DEPTH:
            raise TemplateError(f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


def _mark(node: Any) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns composed nodes into located values; shared (aliased) nodes are built once."""

    def __init__(self) -> None:
        import yaml

        self._yaml = yaml
        self._scalars = yaml.SafeLoader("")
        self._memo: dict[int, Any] = {}

    def build(self, node: Any) -> Any:
        key = id(node)
        if key not in self._memo:
            self._memo[key] = self._build(node)
        return self._memo[key]

    def _build(self, node: Any) -> Any:
        tag = str(node.tag)
        if tag.startswith("!") and not tag.startswith("!!"):
            return self._intrinsic(tag[1:], node)
        if isinstance(node, self._yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, self._yaml.SequenceNode):
            return LocatedList((self.build(item) for item in node.value), mark=_mark(node))
        return self._scalar(node)

    def _scalar(self, node: Any) -> Any:
        if node.tag == "tag:yaml.org,2002:str":
            return LocatedStr(node.value, mark=_mark(node))
        try:
            value = self._scalars.construct_object(node)
        except self._yaml.YAMLError:
            value = node.value
        if isinstance(value, str):
            return LocatedStr(value, mark=_mark(node))
        return value

    def _mapping(self, node: Any) -> LocatedDict:
        pairs: list[tuple[str, Any]] = []
        marks: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = str(key_node.value)
            marks[key] = _mark(key_node)
            pairs.append((key, self.build(value_node)))
        return LocatedDict(pairs, mark=_mark(node), key_marks=marks)

    def _intrinsic(self, name: str, node: Any) -> LocatedDict:
        if isinstance(node, self._yaml.ScalarNode):
            value: Any = LocatedStr(node.value, mark=_mark(node))
            if name == "GetAtt":
                value = LocatedList(str(node.value).split(".", 1), mark=_mark(node))
        elif isinstance(node, self._yaml.SequenceNode):
            value = LocatedList((self.build(item) for item in node.value), mark=_mark(node))
        else:
            value = self._mapping(node)
        long_name = name if name in ("Ref", "Condition") else f"Fn::{name}"
        return LocatedDict(
            [(long_name, value)], mark=_mark(node), key_marks={long_name: _mark(node)}
        )
