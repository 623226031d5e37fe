from __future__ import annotations

from collections.abc import Callable

import pytest

from scanner.models import Level
from scanner.passes.iac import rule_launch, rule_roles
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


class _CountingList(list):  # type: ignore[type-arg]
    """Launch definitions that count how many of them the rules go through."""

    steps = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for item in super().__iter__():
            self.steps += 1
            yield item


def _steps(check: Callable[[Inventory], object], size: int) -> int:
    launches = _CountingList()
    for i in range(size):
        launches.append(launch(f"t{i}", PRESENT, kind=TEMPLATE, profiles=(f"p{i}",)))
        launches.append(launch(f"i{i}", template=f"t{i}"))
    check(Inventory("m", launches=launches))
    return launches.steps


@pytest.mark.parametrize(
    "check", [rule_launch.check, rule_launch.metrics, rule_roles.check], ids=lambda c: c.__module__
)
def test_each_template_is_found_without_going_through_all_launches(
    check: Callable[[Inventory], object],
) -> None:
    # Linear work grows 4x with 4x the launch definitions; a search per instance, 16x.
    assert _steps(check, 200) <= 4 * 1.25 * _steps(check, 50)
