"""The key pass's work on a file its prefilter let through: every detector, then findings."""

from __future__ import annotations

from scanner.models import Finding, PassResult, PassSettings
from scanner.passes.keys import CANDIDATES_METRIC
from scanner.passes.keys.candidate import Candidate, Kind
from scanner.passes.keys.credfiles import credential_file_kind
from scanner.passes.keys.encoded import find_encoded
from scanner.passes.keys.findings import (
    credential_file_finding,
    key_id_finding,
    secret_finding,
)
from scanner.passes.keys.names import has_aws_word
from scanner.passes.keys.plain import scan_plain
from scanner.source import SourceFile


def scan_source(source: SourceFile, settings: PassSettings) -> PassResult:
    file_kind = credential_file_kind(source.path, source.text)
    candidates = find_candidates(
        source.ascii_text(),
        weak_names_ok=file_kind is not None,
        extra=settings.extra_placeholders,
        lowered=source.ascii_lower(),
    )
    findings = [_finding(source, candidate) for candidate in candidates]
    if file_kind is not None and candidates:
        findings.append(credential_file_finding(source, file_kind, candidates))
    return PassResult(findings=tuple(findings), metrics={CANDIDATES_METRIC: len(candidates)})


def find_candidates(
    text: str, *, weak_names_ok: bool, extra: frozenset[str], lowered: str | None = None
) -> list[Candidate]:
    """Every distinct key value in `text`, plain or encoded, in text order.

    `lowered` is `text.lower()` when the caller has it already."""
    found = scan_plain(text, weak_names_ok=weak_names_ok, extra=extra, lowered=lowered)
    # Decoded text has no file around it: weak names count only when it mentions AWS.
    found.extend(
        find_encoded(
            text,
            lambda decoded: scan_plain(
                decoded, weak_names_ok=weak_names_ok or has_aws_word(decoded), extra=extra
            ),
        )
    )
    return _distinct(found)


def _distinct(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per value and place: two detectors often see the same secret."""
    seen: set[tuple[Kind, str, int]] = set()
    unique: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start, c.kind.value)):
        key = (candidate.kind, candidate.value, candidate.start)
        if key not in seen:
            seen.add(key)
            unique.append(candidate)
    return unique


def _finding(source: SourceFile, candidate: Candidate) -> Finding:
    if candidate.kind is Kind.KEY_ID:
        return key_id_finding(source, candidate)
    return secret_finding(source, candidate)
