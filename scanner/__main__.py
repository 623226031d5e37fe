from __future__ import annotations

from scanner.launch import run

run()
