from __future__ import annotations

import json
from typing import Any

import pytest

from scanner.reports.chunks import MARKER, document

_ITEM = {"a": [1, {"b": "line\nbreak"}], "c": 'é \\ "quoted"', "d": [], "e": {}}
_ITEM_LISTS: list[list[Any]] = [[], [1], ["x"], [_ITEM], [_ITEM, [], {}, None, 2.5, "]["] * 3]


def _filled(skeleton: Any, items: list[Any]) -> Any:
    if skeleton == [MARKER]:
        return items
    if isinstance(skeleton, dict):
        return {key: _filled(value, items) for key, value in skeleton.items()}
    if isinstance(skeleton, list):
        return [_filled(value, items) for value in skeleton]
    return skeleton


@pytest.mark.parametrize(
    "skeleton",
    [
        [MARKER],
        {"results": [MARKER]},
        {"version": "2.1.0", "runs": [{"tool": {"x": [1, 2]}, "results": [MARKER], "z": []}]},
        {"a": {"b": {"c": [{"results": [MARKER]}]}}, "after": "]"},
    ],
)
@pytest.mark.parametrize("items", _ITEM_LISTS)
def test_pieces_make_the_document_dumped_at_once(skeleton: Any, items: list[Any]) -> None:
    expected = json.dumps(_filled(skeleton, items), indent=2, ensure_ascii=True) + "\n"
    assert "".join(document(skeleton, items)) == expected


def test_items_are_serialised_one_at_a_time() -> None:
    made: list[int] = []

    def items() -> Any:
        for number in range(3):
            made.append(number)
            yield {"n": number}

    pieces = document({"results": [MARKER]}, items())
    first = [next(pieces), next(pieces)]
    assert made == [0], "the second item is only built once the first is written"
    assert first[0].startswith("{")
