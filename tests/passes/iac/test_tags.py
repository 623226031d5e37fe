from __future__ import annotations

import pytest

from scanner.passes.iac.tags import is_true, list_is_web, map_is_web


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ({"Tier": "Web"}, True),
        ({"TIER": " web "}, True),
        ({"tier": "WEB", "Name": "x"}, True),
        ({"Tier": "Webhooks"}, False),
        ({"Role": "Web"}, False),
        ("Tier=Web", False),
        (None, False),
    ],
)
def test_map_is_web(tags: object, expected: bool) -> None:
    assert map_is_web(tags) is expected


@pytest.mark.parametrize(
    ("tags", "propagation", "expected"),
    [
        ([{"Key": "Tier", "Value": "Web"}], False, True),
        ([{"key": "tier", "value": "web"}], False, True),
        ([{"Key": "Tier", "Value": "Web", "PropagateAtLaunch": True}], True, True),
        ([{"Key": "Tier", "Value": "Web", "PropagateAtLaunch": "true"}], True, True),
        ([{"key": "Tier", "value": "Web", "propagate_at_launch": True}], True, True),
        ([{"Key": "Tier", "Value": "Web", "PropagateAtLaunch": False}], True, False),
        ([{"Key": "Tier", "Value": "Web"}], True, False),
        ({"Tier": "Web"}, False, False),
    ],
)
def test_list_is_web(tags: object, propagation: bool, expected: bool) -> None:
    assert list_is_web(tags, require_propagation=propagation) is expected


@pytest.mark.parametrize(("value", "expected"), [(True, True), ("TRUE", True), ("no", False)])
def test_is_true(value: object, expected: bool) -> None:
    assert is_true(value) is expected
