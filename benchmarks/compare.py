"""Sweep real trees with credsweep, detect-secrets and the reading floor; print the ratios.

    python benchmarks/compare.py [TREE ...] [--work DIR] [--jobs N] [--repeat N]
                                 [--skip-detect-secrets] [--no-hook]

TREE is a directory, or a package on PyPI whose sdist is downloaded and unpacked into the
work directory (default ./bench-work, git-ignored). Without TREE: moto, botocore and
localstack-core. Every figure in one report comes from the same run on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import hook  # noqa: E402
import measure  # noqa: E402
import trees  # noqa: E402

KEYS_ONLY = REPO / "benchmarks" / "keys_only.py"
KEY_ID_REGEX = r"(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}"

_FLOOR = r"""
import os, re, sys
pattern = re.compile(rb"(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}")
found = 0
for directory, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = [d for d in dirnames if d != ".git"]
    for name in filenames:
        path = os.path.join(directory, name)
        if os.path.isfile(path) and not os.path.islink(path):
            with open(path, "rb") as handle:
                found += len(pattern.findall(handle.read()))
print(found)
"""

# What any Python command line pays before it reads a byte: the interpreter's start and the
# standard modules a parallel sweep with a report needs. On a small tree this alone is a
# large part of five times ripgrep's whole run.
_STARTUP = (
    "import argparse, concurrent.futures, dataclasses, json, pathlib, re, subprocess; print(0)"
)


@dataclass(frozen=True)
class Tool:
    key: str
    label: str
    command: Callable[[Path, Path], list[str]]
    count: Callable[[Path], int]
    codes: tuple[int, ...] = (0, 1)
    # True when the command writes its report to the path it is given, not to stdout.
    writes_report: bool = False
    # True when the command must run inside the tree (detect-secrets reports nothing for
    # files outside its working directory).
    in_tree: bool = False
    # Run `--repeat` times and keep the median: a single sub-second run on a shared machine
    # moves by half. detect-secrets takes minutes and runs once.
    repeated: bool = True


@dataclass(frozen=True)
class Row:
    tool: str
    label: str
    found: int
    result: measure.Measured
    # The wall time of every run, the median of which is `result`'s.
    walls: tuple[float, ...] = ()


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    work = Path(arguments.work).resolve()
    (work / "out").mkdir(parents=True, exist_ok=True)
    tools = _tools(arguments)
    measured: list[dict[str, object]] = []
    report: dict[str, object] = {"jobs": arguments.jobs, "cpus": os.cpu_count(), "trees": measured}
    _precompile()
    print(f"# credsweep benchmark ({os.cpu_count()} CPUs, credsweep --jobs {arguments.jobs})\n")
    last = None
    for spec in arguments.trees or trees.DEFAULT_PACKAGES:
        tree = trees.locate(spec, work)
        rows = [_measure(tool, tree, work, arguments.repeat) for tool in tools]
        _print_tree(tree, rows)
        measured.append({**asdict(tree), "path": str(tree.path), "rows": _plain(rows)})
        last = tree if last is None or tree.bytes > last.bytes else last
    if not arguments.no_hook and last is not None:
        cases = _hook(last, work)
        report["hook"] = [asdict(case) for case in cases]
    (work / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def _precompile() -> None:
    """Bytecode for the scanner, as an installed package has it; without it every run
    would compile its modules again (PYTHONDONTWRITEBYTECODE is dropped for the same reason)."""
    import compileall

    compileall.compile_dir(REPO / "scanner", quiet=1)


def _load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="*", metavar="TREE", help="directory or PyPI package")
    parser.add_argument("--work", default="bench-work", help="cache and output directory")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="credsweep --jobs")
    parser.add_argument("--skip-detect-secrets", action="store_true", help="it takes minutes")
    parser.add_argument("--no-hook", action="store_true", help="skip the pre-commit case")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each fast tool; the median is reported"
    )
    return parser


def _credsweep() -> list[str]:
    return [sys.executable, "-m", "scanner"]


def _tools(arguments: argparse.Namespace) -> list[Tool]:
    jobs = ["--jobs", str(arguments.jobs), "--quiet"]
    tools = [
        Tool(
            "full",
            "credsweep scan, all passes, SARIF written",
            lambda tree, out: [*_credsweep(), "scan", str(tree), *_report("sarif", out), *jobs],
            lambda out: len(json.loads(out.read_text())["runs"][0]["results"]),
            writes_report=True,
        ),
        Tool(
            "keys",
            "credsweep, key pass only (JSON)",
            lambda tree, out: [*_keys_only(), "scan", str(tree), *_report("json", out), *jobs],
            lambda out: len(json.loads(out.read_text())),
            writes_report=True,
        ),
    ]
    detect_secrets = _beside_python("detect-secrets")
    if detect_secrets and not arguments.skip_detect_secrets:
        tools.append(
            Tool(
                "detect-secrets",
                "detect-secrets scan --all-files",
                lambda tree, out: [detect_secrets, "scan", "--all-files", "."],
                lambda out: sum(map(len, json.loads(out.read_text())["results"].values())),
                (0,),
                in_tree=True,
                repeated=False,
            )
        )
    ripgrep = shutil.which("rg")
    if ripgrep:
        tools.append(
            Tool(
                "rg",
                "rg -uuu key-id regex (reading floor)",
                lambda tree, out: [ripgrep, "-uuu", "--no-messages", "-c", KEY_ID_REGEX, str(tree)],
                lambda out: sum(int(line.rsplit(":", 1)[1]) for line in out.read_text().split()),
            )
        )
    tools.append(
        Tool(
            "floor",
            "Python read + key-id regex (pure-Python floor)",
            lambda tree, out: [sys.executable, "-c", _FLOOR, str(tree)],
            lambda out: int(out.read_text()),
        )
    )
    tools.append(
        Tool(
            "startup",
            "Python start-up + standard imports, reading nothing",
            lambda tree, out: [sys.executable, "-c", _STARTUP],
            lambda out: int(out.read_text()),
        )
    )
    return tools


def _keys_only() -> list[str]:
    return [sys.executable, str(KEYS_ONLY)]


def _report(fmt: str, out: Path) -> list[str]:
    return ["--format", fmt, "--output", str(out)]


def _beside_python(name: str) -> str | None:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else shutil.which(name)


def _env(tree: trees.Tree) -> Mapping[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    # The tree is swept as its own root: an unpacked sdist is a plain directory, not part of
    # a repository around it (which may ignore it), and a checkout still finds its own .git.
    env["GIT_CEILING_DIRECTORIES"] = str(tree.path.parent)
    return env


def _measure(tool: Tool, tree: trees.Tree, work: Path, repeat: int) -> Row:
    report = work / "out" / f"{tree.label}.{tool.key}.report"
    stdout = work / "out" / f"{tree.label}.{tool.key}.stdout"
    print(f"  running {tool.label} on {tree.label} ...", file=sys.stderr)
    command = tool.command(tree.path, report)
    cwd = tree.path if tool.in_tree else work
    results = []
    for _ in range(max(1, repeat) if tool.repeated else 1):
        result = measure.run(command, cwd=cwd, stdout=stdout, env=_env(tree))
        if result.code not in tool.codes:
            raise SystemExit(f"{tool.label} failed ({result.code}):\n{result.stderr_tail}")
        results.append(result)
    found = tool.count(report if tool.writes_report else stdout)
    walls = tuple(r.wall for r in results)
    return Row(tool.key, tool.label, found, _median(results), walls)


def _median(results: Sequence[measure.Measured]) -> measure.Measured:
    """The run of median wall time, with the highest memory any run reached."""
    middle = sorted(results, key=lambda r: r.wall)[len(results) // 2]
    peaks = [r.tree_mb for r in results if r.tree_mb is not None]
    return replace(
        middle,
        tree_mb=max(peaks) if peaks else None,
        max_process_mb=max(r.max_process_mb for r in results),
    )


def _plain(rows: Sequence[Row]) -> list[dict[str, object]]:
    return [
        {"tool": r.tool, "found": r.found, **asdict(r.result), "walls": list(r.walls)} for r in rows
    ]


def _print_tree(tree: trees.Tree, rows: Sequence[Row]) -> None:
    print(f"## {tree.label}: {tree.files:,} files, {tree.bytes / 2**20:,.1f} MiB\n")
    print(f"Machine: {_load()} after the runs.\n")
    print("| tool | wall s | CPU s | peak MB, all processes (PSS) | largest process MB | found |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        r = row.result
        tree_mb = f"{r.tree_mb:,.0f}" if r.tree_mb is not None else "n/a"
        print(
            f"| {row.label} | {r.wall:,.2f} | {r.cpu:,.2f} | {tree_mb} "
            f"| {r.max_process_mb:,.0f} | {row.found:,} |"
        )
    print()
    for row in rows:
        if len(row.walls) > 1:
            runs = ", ".join(f"{wall:,.2f}" for wall in row.walls)
            print(f"- {row.label}: median of {len(row.walls)} runs ({runs} s)")
    print()
    wall = {row.tool: row.result.wall for row in rows}
    cpu = {row.tool: max(row.result.cpu, 1e-3) for row in rows}
    ratios = [
        ("detect-secrets / credsweep (target >= 50x)", "detect-secrets", "full"),
        ("credsweep key pass / rg (target <= 5x)", "keys", "rg"),
        ("credsweep key pass / Python floor", "keys", "floor"),
        ("Python floor / rg", "floor", "rg"),
        ("Python start-up alone / rg", "startup", "rg"),
        ("credsweep full / rg", "full", "rg"),
    ]
    for label, top, bottom in ratios:
        if top in wall and bottom in wall:
            print(
                f"- {label}: **{wall[top] / wall[bottom]:,.1f}x** wall,"
                f" {cpu[top] / cpu[bottom]:,.1f}x CPU"
            )
    print()


def _hook(tree: trees.Tree, work: Path) -> list[hook.HookCase]:
    env = _env(tree)
    cases = hook.measure(
        tree.path,
        work,
        credsweep=_credsweep(),
        detect_secrets_hook=_beside_python("detect-secrets-hook"),
        env=env,
    )
    print(f"## pre-commit: ten staged files from {tree.label} (median of 9 runs)\n")
    print(f"Machine: {_load()}.\n")
    print("| staged files | bytes | credsweep scan --quiet | detect-secrets-hook | ratio |")
    print("|---|---:|---:|---:|---:|")
    for case in cases:
        ratio = case.detect_secrets_ms / case.credsweep_ms if case.credsweep_ms else 0.0
        print(
            f"| {case.files} files, {case.label} | {case.bytes:,} "
            f"| {case.credsweep_ms:,.0f} ms ({case.credsweep_cpu_ms:,.0f} ms CPU) "
            f"| {case.detect_secrets_ms:,.0f} ms ({case.detect_secrets_cpu_ms:,.0f} ms CPU) "
            f"| {ratio:,.1f}x |"
        )
    print()
    return cases


if __name__ == "__main__":
    sys.exit(main())
