"""Render a path expression to text well enough to tell whether it names an AWS file.

Unknown parts become "?", so `os.path.join(os.environ["HOME"], ".aws", "credentials")`
renders as `?/.aws/credentials`.
"""

from __future__ import annotations

import re

import libcst as cst

from scanner.passes.python.index import ModuleIndex, assigned_node
from scanner.passes.python.literals import string_value

_AWS_FILE_RE = re.compile(r"\.aws[/\\]+(?:credentials|config)\b")
_JOINS = frozenset({"os.path.join", "posixpath.join", "ntpath.join"})
_PATH_TYPES = frozenset(
    {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "pathlib.WindowsPath"}
)
_HOMES = frozenset({"pathlib.Path.home", "pathlib.PosixPath.home", "os.path.expanduser"})
_PASS_THROUGH_FUNCTIONS = frozenset(
    {
        "os.path.expanduser",
        "os.path.expandvars",
        "os.path.abspath",
        "os.path.realpath",
        "os.fspath",
        "builtins.str",
    }
)
_PASS_THROUGH_METHODS = frozenset({"expanduser", "resolve", "absolute", "as_posix"})
_MAX_DEPTH = 10
_STRINGS = (cst.SimpleString, cst.ConcatenatedString)
# A %-conversion (`%s`, `%-10r`, `%(home)s`) and a str.format field (`{}`, `{0}`, `{home!r:>9}`).
_PERCENT_RE = re.compile(r"%(?:\(([^)]*)\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]")
_FIELD_RE = re.compile(r"\{(\w*)[^{}]*\}")


def names_aws_file(text: str) -> bool:
    return _AWS_FILE_RE.search(text) is not None


class PathRenderer:
    def __init__(self, index: ModuleIndex) -> None:
        self._index = index

    def render(self, node: cst.BaseExpression, depth: int = 0) -> str:
        if depth > _MAX_DEPTH:
            return "?"
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            return self._string(node, depth)
        if isinstance(node, cst.BinaryOperation):
            if isinstance(node.operator, cst.Modulo):
                return self._percent(node, depth)
            separator = "/" if isinstance(node.operator, cst.Divide) else ""
            if separator or isinstance(node.operator, cst.Add):
                left = self.render(node.left, depth + 1)
                return f"{left}{separator}{self.render(node.right, depth + 1)}"
            return "?"
        if isinstance(node, cst.Call):
            return self._call(node, depth)
        if isinstance(node, cst.Name):
            return self._name(node, depth)
        return "?"

    def _string(self, node: cst.BaseExpression, depth: int) -> str:
        if isinstance(node, cst.SimpleString):
            value = string_value(node)
            return "?" if value is None else value
        if isinstance(node, cst.ConcatenatedString):
            return self.render(node.left, depth + 1) + self.render(node.right, depth + 1)
        assert isinstance(node, cst.FormattedString)
        rendered = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                rendered.append(part.value)
            elif isinstance(part, cst.FormattedStringExpression):
                rendered.append(self.render(part.expression, depth + 1))
        return "".join(rendered)

    def _call(self, node: cst.Call, depth: int) -> str:
        qualified = self._index.qualified_names(node.func)
        arguments = [a.value for a in node.args if a.keyword is None and not a.star]
        if qualified & _HOMES and not arguments:
            return "~"
        if qualified & (_JOINS | _PATH_TYPES):
            return "/".join(self.render(a, depth + 1) for a in arguments) or "."
        if qualified & _PASS_THROUGH_FUNCTIONS and arguments:
            return self.render(arguments[0], depth + 1)
        if isinstance(node.func, cst.Attribute):
            method = node.func.attr.value
            if method == "format" and isinstance(node.func.value, _STRINGS):
                return self._format(node, node.func.value, depth)
            if method in _PASS_THROUGH_METHODS:
                return self.render(node.func.value, depth + 1)
            if method == "joinpath":
                parts = [node.func.value, *arguments]
                return "/".join(self.render(p, depth + 1) for p in parts)
            if method == "home":
                return "~"
        return "?"

    def _percent(self, node: cst.BinaryOperation, depth: int) -> str:
        """`"%s/.aws/%s" % (home, name)`: each conversion takes the next value."""
        template = self.render(node.left, depth + 1)
        if isinstance(node.right, cst.Dict):
            return self._percent_named(template, node.right, depth)
        values = node.right.elements if isinstance(node.right, cst.Tuple) else None
        rendered = (
            [self.render(element.value, depth + 1) for element in values]
            if values is not None
            else [self.render(node.right, depth + 1)]
        )
        parts = iter(rendered)

        def conversion(match: re.Match[str]) -> str:
            return "%" if match.group() == "%%" else next(parts, "?")

        return _PERCENT_RE.sub(conversion, template)

    def _percent_named(self, template: str, mapping: cst.Dict, depth: int) -> str:
        """`"%(home)s/.aws/%(name)s" % {"home": h, "name": n}`: each field by its key."""
        values: dict[str, str] = {}
        for element in mapping.elements:
            if isinstance(element, cst.DictElement):
                key = string_value(element.key)
                if key is not None:
                    values[key] = self.render(element.value, depth + 1)

        def conversion(match: re.Match[str]) -> str:
            if match.group() == "%%":
                return "%"
            key = match.group(1)
            return values.get(key, "?") if key is not None else "?"

        return _PERCENT_RE.sub(conversion, template)

    def _format(self, node: cst.Call, template_node: cst.BaseExpression, depth: int) -> str:
        """`"{}/.aws/{name}".format(home, name=n)`: fields by position, index or keyword."""
        template = self.render(template_node, depth + 1)
        positional = [
            self.render(a.value, depth + 1) for a in node.args if a.keyword is None and not a.star
        ]
        named = {a.keyword.value: self.render(a.value, depth + 1) for a in node.args if a.keyword}
        counter = iter(range(len(positional)))

        def field(match: re.Match[str]) -> str:
            key = match.group(1)
            if key == "":
                index = next(counter, None)
                return positional[index] if index is not None else "?"
            if key.isdigit():
                return positional[int(key)] if int(key) < len(positional) else "?"
            return named.get(key, "?")

        return _FIELD_RE.sub(field, template)

    def _name(self, node: cst.Name, depth: int) -> str:
        rendered = "?"
        for assignment in self._index.referents(node):
            target = assigned_node(assignment)
            bound = self._index.bindings.values.get(target) if target is not None else None
            if isinstance(target, cst.Param) and bound is None:
                continue
            if bound is not None:
                rendered = self.render(bound, depth + 1)
                if names_aws_file(rendered):
                    return rendered
        return rendered
