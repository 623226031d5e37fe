"""The pre-commit hook, run for real by pre-commit in a throwaway repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )


@pytest.mark.slow
@pytest.mark.skipif(
    not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit"
)
def test_hook_blocks_a_key_and_passes_a_clean_file(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q")
    _git(work, "config", "user.email", "dev@example.test")
    _git(work, "config", "user.name", "Dev")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(REPO), "credsweep", "--files", *files],
            cwd=work,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
            check=False,
        )

    (work / "clean.py").write_text("import boto3\ns3 = boto3.client('s3')\n", encoding="utf-8")
    _git(work, "add", "clean.py")
    passed = try_repo("clean.py")
    assert passed.returncode == 0, passed.stdout + passed.stderr

    (work / "settings.py").write_text(
        'AWS_ACCESS_KEY_ID = "AKIAQ4ZJ7XWNB3HRT2KD"\n', encoding="utf-8"
    )
    _git(work, "add", "settings.py")
    failed = try_repo("settings.py")
    assert failed.returncode == 1
    assert "settings.py:1:" in failed.stdout
    assert "aws-access-key-id" in failed.stdout
    assert "AKIAQ4ZJ7XWNB3HRT2KD" not in failed.stdout
