"""Read a `.tf` file into TfBlocks, keeping the offsets python-hcl2's parse tree records."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scanner.passes.iac.line_table import LineTable
from scanner.passes.iac.located import TemplateError
from scanner.passes.iac.model import Site
from scanner.passes.iac.tf_blocks import TfAttribute, TfBlock, header_region, span_of
from scanner.passes.iac.tf_values import expression_value


def load_hcl(path: str, text: str) -> list[TfBlock]:
    with _collector_paused():
        return _blocks(path, text)


def _blocks(path: str, text: str) -> list[TfBlock]:
    import hcl2
    from lark.exceptions import LarkError

    try:
        tree = hcl2.parses(text)
    except RecursionError:
        # Valid HCL may nest deeper than the parser's recursion reaches: say so, not "invalid".
        raise TemplateError("nested too deeply for the HCL parser to read") from None
    except (LarkError, RuntimeError, ValueError) as error:
        # Lark's messages quote the offending token, which may be a key: give the place only.
        line, column = getattr(error, "line", "?"), getattr(error, "column", "?")
        raise TemplateError(f"not valid HCL at line {line}, column {column}") from error
    return _body(path, LineTable(text), tree.body)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """python-hcl2's tree is ~90 objects per resource, all alive until the blocks are read
    from it, so the cyclic collector's passes over them free nothing; on a file of 10,000
    resources they took half the time, and a growing share the larger the file."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _body(path: str, lines: LineTable, body: Any) -> list[TfBlock]:
    from hcl2.rules.base import AttributeRule, BlockRule

    blocks = []
    for child in body.children:
        if isinstance(child, BlockRule):
            blocks.append(_block(path, lines, child))
        elif isinstance(child, AttributeRule):
            # A top-level attribute is not valid Terraform but is valid HCL: keep it as a
            # nameless block so nothing it says is lost.
            holder = TfBlock("", (), Site(path, header_region(lines, _start(child))))
            holder.attributes.update(_attributes(path, lines, [child]))
            blocks.append(holder)
    return blocks


def _block(path: str, lines: LineTable, rule: Any) -> TfBlock:
    from hcl2.rules.base import AttributeRule, BlockRule

    labels = [_label(label) for label in rule.labels]
    block = TfBlock(labels[0], tuple(labels[1:]), Site(path, header_region(lines, _start(rule))))
    children = rule.body.children
    block.attributes.update(
        _attributes(path, lines, [c for c in children if isinstance(c, AttributeRule)])
    )
    block.blocks.extend(_block(path, lines, c) for c in children if isinstance(c, BlockRule))
    return block


def _attributes(path: str, lines: LineTable, rules: list[Any]) -> dict[str, TfAttribute]:
    attributes = {}
    for rule in rules:
        name = _label(rule.identifier)
        span = span_of(path, lines, _start(rule), _end(rule))
        attributes[name] = TfAttribute(name, expression_value(rule.expression), span)
    return attributes


def _label(rule: Any) -> str:
    from hcl2.utils import SerializationOptions

    value = rule.serialize(SerializationOptions(strip_string_quotes=True))
    return str(value)


# The parse tree's rules keep lark's Meta, which holds character offsets because the
# parser is built with propagate_positions; the public dict API drops them.
def _start(rule: Any) -> int:
    return int(rule._meta.start_pos)


def _end(rule: Any) -> int:
    return int(rule._meta.end_pos)
