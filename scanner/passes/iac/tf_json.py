"""Read a `.tf.json` file into the same TfBlocks as HCL, per Terraform's JSON syntax."""

from __future__ import annotations

from typing import Any

from scanner.models import Region
from scanner.passes.iac.json_positions import load_json
from scanner.passes.iac.located import LocatedDict, Mark, TemplateError, mark_of
from scanner.passes.iac.model import Site
from scanner.passes.iac.tf_blocks import Span, TfAttribute, TfBlock
from scanner.passes.iac.tf_values import structured

# How many labels follow each top-level keyword in Terraform's JSON syntax.
_LABELS = {"resource": 2, "data": 2, "provider": 1, "variable": 1, "output": 1, "module": 1}


def load_tf_json(path: str, text: str) -> list[TfBlock]:
    document = load_json(text)
    if not isinstance(document, dict):
        raise TemplateError("a .tf.json file must hold one JSON object")
    blocks: list[TfBlock] = []
    for keyword, body in document.items():
        mark = document.key_mark(keyword) if isinstance(document, LocatedDict) else Mark(1, 1)
        depth = _LABELS.get(keyword, 0)
        for labels, inner, inner_mark in _labelled(body, depth, (), mark):
            blocks.append(_block(path, keyword, labels, inner, inner_mark))
    return blocks


def _labelled(
    body: Any, depth: int, labels: tuple[str, ...], mark: Mark
) -> list[tuple[tuple[str, ...], dict[str, Any], Mark]]:
    """Unfold `{"aws_instance": {"web": {...}}}` (or lists of such) into labelled bodies."""
    if isinstance(body, list):
        return [found for item in body for found in _labelled(item, depth, labels, mark)]
    if not isinstance(body, dict):
        return []
    if depth == 0:
        return [(labels, body, mark)]
    found = []
    for key, inner in body.items():
        key_mark = body.key_mark(key) if isinstance(body, LocatedDict) else mark
        found.extend(_labelled(inner, depth - 1, (*labels, str(key)), key_mark))
    return found


def _block(
    path: str, keyword: str, labels: tuple[str, ...], body: dict[str, Any], mark: Mark
) -> TfBlock:
    block = TfBlock(keyword, labels, _site(path, mark, labels[-1] if labels else keyword))
    for name, value in body.items():
        key_mark = body.key_mark(name) if isinstance(body, LocatedDict) else mark_of(value, mark)
        site = _site(path, key_mark, name)
        span = Span(site, "", key_mark.line, key_mark.column)
        block.attributes[name] = TfAttribute(name, _values(value), span)
    return block


def _values(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_values(item) for item in value]
    return structured(value)


def _site(path: str, mark: Mark, key: str) -> Site:
    # The mark is the opening quote of the key; the region covers the quoted key.
    return Site(path, Region(mark.line, mark.column, mark.line, mark.column + len(key) + 2))
