from __future__ import annotations

import pytest

from scanner.models import Level
from scanner.passes.iac import rule_roles
from scanner.passes.iac.model import Grant, GrantLevel, InstanceProfile, Inventory, ProfileState

from .inventories import launch, site

ADMIN = Grant("role.a", GrantLevel.ADMIN, "AdministratorAccess", site(10), "k1")
WILD = Grant("role.a", GrantLevel.SERVICE, "s3:*", site(20), "k2")
OTHER = Grant("role.b", GrantLevel.ADMIN, "AdministratorAccess", site(30), "k3")
SHARED = Grant("role.b", GrantLevel.ADMIN, "AdministratorAccess", site(10), "k1")


@pytest.mark.parametrize(
    ("grants", "expected"),
    [
        ([ADMIN, WILD], [(10, Level.ERROR), (20, Level.WARNING)]),
        ([OTHER], []),
        ([ADMIN, SHARED], [(10, Level.ERROR)]),
    ],
)
def test_only_roles_reached_from_a_launch_definition(grants: list, expected: list) -> None:
    inventory = Inventory(
        "m",
        launches=[launch("web", ProfileState.PRESENT, profiles=("profile.a",), web=True)],
        profiles={"profile.a": InstanceProfile("profile.a", None, ("role.a",))},
        grants=grants,
    )
    findings = rule_roles.check(inventory)
    assert [(f.region.start_line, f.level) for f in findings] == expected
    assert all(f.properties["webTier"] is True for f in findings)
    assert all(f.properties["usedBy"] == ("web",) for f in findings)


def test_role_through_launch_template_profile() -> None:
    inventory = Inventory(
        "m",
        launches=[
            launch("tpl", ProfileState.PRESENT, profiles=("profile.a",)),
            launch("inst", template="tpl", line=9),
        ],
        profiles={"profile.a": InstanceProfile("profile.a", None, ("role.a",))},
    )
    assert rule_roles.role_users(inventory)["role.a"] == [("tpl", False), ("inst", False)]


@pytest.mark.parametrize(
    ("own", "template", "expected"),
    [
        (("profile.a", "profile.b"), (), {"role.a": ["inst"], "role.b": ["inst"]}),
        (("profile.b",), ("profile.a",), {"role.a": ["tpl"], "role.b": ["inst"]}),
        ((), ("profile.a", "profile.b"), {"role.a": ["tpl", "inst"], "role.b": ["tpl", "inst"]}),
    ],
)
def test_every_profile_a_launch_may_use_reaches_its_role(
    own: tuple[str, ...], template: tuple[str, ...], expected: dict[str, list[str]]
) -> None:
    inventory = Inventory(
        "m",
        launches=[
            launch("tpl", ProfileState.PRESENT, profiles=template),
            launch("inst", ProfileState.PRESENT, profiles=own, template="tpl", line=9),
        ],
        profiles={
            "profile.a": InstanceProfile("profile.a", None, ("role.a",)),
            "profile.b": InstanceProfile("profile.b", None, ("role.b",)),
        },
    )
    users = rule_roles.role_users(inventory)
    assert {role: [name for name, _ in used] for role, used in users.items()} == expected
