from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterator

import pytest

from scanner.budget import BudgetExceeded, budget_scope, time_budget


def _spin() -> None:
    while True:
        pass


def _runaways(count: int) -> Callable[[], int]:
    """`count` runaway blocks, each stopped by its own budget; how many were stopped."""

    def run() -> int:
        stopped = 0
        for _ in range(count):
            try:
                with time_budget(0.05):
                    _spin()
            except BudgetExceeded:
                stopped += 1
        return stopped

    return run


@contextlib.contextmanager
def _no_scope() -> Iterator[None]:
    yield


@pytest.mark.parametrize(
    "scope",
    [_no_scope, budget_scope, lambda: _nested(budget_scope)],
    ids=["no-scope", "scope", "nested-scopes"],
)
def test_each_budget_stops_its_block_and_the_handler_is_restored(
    scope: Callable[[], contextlib.AbstractContextManager[None]],
) -> None:
    before = signal.getsignal(signal.SIGALRM)
    with scope():
        assert _runaways(3)() == 3
        with time_budget(5):
            pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@contextlib.contextmanager
def _nested(
    scope: Callable[[], contextlib.AbstractContextManager[None]],
) -> Iterator[None]:
    with scope(), scope():
        yield


def test_an_alarm_between_budgets_in_a_scope_stops_nothing() -> None:
    """Inside a scope the handler stays installed between files: an alarm there is ignored."""
    with budget_scope():
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        time.sleep(0.05)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
