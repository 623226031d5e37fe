from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from scanner import config
from scanner.config import Config
from scanner.errors import ConfigError
from scanner.keyshape import sha256_hex
from scanner.models import Level

KEY_ID = "AKIAF74JEL6GKK3M4AXK"
DIGEST = sha256_hex("AKIAAKHOK6JK7JI2AI76")


def _write(directory: Path, body: str, *, pyproject: bool = False, form: str = "") -> Path:
    form = form or ("pyproject" if pyproject else "credsweep-toml")
    if form == "credsweep-toml":
        path = directory / ".credsweep.toml"
        path.write_text(body, encoding="utf-8")
        return path
    body = "[tool.credsweep]\n" + body.replace("[levels]", "[tool.credsweep.levels]")
    if form == "pyproject":
        path = directory / "pyproject.toml"
        body = "[project]\nname = 'x'\n\n" + body
    else:
        path = directory / ".credsweep.toml"
    path.write_text(body, encoding="utf-8")
    return path


# The same keys in each of the three places a configuration may stand.
FORMS = ["credsweep-toml", "credsweep-toml-tool-table", "pyproject"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("body", "attribute", "expected"),
    [
        ('exclude = ["tests/fixtures/", "*.snap"]', "exclude", ("tests/fixtures/", "*.snap")),
        (
            'select = ["aws-secret-access-key", "aws-access-key-id"]',
            "select",
            ("aws-access-key-id", "aws-secret-access-key"),
        ),
        ('ignore = ["ec2-instance-without-role"]', "ignore", ("ec2-instance-without-role",)),
        ('fail-on = "error"', "fail_on", Level.ERROR),
        ('fail-on = "note"', "fail_on", Level.NOTE),
        ("max-file-size = 4096", "max_file_size", 4096),
        ('extra-placeholders = ["ACME_DUMMY"]', "extra_placeholders", frozenset({"ACME_DUMMY"})),
        (f'allowed-key-ids = ["{KEY_ID}"]', "allowed_key_ids", frozenset({sha256_hex(KEY_ID)})),
        (f'allowed-key-ids = ["{DIGEST.upper()}"]', "allowed_key_ids", frozenset({DIGEST})),
        ('[levels]\naws-access-key-id = "note"', "levels", {"aws-access-key-id": Level.NOTE}),
    ],
)
def test_every_key(tmp_path: Path, form: str, body: str, attribute: str, expected: Any) -> None:
    path = _write(tmp_path, body + "\n", form=form)
    loaded = config.load(tmp_path)
    assert getattr(loaded, attribute) == expected
    assert loaded.source == path.resolve()


def test_baseline_is_relative_to_the_config_file(tmp_path: Path) -> None:
    _write(tmp_path, 'baseline = "ci/baseline.json"\n')
    (tmp_path / "sub").mkdir()
    assert config.load(tmp_path / "sub").baseline == tmp_path.resolve() / "ci" / "baseline.json"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert config.load(tmp_path) == Config()
    assert Config().fail_on is Level.WARNING


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("colour = true", "colour: unknown key"),
        ("exclude = 3", "exclude: must be a list of strings"),
        ("exclude = [1]", "exclude: must be a list of strings"),
        ('select = ["no-such-rule"]', "select: unknown rule 'no-such-rule'"),
        ('ignore = ["aws-access-key"]', "ignore: unknown rule 'aws-access-key'"),
        ('fail-on = "critical"', "fail-on: must be one of error, warning, note"),
        ("fail-on = 1", "fail-on: must be one of error, warning, note"),
        ("max-file-size = 0", "max-file-size: must be a whole number of bytes"),
        ('max-file-size = "10MB"', "max-file-size: must be a whole number of bytes"),
        ("max-file-size = true", "max-file-size: must be a whole number of bytes"),
        ("extra-placeholders = [true]", "extra-placeholders: must be a list of strings"),
        ('allowed-key-ids = ["not-a-key"]', "allowed-key-ids: '*****-key' is neither"),
        ("baseline = 7", "baseline: must be a file path"),
        ('levels = "error"', "levels: must be a table"),
        ('[levels]\nnope = "error"', "levels: unknown rule 'nope'"),
        ('[levels]\naws-access-key-id = "off"', "levels.aws-access-key-id: must be one of"),
        ("exclude = [", "not valid TOML"),
    ],
)
def test_errors_name_the_key_and_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body + "\n")
    with pytest.raises(ConfigError) as raised:
        config.load(tmp_path)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # Both forms at once: which one was meant is anyone's guess.
        ('fail-on = "error"\n[tool.credsweep]\nfail-on = "note"\n', "holds both top-level keys"),
        ('exclude = ["x/"]\n[tool.credsweep.levels]\naws-access-key-id = "note"\n', "both"),
        # Another tool's table, or a tool table without credsweep's.
        ('[tool.credsweep]\nfail-on = "note"\n[tool.ruff]\nline-length = 1\n', "[tool.ruff]"),
        ("[tool]\n", "[tool] is not credsweep's"),
        ('tool = "credsweep"\n', "tool must be a table"),
        ("[tool.credsweep]\ncolour = true\n", "[tool.credsweep]: colour: unknown key"),
    ],
)
def test_credsweep_toml_forms_that_are_errors(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ConfigError) as raised:
        config.load(tmp_path)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)


def test_the_readme_configuration_block_works_in_credsweep_toml(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(\[tool\.credsweep\]\n.*?)```", readme, re.DOTALL)
    assert block is not None
    # The README shows placeholders where a user writes their own key ids and digests.
    body = block.group(1).replace('"AKIA..."', f'"{KEY_ID}"').replace('"<sha256>"', f'"{DIGEST}"')
    _write(tmp_path, body)
    loaded = config.load(tmp_path)
    assert loaded.ignore == ("aws-credentials-file-read",)
    assert loaded.levels == {"boto3-explicit-credentials": Level.ERROR}
    assert loaded.allowed_key_ids == frozenset({sha256_hex(KEY_ID), DIGEST})
    assert loaded.baseline == tmp_path.resolve() / ".credsweep-baseline.json"


def test_a_mistaken_secret_is_never_echoed(tmp_path: Path) -> None:
    secret = "zqQKkhL6Kmp/+wJiIClsd3rvuV7omAecHxmURF43"
    _write(tmp_path, f'allowed-key-ids = ["{secret}"]\n')
    with pytest.raises(ConfigError) as raised:
        config.load(tmp_path)
    assert secret not in str(raised.value)


def test_discovery_walks_up_and_prefers_credsweep_toml(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert config.discover(deep) != tmp_path / "a" / "pyproject.toml"
    _write(tmp_path, "max-file-size = 1\n", pyproject=True)
    assert config.discover(deep) == tmp_path / "pyproject.toml"
    _write(tmp_path, "max-file-size = 2\n")
    assert config.discover(deep) == tmp_path / ".credsweep.toml"
    assert config.load(deep).max_file_size == 2


def test_explicit_file_wins_and_must_exist(tmp_path: Path) -> None:
    _write(tmp_path, "max-file-size = 2\n")
    other = tmp_path / "other.toml"
    other.write_text("max-file-size = 3\n", encoding="utf-8")
    assert config.load(tmp_path, other).max_file_size == 3
    with pytest.raises(ConfigError, match="cannot read"):
        config.load(tmp_path, tmp_path / "missing.toml")
    bare = tmp_path / "sub" / "pyproject.toml"
    bare.parent.mkdir()
    bare.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no \[tool.credsweep\] table"):
        config.load(tmp_path, bare)


@pytest.mark.parametrize(
    ("flags", "attribute", "expected"),
    [
        ({"exclude": ["b/"]}, "exclude", ("b/",)),
        ({"select": ["aws-access-key-id"]}, "select", ("aws-access-key-id",)),
        ({"fail-on": "error"}, "fail_on", Level.ERROR),
        ({"max-file-size": 9}, "max_file_size", 9),
        (
            {"levels": {"aws-secret-access-key": "note"}},
            "levels",
            {"aws-access-key-id": Level.ERROR, "aws-secret-access-key": Level.NOTE},
        ),
        ({"select": [], "fail-on": None}, "select", ("aws-secret-access-key",)),
    ],
)
def test_flags_override_the_file(
    tmp_path: Path, flags: dict[str, Any], attribute: str, expected: Any
) -> None:
    _write(
        tmp_path,
        'exclude = ["a/"]\nselect = ["aws-secret-access-key"]\nmax-file-size = 5\n'
        '[levels]\naws-access-key-id = "error"\n',
    )
    merged = config.from_command_line(config.load(tmp_path), flags)
    assert getattr(merged, attribute) == expected


def test_flag_errors_say_command_line() -> None:
    with pytest.raises(ConfigError, match="command line: select: unknown rule 'x'"):
        config.from_command_line(Config(), {"select": ["x"]})


def test_to_toml_round_trips(tmp_path: Path) -> None:
    _write(
        tmp_path,
        'exclude = ["a/"]\nfail-on = "error"\nextra-placeholders = ["ACME"]\n'
        f'allowed-key-ids = ["{KEY_ID}"]\nbaseline = "b.json"\n'
        '[levels]\naws-access-key-id = "note"\n',
    )
    loaded = config.load(tmp_path)
    shown = config.to_toml(loaded)
    assert KEY_ID not in shown
    again = tmp_path / "again"
    again.mkdir()
    (again / ".credsweep.toml").write_text(shown, encoding="utf-8")
    reloaded = config.load(again)
    assert reloaded == loaded.__class__(**{**loaded.__dict__, "source": reloaded.source})


def test_every_config_field_has_a_key() -> None:
    names = {key.replace("-", "_") for key in config.KEYS}
    assert names == set(Config.__dataclass_fields__) - {"source"}
