"""All detectors over one text, before any decoding: key ids, named secrets, secrets next
to key ids."""

from __future__ import annotations

from scanner.passes.keys.candidate import Candidate
from scanner.passes.keys.keyids import find_key_ids
from scanner.passes.keys.named import find_named_secrets
from scanner.passes.keys.nearby import find_nearby_secrets


def scan_plain(
    text: str, *, weak_names_ok: bool, extra: frozenset[str], lowered: str | None = None
) -> list[Candidate]:
    """`lowered` is `text.lower()` when the caller has it already."""
    key_ids = list(find_key_ids(text, extra))
    found = list(key_ids)
    found.extend(
        find_named_secrets(text, weak_names_ok=weak_names_ok, extra=extra, lowered=lowered)
    )
    if key_ids:
        found.extend(find_nearby_secrets(text, key_ids, extra))
    return found
