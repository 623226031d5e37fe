"""The numbers that track the practice "web-tier instances get credentials from a role"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scanner.engine import ScanResult

_KEY_RULES = ("aws-access-key-id", "aws-secret-access-key")


@dataclass(frozen=True)
class Posture:
    launch_definitions: int
    with_role: int
    web_tier: int
    web_tier_with_role: int
    iam_user_access_keys: int
    static_keys: int

    @property
    def web_tier_role_percent(self) -> float | None:
        if not self.web_tier:
            return None
        return round(100.0 * self.web_tier_with_role / self.web_tier, 1)

    def rows(self) -> Sequence[tuple[str, str]]:
        percent = self.web_tier_role_percent
        return (
            ("EC2 launch definitions", str(self.launch_definitions)),
            ("  with an instance profile", str(self.with_role)),
            ("web-tier launch definitions", str(self.web_tier)),
            ("  with an instance profile", str(self.web_tier_with_role)),
            ("web tier configured with a role", "n/a" if percent is None else f"{percent}%"),
            ("IAM user access keys created", str(self.iam_user_access_keys)),
            ("static keys found", str(self.static_keys)),
        )

    def as_properties(self) -> dict[str, int | float | None]:
        return {
            "ec2LaunchDefinitions": self.launch_definitions,
            "ec2WithRole": self.with_role,
            "webTier": self.web_tier,
            "webTierWithRole": self.web_tier_with_role,
            "webTierWithRolePercent": self.web_tier_role_percent,
            "iamUserAccessKeys": self.iam_user_access_keys,
            "staticKeys": self.static_keys,
        }


def posture_of(result: ScanResult) -> Posture:
    metrics = result.metrics
    static_keys = sum(
        1 for f in result.findings if f.rule_id in _KEY_RULES and f.suppressed_by is None
    )
    return Posture(
        launch_definitions=metrics.get("ec2_launch_definitions", 0),
        with_role=metrics.get("ec2_with_role", 0),
        web_tier=metrics.get("web_tier", 0),
        web_tier_with_role=metrics.get("web_tier_with_role", 0),
        iam_user_access_keys=metrics.get("iam_user_access_keys", 0),
        static_keys=static_keys,
    )
