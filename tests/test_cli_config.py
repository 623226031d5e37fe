"""The configuration as the command line sees it: discovery, flags, errors, exit status."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.keyshape import sha256_hex

KEY = "AKIATTWUJNVJPX4Q6YO4"
SECRET = "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"
LEAKY = f'AWS_ACCESS_KEY_ID = "{KEY}"\nAWS_SECRET_ACCESS_KEY = "{SECRET}"\n'


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(LEAKY, encoding="utf-8")
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "fake.py").write_text(LEAKY, encoding="utf-8")
    return tmp_path


def _rules(
    capsys: pytest.CaptureFixture[str], tree: Path, *argv: str
) -> tuple[int, list[tuple[str, str, str]]]:
    status, out, _ = _run(capsys, "scan", str(tree), "--format", "json", "--quiet", *argv)
    return status, sorted((r["file"], r["rule_id"], r["level"]) for r in json.loads(out))


@pytest.mark.parametrize(
    ("config", "argv", "status", "expected"),
    [
        (
            "",
            [],
            1,
            [
                ("app.py", "aws-access-key-id", "error"),
                ("app.py", "aws-secret-access-key", "error"),
                ("fixtures/fake.py", "aws-access-key-id", "error"),
                ("fixtures/fake.py", "aws-secret-access-key", "error"),
            ],
        ),
        (
            'exclude = ["fixtures/"]\nselect = ["aws-access-key-id"]',
            [],
            1,
            [("app.py", "aws-access-key-id", "error")],
        ),
        # A flag replaces the file's value for its key.
        (
            'exclude = ["fixtures/"]\nselect = ["aws-access-key-id"]',
            ["--select", "aws-secret-access-key"],
            1,
            [("app.py", "aws-secret-access-key", "error")],
        ),
        (
            'exclude = ["fixtures/"]\n[levels]\naws-access-key-id = "note"\n'
            'aws-secret-access-key = "note"',
            [],
            0,
            [("app.py", "aws-access-key-id", "note"), ("app.py", "aws-secret-access-key", "note")],
        ),
        # fail-on note: notes fail too.
        (
            'exclude = ["fixtures/"]\nfail-on = "note"\n[levels]\naws-access-key-id = "note"',
            ["--ignore", "aws-secret-access-key"],
            1,
            [("app.py", "aws-access-key-id", "note")],
        ),
        (
            'exclude = ["fixtures/"]',
            [
                "--levels",
                "aws-access-key-id=warning",
                "--ignore",
                "aws-secret-access-key",
                "--fail-on",
                "error",
            ],
            0,
            [("app.py", "aws-access-key-id", "warning")],
        ),
        (
            'exclude = ["fixtures/"]',
            ["--allowed-key-ids", sha256_hex(KEY)],
            1,
            [("app.py", "aws-secret-access-key", "error")],
        ),
        (
            "",
            ["--exclude", "fixtures/", "--extra-placeholders", SECRET, "--allowed-key-ids", KEY],
            0,
            [],
        ),
    ],
)
def test_config_file_and_flags(
    capsys: pytest.CaptureFixture[str],
    tree: Path,
    config: str,
    argv: list[str],
    status: int,
    expected: list[tuple[str, str, str]],
) -> None:
    (tree / ".credsweep.toml").write_text(config + "\n", encoding="utf-8")
    assert _rules(capsys, tree, *argv) == (status, expected)


@pytest.mark.parametrize(
    ("config", "argv", "message"),
    [
        ("colour = 1", [], ".credsweep.toml: colour: unknown key"),
        ('fail-on = "high"', [], ".credsweep.toml: fail-on: must be one of"),
        ("", ["--select", "nope"], "command line: select: unknown rule 'nope'"),
        ("", ["--levels", "aws-access-key-id"], "expected RULE=LEVEL"),
        ("", ["--levels", "aws-access-key-id=loud"], "levels.aws-access-key-id: must be one of"),
        ("", ["--config", "missing.toml"], "missing.toml: cannot read"),
        ("", ["--baseline", "missing.json"], "no such baseline"),
    ],
)
def test_configuration_errors_exit_two(
    capsys: pytest.CaptureFixture[str], tree: Path, config: str, argv: list[str], message: str
) -> None:
    (tree / ".credsweep.toml").write_text(config + "\n", encoding="utf-8")
    status, out, err = _run(capsys, "scan", str(tree), *argv)
    assert status == 2
    assert message in err
    assert out == "" and "Traceback" not in err


def test_show_config_prints_the_effective_configuration(
    capsys: pytest.CaptureFixture[str], tree: Path
) -> None:
    (tree / "pyproject.toml").write_text(
        '[tool.credsweep]\nexclude = ["fixtures/"]\n[tool.credsweep.levels]\n'
        'aws-access-key-id = "note"\n',
        encoding="utf-8",
    )
    status, out, _ = _run(
        capsys,
        "scan",
        str(tree),
        "--show-config",
        "--fail-on",
        "error",
        "--allowed-key-ids",
        KEY,
    )
    assert status == 0
    assert f"file: {(tree / 'pyproject.toml').resolve()}" in out
    assert 'exclude = ["fixtures/"]' in out
    assert 'fail-on = "error"' in out
    assert f'allowed-key-ids = ["{sha256_hex(KEY)}"]' in out
    assert 'aws-access-key-id = "note"' in out
    assert KEY not in out


def test_explicit_config_file(capsys: pytest.CaptureFixture[str], tree: Path) -> None:
    other = tree / "ci.toml"
    other.write_text('select = ["aws-secret-access-key"]\nexclude = ["fixtures/"]\n')
    assert _rules(capsys, tree, "--config", str(other)) == (
        1,
        [("app.py", "aws-secret-access-key", "error")],
    )


@pytest.mark.parametrize(
    ("config", "argv", "limit"),
    [("max-file-size = 10", [], 10), ("max-file-size = 10", ["--max-file-size", "20"], 20)],
)
def test_max_file_size(
    capsys: pytest.CaptureFixture[str], tree: Path, config: str, argv: list[str], limit: int
) -> None:
    (tree / ".credsweep.toml").write_text(config + "\n", encoding="utf-8")
    _, out, _ = _run(capsys, "scan", str(tree), "--verbose", *argv)
    assert f"app.py: partial (too-large): {len(LEAKY)} bytes, over the limit of {limit}" in out


@pytest.mark.parametrize(
    ("name", "content", "argv"),
    [
        (".credsweep.toml", b"\xff\xfe" + 'fail-on = "error"\n'.encode("utf-16-le"), []),
        ("pyproject.toml", b"\xff\xfe" + "[tool.credsweep]\n".encode("utf-16-le"), []),
        (".credsweep.toml", "# café\nexclude = []\n".encode("latin-1"), []),
        ("other.toml", b"exclude = ['\xe9']\n", ["--config", "other.toml"]),
    ],
)
def test_a_configuration_file_that_is_not_utf8_exits_two_naming_it(
    capsys: pytest.CaptureFixture[str],
    tree: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes,
    argv: list[str],
) -> None:
    (tree / name).write_bytes(content)
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    monkeypatch.chdir(tree)
    for command in ("scan", "history"):
        status, out, err = _run(capsys, command, str(tree), *argv)
        assert status == 2
        assert f"{name}: not UTF-8 text" in err
        assert out == "" and "Traceback" not in err and "internal error" not in err


def test_a_utf8_byte_order_mark_in_the_configuration_is_accepted(
    capsys: pytest.CaptureFixture[str], tree: Path
) -> None:
    (tree / ".credsweep.toml").write_bytes(b"\xef\xbb\xbf" + b'fail-on = "error"\n')
    status, out, err = _run(capsys, "scan", str(tree), "--show-config")
    assert status == 0, err
    assert 'fail-on = "error"' in out


@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
@pytest.mark.parametrize(
    ("named", "expected"),
    [
        # The whole project: the excluded directory is left out, and paths start at the top.
        (".", ["app/settings.py"]),
        # A subdirectory: the same paths, the same exclude, whatever the working directory.
        ("app", ["app/settings.py"]),
        ("app/settings.py", ["app/settings.py"]),
        ("app/legacy", []),
    ],
)
def test_a_subdirectory_is_scanned_as_part_of_the_project_its_config_describes(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    in_git: bool,
    named: str,
    expected: list[str],
) -> None:
    (tmp_path / "app" / "legacy").mkdir(parents=True)
    (tmp_path / "app" / "settings.py").write_text(LEAKY, encoding="utf-8")
    (tmp_path / "app" / "legacy" / "old.py").write_text(LEAKY, encoding="utf-8")
    (tmp_path / ".credsweep.toml").write_text('exclude = ["app/legacy/"]\n', encoding="utf-8")
    if in_git:
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    status, out, _ = _run(capsys, "scan", named, "--format", "json", "--quiet")
    assert sorted({record["file"] for record in json.loads(out)}) == expected
    assert status == (1 if expected else 0)


def test_a_baseline_made_at_the_top_covers_a_scan_of_a_subdirectory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(LEAKY, encoding="utf-8")
    (tmp_path / ".credsweep.toml").write_text('baseline = "known.json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run(capsys, "baseline", "create")[0] == 0
    assert (tmp_path / "known.json").is_file()
    for named in (".", "app", "app/settings.py"):
        assert _run(capsys, "scan", named, "--quiet")[0] == 0
    monkeypatch.chdir(tmp_path / "app")
    assert _run(capsys, "scan", "--quiet")[0] == 0
