"""The Python pass: where do the credentials of each AWS SDK call come from?

`wants` is a substring test; libcst is imported only by `scan`, through `scanner.passes.
python.analysis`, so sweeps without candidates never load it.
"""

from __future__ import annotations

from scanner.models import Notification, NotificationKind, PassResult, PassSettings
from scanner.passes.python.prefilter import NOTEBOOK_SUFFIX, is_candidate
from scanner.source import SourceFile


class PythonPass:
    name = "python"

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
