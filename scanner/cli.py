"""The command line: parse arguments, run the sweep, write the report, pick the exit status.

Exit status: 0 nothing to report, 1 findings, 2 usage or fatal error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from scanner import __version__
from scanner.engine import ScanOptions, ScanResult, default_jobs, scan
from scanner.errors import CredsweepError, UsageError
from scanner.models import Level
from scanner.output import Progress, error, write_report
from scanner.reader import DEFAULT_MAX_FILE_SIZE
from scanner.reports import json_report, text
from scanner.rules import load_catalogue

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

FORMATS = ("text", "json", "sarif")


def main_entry() -> None:
    sys.exit(main(sys.argv[1:]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits 2 on bad usage and 0 for --help; keep both.
        return int(exit_.code or 0)
    _configure_logging(arguments)
    try:
        handler = arguments.handler
        status: int = handler(arguments)
        return status
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED
    except CredsweepError as problem:
        error(str(problem))
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader of stdout went away (`credsweep scan | head`): nothing left to tell.
        return EXIT_ERROR
    except Exception as problem:
        logging.getLogger("credsweep").debug("internal error", exc_info=problem)
        error(f"internal error ({type(problem).__name__}); rerun with --verbose for details")
        return EXIT_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="credsweep",
        description="Find static AWS credentials and the code and infrastructure that use them.",
    )
    parser.add_argument("--version", action="version", version=f"credsweep {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scan_parser = commands.add_parser("scan", help="sweep files and directories")
    add_scan_arguments(scan_parser)
    scan_parser.set_defaults(handler=run_scan)

    rules_parser = commands.add_parser("rules", help="list the rule catalogue")
    rules_parser.set_defaults(handler=run_rules, verbose=False, quiet=False)
    return parser


def add_scan_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="default: .")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format")
    parser.add_argument("--output", metavar="FILE", help="write the report here (- = stdout)")
    parser.add_argument("--sarif-output", metavar="FILE", help="also write a SARIF report to FILE")
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
        default=DEFAULT_MAX_FILE_SIZE,
        metavar="BYTES",
        help=f"skip larger files (default {DEFAULT_MAX_FILE_SIZE})",
    )
    parser.add_argument(
        "--jobs", type=_positive_int, default=default_jobs(), metavar="N", help="processes"
    )
    parser.add_argument(
        "--summary-only", action="store_true", help="print only the instance-role posture"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="list skipped files")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress or warnings")


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be at least 1")
    return number


def _configure_logging(arguments: argparse.Namespace) -> None:
    level = logging.DEBUG if getattr(arguments, "verbose", False) else logging.WARNING
    if getattr(arguments, "quiet", False):
        level = logging.ERROR
    logger = logging.getLogger("scanner")
    logger.setLevel(level)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("credsweep: %(message)s"))
        logger.addHandler(handler)


def run_scan(arguments: argparse.Namespace) -> int:
    options = ScanOptions(
        paths=tuple(arguments.paths) or (Path(),),
        excludes=tuple(arguments.exclude),
        use_default_excludes=not arguments.no_default_excludes,
        max_file_size=arguments.max_file_size,
        jobs=arguments.jobs,
    )
    progress = Progress(sys.stderr, enabled=not arguments.quiet)
    try:
        result = scan(options, progress=progress)
    finally:
        progress.close()

    if arguments.summary_only:
        write_report(text.render_summary_only(result), arguments.output)
        return EXIT_CLEAN
    write_report(_render(result, arguments), arguments.output)
    if arguments.sarif_output:
        write_report(_render_sarif(result), arguments.sarif_output)
    _warn_about_skips(result, arguments)
    return exit_status(result)


def _render(result: ScanResult, arguments: argparse.Namespace) -> str:
    if arguments.format == "json":
        return json_report.render(result)
    if arguments.format == "sarif":
        return _render_sarif(result)
    colour = arguments.output in (None, "-") and sys.stdout.isatty()
    return text.render(result, colour=colour, verbose=arguments.verbose)


def _render_sarif(result: ScanResult) -> str:
    # Imported here: sarif-om and attrs cost tens of milliseconds, which a pre-commit hook
    # writing text should not pay.
    import json

    from scanner.reports import sarif

    return json.dumps(sarif.build_log(result), indent=2, ensure_ascii=True) + "\n"


def _warn_about_skips(result: ScanResult, arguments: argparse.Namespace) -> None:
    if arguments.quiet or arguments.verbose or not result.notifications:
        return
    count = len(result.notifications)
    noun = "file was" if count == 1 else "files were"
    error(f"{count} {noun} skipped or only partly scanned; --verbose lists them")


def exit_status(result: ScanResult, fail_on: Level = Level.WARNING) -> int:
    failing = [
        f
        for f in result.findings
        if f.suppressed_by is None and (f.level or Level.WARNING).rank >= fail_on.rank
    ]
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def run_rules(arguments: argparse.Namespace) -> int:
    rules = load_catalogue()
    width = max(len(rule.id) for rule in rules)
    lines = [
        f"{rule.id.ljust(width)}  {rule.level.value:<7}  {rule.short_description}" for rule in rules
    ]
    write_report("\n".join(lines) + "\n", None)
    return EXIT_CLEAN


__all__ = ["UsageError", "main"]
