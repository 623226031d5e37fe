"""Worker processes for a parallel sweep: each with a pipe of its own, all ended for certain.

multiprocessing.Pool served here before. Its teardown races with its own helper threads: a
SIGTERM at the wrong moment had the pool's worker-handler thread fork replacement workers
while the pool was being terminated, and those waited forever on a queue lock the parent
held, outliving the sweep (found by sending SIGTERM at random moments). A worker that dies
(killed by the kernel, a crash in a C extension) also left a Pool waiting for its result.

So: no helper threads, nothing shared between workers. The parent hands each worker one
chunk at a time over the worker's own pipe and waits on all pipes at once; a closed pipe is
a dead worker, whose chunk is reported lost and whose place a new worker takes; on any
exit from the `with` block, every worker still running is killed and reaped.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

from scanner.errors import WorkerError

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess
    from types import TracebackType

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

# Signals a worker must not act on before it has set its own handlers: until then it runs
# the parent's (which raise exceptions meant for the parent's main loop).
_HELD = frozenset({signal.SIGINT, signal.SIGTERM})
# A worker told to stop has this long to exit before it is killed.
_STOP_SECONDS = 2.0
# Workers started in a row for one chunk before giving up: they die before taking any work.
_STARTS = 4


@dataclass(frozen=True)
class Lost:
    """A chunk whose worker died before answering: its exit code says how."""

    exitcode: int | None

    def describe(self) -> str:
        if self.exitcode is not None and self.exitcode < 0:
            try:
                return f"killed by {signal.Signals(-self.exitcode).name}"
            except ValueError:
                return f"killed by signal {-self.exitcode}"
        return f"exit code {self.exitcode}"


class Workers(Generic[Chunk, Result]):
    """`processes` workers that run `initializer(*initargs)` once, then `function` on each
    chunk they are given.

    `function` and `initializer` must be module-level functions (picklable) where the start
    method is spawn; under fork, they and `initargs` are inherited, not pickled.
    """

    def __init__(
        self,
        processes: int,
        function: Callable[[Chunk], Result],
        initializer: Callable[..., None],
        initargs: tuple[object, ...],
        start_method: Literal["fork", "spawn", "forkserver"] | None = None,
    ) -> None:
        self._processes = max(1, processes)
        self._function = function
        self._initializer = initializer
        self._initargs = initargs
        # The platform's default (fork on Linux, spawn on macOS) unless a caller asks.
        self._context = multiprocessing.get_context(start_method)
        self._running: dict[Connection, BaseProcess] = {}
        # Until some worker has answered, workers that die are a broken set-up, not bad files.
        self._answered = False
        self._fruitless = 0

    def __enter__(self) -> Workers[Chunk, Result]:
        """Start every worker, so that the caller may do other work while they start."""
        try:
            for _ in range(self._processes):
                self._start()
        except BaseException:
            self._end(gently=False)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._end(gently=kind is None)

    def map_unordered(
        self,
        chunks: Sequence[Chunk],
        retry: Callable[[Chunk], Sequence[Chunk]] | None = None,
    ) -> Iterator[tuple[Chunk, Result | Lost]]:
        """Each chunk with its result (or Lost), in the order the workers finish them.

        A chunk whose worker died is given once more, as the chunks `retry` makes of it (one
        per task, say, so that a file that kills its worker every time costs only itself); a
        retried chunk that is lost again is yielded as Lost."""
        waiting = list(reversed(chunks))
        retried: set[int] = set()
        given: dict[Connection, Chunk] = {}
        for connection in list(self._running):
            self._give(connection, waiting, given)
        while given:
            for ready in wait(list(given)):
                assert isinstance(ready, Connection)
                chunk = given.pop(ready)
                try:
                    result: Result | Lost = ready.recv()
                except (EOFError, OSError):
                    result = Lost(self._reap(ready))
                    self._note_fruitless(result.exitcode)
                    if retry is not None and id(chunk) not in retried:
                        again = retry(chunk)
                        retried.update(map(id, again))
                        waiting.extend(reversed(again))
                    else:
                        yield chunk, result
                    if waiting:
                        self._give(self._start(), waiting, given)
                    continue
                self._answered = True
                yield chunk, result
                self._give(ready, waiting, given)

    def _note_fruitless(self, exitcode: int | None) -> None:
        """A worker that exits by itself before any worker has answered is a broken set-up
        (it cannot start, or cannot run the work): after a few, stop. One killed by a signal
        may have met a file that takes more memory than there is; it is not counted."""
        if self._answered or (exitcode is not None and exitcode < 0):
            return
        self._fruitless += 1
        if self._fruitless >= _STARTS:
            raise WorkerError(
                f"{_STARTS} worker processes died before answering once; try --jobs 1"
            )

    def _give(
        self, connection: Connection, waiting: list[Chunk], given: dict[Connection, Chunk]
    ) -> None:
        """Send the next waiting chunk, if any. A worker found dead on sending had finished
        its last chunk; the one it was to get goes to a new worker."""
        for _ in range(_STARTS):
            if not waiting:
                return
            chunk = waiting.pop()
            try:
                connection.send(chunk)
            except OSError:
                waiting.append(chunk)
                self._note_fruitless(self._reap(connection))
                connection = self._start()
                continue
            given[connection] = chunk
            return
        raise WorkerError(
            f"{_STARTS} worker processes in a row died before taking any work; try --jobs 1"
        )

    def _start(self) -> Connection:
        ours, theirs = self._context.Pipe()
        # A forked worker inherits the parent's end of its own pipe and of the others'.
        method = self._context.get_start_method()
        parents_ends = (ours, *self._running) if method == "fork" else ()
        # A fork server, not this process, is a forkserver worker's parent.
        parent = None if method == "forkserver" else os.getpid()
        # Held across the start, released by the worker once its own handlers are set: a
        # Ctrl-C in between must neither run the parent's handlers in the worker nor print a
        # traceback from it.
        blocked = _hold_signals()
        process = self._context.Process(
            target=_serve,
            args=(
                theirs,
                parents_ends,
                parent,
                blocked,
                self._function,
                self._initializer,
                self._initargs,
            ),
            daemon=True,
        )
        try:
            process.start()
            # Recorded before the signals are let through: a Ctrl-C raised on their release
            # must find this worker among those to end.
            self._running[ours] = process
        finally:
            _release_signals(blocked)
            theirs.close()
        return ours

    def _reap(self, connection: Connection) -> int | None:
        """End a worker whose pipe failed (it has died, or soon will) and say how it ended."""
        process = self._running.pop(connection)
        connection.close()
        return _stopped(process, grace=_STOP_SECONDS)

    def _end(self, *, gently: bool) -> None:
        if gently:
            for connection in self._running:
                with contextlib.suppress(OSError):  # a worker that died meanwhile
                    connection.send(None)
        for connection, process in self._running.items():
            _stopped(process, grace=_STOP_SECONDS if gently else 0.0)
            connection.close()
        self._running.clear()


def _stopped(process: BaseProcess, *, grace: float) -> int | None:
    """Wait up to `grace` seconds for a worker to exit, then kill it; its exit code."""
    if grace:
        process.join(grace)
    if process.exitcode is None:
        process.kill()
    process.join()
    return process.exitcode


def _serve(
    connection: Connection,
    parents_ends: tuple[Connection, ...],
    parent: int | None,
    blocked: frozenset[signal.Signals],
    function: Callable[[object], object],
    initializer: Callable[..., None],
    initargs: tuple[object, ...],
) -> None:
    if parent is not None:
        _die_with(parent)
    # The parent's ends of the pipes, inherited under fork: held here, they would keep a pipe
    # open after the parent dies, and its worker waiting for ever.
    for end in parents_ends:
        end.close()
    initializer(*initargs)
    _release_signals(blocked)
    while True:
        try:
            chunk = connection.recv()
            if chunk is None:
                return
            connection.send(function(chunk))
        except (EOFError, OSError):
            return  # the parent is gone: nobody to tell


# From <linux/prctl.h>: the signal a process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies, so that a worker busy with one
    large file does not run on for its whole time budget unseen (Linux; elsewhere the worker
    notices at its next message)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(AttributeError, OSError):  # no prctl (another libc)
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)  # the parent died before the request above took effect


def _hold_signals() -> frozenset[signal.Signals]:
    """Block SIGINT and SIGTERM; return those of them that were blocked already."""
    if not hasattr(signal, "pthread_sigmask"):
        return _HELD
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    return frozenset(s for s in _HELD if s in before)


def _release_signals(blocked: frozenset[signal.Signals]) -> None:
    """Unblock what _hold_signals blocked (not what was blocked before it)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD - blocked)
