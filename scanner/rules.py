"""The rule catalogue: one TOML file per rule under rules/.

The files live at the top of a checkout and are copied into the wheel as scanner/rules, so
the loader looks beside the package first and in the checkout second.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from scanner.errors import RuleCatalogueError
from scanner.models import Level

_REQUIRED = (
    "id",
    "name",
    "level",
    "security_severity",
    "precision",
    "tags",
    "short_description",
    "full_description",
    "help",
)
_PRECISIONS = ("very-high", "high", "medium", "low")


@dataclass(frozen=True)
class ExpectedResult:
    path: str
    line: int
    level: Level | None


@dataclass(frozen=True)
class RuleExample:
    """A tiny tree that the rule must report exactly `expected` on."""

    name: str
    files: Mapping[str, str]
    expected: tuple[ExpectedResult, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    level: Level
    security_severity: str
    precision: str
    tags: tuple[str, ...]
    short_description: str
    full_description: str
    help: str
    examples: tuple[RuleExample, ...]


def rules_dir() -> Path:
    """Where the rule files are: inside the installed package, else in the checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "rules", package.parent / "rules"):
        if candidate.is_dir() and any(candidate.glob("*.toml")):
            return candidate
    raise RuleCatalogueError(f"no rule files found beside {package}; the installation is broken")


@cache
def load_catalogue() -> tuple[Rule, ...]:
    """Every rule, sorted by id."""
    directory = rules_dir()
    rules = [_load_rule(path) for path in sorted(directory.glob("*.toml"))]
    return tuple(sorted(rules, key=lambda rule: rule.id))


def rules_by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in load_catalogue()}


def _load_rule(path: Path) -> Rule:
    # Imported here: a sweep without a configuration file or a finding never reads TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RuleCatalogueError(f"{path.name}: cannot read rule file: {error}") from error
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise RuleCatalogueError(f"{path.name}: missing {', '.join(missing)}")
    if data["id"] != path.stem:
        raise RuleCatalogueError(f"{path.name}: id {data['id']!r} must match the file name")
    if data["precision"] not in _PRECISIONS:
        raise RuleCatalogueError(f"{path.name}: precision must be one of {_PRECISIONS}")
    try:
        float(data["security_severity"])
        level = Level(data["level"])
    except ValueError as error:
        raise RuleCatalogueError(f"{path.name}: {error}") from error
    return Rule(
        id=data["id"],
        name=data["name"],
        level=level,
        security_severity=str(data["security_severity"]),
        precision=data["precision"],
        tags=tuple(data["tags"]),
        short_description=data["short_description"].strip(),
        full_description=data["full_description"].strip(),
        help=data["help"].strip(),
        examples=tuple(_example(path.name, raw) for raw in data.get("examples", [])),
    )


def _example(file_name: str, raw: Mapping[str, Any]) -> RuleExample:
    name = str(raw.get("name", "unnamed"))
    if "files" in raw:
        files = {str(key): str(value) for key, value in raw["files"].items()}
    elif "path" in raw and "code" in raw:
        files = {str(raw["path"]): str(raw["code"])}
    else:
        raise RuleCatalogueError(f"{file_name}: example {name!r} needs files or path and code")
    default_path = next(iter(files))
    expected = tuple(_expected(item, default_path) for item in raw.get("expect", []))
    return RuleExample(name=name, files=files, expected=expected)


def _expected(item: object, default_path: str) -> ExpectedResult:
    if isinstance(item, int):
        return ExpectedResult(default_path, item, None)
    if isinstance(item, Mapping):
        level = item.get("level")
        return ExpectedResult(
            str(item.get("file", default_path)),
            int(item["line"]),
            Level(level) if level else None,
        )
    raise RuleCatalogueError(f"an expectation must be a line number or a table, not {item!r}")
