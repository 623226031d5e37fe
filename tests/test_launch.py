"""The command's entry point: a Ctrl-C while the program loads ends it with one line."""

from __future__ import annotations

import sys
import types

import pytest

from scanner import launch


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


@pytest.mark.parametrize(
    ("outcome", "status", "stderr"),
    [
        (KeyboardInterrupt(), 130, "credsweep: interrupted\n"),
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
