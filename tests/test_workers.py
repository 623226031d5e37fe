"""Worker processes: every chunk answered once, a dead worker's chunk reported and its place
taken, and no worker left behind however the parent stops (tests of scanner/workers.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Literal

import pytest

from scanner.errors import WorkerError
from scanner.workers import Lost, Workers
from tests.processes import children

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")

_state: dict[str, int] = {}


def _remember(offset: int) -> None:
    _state["offset"] = offset


def _square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number + _state["offset"]


def _die_on_seven(number: int) -> int:
    if number == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    if number == 8:
        os._exit(3)
    return number


def _nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _die_once(marker: str) -> str:
    """Dies the first time it is given a marker path that does not exist yet."""
    if not os.path.exists(marker):  # noqa: PTH110 (a plain string path crosses processes)
        Path(marker).touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return marker


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _gone(pids: list[int], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not any(_alive(pid) for pid in pids)


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
@pytest.mark.parametrize(("processes", "chunks"), [(1, 5), (2, 40), (3, 2), (4, 0)])
def test_every_chunk_is_answered_once(
    processes: int, chunks: int, method: Literal["fork", "spawn", "forkserver"]
) -> None:
    with Workers(processes, _square, _remember, (1,), start_method=method) as workers:
        answered = list(workers.map_unordered(list(range(chunks))))

    assert sorted(chunk for chunk, _ in answered) == list(range(chunks))
    assert all(result[1] == chunk * chunk + 1 for chunk, result in answered)  # type: ignore[index]
    pids = {result[0] for _, result in answered}  # type: ignore[index]
    assert len(pids) <= processes
    assert os.getpid() not in pids
    assert _gone(list(pids))


def test_a_dead_worker_loses_only_its_chunk_and_is_replaced() -> None:
    with Workers(2, _die_on_seven, _remember, (0,)) as workers:
        answered = dict(workers.map_unordered(list(range(20))))

    assert answered[7] == Lost(-signal.SIGKILL)
    assert answered[7].describe() == "killed by SIGKILL"  # type: ignore[union-attr]
    assert answered[8] == Lost(3)
    assert answered[8].describe() == "exit code 3"  # type: ignore[union-attr]
    assert {k: v for k, v in answered.items() if k not in (7, 8)} == {
        n: n for n in range(20) if n not in (7, 8)
    }


def test_a_lost_chunk_is_given_once_more_as_retry_splits_it(tmp_path: Path) -> None:
    markers = [str(tmp_path / f"m{n}") for n in range(6)]
    chunks = [(markers[0], markers[1]), (markers[2],), (markers[3], markers[4], markers[5])]
    for never in (1, 3, 4, 5):  # m0 and m2 kill their worker once; the others never do
        Path(markers[never]).touch()

    def each(chunk: tuple[str, ...]) -> list[tuple[str, ...]]:
        return [(marker,) for marker in chunk]

    with Workers(2, _die_first_in_chunk, _remember, (0,)) as workers:
        answered = dict(workers.map_unordered(chunks, retry=each))

    # The first chunk died on m0 and came back one marker at a time; so did the second. The
    # third never died.
    assert answered == {
        (markers[0],): [markers[0]],
        (markers[1],): [markers[1]],
        (markers[2],): [markers[2]],
        chunks[2]: list(chunks[2]),
    }


def _die_first_in_chunk(chunk: tuple[str, ...]) -> list[str]:
    return [_die_once(marker) for marker in chunk]


def test_a_chunk_lost_again_after_its_retry_is_reported_lost() -> None:
    with Workers(1, _die_on_seven, _remember, (0,)) as workers:
        answered = dict(workers.map_unordered([6, 7, 9], retry=lambda chunk: [chunk]))
    assert answered == {6: 6, 7: Lost(-signal.SIGKILL), 9: 9}


def test_workers_killed_from_outside_between_chunks_are_replaced() -> None:
    answered = {}
    before = set(children(os.getpid()))
    with Workers(2, _square, _remember, (0,)) as workers:
        for number, (chunk, result) in enumerate(
            workers.map_unordered(list(range(30)), retry=lambda chunk: [chunk])
        ):
            answered[chunk] = result
            if number in (3, 11):  # a worker idle or busy, whichever: the sweep goes on
                os.kill(_new_children(before)[0], signal.SIGKILL)
    assert sorted(answered) == list(range(30))
    assert all(result[1] == chunk * chunk for chunk, result in answered.items())  # type: ignore[index]


def test_workers_that_exit_before_any_answer_are_a_broken_set_up() -> None:
    with (
        pytest.raises(WorkerError, match="try --jobs 1"),
        Workers(2, _square, _exit_at_once, ()) as workers,
    ):
        list(workers.map_unordered([1, 2, 3], retry=lambda chunk: [chunk]))


def test_workers_killed_before_any_answer_lose_their_chunks_only() -> None:
    """Killed by a signal (out of memory, say): the files' fault, not the set-up's."""
    with Workers(2, _die_on_seven, _remember, (0,)) as workers:
        answered = sorted(workers.map_unordered([7, 7, 7, 7, 7, 1]), key=str)
    assert answered == [(1, 1)] + [(7, Lost(-signal.SIGKILL))] * 5


class _Refusing:
    def send(self, chunk: object) -> None:
        raise BrokenPipeError


def test_a_chunk_no_new_worker_will_take_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers whose pipes refuse the first message, again and again: no endless forking."""
    workers: Workers[int, int] = Workers(1, _die_on_seven, _remember, (0,))
    started: list[_Refusing] = []
    monkeypatch.setattr(workers, "_start", lambda: started.append(_Refusing()) or started[-1])
    monkeypatch.setattr(workers, "_reap", lambda connection: None)
    with pytest.raises(WorkerError):
        workers._give(_Refusing(), [1], {})  # type: ignore[arg-type]
    assert len(started) < 10


def _exit_at_once() -> None:
    os._exit(1)


def _new_children(before: set[int]) -> list[int]:
    """This process's children not in `before` (a fork server or resource tracker that
    other tests started lives on for the session)."""
    return sorted(set(children(os.getpid())) - before)


def test_an_exception_in_the_parent_kills_every_worker() -> None:
    before = set(children(os.getpid()))
    started: list[int] = []
    with pytest.raises(KeyboardInterrupt), Workers(2, _square, _remember, (0,)):
        started.extend(_new_children(before))
        raise KeyboardInterrupt
    assert len(started) == 2
    assert _gone(started, seconds=2.0)


_ORPHAN_SCRIPT = """
import os, sys, threading, time
sys.path.insert(0, sys.argv[1])
from tests import test_workers as t
from scanner.workers import Workers
workers = Workers(2, t._nap, t._remember, (0,)).__enter__()
if sys.argv[2] == "busy":  # each worker in the middle of a long chunk
    answers = workers.map_unordered([60.0, 60.0])
    threading.Thread(target=next, args=(answers,), daemon=True).start()
    time.sleep(0.5)
print(" ".join(str(p) for p in t.children(os.getpid())), flush=True)
os._exit(0)  # no clean-up at all: as if killed
"""


@pytest.mark.parametrize("state", ["idle", "busy"])
def test_workers_end_when_their_parent_dies_without_clean_up(state: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _ORPHAN_SCRIPT, str(REPO), state],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    pids = [int(pid) for pid in completed.stdout.split()]
    assert len(pids) == 2
    assert _gone(pids)
    assert completed.stderr == ""  # no traceback from a worker left talking to nobody


_SWEEP_SCRIPT = """
import sys
from scanner.cli import main
sys.exit(main(["scan", sys.argv[1], "--jobs", "2", "--output", sys.argv[2]]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.002, 0.01, 0.03, 0.1, 0.3])
def test_sigterm_at_any_moment_leaves_no_worker(tmp_path: Path, delay: float) -> None:
    """SIGTERM right after the first worker appears, and at moments after it: the sweep
    exits 143 with one line and no process outlives it."""
    tree = tmp_path / "tree"
    tree.mkdir()
    call = 'import boto3, os\ns = boto3.client("s3", aws_access_key_id=os.environ["K"])\n'
    for number in range(200):
        (tree / f"m{number}.py").write_text(call + "x = 1\n" * 2000, encoding="utf-8")
    report = tmp_path / "out.txt"
    process = subprocess.Popen(
        [sys.executable, "-c", _SWEEP_SCRIPT, str(tree), str(report)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    seen: set[int] = set()
    while not seen and time.monotonic() < deadline and process.poll() is None:
        seen.update(children(process.pid))
    time.sleep(delay)
    seen.update(children(process.pid))
    os.kill(process.pid, signal.SIGTERM)
    _, err = process.communicate(timeout=60)

    assert seen, "the sweep never started a worker"
    assert (process.returncode, err) == (143, "credsweep: terminated\n")
    assert not report.exists()
    assert _gone(sorted(seen))
