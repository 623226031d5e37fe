from __future__ import annotations

import base64
import gzip

import pytest

from scanner.passes.iac.userdata_decode import decode_user_data

SCRIPT = "#!/bin/bash\nexport AWS_REGION=eu-west-1\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (base64.b64encode(SCRIPT.encode()).decode(), SCRIPT),
        (base64.encodebytes(SCRIPT.encode()).decode(), SCRIPT),
        (base64.b64encode(gzip.compress(SCRIPT.encode())).decode(), SCRIPT),
        (SCRIPT, SCRIPT),
        ("short", "short"),
        # A git SHA is valid base64 but decodes to binary: kept as written.
        ("4b825dc642cb6eb9a060e54bf8d69288fbee4904", "4b825dc642cb6eb9a060e54bf8d69288fbee4904"),
        (
            base64.b64encode(bytes(range(256))).decode(),
            base64.b64encode(bytes(range(256))).decode(),
        ),
    ],
)
def test_decoding(text: str, expected: str) -> None:
    assert decode_user_data(text) == expected


def test_a_gzip_bomb_is_cut_short() -> None:
    bomb = base64.b64encode(gzip.compress(b"A" * (8 << 20))).decode()
    decoded = decode_user_data(bomb)
    assert len(decoded) <= 1 << 20
