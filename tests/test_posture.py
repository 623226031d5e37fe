from __future__ import annotations

from pathlib import Path

import pytest

from scanner.engine import ScanResult
from scanner.models import Finding, Region
from scanner.posture import posture_of


def _key(rule: str, suppressed: str | None = None) -> Finding:
    return Finding(rule, "a", Region(1), "m", "i", suppressed_by=suppressed)


@pytest.mark.parametrize(
    ("metrics", "findings", "percent", "static_keys"),
    [
        ({}, (), None, 0),
        ({"web_tier": 4, "web_tier_with_role": 3}, (), 75.0, 0),
        ({"web_tier": 3, "web_tier_with_role": 0}, (_key("aws-access-key-id"),), 0.0, 1),
        (
            {},
            (_key("aws-access-key-id"), _key("aws-secret-access-key"), _key("x", None)),
            None,
            2,
        ),
        ({}, (_key("aws-access-key-id", "inline"),), None, 0),
    ],
)
def test_posture(
    metrics: dict[str, int], findings: tuple[Finding, ...], percent: float | None, static_keys: int
) -> None:
    posture = posture_of(ScanResult(Path("/"), findings, (), metrics, 1))
    assert posture.web_tier_role_percent == percent
    assert posture.static_keys == static_keys
    assert posture.as_properties()["webTierWithRolePercent"] == percent
