from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.rules import load_catalogue

KEY_ID = "AKIAQ4ZJ7XWNB3HRT2KD"
SECRET = "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"
LEAKY = f'import os\nAWS_ACCESS_KEY_ID = "{KEY_ID}"\nAWS_SECRET_ACCESS_KEY = "{SECRET}"\n'


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def leaky(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.py").write_text(LEAKY, encoding="utf-8")
    (tmp_path / "README.md").write_text("nothing here\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text("import boto3\nboto3.client('s3')\n", encoding="utf-8")
    return tmp_path


def test_clean_tree_exits_zero(capsys: pytest.CaptureFixture[str], clean: Path) -> None:
    status, out, _ = _run(capsys, "scan", str(clean), "--quiet")
    assert status == 0
    assert "0 findings" in out


def test_findings_exit_one_with_relative_paths(
    capsys: pytest.CaptureFixture[str], leaky: Path
) -> None:
    status, out, _ = _run(capsys, "scan", str(leaky), "--quiet")
    assert status == 1
    assert "app/settings.py:2:" in out
    assert "aws-access-key-id" in out
    assert str(leaky) not in out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_no_format_leaks_the_secret(
    capsys: pytest.CaptureFixture[str], leaky: Path, fmt: str
) -> None:
    status, out, err = _run(capsys, "scan", str(leaky), "--format", fmt, "--verbose")
    assert status == 1
    assert SECRET not in out + err
    assert KEY_ID not in out + err
    assert KEY_ID[:4] + "*" * 12 + KEY_ID[-4:] in out


def test_json_is_a_plain_list(capsys: pytest.CaptureFixture[str], leaky: Path) -> None:
    _, out, _ = _run(capsys, "scan", str(leaky), "--format", "json", "--quiet")
    records = json.loads(out)
    assert isinstance(records, list)
    assert {"file", "line", "column", "rule_id", "level", "message"} <= set(records[0])
    assert records == sorted(records, key=lambda r: (r["file"], r["line"], r["column"]))


def test_output_file_and_sarif_output(
    capsys: pytest.CaptureFixture[str], leaky: Path, tmp_path: Path
) -> None:
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    sarif_file = tmp_path / "out" / "credsweep.sarif"
    status, out, _ = _run(
        capsys,
        "scan",
        str(leaky),
        "--format",
        "json",
        "--output",
        str(report),
        "--sarif-output",
        str(sarif_file),
        "--quiet",
    )
    assert status == 1
    assert out == ""
    assert json.loads(report.read_text(encoding="utf-8"))
    log = json.loads(sarif_file.read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert sorted(p.name for p in report.parent.iterdir()) == ["credsweep.sarif", "report.json"]


@pytest.mark.parametrize(
    "argv",
    [
        ["scan", "/definitely/not/here"],
        ["scan", "--format", "xml"],
        ["scan", "--max-file-size", "0"],
        ["scan", "--jobs", "many"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, _, err = _run(capsys, *argv)
    assert status == 2
    assert err.strip()
    assert "Traceback" not in err


def test_rules_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "rules")
    assert status == 0
    for rule in load_catalogue():
        assert rule.id in out


def test_skips_are_reported_on_stderr_and_verbose(
    capsys: pytest.CaptureFixture[str], clean: Path
) -> None:
    (clean / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    status, out, err = _run(capsys, "scan", str(clean))
    assert status == 0
    assert "1 file was skipped" in err
    status, out, _ = _run(capsys, "scan", str(clean), "--verbose")
    assert "blob.bin: partial (binary)" in out


def test_files_as_arguments_like_pre_commit(
    capsys: pytest.CaptureFixture[str], leaky: Path
) -> None:
    status, out, _ = _run(capsys, "scan", str(leaky / "README.md"), "--quiet")
    assert status == 0
    status, out, _ = _run(
        capsys, "scan", str(leaky / "README.md"), str(leaky / "app" / "settings.py"), "--quiet"
    )
    assert status == 1
    assert "app/settings.py" in out


def test_a_named_file_git_ignores_is_scanned(
    capsys: pytest.CaptureFixture[str], leaky: Path
) -> None:
    """`credsweep scan .env` on an ignored .env must not say "0 findings in 0 files"."""
    subprocess.run(["git", "-C", str(leaky), "init", "-q"], check=True)
    (leaky / ".gitignore").write_text("app/\n", encoding="utf-8")
    status, out, _ = _run(capsys, "scan", str(leaky), "--quiet")
    assert status == 0
    status, out, _ = _run(capsys, "scan", str(leaky / "app" / "settings.py"), "--quiet")
    assert status == 1
    assert "app/settings.py" in out


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_verbose_lists_skips_on_stderr_for_machine_formats(
    capsys: pytest.CaptureFixture[str], clean: Path, fmt: str
) -> None:
    (clean / "blob.bin").write_bytes(b"\x00\x01\x02" * 100)
    status, out, err = _run(capsys, "scan", str(clean), "--format", fmt, "--verbose")
    assert status == 0
    assert "blob.bin: partial (binary)" in err
    assert "blob.bin: partial" not in out


def test_file_names_are_never_options(capsys: pytest.CaptureFixture[str], leaky: Path) -> None:
    # pre-commit passes staged names after the hook's entry, which ends with "--".
    (leaky / "--exclude=*").write_text("", encoding="utf-8")
    status, out, _ = _run(
        capsys,
        "scan",
        "--quiet",
        "--",
        str(leaky / "--exclude=*"),
        str(leaky / "app" / "settings.py"),
    )
    assert status == 1
    assert "app/settings.py" in out


def test_pre_commit_entry_ends_options() -> None:
    import yaml

    hooks = yaml.safe_load(
        (Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text()
    )
    (hook,) = hooks
    assert hook["entry"].split()[-1] == "--"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_summary_only_keeps_exit_status_and_sarif(
    capsys: pytest.CaptureFixture[str], leaky: Path, tmp_path: Path, fmt: str
) -> None:
    sarif_file = tmp_path / "s.sarif"
    status, out, _ = _run(
        capsys,
        "scan",
        str(leaky),
        "--summary-only",
        "--format",
        fmt,
        "--sarif-output",
        str(sarif_file),
        "--quiet",
    )
    assert status == 1
    assert sarif_file.is_file()
    if fmt == "json":
        assert json.loads(out)["staticKeys"] == 2
    else:
        assert out.startswith("Instance-role posture")


def test_summary_only_refuses_sarif(capsys: pytest.CaptureFixture[str], leaky: Path) -> None:
    status, _, err = _run(capsys, "scan", str(leaky), "--summary-only", "--format", "sarif")
    assert status == 2
    assert "--sarif-output" in err


def test_symlink_loop_as_a_path_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    status, _, err = _run(capsys, "scan", str(tmp_path / "loop"))
    assert status == 2
    assert "symbolic link loop" in err


def test_an_unwritable_report_path_fails_before_the_sweep(
    capsys: pytest.CaptureFixture[str], leaky: Path, tmp_path: Path
) -> None:
    status, out, err = _run(capsys, "scan", str(leaky), "--output", str(tmp_path / "no" / "r.txt"))
    assert status == 2
    assert out == ""
    assert "no such directory" in err


@pytest.mark.parametrize("flag", ["--output", "--sarif-output"])
def test_a_report_never_overwrites_a_file_named_for_scanning(
    capsys: pytest.CaptureFixture[str], leaky: Path, flag: str
) -> None:
    target = leaky / "app" / "settings.py"
    status, _, err = _run(capsys, "scan", str(target), flag, str(target))
    assert status == 2
    assert "one of the files to scan" in err
    assert target.read_text(encoding="utf-8") == LEAKY


@pytest.mark.parametrize("flag", ["--output", "--sarif-output"])
def test_a_report_never_overwrites_a_file_the_walk_reaches(
    capsys: pytest.CaptureFixture[str], leaky: Path, monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    monkeypatch.chdir(leaky)
    status, _, err = _run(capsys, "scan", ".", flag, "app/settings.py")
    assert status == 2
    assert "one of the files to scan" in err
    assert (leaky / "app" / "settings.py").read_text(encoding="utf-8") == LEAKY


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_an_earlier_report_inside_the_tree_is_replaced(
    capsys: pytest.CaptureFixture[str], leaky: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.chdir(leaky)
    argv = ["scan", ".", "--format", fmt, "--output", f"report.{fmt}", "-q"]
    assert _run(capsys, *argv)[0] == 1
    first = (leaky / f"report.{fmt}").read_text(encoding="utf-8")
    # The next run finds last run's report in the tree, and may replace it.
    assert _run(capsys, *argv)[0] == 1
    assert "aws-access-key-id" in first
    assert "aws-access-key-id" in (leaky / f"report.{fmt}").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("broken", "status", "said"),
    [
        # The key search is what every file is promised: its failure fails the gate.
        ("keys", 1, "key search failed on 1 file"),
        # Another pass's failure leaves the file partly scanned; the status is the findings'.
        ("python", 0, None),
    ],
)
def test_a_failed_key_search_makes_the_exit_status_one(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    clean: Path,
    broken: str,
    status: int,
    said: str | None,
) -> None:
    from scanner import engine

    passes = engine.file_passes()
    target = next(p for p in passes if p.name == broken)

    def fail(*args: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(target, "may_want", lambda path, raw: True)
    monkeypatch.setattr(target, "wants", lambda source: True)
    monkeypatch.setattr(target, "scan", fail)
    code, out, _ = _run(capsys, "scan", str(clean))
    assert code == status
    if said is None:
        assert "failed" not in out
    else:
        assert f"0 findings in 1 file ({said})" in out


def _break_the_key_search(monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner import engine

    keys = next(p for p in engine.file_passes() if p.name == "keys")

    def fail(*args: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(keys, "may_want", lambda path, raw: True)
    monkeypatch.setattr(keys, "wants", lambda source: True)
    monkeypatch.setattr(keys, "scan", fail)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["history"], "key search failed on 1 blob"),
        (["baseline", "create"], "the key search failed on 1 file: the baseline may miss keys"),
        (["scan", "--format", "sarif"], '"executionSuccessful": false'),
    ],
)
def test_a_failed_key_search_is_said_and_fails_every_command(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    clean: Path,
    argv: list[str],
    said: str,
) -> None:
    subprocess.run(["git", "-C", str(clean), "init", "-q"], check=True)
    subprocess.run(["git", "-C", str(clean), "add", "-A"], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(clean),
            "-c",
            "user.name=D",
            "-c",
            "user.email=d@example.invalid",
            "commit",
            "-qm",
            "c",
        ],
        check=True,
    )
    _break_the_key_search(monkeypatch)
    code, out, err = _run(capsys, *argv[:1], *argv[1:], str(clean))
    assert code == 1
    assert said in out + err


@pytest.mark.parametrize("quiet", [[], ["--quiet"]], ids=["plain", "quiet"])
def test_a_failed_key_search_is_named_on_stderr_for_machine_formats(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    clean: Path,
    quiet: list[str],
) -> None:
    # An error, not a warning: --quiet does not hide the reason for the exit status.
    _break_the_key_search(monkeypatch)
    code, out, err = _run(capsys, "scan", str(clean), "--format", "json", *quiet)
    assert (code, out.strip()) == (1, "[]")
    assert err.splitlines() == ["credsweep: the key search failed on 1 file; --verbose lists them"]
