from __future__ import annotations

import base64
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.decoding import decode
from scanner.passes.keys.prefilter import (
    BASE64_PREFIX_MARKERS,
    has_base64_marker,
    is_candidate,
    may_hold_key_raw,
)

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


_RAW_TABLE = [
    "x = 'AKIA' 'secret'",
    "SECRET_ACCESS_KEY",
    "sEcReT",
    "plain prose with café and 北京 but nothing else",
    "QUtJQ in a line",
    "FDQ0 and BQklB",
    "secr\r\net split by a line break",
    "",
]


@pytest.mark.parametrize("text", _RAW_TABLE)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1"])
def test_the_byte_test_answers_as_the_text_test(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    assert may_hold_key_raw(data) is is_candidate(decode(data).text)


@given(
    st.lists(
        st.sampled_from(
            [
                *("secret", "SeCrEt", "AKIA", "ASIA", "QUtJQ", "FLSU", "BS0lB"),
                *("Q", "F", "B", "A", "é", "北", "\r\n", "\n", " ", "x", "\ufffd"),
            ]
        ),
        max_size=40,
    ).map("".join),
    st.sampled_from(["utf-8", "latin-1"]),
)
def test_the_byte_test_is_the_text_test_on_any_mix(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    assert may_hold_key_raw(data) is is_candidate(decode(data).text)


@pytest.mark.parametrize("flavour", [str, bytes])
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # Dense with a marker's first character: the anchored search gives up its loop and
        # hands the rest to the regex engine, which still finds the marker at the very end.
        ("Q" * 200_000 + "QUtJQ", True),
        ("Q" * 200_000, False),
        ("BQ" * 100_000 + "xBQklB", True),
        ("F" * 50 + "FDQ0", True),
    ],
)
def test_dense_anchor_characters_still_find_the_marker(
    flavour: type, text: str, wanted: bool
) -> None:
    subject = text.encode() if flavour is bytes else text
    found = may_hold_key_raw(subject) if flavour is bytes else has_base64_marker(subject)
    assert found is wanted


def test_dense_anchor_characters_cost_linear_time() -> None:
    # The loop is bounded by a share of the text: twice the text, about twice the time,
    # never the square. Best of three ratios, as a busy machine slows single runs.
    def seconds(size: int) -> float:
        text = "Q" * size
        started = time.perf_counter()
        has_base64_marker(text)
        return max(time.perf_counter() - started, 1e-6)

    ratio = min(seconds(400_000) / seconds(200_000) for _ in range(3))
    assert ratio < 4.0
