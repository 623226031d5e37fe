"""The rule files ship inside the wheel and are found from an installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scanner.rules import load_catalogue

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_carries_and_finds_the_rules(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("credsweep-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule in load_catalogue():
        assert f"scanner/rules/{rule.id}.toml" in names

    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = "import scanner.rules as r; print(r.rules_dir()); print(len(r.load_catalogue()))"
    completed = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    directory, count = completed.stdout.split()
    assert Path(directory) == unpacked / "scanner" / "rules"
    assert int(count) == len(load_catalogue())
