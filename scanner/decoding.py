"""Bytes to text, or a reason why a file is not text.

Keys are ASCII, so a wrong guess between legacy encodings costs nothing; dropping a file
costs a missed key. Hence: decode whatever can be decoded, fall back to Latin-1, and skip
only what is plainly binary.
"""

from __future__ import annotations

import codecs
import enum
from dataclasses import dataclass

SNIFF_BLOCK = 8192

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# Codecs that consume their own BOM, for decoding a file piece by piece.
_SELF_BOM_CODECS = {
    "utf-32-le": "utf-32",
    "utf-32-be": "utf-32",
    "utf-8-sig": "utf-8-sig",
    "utf-16-le": "utf-16",
    "utf-16-be": "utf-16",
}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


class BinaryContent(ValueError):
    """The bytes are not text in any encoding worth scanning."""


@dataclass(frozen=True)
class _Sniffed:
    """What the first bytes say: a believable BOM, a BOM-less UTF-16 guess, or nothing."""

    encoding: str | None
    # Where the text starts: after a believable BOM, or after one too implausible to honour.
    start: int
    from_bom: bool = False


def _sniff(data: bytes) -> _Sniffed:
    """Raise BinaryContent for NUL bytes in the first block that are not UTF-16 or UTF-32
    text."""
    start = 0
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if _plausible(data, bom, encoding):
                return _wide_throughout(data, _Sniffed(encoding, len(bom), from_bom=True))
            start = len(bom)
            break
    # Searched in place: a copy of every file's first block cost more than the search.
    if data.find(b"\x00", start, start + SNIFF_BLOCK) != -1:
        wide = _wide_without_bom(data[start : start + SNIFF_BLOCK])
        if wide is None:
            raise BinaryContent("NUL bytes in the first block")
        return _wide_throughout(data, _Sniffed(wide, start))
    return _Sniffed(None, start)


# In UTF-16 text, a run this long without a NUL byte holds no ASCII character, not even a
# space or a line break: rather, the file stops being UTF-16 there.
_UTF16_NUL_FREE_RUN = 4096


def _wide_throughout(data: bytes, sniffed: _Sniffed) -> _Sniffed:
    """The sniffed wide encoding, if the whole file keeps to it; else BinaryContent.

    Judged from its first block alone, a file could open with wide text and go on in ASCII,
    which read as UTF-16 or UTF-32 becomes other characters: keys below would be hidden.
    Such a file is read as binary instead, byte for byte, and said to be partly scanned.
    """
    encoding, start = sniffed.encoding, sniffed.start
    if encoding is None or encoding == "utf-8-sig":
        return sniffed
    if encoding.startswith("utf-32"):
        try:
            data[start:].decode(encoding)  # code points over U+10FFFF: not UTF-32
        except UnicodeDecodeError:
            raise BinaryContent("not UTF-32 throughout") from None
        return sniffed
    for window in range(start, len(data) - _UTF16_NUL_FREE_RUN + 1, _UTF16_NUL_FREE_RUN):
        if data.find(b"\x00", window, window + _UTF16_NUL_FREE_RUN) == -1:
            raise BinaryContent("not UTF-16 throughout")
    return sniffed


class Layout(enum.Enum):
    """How characters sit in a file's bytes, as `decode` will read them."""

    # Every ASCII byte is that character: UTF-8 (with or without BOM), Latin-1, and the
    # like. A search for an ASCII literal in the raw bytes finds what one in the text would.
    TEXT = "text"
    # UTF-16 or UTF-32: two or four bytes a character.
    WIDE = "wide"
    # NUL bytes in the first block and no UTF-16 pattern: read as Latin-1, byte for
    # character, by the key search alone.
    BINARY = "binary"


def layout(data: bytes) -> Layout:
    try:
        encoding = _sniff(data).encoding
    except BinaryContent:
        return Layout.BINARY
    return Layout.TEXT if encoding in (None, "utf-8-sig") else Layout.WIDE


def decode(data: bytes) -> Decoded:
    """Decode file content; raise BinaryContent for binary data."""
    sniffed = _sniff(data)
    body = data[sniffed.start :] if sniffed.start else data
    if sniffed.encoding is not None:
        codec = "utf-8" if sniffed.encoding == "utf-8-sig" else sniffed.encoding
        return Decoded(body.decode(codec, errors="replace"), sniffed.encoding)
    try:
        return Decoded(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(body):
        # A UTF-8 file with a few stray bytes (a pasted Latin-1 word): keep the UTF-8 text
        # right and replace only the strays.
        return Decoded(body.decode("utf-8", errors="replace"), "utf-8 (with replacement)")
    return Decoded(body.decode("latin-1"), "latin-1")


def stream_encoding(head: bytes) -> str:
    """The codec for reading a file too large to decode whole, judged from its first block.

    Raise BinaryContent as `decode` would. Without a BOM or a UTF-16 byte pattern, UTF-8 with
    replacement: keys are ASCII, so stray legacy bytes cost nothing.
    """
    sniffed = _sniff(head)
    if sniffed.encoding is None:
        return "utf-8"
    return _SELF_BOM_CODECS[sniffed.encoding] if sniffed.from_bom else sniffed.encoding


def _plausible(data: bytes, bom: bytes, encoding: str) -> bool:
    """Whether a BOM can be believed.

    In UTF-16 and UTF-32 every ASCII character has a NUL byte. Bytes that start with such a
    BOM but hold no NUL cannot contain a key in that encoding, and two bytes are all it takes
    to hide a plain file's keys that way, so such a file is decoded as if it had no BOM.
    """
    return encoding == "utf-8-sig" or data.find(b"\x00", len(bom)) != -1


# A BOM-less UTF-16 guess turns a file into other text entirely, hiding every key in it, so
# it must be near-certain: binary that merely has many NULs is skipped as binary, loudly.
_UTF16_NUL_SHARE = 0.9
_UTF16_STRAY_NUL_SHARE = 0.05
_UTF16_PRINTABLE_SHARE = 0.9


def _wide_without_bom(head: bytes) -> str | None:
    """UTF-32 or UTF-16 recognised by where its NUL bytes fall (see the two tests)."""
    return _utf32_without_bom(head) or _utf16_without_bom(head)


def _utf32_without_bom(head: bytes) -> str | None:
    """UTF-32 text has NUL as its two top bytes nearly throughout (every character below
    U+10000), and rarely as its lowest."""
    quads = len(head) // 4
    if quads < 2:
        return None
    lanes = [head[lane : quads * 4 : 4].count(0) for lane in range(4)]
    # The two top bytes are NUL for every character below U+10000, CJK text included.
    for codec, low, high in (("utf-32-le", 0, (2, 3)), ("utf-32-be", 3, (1, 0))):
        if all(lanes[lane] >= quads * _UTF16_NUL_SHARE for lane in high) and (
            lanes[low] <= quads * _UTF16_STRAY_NUL_SHARE
        ):
            text = head[: quads * 4].decode(codec, errors="replace")
            return codec if _mostly_printable(text) else None
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text of mostly ASCII characters has NUL in every other byte, nearly throughout.
    (Text in another script has too few to tell it from binary: it needs its BOM.)"""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even_nul = head[0 : pairs * 2 : 2].count(0)
    odd_nul = head[1 : pairs * 2 : 2].count(0)
    for codec, expected, stray in (
        ("utf-16-le", odd_nul, even_nul),
        ("utf-16-be", even_nul, odd_nul),
    ):
        if expected >= pairs * _UTF16_NUL_SHARE and stray <= pairs * _UTF16_STRAY_NUL_SHARE:
            text = head[: pairs * 2].decode(codec, errors="replace")
            return codec if _mostly_printable(text) else None
    return None


def _mostly_printable(text: str) -> bool:
    """Whether nearly every character is printable or ordinary whitespace."""
    printable = sum(
        1 for char in text if char in "\t\n\r\f\v" or (char.isprintable() and char != "\ufffd")
    )
    return printable >= len(text) * _UTF16_PRINTABLE_SHARE


def _mostly_utf8(data: bytes) -> bool:
    """More valid multi-byte UTF-8 sequences than invalid bytes."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    multibyte = sum(1 for char in text if ord(char) > 0x7F and char != "\ufffd")
    return multibyte > invalid
