"""The Terraform configuration of one module as blocks and attributes with positions.

`.tf` files go through python-hcl2's parse tree (its block and attribute rules carry
their character offsets; version 8 no longer adds line numbers to the dict it returns) and
`.tf.json` files through the located JSON reader, so both end up as the same records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from scanner.models import Region
from scanner.passes.iac.line_table import LineTable
from scanner.passes.iac.model import Site


@dataclass(frozen=True)
class Span:
    """An attribute's place in its file: `text` is the source slice it was read from."""

    site: Site
    text: str = ""
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class TfAttribute:
    name: str
    value: Any
    span: Span

    @property
    def site(self) -> Site:
        return self.span.site


@dataclass
class TfBlock:
    """`type` is the block keyword (resource, data, provider, ...) or a nested block name."""

    type: str
    labels: tuple[str, ...]
    site: Site
    attributes: dict[str, TfAttribute] = field(default_factory=dict)
    blocks: list[TfBlock] = field(default_factory=list)

    @property
    def address(self) -> str:
        if self.type == "resource":
            return ".".join(self.labels)
        return ".".join((self.type, *self.labels))

    def get(self, name: str) -> Any:
        attribute = self.attributes.get(name)
        return None if attribute is None else attribute.value

    def children(self, name: str) -> list[TfBlock]:
        """Nested blocks called `name`; in `.tf.json` they arrive as objects or lists."""
        found = [block for block in self.blocks if block.type == name]
        attribute = self.attributes.get(name)
        if attribute is not None:
            found.extend(_pseudo_blocks(name, attribute))
        return found

    def walk(self) -> Iterator[TfBlock]:
        yield self
        for block in self.blocks:
            yield from block.walk()


def _pseudo_blocks(name: str, attribute: TfAttribute) -> list[TfBlock]:
    values = attribute.value if isinstance(attribute.value, list) else [attribute.value]
    blocks = []
    for value in values:
        if isinstance(value, dict):
            block = TfBlock(name, (), attribute.site)
            for key, item in value.items():
                block.attributes[str(key)] = TfAttribute(str(key), item, attribute.span)
            blocks.append(block)
    return blocks


def header_region(lines: LineTable, start: int) -> Region:
    """The first line of a block, up to its opening brace: where a block is named."""
    line_end = lines.line_end(start)
    brace = lines.text.find("{", start, line_end)
    end = brace + 1 if brace != -1 else line_end
    return _region(lines, start, end)


def _region(lines: LineTable, start: int, end: int) -> Region:
    return Region(*lines.position(start), *lines.position(end))


def span_of(path: str, lines: LineTable, start: int, end: int) -> Span:
    """A Span for text[start:end], trailing whitespace excluded. The parser's positions are
    clamped to the text: python-hcl2 has placed the end of an expression past it."""
    text = lines.text
    end = max(0, min(end, len(text)))
    start = max(0, min(start, end))
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    region = _region(lines, start, end)
    return Span(Site(path, region), text[start:end], region.start_line, region.start_column)
