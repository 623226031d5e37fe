from __future__ import annotations

import pytest

from scanner.passes.keys.keyids import find_key_ids
from scanner.passes.keys.nearby import find_nearby_secrets
from scanner.source import SourceFile

from .fakes import KEY, SECRET

K, S = KEY, SECRET
FILLER = "x = 1\n"


def _lines(text: str) -> list[int]:
    source = SourceFile.from_text("f", text)
    key_ids = list(find_key_ids(source.text, frozenset()))
    found = list(find_nearby_secrets(source.text, key_ids, frozenset()))
    assert all(candidate.value == S for candidate in found)
    return [source.position(candidate.start)[0] for candidate in found]


@pytest.mark.parametrize(
    ("why", "text", "lines"),
    [
        ("passwd-s3fs", f"{K}:{S}", [1]),
        ("bucket-prefixed passwd-s3fs", f"bucket:{K}:{S}", [1]),
        ("positional arguments", f'connect("{K}",\n        "{S}")', [2]),
        ("table row", f"| {K} | {S} |", [1]),
        ("three lines below", f"{K}\n{FILLER * 2}{S}", [4]),
        ("three lines above", f"{S}\n{FILLER * 2}{K}", [1]),
        ("too far below", f"{K}\n{FILLER * 4}{S}", []),
        ("too far along a minified line", f"{K}," + "a," * 400 + S, []),
        ("close on a minified line", "a," * 400 + f"{K},{S}," + "b," * 400, [1]),
        ("git sha", f"{K}\nGIT_COMMIT=c8216ab0be34c8d34c8241b7e5a5f8f1fb04cb35", []),
        ("named digest", f"{K}\nchecksum: {S}", []),
        ("named session", f"{K}\nsession_id={S}", []),
        ("part of a longer token", f"{K}\nsha512-{S}{S}", []),
        ("dotted", f"{K}\nfile.{S}", []),
        ("documented example", f"{K} wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", []),
        ("no key id", f"AKIAIOSFODNN7EXAMPLE {S}", []),
    ],
)
def test_find_nearby_secrets(why: str, text: str, lines: list[int]) -> None:
    assert _lines(text) == lines, why
