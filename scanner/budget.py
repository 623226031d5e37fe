"""A per-file time budget, so one runaway file cannot hold up a sweep.

The budget is a one-shot SIGALRM timer in the process that scans the file (the main process
under --jobs 1, each worker otherwise). Its handler raises `BudgetExceeded`, which derives
from BaseException so that a pass's own `except Exception` cannot swallow it. CPython checks
for signals between bytecodes and inside the `re` engine, so pure-Python loops and regular
expressions stop on time; a long call inside a C extension stops when the call returns.
Where SIGALRM cannot be used (Windows, or a scan started from a thread other than the main
one) the budget is not enforced. Budgets do not nest: an inner one cancels the outer timer.

Swapping the signal handler costs ten times what arming the timer does, which adds up over
thousands of small files; so a sweep opens one `budget_scope` around many budgets, and
inside it each budget only arms and disarms the timer.
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


class _State:
    """This process's alarm handling: whether a scope has installed the handler, and whether
    a budget is running (an alarm outside one has nothing to stop)."""

    scoped = False
    armed = False


@contextmanager
def budget_scope() -> Iterator[None]:
    """Install the alarm handler once for the budgets inside; restore the previous one after."""
    if _State.scoped or not enforceable():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    _State.scoped = True
    try:
        yield
    finally:
        _State.scoped = False
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise BudgetExceeded inside the block once `seconds` have passed (None or 0: no limit)."""
    if not seconds or seconds <= 0 or not enforceable():
        yield
        return
    previous = None if _State.scoped else signal.signal(signal.SIGALRM, _expire)
    try:
        _State.armed = True
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            # The timer is one-shot: if it fires before this line, it cannot fire again.
            signal.setitimer(signal.ITIMER_REAL, 0)
            _State.armed = False
    finally:
        if previous is not None:
            signal.signal(signal.SIGALRM, previous)


def _expire(signum: int, frame: FrameType | None) -> None:
    if _State.armed:
        raise BudgetExceeded
