"""Is something tagged Tier=Web? Key and value compare case-insensitively."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def is_web_pair(key: object, value: object) -> bool:
    return (
        isinstance(key, str)
        and isinstance(value, str)
        and key.strip().lower() == "tier"
        and value.strip().lower() == "web"
    )


def map_is_web(tags: object) -> bool:
    """A `{Tier = "Web"}` style map."""
    if not isinstance(tags, Mapping):
        return False
    return any(is_web_pair(key, value) for key, value in tags.items())


def list_is_web(tags: object, *, require_propagation: bool = False) -> bool:
    """A `[{Key: Tier, Value: Web, PropagateAtLaunch: true}]` style list."""
    if not isinstance(tags, Iterable) or isinstance(tags, (str, Mapping)):
        return False
    return any(_entry_is_web(entry, require_propagation) for entry in tags)


def _entry_is_web(entry: Any, require_propagation: bool) -> bool:
    if not isinstance(entry, Mapping):
        return False
    lowered = {str(key).lower(): value for key, value in entry.items()}
    if not is_web_pair(lowered.get("key"), lowered.get("value")):
        return False
    return not require_propagation or is_true(
        lowered.get("propagateatlaunch", lowered.get("propagate_at_launch"))
    )


def is_true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")
