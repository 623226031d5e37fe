"""Terraform expressions as plain values the rules can inspect.

Literals, objects and tuples become str/int/bool/None, dicts and lists; a function call
becomes a `Call` (so `jsonencode({...})` keeps its argument's structure); anything else
(references, conditionals, loops) becomes its source text wrapped in `${...}`, the same
form `.tf.json` files use, so one set of helpers reads both.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_HEREDOC = re.compile(r"\A<<(-?)([A-Za-z][\w.-]*)\r?\n(.*?)[ \t]*\2\s*\Z", re.DOTALL)


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class ForExpression:
    """`[for v in iterable : value if ...]` or `{for k, v in iterable : key => value if ...}`:
    `names` are the one or two names it binds, `key` is None for a list."""

    names: tuple[str, ...]
    iterable: Any
    key: Any
    value: Any


def expression_value(rule: Any) -> Any:
    from hcl2.rules.containers import ObjectRule, TupleRule
    from hcl2.rules.expressions import ExprTermRule
    from hcl2.rules.functions import FunctionCallRule
    from hcl2.rules.literal_rules import FloatLitRule, IntLitRule, LiteralValueRule
    from hcl2.rules.strings import HeredocTemplateRule, StringRule

    if isinstance(rule, ExprTermRule):
        return expression_value(rule.expression)
    if isinstance(rule, ObjectRule):
        return {
            str(element.key.serialize(_options())): expression_value(element.expression)
            for element in rule.elements
        }
    if isinstance(rule, TupleRule):
        return [expression_value(element) for element in rule.elements]
    if isinstance(rule, FunctionCallRule):
        name = "::".join(str(part.serialize(_options())) for part in rule.identifiers)
        arguments = rule.arguments
        args = () if arguments is None else arguments.arguments
        return Call(name, tuple(expression_value(arg) for arg in args))
    if isinstance(rule, HeredocTemplateRule):
        return heredoc_text(str(rule.heredoc.value))
    if isinstance(rule, (StringRule, LiteralValueRule, IntLitRule)):
        return rule.serialize(_options())
    if isinstance(rule, FloatLitRule):
        return rule.serialize(_options())
    text = str(rule.serialize(_options()))
    return text if text.startswith("${") else "${" + text + "}"


def heredoc_text(token: str) -> str:
    """The value of a heredoc token (`<<EOT` or indented `<<-EOT`), as Terraform reads it.

    Done here because python-hcl2 8 returns `<<-` bodies with quotes still escaped.
    """
    match = _HEREDOC.match(token)
    if match is None:
        return token
    trim, body = match.group(1) == "-", match.group(3)
    lines = body.split("\n")
    if lines and not lines[-1].strip():
        lines.pop()
    if trim:
        margins = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
        margin = min(margins, default=0)
        lines = [line[margin:] for line in lines]
    return "\n".join(lines)


def _options() -> Any:
    from hcl2.utils import SerializationOptions

    return SerializationOptions(
        with_comments=False, strip_string_quotes=True, preserve_heredocs=False
    )


def parse_expression(text: str) -> Any:
    """The value of one HCL expression given as text, as in a `.tf.json` "${...}" string."""
    rule = _expression_rule(text)
    return "${" + text + "}" if rule is None else expression_value(rule)


def _expression_rule(text: str) -> Any:
    import hcl2
    from hcl2.rules.base import AttributeRule

    tree = hcl2.parses(f"v = {text}\n")
    for child in tree.body.children:
        if isinstance(child, AttributeRule):
            return child.expression
    return None


def structured(value: Any) -> Any:
    """A `.tf.json` string that is one whole `${...}` call, parsed; anything else as is."""
    if isinstance(value, str) and "(" in value:
        return reparsed(value)
    return value


def reparsed(value: Any) -> Any:
    """A string that is one whole `${...}` expression, parsed (`.tf.json` writes lists, objects
    and calls that way); anything else as is."""
    source = expression_source(value)
    if source is None:
        return value
    from lark.exceptions import LarkError

    try:
        return parse_expression(source)
    except (LarkError, RuntimeError, ValueError):
        # An expression hcl2 cannot read stays opaque text, as Terraform wrote it.
        return value


def expression_source(value: Any) -> str | None:
    """The source of a string that is one whole `${...}` expression.

    A template such as `"${a}-${b}"` builds a new string rather than being one expression."""
    if not (isinstance(value, str) and value.startswith("${") and value.endswith("}")):
        return None
    depth = 0
    for character in value[1:-1]:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth == 0:
            return None
    return value[2:-1]


def conditional_branches(value: Any) -> tuple[Any, Any] | None:
    """The two results of a whole `${cond ? a : b}` expression, None for anything else."""
    source = expression_source(value)
    if source is None or "?" not in source:
        return None
    from hcl2.rules.expressions import ConditionalRule

    rule = _outermost(source)
    if not isinstance(rule, ConditionalRule):
        return None
    return expression_value(rule.if_true), expression_value(rule.if_false)


def _outermost(source: str) -> Any:
    """The parse tree of an expression, parentheses around it taken off; None if hcl2 cannot
    read it."""
    from hcl2.rules.expressions import ExprTermRule
    from lark.exceptions import LarkError

    try:
        rule = _expression_rule(source)
    except (LarkError, RuntimeError, ValueError):
        return None
    while isinstance(rule, ExprTermRule):
        rule = rule.expression
    return rule


def for_expression(value: Any) -> ForExpression | None:
    """The parts of a whole `${[for ...]}` or `${{for ...}}` expression."""
    source = expression_source(value)
    if source is None or not source.lstrip().startswith(("[", "{")) or "for" not in source:
        return None
    from hcl2.rules.for_expressions import ForObjectExprRule, ForTupleExprRule

    rule = _outermost(source)
    if not isinstance(rule, (ForObjectExprRule, ForTupleExprRule)):
        return None
    intro = rule.for_intro
    iterators = (intro.first_iterator, intro.second_iterator)
    names = tuple(str(name.serialize(_options())) for name in iterators if name is not None)
    key = expression_value(rule.key_expr) if isinstance(rule, ForObjectExprRule) else None
    return ForExpression(
        names, expression_value(intro.iterable), key, expression_value(rule.value_expr)
    )


def hcl_text(value: Any) -> str:
    """HCL source text for a value, so that it can stand inside another expression's text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(hcl_text(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{json.dumps(str(key))} = {hcl_text(item)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    if isinstance(value, Call):
        return f"{value.name}({', '.join(hcl_text(arg) for arg in value.args)})"
    source = expression_source(value)
    return json.dumps(str(value)) if source is None else f"({source})"
