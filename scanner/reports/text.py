"""One line per finding for people, then counts and the posture table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from scanner.engine import ScanResult
from scanner.escaping import readable
from scanner.models import Finding, Level
from scanner.posture import posture_of
from scanner.wording import counted

_COLOURS = {Level.ERROR: "\x1b[31m", Level.WARNING: "\x1b[33m", Level.NOTE: "\x1b[36m"}
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"


def printable(text: str) -> str:
    """File names may hold newlines or undecodable bytes; never let them forge a line."""
    return readable(text).translate({10: "\\n", 13: "\\r", 9: "\\t", 27: "\\x1b"})


def render(
    result: ScanResult, *, colour: bool = False, verbose: bool = False, posture: bool = True
) -> str:
    return "".join(f"{line}\n" for line in _lines(result, colour, verbose, posture))


def render_summary_only(result: ScanResult) -> str:
    return "".join(f"{line}\n" for line in _posture_lines(result))


def _lines(result: ScanResult, colour: bool, verbose: bool, posture: bool) -> Iterator[str]:
    active = [f for f in result.findings if f.suppressed_by is None]
    for finding in active:
        yield _finding_line(finding, colour)
    if verbose:
        yield from notification_lines(result)
    yield from _summary(result, active)
    if posture and result.metrics.get("ec2_launch_definitions", 0) + result.metrics.get(
        "iam_user_access_keys", 0
    ):
        yield ""
        yield from _posture_lines(result)


def notification_lines(result: ScanResult) -> Iterator[str]:
    for notification in result.notifications:
        yield printable(
            f"{notification.path}: {notification.kind.value} "
            f"({notification.reason}): {notification.message}"
        )


def _finding_line(finding: Finding, colour: bool) -> str:
    level = finding.level or Level.WARNING
    where = printable(f"{finding.path}:{finding.region.start_line}:{finding.region.start_column}")
    label = level.value
    if colour:
        where = f"{_BOLD}{where}{_RESET}"
        label = f"{_COLOURS[level]}{label}{_RESET}"
    return f"{where}: {label} {finding.rule_id} {printable(finding.message)}"


def _summary(result: ScanResult, active: list[Finding]) -> Iterator[str]:
    suppressed = len(result.findings) - len(active)
    counts = Counter(finding.rule_id for finding in active)
    noun = "file" if result.files_scanned == 1 else "files"
    head = (
        f"{len(active)} finding{'' if len(active) == 1 else 's'} in {result.files_scanned} {noun}"
    )
    extras = []
    if suppressed:
        extras.append(f"{suppressed} suppressed")
    skipped = sum(1 for n in result.notifications if n.kind.value == "skipped")
    if skipped:
        extras.append(f"{skipped} skipped")
    # Named in the summary: it alone can make the exit status 1 with no finding listed.
    unsearched = result.unsearched
    if unsearched:
        extras.append(f"key search failed on {counted(unsearched, 'file')}")
    if extras:
        head += f" ({', '.join(extras)})"
    yield ""
    yield head
    for rule_id, count in sorted(counts.items()):
        yield f"  {rule_id}: {count}"


def _posture_lines(result: ScanResult) -> Iterator[str]:
    rows = posture_of(result).rows()
    width = max(len(label) for label, _ in rows)
    yield "Instance-role posture"
    for label, value in rows:
        yield f"  {label.ljust(width)}  {value}"
