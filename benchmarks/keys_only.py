"""`credsweep` with the key pass alone: the same walk, read, decode and report path.

Used by compare.py to set the key pass beside the reading floor (ripgrep). Worker processes
are forked, so they inherit the narrowed pass registry.
"""

from __future__ import annotations

import sys

from scanner import engine
from scanner.cli import main

_KEYS = tuple(p for p in engine.file_passes() if p.name == "keys")
engine.file_passes = lambda: _KEYS  # type: ignore[assignment]
engine.group_passes = lambda: ()  # type: ignore[assignment]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
