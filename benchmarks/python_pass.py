"""Cost of the Python pass on a tree: how many files the prefilter let through, and time.

    .venv/bin/python benchmarks/python_pass.py /path/to/tree [--slowest 10]

Reads every file under the tree the way a sweep would (UTF-8, newlines normalised), asks the
pass's cheap `wants()` test, and times `scan()` on the candidates. Findings are counted per
rule and level; nothing is printed from the files themselves.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scanner.models import PassSettings
from scanner.passes.python import PythonPass
from scanner.passes.python.scanning import PARSED, REFUSED, SCREENED_OUT
from scanner.source import SourceFile

METRICS = {SCREENED_OUT: "ast screen out", PARSED: "libcst parsed", REFUSED: "refused"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--slowest", type=int, default=10)
    options = parser.parse_args(argv)

    python_pass = PythonPass()
    settings = PassSettings()
    counts: Counter[str] = Counter()
    findings: Counter[tuple[str, str]] = Counter()
    timings: list[tuple[float, str]] = []
    spent: Counter[str] = Counter()
    prefilter_seconds = 0.0

    started = time.perf_counter()
    for path in sorted(p for p in options.root.rglob("*") if p.is_file()):
        counts["files"] += 1
        relative = path.relative_to(options.root).as_posix()
        text = path.read_bytes().decode("utf-8", "replace")
        source = SourceFile.from_text(relative, text)
        before = time.perf_counter()
        wanted = python_pass.wants(source)
        prefilter_seconds += time.perf_counter() - before
        if source.suffix in (".py", ".ipynb"):
            counts["python files"] += 1
        if not wanted:
            continue
        counts["candidates"] += 1
        before = time.perf_counter()
        result = python_pass.scan(source, settings)
        seconds = time.perf_counter() - before
        timings.append((seconds, relative))
        for metric, name in METRICS.items():
            counts[name] += result.metrics.get(metric, 0)
            if result.metrics.get(metric):
                spent[name] += seconds
        for finding in result.findings:
            level = finding.level.value if finding.level else "default"
            findings[(finding.rule_id, level)] += 1
    total = time.perf_counter() - started

    for name in ("files", "python files", "candidates", *METRICS.values()):
        print(f"{name:>14}: {counts[name]}")
    scan_seconds = sum(seconds for seconds, _ in timings)
    print(f"{'prefilter':>14}: {prefilter_seconds:.3f} s")
    print(f"{'scan':>14}: {scan_seconds:.2f} s on candidates")
    for name, seconds in sorted(spent.items()):
        print(f"{name:>14}: {seconds:.2f} s")
    print(f"{'wall':>14}: {total:.2f} s including reading files")
    for (rule, level), count in sorted(findings.items()):
        print(f"{count:>8}  {rule} ({level})")
    print(f"slowest {options.slowest}:")
    for seconds, relative in sorted(timings, reverse=True)[: options.slowest]:
        print(f"  {seconds:7.3f} s  {relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
