from __future__ import annotations

import base64

import pytest

from scanner.passes.keys.candidate import Kind
from scanner.passes.keys.scanning import find_candidates
from scanner.source import SourceFile

from .fakes import KEY, SECRET

K, S = KEY, SECRET


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def urlsafe(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


CREDENTIALS = f"[default]\naws_access_key_id = {K}\naws_secret_access_key = {S}\n"
K8S_SECRET = f"""apiVersion: v1
kind: Secret
metadata:
  name: s3
type: Opaque
data:
  AWS_ACCESS_KEY_ID: {b64(K)}
  AWS_SECRET_ACCESS_KEY: {b64(S)}
  credentials: {b64(CREDENTIALS)}
  region: {b64("eu-west-1")}
"""


def _found(text: str) -> list[tuple[Kind, int, str]]:
    source = SourceFile.from_text("f", text)
    found = find_candidates(source.text, weak_names_ok=False, extra=frozenset())
    assert all(c.value in (K, S) for c in found)
    return [(c.kind, source.position(c.start)[0], c.encoding) for c in found]


@pytest.mark.parametrize(
    ("why", "text", "expected"),
    [
        (
            "kubernetes secret data",
            K8S_SECRET,
            [
                (Kind.KEY_ID, 7, "base64"),
                (Kind.SECRET, 8, "base64"),
                (Kind.KEY_ID, 9, "base64"),
                (Kind.SECRET, 9, "base64"),
            ],
        ),
        ("base64 key id, aligned", f'token = "{b64(K)}"', [(Kind.KEY_ID, 1, "base64")]),
        ("base64 key id, shift 1", f"x: {b64(':' + K)}", [(Kind.KEY_ID, 1, "base64")]),
        ("base64 key id, shift 2", f"x: {b64('= ' + K)}", [(Kind.KEY_ID, 1, "base64")]),
        (
            "base64 pair",
            f"auth: {b64(K + ':' + S)}",
            [(Kind.KEY_ID, 1, "base64"), (Kind.SECRET, 1, "base64")],
        ),
        ("urlsafe base64", f"x={urlsafe('??>' + K)}", [(Kind.KEY_ID, 1, "base64")]),
        (
            "long blob",
            "blob: " + b64("z" * 3000 + CREDENTIALS + "z" * 3000),
            [(Kind.KEY_ID, 1, "base64"), (Kind.SECRET, 1, "base64")],
        ),
        ("kubernetes without aws keys", K8S_SECRET.split("  AWS_")[0], []),
        ("bare secret under a generic name", f"kind: Secret\ndata:\n  blob: {b64(S)}\n", []),
        ("embedded in decoded text", f"x: {b64('u' + K)}", []),
        ("ordinary base64", f"x: {b64('QUtJQ and some more ordinary text here')}", []),
    ],
)
def test_encoded(why: str, text: str, expected: list[tuple[Kind, int, str]]) -> None:
    assert _found(text) == expected, why


def test_encoded_region_is_the_encoded_value() -> None:
    text = f"data:\n  k: {b64(K)}\n"
    (candidate,) = find_candidates(text, weak_names_ok=False, extra=frozenset())
    assert text[candidate.start : candidate.end] == b64(K)
