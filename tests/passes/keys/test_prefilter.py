from __future__ import annotations

import base64

import pytest

from scanner.passes.keys.prefilter import BASE64_PREFIX_MARKERS, is_candidate

from .fakes import KEY, SECRET, TEMP_KEY


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (f"x = '{KEY}'", True),
        (f"x = '{TEMP_KEY}'", True),
        ("ABIA and ACCA prefixes alone", True),
        (f"secret = '{SECRET}'", True),
        ("SecretAccessKey: v", True),
        # "aws" alone: no detector reports on it, and nearly every file of an AWS SDK has it.
        ("AWS_REGION=eu-west-1", False),
        ('provider "Aws" {}', False),
        (base64.b64encode(KEY.encode()).decode(), True),
        (base64.b64encode(b"x" + KEY.encode()).decode(), True),
        (base64.b64encode(b"xy" + KEY.encode()).decode(), True),
        ("def add(a, b):\n    return a + b\n", False),
        ("akia in lower case is no key id", False),
        ("", False),
    ],
)
def test_is_candidate(text: str, wanted: bool) -> None:
    assert is_candidate(text) is wanted


@pytest.mark.parametrize("prefix", ["AKIA", "ASIA", "ABIA", "ACCA"])
@pytest.mark.parametrize("shift", [0, 1, 2])
def test_every_alignment_of_every_prefix_has_a_marker(prefix: str, shift: int) -> None:
    encoded = base64.b64encode(b"q" * shift + prefix.encode() + b"234567ABCDEFGHIJ").decode()
    assert any(marker in encoded for marker in BASE64_PREFIX_MARKERS)
