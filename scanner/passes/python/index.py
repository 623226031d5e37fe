"""One walk over a module that records what value analysis needs, with libcst metadata.

The visitor keeps libcst's own scope and qualified-name analysis (no scope tracking of its
own) and adds the one thing libcst does not record: which expression each binding was given.
Metadata is only available while the wrapper visits, so the analysis runs from
`leave_Module` through the `on_module` callback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import (
    Assignment,
    BaseAssignment,
    CodeRange,
    ImportAssignment,
    MetadataWrapper,
    PositionProvider,
    Scope,
    ScopeProvider,
)

from scanner.passes.python.literals import string_value
from scanner.passes.python.signatures import MAPPING_MUTATORS, SDK_MODULES


@dataclass
class Bindings:
    """What the module assigns, keyed by the nodes libcst's scope analysis hands back."""

    # Target Name (or Param) -> the expression bound to it.
    values: dict[cst.CSTNode, cst.BaseExpression] = field(default_factory=dict)
    # `opts["key"] = value`, `opts.update(key=value)`, `opts.setdefault("key", value)`: keyed
    # by the assignment that created `opts`.
    items: dict[BaseAssignment, list[tuple[str, cst.BaseExpression]]] = field(default_factory=dict)
    # `opts.update(mapping)`: the mappings merged into the one an assignment created.
    merged: dict[BaseAssignment, list[cst.BaseExpression]] = field(default_factory=dict)
    # The same for `self.opts` in a class's methods: `self.opts["key"] = value`,
    # `self.opts.update(...)`, keyed by class and attribute name.
    attribute_items: dict[tuple[cst.ClassDef, str], list[tuple[str, cst.BaseExpression]]] = field(
        default_factory=dict
    )
    attribute_merged: dict[tuple[cst.ClassDef, str], list[cst.BaseExpression]] = field(
        default_factory=dict
    )
    # Class body constants and `self.name = value` in its methods.
    attributes: dict[tuple[cst.ClassDef, str], list[cst.BaseExpression]] = field(
        default_factory=dict
    )
    # What each function of the module returns, so a local helper's result can be followed.
    returns: dict[cst.FunctionDef, list[cst.BaseExpression]] = field(default_factory=dict)
    # Statements assigning an item of a mapping: (statement, target subscript, value).
    item_statements: list[tuple[cst.CSTNode, cst.Subscript, cst.BaseExpression]] = field(
        default_factory=list
    )


class ModuleIndex(cst.CSTVisitor):
    # Positions are not among them: libcst computes them for every node with a full code
    # generation pass (a quarter of the metadata's cost), and only a module with findings
    # needs any. `position` computes them on first use.
    # Nor are qualified names: libcst's QualifiedNameProvider walks the whole module again to
    # attach a lazy value to every node, where the analysis asks about a few hundred;
    # `qualified_names` asks the scope the same question on demand.
    METADATA_DEPENDENCIES = (ScopeProvider,)

    def __init__(self, on_module: Callable[[ModuleIndex], None]) -> None:
        super().__init__()
        self.module: cst.Module | None = None
        self.calls: list[cst.Call] = []
        self.classes: list[cst.ClassDef] = []
        self.bindings = Bindings()
        self.imported: set[str] = set()
        self._frames: list[cst.CSTNode] = []
        self._attribute_owners: dict[cst.Attribute, cst.ClassDef] = {}
        self._on_module = on_module
        self._positions: Mapping[cst.CSTNode, CodeRange] | None = None
        # Every node's place in the walk, which visits nodes in the order of the text.
        self._order: dict[cst.CSTNode, int] = {}
        self._qualified: dict[cst.CSTNode, frozenset[str]] = {}

    # -- metadata accessors used by the analysis --------------------------------------

    def qualified_names(self, node: cst.CSTNode) -> frozenset[str]:
        if node not in self._qualified:
            scope: Scope | None = self.get_metadata(ScopeProvider, node, None)
            names = scope.get_qualified_names_for(node) if scope is not None else ()
            self._qualified[node] = frozenset(name.name for name in names)
        return self._qualified[node]

    def position(self, node: cst.CSTNode) -> CodeRange:
        if self._positions is None:
            assert self.module is not None, "positions are asked for during the visit"
            # The same node objects as this visit's: no copy of the module is made.
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._positions = wrapper.resolve(PositionProvider)
        return self._positions[node]

    def referents(self, name: cst.Name) -> list[BaseAssignment]:
        """The assignments `name` may refer to, in the order of the module's text: libcst
        hands them over as a set, whose order changes from run to run, and the first of
        several equal values decides a finding's message."""
        scope: Scope | None = self.get_metadata(ScopeProvider, name, None)
        if scope is None:
            return []
        found: set[BaseAssignment] = set()
        for access in scope.accesses[name]:
            # The scope lists every access of this name; keep this node's own.
            if access.node is name:
                found |= set(access.referents)
        return sorted(found, key=self._text_order)

    def _text_order(self, assignment: BaseAssignment) -> tuple[int, str]:
        node = getattr(assignment, "node", None)
        # Builtins have no node: after the module's own, by name.
        place = self._order.get(node, len(self._order)) if node is not None else len(self._order)
        return place, assignment.name

    def comes_after(self, node: cst.CSTNode, anchor: cst.CSTNode) -> bool:
        """Whether `node` is met after `anchor` in the same scope: a mapping filled after
        the call that unpacks it did not reach that call (a loop around both aside)."""
        scope = self.get_metadata(ScopeProvider, node, None)
        if scope is None or scope is not self.get_metadata(ScopeProvider, anchor, None):
            return False
        return self._order.get(node, -1) > self._order.get(anchor, -1)

    def enclosing_class(self, node: cst.Attribute) -> cst.ClassDef | None:
        """The class whose `self.x` or `cls.x` this attribute is."""
        return self._attribute_owners.get(node)

    def code(self, node: cst.CSTNode) -> str:
        assert self.module is not None
        return self.module.code_for_node(node)

    @property
    def imports_sdk(self) -> bool:
        return any(name.split(".")[0] in SDK_MODULES for name in self.imported)

    # -- collection ---------------------------------------------------------------------

    def on_visit(self, node: cst.CSTNode) -> bool:
        self._order[node] = len(self._order)
        return super().on_visit(node)

    def visit_Module(self, node: cst.Module) -> None:
        self.module = node

    def leave_Module(self, original_node: cst.Module) -> None:
        self._on_module(self)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            self.imported.add(_dotted(alias.name))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.module is not None and not node.relative:
            self.imported.add(_dotted(node.module))

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in MAPPING_MUTATORS:
            self._mutate(func.value, func.attr.value, node.args)

    def _mutate(self, mapping: cst.BaseExpression, method: str, args: Sequence[cst.Arg]) -> None:
        """`opts.update(...)` / `opts.setdefault(...)`: entries of the mapping `opts` holds
        (or `self.opts`, for the class)."""
        items: list[tuple[str, cst.BaseExpression]] = []
        merged: list[cst.BaseExpression] = []
        if method == "setdefault":
            key = string_value(args[0].value) if len(args) == 2 and not args[0].star else None
            if key is not None and args[1].keyword is None:
                items.append((key, args[1].value))
        else:
            for argument in args:
                if argument.keyword is not None:
                    items.append((argument.keyword.value, argument.value))
                elif argument.star != "*":
                    merged.append(argument.value)
        if isinstance(mapping, cst.Name):
            for assignment in self.referents(mapping):
                self.bindings.items.setdefault(assignment, []).extend(items)
                self.bindings.merged.setdefault(assignment, []).extend(merged)
        elif (attribute := self._self_attribute(mapping)) is not None:
            self.bindings.attribute_items.setdefault(attribute, []).extend(items)
            self.bindings.attribute_merged.setdefault(attribute, []).extend(merged)

    def _self_attribute(self, node: cst.BaseExpression) -> tuple[cst.ClassDef, str] | None:
        """(class, name) for `self.name` or `cls.name` inside a class's methods."""
        if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name)):
            return None
        if node.value.value not in ("self", "cls"):
            return None
        owner = self._current_class()
        return None if owner is None else (owner, node.attr.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node)
        self._frames.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._frames.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._frames.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._frames.pop()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name) and node.value.value in ("self", "cls"):
            owner = self._current_class()
            if owner is not None:
                self._attribute_owners[node] = owner

    def visit_Return(self, node: cst.Return) -> None:
        function = self._frames[-1] if self._frames else None
        if node.value is not None and isinstance(function, cst.FunctionDef):
            self.bindings.returns.setdefault(function, []).append(node.value)

    def visit_Param(self, node: cst.Param) -> None:
        if node.default is not None:
            self.bindings.values[node] = node.default

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(node, target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node, node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        # `opts |= {...}` merges a mapping into opts: read as another value bound to it.
        if not isinstance(node.operator, cst.BitOrAssign):
            return
        if isinstance(node.target, cst.Name):
            self.bindings.values[node.target] = node.value
        elif (attribute := self._self_attribute(node.target)) is not None:
            self.bindings.attribute_merged.setdefault(attribute, []).append(node.value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node, node.target, node.value)

    def _bind(
        self, statement: cst.CSTNode, target: cst.BaseExpression, value: cst.BaseExpression
    ) -> None:
        if isinstance(target, cst.Name):
            self.bindings.values[target] = value
            self._class_constant(target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List)):
            self._bind_unpacked(statement, target, value)
        elif isinstance(target, cst.Subscript):
            self._bind_item(statement, target, value)
        elif isinstance(target, cst.Attribute):
            self._bind_self_attribute(target, value)

    def _bind_unpacked(
        self, statement: cst.CSTNode, target: cst.Tuple | cst.List, value: cst.Tuple | cst.List
    ) -> None:
        targets = [element.value for element in target.elements]
        values = [element.value for element in value.elements]
        elements = (*target.elements, *value.elements)
        starred = any(isinstance(element, cst.StarredElement) for element in elements)
        if len(targets) == len(values) and not starred:
            for one_target, one_value in zip(targets, values, strict=True):
                self._bind(statement, one_target, one_value)

    def _bind_item(
        self, statement: cst.CSTNode, target: cst.Subscript, value: cst.BaseExpression
    ) -> None:
        self.bindings.item_statements.append((statement, target, value))
        key = subscript_key(target)
        if key is None:
            return
        if isinstance(target.value, cst.Name):
            for assignment in self.referents(target.value):
                self.bindings.items.setdefault(assignment, []).append((key, value))
        elif (attribute := self._self_attribute(target.value)) is not None:
            self.bindings.attribute_items.setdefault(attribute, []).append((key, value))

    def _bind_self_attribute(self, target: cst.Attribute, value: cst.BaseExpression) -> None:
        if not (isinstance(target.value, cst.Name) and target.value.value in ("self", "cls")):
            return
        owner = self._current_class()
        if owner is not None:
            self.bindings.attributes.setdefault((owner, target.attr.value), []).append(value)

    def _current_class(self) -> cst.ClassDef | None:
        return next((f for f in reversed(self._frames) if isinstance(f, cst.ClassDef)), None)

    def _class_constant(self, name: str, value: cst.BaseExpression) -> None:
        if self._frames and isinstance(self._frames[-1], cst.ClassDef):
            key = (self._frames[-1], name)
            self.bindings.attributes.setdefault(key, []).append(value)


def subscript_key(node: cst.Subscript) -> str | None:
    """The string key of `x["key"]`, or None for anything else."""
    if len(node.slice) != 1:
        return None
    index = node.slice[0].slice
    return string_value(index.value) if isinstance(index, cst.Index) else None


def is_import(assignment: BaseAssignment) -> bool:
    return isinstance(assignment, ImportAssignment)


def assigned_node(assignment: BaseAssignment) -> cst.CSTNode | None:
    return assignment.node if isinstance(assignment, Assignment) else None


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""
