"""Small hand-built inventories for the rule tests."""

from __future__ import annotations

from scanner.models import Region
from scanner.passes.iac.model import (
    LaunchDefinition,
    LaunchKind,
    ProfileSetting,
    ProfileState,
    Site,
)


def site(line: int, path: str = "main.tf") -> Site:
    return Site(path, Region(line))


def launch(
    address: str,
    state: ProfileState = ProfileState.ABSENT,
    *,
    kind: LaunchKind = LaunchKind.INSTANCE,
    profiles: tuple[str, ...] = (),
    template: str | None = None,
    web: bool = False,
    line: int = 1,
) -> LaunchDefinition:
    setting = ProfileSetting(
        state,
        site(line + 1) if state is not ProfileState.ABSENT else None,
        profiles,
    )
    return LaunchDefinition(address, kind, site(line), setting, template, web)
