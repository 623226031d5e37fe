"""Random-looking fake AWS keys for tests: deterministic per namespace and seed, never real."""

from __future__ import annotations

import random
import string

from scanner.keyshape import is_reportable_key_id, is_reportable_secret

BASE32 = string.ascii_uppercase + "234567"
SECRET_ALPHABET = string.ascii_letters + string.digits + "/+"


def fake_key_id(namespace: str, prefix: str = "AKIA") -> str:
    """A key id the scanner must report (no filler, no documented example)."""
    rng = random.Random(namespace)
    while True:
        value = prefix + "".join(rng.choice(BASE32) for _ in range(16))
        if is_reportable_key_id(value):
            return value


def fake_secret(namespace: str) -> str:
    """A secret access key the scanner must report (upper, lower and digits)."""
    rng = random.Random(namespace)
    while True:
        value = "".join(rng.choice(SECRET_ALPHABET) for _ in range(40))
        if is_reportable_secret(value):
            return value
