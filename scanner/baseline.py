"""Baselines: the findings a team has accepted, so that a scan fails only on new ones.

An entry is the rule, the file and the finding's identity (the SHA-256 of the secret, or
of the normalised construct for usage rules): never a line number, so moving code or
reformatting does not churn the file, and never the secret itself.

The file is a JSON array written one entry per line, each after a leading comma, sorted:
the same tree gives the same bytes, adding an entry adds one line and touches no other, and
two branches that add entries in different places merge cleanly. With `merge=union` for
the file in `.gitattributes`, even entries added at the same place merge, and the result
is still valid JSON (the loader sorts and de-duplicates).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scanner.errors import ConfigError
from scanner.escaping import readable
from scanner.models import Finding, Level
from scanner.output import write_report

FORMAT_VERSION = 1
_HEADER = {"credsweep-baseline": FORMAT_VERSION}
NEW = "new"
UNCHANGED = "unchanged"


@dataclass(frozen=True, order=True)
class Entry:
    file: str
    rule: str
    identity: str
    # The level the finding had when it was accepted: not part of what the entry matches,
    # but a finding matched at a higher level is new (a role-less instance tagged Tier=Web
    # after the fact). Empty in baselines written before levels were recorded: any level.
    level: str = field(default="", compare=False)

    def as_json(self) -> str:
        record = {"rule": self.rule, "file": self.file, "identity": self.identity}
        if self.level:
            record["level"] = self.level
        return json.dumps(record, ensure_ascii=True)


def entry_of(finding: Finding) -> Entry:
    # The file is committed and read by other tools: valid UTF-8, undecodable bytes as \xNN.
    return Entry(
        file=readable(finding.path),
        rule=finding.rule_id,
        identity=finding.identity,
        level=finding.level.value if finding.level is not None else "",
    )


def entries_of(findings: Iterable[Finding]) -> frozenset[Entry]:
    """What a baseline holds for these findings; suppressed ones need no entry."""
    return frozenset(entry_of(f) for f in findings if f.suppressed_by is None)


def render(entries: Iterable[Entry]) -> str:
    lines = ["[" + json.dumps(_HEADER)]
    lines.extend("," + entry.as_json() for entry in sorted(set(entries)))
    lines.append("]")
    return "\n".join(lines) + "\n"


def write(path: Path, entries: Iterable[Entry]) -> None:
    write_report(render(entries), str(path))


def load(path: Path) -> frozenset[Entry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such baseline; create it with `credsweep baseline create`"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ConfigError(f"{path}: not a credsweep baseline ({error})") from error
    if not isinstance(data, list) or not data or data[0] != _HEADER:
        raise ConfigError(f"{path}: not a credsweep baseline (version {FORMAT_VERSION})")
    # One entry accepted at two levels (branches merged with `merge=union`): the wider
    # acceptance holds, whatever the order of the lines.
    accepted: dict[Entry, Entry] = {}
    for item in data[1:]:
        entry = _entry(path, item)
        held = accepted.get(entry)
        if held is None or _accepts(entry.level, held.level):
            accepted[entry] = entry
    return frozenset(accepted.values())


def _accepts(level: str, other: str) -> bool:
    """Whether acceptance at `level` covers more than at `other` ("" is any level)."""
    if not level or not other:
        return not level and bool(other)
    return Level(level).rank > Level(other).rank


_KEYS = {"rule", "file", "identity"}
_LEVELS = frozenset(level.value for level in Level)


def _entry(path: Path, item: Any) -> Entry:
    if not isinstance(item, dict) or set(item) - {"level"} != _KEYS:
        raise ConfigError(f"{path}: each entry needs exactly rule, file and identity (and level)")
    if not all(isinstance(value, str) for value in item.values()):
        raise ConfigError(f"{path}: rule, file, identity and level must be strings")
    level = item.get("level", "")
    if level and level not in _LEVELS:
        raise ConfigError(f"{path}: level must be one of {', '.join(sorted(_LEVELS))}")
    # An older baseline may hold a name as a lone-surrogate escape; read it as written now.
    return Entry(
        file=readable(item["file"]), rule=item["rule"], identity=item["identity"], level=level
    )


def mark(findings: Sequence[Finding], baseline: frozenset[Entry]) -> list[Finding]:
    """Each finding with its SARIF baselineState: unchanged when the baseline holds it at
    its level or a higher one."""
    accepted = {entry: entry.level for entry in baseline}
    return [replace(f, baseline_state=_state(f, accepted)) for f in findings]


def _state(finding: Finding, accepted: dict[Entry, str]) -> str:
    entry = entry_of(finding)
    return UNCHANGED if entry in accepted and not _raised(entry, accepted[entry]) else NEW


def _raised(entry: Entry, accepted_level: str) -> bool:
    """Whether the finding `entry` stands for is above the level it was accepted at."""
    if not (entry.level and accepted_level):
        return False
    return Level(entry.level).rank > Level(accepted_level).rank


@dataclass(frozen=True)
class Update:
    kept: frozenset[Entry]
    dropped: frozenset[Entry]
    not_added: frozenset[Entry]


def update(baseline: frozenset[Entry], findings: Iterable[Finding]) -> Update:
    """Keep what still exists, drop what is gone; new findings are left for review."""
    current = entries_of(findings)
    # The baseline's own entries, with the levels they were accepted at: a finding raised
    # since stays new until the baseline is made again, and is counted as not added.
    kept = frozenset(entry for entry in baseline if entry in current)
    accepted = {entry: entry.level for entry in baseline}
    not_added = frozenset(
        entry for entry in current if entry not in accepted or _raised(entry, accepted[entry])
    )
    return Update(kept=kept, dropped=baseline - current, not_added=not_added)
