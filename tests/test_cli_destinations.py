"""Usage errors name the command that received them; two reports never share a place."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.cli import main

KEY_ID = "AKIAR7KZ2MWQX5TJN3LB"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A one-commit repository holding a key, so both `scan` and `history` have findings."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(f'KEY = "{KEY_ID}"\n', encoding="utf-8")
    for argv in (
        ["init", "-q", "-b", "main"],
        ["add", "app.py"],
        ["-c", "user.email=dev@example.invalid", "-c", "user.name=Dev", "commit", "-qm", "k"],
    ):
        subprocess.run(["git", "-C", str(repo), *argv], check=True, capture_output=True)
    return repo


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["history", "--bogus"], "usage: credsweep history "),
        (["scan", "--bogus"], "usage: credsweep scan "),
        (["baseline", "create", "--bogus"], "usage: credsweep baseline create "),
        (["baseline", "update", "--format", "json"], "usage: credsweep baseline update "),
        (["rules", "--bogus"], "usage: credsweep rules "),
        (["--bogus", "scan"], "usage: credsweep [-h]"),
    ],
)
def test_an_unknown_flag_shows_the_usage_of_its_command(
    capsys: pytest.CaptureFixture[str], argv: list[str], usage: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(usage)
    assert "unrecognized arguments" in err


@pytest.mark.parametrize("command", ["scan", "history"])
@pytest.mark.parametrize(
    ("output", "sarif_output", "problem"),
    [
        ("report", "report", "both name"),
        ("report", "./sub/../report", "both name"),
        (None, "-", "--sarif-output -"),
        ("-", "-", "--sarif-output -"),
    ],
)
def test_two_reports_in_one_place_are_a_usage_error(
    capsys: pytest.CaptureFixture[str],
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    output: str | None,
    sarif_output: str,
    problem: str,
) -> None:
    monkeypatch.chdir(repo)
    (repo / "sub").mkdir()
    argv = [command, ".", "--quiet", "--sarif-output", sarif_output]
    if output is not None:
        argv += ["--output", output]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert problem in captured.err
    assert captured.out == ""
    assert not (repo / "report").exists()


@pytest.mark.parametrize("command", ["scan", "history"])
def test_sarif_on_stdout_with_the_main_report_in_a_file(
    capsys: pytest.CaptureFixture[str], repo: Path, command: str
) -> None:
    report = repo.parent / "report.txt"
    argv = [command, str(repo), "--quiet", "--output", str(report), "--sarif-output", "-"]
    assert main(argv) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0" and len(log["runs"][0]["results"]) == 1
    assert "app.py:1:" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["scan", "history"])
def test_a_symlink_to_the_report_is_the_same_place(
    capsys: pytest.CaptureFixture[str], repo: Path, command: str
) -> None:
    report = repo.parent / "report.txt"
    report.write_text("old\n", encoding="utf-8")
    alias = repo.parent / "alias.sarif"
    alias.symlink_to(report)
    argv = [command, str(repo), "--quiet", "--output", str(report), "--sarif-output", str(alias)]
    assert main(argv) == 2
    assert "both name" in capsys.readouterr().err
    assert report.read_text(encoding="utf-8") == "old\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["scan", "history"])
@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_full_stdout_is_one_clear_line_and_exit_two(repo: Path, command: str, fmt: str) -> None:
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "scanner", command, str(repo), "--format", fmt],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "credsweep: cannot write the report to standard output: No space left on device"
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_closed_stdout_is_one_clear_line_and_exit_two(repo: Path, fmt: str) -> None:
    command = f'"{sys.executable}" -m scanner scan "{repo}" --format {fmt} >&-'
    done = subprocess.run(["bash", "-c", command], stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "credsweep: cannot write the report to standard output: it is closed"
    ]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_unwritable_stderr_leaves_the_exit_status_alone(tmp_path: Path) -> None:
    # Outside git `history` is a usage error (2): losing its message must not change that.
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "scanner", "history", str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=full,
            check=False,
        )
    assert done.returncode == 2


@pytest.mark.parametrize(
    "argv",
    [["scan"], ["scan", "--verbose"], ["scan", "--format", "sarif"], ["baseline", "create"]],
)
def test_a_closed_stderr_changes_nothing_but_the_messages(repo: Path, argv: list[str]) -> None:
    """`2>&-`: the report is written and the exit status is the findings' own."""
    command = f'"{sys.executable}" -m scanner {" ".join(argv)} "{repo}" 2>&-'
    done = subprocess.run(["bash", "-c", command], stdout=subprocess.PIPE, text=True, check=False)
    if argv[0] == "baseline":
        assert done.returncode == 0
        assert (repo / ".credsweep-baseline.json").is_file()
    else:
        assert done.returncode == 1
        assert "aws-access-key-id" in done.stdout
