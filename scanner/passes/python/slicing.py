"""Inside a function the reducer keeps, only the statements a finding can depend on.

A function holding one client call is often a hundred lines of request handling, and
libcst's metadata costs by the node. What the analysis reads inside a function is narrow:
the calls that pass keys, the statements binding a name those calls (transitively) use,
every `return` (a caller may follow the function's result), every `self.x = ...` (the pass
follows `self.x` to each assignment in the class), imports and `global` declarations. The
rest goes, whole lines at a time; a block left empty gets a `pass`.

The slice is conservative where it is cheap to be: a name counts as bound by any statement
that stores it anywhere inside (also in a comprehension or nested function), every binding of
a needed name stays (so libcst's scope sees the same assignments, and a name bound once is
still bound once), compound statements other than `if`, `for`, `while`, `with` and `try`
are kept or dropped whole, and a statement sharing a line with another is never dropped.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from scanner.passes.python.signatures import MAPPING_MUTATORS

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = (*_FUNCTIONS, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass(frozen=True)
class Slice:
    """Lines to remove from a function, lines to turn into `pass`, and the nodes left."""

    dropped: tuple[tuple[int, int], ...]
    passes: tuple[int, ...]
    # The function's header parts and what remains of its body: its facts are theirs.
    kept: tuple[ast.AST, ...]


@dataclass(eq=False)
class _Unit:
    """A statement; for `if`, `for`, `while`, `with` and `try`, only its header, with the
    statements of its blocks as units of their own."""

    node: ast.stmt
    parent: _Unit | None
    roots: list[ast.AST]
    references: set[str]
    binds: set[str]
    # Names whose items or attributes are stored into.
    stores: set[str]
    anchor: bool
    blocks: list[list[_Unit]] = field(default_factory=list)
    kept: bool = False


def sliced(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
    lines: list[str],
    anchor: Callable[[ast.AST], bool],
) -> Slice | None:
    """The slice of `function` (`lines`: the module's, from line 1), or None when nothing
    would go. `anchor` says which nodes a finding needs in any case (a call that passes
    keys, say); the statements holding them stay, and what they depend on."""
    first, last = first_line(function), last_line(function)
    if any("\f" in lines[number - 1] for number in range(first, last + 1)):
        # libcst takes a block's indentation from its first statement, and counts a form
        # feed there as a column: a slice that changes the first statement moves columns.
        return None
    body = _units(function.body, None, lines, anchor)
    units = list(_walk(body))
    # Storing into an item or attribute of a module variable (`CONFIG["key"] = v`) changes
    # what a call elsewhere may read.
    declared, bound_at = _local_bindings(function)
    for unit in units:
        line = unit.node.lineno
        unit.anchor = unit.anchor or any(bound_at.get(n, line) >= line for n in unit.stores)
    _keep(units, declared)
    if all(unit.kept for unit in units):
        return None
    dropped: list[tuple[int, int]] = []
    passes: list[int] = []
    _cut(body, dropped, passes)
    header: list[ast.AST] = [*function.decorator_list, function.args]
    header += [function.returns] if function.returns is not None else []
    header += getattr(function, "type_params", [])
    kept = [root for unit in units if unit.kept for root in unit.roots]
    return Slice(tuple(dropped), tuple(passes), (*header, *kept))


def _units(
    statements: list[ast.stmt],
    parent: _Unit | None,
    lines: list[str],
    anchor: Callable[[ast.AST], bool],
) -> list[_Unit]:
    units: list[_Unit] = []
    for statement in statements:
        header, blocks = _parts(statement)
        roots: list[ast.AST] = [statement] if blocks is None else header
        nodes = [node for root in roots for node in ast.walk(root)]
        unit = _Unit(
            node=statement,
            parent=parent,
            roots=roots,
            references={node.id for node in nodes if isinstance(node, ast.Name)},
            binds=set(_bound(nodes)) | _handler_names(statement),
            stores=set(_stored_into(nodes)),
            anchor=any(anchor(node) for node in nodes) or not _alone(statement, lines),
        )
        if blocks is not None:
            unit.blocks = [_units(block, unit, lines, anchor) for block in blocks if block]
        units.append(unit)
    return units


def _parts(statement: ast.stmt) -> tuple[list[ast.AST], list[list[ast.stmt]] | None]:
    """The header's expressions and the blocks of a compound statement that is sliced;
    blocks None for one kept or dropped whole."""
    if isinstance(statement, (ast.If, ast.While)):
        return [statement.test], [statement.body, statement.orelse]
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        return [statement.target, statement.iter], [statement.body, statement.orelse]
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return list(statement.items), [statement.body]
    if isinstance(statement, ast.Try) or type(statement).__name__ == "TryStar":
        handlers: list[ast.ExceptHandler] = getattr(statement, "handlers", [])
        header: list[ast.AST] = [h.type for h in handlers if h.type is not None]
        blocks = [getattr(statement, "body", [])] + [h.body for h in handlers]
        blocks += [getattr(statement, "orelse", []), getattr(statement, "finalbody", [])]
        return header, blocks
    return [], None


def _handler_names(statement: ast.stmt) -> set[str]:
    handlers: list[ast.ExceptHandler] = getattr(statement, "handlers", [])
    return {h.name for h in handlers if h.name}


def _bound(nodes: list[ast.AST]) -> Iterator[str]:
    """Every name these nodes may bind or change: stored, imported, defined, declared, or
    the mapping or object an item or attribute is stored into."""
    yield from _stored_into(nodes)
    for node in nodes:
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            yield node.id
        elif isinstance(node, _DEFINITIONS):
            yield node.name
        elif isinstance(node, ast.alias):
            yield node.asname or node.name.split(".")[0]
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            yield from node.names
        elif isinstance(node, ast.arg):
            yield node.arg
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            yield node.name
        elif isinstance(node, ast.MatchMapping) and node.rest:
            yield node.rest
        elif isinstance(node, ast.ExceptHandler) and node.name:
            yield node.name


def writes_outside(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Does the function store into an item or attribute of a name that is not its own local
    there: a module variable (`CONFIG["key"] = v`), or one it binds only later, which
    libcst's scope analysis also takes for the module's?"""
    _, bound_at = _local_bindings(function)
    for node in ast.walk(function):
        for name in filled(node):
            line = getattr(node, "lineno", 0)
            if bound_at.get(name, line) >= line:
                return True
    return False


def _local_bindings(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
) -> tuple[set[str], dict[str, int]]:
    """The names the function declares `global` or `nonlocal`, and the line where it first
    binds each of its own locals (parameters at 0). A name used before that line is, to
    libcst's scope analysis, the module's (Python would raise UnboundLocalError)."""
    own = _own_scope(list(function.body))
    declared = {
        n for node in own if isinstance(node, (ast.Global, ast.Nonlocal)) for n in node.names
    }
    params = {node.arg for node in ast.walk(function.args) if isinstance(node, ast.arg)}
    bound_at = dict.fromkeys(params - declared, 0)
    for node in own:
        if isinstance(node, (ast.Subscript, ast.Attribute)) or filled(node):
            continue  # a store into an item or attribute binds no name, nor does update()
        for name in set(_bound([node])) - declared:
            line = getattr(node, "lineno", 0)
            bound_at[name] = min(bound_at.get(name, line), line)
    return declared, bound_at


def _own_scope(roots: list[ast.AST]) -> list[ast.AST]:
    """The nodes of `roots` that bind in the function's own scope: nothing inside a lambda, a
    comprehension or a nested definition (only the definition's name)."""
    found: list[ast.AST] = []
    pending = list(roots)
    while pending:
        node = pending.pop()
        found.append(node)
        if isinstance(node, (ast.Lambda, *_COMPREHENSIONS, *_DEFINITIONS)):
            continue
        pending.extend(ast.iter_child_nodes(node))
    return found


def _stored_into(nodes: list[ast.AST]) -> Iterator[str]:
    for node in nodes:
        yield from filled(node)


def filled(node: ast.AST) -> tuple[str, ...]:
    """The name whose item or attribute `node` stores into, or whose mapping it fills in
    place (`opts.update(...)`): such a statement changes what the name holds."""
    if isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, ast.Store):
        return base_names(node.value)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in MAPPING_MUTATORS
    ):
        return base_names(node.func.value)
    return ()


def base_names(node: ast.expr) -> tuple[str, ...]:
    """The name `a.b["c"].d` starts from (`a`), if it starts from one."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return (node.id,) if isinstance(node, ast.Name) else ()


def _alone(statement: ast.stmt, lines: list[str]) -> bool:
    """Does the statement have its lines to itself (no `;` neighbour, no `if x: y`)?"""
    first = first_line(statement)
    text = lines[first - 1]
    if len(text) - len(text.lstrip()) != statement.col_offset:
        return False
    last = lines[(statement.end_lineno or statement.lineno) - 1]
    # ast counts columns in UTF-8 bytes.
    end = len(last.encode("utf-8")[: statement.end_col_offset].decode("utf-8", "replace"))
    rest = last[end:].strip()
    return not rest or rest.startswith("#")


def _walk(units: list[_Unit]) -> Iterator[_Unit]:
    for unit in units:
        yield unit
        for block in unit.blocks:
            yield from _walk(block)


def _keep(units: list[_Unit], declared: set[str]) -> None:
    """Anchors, the blocks around them, and every binding of a name they use, to a fixed
    point; every binding of a name `declared` global, which a call elsewhere may read."""
    binders: dict[str, list[_Unit]] = {}
    for unit in units:
        for name in unit.binds:
            binders.setdefault(name, []).append(unit)
    pending: list[str] = list(declared)
    seen: set[str] = set()

    def keep(unit: _Unit | None) -> None:
        while unit is not None and not unit.kept:
            unit.kept = True
            pending.extend(unit.references - seen)
            unit = unit.parent

    for unit in units:
        if unit.anchor:
            keep(unit)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for unit in binders.get(name, ()):
            keep(unit)


def _cut(block: list[_Unit], dropped: list[tuple[int, int]], passes: list[int]) -> None:
    """Drop what is not kept; a block with nothing left keeps one line, as `pass`."""
    if not any(unit.kept for unit in block):
        first = block[0].node
        passes.append(first_line(first))
        if first_line(first) < last_line(first):
            dropped.append((first_line(first) + 1, last_line(first)))
        block = block[1:]
    for unit in block:
        if unit.kept:
            for inner in unit.blocks:
                _cut(inner, dropped, passes)
        else:
            dropped.append((first_line(unit.node), last_line(unit.node)))


def first_line(statement: ast.stmt) -> int:
    """A statement's first line, its decorators' included."""
    if not isinstance(statement, _DEFINITIONS):
        return statement.lineno
    return min([statement.lineno, *(d.lineno for d in statement.decorator_list)])


def last_line(statement: ast.stmt) -> int:
    return statement.end_lineno or statement.lineno
