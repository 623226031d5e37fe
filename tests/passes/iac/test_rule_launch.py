from __future__ import annotations

import pytest

from scanner.models import Level
from scanner.passes.iac import rule_launch
from scanner.passes.iac.model import AutoScalingGroup, Inventory, LaunchKind, ProfileState

from .inventories import launch

ABSENT, EMPTY, PRESENT = ProfileState.ABSENT, ProfileState.EMPTY, ProfileState.PRESENT
TEMPLATE = LaunchKind.TEMPLATE


@pytest.mark.parametrize(
    ("launches", "groups", "expected"),
    [
        ([launch("i", web=True)], [], [("i", 1, Level.ERROR)]),
        ([launch("i")], [], [("i", 1, Level.WARNING)]),
        ([launch("i", EMPTY, web=True)], [], [("i", 2, Level.ERROR)]),
        ([launch("i", PRESENT, web=True)], [], []),
        ([launch("t", PRESENT, kind=TEMPLATE), launch("i", template="t", line=5)], [], []),
        (
            [launch("t", kind=TEMPLATE), launch("i", template="t", web=True, line=5)],
            [],
            [("t", 1, Level.ERROR), ("i", 5, Level.ERROR)],
        ),
        ([launch("i", template="(launch template defined elsewhere)")], [], []),
        (
            [launch("t", kind=TEMPLATE)],
            [AutoScalingGroup("g", ("t",), web_tagged=True)],
            [("t", 1, Level.ERROR)],
        ),
        (
            [launch("t", kind=TEMPLATE)],
            [AutoScalingGroup("g", ("t",), web_tagged=False)],
            [("t", 1, Level.WARNING)],
        ),
    ],
)
def test_check(launches: list, groups: list, expected: list[tuple[str, int, Level]]) -> None:
    inventory = Inventory("m", launches=launches, groups=groups)
    found = [
        (f.properties["resource"], f.region.start_line, f.level)
        for f in rule_launch.check(inventory)
    ]
    assert found == expected


def test_metrics_count_definitions_roles_and_web_tier() -> None:
    inventory = Inventory(
        "m",
        launches=[
            launch("web1", PRESENT, web=True),
            launch("web2", web=True),
            launch("tpl", PRESENT, kind=TEMPLATE),
            launch("batch", template="tpl"),
            launch("cfg", kind=LaunchKind.CONFIGURATION),
        ],
        groups=[AutoScalingGroup("g", ("cfg",), web_tagged=True)],
    )
    assert rule_launch.metrics(inventory) == {
        "ec2_launch_definitions": 5,
        "ec2_with_role": 3,
        "web_tier": 3,
        "web_tier_with_role": 1,
        "iam_user_access_keys": 0,
    }
