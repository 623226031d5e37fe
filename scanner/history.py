"""`credsweep history`: every blob that ever existed, each scanned once, each secret
reported once at the commit that first introduced it.

Blobs are visited in commit order (parents before children), so the first blob in which a
finding's rule and identity appear is its introduction. A key deleted from today's tree is
exactly what this finds. Blobs go through the same passes as a sweep of the work tree
(`engine.run_passes` and the same per-file annotation); a Terraform file is its own module
here, since the files around it differ from commit to commit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pathspec

from scanner import git_history
from scanner.annotate import annotate
from scanner.config import Config
from scanner.decoding import Layout, layout
from scanner.engine import (
    ScanOptions,
    ScanResult,
    finalise,
    run_passes,
    scan_binary,
    scan_wide_bytes,
)
from scanner.errors import UsageError
from scanner.escaping import readable, readable_json
from scanner.models import Finding, Level, Notification
from scanner.passes import group_passes
from scanner.reader import Binary, as_source, skipped
from scanner.reports import json_report
from scanner.reports.text import printable
from scanner.walker import DEFAULT_EXCLUDES, git_toplevel
from scanner.wording import counted

COMMIT_PROPERTY = "commit"
DATE_PROPERTY = "commit_date"


@dataclass(frozen=True)
class HistorySweep:
    result: ScanResult
    head: str | None
    # None when the origin's URL could not be scrubbed with confidence: SARIF then carries no
    # version-control provenance rather than a guess.
    repository_uri: str | None
    commits: int
    blobs: int


def repository_root(path: Path) -> Path:
    top = git_toplevel(path.resolve() if path.is_dir() else path.resolve().parent)
    if top is None:
        raise UsageError(f"{path}: not inside a git repository; history needs one")
    return top


def scan_history(
    root: Path,
    path: Path,
    *,
    config: Config,
    since: str | None = None,
    all_branches: bool = False,
    use_default_excludes: bool = True,
) -> HistorySweep:
    order = git_history.commits(root, since=since, all_refs=all_branches)
    relative = Path(path).resolve().relative_to(root).as_posix()
    blobs = git_history.introductions(root, order, None if relative == "." else relative)
    exclude = pathspec.GitIgnoreSpec.from_lines(
        [*config.exclude, *(DEFAULT_EXCLUDES if use_default_excludes else ())]
    )
    wanted = [blob for blob in blobs if not exclude.match_file(blob.path)]

    first: dict[tuple[str, str], Finding] = {}
    notes: list[Notification] = []
    with git_history.BlobReader(root) as reader:
        for blob in wanted:
            findings, blob_notes = _scan_blob(reader, blob, config)
            notes.extend(blob_notes)
            for finding in findings:
                _keep_first(first, finding)
    findings = _dated(root, first.values())
    result = ScanResult(
        root=root,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        notifications=tuple(sorted(set(notes), key=Notification.sort_key)),
        metrics={},
        files_scanned=len(wanted),
    )
    uri = git_history.repository_uri(root)
    return HistorySweep(result, git_history.head(root), uri, len(order), len(wanted))


def _scan_blob(
    reader: git_history.BlobReader, blob: git_history.BlobIntroduction, config: Config
) -> tuple[list[Finding], list[Notification]]:
    where = f"{blob.path}@{blob.commit[:12]}"
    data = reader.read(blob.blob, max_size=config.max_file_size)
    if isinstance(data, int):
        message = f"{counted(data, 'byte')}, over the limit of {config.max_file_size}"
        return [], [skipped(where, "too-large", message)]
    options = ScanOptions(settings=config.pass_settings(), file_time_budget=0.0)
    read = as_source(blob.path, data)
    if isinstance(read, Binary):
        # Searched for keys byte for byte, as `scan` does; binary blobs are common in history,
        # so they are not each noted as partly scanned.
        source = read.source
        result = replace(scan_binary(read, options), notifications=())
    else:
        source = read
        group = next((key for p in group_passes() if (key := p.group_of(blob.path))), None)
        result = run_passes([source], group=group, settings=options.settings)
    found = list(annotate(result.findings, [source]).findings)
    notifications = list(result.notifications)
    if layout(data) is Layout.WIDE:
        # As `scan` does: keys written byte for byte in a UTF-16 or UTF-32 blob, and the
        # note that says where such a key was found.
        binary = Binary.of(blob.path, data)
        beside = scan_wide_bytes(binary, found, options)
        found.extend(annotate(beside.findings, [binary.source]).findings)
        notifications.extend(beside.notifications)
    # The engine's own last step: default levels, and of two passes reporting one secret on
    # one line the first pass's finding, so history shows exactly what `scan` would.
    findings = finalise(found)
    notes = [replace(note, path=where) for note in notifications]
    stamped = [
        replace(f, properties={**f.properties, COMMIT_PROPERTY: blob.commit}) for f in findings
    ]
    return stamped, notes


def _keep_first(first: dict[tuple[str, str], Finding], finding: Finding) -> None:
    """The earliest occurrence wins, but an unsuppressed one beats a suppressed one."""
    key = (finding.rule_id, finding.identity)
    held = first.get(key)
    if held is None or (held.suppressed_by is not None and finding.suppressed_by is None):
        first[key] = finding


def _dated(root: Path, findings: Iterable[Finding]) -> list[Finding]:
    findings = list(findings)
    dates = git_history.commit_dates(root, [str(f.properties[COMMIT_PROPERTY]) for f in findings])
    return [
        replace(
            f,
            properties={
                **f.properties,
                DATE_PROPERTY: dates.get(str(f.properties[COMMIT_PROPERTY])),
            },
        )
        for f in findings
    ]


def render(result: ScanResult, sweep: HistorySweep, fmt: str) -> str:
    if fmt == "json":
        return json_report.render(result)
    if fmt == "sarif":
        log = readable_json(sarif_log(result, sweep))
        return json.dumps(log, indent=2, ensure_ascii=True) + "\n"
    return render_text(result, sweep)


def render_text(result: ScanResult, sweep: HistorySweep) -> str:
    lines = [_text_line(finding) for finding in result.findings if finding.suppressed_by is None]
    # As `scan` says it: a suppressed finding is hidden from the list, not from the count.
    suppressed = len(result.findings) - len(lines)
    extras = [counted(sweep.commits, "commit"), f"{counted(sweep.blobs, 'blob')} scanned"]
    if suppressed:
        extras.append(f"{suppressed} suppressed")
    unsearched = result.unsearched
    if unsearched:
        extras.append(f"key search failed on {counted(unsearched, 'blob')}")
    summary = f"{counted(len(lines), 'finding')} in history ({', '.join(extras)})"
    lines.extend(["", summary])
    return "\n".join(lines) + "\n"


def _text_line(finding: Finding) -> str:
    level = (finding.level or Level.WARNING).value
    commit = str(finding.properties.get(COMMIT_PROPERTY, ""))[:12]
    date = str(finding.properties.get(DATE_PROPERTY) or "")[:10]
    where = f"{finding.path}:{finding.region.start_line}:{finding.region.start_column}"
    line = f"{where}: {level} {finding.rule_id} {finding.message} ({commit} {date})"
    return printable(readable(line))


def sarif_log(result: ScanResult, sweep: HistorySweep) -> Any:
    from scanner.reports import sarif

    provenance: dict[str, str] | None = None
    if sweep.repository_uri is not None:
        provenance = {"repositoryUri": sweep.repository_uri}
        if sweep.head:
            provenance["revisionId"] = sweep.head
    return sarif.build_log(
        result,
        extra_run_properties={"history": {"commits": sweep.commits, "blobs": sweep.blobs}},
        version_control=provenance,
    )


__all__: Sequence[str] = ("HistorySweep", "render", "repository_root", "scan_history")
