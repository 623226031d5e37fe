"""The engine: --jobs gives the --jobs 1 result in the same order; a runaway file is stopped
by its time budget; an interrupted sweep exits 130 with one line and leaves nothing behind."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import string
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from scanner import engine
from scanner.budget import BudgetExceeded, time_budget
from scanner.engine import ScanOptions, ScanResult, scan
from scanner.keyshape import is_reportable_key_id, is_reportable_secret
from scanner.models import Notification, NotificationKind, PassResult, PassSettings
from scanner.reports import json_report
from scanner.source import SourceFile
from tests.processes import children

REPO = Path(__file__).resolve().parents[1]


def _fake(rng: random.Random, prefix: str, alphabet: str, check: Callable[[str], bool]) -> str:
    size = 20 if prefix else 40
    while True:
        value = prefix + "".join(rng.choice(alphabet) for _ in range(size - len(prefix)))
        if check(value):
            return value


def _key_id(rng: random.Random) -> str:
    return _fake(rng, "AKIA", string.ascii_uppercase + "234567", is_reportable_key_id)


def _secret(rng: random.Random) -> str:
    return _fake(rng, "", string.ascii_letters + string.digits + "/+", is_reportable_secret)


KEY_ID = _key_id(random.Random(11))
SECRET = _secret(random.Random(12))

_TEMPLATES = {
    "py": 'KEY = "{key}"\naws_secret_access_key = "{secret}"\n',
    "env": "AWS_ACCESS_KEY_ID={key}\nAWS_SECRET_ACCESS_KEY={secret}\n",
    "json": '{{"accessKeyId": "{key}", "secretAccessKey": "{secret}"}}\n',
    "yaml": "aws_access_key_id: {key}\naws_secret_access_key: {secret}\n",
    "txt": "nothing to see here\n",
    # One of each kind that the other passes read, so that their findings cross the process
    # boundary too (they must pickle) and group tasks (Terraform modules) are ordered.
    "client.py": 'import boto3\nc = boto3.client("s3", aws_access_key_id="{key}",'
    ' aws_secret_access_key="{secret}")\n',
    "tf": 'provider "aws" {{\n  access_key = "{key}"\n  secret_key = "{secret}"\n}}\n'
    'resource "aws_instance" "web" {{\n  ami = "ami-123"\n  instance_type = "t3.micro"\n}}\n',
    "cfn.yaml": 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Web:\n'
    "    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-123\n"
    "  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: bob\n",
}


def _tree(root: Path, files: int, seed: int = 7) -> Path:
    """Enough files to cross the engine's parallel threshold, about a third of them leaky."""
    rng = random.Random(seed)
    kinds = sorted(_TEMPLATES)
    for number in range(files):
        kind = kinds[number % len(kinds)]
        folder = root / f"d{number % 9}"
        folder.mkdir(parents=True, exist_ok=True)
        text = _TEMPLATES[kind].format(key=_key_id(rng), secret=_secret(rng))
        (folder / f"f{number:03}.{kind}").write_text(text, encoding="utf-8")
    (root / "big.js").write_text("x" * 5000 + f'k="{_key_id(rng)}"\n', encoding="utf-8")
    return root


def _plain(result: ScanResult) -> tuple[Any, ...]:
    return (result.findings, result.notifications, result.files_scanned, result.metrics)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_give_the_single_process_result_in_the_same_order(tmp_path: Path, jobs: int) -> None:
    root = _tree(tmp_path / "tree", files=engine._PARALLEL_THRESHOLD * 2)
    options = ScanOptions(paths=(root,), max_file_size=4096)
    single = scan(replace(options, jobs=1))
    parallel = scan(replace(options, jobs=jobs))

    assert len(single.findings) >= engine._PARALLEL_THRESHOLD // 2
    rules = {finding.rule_id for finding in single.findings}
    assert {"boto3-hardcoded-credentials", "aws-provider-static-credentials"} <= rules
    assert {"ec2-instance-without-role", "iam-user-access-key"} <= rules
    assert any(n.reason == "too-large" for n in single.notifications)
    assert _plain(parallel) == _plain(single)
    assert json_report.render(parallel) == json_report.render(single)


class _RunawayPass:
    """Spins forever on files whose name says so, in Python code or in the regex engine."""

    name = "runaway"

    def __init__(self, how: str) -> None:
        self.how = how

    def may_want(self, path: str, raw: bytes) -> bool:
        return "runaway" in path

    def wants(self, source: SourceFile) -> bool:
        return "runaway" in source.path

    def scan(self, source: SourceFile, settings: PassSettings) -> PassResult:
        if self.how == "regex":
            re.match(r"(a+)+$", "a" * 64 + "!")
        while True:
            pass


@pytest.mark.parametrize(
    ("how", "jobs"), [("loop", 1), ("regex", 1), ("loop", 2)], ids=["loop", "regex", "workers"]
)
def test_a_runaway_file_is_stopped_with_a_notification(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, jobs: int
) -> None:
    root = _tree(tmp_path / "tree", files=engine._PARALLEL_THRESHOLD + 6)
    (root / "d0" / "runaway.py").write_text("x = 1\n", encoding="utf-8")
    passes = (*engine.file_passes(), _RunawayPass(how))
    # Worker processes are forked, so they inherit the patched registry.
    monkeypatch.setattr(engine, "file_passes", lambda: passes)
    started = time.monotonic()
    result = scan(ScanOptions(paths=(root,), jobs=jobs, file_time_budget=0.3))

    assert time.monotonic() - started < 30
    stopped = [n for n in result.notifications if n.reason == "time-budget"]
    assert [(n.path, n.kind) for n in stopped] == [("d0/runaway.py", NotificationKind.PARTIAL)]
    assert "runaway pass" in stopped[0].message
    assert len(result.findings) >= engine._PARALLEL_THRESHOLD // 2


def test_the_time_budget_restores_the_previous_handler_and_timer() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(BudgetExceeded), time_budget(0.05):
        while True:
            pass
    with time_budget(5):
        pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def _slow_scan_script(tree: Path, output: Path) -> str:
    """A real CLI run whose every file takes a moment, so Ctrl-C lands mid-sweep."""
    return f"""
import sys, time
from scanner import engine
from scanner.models import PassResult

class Slow:
    name = "slow"
    def may_want(self, path, raw):
        return True
    def wants(self, source):
        return True
    def scan(self, source, settings):
        time.sleep(0.05)
        return PassResult()

passes = (*engine.file_passes(), Slow())
engine.file_passes = lambda: passes
from scanner.cli import main
sys.exit(main(["scan", {str(tree)!r}, "--format", "sarif", "--output", {str(output)!r},
               "--jobs", sys.argv[1]]))
"""


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to watch worker processes")
@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_exits_130_with_one_line_and_leaves_nothing_behind(
    tmp_path: Path, jobs: int
) -> None:
    tree = _tree(tmp_path / "tree", files=engine._PARALLEL_THRESHOLD * 3)
    output = tmp_path / "out" / "report.sarif"
    output.parent.mkdir()
    script = _slow_scan_script(tree, output)
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(jobs)],
        cwd=REPO,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 20
    while len(children(process.pid)) < (jobs if jobs > 1 else 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.8)
    # A terminal's Ctrl-C reaches the whole foreground process group, workers included.
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=30)

    assert process.returncode == 130
    assert err.decode() == "credsweep: interrupted\n"
    assert list(output.parent.iterdir()) == []
    time.sleep(0.2)
    assert _processes_mentioning(str(tree)) == []


HEAVY_MODULES = (
    "libcst",
    "detect_secrets",
    "hcl2",
    "lark",
    "yaml",
    "sarif_om",
    "jsonschema",
    # Lighter, but a clean pre-commit run has no use for them either: the TOML reader (no
    # configuration file, no rule catalogue), hashing and suppressions (no finding), and
    # worker processes (one file).
    "tomllib",
    "hashlib",
    "scanner.annotate",
    "multiprocessing",
)


@pytest.mark.parametrize(
    ("content", "report", "allowed"),
    [
        ("def add(a, b):\n    return a + b\n", "text", ()),
        ("def add(a, b):\n    return a + b\n", "json", ()),
        # SARIF describes every rule: the catalogue is read (TOML) and fingerprinted.
        ("def add(a, b):\n    return a + b\n", "sarif", ("sarif_om", "tomllib", "hashlib")),
        ("name: app\nreplicas: 2\n", "text", ()),
    ],
    ids=["text", "json", "sarif", "yaml-file"],
)
def test_a_sweep_without_candidates_imports_no_heavy_module(
    tmp_path: Path, content: str, report: str, allowed: tuple[str, ...]
) -> None:
    """A pre-commit hook on ordinary files must not pay for parsers it does not use."""
    target = tmp_path / ("plain.py" if "def" in content else "values.yaml")
    target.write_text(content, encoding="utf-8")
    script = (
        "import json, sys\nfrom scanner.cli import main\n"
        f"main(['scan', {str(target)!r}, '--quiet', '--format', {report!r}])\n"
        f"print(json.dumps([m for m in {HEAVY_MODULES!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    loaded = json.loads(completed.stderr.strip().splitlines()[-1])
    assert sorted(set(loaded) - set(allowed)) == []


def _task(*sizes_and_names: tuple[int, str]) -> engine._Task:
    return engine._Task(tuple(engine.FileEntry(name, name, size) for size, name in sizes_and_names))


@pytest.mark.parametrize(
    ("sizes", "first"),
    [
        # The heaviest first, a parsed file outweighing a larger searched one.
        ([(10, "a.txt"), (900, "b.json"), (200, "c.py"), (5, "d.md")], "c.py"),
        ([(0, f"f{n}.txt") for n in range(40)] + [(10**6, "big.txt")], "big.txt"),
        ([(100, f"m{n}.py") for n in range(100)], "m0.py"),
    ],
)
def test_chunks_hand_out_every_task_once_heaviest_first(
    sizes: list[tuple[int, str]], first: str
) -> None:
    tasks = [_task(item) for item in sizes]
    chunks = engine._chunks(tasks)

    handed = [index for chunk in chunks for index in chunk]
    assert sorted(handed) == list(range(len(tasks)))
    assert tasks[handed[0]].entries[0].path == first
    weights = [engine._weight(tasks[i]) for i in handed]
    assert weights == sorted(weights, reverse=True)
    assert all(1 <= len(chunk) <= engine._CHUNK for chunk in chunks)


def test_heavy_tasks_travel_alone_and_light_ones_together() -> None:
    tasks = [_task((10**6, "big.py"))] + [_task((10, f"f{n}.txt")) for n in range(64)]
    chunks = engine._chunks(tasks)
    assert chunks[0] == (0,)
    assert [len(chunk) for chunk in chunks[1:]] == [engine._CHUNK] * 4


@pytest.mark.parametrize(
    ("outcome", "bare"),
    [
        (engine._Outcome(files_scanned=1), True),
        (engine._Outcome(files_scanned=3), True),
        (engine._Outcome(files_scanned=1, metrics=Counter({"keys.candidates": 0})), False),
        (
            engine._Outcome(
                notifications=[Notification("a", NotificationKind.SKIPPED, "binary", "b")]
            ),
            False,
        ),
    ],
)
def test_an_outcome_crosses_between_processes_whole(
    monkeypatch: pytest.MonkeyPatch, outcome: engine._Outcome, bare: bool
) -> None:
    task = _task((1, "a.txt"))
    monkeypatch.setattr(engine, "scan_task", lambda task, options: outcome)
    payload = engine._scan_task_pickled(task, ScanOptions())
    # A file with nothing to say costs the parent a number, not an object, to unpickle.
    assert (len(payload) < 16) is bare
    assert engine._unpickled(task, payload) == outcome


@pytest.mark.slow
@pytest.mark.parametrize(("jobs", "calls"), [(1, 0), (2, 1)])
def test_meanwhile_runs_once_while_workers_scan(tmp_path: Path, jobs: int, calls: int) -> None:
    root = _tree(tmp_path / "tree", files=engine._PARALLEL_THRESHOLD + 1)
    called: list[int] = []
    result = scan(
        ScanOptions(paths=(root,), jobs=jobs), meanwhile=lambda: called.append(os.getpid())
    )
    assert result.files_scanned == engine._PARALLEL_THRESHOLD + 2
    # In this process: the parent's own work, done while it would only wait.
    assert called == [os.getpid()] * calls


class _Crash:
    """Kills the process it runs in on a file named for it: a crash no Python code catches."""

    name = "crash"

    def may_want(self, path: str, raw: bytes) -> bool:
        return path == "crash.txt"

    def wants(self, source: SourceFile) -> bool:
        return source.path == "crash.txt"

    def scan(self, source: SourceFile, settings: PassSettings) -> PassResult:
        os.kill(os.getpid(), signal.SIGKILL)
        return PassResult()


@pytest.mark.slow
def test_a_worker_killed_mid_sweep_costs_only_the_file_that_killed_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path / "tree", files=engine._PARALLEL_THRESHOLD * 2)
    # A key beside what kills the parser: the crash must not carry it past the sweep.
    crash = f"boom\nAWS_ACCESS_KEY_ID={KEY_ID}  # bait\nk = {KEY_ID[:-1]}X  # credsweep: ignore\n"
    (root / "crash.txt").write_text(crash, encoding="utf-8")
    passes = (*engine.file_passes(), _Crash())
    monkeypatch.setattr(engine, "file_passes", lambda: passes)

    result = scan(ScanOptions(paths=(root,), jobs=2))
    reference = scan(ScanOptions(paths=(root,), jobs=1, excludes=("crash.txt",)))

    # The files sent with it are scanned again, each alone; only the killer is lost, and
    # the main process searches it for keys, suppressions honoured.
    lost = [n for n in result.notifications if "died" in n.message]
    assert [(n.path, n.kind) for n in lost] == [("crash.txt", NotificationKind.ERROR)]
    assert "killed by SIGKILL" in lost[0].message
    assert "only the key search ran" in lost[0].message
    crashed = [f for f in result.findings if f.path == "crash.txt"]
    assert [(f.rule_id, f.region.start_line, f.suppressed_by is None) for f in crashed] == [
        ("aws-access-key-id", 2, True),
        ("aws-access-key-id", 3, False),
    ]
    assert [f for f in result.findings if f.path != "crash.txt"] == list(reference.findings)
    assert result.files_scanned == reference.files_scanned + 1


@pytest.mark.parametrize(
    ("name", "content", "rules"),
    [
        (
            "creds.env",
            b"\x00" + f"AWS_SECRET_ACCESS_KEY={SECRET}\n".encode(),
            {"aws-secret-access-key", "aws-credentials-file"},
        ),
        (
            "client.py",
            b"\x00\nimport boto3\n"
            + f'boto3.client("s3", aws_access_key_id="{KEY_ID}")\n'.encode(),
            {"aws-access-key-id"},  # the key, not the call: no parser reads binary content
        ),
        ("image.png", random.Random(5).randbytes(100_000), set()),
    ],
)
def test_a_binary_file_is_searched_for_keys_only(
    tmp_path: Path, name: str, content: bytes, rules: set[str]
) -> None:
    (tmp_path / name).write_bytes(content)
    result = scan(ScanOptions(paths=(tmp_path,)))
    assert {f.rule_id for f in result.findings} == rules
    assert [(n.path, n.kind, n.reason) for n in result.notifications] == [
        (name, NotificationKind.PARTIAL, "binary")
    ]


_START_METHOD_SCRIPT = """
import json, multiprocessing, sys
from pathlib import Path

if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[2])
    from scanner.engine import ScanOptions, scan
    from scanner.reports import json_report

    result = scan(ScanOptions(paths=(Path(sys.argv[1]),), jobs=int(sys.argv[3])))
    print(json.dumps([json_report.render(result), [n.reason for n in result.notifications]]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_other_start_methods_give_the_single_process_result(tmp_path: Path, method: str) -> None:
    """macOS starts processes by spawn: workers must not rely on what fork would inherit
    (a forkserver worker's parent is the server, not the sweep)."""
    root = _tree(tmp_path / "tree", files=engine._PARALLEL_THRESHOLD + 8)
    script = tmp_path / "run.py"
    script.write_text(_START_METHOD_SCRIPT, encoding="utf-8")

    def run(jobs: int) -> object:
        completed = subprocess.run(
            [sys.executable, str(script), str(root), method, str(jobs)],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return json.loads(completed.stdout)

    assert run(2) == run(1)
