from __future__ import annotations

import base64

import pytest

from scanner.passes.keys.values import decode_base64_secret, read_value

from .fakes import SECRET

S = SECRET
HALF = len(S) // 2


@pytest.mark.parametrize(
    ("text", "meant", "encoding"),
    [
        (f'NAME = "{S}"', S, ""),
        (f"NAME='{S}'", S, ""),
        (f"NAME={S}", S, ""),
        (f"NAME = {S} # comment", S, ""),
        (f'"NAME": "{S}",', S, ""),
        (f"NAME: {S}", S, ""),
        (f"NAME:{S}", S, ""),
        (f"NAME {S}", S, ""),
        (f"NAME\t{S}", S, ""),
        (f"NAME>{S}</NAME>", S, ""),
        (f'NAME"] = "{S}"', S, ""),
        (f"NAME' => '{S}',", S, ""),
        (f"NAME := `{S}`", S, ""),
        (f'NAME", "{S}")', S, ""),
        (f'NAME = \\"{S}\\"\\n",', S, ""),
        (f'NAME = ("{S[:HALF]}"\n    "{S[HALF:]}")', S, ""),
        (f"NAME = '{S[:HALF]}' + '{S[HALF:]}'", S, ""),
        (f'NAME = "{S[:10]}" \\\n  "{S[10:25]}" \\\n  "{S[25:]}"', S, ""),
        (f"NAME = '{S[:HALF]}' . '{S[HALF:]}';", S, ""),
        (f'NAME = "{S.replace("/", "%2F").replace("+", "%2B")}"', S, "percent"),
        (f'NAME = "{S.replace("/", chr(92) + "/")}"', S, ""),
        (f'NAME = "{S.replace("+", chr(92) + "u002B")}"', S, ""),
        (f"NAME={S.replace('+', '%2b')}&", S, "percent"),
        (f"NAME: {S.replace('+', chr(92) + 'u002b')}", S, ""),
        (f"NAME: {base64.b64encode(S.encode()).decode()}", S, "base64"),
        # Python string prefixes; a bare value that starts with such a letter stays whole.
        (f'NAME = b"{S}"', S, ""),
        (f"NAME = rb'{S}'", S, ""),
        (f'NAME = (b"{S[:HALF]}"\n    b"{S[HALF:]}")', S, ""),
        (f"NAME=b{S[1:]}", "b" + S[1:], ""),
        (f"NAME = f'{S}'", S, ""),
        # YAML block scalars: the value is on the next line.
        (f"NAME: |\n  {S}\n", S, ""),
        (f"NAME: >-\n    {S}\n", S, ""),
        (f"NAME: |+2 # the key\n  {S}\n", S, ""),
        (f"a:\n  NAME: >\n\n    {S}\n", S, ""),
        ("NAME: |\n" + "  \n" * 40 + f"  {S}\n", S, ""),
        (f"NAME: !!str |\n  {S}\n", S, ""),
        (f"NAME: !!str {S}\n", S, ""),
    ],
)
def test_read_value(text: str, meant: str, encoding: str) -> None:
    name_end = text.index("NAME") + len("NAME")
    value = read_value(text, name_end)
    assert value is not None
    assert value.text == meant
    assert value.encoding == encoding
    assert value.start >= name_end
    assert value.end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "NAME = os.environ['X']",
        "NAME = None",
        "NAME",
        "NAME\n" + S,
        "NAMEvalue",
        "NAME = " + "a" * 300,
        f'NAME = "{S}',
        f"NAME: |{S}",
        f"NAME: |\nother: {S}",
        # An empty block: the next line, no deeper than the name, is another entry.
        f"NAME: |\n{S}: x",
        f"  NAME: |\n  {S}: x",
        f"NAME = x'{S}'",
    ],
)
def test_read_value_without_a_literal(text: str) -> None:
    value = read_value(text, len("NAME"))
    assert value is None or value.text != S


def test_split_value_stops_at_forty_characters() -> None:
    text = f'NAME = "{S}" "{S[:5]}"'
    value = read_value(text, len("NAME"))
    assert value is not None and value.text == S


@pytest.mark.parametrize(
    ("encoded", "decoded"),
    [
        (base64.b64encode(S.encode()).decode(), S),
        (base64.b64encode(S.encode()).decode().rstrip("="), S),
        (base64.b64encode(S[:30].encode()).decode(), None),
        ("not base64 at all!", None),
    ],
)
def test_decode_base64_secret(encoded: str, decoded: str | None) -> None:
    assert decode_base64_secret(encoded) == decoded
