"""`ec2-instance-without-role` and the posture numbers it shares its reasoning with."""

from __future__ import annotations

from collections.abc import Mapping

from scanner.models import Finding, Level
from scanner.passes.iac.findings import usage_finding
from scanner.passes.iac.model import Inventory, LaunchDefinition, ProfileState

RULE_ID = "ec2-instance-without-role"


def web_tier(inventory: Inventory) -> set[str]:
    """Launch definitions tagged Tier=Web themselves or through what launches them."""
    web = {launch.address for launch in inventory.launches if launch.web_tagged}
    for group in inventory.groups:
        if group.web_tagged:
            web.update(group.launches)
    for launch in inventory.launches:
        if launch.address in web and launch.template:
            web.add(launch.template)
    return web


def by_address(inventory: Inventory) -> dict[str, LaunchDefinition]:
    """Launch definitions by address (the first of a repeated one), made once per scope:
    looking a template up among all of them for each instance was quadratic."""
    found: dict[str, LaunchDefinition] = {}
    for launch in inventory.launches:
        found.setdefault(launch.address, launch)
    return found


def has_role(launch: LaunchDefinition, launches: Mapping[str, LaunchDefinition]) -> bool:
    if launch.profile.state is ProfileState.PRESENT:
        return True
    if launch.template is None:
        return False
    template = launches.get(launch.template)
    # A template we cannot see (another module, an existing one) may well set a profile.
    return template is None or template.profile.state is ProfileState.PRESENT


def profiles_in_use(
    launch: LaunchDefinition, launches: Mapping[str, LaunchDefinition]
) -> list[str]:
    """Addresses of in-scope instance profiles this launch definition runs with."""
    found = list(launch.profile.profiles)
    template = launches.get(launch.template) if launch.template else None
    if template is not None and not found:
        found.extend(template.profile.profiles)
    return found


def metrics(inventory: Inventory) -> dict[str, int]:
    web = web_tier(inventory)
    launches = inventory.launches
    index = by_address(inventory)
    with_role = [launch for launch in launches if has_role(launch, index)]
    return {
        "ec2_launch_definitions": len(launches),
        "ec2_with_role": len(with_role),
        "web_tier": sum(1 for launch in launches if launch.address in web),
        "web_tier_with_role": sum(1 for launch in with_role if launch.address in web),
        "iam_user_access_keys": sum(1 for key in inventory.access_keys if key.active),
    }


def check(inventory: Inventory) -> list[Finding]:
    web = web_tier(inventory)
    index = by_address(inventory)
    return [
        _finding(inventory, launch, launch.address in web)
        for launch in inventory.launches
        if not has_role(launch, index)
    ]


def _finding(inventory: Inventory, launch: LaunchDefinition, is_web: bool) -> Finding:
    empty = launch.profile.state is ProfileState.EMPTY and launch.profile.site is not None
    site = launch.profile.site if empty and launch.profile.site else launch.site
    problem = "names an empty instance profile" if empty else "has no instance profile"
    tier = " (tagged Tier=Web)" if is_web else ""
    message = (
        f"EC2 {launch.kind.value} {launch.address}{tier} {problem}, so software on it can only "
        "reach AWS with static keys. Attach an instance profile whose role grants only what "
        "the workload needs, and let the SDK take temporary credentials from it."
    )
    return usage_finding(
        RULE_ID,
        site,
        message,
        level=Level.ERROR if is_web else Level.WARNING,
        construct=(inventory.scope, launch.address, "instance-profile"),
        properties={
            "resource": launch.address,
            "launchKind": launch.kind.value,
            "webTier": is_web,
            "profile": launch.profile.state.value,
        },
    )
