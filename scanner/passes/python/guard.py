"""Keep libcst away from input that would crash or stall it.

libcst's native parser overflows its stack (a segfault no `except` can catch) on a few
thousand nested brackets, and its metadata visitors recurse in Python. CPython's own parser
refuses more than 200 nested brackets with a clean SyntaxError and is far cheaper, so it
screens the text first; an iterative walk of its tree measures the nesting depth.
"""

from __future__ import annotations

import ast
import warnings

from scanner.passes.python.lowering import lowered

# Deeper than any hand-written expression; libcst's visitors stay inside the recursion
# limit. Statement nesting needs no bound: CPython's tokenizer caps indentation at 100.
MAX_DEPTH = 100
MAX_CHARACTERS = 2_000_000


class Refusal(Exception):
    """The file is not handed to libcst; `reason` and the message go into a notification."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def screen(code: str) -> ast.Module | None:
    """Raise Refusal when `code` is too large or too deeply nested for CPython to parse.

    Returns CPython's tree (of `lowering.lowered(code)` for type parameters, which has the
    same lines), or None when CPython cannot parse the code (newer syntax still, or a real
    error: libcst decides)."""
    if len(code) > MAX_CHARACTERS:
        raise Refusal("too-large", f"over {MAX_CHARACTERS} characters of Python: not parsed")
    try:
        return _parsed(code)
    except (SyntaxError, ValueError):
        pass
    # Newer syntax than this CPython's (type parameters): screen a rewrite of the same shape.
    rewritten = lowered(code)
    if rewritten is None:
        return None
    try:
        return _parsed(rewritten)
    except (SyntaxError, ValueError):
        return None


def _parsed(code: str) -> ast.Module:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(code)
    except RecursionError as error:
        raise Refusal("too-deeply-nested", "nesting too deep to parse safely") from error
    except (SyntaxError, ValueError) as error:
        if "too many nested" in str(error):
            raise Refusal("too-deeply-nested", "nesting too deep to parse safely") from error
        raise


def check_depth(tree: ast.AST) -> None:
    """Raise Refusal when expressions nest too deep for libcst's recursive visitors. Walking
    every node in Python costs about half as much as the parse, so only a module bound for
    libcst pays for it."""
    if expression_depth(tree) > MAX_DEPTH:
        raise Refusal("too-deeply-nested", f"expressions nested over {MAX_DEPTH} deep")


def expression_depth(tree: ast.AST) -> int:
    """The deepest nesting of expressions (a long `a + b + ...` chain nests too)."""
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        for child in ast.iter_child_nodes(node):
            stack.append((child, 0 if isinstance(child, ast.stmt) else level + 1))
    return deepest
