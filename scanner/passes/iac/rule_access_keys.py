"""`iam-user-access-key`: long-lived user keys created by the infrastructure."""

from __future__ import annotations

from scanner.models import Finding, Level
from scanner.passes.iac.findings import related, usage_finding
from scanner.passes.iac.model import AccessKey, Inventory

RULE_ID = "iam-user-access-key"


def check(inventory: Inventory) -> list[Finding]:
    return [_finding(inventory, key) for key in inventory.access_keys if key.active]


def _finding(inventory: Inventory, key: AccessKey) -> Finding:
    exported = [export.description for export in key.exports]
    where = f" Its secret is exported to {', '.join(exported)}." if exported else ""
    message = (
        f"{key.address} creates a long-lived IAM user access key.{where} Delete the key and "
        "give the workload a role instead (an instance profile, a task or function role, or "
        "an assumed role)."
    )
    return usage_finding(
        RULE_ID,
        key.site,
        message,
        level=Level.ERROR if key.exports else Level.WARNING,
        construct=(inventory.scope, key.address),
        properties={"resource": key.address, "secretExported": bool(key.exports)},
        related=tuple(
            related(export.site, f"secret exported: {export.description}") for export in key.exports
        ),
    )
