"""The pre-commit case: ten ordinary staged files, credsweep's hook entry beside
detect-secrets-hook on the very same files.

Two sets are drawn from a real tree: ten files that no credsweep pass wants (the common
commit), and ten that the key pass does want (they mention AWS or secrets), so the cheap
prefilter is no help.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scanner.passes import file_passes
from scanner.source import SourceFile

_SIZES = range(2_000, 40_000)
_RUNS = 9


@dataclass(frozen=True)
class HookCase:
    label: str
    files: int
    bytes: int
    credsweep_ms: float
    detect_secrets_ms: float
    credsweep_cpu_ms: float
    detect_secrets_cpu_ms: float


def measure(
    tree: Path,
    work: Path,
    *,
    credsweep: Sequence[str],
    detect_secrets_hook: str | None,
    env: Mapping[str, str],
) -> list[HookCase]:
    cases = []
    for label, wanted in (("none is a candidate", False), ("all are candidates", True)):
        chosen = _pick(tree, wanted=wanted)
        repo = _staged_repo(work / "hook" / ("candidates" if wanted else "plain"), tree, chosen)
        names = [path.as_posix() for path in chosen]
        ours = _median_ms([*credsweep, "scan", "--quiet", *names], repo, env)
        theirs = (
            _median_ms([detect_secrets_hook, *names], repo, env)
            if detect_secrets_hook
            else (0.0, 0.0)
        )
        size = sum((repo / name).stat().st_size for name in names)
        cases.append(HookCase(label, len(names), size, ours[0], theirs[0], ours[1], theirs[1]))
    return cases


def _pick(tree: Path, *, wanted: bool, count: int = 10) -> list[Path]:
    passes = file_passes()
    chosen: list[Path] = []
    for path in sorted(tree.rglob("*.py")):
        if not path.is_file() or path.stat().st_size not in _SIZES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        source = SourceFile.from_text(path.name, text)
        if any(p.wants(source) for p in passes) == wanted:
            chosen.append(path.relative_to(tree))
            if len(chosen) == count:
                break
    return chosen


def _staged_repo(repo: Path, tree: Path, files: Sequence[Path]) -> Path:
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    for relative in files:
        (repo / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tree / relative, repo / relative)
    subprocess.run(["git", "-C", str(repo), "add", "--", *map(str, files)], check=True)
    return repo


def _median_ms(command: Sequence[str], cwd: Path, env: Mapping[str, str]) -> tuple[float, float]:
    """Median wall and CPU (user + system) milliseconds of a few runs, after one warm-up."""
    walls, cpus = [], []
    for run in range(_RUNS + 1):
        before = _children_cpu()
        started = time.perf_counter()
        completed = subprocess.run(command, cwd=cwd, env=dict(env), capture_output=True)
        if run:
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((_children_cpu() - before) * 1000)
        if completed.returncode not in (0, 1):
            sys.stderr.write(completed.stderr.decode(errors="replace"))
            raise SystemExit(f"{command[0]} failed with status {completed.returncode}")
    return statistics.median(walls), statistics.median(cpus)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
