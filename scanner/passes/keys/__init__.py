"""Pass 1: hard-coded AWS keys and committed credential files, in any text file.

Only the prefilter is imported with the pass: the detectors load on the first file that
passes it, so a pre-commit hook on ordinary files does not pay for them.
"""

from __future__ import annotations

from scanner.models import PassResult, PassSettings
from scanner.passes.keys.prefilter import may_hold_key, may_hold_key_raw
from scanner.source import SourceFile

CANDIDATES_METRIC = "keys.candidates"


class KeyPass:
    name = "keys"

    def may_want(self, path: str, raw: bytes) -> bool:
        return may_hold_key_raw(raw)

    def wants(self, source: SourceFile) -> bool:
        return may_hold_key(source.ascii_text(), source.ascii_lower())

    def scan(self, source: SourceFile, settings: PassSettings) -> PassResult:
        """The detectors over a source `wants` let through (the engine asks it first)."""
        from scanner.passes.keys.scanning import scan_source

        return scan_source(source, settings)
