"""The command's entry point: a Ctrl-C while the program loads ends it with one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner import launch

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _sigint_restored() -> Iterator[None]:
    """run() ignores further Ctrl-Cs once interrupted: not for the rest of the test session."""
    previous = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, previous)


class _Loading(types.ModuleType):
    """Stands in for scanner.cli: `from scanner.cli import main` runs `outcome`."""

    def __init__(self, outcome: BaseException | int) -> None:
        super().__init__("scanner.cli")
        self.outcome = outcome

    def __getattr__(self, name: str) -> object:
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        status = self.outcome
        return lambda argv: status


def _wrapped_interrupt() -> RuntimeError:
    """What Python 3.11 raises for a Ctrl-C while a dataclass's fields are set up."""
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("Error calling __set_name__") from interrupt
    except RuntimeError as error:
        return error


@pytest.mark.parametrize(
    ("outcome", "status", "stderr"),
    [
        (KeyboardInterrupt(), 130, "credsweep: interrupted\n"),
        (_wrapped_interrupt(), 130, "credsweep: interrupted\n"),
        (0, 0, ""),
        (1, 1, ""),
    ],
)
def test_run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    outcome: BaseException | int,
    status: int,
    stderr: str,
) -> None:
    monkeypatch.setitem(sys.modules, "scanner.cli", _Loading(outcome))
    with pytest.raises(SystemExit) as exited:
        launch.run()
    assert exited.value.code == status
    assert capsys.readouterr().err == stderr


def test_an_unrelated_error_is_not_taken_for_an_interrupt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "scanner.cli", _Loading(RuntimeError("broken")))
    with pytest.raises(RuntimeError, match="broken"):
        launch.run()


def test_a_ctrl_c_while_the_arguments_are_read_is_an_interrupt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """main() builds its parser before its own handlers apply."""
    import scanner.cli

    def parser() -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(scanner.cli, "_parser", parser)
    monkeypatch.setattr(sys, "argv", ["credsweep", "scan"])
    with pytest.raises(SystemExit) as exited:
        launch.run()
    assert exited.value.code == 130
    assert capsys.readouterr().err == "credsweep: interrupted\n"


_NOTED_SCRIPT = """
import sys
try:
    exec("raise KeyboardInterrupt")  # as a dataclass's generated method might, mid-import
except KeyboardInterrupt:
    pass
if sys.argv[1] == "forget":
    from scanner import launch
    launch._forget_interrupt()
sys.exit(130)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="death by signal is POSIX")
@pytest.mark.parametrize(("forget", "status"), [("keep", -2), ("forget", 130)])
def test_an_interrupt_noted_by_cpython_does_not_turn_the_exit_into_a_signal(
    tmp_path: Path, forget: str, status: int
) -> None:
    """Under `python -m`, CPython kills itself with SIGINT at exit once a string it ran ended
    in KeyboardInterrupt: the status would be lost. (Linux and macOS: death by signal.)"""
    (tmp_path / "noted.py").write_text(_NOTED_SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    completed = subprocess.run(
        [sys.executable, "-m", "noted", forget], env=env, capture_output=True, check=False
    )
    assert completed.returncode == status
