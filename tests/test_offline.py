"""A scan opens no network connection: no key verification, no metadata service, nothing.

The scan runs in a child process with an audit hook that kills it on any attempt to resolve
a name or connect a socket, so even a connection made deep inside a dependency is caught.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


# A scanned directory may come with its own `.git/config` (an unpacked archive, a copied
# checkout): every program it names must stay unrun, whatever git command credsweep runs.
_NAMED_PROGRAMS = {
    "core.fsmonitor": "{hook}",
    "core.pager": "{hook}",
    "diff.external": "{hook}",
    "diff.sample.textconv": "{hook}",
    "filter.sample.clean": "{hook}",
    "filter.sample.process": "{hook}",
    "filter.sample.required": "true",
}


def _hostile_repository(root: Path, marker: Path) -> None:
    hook = root.parent / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)

    def git(*argv: str) -> None:
        subprocess.run(["git", "-C", str(root), *argv], check=True, capture_output=True)

    root.mkdir()
    git("init", "-q", ".")
    (root / "app.py").write_text("x = 1\n", encoding="utf-8")
    (root / ".gitattributes").write_text("* diff=sample filter=sample\n", encoding="utf-8")
    git("add", ".")
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "first")
    for name, value in _NAMED_PROGRAMS.items():
        git("config", name, value.format(hook=hook))
    (root / "app.py").write_text("x = 2\n", encoding="utf-8")  # a change for --diff to see


@pytest.mark.parametrize(
    "argv",
    [["scan", "{root}"], ["scan", "{root}", "--diff", "HEAD"], ["history", "{root}"]],
    ids=["scan", "diff", "history"],
)
def test_no_program_the_scanned_repository_names_is_run(tmp_path: Path, argv: list[str]) -> None:
    root, marker = tmp_path / "repo", tmp_path / "HOOK-RAN"
    _hostile_repository(root, marker)
    completed = subprocess.run(
        [sys.executable, "-m", "scanner", *(a.format(root=root) for a in argv)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    assert not marker.exists()
