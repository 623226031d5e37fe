"""The Python pass: where do the credentials of each AWS SDK call come from?

`wants` is a substring test; libcst is imported only by `scan`, through `scanner.passes.
python.analysis`, so sweeps without candidates never load it.
"""

from __future__ import annotations

from scanner.models import Notification, NotificationKind, PassResult, PassSettings
from scanner.passes.python.prefilter import (
    NOTEBOOK_SUFFIX,
    PYTHON_SUFFIXES,
    is_candidate,
    may_hold_findings,
)
from scanner.source import SourceFile, normalise_newlines, suffix_of


class PythonPass:
    name = "python"

    def may_want(self, path: str, raw: bytes) -> bool:
        """A module by its name (an ASCII one by its text too: ASCII bytes decode for
        nothing), a notebook by its name, a script by its `#!` line (which may follow a
        byte-order mark)."""
        suffix = suffix_of(path)
        if suffix in PYTHON_SUFFIXES:
            return not raw.isascii() or may_hold_findings(normalise_newlines(raw.decode("ascii")))
        return suffix == NOTEBOOK_SUFFIX or (not suffix and b"#!" in raw[:5])

    def wants(self, source: SourceFile) -> bool:
        return is_candidate(source)

    def scan(self, source: SourceFile, settings: PassSettings) -> PassResult:
        from scanner.passes.python.scanning import scan_module, scan_notebook

        try:
            if source.suffix == NOTEBOOK_SUFFIX:
                return scan_notebook(source, settings)
            return scan_module(source, settings)
        except RecursionError:
            # libcst's visitors recurse; a file nested beyond what the screen caught still
            # must not end the sweep.
            return PassResult(
                notifications=(
                    Notification(
                        source.path,
                        NotificationKind.PARTIAL,
                        "too-deeply-nested",
                        "nesting too deep for the python pass; keys were still scanned",
                    ),
                )
            )
