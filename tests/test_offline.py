"""A scan opens no network connection: no key verification, no metadata service, nothing.

The scan runs in a child process with an audit hook that kills it on any attempt to resolve
a name or connect a socket, so even a connection made deep inside a dependency is caught.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_GUARD = """
import os, sys
BLOCKED = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
           "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request",
           "http.client.connect"}
def guard(event, args):
    if event in BLOCKED:
        sys.stderr.write(f"NETWORK ATTEMPT: {event}\\n")
        sys.stderr.flush()
        os._exit(99)
sys.addaudithook(guard)
from scanner.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _scan(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _GUARD, "scan", *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )


def test_guard_catches_a_connection() -> None:
    code = _GUARD.replace(
        "from scanner.cli import main", "import socket\nsocket.getaddrinfo('localhost', 80)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 99
    assert "NETWORK ATTEMPT" in completed.stderr


def test_sample_scan_is_offline(tmp_path: Path) -> None:
    completed = _scan("fixtures", "--format", "sarif", "--output", str(tmp_path / "r.sarif"))
    assert completed.returncode in (0, 1), completed.stderr
    assert "NETWORK ATTEMPT" not in completed.stderr


def test_parallel_scan_is_offline(tmp_path: Path) -> None:
    # Enough files to start worker processes, each with a key to find.
    for number in range(100):
        (tmp_path / f"f{number}.env").write_text(
            f"AWS_ACCESS_KEY_ID=AKIAQ4ZJ7XWNB3HRT{number % 10}KD\n", encoding="utf-8"
        )
    completed = _scan(str(tmp_path), "--jobs", "2", "--quiet")
    assert completed.returncode in (0, 1), completed.stderr
    assert "NETWORK ATTEMPT" not in completed.stderr
