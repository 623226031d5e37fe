"""Run every pass over every file of a sweep and gather one ordered result.

A file is the unit of failure: whatever goes wrong inside one (a parser bug, a recursion
limit) becomes a Notification for that file, and the sweep goes on.
"""

from __future__ import annotations

import gc
import os
import signal
from collections import Counter
from collections.abc import Callable, Collection, Generator, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.budget import DEFAULT_FILE_TIME_BUDGET, BudgetExceeded, budget_scope, time_budget
from scanner.decoding import BinaryContent, Layout
from scanner.decoding import layout as decoding_layout
from scanner.models import (
    Finding,
    Notification,
    NotificationKind,
    PassResult,
    PassSettings,
    Region,
)
from scanner.passes import file_passes, group_passes
from scanner.passes.base import FilePass, GroupPass
from scanner.passes.iac import TERRAFORM_SUFFIXES
from scanner.passes.python.prefilter import NOTEBOOK_SUFFIX, PYTHON_SUFFIXES
from scanner.reader import (
    DEFAULT_MAX_FILE_SIZE,
    Binary,
    Oversized,
    as_source,
    read_file,
    skipped,
    text_source,
)
from scanner.rules import Rule, rules_by_id
from scanner.source import SourceFile
from scanner.walker import (
    FileEntry,
    Skip,
    find_root,
    named_path,
    siblings,
    unignored,
    walk,
)

if TYPE_CHECKING:
    import logging

    from scanner.suppressions import UnusedSuppression
    from scanner.workers import Lost


def _log() -> logging.Logger:
    # Imported on the first failure: a clean pre-commit run should not pay for logging.
    import logging

    return logging.getLogger(__name__)


# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_THRESHOLD = 64
# Tasks per message to and from a worker.
_CHUNK = 16
# Passes that can read an oversized file window by window: they need no whole-file parse.
STREAMING_PASSES = frozenset({"keys"})


@dataclass(frozen=True)
class ScanOptions:
    paths: tuple[Path, ...] = (Path(),)
    excludes: tuple[str, ...] = ()
    use_default_excludes: bool = True
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    jobs: int = 1
    settings: PassSettings = field(default_factory=PassSettings)
    # The scan root when the caller has found it already (find_root asks git).
    root: Path | None = None
    # Seconds one file (or one Terraform module) may take; 0 means no limit.
    file_time_budget: float = DEFAULT_FILE_TIME_BUDGET
    # Whether ScanResult.unused_suppressions is wanted: gathering it means searching every
    # file for markers, not only the files with findings.
    find_unused_suppressions: bool = True


# The reason of a failed key search. Unlike any other note it makes the exit status 1: the key
# search is the one promise made of every file, and a bug in it must not pass a gate silently.
KEY_SEARCH_FAILED = "key-search-failed"


@dataclass(frozen=True)
class ScanResult:
    root: Path
    findings: tuple[Finding, ...]
    notifications: tuple[Notification, ...]
    metrics: Mapping[str, int]
    files_scanned: int
    unused_suppressions: tuple[UnusedSuppression, ...] = ()

    @property
    def unsearched(self) -> int:
        """Files whose key search failed: the one note that makes the exit status 1, and that
        every report and command names."""
        return sum(1 for n in self.notifications if n.reason == KEY_SEARCH_FAILED)


@dataclass(frozen=True)
class _Task:
    """One file, or the files of one group (a Terraform module), scanned together."""

    entries: tuple[FileEntry, ...]
    group: str | None = None
    # The group's other files, when only some of them were named (a pre-commit hook's staged
    # .tf files): read for the group pass, whose findings in them are not reported.
    context: tuple[FileEntry, ...] = ()


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
        if result.metrics:  # rarely: Counter.update costs more than the test, for nothing
            self.metrics.update(result.metrics)

    def is_bare(self) -> bool:
        """Whether the outcome holds nothing but its count of files."""
        return not (self.findings or self.notifications or self.metrics or self.unused_suppressions)

    def merge(self, other: _Outcome) -> None:
        self.findings.extend(other.findings)
        self.notifications.extend(other.notifications)
        self.metrics.update(other.metrics)
        self.files_scanned += other.files_scanned
        self.unused_suppressions.extend(other.unused_suppressions)


ProgressCallback = Callable[[int, int], None]


def scan(
    options: ScanOptions,
    *,
    progress: ProgressCallback | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> ScanResult:
    """Sweep the files `options` names.

    `meanwhile` is called once while worker processes scan, if the sweep starts any: work
    the caller needs afterwards (loading a report writer) that would otherwise add to the
    sweep's time while the parent process waits.
    """
    root = options.root or find_root(options.paths)
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
    tasks = _group(tasks, root, options, named=[p for p in options.paths if not p.is_dir()])

    done, files = 0, sum(len(task.entries) for task in tasks)
    outcomes: list[_Outcome | None] = [None] * len(tasks)
    # Closed on any way out (a Ctrl-C in the progress display, say): the workers end at once,
    # not whenever the traceback holding this frame is let go.
    with closing(_run(tasks, options, meanwhile)) as results:
        for index, outcome in results:
            outcomes[index] = outcome
            done += len(tasks[index].entries)
            if progress is not None:
                progress(done, files)
    # Merged in walk order whatever order the workers finished in: the result of a sweep
    # must not depend on --jobs.
    for done_task in outcomes:
        assert done_task is not None, "every task has an outcome"
        total.merge(done_task)
    return ScanResult(
        root=root,
        findings=tuple(finalise(total.findings)),
        notifications=tuple(sorted(set(total.notifications), key=Notification.sort_key)),
        metrics=dict(sorted(total.metrics.items())),
        files_scanned=total.files_scanned,
        unused_suppressions=tuple(sorted(total.unused_suppressions)),
    )


def _group(
    tasks: Sequence[_Task], root: Path, options: ScanOptions, *, named: Sequence[Path] = ()
) -> list[_Task]:
    """Gather files that a group pass wants together into one task per group.

    A group some of whose files were named on the command line gets the rest of its files as
    context: the role a staged .tf file narrows or widens is used by an instance in another
    file of the module, and the finding in the staged file needs both."""
    singles: list[_Task] = []
    groups: dict[str, list[FileEntry]] = {}
    passes = group_passes()

    def group_of(path: str) -> str | None:
        return next((k for p in passes if (k := p.group_of(path)) is not None), None)

    for task in tasks:
        entry = task.entries[0]
        key = group_of(entry.path)
        if key is None:
            singles.append(task)
        else:
            groups.setdefault(key, []).append(entry)
    named_groups = {group_of(named_path(root, path)) for path in named} - {None}
    grouped = []
    for key, entries in sorted(groups.items()):
        context: tuple[FileEntry, ...] = ()
        if key in named_groups:
            have = {entry.path for entry in entries}
            # What a sweep of the module's directory would read, and no more: a .tf file git
            # ignores (a local override) is not part of the module the repository holds.
            more = unignored(
                root,
                [e for e in siblings(root, key, _member_of(group_of, key)) if e.path not in have],
                excludes=options.excludes,
                use_default_excludes=options.use_default_excludes,
            )
            context = tuple(more)
        grouped.append(_Task(tuple(entries), key, context))
    return singles + grouped


def _run(
    tasks: Sequence[_Task], options: ScanOptions, meanwhile: Callable[[], object] | None = None
) -> Generator[tuple[int, _Outcome], None, None]:
    """Each task's index and outcome, in the order they are done."""
    jobs = max(1, options.jobs)
    if jobs == 1 or len(tasks) < _PARALLEL_THRESHOLD:
        with budget_scope():
            for index, task in enumerate(tasks):
                yield index, scan_task(task, options)
        return
    from scanner.workers import Lost, Workers  # only a parallel sweep pays for processes

    # Workers are handed the tasks once, when they start, and then only their indices:
    # pickling every file's path and the options for each message cost more than some scans.
    chunks = _chunks(tasks)
    file_passes()  # imported once here, not again in every forked worker
    # The parent's objects, moved out of the collector's reach: a collection in a forked
    # worker would otherwise write to every page they sit on, copying the parent's heap.
    gc.freeze()
    try:
        # No more workers than chunks of work: `--jobs 500` must not fork 500 copies.
        processes = min(jobs, len(chunks))
        with Workers(processes, _scan_chunk, _start_worker, (tasks, options)) as workers:
            if meanwhile is not None:
                meanwhile()
            for chunk, result in workers.map_unordered(chunks, retry=_one_by_one):
                if isinstance(result, Lost):
                    for index in chunk:
                        yield index, _lost(tasks[index], result, options)
                    continue
                for index, payload in zip(chunk, result, strict=True):
                    yield index, _unpickled(tasks[index], payload)
    finally:
        gc.unfreeze()


# Files a parsing pass may take cost far more per byte than those only searched for keys:
# a rough weight, enough to start the heavy work first. The passes' own suffix lists.
_PARSED_SUFFIXES = (*sorted(PYTHON_SUFFIXES), NOTEBOOK_SUFFIX, *TERRAFORM_SUFFIXES)
_PARSED_WEIGHT = 8


def _weight(task: _Task) -> int:
    return sum(
        entry.size * (_PARSED_WEIGHT if entry.path.endswith(_PARSED_SUFFIXES) else 1) + 1
        for entry in task.entries
    )


def _chunks(tasks: Sequence[_Task]) -> list[tuple[int, ...]]:
    """Task indices in messages for the workers: the heaviest first, one to a message while
    they are heavy, up to _CHUNK light ones together. A heavy file met last in walk order
    left one worker busy and the other idle at the end of a sweep."""
    weights = [_weight(task) for task in tasks]
    order = sorted(range(len(tasks)), key=lambda i: (-weights[i], i))
    limit = max(1, sum(weights) // (len(tasks) // _CHUNK + 1))
    chunks: list[tuple[int, ...]] = []
    current: list[int] = []
    load = 0
    for index in order:
        if current and (len(current) == _CHUNK or load + weights[index] > limit):
            chunks.append(tuple(current))
            current, load = [], 0
        current.append(index)
        load += weights[index]
    if current:
        chunks.append(tuple(current))
    return chunks


# A worker process's share of the sweep: every task and the options, set once as it starts
# (under fork, inherited without pickling), so that a message need only name indices.
_worker_tasks: Sequence[_Task] = ()
_worker_options: ScanOptions | None = None


def _start_worker(tasks: Sequence[_Task], options: ScanOptions) -> None:
    global _worker_tasks, _worker_options
    _ignore_interrupts()
    _worker_tasks, _worker_options = tasks, options


def _scan_chunk(chunk: tuple[int, ...]) -> list[bytes]:
    assert _worker_options is not None, "a worker scans only after _start_worker"
    with budget_scope():
        return [_scan_task_pickled(_worker_tasks[i], _worker_options) for i in chunk]


def _scan_task_pickled(task: _Task, options: ScanOptions) -> bytes:
    """Scan in a worker and hand back bytes: a result the pool cannot move would hang it."""
    import pickle

    outcome = scan_task(task, options)
    try:
        if outcome.is_bare():
            # Most files of a sweep come back with nothing to say: a number is all the parent
            # must unpickle for them (it waits for a free CPU to do so, at the end of a sweep).
            return pickle.dumps(outcome.files_scanned)
        return pickle.dumps(outcome)
    except Exception as error:
        return pickle.dumps(_transport_failure(task, error))


def _unpickled(task: _Task, payload: bytes) -> _Outcome:
    import pickle

    try:
        # Safe to unpickle: these are bytes our own worker process produced a moment ago.
        outcome = pickle.loads(payload)
    except Exception as error:
        return _transport_failure(task, error)
    if isinstance(outcome, int):
        return _Outcome(files_scanned=outcome)
    assert isinstance(outcome, _Outcome)
    return outcome


def _one_by_one(chunk: tuple[int, ...]) -> list[tuple[int, ...]]:
    """A lost chunk's tasks, each given again on its own: the file that killed its worker
    (out of memory, a crash in a C extension) then costs only itself."""
    return [(index,) for index in chunk]


def _lost(task: _Task, lost: Lost, options: ScanOptions) -> _Outcome:
    """A task whose worker process died twice, the second time scanning this task alone.

    Its files are still searched for keys, byte for byte, here in the parent: a file that
    crashes a parser (a C extension's stack, the kernel's OOM killer) must not carry the keys
    in it past the sweep. The key search is pure Python and linear in time."""
    message = (
        f"the worker process scanning this file died, twice ({lost.describe()}); only the"
        " key search ran on it, byte for byte, in the main process"
    )
    outcome = _Outcome()
    for entry in task.entries:
        outcome.notifications.append(
            Notification(entry.path, NotificationKind.ERROR, "pass-error", message)
        )
        data = _read_whole(entry, options, outcome)
        if data is not None:
            binary = Binary.of(entry.path, data)
            searched = _Outcome()
            searched.add(_search_bytes(binary, options))
            if searched.findings:
                _annotate(searched, [binary.source], find_unused=False)
            outcome.merge(searched)
    return outcome


def _read_whole(entry: FileEntry, options: ScanOptions, outcome: _Outcome) -> bytes | None:
    """The file's bytes; None when it could not be read (noted in `outcome`) or was too large
    to read whole (streamed through the key search, its results added to `outcome`)."""
    data = read_file(entry, max_file_size=options.max_file_size)
    if isinstance(data, Notification):
        outcome.notifications.append(data)
        return None
    outcome.files_scanned += 1
    if isinstance(data, Oversized):
        outcome.add(scan_oversized(data, options))
        return None
    return data


def _transport_failure(task: _Task, error: BaseException) -> _Outcome:
    path = task.group or task.entries[0].path
    _log().debug("results for %s could not leave the worker", path, exc_info=error)
    message = f"the results for this file were lost between processes ({type(error).__name__})"
    outcome = _Outcome()
    outcome.notifications.append(Notification(path, NotificationKind.ERROR, "pass-error", message))
    return outcome


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The command line turns SIGTERM into an exception in its own process; a worker must
    # simply die of it when the sweep ends it, silently.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def scan_task(task: _Task, options: ScanOptions) -> _Outcome:
    outcome = _Outcome()
    screened: list[tuple[SourceFile, tuple[FilePass, ...]]] = []
    wide: list[tuple[str, bytes]] = []
    # What the byte search finds, with the Latin-1 views it searched: suppression markers
    # and line hashes are read from the same view.
    searched = _Outcome()
    views: list[SourceFile] = []
    for entry in task.entries:
        data = _read_whole(entry, options, outcome)
        if data is None:
            continue
        layout = decoding_layout(data)
        passes = _passes_for(entry.path, data, layout)
        if layout is Layout.BINARY:
            if not passes:
                searched.notifications.append(_binary_note(entry.path))
                continue
            binary = Binary.of(entry.path, data)
            searched.add(scan_binary(binary, options))
            views.append(binary.source)
            continue
        if layout is Layout.WIDE:
            wide.append((entry.path, data))
        # A module's files are all decoded: its group pass reads every one of them.
        if passes or task.group is not None or options.find_unused_suppressions:
            screened.append((text_source(entry.path, data), passes))
    sources = [source for source, _ in screened]
    budget = options.file_time_budget
    context = _context_sources(task.context, options)
    result = _run_screened(
        [*screened, *((source, ()) for source in context)],
        group=task.group,
        settings=options.settings,
        budget=budget,
    )
    if context:
        result = _outside(result, {source.path for source in context})
    outcome.add(result)
    for path, data in wide:
        binary = Binary.of(path, data)
        beside = scan_wide_bytes(binary, outcome.findings, options)
        if beside.findings:
            views.append(binary.source)
        searched.add(beside)
    if outcome.findings or options.find_unused_suppressions:
        _annotate(outcome, sources, find_unused=options.find_unused_suppressions)
    if searched.findings:
        _annotate(searched, views, find_unused=False)
    if not searched.is_bare():
        outcome.merge(searched)
    return outcome


def _member_of(group_of: Callable[[str], str | None], key: str) -> Callable[[str], bool]:
    return lambda path: group_of(path) == key


def _context_sources(entries: Sequence[FileEntry], options: ScanOptions) -> list[SourceFile]:
    """A group's unnamed files, as text for its group pass; any that cannot be read as text
    (unreadable, too large, binary) is left out: it is context, not part of the sweep."""
    sources = []
    for entry in entries:
        data = read_file(entry, max_file_size=options.max_file_size)
        if isinstance(data, bytes):
            read = as_source(entry.path, data)
            if isinstance(read, SourceFile):
                sources.append(read)
    return sources


def _outside(result: PassResult, context: Collection[str]) -> PassResult:
    """What a group pass said of the named files alone."""
    return replace(
        result,
        findings=tuple(f for f in result.findings if f.path not in context),
        notifications=tuple(n for n in result.notifications if n.path not in context),
    )


def _annotate(outcome: _Outcome, sources: Sequence[SourceFile], *, find_unused: bool) -> None:
    # Suppressions and line hashes need the text, which is at hand only here. Imported on the
    # first file with findings: it loads the rule catalogue's reader and the marker syntax.
    from scanner.annotate import annotate

    annotated = annotate(outcome.findings, sources, find_unused=find_unused)
    outcome.findings[:] = annotated.findings
    outcome.unused_suppressions.extend(annotated.unused_suppressions)


def _passes_for(path: str, data: bytes, layout: Layout) -> tuple[FilePass, ...]:
    """The file passes that may want a file, asked of its bytes before it is decoded.

    UTF-16 and UTF-32 bytes say nothing about ASCII literals: those files go to every pass's
    own text test. Binary content is for the streaming passes alone.
    """
    if layout is Layout.WIDE:
        return file_passes()
    passes = _streaming_passes() if layout is Layout.BINARY else file_passes()
    return tuple(p for p in passes if _may_want(p, path, data))


def _may_want(file_pass: FilePass, path: str, data: bytes) -> bool:
    try:
        return file_pass.may_want(path, data)
    except Exception as error:
        # The pass's own text test decides, under the guard that reports its failures.
        _log().debug("%s pass: byte test failed on %s", file_pass.name, path, exc_info=error)
        return True


def run_passes(
    sources: Sequence[SourceFile],
    *,
    group: str | None,
    settings: PassSettings,
    budget: float = 0.0,
) -> PassResult:
    """Every file pass over each source, then the group passes over a group's members.

    `budget` is the time one file, or one group, may take (0: no limit).
    """
    every = file_passes()
    return _run_screened(
        [(source, every) for source in sources], group=group, settings=settings, budget=budget
    )


def _run_screened(
    screened: Sequence[tuple[SourceFile, Sequence[FilePass]]],
    *,
    group: str | None,
    settings: PassSettings,
    budget: float,
) -> PassResult:
    """`run_passes`, each source with the file passes its bytes did not turn away."""
    outcome = _Outcome()
    for source, passes in screened:
        if passes:
            work = partial(_scan_file, source, passes, settings)
            _budgeted(budget, (source.path,), outcome, work)
    sources = [source for source, _ in screened]
    if group is not None and sources:
        for group_pass in group_passes():
            members = [s for s in sources if group_pass.group_of(s.path) == group]
            if members:
                work = partial(_scan_group, group_pass, group, members, settings)
                # A module's time is its files' time: name them, not the directory.
                _budgeted(budget, tuple(m.path for m in members), outcome, work)
    return PassResult(tuple(outcome.findings), tuple(outcome.notifications), dict(outcome.metrics))


def _budgeted(
    budget: float, paths: Sequence[str], outcome: _Outcome, work: Callable[[_Outcome], None]
) -> None:
    """Run `work`, stopping it once the file's time budget runs out; keep what it found."""
    try:
        with time_budget(budget):
            work(outcome)
    except BudgetExceeded as stop:
        where = f" in the {stop.args[0]} pass" if stop.args else ""
        message = (
            f"stopped after {budget:g} s{where} (the per-file time budget);"
            " findings made before that are reported"
        )
        outcome.notifications.extend(
            Notification(path, NotificationKind.PARTIAL, "time-budget", message) for path in paths
        )


def _scan_file(
    source: SourceFile, passes: Sequence[FilePass], settings: PassSettings, outcome: _Outcome
) -> None:
    for file_pass in passes:
        try:
            outcome.add(_guarded(file_pass, source, settings))
        except BudgetExceeded:
            raise BudgetExceeded(file_pass.name) from None


def _scan_group(
    group_pass: GroupPass,
    group: str,
    members: Sequence[SourceFile],
    settings: PassSettings,
    outcome: _Outcome,
) -> None:
    try:
        outcome.add(_guarded_group(group_pass, group, members, settings))
    except BudgetExceeded:
        raise BudgetExceeded(group_pass.name) from None


def scan_oversized(file: Oversized, options: ScanOptions) -> PassResult:
    """The streaming passes over a file too large to read whole, window by window."""
    outcome = _Outcome()
    work = partial(_stream, file, options.settings)
    _budgeted(options.file_time_budget, (file.path,), outcome, work)
    return PassResult(tuple(outcome.findings), tuple(outcome.notifications), dict(outcome.metrics))


def _streaming_passes() -> list[FilePass]:
    return [p for p in file_passes() if p.name in STREAMING_PASSES]


def _binary_note(path: str) -> Notification:
    message = (
        "binary content (NUL bytes in the first block): only searched for keys; the code and"
        " infrastructure passes did not run"
    )
    return Notification(path, NotificationKind.PARTIAL, "binary", message)


def scan_binary(file: Binary, options: ScanOptions) -> PassResult:
    """The streaming passes over a binary file's bytes: keys are ASCII, whatever surrounds
    them. No parser reads binary content."""
    searched = _search_bytes(file, options)
    notifications = (*searched.notifications, _binary_note(file.source.path))
    return replace(searched, notifications=notifications)


def _search_bytes(file: Binary, options: ScanOptions) -> PassResult:
    outcome = _Outcome()

    def search(into: _Outcome) -> None:
        for file_pass in _streaming_passes():
            into.add(_guarded(file_pass, file.source, options.settings))

    _budgeted(options.file_time_budget, (file.source.path,), outcome, search)
    return PassResult(tuple(outcome.findings), tuple(outcome.notifications), dict(outcome.metrics))


def scan_wide_bytes(binary: Binary, found: Sequence[Finding], options: ScanOptions) -> PassResult:
    """Keys written byte for byte inside a file read as UTF-16 or UTF-32: a file that opens
    in wide text and goes on in ASCII reads, decoded, as other characters there. Found by
    the key search over the bytes, reported once, with a note that the file mixes the two."""
    path = binary.source.path
    searched = _search_bytes(binary, options)
    known = {(f.rule_id, f.identity) for f in found if f.path == path}
    extra = tuple(f for f in searched.findings if (f.rule_id, f.identity) not in known)
    if not extra:
        return PassResult(notifications=searched.notifications)
    message = (
        "read as UTF-16 or UTF-32, but part of it is written byte for byte: keys found there"
        " by the byte search; the code and infrastructure passes read only the wide text"
    )
    note = Notification(path, NotificationKind.PARTIAL, "mixed-encoding", message)
    return PassResult(extra, (*searched.notifications, note))


# Rules reported once per file at line 1: a window must not repeat them at its own start.
FILE_LEVEL_RULES = frozenset({"aws-credentials-file"})


def _once_per_file(result: PassResult, found: Sequence[Finding]) -> PassResult:
    if not any(f.rule_id in FILE_LEVEL_RULES for f in result.findings):
        return result
    have = {f.rule_id for f in found if f.rule_id in FILE_LEVEL_RULES}
    kept = []
    for finding in result.findings:
        if finding.rule_id in FILE_LEVEL_RULES:
            if finding.rule_id in have:
                continue
            have.add(finding.rule_id)
            finding = replace(finding, region=Region(1))
        kept.append(finding)
    return replace(result, findings=tuple(kept))


def _stream(file: Oversized, settings: PassSettings, outcome: _Outcome) -> None:
    from scanner.streaming import shift, windows

    streaming = _streaming_passes()
    try:
        for window in windows(file):
            for file_pass in streaming:
                result = shift(_guarded(file_pass, window.source, settings), window)
                outcome.add(_once_per_file(result, outcome.findings))
    except BinaryContent:
        message = "binary content (NUL bytes in the first block)"
        outcome.notifications.append(skipped(file.path, "binary", message))
        return
    except OSError as error:
        message = f"cannot read: {error.strerror or error}"
        outcome.notifications.append(skipped(file.path, "unreadable", message))
        return
    message = (
        f"{file.size} bytes, over the limit of {file.limit}: only searched for keys, as a"
        " stream; the code and infrastructure passes did not run"
    )
    outcome.notifications.append(
        Notification(file.path, NotificationKind.PARTIAL, "too-large", message)
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
        failures = [_failure(s.path, group_pass.name, error) for s in sources]
        return PassResult(notifications=tuple(n for f in failures for n in f.notifications))


def _failure(path: str, pass_name: str, error: BaseException) -> PassResult:
    # The exception text may quote file content; report its type only, never its message.
    _log().debug("%s pass failed on %s", pass_name, path, exc_info=error)
    message = f"the {pass_name} pass failed on this file ({type(error).__name__}); other passes ran"
    reason = KEY_SEARCH_FAILED if pass_name in STREAMING_PASSES else "pass-error"
    return PassResult(notifications=(Notification(path, NotificationKind.ERROR, reason, message),))


def finalise(findings: Iterable[Finding]) -> list[Finding]:
    """Give each finding its rule's default level, drop duplicates, order for reports."""
    unique: dict[tuple[str, str, int, str], Finding] = {}
    catalogue: Mapping[str, Rule] = {}
    for finding in findings:
        if finding.level is None:
            # Read on the first finding that needs it: a clean sweep never parses the rules.
            catalogue = catalogue or rules_by_id()
            if finding.rule_id in catalogue:
                finding = replace(finding, level=catalogue[finding.rule_id].level)
        key = (finding.rule_id, finding.path, finding.region.start_line, finding.identity)
        unique.setdefault(key, finding)
    return sorted(unique.values(), key=Finding.sort_key)


def default_jobs() -> int:
    return os.cpu_count() or 1
