"""Hand libcst only the part of a module that can hold a finding, every column kept.

libcst's scope and qualified-name metadata is most of the pass's cost, and it grows with the
size of the module. A call can only be reported when it passes credentials (a credential
keyword, a `**mapping` or credential positions: `relevance.passes_keys`), and its values are
only followed into what it names: module-level assignments, module functions (their return
values), classes (their constants) and the names those use in turn. So every other top-level
statement but those holding imports (also inside `try` or `if`: the SDK's import decides how
unknown receivers are read) is left out, whole lines at a time: columns stay those of the
file, a line map gives each kept line its number in the file, and the verdict on every call
that is kept is unchanged. (Blank lines in place of the dropped code would keep the numbering for
free, but libcst makes a node of every blank line and its metadata visits them all.) Inside
a class that stays, a method goes too unless it holds such a call, sets an attribute of
`self` or `cls` (the pass follows `self.x` to every assignment in the class), declares a
`global`, or is named in the class body. Inside each function and method that stays, only
the statements a finding can depend on are kept (`slicing.py`), so a function also names,
and keeps, less of the module; comment lines between module-level statements go too.

The file rules (`file_reads.py`) look at every call of the module, so what they can report
is kept too: every definition holding a sign of them (a credentials path, a `.env` loader,
`env_file`, the shared credentials file variable: `relevance.file_sign`), every definition
naming a module-level variable that such a statement assigns (the path read elsewhere), and,
when a `.env` load only matters if the module builds SDK clients, every call of an entry
point's name. No reduction for text with carriage returns (CPython and a split on newlines
would count lines differently).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from scanner.passes.python.relevance import (
    ENTRY_NAMES,
    assigned_entry_names,
    called_name,
    file_sign,
    imports_sdk,
    imports_settings,
    passes_keys,
)
from scanner.passes.python.slicing import (
    Slice,
    base_names,
    filled,
    first_line,
    last_line,
    sliced,
    writes_outside,
)

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = (*_FUNCTIONS, ast.ClassDef)


@dataclass(frozen=True)
class Reduction:
    """The code handed to libcst, and for each of its lines the file line it comes from."""

    code: str
    lines: tuple[int, ...]


@dataclass
class _Facts:
    """What one statement (or method) binds, names, imports and calls."""

    defines: set[str] = field(default_factory=set)
    references: set[str] = field(default_factory=set)
    calls: list[ast.Call] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    imports_sdk: bool = False
    # A module-level statement holding an import (also inside `try` or `if`).
    imports: bool = False
    sets_attribute: bool = False
    # `global NAME` in a method: it rebinds a module variable a call may read.
    declares_global: bool = False
    # The names declared `global` (in a definition, the module variables it may bind).
    globals: set[str] = field(default_factory=set)
    reads_files: bool = False
    # Names whose items are stored into (`CONFIG["key"] = value`).
    stores: set[str] = field(default_factory=set)
    # An import of pydantic: the file rules ask whether the module makes one anywhere.
    imports_settings: bool = False

    def copy(self) -> _Facts:
        return replace(
            self,
            defines=set(self.defines),
            references=set(self.references),
            calls=list(self.calls),
            aliases=set(self.aliases),
            globals=set(self.globals),
            stores=set(self.stores),
        )

    def add(self, other: _Facts) -> None:
        self.defines |= other.defines
        self.references |= other.references
        self.calls += other.calls
        self.aliases |= other.aliases
        self.imports_sdk = self.imports_sdk or other.imports_sdk
        self.reads_files = self.reads_files or other.reads_files
        self.imports_settings = self.imports_settings or other.imports_settings


@dataclass(frozen=True)
class _Seeds:
    """What makes a definition (or a method) one that a finding can come from."""

    # Entry points' names and the aliases the SDK is imported under.
    names: frozenset[str]
    # The SDK is only imported inside functions: keep those imports.
    local_imports: bool
    # Module-level variables assigned from a sign of the file rules.
    tainted: frozenset[str]
    # A `.env` load is reported only if the module builds clients: keep every such call.
    entry_calls: bool

    def hold(self, facts: _Facts) -> bool:
        return (
            facts.reads_files
            or facts.imports_settings
            or (self.local_imports and facts.imports_sdk)
            or not self.tainted.isdisjoint(facts.references)
            or any(self.call_matters(call) for call in facts.calls)
        )

    def call_matters(self, call: ast.Call) -> bool:
        if self.entry_calls and called_name(call.func) in self.names:
            return True
        return passes_keys(call, self.names)


@dataclass
class _Statement:
    """A top-level statement; for a class, its header and other items apart from its methods."""

    node: ast.stmt
    facts: _Facts
    methods: list[tuple[ast.stmt, _Facts]] = field(default_factory=list)
    # Holds a call that passes keys (or the SDK import the module needs).
    seed: bool = False

    def copy(self) -> _Statement:
        return _Statement(self.node, self.facts.copy(), list(self.methods), self.seed)

    def all_facts(self) -> Iterator[_Facts]:
        """The statement's facts, and each method's."""
        yield self.facts
        yield from (facts for _, facts in self.methods)

    def nodes(self) -> Iterator[ast.stmt]:
        """The statement, and its methods."""
        yield self.node
        yield from (method for method, _ in self.methods)


def reduced(code: str, tree: ast.Module, *, clients_matter: bool = True) -> Reduction | None:
    """`code` without the definitions no finding can depend on, or None when nothing would
    be dropped or the module must be analysed whole. `clients_matter`: whether a `.env` load
    is reported only in a module that builds SDK clients (`signatures.deals_with_aws_keys`
    decides otherwise from the text alone)."""
    if "\r" in code:
        return None
    statements = [_statement(node) for node in tree.body]
    seeds = _seeds(statements, clients_matter)
    text = code.split("\n")
    # Slicing only ever shrinks what a function names, so what would stay unsliced bounds
    # what can stay sliced: only those functions are worth slicing.
    unsliced = [statement.copy() for statement in statements]
    slices = _sliced_functions(statements, seeds, text, _staying(unsliced, seeds))
    methods = _dropped_methods(statements, seeds)
    needed = _needed(statements)
    dropped = [s.node for n, s in enumerate(statements) if n not in needed]
    # Only what stays is sliced: a dropped class takes its methods with it.
    staying = _staying(statements, seeds, methods, needed)
    slices = {node: cut for node, cut in slices.items() if node in staying}
    lines: list[str | None] = list(text)
    comments = _drop_between(lines, tree.body)
    if not dropped and not methods and not slices and not comments:
        return None
    for statement in methods:
        # A class must keep a body: the method's first line becomes `pass`, same indentation.
        _to_pass(lines, first_line(statement), _line(lines, statement.lineno))
        _drop(lines, statement, keep_first=True)
    for statement in dropped:
        _drop(lines, statement)
    for cut in slices.values():
        for number in cut.passes:
            _to_pass(lines, number, _line(lines, number))
        for first, last in cut.dropped:
            lines[first - 1 : last] = [None] * (last - first + 1)
    kept = [(number, line) for number, line in enumerate(lines, start=1) if line is not None]
    return Reduction(
        code="\n".join(line for _, line in kept),
        lines=tuple(number for number, _ in kept),
    )


def _staying(
    statements: list[_Statement],
    seeds: _Seeds,
    methods: list[ast.stmt] | None = None,
    needed: set[int] | None = None,
) -> set[ast.stmt]:
    """The statements and methods that stay (worked out here unless given)."""
    if methods is None or needed is None:
        methods = _dropped_methods(statements, seeds)
        needed = _needed(statements)
    staying = {node for n, s in enumerate(statements) if n in needed for node in s.nodes()}
    return staying - set(methods)


def _line(lines: list[str | None], number: int) -> str:
    line = lines[number - 1]
    assert line is not None, "methods never overlap, so a header is read before it goes"
    return line


def _drop(lines: list[str | None], statement: ast.stmt, *, keep_first: bool = False) -> None:
    for number in range(first_line(statement) + keep_first, last_line(statement) + 1):
        lines[number - 1] = None


def _drop_between(lines: list[str | None], statements: list[ast.stmt]) -> bool:
    """Lines outside every module-level statement hold only comments or nothing, and libcst
    makes nodes of those too: they go. Were there comments among them?"""
    covered = [False] * len(lines)
    for statement in statements:
        first, last = first_line(statement), last_line(statement)
        covered[first - 1 : last] = [True] * (last - first + 1)
    comments = False
    for number, inside in enumerate(covered):
        line = lines[number]
        # After a backslash at a line's end the next line, even blank, ends the statement.
        continued = number > 0 and (lines[number - 1] or "").endswith("\\")
        if not inside and line is not None and not continued:
            comments = comments or bool(line.strip())
            lines[number] = None
    return comments


def _to_pass(lines: list[str | None], number: int, indented: str) -> None:
    """Line `number` becomes `pass`, indented as `indented` is."""
    lines[number - 1] = indented[: len(indented) - len(indented.lstrip())] + "pass"


def _sliced_functions(
    statements: list[_Statement], seeds: _Seeds, text: list[str], candidates: set[ast.stmt]
) -> dict[ast.stmt, Slice]:
    """Slice each module function and each method of a module class (`slicing.py`), and
    give it the facts of what is left, so that it names, and keeps, less of the module."""

    def anchor(node: ast.AST) -> bool:
        if isinstance(node, ast.Call):
            return seeds.call_matters(node) or _fills_self(node)
        if isinstance(node, ast.Return):
            return node.value is not None
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            return _is_self(node.value)
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            return _is_self_based(node.value)  # `self.opts["key"] = v`: other methods read it
        return isinstance(node, (ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal))

    slices: dict[ast.stmt, Slice] = {}

    def slice_one(node: ast.stmt, facts: _Facts) -> _Facts:
        # What the file rules read is followed forward too (a path into `open`): whole.
        if node not in candidates or not isinstance(node, _FUNCTIONS) or facts.reads_files:
            return facts
        if not seeds.tainted.isdisjoint(facts.references):
            return facts
        cut = sliced(node, text, anchor)
        if cut is None:
            return facts
        slices[node] = cut
        kept = _Facts(defines={node.name})
        for root in cut.kept:
            for inner in ast.walk(root):
                _note(inner, kept, definition=True)
        return kept

    for statement in statements:
        statement.facts = slice_one(statement.node, statement.facts)
        statement.methods = [(node, slice_one(node, facts)) for node, facts in statement.methods]
    return slices


def _seeds(statements: list[_Statement], clients_matter: bool) -> _Seeds:
    every = [s.facts for s in statements] + [f for s in statements for _, f in s.methods]
    module_level = [s.facts for s in statements if not isinstance(s.node, _DEFINITIONS)]
    # A function or method binds module variables only through `global`.
    in_definitions = [
        (facts, facts.globals)
        for s in statements
        if isinstance(s.node, _DEFINITIONS)
        for facts in s.all_facts()
    ]
    return _Seeds(
        names=frozenset(ENTRY_NAMES.union(*(f.aliases for f in every))),
        # `index.imports_sdk` lets a method on an unknown receiver count as the SDK's: keep
        # an import of the SDK made inside a function when the module makes none outside.
        local_imports=not any(f.imports_sdk for f in module_level),
        tainted=_tainted([(f, f.defines) for f in module_level] + in_definitions),
        entry_calls=clients_matter and any(f.reads_files for f in every),
    )


def _tainted(binders: list[tuple[_Facts, set[str]]]) -> frozenset[str]:
    """Module variables assigned from a sign of the file rules, or from such a name in turn
    (`CREDENTIALS = os.path.join(HOME, AWS_DIR, "credentials")`): each pair is a statement's
    facts and the module variables it may bind (for a definition, those it declares
    `global`)."""
    tainted: set[str] = set()
    changed = True
    while changed:
        changed = False
        for facts, binds in binders:
            marked = facts.reads_files or not tainted.isdisjoint(facts.references)
            if marked and not binds <= tainted:
                tainted |= binds
                changed = True
    return frozenset(tainted)


def _dropped_methods(statements: list[_Statement], seeds: _Seeds) -> list[ast.stmt]:
    """The methods no finding needs; each class's facts take in those of the methods kept."""
    dropped: list[ast.stmt] = []
    for statement in statements:
        kept = _kept_methods(statement, seeds)
        for node, facts in statement.methods:
            if node in kept:
                statement.facts.add(facts)
            else:
                dropped.append(node)
        statement.seed = seeds.hold(statement.facts)
    return dropped


def _kept_methods(statement: _Statement, seeds: _Seeds) -> set[ast.stmt]:
    kept = {
        node
        for node, facts in statement.methods
        if facts.sets_attribute
        or facts.declares_global
        or seeds.hold(facts)
        # It fills a module variable's mapping (`CONFIG["key"] = v`) that a call may read.
        or (facts.stores and isinstance(node, _FUNCTIONS) and writes_outside(node))
    }
    named = set(statement.facts.references)
    for node, facts in statement.methods:
        if node in kept:
            named |= facts.references
    while True:
        more = {n for n, _ in statement.methods if n not in kept and _name(n) in named}
        if not more:
            return kept
        kept |= more
        for node, facts in statement.methods:
            if node in more:
                named |= facts.references


def _needed(statements: list[_Statement]) -> set[int]:
    """Indexes of the statements to keep: every one holding an import, every seed
    (`_dropped_methods`), whatever defines a name those use, and whatever shares a line with
    a statement kept."""
    definers: dict[str, list[int]] = {}
    for n, statement in enumerate(statements):
        for name in statement.facts.defines:
            definers.setdefault(name, []).append(n)
    reached = {
        n
        for n, s in enumerate(statements)
        if s.seed or (s.facts.imports and not isinstance(s.node, _DEFINITIONS))
    }
    pending = [name for n in reached for name in statements[n].facts.references]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for n in definers.get(name, ()):
            if n not in reached:
                reached.add(n)
                pending.extend(statements[n].facts.references)
    return _with_shared_lines(statements, reached)


def _with_shared_lines(statements: list[_Statement], kept: set[int]) -> set[int]:
    """`import boto3; KEY = "..."; n = 2`: lines are dropped whole, so a statement on a line
    with one that stays must stay too."""
    lines = {
        line
        for n in kept
        for line in range(first_line(statements[n].node), last_line(statements[n].node) + 1)
    }
    for n, statement in enumerate(statements):
        first, last = first_line(statement.node), last_line(statement.node)
        if n not in kept and (first in lines or last in lines):
            kept.add(n)
    return kept


def _statement(node: ast.stmt) -> _Statement:
    if not isinstance(node, ast.ClassDef):
        return _Statement(node, _facts([node], definition=isinstance(node, _DEFINITIONS)))
    methods = [m for m in node.body if isinstance(m, _FUNCTIONS)]
    rest: list[ast.AST] = [m for m in node.body if not isinstance(m, _FUNCTIONS)]
    rest += [*node.bases, *node.keywords, *node.decorator_list]
    facts = _facts(rest, definition=True)
    facts.defines.add(node.name)
    return _Statement(node, facts, [(m, _facts([m], definition=True)) for m in methods])


def _facts(roots: list[ast.AST], *, definition: bool) -> _Facts:
    """Names bound inside a function or class are its own, unless declared global."""
    facts = _Facts()
    for root in roots:
        if isinstance(root, _DEFINITIONS):
            facts.defines.add(root.name)
        for node in ast.walk(root):
            _note(node, facts, definition)
    return facts


def _note(node: ast.AST, facts: _Facts, definition: bool) -> None:
    if file_sign(node) is not None:
        facts.reads_files = True
    if isinstance(node, _DEFINITIONS) and not definition:
        # A definition inside a module-level `if` or `try` binds a module-level name.
        facts.defines.add(node.name)
    if isinstance(node, ast.Name):
        facts.references.add(node.id)
        if isinstance(node.ctx, ast.Store) and not definition:
            facts.defines.add(node.id)
    elif isinstance(node, ast.Call):
        facts.calls.append(node)
        # `CONFIG.update(key=value)` fills the mapping bound to CONFIG; `self.opts.update()`
        # one that the class's other methods read.
        facts.defines.update(filled(node))
        facts.stores.update(filled(node))
        facts.sets_attribute = facts.sets_attribute or _fills_self(node)
    elif isinstance(node, (ast.Assign, ast.AnnAssign)):
        facts.aliases.update(assigned_entry_names(node))
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
        facts.defines.update(node.names)
        if isinstance(node, ast.Global):
            facts.declares_global = True
            facts.globals.update(node.names)
    elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
        # Names bound as plain strings, not Name nodes: `except E as e`, `case [*rest]`.
        if node.name and not definition:
            facts.defines.add(node.name)
    elif isinstance(node, ast.MatchMapping):
        if node.rest and not definition:
            facts.defines.add(node.rest)
    elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
        # `CONFIG["key"] = value` adds to the mapping bound to CONFIG.
        facts.defines.update(base_names(node.value))
        facts.stores.update(base_names(node.value))
        facts.sets_attribute = facts.sets_attribute or _is_self_based(node.value)
    elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
        facts.sets_attribute = facts.sets_attribute or _is_self(node.value)
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        if not definition:
            facts.imports = True
            facts.defines.update(_bound_by_import(node))
        facts.imports_settings = facts.imports_settings or imports_settings(node)
        if imports_sdk(node):
            facts.imports_sdk = True
            facts.aliases.update(a.asname for a in node.names if a.asname)


def _fills_self(node: ast.Call) -> bool:
    """`self.opts.update(...)`: fills a mapping the class's other methods read."""
    return (
        isinstance(node.func, ast.Attribute)
        and bool(filled(node))
        and _is_self_based(node.func.value)
    )


def _is_self_based(node: ast.expr) -> bool:
    """`self.opts` or `cls.opts[...]`: an attribute of the instance or class, at any depth."""
    return any(name in ("self", "cls") for name in base_names(node))


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("self", "cls")


def _name(node: ast.stmt) -> str | None:
    return node.name if isinstance(node, _DEFINITIONS) else None


def _bound_by_import(node: ast.Import | ast.ImportFrom) -> Iterable[str]:
    for alias in node.names:
        yield alias.asname or alias.name.split(".")[0]
