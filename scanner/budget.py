"""A per-file time budget, so one runaway file cannot hold up a sweep.

The budget is a one-shot SIGALRM timer in the process that scans the file (the main process
under --jobs 1, each worker otherwise). Its handler raises `BudgetExceeded`, which derives
from BaseException so that a pass's own `except Exception` cannot swallow it. CPython checks
for signals between bytecodes and inside the `re` engine, so pure-Python loops and regular
expressions stop on time; a long call inside a C extension stops when the call returns.
Where SIGALRM cannot be used (Windows, or a scan started from a thread other than the main
one) the budget is not enforced. Budgets do not nest: an inner one cancels the outer timer.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_FILE_TIME_BUDGET = 60.0


class BudgetExceeded(BaseException):
    """The file being scanned used up its time budget."""


def enforceable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise BudgetExceeded inside the block once `seconds` have passed (None or 0: no limit)."""
    if not seconds or seconds <= 0 or not enforceable():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            # The timer is one-shot: if it fires before this line, it cannot fire again.
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _expire(signum: int, frame: FrameType | None) -> None:
    raise BudgetExceeded
