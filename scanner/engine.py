"""Run every pass over every file of a sweep and gather one ordered result.

A file is the unit of failure: whatever goes wrong inside one (a parser bug, a recursion
limit) becomes a Notification for that file, and the sweep goes on.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from scanner.annotate import annotate
from scanner.models import Finding, Notification, NotificationKind, PassResult, PassSettings
from scanner.passes import file_passes, group_passes
from scanner.passes.base import FilePass, GroupPass
from scanner.reader import DEFAULT_MAX_FILE_SIZE, read_source, skipped
from scanner.rules import rules_by_id
from scanner.source import SourceFile
from scanner.suppressions import UnusedSuppression
from scanner.walker import FileEntry, Skip, find_root, walk

log = logging.getLogger(__name__)

# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 64
_CHUNK = 16


@dataclass(frozen=True)
class ScanOptions:
    paths: tuple[Path, ...] = (Path(),)
    excludes: tuple[str, ...] = ()
    use_default_excludes: bool = True
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    jobs: int = 1
    settings: PassSettings = field(default_factory=PassSettings)


@dataclass(frozen=True)
class ScanResult:
    root: Path
    findings: tuple[Finding, ...]
    notifications: tuple[Notification, ...]
    metrics: Mapping[str, int]
    files_scanned: int
    unused_suppressions: tuple[UnusedSuppression, ...] = ()


@dataclass(frozen=True)
class _Task:
    """One file, or the files of one group (a Terraform module), scanned together."""

    entries: tuple[FileEntry, ...]
    group: str | None = None


@dataclass
class _Outcome:
    findings: list[Finding] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    metrics: Counter[str] = field(default_factory=Counter)
    files_scanned: int = 0
    unused_suppressions: list[UnusedSuppression] = field(default_factory=list)

    def add(self, result: PassResult) -> None:
        self.findings.extend(result.findings)
        self.notifications.extend(result.notifications)
        self.metrics.update(result.metrics)

    def merge(self, other: _Outcome) -> None:
        self.findings.extend(other.findings)
        self.notifications.extend(other.notifications)
        self.metrics.update(other.metrics)
        self.files_scanned += other.files_scanned
        self.unused_suppressions.extend(other.unused_suppressions)


ProgressCallback = Callable[[int, int], None]


def scan(options: ScanOptions, *, progress: ProgressCallback | None = None) -> ScanResult:
    root = find_root(options.paths)
    total = _Outcome()
    tasks: list[_Task] = []
    for item in walk(
        root,
        options.paths,
        excludes=options.excludes,
        use_default_excludes=options.use_default_excludes,
    ):
        if isinstance(item, Skip):
            total.notifications.append(skipped(item.path, item.reason, item.message))
        else:
            tasks.append(_Task((item,)))
    tasks = _group(tasks)

    done, files = 0, sum(len(task.entries) for task in tasks)
    for task, outcome in zip(tasks, _run(tasks, options), strict=True):
        total.merge(outcome)
        done += len(task.entries)
        if progress is not None:
            progress(done, files)
    return ScanResult(
        root=root,
        findings=tuple(_finalise(total.findings)),
        notifications=tuple(sorted(set(total.notifications), key=Notification.sort_key)),
        metrics=dict(sorted(total.metrics.items())),
        files_scanned=total.files_scanned,
        unused_suppressions=tuple(sorted(total.unused_suppressions)),
    )


def _group(tasks: Sequence[_Task]) -> list[_Task]:
    """Gather files that a group pass wants together into one task per group."""
    singles: list[_Task] = []
    groups: dict[str, list[FileEntry]] = {}
    passes = group_passes()
    for task in tasks:
        entry = task.entries[0]
        key = next((k for p in passes if (k := p.group_of(entry.path)) is not None), None)
        if key is None:
            singles.append(task)
        else:
            groups.setdefault(key, []).append(entry)
    grouped = [_Task(tuple(entries), key) for key, entries in sorted(groups.items())]
    return singles + grouped


def _run(tasks: Sequence[_Task], options: ScanOptions) -> Iterator[_Outcome]:
    jobs = max(1, options.jobs)
    if jobs == 1 or len(tasks) < _PARALLEL_THRESHOLD:
        for task in tasks:
            yield scan_task(task, options)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(scan_task, tasks, _repeat(options, len(tasks)), chunksize=_CHUNK)


def _repeat(options: ScanOptions, count: int) -> Iterable[ScanOptions]:
    return (options for _ in range(count))


def scan_task(task: _Task, options: ScanOptions) -> _Outcome:
    outcome = _Outcome()
    sources: list[SourceFile] = []
    for entry in task.entries:
        source = read_source(entry, max_file_size=options.max_file_size)
        if isinstance(source, Notification):
            outcome.notifications.append(source)
            continue
        outcome.files_scanned += 1
        sources.append(source)
    outcome.add(run_passes(sources, group=task.group, settings=options.settings))
    # Suppressions and line hashes need the text, which is at hand only here.
    annotated = annotate(outcome.findings, sources)
    outcome.findings[:] = annotated.findings
    outcome.unused_suppressions.extend(annotated.unused_suppressions)
    return outcome


def run_passes(
    sources: Sequence[SourceFile], *, group: str | None, settings: PassSettings
) -> PassResult:
    """Every file pass over each source, then the group passes over a group's members."""
    outcome = _Outcome()
    for source in sources:
        for file_pass in file_passes():
            outcome.add(_guarded(file_pass, source, settings))
    if group is not None and sources:
        for group_pass in group_passes():
            members = [s for s in sources if group_pass.group_of(s.path) == group]
            if members:
                outcome.add(_guarded_group(group_pass, group, members, settings))
    return PassResult(
        tuple(outcome.findings), tuple(outcome.notifications), dict(outcome.metrics)
    )


def _guarded(file_pass: FilePass, source: SourceFile, settings: PassSettings) -> PassResult:
    try:
        if not file_pass.wants(source):
            return PassResult()
        return file_pass.scan(source, settings)
    except Exception as error:
        return _failure(source.path, file_pass.name, error)


def _guarded_group(
    group_pass: GroupPass, group: str, sources: Sequence[SourceFile], settings: PassSettings
) -> PassResult:
    try:
        return group_pass.scan_group(sources, settings)
    except Exception as error:
        return _failure(group, group_pass.name, error)


def _failure(path: str, pass_name: str, error: BaseException) -> PassResult:
    # The exception text may quote file content; report its type only, never its message.
    log.debug("%s pass failed on %s", pass_name, path, exc_info=error)
    message = f"the {pass_name} pass failed on this file ({type(error).__name__}); other passes ran"
    return PassResult(
        notifications=(Notification(path, NotificationKind.ERROR, "pass-error", message),)
    )


def _finalise(findings: Iterable[Finding]) -> list[Finding]:
    """Give each finding its rule's default level, drop duplicates, order for reports."""
    catalogue = rules_by_id()
    unique: dict[tuple[str, str, int, str], Finding] = {}
    for finding in findings:
        if finding.level is None and finding.rule_id in catalogue:
            finding = replace(finding, level=catalogue[finding.rule_id].level)
        key = (finding.rule_id, finding.path, finding.region.start_line, finding.identity)
        unique.setdefault(key, finding)
    return sorted(unique.values(), key=Finding.sort_key)


def default_jobs() -> int:
    return os.cpu_count() or 1
