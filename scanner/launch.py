"""The `credsweep` command's entry point, kept apart from the program it loads.

Loading the command line's modules and building its parser take tens of milliseconds; a
Ctrl-C in that window must end the program the way one during a sweep does (one line, exit
130), not with a traceback. (The few milliseconds in which Python itself starts and imports
this module are out of any program's reach.)
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130


def run() -> None:
    try:
        from scanner.cli import main

        status = main(sys.argv[1:])
    except BaseException as error:
        if not _interrupted(error):
            raise
        # Imported only now: loading it (and enum) at the top widened the window in which a
        # Ctrl-C still ends in a traceback, before this module's guard exists.
        import contextlib
        import signal

        # A second Ctrl-C while the message is written must not turn into a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if sys.stderr is not None:  # closed by the caller (`2>&-`): nothing to say it to
            with contextlib.suppress(OSError):
                sys.stderr.write("credsweep: interrupted\n")
        status = EXIT_INTERRUPTED
    if status == EXIT_INTERRUPTED:
        _forget_interrupt()
    sys.exit(status)


def _forget_interrupt() -> None:
    """Let the interpreter exit with our status, not by SIGINT.

    CPython notes a KeyboardInterrupt that ends any code it runs from a string (dataclasses
    and attrs build their methods that way, as modules load) and, at exit, kills itself with
    SIGINT instead of returning the status it was given; under `python -m` nothing resets
    the note before exit. Running a string that ends normally resets it."""
    exec("None")  # a constant, not input


def _interrupted(error: BaseException | None) -> bool:
    """A KeyboardInterrupt, or an error it caused: Python wraps one raised while a class is
    built (`__set_name__`) in a RuntimeError."""
    seen = 0
    while error is not None and seen < 8:
        if isinstance(error, KeyboardInterrupt):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False
