"""Run one command and measure it: wall time, CPU time, and peak memory.

Each command runs under a small wrapper process, so `RUSAGE_CHILDREN` of that wrapper is
the command's own figure (the largest process of its tree), untouched by earlier runs.
Meanwhile the parent samples /proc to find the peak of the whole tree's memory, which is
what counts when a scanner runs worker processes. It sums proportional set sizes (PSS), so
that pages a forked worker still shares with its parent are not counted twice.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    code = subprocess.call(sys.argv[3:], stdout=out, stderr=err)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "maxrss_kb": usage.ru_maxrss, "code": code}))
"""


@dataclass(frozen=True)
class Measured:
    wall: float
    cpu: float
    max_process_mb: float
    tree_mb: float | None
    code: int
    stderr_tail: str


def run(
    command: Sequence[str],
    *,
    cwd: Path,
    stdout: Path,
    env: Mapping[str, str] | None = None,
) -> Measured:
    stderr = stdout.with_suffix(stdout.suffix + ".stderr")
    wrapper = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, str(stdout), str(stderr), *command],
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdout=subprocess.PIPE,
    )
    sampler = _TreeSampler(wrapper.pid)
    sampler.start()
    out, _ = wrapper.communicate()
    sampler.stop()
    figures = json.loads(out)
    tail = stderr.read_text(encoding="utf-8", errors="replace")[-600:]
    return Measured(
        wall=figures["wall"],
        cpu=figures["cpu"],
        max_process_mb=figures["maxrss_kb"] / 1024,
        tree_mb=sampler.peak_mb,
        code=figures["code"],
        stderr_tail=tail,
    )


class _TreeSampler(threading.Thread):
    """Polls the resident memory of every process below `root` (the wrapper excluded)."""

    _INTERVAL = 0.05

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self._root = root
        self._done = threading.Event()
        self._peak = 0
        self._usable = Path("/proc/self/smaps_rollup").exists()

    @property
    def peak_mb(self) -> float | None:
        return self._peak / 1024 if self._usable else None

    def run(self) -> None:
        while self._usable and not self._done.wait(self._INTERVAL):
            self._peak = max(self._peak, _tree_kb(self._root))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree_kb(root: int) -> int:
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text(encoding="ascii", errors="replace")
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    below, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - below
        below |= frontier
    total = 0
    for pid in below:
        try:
            total += _pss_kb(pid)
        except (OSError, IndexError, ValueError):
            continue
    return total


def _pss_kb(pid: int) -> int:
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii")
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0
