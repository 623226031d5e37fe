"""SIGTERM ends a sweep like Ctrl-C: one line, its own exit status, no worker left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import children

REPO = Path(__file__).resolve().parents[1]
_CALL = 'import boto3, os\ns = boto3.client("s3", aws_access_key_id=os.environ["K"])\n'


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find worker processes")
def test_sigterm_with_workers(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    for number in range(300):
        (tree / f"m{number}.py").write_text(_CALL + "x = 1\n" * 3000, encoding="utf-8")
    report = tmp_path / "out.txt"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scanner",
            "scan",
            str(tree),
            "--jobs",
            "2",
            "--output",
            str(report),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        workers = children(process.pid)
    assert workers, "the sweep never started worker processes"
    os.kill(process.pid, signal.SIGTERM)
    _, err = process.communicate(timeout=60)

    assert process.returncode == 143
    assert err.strip() == "credsweep: terminated"
    assert not report.exists()
    time.sleep(0.5)
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists()] == []
