"""One file through the pass: a module or a notebook, failures turned into notifications."""

from __future__ import annotations

import libcst as cst

from scanner.models import Notification, NotificationKind, PassResult, PassSettings
from scanner.passes.python import guard
from scanner.passes.python.analysis import Analysis, analyse, encodable, parses
from scanner.passes.python.context import FileContext
from scanner.passes.python.locations import LineMap
from scanner.passes.python.notebook import NotebookCode, NotebookError, code_cells
from scanner.source import SourceFile
from scanner.wording import counted

_KEYS_STILL_SCANNED = "the python pass skipped it; keys were still scanned"
PARSED = "python.files_parsed"
SCREENED_OUT = "python.files_screened_out"
REFUSED = "python.files_refused"


def scan_module(source: SourceFile, settings: PassSettings) -> PassResult:
    context = FileContext(source.path, LineMap(), settings.extra_placeholders)
    try:
        analysis = analyse(source.text, context)
    except guard.Refusal as refusal:
        return _partial(source, refusal.reason, f"{refusal}; {_KEYS_STILL_SCANNED}")
    except cst.ParserSyntaxError as error:
        # The error text quotes the offending line, which may hold a secret: line only.
        line = _syntax_error_line(encodable(source.text)) or error.raw_line
        message = f"not Python 3 that libcst can parse (line {line})"
        return _partial(source, "parse-error", f"{message}; {_KEYS_STILL_SCANNED}")
    return _result(analysis)


def _syntax_error_line(code: str) -> int | None:
    """Where CPython places the error: libcst places a statement's error at the token after
    it, often the next line (`print "x"` on line 1 is reported on line 2). Only on the error
    path, after the guard has screened the file's depth; None when CPython disagrees that
    the code is broken or cannot say."""
    import ast

    try:
        ast.parse(code)
    except SyntaxError as error:
        return error.lineno
    except (MemoryError, RecursionError, ValueError):
        return None
    return None


def scan_notebook(source: SourceFile, settings: PassSettings) -> PassResult:
    try:
        notebook = code_cells(source)
    except NotebookError as error:
        return _partial(source, "invalid-notebook", f"{error}; {_KEYS_STILL_SCANNED}")
    code, lines = notebook.assemble()
    try:
        return _result(analyse(code, FileContext(source.path, lines, settings.extra_placeholders)))
    except (guard.Refusal, cst.ParserSyntaxError):
        return _without_broken_cells(source, notebook, settings)


def _without_broken_cells(
    source: SourceFile, notebook: NotebookCode, settings: PassSettings
) -> PassResult:
    """Some cell is not Python (an unknown magic, a syntax error): analyse the others."""
    keep = frozenset(
        number for number, cell in enumerate(notebook.cells) if parses("\n".join(cell.lines))
    )
    code, lines = notebook.assemble(keep)
    try:
        analysis = analyse(code, FileContext(source.path, lines, settings.extra_placeholders))
    except (guard.Refusal, cst.ParserSyntaxError):
        return _partial(source, "parse-error", f"code cells do not parse; {_KEYS_STILL_SCANNED}")
    skipped = len(notebook.cells) - len(keep)
    notification = Notification(
        source.path,
        NotificationKind.PARTIAL,
        "parse-error",
        f"{counted(skipped, 'code cell')} not Python 3, skipped by the python pass",
    )
    result = _result(analysis)
    return PassResult(result.findings, (notification,), result.metrics)


def _result(analysis: Analysis) -> PassResult:
    metric = PARSED if analysis.parsed else SCREENED_OUT
    return PassResult(findings=tuple(analysis.findings), metrics={metric: 1})


def _partial(source: SourceFile, reason: str, message: str) -> PassResult:
    return PassResult(
        notifications=(Notification(source.path, NotificationKind.PARTIAL, reason, message),),
        metrics={REFUSED: 1},
    )
