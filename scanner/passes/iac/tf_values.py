"""Terraform expressions as plain values the rules can inspect.

Literals, objects and tuples become str/int/bool/None, dicts and lists; a function call
becomes a `Call` (so `jsonencode({...})` keeps its argument's structure); anything else
(references, conditionals, loops) becomes its source text wrapped in `${...}`, the same
form `.tf.json` files use, so one set of helpers reads both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_WHOLE_EXPRESSION = re.compile(r"\A\$\{(.*)\}\Z", re.DOTALL)
_HEREDOC = re.compile(r"\A<<(-?)([A-Za-z][\w.-]*)\r?\n(.*?)[ \t]*\2\s*\Z", re.DOTALL)


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]


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
    import hcl2
    from hcl2.rules.base import AttributeRule

    tree = hcl2.parses(f"v = {text}\n")
    for child in tree.body.children:
        if isinstance(child, AttributeRule):
            return expression_value(child.expression)
    return "${" + text + "}"


def structured(value: Any) -> Any:
    """A `.tf.json` string that is one whole `${...}` call, parsed; anything else as is."""
    if isinstance(value, str):
        match = _WHOLE_EXPRESSION.match(value)
        if match and "(" in match.group(1):
            from lark.exceptions import LarkError

            try:
                return parse_expression(match.group(1))
            except (LarkError, RuntimeError, ValueError):
                # An expression hcl2 cannot read stays opaque text, as Terraform wrote it.
                return value
    return value
