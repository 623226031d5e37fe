from __future__ import annotations

import base64

import pytest

from scanner import keyshape
from tests.passes.keys.fakes import KEY, SECRET, TEMP_KEY


def _key_for_account(account: int, prefix: str = "AKIA") -> str:
    # The layout account_id_of reads: a 1 bit, 40 bits of account, 7 more bits, then filler.
    number = (1 << 47) | (account << 7) | 0x55
    raw = number.to_bytes(6, "big") + b"\x12\x34\x56\x78"
    return prefix + base64.b32encode(raw).decode()[:16]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (KEY, True),
        (TEMP_KEY, True),
        ("ABIA" + KEY[4:], True),
        ("ACCA" + KEY[4:], True),
        ("AIDA" + KEY[4:], False),
        ("AROA" + KEY[4:], False),
        (KEY.lower(), False),
        (KEY + "A", False),
        (KEY[:-1] + "1", False),
    ],
)
def test_is_key_id(value: str, expected: bool) -> None:
    assert keyshape.is_key_id(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (SECRET, True),
        ("c8216ab0be34c8d34c8241b7e5a5f8f1fb04cb35", False),
        (SECRET.upper(), False),
        (SECRET[:-1], False),
        (SECRET[:-1] + "=", False),
    ],
)
def test_is_secret_shaped(value: str, expected: bool) -> None:
    assert keyshape.is_secret_shaped(value) is expected


@pytest.mark.parametrize(
    "value",
    [
        "AKIAXXXXXXXXXXXXXXXX",
        "AKIAAAAAAAAAAAAAAAAA",
        "AKIA2345672345672345",
        "AKIAABABABABABABABAB",
        "abcdefghijklmnopqrstuvwxyz",
        "<your-secret-access-key>",
        "${AWS_SECRET_ACCESS_KEY}",
        "{{ aws_secret }}",
        "$SECRET",
        "REPLACE_ME_WITH_YOUR_40_CHARACTER_SECRET",
        "changeme",
        "test",
        "testing",
        "",
    ],
)
def test_is_placeholder(value: str) -> None:
    assert keyshape.is_placeholder(value)


@pytest.mark.parametrize("value", [KEY, TEMP_KEY, SECRET])
def test_random_values_are_not_placeholders(value: str) -> None:
    assert not keyshape.is_placeholder(value)


def test_extra_placeholders() -> None:
    assert keyshape.is_placeholder(SECRET, frozenset({SECRET}))
    assert not keyshape.is_reportable_secret(SECRET, frozenset({SECRET}))
    assert not keyshape.is_reportable_key_id(KEY, frozenset({KEY}))


@pytest.mark.parametrize(
    "value",
    ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAI44QH8DHBEXAMPLE"],
)
def test_documented_examples(value: str) -> None:
    assert keyshape.is_documented_example(value)
    assert not keyshape.is_reportable_key_id(value)
    assert not keyshape.is_reportable_secret(value)


@pytest.mark.parametrize(
    ("key_id", "kind"),
    [(KEY, "long-term"), ("ABIA" + KEY[4:], "long-term"), (TEMP_KEY, "temporary")],
)
def test_key_type(key_id: str, kind: str) -> None:
    assert keyshape.key_type(key_id) == kind


@pytest.mark.parametrize("account", [1, 123456789012, 999999999999, 42])
def test_account_id_round_trip(account: int) -> None:
    assert keyshape.account_id_of(_key_for_account(account)) == f"{account:012d}"


def test_account_id_absent_when_first_bit_is_zero() -> None:
    key = "AKIA" + base64.b32encode(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09").decode()[:16]
    assert keyshape.account_id_of(key) is None
    assert keyshape.account_id_of("not a key") is None


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        (KEY, KEY[:4] + "*" * 12 + KEY[-4:]),
        (SECRET, "*" * 36 + SECRET[-4:]),
        ("short", "*****"),
    ],
)
def test_mask(value: str, masked: str) -> None:
    assert keyshape.mask(value) == masked


def test_sha256_hex_is_stable_and_not_the_value() -> None:
    digest = keyshape.sha256_hex(SECRET)
    assert digest == keyshape.sha256_hex(SECRET)
    assert len(digest) == 64 and SECRET not in digest
