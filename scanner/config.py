"""The user's configuration: `.credsweep.toml` (keys at its top level, or under a
`[tool.credsweep]` table, not both) or `[tool.credsweep]` in `pyproject.toml`.

The file is found by walking up from the scan root (`.credsweep.toml` wins over
`pyproject.toml` in the same directory; a `pyproject.toml` without the table is passed
over); `--config FILE` names one instead. Command-line flags of the same names override
the file, key by key (`levels` entry by entry). The result is one frozen `Config` that the
CLI passes down; nothing here is global.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scanner.errors import ConfigError
from scanner.keyshape import is_key_id, mask, sha256_hex
from scanner.models import Level, PassSettings
from scanner.reader import DEFAULT_MAX_FILE_SIZE
from scanner.rules import rules_by_id

CONFIG_FILE = ".credsweep.toml"
PYPROJECT = "pyproject.toml"
DEFAULT_BASELINE = ".credsweep-baseline.json"
_DIGEST = re.compile(r"\A[0-9a-f]{64}\Z")


@dataclass(frozen=True)
class Config:
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    levels: Mapping[str, Level] = field(default_factory=dict)
    fail_on: Level = Level.WARNING
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    extra_placeholders: frozenset[str] = frozenset()
    allowed_key_ids: frozenset[str] = frozenset()
    baseline: Path | None = None
    source: Path | None = None

    def pass_settings(self) -> PassSettings:
        return PassSettings(extra_placeholders=self.extra_placeholders)

    def rule_enabled(self, rule_id: str) -> bool:
        if rule_id in self.ignore:
            return False
        return not self.select or rule_id in self.select


@dataclass(frozen=True)
class _Origin:
    """Where a value came from, for error messages: a file and table, or a flag."""

    label: str
    directory: Path

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.label}: {key}: {problem}")


def load(root: Path, explicit: Path | None = None) -> Config:
    """The configuration for a sweep rooted at `root`: the named file, a found one, or none."""
    path = explicit if explicit is not None else discover(root)
    if path is None:
        return Config()
    return from_file(path, required=explicit is not None)


def discover(root: Path) -> Path | None:
    for directory in [root, *root.parents]:
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _tool_table(pyproject, _read_toml(pyproject)) is not None:
            return pyproject
    return None


def from_file(path: Path, *, required: bool = True) -> Config:
    data = _read_toml(path)
    label = str(path)
    if path.name == PYPROJECT:
        data = _tool_table(path, data)
        label = f"{path} [tool.credsweep]"
        if data is None:
            if required:
                raise ConfigError(f"{path}: no [tool.credsweep] table")
            return Config()
    elif "tool" in data:
        data = _wrapped(path, data)
        label = f"{path} [tool.credsweep]"
    if not isinstance(data, dict):
        raise ConfigError(f"{label}: [tool.credsweep] must be a table")
    origin = _Origin(label, path.resolve().parent)
    return replace(merge(Config(), data, origin), source=path.resolve())


def _tool_table(path: Path, data: dict[str, Any]) -> Any:
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: tool must be a table")
    return tool.get("credsweep")


def _wrapped(path: Path, data: dict[str, Any]) -> Any:
    """A `.credsweep.toml` may hold the keys at the top level or, as the README's example
    (copied from `pyproject.toml`) does, under `[tool.credsweep]`; one form, not both."""
    table = _tool_table(path, data)
    others = sorted(set(data["tool"]) - {"credsweep"})
    if table is None or others:
        named = ", ".join(f"[tool.{name}]" for name in others) or "[tool]"
        raise ConfigError(f"{path}: {named} is not credsweep's; only [tool.credsweep] belongs here")
    top_level = sorted(set(data) - {"tool"})
    if top_level:
        raise ConfigError(
            f"{path}: holds both top-level keys ({', '.join(top_level)}) and a "
            "[tool.credsweep] table; use one form or the other"
        )
    return table


def merge(config: Config, values: Mapping[str, Any], origin: _Origin) -> Config:
    """`config` with `values` (raw, as in the file) checked and laid over it."""
    changes: dict[str, Any] = {}
    for key, raw in values.items():
        parser = _PARSERS.get(key)
        if parser is None:
            known = ", ".join(sorted(_PARSERS))
            raise origin.error(key, f"unknown key (known keys: {known})")
        changes[key.replace("-", "_")] = parser(raw, key, origin)
    if "levels" in changes:
        changes["levels"] = {**config.levels, **changes["levels"]}
    return replace(config, **changes)


def from_command_line(config: Config, values: Mapping[str, Any]) -> Config:
    """Flags override the file; a flag's values are checked like the file's."""
    given = {key: value for key, value in values.items() if value not in (None, [], ())}
    return merge(config, given, _Origin("command line", Path.cwd()))


def _read_toml(path: Path) -> dict[str, Any]:
    # Imported here: a sweep without a configuration file or a finding never reads TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    try:
        data = path.read_bytes()
        # Editors on Windows often start a UTF-8 file with a byte-order mark; TOML does not
        # allow one, but the intent is plain, so it is dropped rather than refused.
        return tomllib.loads(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    except UnicodeDecodeError as error:
        # TOML is UTF-8 by definition; a UTF-16 or Latin-1 file is a user's mistake to name,
        # not an internal error. The offset, never the bytes: they may be a secret's.
        raise ConfigError(
            f"{path}: not UTF-8 text (TOML must be UTF-8): invalid byte at offset {error.start}"
        ) from error


def _strings(raw: Any, key: str, origin: _Origin) -> tuple[str, ...]:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise origin.error(key, "must be a list of strings")
    return tuple(raw)


def _rule_ids(raw: Any, key: str, origin: _Origin) -> tuple[str, ...]:
    ids = _strings(raw, key, origin)
    catalogue = rules_by_id()
    for rule_id in ids:
        if rule_id not in catalogue:
            raise origin.error(key, f"unknown rule {rule_id!r} (see `credsweep rules`)")
    return tuple(sorted(set(ids)))


def _level(raw: Any, key: str, origin: _Origin) -> Level:
    try:
        return Level(raw)
    except ValueError:
        raise origin.error(key, f"must be one of error, warning, note, not {raw!r}") from None


def _levels(raw: Any, key: str, origin: _Origin) -> dict[str, Level]:
    if not isinstance(raw, dict):
        raise origin.error(key, 'must be a table of rule-id = "error" | "warning" | "note"')
    _rule_ids(list(raw), key, origin)
    return {rule_id: _level(value, f"{key}.{rule_id}", origin) for rule_id, value in raw.items()}


def _max_file_size(raw: Any, key: str, origin: _Origin) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise origin.error(key, "must be a whole number of bytes, at least 1")
    return raw


def _placeholders(raw: Any, key: str, origin: _Origin) -> frozenset[str]:
    return frozenset(_strings(raw, key, origin))


def _allowed_key_ids(raw: Any, key: str, origin: _Origin) -> frozenset[str]:
    """Key ids are kept only as their SHA-256, the form findings carry as identity."""
    digests = set()
    for value in _strings(raw, key, origin):
        if is_key_id(value):
            digests.add(sha256_hex(value))
        elif _DIGEST.match(value.lower()):
            digests.add(value.lower())
        else:
            # The value may be a secret pasted by mistake: never echo it whole.
            problem = f"{mask(value)!r} is neither an access key id nor a SHA-256 hex digest"
            raise origin.error(key, problem)
    return frozenset(digests)


def _baseline(raw: Any, key: str, origin: _Origin) -> Path:
    if not isinstance(raw, str) or not raw:
        raise origin.error(key, "must be a file path")
    return origin.directory / raw


_PARSERS: dict[str, Callable[[Any, str, _Origin], Any]] = {
    "exclude": _strings,
    "select": _rule_ids,
    "ignore": _rule_ids,
    "levels": _levels,
    "fail-on": _level,
    "max-file-size": _max_file_size,
    "extra-placeholders": _placeholders,
    "allowed-key-ids": _allowed_key_ids,
    "baseline": _baseline,
}
KEYS = tuple(_PARSERS)


def to_toml(config: Config) -> str:
    """The effective configuration in the file's own syntax, ready to paste into one."""
    where = str(config.source) if config.source else "no configuration file"
    lines = [f"# credsweep configuration in effect (file: {where})"]
    for key in KEYS:
        if key == "levels":
            continue
        value = getattr(config, key.replace("-", "_"))
        if value is None:
            lines.append(f"# {key} is not set")
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    lines.append("")
    lines.append("[levels]")
    lines.extend(f"{rule} = {_toml_value(level)}" for rule, level in sorted(config.levels.items()))
    return "\n".join(lines) + "\n"


def _toml_value(value: object) -> str:
    if isinstance(value, Level):
        return json.dumps(value.value, ensure_ascii=False)
    if isinstance(value, (str, Path)):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (tuple, frozenset, set, list)):
        return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in sorted(value)) + "]"
    raise TypeError(type(value).__name__)
