from __future__ import annotations

import pytest

from scanner.config import Config
from scanner.keyshape import sha256_hex
from scanner.models import Finding, Level, Region
from scanner.policy import apply_policy

KEY_ID = "AKIA3PQG6ATXEYQS3HXX"


def _finding(rule: str, identity: str = "i" * 64) -> Finding:
    return Finding(rule, "a.py", Region(1), "m", identity, level=Level.ERROR)


FINDINGS = [
    _finding("aws-access-key-id", sha256_hex(KEY_ID)),
    _finding("aws-secret-access-key"),
    _finding("ec2-instance-without-role"),
]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            Config(),
            [
                ("aws-access-key-id", "error"),
                ("aws-secret-access-key", "error"),
                ("ec2-instance-without-role", "error"),
            ],
        ),
        (Config(select=("aws-secret-access-key",)), [("aws-secret-access-key", "error")]),
        (
            Config(ignore=("aws-secret-access-key", "ec2-instance-without-role")),
            [("aws-access-key-id", "error")],
        ),
        (Config(select=("aws-access-key-id",), ignore=("aws-access-key-id",)), []),
        (
            Config(levels={"ec2-instance-without-role": Level.NOTE}),
            [
                ("aws-access-key-id", "error"),
                ("aws-secret-access-key", "error"),
                ("ec2-instance-without-role", "note"),
            ],
        ),
        (
            Config(allowed_key_ids=frozenset({sha256_hex(KEY_ID)})),
            [("aws-secret-access-key", "error"), ("ec2-instance-without-role", "error")],
        ),
        # An allowed id is compared with key-id findings only, never with other identities.
        (
            Config(allowed_key_ids=frozenset({"i" * 64})),
            [
                ("aws-access-key-id", "error"),
                ("aws-secret-access-key", "error"),
                ("ec2-instance-without-role", "error"),
            ],
        ),
    ],
)
def test_policy(config: Config, expected: list[tuple[str, str]]) -> None:
    kept = apply_policy(FINDINGS, config)
    assert [(f.rule_id, (f.level or Level.WARNING).value) for f in kept] == expected
