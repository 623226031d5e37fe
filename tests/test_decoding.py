from __future__ import annotations

import codecs

import pytest

from scanner.decoding import BinaryContent, Layout, decode, layout, stream_encoding

TEXT = "key = 'AKIA' # café 北京\n"
# Mostly CJK, with a line break now and then: in UTF-32, two NUL bytes in every four.
CJK = "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8\u3067\u3059\u3002" * 3 + "\n"
CJK *= 200


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        pytest.param(TEXT.encode("utf-8"), "utf-8", TEXT, id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", TEXT, id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", TEXT, id="16le"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", TEXT, id="16be"),
        pytest.param(
            ("x = 1\n" * 40).encode("utf-16-le"), "utf-16-le", "x = 1\n" * 40, id="16le-nobom"
        ),
        pytest.param(
            ("x = 1\n" * 40).encode("utf-16-be"), "utf-16-be", "x = 1\n" * 40, id="16be-nobom"
        ),
        pytest.param(
            ("x = 1\n" * 40).encode("utf-32-le"), "utf-32-le", "x = 1\n" * 40, id="32le-nobom"
        ),
        *(
            pytest.param(CJK.encode(codec), codec, CJK, id=f"cjk-{codec}-nobom")
            for codec in ("utf-32-le", "utf-32-be")
        ),
        pytest.param(
            ("x = 1\n" * 40).encode("utf-32-be"), "utf-32-be", "x = 1\n" * 40, id="32be-nobom"
        ),
        pytest.param(
            "Configuración\n".encode("latin-1"), "latin-1", "Configuración\n", id="latin-1"
        ),
        pytest.param(b"", "utf-8", "", id="empty"),
    ],
)
def test_decodes_text(data: bytes, encoding: str, text: str) -> None:
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert decoded.text == text


def test_mostly_utf8_keeps_utf8_and_replaces_strays() -> None:
    data = "北京 mirror ".encode() + b"\xff" + b" AKIA\n"
    decoded = decode(data)
    assert decoded.text.startswith("北京 mirror ")
    assert decoded.text.endswith("\ufffd AKIA\n")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00", id="wav"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", id="png"),
        pytest.param(bytes(range(256)) * 4, id="all-bytes"),
    ],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryContent):
        decode(data)


def test_nul_after_first_block_is_still_text() -> None:
    data = b"a" * 9000 + b"\x00" + b"AKIA\n"
    assert decode(data).text.endswith("AKIA\n")


_ASCII_LINE = b"aws_access_key_id=AKIAQUMPMHS6PJARB7LM\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_ASCII_LINE + b"\x00\x01" * 50, id="ascii-then-nul-pairs-be"),
        pytest.param(_ASCII_LINE + b"\x01\x00" * 50, id="ascii-then-nul-pairs-le"),
        pytest.param(b"\x00\x01" * 200, id="control-chars-in-be-shape"),
        pytest.param(b"\x07\x00" * 200, id="control-chars-in-le-shape"),
        pytest.param(
            ("x = 1\n" * 10).encode("utf-16-le") + _ASCII_LINE * 3, id="utf16-le-then-ascii"
        ),
    ],
)
def test_nul_pattern_that_is_not_utf16_is_binary(data: bytes) -> None:
    with pytest.raises(BinaryContent):
        decode(data)
    with pytest.raises(BinaryContent):
        stream_encoding(data)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param("key = AKIAQUMPMHS6PJARB7LM # 北京\n" * 20, "utf-16-le", id="le-some-cjk"),
        pytest.param("key = AKIAQUMPMHS6PJARB7LM # 北京\n" * 20, "utf-16-be", id="be-some-cjk"),
        pytest.param("a\tb\r\n" * 30, "utf-16-le", id="le-whitespace"),
    ],
)
def test_utf16_without_bom_still_decodes(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    decoded = decode(data)
    assert (decoded.encoding, decoded.text) == (encoding, text)
    assert stream_encoding(data) == encoding


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(TEXT.encode("utf-8"), Layout.TEXT, id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), Layout.TEXT, id="utf-8-bom"),
        pytest.param("Configuración\n".encode("latin-1"), Layout.TEXT, id="latin-1"),
        pytest.param(b"", Layout.TEXT, id="empty"),
        # A UTF-16 BOM on bytes without NUL is not believed: the file is read as UTF-8.
        pytest.param(codecs.BOM_UTF16_LE + b"AKIA plain", Layout.TEXT, id="implausible-bom"),
        pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), Layout.WIDE, id="16le"),
        pytest.param(("x = 1\n" * 40).encode("utf-16-be"), Layout.WIDE, id="16be-nobom"),
        pytest.param(codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), Layout.WIDE, id="32le"),
        pytest.param(("x = 1\n" * 9).encode("utf-32-be"), Layout.WIDE, id="32be-nobom"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Layout.BINARY, id="png"),
    ],
)
def test_layout_says_whether_ascii_bytes_are_their_characters(
    data: bytes, expected: Layout
) -> None:
    assert layout(data) is expected
    if expected is Layout.TEXT:
        # The promise the byte tests rely on: every ASCII character of the decoded text is
        # an ASCII byte of the data, in the same order.
        text = decode(data).text
        assert [c for c in text if c.isascii()] == [chr(b) for b in data if b < 128]


_PADDING = "# padding line\n" * 600  # over the 8 KiB the encoding is judged from
_ASCII_KEY = b"aws_access_key_id = AKIA" + b"Q" * 16 + b"\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # Wide text that goes on in ASCII: read as binary, byte for byte, so the keys below
        # stay visible to the key search.
        pytest.param(
            _PADDING.encode("utf-32-le") + _ASCII_KEY, Layout.BINARY, id="32le-then-ascii"
        ),
        pytest.param(
            _PADDING.encode("utf-32-be") + _ASCII_KEY, Layout.BINARY, id="32be-then-ascii"
        ),
        pytest.param(
            _PADDING.encode("utf-16-le") + _ASCII_KEY * 200, Layout.BINARY, id="16-then-ascii"
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + _PADDING.encode("utf-16-le") + _ASCII_KEY * 200,
            Layout.BINARY,
            id="16-bom-then-ascii",
        ),
        # Binary whose first block looks like UTF-32 text.
        pytest.param(b"\0\0\0A" * 2000 + _ASCII_KEY, Layout.BINARY, id="32-lookalike"),
        # Wide text throughout, long lines of it included.
        pytest.param((_PADDING * 3).encode("utf-32-le"), Layout.WIDE, id="32le-long"),
        pytest.param(
            codecs.BOM_UTF16_LE + ("\u5317\u4eac " * 5000).encode("utf-16-le"),
            Layout.WIDE,
            id="16-cjk",
        ),
    ],
)
def test_a_file_is_wide_only_if_it_stays_wide(data: bytes, expected: Layout) -> None:
    assert layout(data) is expected
    if expected is Layout.BINARY:
        with pytest.raises(BinaryContent):
            decode(data)
