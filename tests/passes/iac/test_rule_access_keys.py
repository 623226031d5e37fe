from __future__ import annotations

import pytest

from scanner.models import Level
from scanner.passes.iac import rule_access_keys
from scanner.passes.iac.model import AccessKey, Export, Inventory

from .inventories import site


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (AccessKey("k", site(3), active=True), [(3, Level.WARNING, 0)]),
        (AccessKey("k", site(3), active=False), []),
        (
            AccessKey("k", site(3), True, (Export("output s", site(9, "outputs.tf")),)),
            [(3, Level.ERROR, 1)],
        ),
    ],
)
def test_check(key: AccessKey, expected: list) -> None:
    findings = rule_access_keys.check(Inventory("m", access_keys=[key]))
    assert [(f.region.start_line, f.level, len(f.related)) for f in findings] == expected
    for finding in findings:
        assert finding.related == () or finding.related[0].path == "outputs.tf"
