"""The command line: parse arguments, run the sweep, write the report, pick the exit status.

Exit status: 0 nothing to report, 1 findings, 2 usage or fatal error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from scanner import __version__, launch
from scanner import config as configuration
from scanner.config import DEFAULT_BASELINE, Config
from scanner.engine import ScanOptions, ScanResult, default_jobs, scan
from scanner.errors import CredsweepError, UsageError
from scanner.keyshape import redact
from scanner.models import Finding, Level
from scanner.output import Progress, check_destination, error, write_report
from scanner.policy import apply_policy
from scanner.posture import posture_of
from scanner.reader import DEFAULT_MAX_FILE_SIZE
from scanner.reports import json_report, text
from scanner.rules import load_catalogue
from scanner.walker import FileEntry, find_root, project_root, walk
from scanner.wording import counted

if TYPE_CHECKING:
    import logging

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = launch.EXIT_INTERRUPTED
EXIT_TERMINATED = 143

FORMATS = ("text", "json", "sarif")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits 2 on bad usage and 0 for --help; keep both.
        return int(exit_.code or 0)
    _configure_logging(arguments)
    previous = _terminate_like_interrupt()
    try:
        handler = arguments.handler
        status: int = handler(arguments)
        return status
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED
    except _Terminated:
        error("terminated")
        return EXIT_TERMINATED
    except CredsweepError as problem:
        error(str(problem))
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader of stdout went away (`credsweep scan | head`): nothing left to tell.
        return EXIT_ERROR
    except Exception as problem:
        import logging

        logging.getLogger("scanner").debug("internal error", exc_info=problem)
        error(f"internal error ({type(problem).__name__}); rerun with --verbose for details")
        return EXIT_ERROR
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Parser(argparse.ArgumentParser):
    """Unknown arguments are refused by the command that received them, so the usage shown
    is that command's (`credsweep history --bogus` shows `credsweep history`'s usage)."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


class _Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that the worker pool is torn down on the way out."""


def _terminate_like_interrupt() -> signal.Handlers | Callable[..., object] | int | None:
    def on_term(signum: int, frame: object) -> None:
        raise _Terminated

    try:
        return signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        return signal.getsignal(signal.SIGTERM)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="credsweep",
        description="Find static AWS credentials and the code and infrastructure that use them.",
    )
    parser.add_argument("--version", action="version", version=f"credsweep {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scan_parser = commands.add_parser("scan", help="sweep files and directories")
    add_scan_arguments(scan_parser)
    scan_parser.set_defaults(handler=run_scan)

    baseline_parser = commands.add_parser("baseline", help="accept the current findings")
    actions = baseline_parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, help_text in (
        ("create", "write every current finding to the baseline file"),
        ("update", "drop baseline entries whose finding is gone; add nothing"),
    ):
        action_parser = actions.add_parser(action, help=help_text)
        add_sweep_arguments(action_parser)
        action_parser.add_argument("--baseline", type=Path, metavar="FILE", help=_BASELINE_HELP)
        action_parser.set_defaults(handler=run_baseline)

    history_parser = commands.add_parser("history", help="sweep every blob in git history")
    add_history_arguments(history_parser)
    history_parser.set_defaults(handler=run_history)

    rules_parser = commands.add_parser("rules", help="list the rule catalogue")
    rules_parser.set_defaults(handler=run_rules, verbose=False, quiet=False)
    return parser


_BASELINE_HELP = f"baseline file (default: {DEFAULT_BASELINE} at the scan root)"


def add_scan_arguments(parser: argparse.ArgumentParser) -> None:
    add_sweep_arguments(parser)
    add_report_arguments(parser)
    parser.add_argument(
        "--summary-only",
        action="store_true",
        help="report only the instance-role posture (text or json; SARIF carries it anyway)",
    )
    parser.add_argument(
        "--baseline", type=Path, metavar="FILE", help="report and fail only on findings not in it"
    )
    parser.add_argument("--diff", metavar="REF", help="report only findings new since REF")
    parser.add_argument(
        "--warn-unused-suppressions",
        action="store_true",
        help="list `credsweep: ignore` comments whose rule does not fire there",
    )
    parser.add_argument(
        "--show-config", action="store_true", help="print the configuration in effect and stop"
    )


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format")
    parser.add_argument("--output", metavar="FILE", help="write the report here (- = stdout)")
    parser.add_argument("--sarif-output", metavar="FILE", help="also write a SARIF report to FILE")
    parser.add_argument(
        "--fail-on",
        choices=[level.value for level in Level],
        help="the lowest level that makes the exit status 1 (default: warning)",
    )


def add_history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, default=Path(), metavar="PATH")
    parser.add_argument("--since", metavar="REF", help="only commits after REF")
    parser.add_argument(
        "--branches",
        choices=("current", "all"),
        default="current",
        help="history of HEAD (default) or of every branch, tag and remote ref",
    )
    add_config_arguments(parser)
    add_report_arguments(parser)
    parser.add_argument("--verbose", "-v", action="store_true", help="list skipped blobs")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress or warnings")


def add_sweep_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="default: .")
    add_config_arguments(parser)
    parser.add_argument(
        "--jobs", type=_positive_int, default=default_jobs(), metavar="N", help="processes"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list skipped files")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress or warnings")


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags named after the configuration keys; each overrides the file's value."""
    parser.add_argument("--config", type=Path, metavar="FILE", help="use this configuration file")
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="gitignore-style pattern of paths to leave out (repeatable)",
    )
    parser.add_argument(
        "--no-default-excludes",
        action="store_true",
        help="also scan node_modules/, site-packages/ and other third-party trees",
    )
    parser.add_argument(
        "--max-file-size",
        type=_positive_int,
        metavar="BYTES",
        help=(
            "files larger than this are only searched for keys, as a stream"
            f" (default {DEFAULT_MAX_FILE_SIZE})"
        ),
    )
    for flag, metavar, help_text in (
        ("--select", "RULES", "report only these rules (comma-separated, repeatable)"),
        ("--ignore", "RULES", "never report these rules (comma-separated, repeatable)"),
        ("--levels", "RULE=LEVEL", "report RULE at LEVEL: error, warning or note (repeatable)"),
        ("--extra-placeholders", "VALUE", "treat VALUE as a placeholder, not a key (repeatable)"),
        ("--allowed-key-ids", "ID", "an access key id, or its SHA-256, never to report"),
    ):
        parser.add_argument(flag, action="append", default=[], metavar=metavar, help=help_text)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be at least 1")
    return number


def _configure_logging(arguments: argparse.Namespace) -> None:
    # The scanner logs at debug level only, so without --verbose there is nothing to show;
    # and where logging was never imported, no earlier run left a level to reset. Importing
    # it costs a pre-commit hook several milliseconds.
    if not getattr(arguments, "verbose", False) and "logging" not in sys.modules:
        return
    import logging

    level = logging.DEBUG if getattr(arguments, "verbose", False) else logging.WARNING
    if getattr(arguments, "quiet", False):
        level = logging.ERROR
    logger = logging.getLogger("scanner")
    logger.setLevel(level)
    if not logger.handlers:
        # A closed stderr (`2>&-`) is None: the log goes nowhere rather than failing.
        handler = logging.StreamHandler(sys.stderr) if sys.stderr else logging.NullHandler()
        handler.setFormatter(_redacting_formatter("credsweep: %(message)s"))
        logger.addHandler(handler)


def _redacting_formatter(template: str) -> logging.Formatter:
    import logging

    class RedactingFormatter(logging.Formatter):
        """Log lines, tracebacks included, may quote scanned text: mask any key in them."""

        def format(self, record: logging.LogRecord) -> str:
            return redact(super().format(record))

    return RedactingFormatter(template)


def run_scan(arguments: argparse.Namespace) -> int:
    if arguments.summary_only and arguments.format == "sarif":
        raise UsageError("--summary-only reports text or json; write SARIF with --sarif-output")
    _check_destinations(arguments)
    paths = tuple(arguments.paths) or (Path(),)
    root = _root(arguments, paths)
    config = _config(arguments, root)
    if arguments.show_config:
        write_report(configuration.to_toml(config), arguments.output)
        return EXIT_CLEAN
    _not_in_the_sweep(arguments, paths, root, config)
    result = _sweep(arguments, paths, config, root)
    if arguments.diff:
        from scanner import diff

        changes = diff.changes_since(root, arguments.diff)
        # The base's versions of the files in question get the very same sweep.
        introduced = diff.introduced(
            root,
            result.findings,
            changes,
            rescan=lambda tree, files: _sweep(arguments, files, config, tree).findings,
        )
        result = replace(result, findings=tuple(introduced))
    if config.baseline is not None:
        from scanner import baseline

        entries = baseline.load(config.baseline)
        result = replace(result, findings=tuple(baseline.mark(result.findings, entries)))

    write_report(_render(result, arguments), arguments.output)
    if arguments.sarif_output:
        write_report(_render_sarif(result), arguments.sarif_output)
    _warn_about_skips(result, arguments, listed_in_report=arguments.format == "text")
    if arguments.warn_unused_suppressions:
        for item in result.unused_suppressions:
            error(text.printable(item.describe()))
    return exit_status(result, config.fail_on)


def _check_destinations(arguments: argparse.Namespace) -> None:
    """Two reports must never land in one place: one would overwrite or garble the other."""
    report, sarif = arguments.output, arguments.sarif_output
    for destination in (report, sarif):
        if destination is not None:
            check_destination(destination)
            _not_an_input(arguments, destination)
    if sarif is None:
        return
    if sarif == "-":
        if report in (None, "-"):
            raise UsageError(
                "--sarif-output -: the main report already goes to stdout; "
                "give --output FILE, or use --format sarif"
            )
        return
    if report not in (None, "-") and _same_file(Path(report), Path(sarif)):
        raise UsageError(f"--output and --sarif-output both name {sarif}; give two files")


def _not_an_input(arguments: argparse.Namespace, destination: str) -> None:
    """A report written over a file named for scanning would destroy the user's source."""
    if destination == "-":
        return
    for path in getattr(arguments, "paths", None) or ():
        if not Path(path).is_dir() and _same_file(Path(destination), Path(path)):
            raise UsageError(
                f"{destination} is one of the files to scan; write the report elsewhere"
            )


def _not_in_the_sweep(
    arguments: argparse.Namespace, paths: tuple[Path, ...], root: Path, config: Config
) -> None:
    """Nor over a file the walk of a directory reaches (`scan . --output app.py`).

    Only an existing file that is not an earlier report costs the extra walk: a new file
    cannot be a source, and replacing last run's report is what a re-run is for.
    """
    existing = [
        Path(d).resolve()
        for d in (arguments.output, arguments.sarif_output)
        if d not in (None, "-") and Path(d).is_file() and not _earlier_report(Path(d))
    ]
    if not existing:
        return
    swept = {
        Path(item.location).resolve()
        for item in walk(
            root,
            paths,
            excludes=config.exclude,
            use_default_excludes=not arguments.no_default_excludes,
        )
        if isinstance(item, FileEntry)
    }
    for destination in existing:
        if destination in swept:
            raise UsageError(
                f"{destination} is one of the files to scan; write the report elsewhere"
                " or exclude it"
            )


_TEXT_SUMMARY = re.compile(r"^\d+ findings? in \d+ files?\b|^Instance-role posture$", re.M)


def _earlier_report(path: Path) -> bool:
    """A file credsweep itself wrote: its text summary, a JSON finding list, or its SARIF."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    head = text.lstrip()[:1]
    if head == "[":
        return text.strip() == "[]" or '"rule_id"' in text
    if head == "{":
        return '"name": "credsweep"' in text
    return _TEXT_SUMMARY.search(text) is not None


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        pass
    try:
        return first.resolve() == second.resolve()
    except (OSError, RuntimeError):
        return False


def _root(arguments: argparse.Namespace, paths: Sequence[Path]) -> Path:
    """The scan root (see `find_root`), moved up outside git to a configuration file found
    above it, unless --config names one."""
    root = find_root(paths)
    if arguments.config is not None:
        return root
    return project_root(root, configuration.discover(root))


def _config(arguments: argparse.Namespace, root: Path) -> Config:
    """The file's configuration with the command line's flags laid over it."""
    found = configuration.load(root, arguments.config)
    return configuration.from_command_line(
        found,
        {
            "exclude": arguments.exclude,
            "select": _split(arguments.select),
            "ignore": _split(arguments.ignore),
            "levels": _pairs(arguments.levels),
            "fail-on": getattr(arguments, "fail_on", None),
            "max-file-size": arguments.max_file_size,
            "extra-placeholders": arguments.extra_placeholders,
            "allowed-key-ids": arguments.allowed_key_ids,
            "baseline": _absolute(getattr(arguments, "baseline", None)),
        },
    )


def _split(values: Sequence[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


def _pairs(values: Sequence[str]) -> dict[str, str] | None:
    pairs = {}
    for value in values:
        rule_id, equals, level = value.partition("=")
        if not equals:
            raise UsageError(f"--levels {value!r}: expected RULE=LEVEL")
        pairs[rule_id.strip()] = level.strip()
    return pairs or None


def _absolute(path: Path | None) -> str | None:
    return None if path is None else str(path.absolute())


def _sweep(
    arguments: argparse.Namespace, paths: tuple[Path, ...], config: Config, root: Path
) -> ScanResult:
    options = ScanOptions(
        paths=paths,
        root=root,
        excludes=config.exclude,
        use_default_excludes=not getattr(arguments, "no_default_excludes", False),
        max_file_size=config.max_file_size,
        jobs=arguments.jobs,
        settings=config.pass_settings(),
        find_unused_suppressions=getattr(arguments, "warn_unused_suppressions", False),
    )
    progress = Progress(sys.stderr, enabled=not arguments.quiet)
    meanwhile = _load_sarif_writer if getattr(arguments, "format", None) == "sarif" else None
    try:
        result = scan(options, progress=progress, meanwhile=meanwhile)
    finally:
        progress.close()
    return replace(result, findings=tuple(apply_policy(result.findings, config)))


def _render(result: ScanResult, arguments: argparse.Namespace) -> str | Iterator[str]:
    if arguments.summary_only:
        if arguments.format == "json":
            return json.dumps(posture_of(result).as_properties(), indent=2) + "\n"
        return text.render_summary_only(result)
    if arguments.format == "json":
        return json_report.stream(result)
    if arguments.format == "sarif":
        return _render_sarif(result)
    # stdout is None when the caller closed it (`>&-`): the write below says so.
    colour = arguments.output in (None, "-") and sys.stdout is not None and sys.stdout.isatty()
    # People read only what needs action; the baseline's known findings are counted.
    known = sum(1 for f in result.findings if _known(f))
    shown = [f for f in result.findings if not _known(f)]
    report = text.render(
        replace(result, findings=tuple(shown)), colour=colour, verbose=arguments.verbose
    )
    if known:
        report += f"{known} known finding{'s' if known != 1 else ''} in the baseline not shown\n"
    return report


def _load_sarif_writer() -> None:
    """Load what writing SARIF needs (sarif-om, the rule catalogue) ahead of time: called
    while worker processes scan and this process would only wait for them."""
    import importlib

    from scanner.rules import load_catalogue

    importlib.import_module("scanner.reports.sarif")
    load_catalogue()


def _render_sarif(result: ScanResult) -> Iterator[str]:
    # Imported here: sarif-om and attrs cost tens of milliseconds, which a pre-commit hook
    # writing text should not pay.
    from scanner.reports import sarif

    # One result at a time, file names made readable (no lone surrogates in the JSON).
    return sarif.stream_log(result)


def _warn_about_skips(
    result: ScanResult,
    arguments: argparse.Namespace,
    *,
    listed_in_report: bool = False,
    unit: str = "file",
) -> None:
    unsearched = result.unsearched
    if unsearched and (arguments.quiet or not arguments.verbose):
        # The one note that sets the exit status: named even under --quiet, and where the
        # report cannot say it (an error, not a warning).
        error(f"the key search failed on {counted(unsearched, unit)}; --verbose lists them")
    if arguments.quiet or not result.notifications:
        return
    if arguments.verbose:
        # Only the text report of a scan lists them; for every other report, say so here.
        if not listed_in_report:
            for line in text.notification_lines(result):
                error(line)
        return
    count = len(result.notifications) - unsearched
    if count:
        noun = "file was" if count == 1 else "files were"
        error(f"{count} {noun} skipped or only partly scanned; --verbose lists them")


def exit_status(result: ScanResult, fail_on: Level = Level.WARNING) -> int:
    failing = [
        f
        for f in result.findings
        if f.suppressed_by is None
        and not _known(f)
        and (f.level or Level.WARNING).rank >= fail_on.rank
    ]
    # A file whose key search failed (a bug: the search is pure Python and linear) cannot be
    # said to hold no key; every other note leaves the status to the findings.
    return EXIT_FINDINGS if failing or result.unsearched else EXIT_CLEAN


def _known(finding: Finding) -> bool:
    """Whether the baseline holds the finding. Only a loaded baseline marks findings, so a
    run without one (a pre-commit hook) need not import the module."""
    if finding.baseline_state is None:
        return False
    from scanner.baseline import UNCHANGED

    return finding.baseline_state == UNCHANGED


def run_baseline(arguments: argparse.Namespace) -> int:
    from scanner import baseline

    paths = tuple(arguments.paths) or (Path(),)
    root = _root(arguments, paths)
    config = _config(arguments, root)
    target = config.baseline or root / DEFAULT_BASELINE
    swept = _sweep(arguments, paths, config, root)
    findings = swept.findings
    if arguments.action == "create":
        entries = baseline.entries_of(findings)
        baseline.write(target, entries)
        summary = f"wrote {counted(len(entries), 'entry')} to {target}"
    else:
        outcome = baseline.update(baseline.load(target), findings)
        baseline.write(target, outcome.kept)
        summary = (
            f"kept {len(outcome.kept)}, dropped {len(outcome.dropped)} in {target}; "
            f"{counted(len(outcome.not_added), 'new finding')} not added (review them, then "
            "`credsweep baseline create` to accept them)"
        )
    if not arguments.quiet:
        error(summary)
    unsearched = swept.unsearched
    if unsearched:
        # The file is written all the same: its keys, when found later, come back as new.
        error(f"the key search failed on {counted(unsearched, 'file')}: the baseline may miss keys")
        return EXIT_FINDINGS
    return EXIT_CLEAN


def run_history(arguments: argparse.Namespace) -> int:
    from scanner import history

    _check_destinations(arguments)
    root = history.repository_root(arguments.path)
    config = _config(arguments, root)
    sweep = history.scan_history(
        root,
        arguments.path,
        config=config,
        since=arguments.since,
        all_branches=arguments.branches == "all",
    )
    result = sweep.result
    result = replace(result, findings=tuple(apply_policy(result.findings, config)))
    write_report(history.render(result, sweep, arguments.format), arguments.output)
    if arguments.sarif_output:
        write_report(history.render(result, sweep, "sarif"), arguments.sarif_output)
    _warn_about_skips(result, arguments, unit="blob")
    return exit_status(result, config.fail_on)


def run_rules(arguments: argparse.Namespace) -> int:
    rules = load_catalogue()
    width = max(len(rule.id) for rule in rules)
    lines = [
        f"{rule.id.ljust(width)}  {rule.level.value:<7}  {rule.short_description}" for rule in rules
    ]
    write_report("\n".join(lines) + "\n", None)
    return EXIT_CLEAN


__all__ = ["UsageError", "main"]
