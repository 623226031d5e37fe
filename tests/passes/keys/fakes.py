"""Random-looking fake keys for tests: never real, never copied from anywhere.

Seeded, so a failing test shows the same value on every run.
"""

from __future__ import annotations

import random
import string

from scanner.keyshape import is_reportable_key_id, is_reportable_secret

_BASE32 = string.ascii_uppercase + "234567"
_SECRET = string.ascii_letters + string.digits + "/+"


def fake_key_id(seed: int, prefix: str = "AKIA") -> str:
    rng = random.Random(f"key-id-{seed}")
    while True:
        value = prefix + "".join(rng.choice(_BASE32) for _ in range(16))
        if is_reportable_key_id(value):
            return value


def fake_secret(seed: int) -> str:
    rng = random.Random(f"secret-{seed}")
    while True:
        value = "".join(rng.choice(_SECRET) for _ in range(40))
        if is_reportable_secret(value):
            return value


KEY = fake_key_id(1)
KEY2 = fake_key_id(2)
TEMP_KEY = fake_key_id(3, "ASIA")
SECRET = fake_secret(1)
SECRET2 = fake_secret(2)
