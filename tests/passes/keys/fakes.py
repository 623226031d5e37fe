"""Random-looking fake keys for tests: never real, never copied from anywhere.

Seeded, so a failing test shows the same value on every run.
"""

from __future__ import annotations

from tests import fakes


def fake_key_id(seed: int, prefix: str = "AKIA") -> str:
    return fakes.fake_key_id(f"key-id-{seed}", prefix)


def fake_secret(seed: int) -> str:
    return fakes.fake_secret(f"secret-{seed}")


KEY = fake_key_id(1)
KEY2 = fake_key_id(2)
TEMP_KEY = fake_key_id(3, "ASIA")
SECRET = fake_secret(1)
SECRET2 = fake_secret(2)
