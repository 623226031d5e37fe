"""Write out what Terraform repeats: `dynamic` blocks, and resources with `for_each`.

Public modules write most nested blocks the rules read as
`dynamic "iam_instance_profile" { for_each = ...; content { ... } }`: a profile, tag
specifications, an Auto Scaling group's launch template, policy statements. Each dynamic
block becomes the blocks it writes, one per element of its for_each with the iterator
replaced by the element, so every rule reads them as if they were written out.

A for_each that may be empty (`var.p == null ? [] : [var.p]`) writes the blocks of its other
branches, as a setting that may be null counts as set. One whose elements are chosen
elsewhere (a variable without a default, a computed list) writes the block once, with the
iterator standing for the whole expression, whose references are then still followed. Only
a for_each that is empty on every branch (`[]`, `{}`) writes nothing.

A resource with for_each stays one resource: each value that names `each.value` or
`each.key` becomes a choice among what it is for every element, and nested blocks are
gathered from every element.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from scanner.passes.iac.tf_blocks import TfBlock
from scanner.passes.iac.tf_for_each import elements
from scanner.passes.iac.tf_iterators import Element, bind, choice, iterator_names, mentions
from scanner.passes.iac.tf_module import TfModule
from scanner.passes.iac.tf_values import expression_source

_IDENTIFIER = re.compile(r"[A-Za-z_][\w-]*")
_EACH = ("each.value", "each.key")
# Nested dynamic blocks multiply: past this many written blocks in one module, a block is
# written once for all its elements (as for a for_each unknown here), so a file cannot make
# the scan run for ever.
_MOST_WRITTEN = 20_000


def expand(module: TfModule) -> TfModule:
    writer = _Writer(module)
    resources = {address: writer.expanded(block) for address, block in module.resources.items()}
    providers = [writer.written(block) for block in module.providers]
    return replace(module, resources=resources, providers=providers)


class _Writer:
    """Writes one module's blocks, counting what it writes against the budget."""

    def __init__(self, module: TfModule) -> None:
        self.module = module
        self.budget = _MOST_WRITTEN

    def expanded(self, block: TfBlock) -> TfBlock:
        for_each = block.attributes.get("for_each")
        if for_each is None or not any(
            mentions(attribute.value, _EACH)
            for inner in block.walk()
            for attribute in inner.attributes.values()
        ):
            return self.written(block)
        instances = [
            self.written(_mapped(block, partial(bind, names=iterator_names("each", element))))
            for element in self.instances(for_each.value)
        ]
        return _merged(block, instances) if instances else self.written(block)

    def instances(self, for_each: Any) -> list[Element]:
        found = elements(self.module, for_each)
        if found is None or len(found) > max(self.budget, 1):
            found = [Element(for_each, for_each)]
        self.budget -= len(found)
        return found

    def written(self, block: TfBlock) -> TfBlock:
        """`block` with its dynamic blocks, at any depth, replaced by the blocks they write."""
        values = self.written_body({name: item.value for name, item in block.attributes.items()})
        attributes = {}
        for name, value in values.items():
            # A .tf.json block written from a `"dynamic"` entry is placed where that entry was.
            origin = block.attributes.get(name) or block.attributes["dynamic"]
            attributes[name] = replace(origin, name=name, value=value)
        blocks = []
        for child in block.blocks:
            if child.type == "dynamic" and child.labels:
                blocks.extend(self.dynamic_blocks(child))
            else:
                blocks.append(self.written(child))
        return TfBlock(block.type, block.labels, block.site, attributes, blocks)

    def dynamic_blocks(self, dynamic: TfBlock) -> list[TfBlock]:
        name = dynamic.labels[0]
        iterator = _iterator(dynamic.get("iterator"), name)
        labels = dynamic.get("labels")
        labels = tuple(str(label) for label in labels) if isinstance(labels, list) else ()
        written = []
        for content in dynamic.children("content")[:1]:
            for element in self.instances(dynamic.get("for_each")):
                bound = _mapped(content, partial(bind, names=iterator_names(iterator, element)))
                block = TfBlock(name, labels, dynamic.site, bound.attributes, bound.blocks)
                written.append(self.written(block))
        return written

    def written_body(self, value: Any) -> Any:
        """A `.tf.json` body with its `"dynamic"` entries, at any depth, written out; the
        same object when there are none."""
        if isinstance(value, list):
            items = [self.written_body(item) for item in value]
            changed = any(new is not old for new, old in zip(items, value, strict=True))
            return items if changed else value
        if not isinstance(value, dict):
            return value
        body = {key: self.written_body(item) for key, item in value.items()}
        dynamic = body.get("dynamic")
        if not isinstance(dynamic, (dict, list)):
            changed = any(body[key] is not value[key] for key in value)
            return body if changed else value
        del body["dynamic"]
        for name, written in self.json_dynamic(dynamic).items():
            existing = body.get(name)
            before = (
                [] if existing is None else existing if isinstance(existing, list) else [existing]
            )
            body[name] = before + written
        return body

    def json_dynamic(self, dynamic: Any) -> dict[str, list[Any]]:
        written: dict[str, list[Any]] = {}
        for name, spec in _json_specs(dynamic):
            iterator = _iterator(spec.get("iterator"), name)
            for element in self.instances(spec.get("for_each")):
                content = bind(spec["content"], iterator_names(iterator, element))
                written.setdefault(name, []).append(self.written_body(content))
        return written


def _merged(block: TfBlock, instances: list[TfBlock]) -> TfBlock:
    names = dict.fromkeys(name for instance in instances for name in instance.attributes)
    attributes = {}
    for name in names:
        written = [
            instance.attributes[name] for instance in instances if name in instance.attributes
        ]
        attributes[name] = replace(written[0], value=choice([item.value for item in written]))
    blocks: list[TfBlock] = []
    for instance in instances:
        blocks.extend(child for child in instance.blocks if child not in blocks)
    return TfBlock(block.type, block.labels, block.site, attributes, blocks)


def _mapped(block: TfBlock, change: Callable[[Any], Any]) -> TfBlock:
    attributes = {
        name: replace(attribute, value=change(attribute.value))
        for name, attribute in block.attributes.items()
    }
    blocks = [_mapped(child, change) for child in block.blocks]
    return TfBlock(block.type, block.labels, block.site, attributes, blocks)


def _json_specs(dynamic: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """`{"NAME": {"for_each": ..., "iterator": ..., "content": {...}}}`; a list of those at
    either level."""
    for group in dynamic if isinstance(dynamic, list) else [dynamic]:
        if isinstance(group, dict):
            for name, specs in group.items():
                for spec in specs if isinstance(specs, list) else [specs]:
                    if isinstance(spec, dict) and isinstance(spec.get("content"), dict):
                        yield str(name), spec


def _iterator(value: Any, default: str) -> str:
    """`iterator = p` reads as `${p}` from HCL and as "p" from `.tf.json`."""
    source = expression_source(value)
    name = source.strip() if source is not None else value
    return name if isinstance(name, str) and _IDENTIFIER.fullmatch(name) else default
