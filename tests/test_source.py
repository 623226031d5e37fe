from __future__ import annotations

import pytest

from scanner.models import Region
from scanner.source import SourceFile, normalise_newlines


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\r", "a\nb\n"),
        ("a\r\n\rb", "a\n\nb"),
        ("no breaks", "no breaks"),
    ],
)
def test_crlf_and_cr_are_one_break(raw: str, normalised: str) -> None:
    assert normalise_newlines(raw) == normalised


@pytest.mark.parametrize(
    ("text", "offset", "position"),
    [
        ("abc\ndef\n", 0, (1, 1)),
        ("abc\ndef\n", 3, (1, 4)),
        ("abc\ndef\n", 4, (2, 1)),
        ("abc\ndef\n", 6, (2, 3)),
        ("abc\ndef", 7, (2, 4)),
    ],
)
def test_position(text: str, offset: int, position: tuple[int, int]) -> None:
    assert SourceFile.from_text("f", text).position(offset) == position


def test_lines_do_not_split_on_unicode_separators() -> None:
    source = SourceFile.from_text("f", "a\x0cb\u2028c\nsecond")
    assert source.line_count == 2
    assert source.line(1) == "a\x0cb\u2028c"
    assert source.line(2) == "second"
    assert source.line(3) == ""


def test_region_spans_lines() -> None:
    source = SourceFile.from_text("f", "x = (\n  'AKIA'\n)\n")
    start = source.text.index("(")
    end = source.text.index(")") + 1
    assert source.region(start, end) == Region(1, 5, 3, 2)


@pytest.mark.parametrize(
    ("path", "name", "suffix"),
    [("a/b/main.tf", "main.tf", ".tf"), (".env", ".env", ""), ("x/Dockerfile", "Dockerfile", "")],
)
def test_name_and_suffix(path: str, name: str, suffix: str) -> None:
    source = SourceFile.from_text(path, "")
    assert (source.name, source.suffix) == (name, suffix)


# Words searched for in SourceFile.ascii_lower(): the suppression markers and the key pass's
# prefilter words.
_SEARCHED_WORDS = ("credsweep", "pragma", "secret", "aws")


@pytest.mark.parametrize("word", _SEARCHED_WORDS)
def test_no_non_ascii_character_lowers_into_a_searched_word(word: str) -> None:
    """Why the ASCII view finds what `text.lower()` finds: only non-ASCII characters become
    "?" there, and none of them lowers into a letter of these words."""
    letters = set(word)
    into_ascii = {
        chr(point): chr(point).lower()
        for point in range(0x80, 0x110000)
        if any(c.isascii() for c in chr(point).lower())
    }
    assert set(into_ascii) == {"\u0130", "\u212a"}  # İ and the Kelvin sign
    assert not any(letters & set(lowered) for lowered in into_ascii.values())


@pytest.mark.parametrize(
    "text",
    [
        "x = 1  # CredSweep: ignore\n",
        "naïve = 'x'  # PRAGMA: allowlist secret\n",
        "café AWS_Secret = 1\n",
        "\u212aey = 'value'  # no marker\n",
        "\u0130\u0130\u0130 credsw\u00e9ep\n",
        "日本語のテキスト secret\n",
        "",
    ],
)
def test_ascii_lower_finds_each_word_as_lower_does(text: str) -> None:
    source = SourceFile.from_text("f.txt", text)
    view = source.ascii_lower()
    assert len(view) == len(source.text) and view.isascii()
    for word in _SEARCHED_WORDS:
        assert (word in view) == (word in source.text.lower())
