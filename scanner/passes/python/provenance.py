"""Follow an expression to the values it can hold, within one module.

Names are followed through libcst's scope analysis to what each binding was given;
parameters stop at their default; attributes of `self`/`cls` and of a class reach the class
constants and `self.x = ...` assignments; string operations are evaluated. Anything else is
labelled by where it comes from and left unknown: the verdict for those is the same.
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst
from libcst.metadata import BaseAssignment, ImportAssignment

from scanner.passes.python import names
from scanner.passes.python.index import ModuleIndex, assigned_node, subscript_key
from scanner.passes.python.literals import string_value
from scanner.passes.python.values import TEXT_PROVENANCES, Provenance, Value

# Bounds keep pathological modules (long chains of reassignments, huge products of
# alternatives) linear; real code resolves in a handful of steps.
MAX_DEPTH = 12
MAX_VALUES = 16


class Resolver:
    def __init__(self, index: ModuleIndex) -> None:
        self._index = index

    def resolve(self, node: cst.BaseExpression, depth: int = 0) -> tuple[Value, ...]:
        if depth > MAX_DEPTH:
            return (Value(Provenance.UNKNOWN, node),)
        values = self._dispatch(node, depth + 1)
        return tuple(values)[:MAX_VALUES] or (Value(Provenance.UNKNOWN, node),)

    def _dispatch(self, node: cst.BaseExpression, depth: int) -> Iterable[Value]:
        if isinstance(node, cst.SimpleString):
            return (_literal(node),)
        if isinstance(node, (cst.Integer, cst.Float)):
            return (Value(Provenance.LITERAL, node, node.value),)
        if isinstance(node, cst.ConcatenatedString):
            return self._concatenate(node, self._parts([node.left, node.right], depth))
        if isinstance(node, cst.FormattedString):
            return self._formatted(node, depth)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            return self._concatenate(node, self._parts([node.left, node.right], depth))
        if isinstance(node, cst.IfExp):
            return self.resolve(node.body, depth) + self.resolve(node.orelse, depth)
        if isinstance(node, cst.BooleanOperation):
            return self.resolve(node.left, depth) + self.resolve(node.right, depth)
        if isinstance(node, cst.Name):
            return self._name(node, depth)
        if isinstance(node, cst.Attribute):
            return self._attribute(node, depth)
        if isinstance(node, cst.Subscript):
            return self._lookup(node, depth)
        if isinstance(node, cst.Call):
            return self._call(node, depth)
        if isinstance(node, cst.Await):
            return self.resolve(node.expression, depth)
        return (Value(Provenance.UNKNOWN, node),)

    # -- strings ------------------------------------------------------------------------

    def _parts(self, expressions: list[cst.BaseExpression], depth: int) -> list[tuple[Value, ...]]:
        return [self.resolve(expression, depth) for expression in expressions]

    def _concatenate(self, node: cst.BaseExpression, parts: list[tuple[Value, ...]]) -> list[Value]:
        combined: list[Value] = [Value(Provenance.LITERAL, node, "")]
        for alternatives in parts:
            combined = [_join(node, left, right) for left in combined for right in alternatives]
            combined = _unique(combined)[:MAX_VALUES]
        return combined

    def _formatted(self, node: cst.FormattedString, depth: int) -> list[Value]:
        parts: list[tuple[Value, ...]] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append((Value(Provenance.LITERAL, node, part.value),))
            elif isinstance(part, cst.FormattedStringExpression) and part.format_spec is None:
                parts.append(self.resolve(part.expression, depth))
            else:
                return [Value(Provenance.UNKNOWN, node)]
        return self._concatenate(node, parts)

    # -- names and attributes -----------------------------------------------------------

    def _name(self, node: cst.Name, depth: int) -> list[Value]:
        if node.value == "None":
            return [Value(Provenance.NONE, node)]
        if node.value in ("True", "False"):
            return [Value(Provenance.LITERAL, node, node.value)]
        found: list[Value] = []
        for assignment in self._index.referents(node):
            found.extend(self._assignment(node, assignment, depth))
        return found or [Value(Provenance.UNKNOWN, node)]

    def _assignment(self, use: cst.Name, assignment: BaseAssignment, depth: int) -> Iterable[Value]:
        if isinstance(assignment, ImportAssignment):
            source = self._index.code(assignment.node)
            label = Provenance.CONFIG if names.looks_like_config(source) else Provenance.IMPORTED
            return (Value(label, use),)
        target = assigned_node(assignment)
        if isinstance(target, cst.Param):
            return self._parameter(target, depth)
        bound = self._index.bindings.values.get(target) if target is not None else None
        if bound is None:
            return (Value(Provenance.UNKNOWN, use),)
        return self.resolve(bound, depth)

    def _parameter(self, param: cst.Param, depth: int) -> list[Value]:
        if param.default is None or param.star in ("*", "**"):
            return [Value(Provenance.PARAMETER, param)]
        defaults = self.resolve(param.default, depth)
        if all(value.provenance is Provenance.NONE for value in defaults):
            return [Value(Provenance.OPTIONAL_PARAMETER, param)]
        values = [Value(Provenance.PARAMETER, param)]
        for value in defaults:
            if value.provenance in TEXT_PROVENANCES:
                values.append(Value(Provenance.PARAMETER_DEFAULT, value.node, value.text))
            elif value.provenance is not Provenance.NONE:
                values.append(value)
        return values

    def _attribute(self, node: cst.Attribute, depth: int) -> list[Value]:
        attribute = node.attr.value
        if attribute in names.CREDENTIAL_ATTRIBUTES and (
            self._is_temporary_source(node.value, depth) or self._inside_credentials_class(node)
        ):
            return [Value(Provenance.TEMPORARY, node)]
        constants = self._class_attribute(node, depth)
        if constants is not None:
            return constants
        return [Value(self._label(node), node)]

    def _inside_credentials_class(self, node: cst.Attribute) -> bool:
        """`self.access_key` in a botocore-style Credentials class copies held keys."""
        owner = self._index.enclosing_class(node)
        return owner is not None and owner.name.value.endswith("Credentials")

    def _class_attribute(self, node: cst.Attribute, depth: int) -> list[Value] | None:
        owner = self._owner_class(node)
        if owner is None:
            return None
        bound = self._index.bindings.attributes.get((owner, node.attr.value))
        if not bound:
            return None
        return [value for expression in bound for value in self.resolve(expression, depth)]

    def _owner_class(self, node: cst.Attribute) -> cst.ClassDef | None:
        base = node.value
        if isinstance(base, cst.Name) and base.value in ("self", "cls"):
            return self._index.enclosing_class(node)
        if isinstance(base, cst.Name):
            for assignment in self._index.referents(base):
                target = assigned_node(assignment)
                if isinstance(target, cst.ClassDef):
                    return target
        return None

    # -- lookups and calls --------------------------------------------------------------

    def _lookup(self, node: cst.BaseExpression, depth: int) -> list[Value]:
        """`x["a"]["b"]` and `x.get("a")`: environment, STS, IAM or a dict constant."""
        base, keys = self._chain(node, depth)
        if self._is_environment(base):
            return [Value(Provenance.ENVIRONMENT, node)]
        if _is_temporary_chain(keys) or _called_method(base) in names.TEMPORARY_CALLS:
            return [Value(Provenance.TEMPORARY, node)]
        if names.CREATED_KEY_CONTAINERS & set(keys) or (
            _called_method(base) in names.CREATED_KEY_CALLS
        ):
            return [Value(Provenance.CREATED_ACCESS_KEY, node)]
        entries = self._dict_entry(base, keys, depth)
        if entries:
            return entries
        return [Value(self._label(node), node)]

    def _chain(self, node: cst.BaseExpression, depth: int) -> tuple[cst.BaseExpression, list[str]]:
        keys: list[str] = []
        current = node
        for _ in range(MAX_DEPTH - depth + 1):
            if isinstance(current, cst.Await):
                current = current.expression
                continue
            step = _lookup_step(current)
            if step is not None:
                current, key = step
                keys.insert(0, key)
                continue
            followed = self._single_binding(current)
            if followed is None or not isinstance(followed, (cst.Subscript, cst.Call)):
                break
            current = followed
        return current, keys

    def _single_binding(self, node: cst.BaseExpression) -> cst.BaseExpression | None:
        """The one expression a name (or `self.name`, or a local function's call) stands
        for, when there is exactly one."""
        returned = self._returns_of(node)
        if len(returned) == 1:
            return returned[0]
        if isinstance(node, cst.Attribute):
            owner = self._owner_class(node)
            bound = self._index.bindings.attributes.get((owner, node.attr.value)) if owner else None
            return bound[0] if bound and len(bound) == 1 else None
        if not isinstance(node, cst.Name):
            return None
        referents = self._index.referents(node)
        if len(referents) != 1:
            return None
        target = assigned_node(next(iter(referents)))
        return self._index.bindings.values.get(target) if target is not None else None

    def _dict_entry(self, base: cst.BaseExpression, keys: list[str], depth: int) -> list[Value]:
        if not keys or "?" in keys:
            return []
        candidates = [base] if isinstance(base, cst.Dict) else self._bound_dicts(base)
        found: list[Value] = []
        for mapping in candidates:
            entry = _dict_value(mapping, keys[0])
            if entry is None:
                continue
            if len(keys) == 1:
                found.extend(self.resolve(entry, depth))
            else:
                found.extend(self._dict_entry(entry, keys[1:], depth))
        return found

    def _bound_dicts(self, base: cst.BaseExpression) -> list[cst.Dict]:
        if not isinstance(base, cst.Name):
            return []
        dicts: list[cst.Dict] = []
        for assignment in self._index.referents(base):
            target = assigned_node(assignment)
            bound = self._index.bindings.values.get(target) if target is not None else None
            if isinstance(bound, cst.Dict):
                dicts.append(bound)
        return dicts

    def _call(self, node: cst.Call, depth: int) -> list[Value]:
        qualified = self._index.qualified_names(node.func)
        if qualified & names.ENVIRONMENT_GETTERS:
            return self._environment_get(node, depth)
        if "builtins.str" in qualified and len(node.args) == 1:
            return list(self.resolve(node.args[0].value, depth))
        if _called_method(node) == "get" and node.args:
            return self._lookup(node, depth)
        method = _called_method(node)
        if method in names.TEMPORARY_CALLS:
            return [Value(Provenance.TEMPORARY, node)]
        returned = self._returns_of(node)
        if returned:
            return [value for expression in returned for value in self.resolve(expression, depth)]
        return [Value(self._label(node), node)]

    def _returns_of(self, node: cst.BaseExpression) -> list[cst.BaseExpression]:
        """What a function of this module, called here by name, can return."""
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Name)):
            return []
        found: list[cst.BaseExpression] = []
        for assignment in self._index.referents(node.func):
            target = assigned_node(assignment)
            if isinstance(target, cst.FunctionDef):
                found.extend(self._index.bindings.returns.get(target, []))
        return found

    def _environment_get(self, node: cst.Call, depth: int) -> list[Value]:
        fallback = _fallback_argument(node)
        values = [Value(Provenance.ENVIRONMENT, node)]
        if fallback is None:
            return values
        for value in self.resolve(fallback, depth):
            if value.provenance in TEXT_PROVENANCES and value.text:
                values.append(Value(Provenance.ENVIRONMENT_FALLBACK, value.node, value.text))
            elif value.provenance not in TEXT_PROVENANCES | {Provenance.NONE}:
                values.append(value)
        return values

    # -- helpers ------------------------------------------------------------------------

    def _is_environment(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, (cst.Name, cst.Attribute)):
            return bool(self._index.qualified_names(node) & names.ENVIRONMENT_MAPPINGS)
        return False

    def _is_temporary_source(self, node: cst.BaseExpression, depth: int) -> bool:
        for _ in range(MAX_DEPTH - depth + 1):
            if _called_method(node) in names.TEMPORARY_CALLS:
                return True
            if isinstance(node, cst.Await):
                node = node.expression
                continue
            followed = self._single_binding(node)
            if followed is None:
                return False
            node = followed
        return False

    def _label(self, node: cst.BaseExpression) -> Provenance:
        """A label for a runtime value; every such value gets the same verdict."""
        code = self._index.code(node)
        # Fetching from a store is a call (`sm.get_secret_value(...)`); an attribute named
        # `secret_key` is only a name.
        if isinstance(node, cst.Call) and names.looks_like_secrets_store(code):
            return Provenance.SECRETS_STORE
        if self._root_is_parameter(node):
            return Provenance.PARAMETER
        if names.looks_like_config(code):
            return Provenance.CONFIG
        return Provenance.UNKNOWN

    def _root_is_parameter(self, node: cst.BaseExpression) -> bool:
        while isinstance(node, (cst.Attribute, cst.Subscript, cst.Call)):
            node = node.func if isinstance(node, cst.Call) else node.value
        if not isinstance(node, cst.Name) or node.value in ("self", "cls"):
            return False
        targets = [assigned_node(a) for a in self._index.referents(node)]
        return bool(targets) and all(isinstance(t, cst.Param) for t in targets)


def _literal(node: cst.SimpleString) -> Value:
    text = string_value(node)
    if text is None:
        return Value(Provenance.UNKNOWN, node)
    return Value(Provenance.LITERAL, node, text)


_TEXT_RANK = {
    Provenance.LITERAL: 0,
    Provenance.PARAMETER_DEFAULT: 1,
    Provenance.ENVIRONMENT_FALLBACK: 2,
}


def _join(node: cst.BaseExpression, left: Value, right: Value) -> Value:
    if left.text is None or left.provenance not in TEXT_PROVENANCES:
        return left
    if right.text is None or right.provenance not in TEXT_PROVENANCES:
        return right
    provenance = max(left.provenance, right.provenance, key=_TEXT_RANK.__getitem__)
    # A literal written in one piece keeps its own node, so its line is the literal's.
    where = right.node if left.text == "" else node
    return Value(provenance, where, left.text + right.text)


def _unique(values: list[Value]) -> list[Value]:
    seen: set[tuple[Provenance, str | None, int]] = set()
    kept: list[Value] = []
    for value in values:
        key = (value.provenance, value.text, id(value.node))
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def _lookup_step(node: cst.BaseExpression) -> tuple[cst.BaseExpression, str] | None:
    if isinstance(node, cst.Subscript):
        return node.value, subscript_key(node) or "?"
    if _called_method(node) == "get" and isinstance(node, cst.Call) and node.args:
        assert isinstance(node.func, cst.Attribute)
        text = string_value(node.args[0].value)
        return node.func.value, "?" if text is None else text
    return None


def _called_method(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Await):
        node = node.expression
    if isinstance(node, cst.Call):
        if isinstance(node.func, cst.Attribute):
            return node.func.attr.value
        if isinstance(node.func, cst.Name):
            return node.func.value
    return None


def _is_temporary_chain(keys: list[str]) -> bool:
    return bool(names.TEMPORARY_CONTAINERS & set(keys[:-1])) and keys[-1] in (
        names.TEMPORARY_FIELDS
    )


def _dict_value(mapping: cst.BaseExpression, key: str) -> cst.BaseExpression | None:
    if not isinstance(mapping, cst.Dict):
        return None
    for element in mapping.elements:
        if isinstance(element, cst.DictElement) and string_value(element.key) == key:
            return element.value
    return None


def _fallback_argument(node: cst.Call) -> cst.BaseExpression | None:
    for argument in node.args:
        if argument.keyword is not None and argument.keyword.value in ("default", "value"):
            return argument.value
    positional = [a for a in node.args if a.keyword is None and not a.star]
    return positional[1].value if len(positional) > 1 else None
