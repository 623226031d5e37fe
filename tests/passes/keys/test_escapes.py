from __future__ import annotations

from collections.abc import Callable

import pytest

from scanner.passes.keys.candidate import Kind
from scanner.passes.keys.escapes import escape_length, unescape
from scanner.passes.keys.scanning import find_candidates

from .fakes import KEY, SECRET2

K = KEY
S = SECRET2  # holds both "+" and "/", the characters writers escape
assert "+" in S and "/" in S


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("%2F", 3),
        ("%2b", 3),
        ("%3D", 3),
        ("\\/", 2),
        ("\\u002B", 6),
        ("\\u002f", 6),
        ("\\u003d", 6),
        ("%40", 0),
        ("%2", 0),
        ("\\n", 0),
        ("\\u0041", 0),
        ("\\u002", 0),
        ("a", 0),
        ("", 0),
    ],
)
def test_escape_length(text: str, length: int) -> None:
    assert escape_length(f"x{text}", 1) == length


@pytest.mark.parametrize(
    ("written", "meant", "encoding"),
    [
        ("a%2Fb%2bc%3d", "a/b+c=", "percent"),
        ("a\\/b\\u002Bc\\u002fd", "a/b+c/d", ""),
        ("a\\/b%2F", "a/b/", "percent"),
        # Only the escapes of + / = are read; any other is left as written.
        ("a%40b\\nc", "a%40b\\nc", ""),
        # One pass: an escape that decoding would form is not decoded again.
        ("%252F", "%252F", ""),
        ("plain", "plain", ""),
    ],
)
def test_unescape(written: str, meant: str, encoding: str) -> None:
    assert unescape(written) == (meant, encoding)


Writer = Callable[[str], str]

# How writers escape a secret: a URL encoder (quote_plus, encodeURIComponent), PHP's
# json_encode, .NET's System.Text.Json, and lower-case variants of each.
WRITERS: dict[str, tuple[Writer, str]] = {
    "plain": (lambda s: s, ""),
    "percent": (lambda s: s.replace("+", "%2B").replace("/", "%2F"), "percent"),
    "percent lower": (lambda s: s.replace("+", "%2b").replace("/", "%2f"), "percent"),
    "json slash": (lambda s: s.replace("/", "\\/"), ""),
    "json unicode": (lambda s: s.replace("+", "\\u002B").replace("/", "\\u002F"), ""),
    "json unicode lower": (lambda s: s.replace("+", "\\u002b").replace("/", "\\u002f"), ""),
}

# Every way a detector finds a secret, with `{w}` where the written secret goes.
PLACES = {
    "named, quoted": 'aws_secret_access_key = "{w}"',
    "named, url query": "s3://b/k?aws_secret_access_key={w}&x=1",
    "named, json": '{{"SecretAccessKey": "{w}"}}',
    "next to a key id, json": '{{"id": "{k}", "secret": "{w}"}}',
    "next to a key id, table": "| {k} | {w} |",
    "url userinfo, airflow": "AIRFLOW_CONN_AWS_DEFAULT='aws://{k}:{w}@'",
    "url userinfo, dotenv": "AIRFLOW_CONN_AWS_DEFAULT=aws://{k}:{w}@",
    "url userinfo, s3": "s3://{k}:{w}@bucket/path",
}


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("place", PLACES)
def test_every_detector_reads_every_escape(writer: str, place: str) -> None:
    escape, encoding = WRITERS[writer]
    written = escape(S)
    text = PLACES[place].format(k=K, w=written)

    found = find_candidates(text, weak_names_ok=False, extra=frozenset())

    secrets = [c for c in found if c.kind is Kind.SECRET]
    assert [c.value for c in secrets] == [S]
    # The region is the text as written; the value (digest, masked message) is the secret.
    assert text[secrets[0].start : secrets[0].end] == written
    assert secrets[0].encoding == encoding
