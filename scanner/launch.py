"""The `credsweep` command's entry point, kept apart from the program it loads.

Loading the command line's modules takes tens of milliseconds; a Ctrl-C in that window must
end the program the way one during a sweep does (one line, exit 130), not with a traceback
from an import.
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130


def run() -> None:
    try:
        from scanner.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("credsweep: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(main(sys.argv[1:]))
