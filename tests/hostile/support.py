"""Shared by the hostile-input suite: fake keys, and a sweep through the real CLI that
returns the exit status and the SARIF log (which the top-level conftest validates)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.cli import main
from tests import fakes


def fake_key_id(seed: int, prefix: str = "AKIA") -> str:
    return fakes.fake_key_id(f"hostile-key-{seed}", prefix)


def fake_secret(seed: int) -> str:
    return fakes.fake_secret(f"hostile-secret-{seed}")


KEY = fake_key_id(1)
SECRET = fake_secret(1)


@dataclass(frozen=True)
class Sweep:
    status: int
    seconds: float
    log: dict[str, Any]

    @property
    def run(self) -> dict[str, Any]:
        run: dict[str, Any] = self.log["runs"][0]
        return run

    def rules_at(self) -> set[tuple[str, str]]:
        """(rule id, uri) of every result."""
        return {
            (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for r in self.run["results"]
        }

    def notes(self) -> set[tuple[str, str]]:
        """(reason, uri) of every tool execution notification."""
        found = set()
        for invocation in self.run["invocations"]:
            for note in invocation.get("toolExecutionNotifications", []):
                uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                found.add((note["descriptor"]["id"], uri))
        return found


def sweep(root: Path, paths: Sequence[Path] = (), *extra: str) -> Sweep:
    """`credsweep scan` in this process, SARIF to a file beside the tree."""
    report = root.parent / f"{root.name}.sarif"
    argv = ["scan", *(str(p) for p in paths or [root]), "--format", "sarif"]
    started = time.monotonic()
    status = main([*argv, "--output", str(report), "--quiet", "--jobs", "1", *extra])
    seconds = time.monotonic() - started
    return Sweep(status, seconds, json.loads(report.read_text(encoding="utf-8")))
