from __future__ import annotations

import pytest

from scanner.passes.keys.keyids import find_key_ids
from scanner.passes.keys.nearby import find_nearby_secrets
from scanner.source import SourceFile

from .fakes import KEY2, SECRET2

K, S = KEY2, SECRET2  # the secret holds "+" and "/", the characters writers escape
FILLER = "x = 1\n"
PERCENT = S.replace("+", "%2B").replace("/", "%2F")
PERCENT_LOWER = S.replace("+", "%2b").replace("/", "%2f")
JSON_SLASH = S.replace("/", "\\/")
SHA = "c8216ab0be34c8d34c8241b7e5a5f8f1fb04cb35"


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
        ("git sha", f"{K}\nGIT_COMMIT={SHA}", []),
        ("named digest", f"{K}\nchecksum: {S}", []),
        ("named session", f"{K}\nsession_id={S}", []),
        ("part of a longer token", f"{K}\nsha512-{S}{S}", []),
        ("dotted", f"{K}\nfile.{S}", []),
        ("documented example", f"{K} wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", []),
        ("no key id", f"AKIAIOSFODNN7EXAMPLE {S}", []),
        # Escaped forms: the same exclusions hold, and an escape neither starts nor ends a token.
        ("url userinfo, percent-encoded", f"aws://{K}:{PERCENT}@", [1]),
        ("json, escaped slash", f'{{"id": "{K}",\n "secret": "{JSON_SLASH}"}}', [2]),
        ("percent-encoded, too long", f"{K} {PERCENT}%2F", []),
        ("json-escaped, too long", f"{K} {JSON_SLASH}\\u002B", []),
        ("percent-encoded padding after", f"{K} {S}%3D", []),
        ("json-escaped padding after", f"{K} {S}\\u003d", []),
        ("inside a percent escape", f"{K} %2F{S[:38]}", []),
        ("inside a json escape", f"{K} \\u002B{S[:35]}", []),
        # The window ends inside the "%2F" that makes the token 41 characters long.
        ("escape cut by the window", f"{K}," + "a," * 279 + f"{S}%2F", []),
        ("named digest, escaped quotes", f'{K}\n\\"checksum\\": \\"{JSON_SLASH}\\"', []),
        ("git sha, escaped quotes", f'{K}\n\\"rev\\": \\"{SHA}\\"', []),
    ],
)
def test_find_nearby_secrets(why: str, text: str, lines: list[int]) -> None:
    assert _lines(text) == lines, why


@pytest.mark.parametrize(
    ("written", "encoding"),
    [(S, ""), (PERCENT, "percent"), (PERCENT_LOWER, "percent"), (JSON_SLASH, "")],
)
def test_nearby_secret_is_decoded_where_written(written: str, encoding: str) -> None:
    text = f"{K}:{written}@"
    (found,) = find_nearby_secrets(text, list(find_key_ids(text, frozenset())), frozenset())
    assert (found.value, found.encoding) == (S, encoding)
    assert text[found.start : found.end] == written
