"""Inline suppressions: `credsweep: ignore[rule, ...]` comments and detect-secrets pragmas.

`credsweep: ignore` (every rule) or `credsweep: ignore[rule-a, rule-b]` in a comment that
shares its line with code covers that line only; on a line holding nothing but the comment it
covers that line and the next. So a trailing marker on a fixture never hides a real key on
the line below. detect-secrets' `pragma: allowlist secret` covers its own line and
`pragma: allowlist nextline secret` the next one, as in detect-secrets, so that a migrating
team's annotations keep meaning what they meant.

A marker counts only after a comment opener on its line (`#`, `//`, `--`, `;`, `<!--`,
`/*`, or a `*` continuing a block comment) that stands outside the line's string literals,
so a string that merely mentions it (`NOTE = "# credsweep: ignore"`) does not hide anything.
Matching is linear: markers are found first, then the part of their line before them is read
once, whatever the number of markers on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from scanner.models import Finding
from scanner.source import SourceFile

_OPENERS = ("#", "//", "--", ";", "<!--", "/*")
# Block comments that may close on the marker's line, with code after them.
_CLOSERS = {"/*": "*/", "<!--": "-->"}
_MARKER = re.compile(
    r"credsweep:[ \t]*ignore\b(?:\[(?P<rules>[^\]\n]*)\])?"
    r"|pragma:[ \t]?(?P<pragma>(?:allow|white)list)(?P<next>[ -]nextline)?[ -]secret",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Suppression:
    """One marker: where it is, which lines it covers, which rules (None: every rule)."""

    line: int
    covers: tuple[int, ...]
    rules: frozenset[str] | None
    label: str
    pragma: bool = False

    def applies_to(self, finding: Finding) -> bool:
        return finding.region.start_line in self.covers and (
            self.rules is None or finding.rule_id in self.rules
        )


@dataclass(frozen=True, order=True)
class UnusedSuppression:
    """A `credsweep: ignore` that hides nothing: its rule does not fire there."""

    path: str
    line: int
    rule_id: str | None
    reason: str

    def describe(self) -> str:
        target = "ignore" if self.rule_id is None else f"ignore[{self.rule_id}]"
        return f"{self.path}:{self.line}: credsweep: {target} {self.reason}"


def find_suppressions(source: SourceFile) -> list[Suppression]:
    """Every suppression marker in a file that stands in a comment."""
    found: list[Suppression] = []
    # A case-insensitive regex cannot skip ahead on a literal prefix; two substring tests on
    # the lowered text can, and most files hold no marker at all (15x faster on a sweep).
    # The ASCII view is lowered at ASCII speed and finds both words as `text.lower()` would.
    lowered = source.ascii_lower()
    if "credsweep" not in lowered and "pragma" not in lowered:
        return found
    # A notebook's code lines, and any JSON document's text, stand inside JSON strings: their
    # quotes would hide every comment, so there the opener alone decides.
    reader = _LineReader(strings=not _is_json(source))
    for match in _MARKER.finditer(source.text):
        line, column = source.position(match.start())
        text = source.line(line)
        prefix = text[: column - 1]
        alone = _comment_only(prefix, text[column - 1 + len(match.group()) :])
        commented = reader.commented(line, text, column - 1)
        if match.group("pragma"):
            suppression = _pragma(
                line, prefix, nextline=bool(match.group("next")), alone=alone, commented=commented
            )
        else:
            suppression = _ignore(line, match.group("rules"), alone=alone, commented=commented)
        if suppression is not None:
            found.append(suppression)
    return found


_QUOTES = "\"'`"
# By name only: telling JSON by its first characters also took Helm templates (`{{- if`),
# bash (`[[ -z`), INI profiles named by number and Jinja for JSON, and let a string hide a key
# in them. A JSON document under another name (a CloudFormation `.template`) keeps the
# string test: a marker there must stand outside a string, which JSON cannot give.
_JSON_SUFFIXES = (".ipynb", ".json", ".jsonl", ".ndjson")


def _is_json(source: SourceFile) -> bool:
    """A notebook or JSON document, by its name."""
    return source.path.lower().endswith(_JSON_SUFFIXES)


# Letters that may open a string literal just before its quote (`f"..."`, `rb'...'`).
_STRING_PREFIXES = frozenset("bfruBFRU")


class _LineReader:
    """Whether a place on a line is in a comment, reading each line once from its start.

    Left to right: a quote opens a string that the same quote, unescaped, closes; a comment
    opener outside any string starts the comment, which runs to the end of the line. An
    apostrophe inside a word (`it's`) opens nothing. A block comment's continuation line
    (` * ...`) is comment from its start."""

    def __init__(self, *, strings: bool = True) -> None:
        self._strings = strings
        self._line = 0
        self._at = 0
        self._quote = ""
        self._comment = False

    def commented(self, line: int, text: str, at: int) -> bool:
        if line != self._line or at < self._at:
            self._line, self._at, self._quote = line, 0, ""
            self._comment = text.lstrip().startswith("*")
        while self._at < at and not self._comment:
            self._step(text)
        return self._comment

    def _step(self, text: str) -> None:
        i = self._at
        char = text[i]
        if self._quote:
            if char == "\\":
                i += 1
            elif char == self._quote:
                self._quote = ""
        elif self._strings and char in _QUOTES and _opens_string(text, i):
            self._quote = char
        elif text.startswith(_OPENERS, i) and (char != ";" or not i or text[i - 1] in " \t"):
            # `;` ends a statement in many languages (`a = 1; b = "# x"`): as a comment (INI,
            # assembly, Lisp) it starts its line or follows white space.
            self._comment = True
        self._at = i + 1


def _opens_string(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    if not before.isalnum():
        return True
    # `f"..."`, `rb'...'`: a string prefix, itself standing after no other word character.
    start = i - 1
    while start >= 0 and text[start] in _STRING_PREFIXES and i - start <= 2:
        start -= 1
    return start < i - 1 and (start < 0 or not (text[start].isalnum() or text[start] == "_"))


def _comment_only(prefix: str, rest: str) -> bool:
    """Whether the marker's line holds nothing but the comment: no code before its opener,
    and none after a block comment that closes on the same line."""
    start = prefix.lstrip()
    if start.startswith("*"):
        return _after_close("*/", rest) == ""
    opener = next((o for o in _OPENERS if start.startswith(o)), None)
    if opener is None:
        return False
    closer = _CLOSERS.get(opener)
    return closer is None or _after_close(closer, rest) == ""


def _after_close(closer: str, rest: str) -> str:
    end = rest.find(closer)
    return "" if end < 0 else rest[end + len(closer) :].strip()


def _ignore(line: int, rules: str | None, *, alone: bool, commented: bool) -> Suppression | None:
    if not commented:
        return None
    covers = (line, line + 1) if alone else (line,)
    if rules is None:
        return Suppression(line, covers, None, "credsweep: ignore")
    names = frozenset(name.strip().lower() for name in rules.split(",") if name.strip())
    label = f"credsweep: ignore[{', '.join(sorted(names))}]"
    return Suppression(line, covers, names, label)


def _pragma(
    line: int, prefix: str, *, nextline: bool, alone: bool, commented: bool
) -> Suppression | None:
    if nextline:
        # As in detect-secrets: a nextline pragma must stand alone on its line, so that
        # `x = 'a'  # pragma: allowlist nextline secret` hides nothing.
        if not alone or prefix.strip() not in _OPENERS:
            return None
        return Suppression(line, (line + 1,), None, "pragma: allowlist nextline secret", True)
    if not commented:
        return None
    return Suppression(line, (line,), None, "pragma: allowlist secret", True)


def apply(findings: Sequence[Finding], suppressions: Sequence[Suppression]) -> list[Finding]:
    """Mark each finding that a suppression covers; the first marker that applies names it."""
    marked = []
    for finding in findings:
        match = next((s for s in suppressions if s.applies_to(finding)), None)
        if match is not None and finding.suppressed_by is None:
            finding = replace(finding, suppressed_by=f"{match.label} (line {match.line})")
        marked.append(finding)
    return marked


def unused(
    path: str,
    findings: Iterable[Finding],
    suppressions: Sequence[Suppression],
    known_rules: frozenset[str],
) -> Iterator[UnusedSuppression]:
    """Markers that hide nothing. detect-secrets pragmas are left alone: teams keep them
    for secrets of other kinds that this scanner never reports."""
    lines: dict[int, set[str]] = {}
    for finding in findings:
        lines.setdefault(finding.region.start_line, set()).add(finding.rule_id)
    for suppression in suppressions:
        if suppression.pragma:
            continue
        fired = set().union(*(lines.get(line, set()) for line in suppression.covers))
        if suppression.rules is None:
            if not fired:
                yield UnusedSuppression(path, suppression.line, None, "suppresses nothing here")
            continue
        if not suppression.rules:
            yield UnusedSuppression(path, suppression.line, "", "names no rule")
        for rule_id in sorted(suppression.rules - fired):
            reason = "does not fire here" if rule_id in known_rules else "names an unknown rule"
            yield UnusedSuppression(path, suppression.line, rule_id, reason)
