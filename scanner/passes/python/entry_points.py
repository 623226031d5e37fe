"""Is this call an SDK entry point that accepts static credentials, and which one?"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from scanner.passes.python.index import ModuleIndex, assigned_node
from scanner.passes.python.signatures import (
    BOTOCORE_SESSION_METHODS,
    FUNCTIONS,
    INFERRED_METHODS,
    SESSION_FACTORIES,
    Signature,
    method_of_factory,
)

_MAX_DEPTH = 8
_INFERRED_NAMES = {
    "client": "boto3.Session.client",
    "resource": "boto3.Session.resource",
    "create_client": "botocore.session.Session.create_client",
    "set_credentials": "botocore.session.Session.set_credentials",
}


@dataclass(frozen=True)
class EntryPoint:
    name: str
    signature: Signature
    inferred: bool = False


def entry_point_of(call: cst.Call, index: ModuleIndex) -> EntryPoint | None:
    found = _named_entry_point(call.func, index)
    if found is not None:
        return found
    if isinstance(call.func, cst.Name):
        # `S = boto3.Session` and then `S(key, secret)`: the name stands for the entry point,
        # when every value it is given is one (`S = dict` later makes it something else).
        bound = _bound_values(call.func, index)
        entries = [_named_entry_point(v, index) if _dotted_name(v) else None for v in bound]
        if entries and all(entries):
            return entries[0]
    if isinstance(call.func, cst.Attribute):
        return _session_method(call, call.func, index)
    return None


def _dotted_name(node: cst.BaseExpression) -> bool:
    """`boto3.session.Session`: the only alias value the screens let through."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


def _named_entry_point(func: cst.BaseExpression, index: ModuleIndex) -> EntryPoint | None:
    for name in sorted(index.qualified_names(func)):
        if name in FUNCTIONS:
            return EntryPoint(name, FUNCTIONS[name])
        chained = method_of_factory(name)
        if chained is not None:
            return EntryPoint(*chained)
    return None


def _session_method(call: cst.Call, func: cst.Attribute, index: ModuleIndex) -> EntryPoint | None:
    method = func.attr.value
    if method not in INFERRED_METHODS:
        return None
    factory = receiver_factory(func.value, index)
    if factory is not None:
        methods = SESSION_FACTORIES[factory]
        return EntryPoint(f"{factory}.{method}", methods[method]) if method in methods else None
    if index.imports_sdk and _passes_keys(call, method):
        return EntryPoint(_INFERRED_NAMES[method], INFERRED_METHODS[method], inferred=True)
    return None


def _passes_keys(call: cst.Call, method: str) -> bool:
    """On an unknown receiver, only the SDK's own keyword names make the call the SDK's."""
    signature = INFERRED_METHODS[method]
    keywords = {a.keyword.value for a in call.args if a.keyword is not None}
    if keywords & set(signature.keywords):
        return True
    # set_credentials(access_key, secret_key) is unambiguous by name alone.
    return method in BOTOCORE_SESSION_METHODS and method != "create_client" and len(call.args) >= 2


def receiver_factory(node: cst.BaseExpression, index: ModuleIndex, depth: int = 0) -> str | None:
    """The qualified name of the session factory whose result `node` holds, if any."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, cst.Await):
        return receiver_factory(node.expression, index, depth + 1)
    if isinstance(node, cst.Call):
        names = sorted(index.qualified_names(node.func))
        return next((name for name in names if name in SESSION_FACTORIES), None)
    for bound in _bound_values(node, index):
        found = receiver_factory(bound, index, depth + 1)
        if found is not None:
            return found
    return None


def _bound_values(node: cst.BaseExpression, index: ModuleIndex) -> list[cst.BaseExpression]:
    if isinstance(node, cst.Name):
        targets = [assigned_node(a) for a in index.referents(node)]
        return [index.bindings.values[t] for t in targets if t in index.bindings.values]
    if _is_self_attribute(node):
        assert isinstance(node, cst.Attribute)
        owner = index.enclosing_class(node)
        if owner is not None:
            return index.bindings.attributes.get((owner, node.attr.value), [])
    return []


def _is_self_attribute(node: cst.BaseExpression) -> bool:
    return (
        isinstance(node, cst.Attribute)
        and isinstance(node.value, cst.Name)
        and node.value.value in ("self", "cls")
    )
