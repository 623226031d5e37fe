"""What the configuration does to a sweep's findings: which rules, at what level, which keys.

Applied after the engine, so that suppressions and `--warn-unused-suppressions` still see
every rule that fired, whatever the selection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from scanner.config import Config
from scanner.models import Finding

KEY_ID_RULE = "aws-access-key-id"


def apply_policy(findings: Iterable[Finding], config: Config) -> list[Finding]:
    kept = []
    for finding in findings:
        if not config.rule_enabled(finding.rule_id) or _allowed(finding, config):
            continue
        level = config.levels.get(finding.rule_id)
        kept.append(finding if level is None else replace(finding, level=level))
    return kept


def _allowed(finding: Finding, config: Config) -> bool:
    """A key id the team has vetted (a public canary, a revoked demo key)."""
    return finding.rule_id == KEY_ID_RULE and finding.identity in config.allowed_key_ids
