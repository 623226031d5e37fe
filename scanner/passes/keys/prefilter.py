"""The cheap test that decides whether a file is worth scanning for keys at all.

It must cost a few plain substring searches per file: most files in a sweep fail it, and the
later issue's speed target leaves no room for regular expressions or detect-secrets here.
"""

from __future__ import annotations

from scanner.keyshape import KEY_ID_PREFIXES

# Every secret name the pass understands contains "secret" or "aws"; every key id starts with
# one of the prefixes, as text or inside base64 (see BASE64_PREFIX_MARKERS).
_WORDS = ("secret", "aws")


def _base64_markers() -> tuple[str, ...]:
    """Base64 characters that only a key-id prefix can produce, at each of the 3 alignments.

    Prefix P sits at byte offset `shift` of the encoded stream; character j of the output
    carries bits [6j, 6j + 6), so the characters wholly inside P's 32 bits are fixed by P.
    """
    import base64

    markers: list[str] = []
    for prefix in KEY_ID_PREFIXES:
        for shift in range(3):
            encoded = base64.b64encode(b"\0" * shift + prefix.encode() + b"\0\0\0").decode()
            first = -(-8 * shift // 6)
            last = (8 * shift + 32) // 6
            markers.append(encoded[first:last])
    return tuple(markers)


BASE64_PREFIX_MARKERS = _base64_markers()


def is_candidate(text: str) -> bool:
    if any(prefix in text for prefix in KEY_ID_PREFIXES):
        return True
    lowered = text.lower()
    if any(word in lowered for word in _WORDS):
        return True
    return any(marker in text for marker in BASE64_PREFIX_MARKERS)
