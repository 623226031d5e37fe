"""`instance-role-overly-permissive`: admin or service-wide grants on a role instances use."""

from __future__ import annotations

from collections import defaultdict

from scanner.models import Finding, Level
from scanner.passes.iac.findings import usage_finding
from scanner.passes.iac.model import Grant, GrantLevel, Inventory
from scanner.passes.iac.rule_launch import by_address, profiles_in_use, web_tier

RULE_ID = "instance-role-overly-permissive"


def role_users(inventory: Inventory) -> dict[str, list[tuple[str, bool]]]:
    """Role address -> the launch definitions (address, web tier) that run with it."""
    web = web_tier(inventory)
    users: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    launches = by_address(inventory)
    for launch in inventory.launches:
        for profile_address in profiles_in_use(launch, launches):
            profile = inventory.profiles.get(profile_address)
            for role in profile.roles if profile else ():
                users[role].append((launch.address, launch.address in web))
    return users


def check(inventory: Inventory) -> list[Finding]:
    users = role_users(inventory)
    # One policy can reach several roles; report it once, where it is written.
    by_key: dict[str, list[Grant]] = defaultdict(list)
    for grant in inventory.grants:
        if grant.role in users:
            by_key[grant.key].append(grant)
    return [_finding(inventory, grants, users) for grants in by_key.values()]


def _finding(
    inventory: Inventory, grants: list[Grant], users: dict[str, list[tuple[str, bool]]]
) -> Finding:
    grant = grants[0]
    roles = sorted({g.role for g in grants})
    launches = sorted({address for role in roles for address, _ in users[role]})
    is_web = any(web for role in roles for _, web in users[role])
    message = (
        f"The role {', '.join(roles)} is used by {', '.join(launches)} and "
        f"{grant.description}. Anyone who reaches the instance gets these rights. Narrow the "
        "policy to the actions and resources the workload needs."
    )
    return usage_finding(
        RULE_ID,
        grant.site,
        message,
        level=Level.ERROR if grant.level is GrantLevel.ADMIN else Level.WARNING,
        construct=(inventory.scope, grant.key),
        properties={
            "roles": tuple(roles),
            "usedBy": tuple(launches),
            "webTier": is_web,
            "grant": grant.level.value,
        },
    )
