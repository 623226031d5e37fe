"""A scan opens no network connection: no key verification, no metadata service, nothing.

The scan runs in a child process with an audit hook that kills it on any attempt to resolve
a name or connect a socket, so even a connection made deep inside a dependency is caught.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fakes import fake_key_id

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
    "gpg.program": "{hook}",
    "log.showSignature": "true",
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
    # Brought by a signed commit: history dates it with `git show`, which may check the
    # signature with the configured program.
    (root / "keys.env").write_text(f"AWS_ACCESS_KEY_ID={fake_key_id('git')}\n", encoding="utf-8")
    git("add", "keys.env")
    _sign_head(root, git)
    for name, value in _NAMED_PROGRAMS.items():
        git("config", name, value.format(hook=hook))
    # A hook git runs when a diff refreshes the index.
    (root / ".git" / "hooks" / "post-index-change").symlink_to(hook)
    (root / "app.py").write_text("x = 2\n", encoding="utf-8")  # a change for --diff to see
    # Same content, new time stamp: the diff refreshes the index entry and writes the index.
    os.utime(root / "keys.env", (1_000_000_000, 1_000_000_000))


def _sign_head(root: Path, git: Callable[..., None]) -> None:
    """Commit the index as a child of HEAD that carries a (bogus) signature header."""

    def output(*argv: str, data: bytes | None = None) -> str:
        done = subprocess.run(
            ["git", "-C", str(root), *argv], input=data, check=True, capture_output=True
        )
        return done.stdout.decode().strip()

    tree, parent = output("write-tree"), output("rev-parse", "HEAD")
    who = "t <t@example.com> 1700000000 +0000"
    body = (
        f"tree {tree}\nparent {parent}\nauthor {who}\ncommitter {who}\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n -----END PGP SIGNATURE-----\n\nsigned\n"
    )
    signed = output("hash-object", "-t", "commit", "-w", "--stdin", data=body.encode())
    git("update-ref", "HEAD", signed)


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
