from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from scanner import baseline
from scanner.baseline import Entry
from scanner.cli import main
from scanner.errors import ConfigError
from scanner.models import Finding, Level, Region

KEY_A = "AKIA3PQG6ATXEYQS3HXX"
SECRET_A = "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"
KEY_B = "AKIAF74JEL6GKK3M4AXK"
SECRET_B = "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"
KEY_C = "AKIAAKHOK6JK7JI2AI76"


def _finding(path: str, identity: str, rule: str = "aws-access-key-id") -> Finding:
    return Finding(rule, path, Region(3), "m", identity)


def test_render_is_sorted_one_entry_per_line_and_valid_json() -> None:
    entries = [
        Entry("b.py", "r", "2" * 64),
        Entry("a.py", "r", "1" * 64),
        Entry("a.py", "r", "1" * 64),
    ]
    text = baseline.render(entries)
    lines = text.splitlines()
    assert lines[0] == '[{"credsweep-baseline": 1}'
    assert lines[-1] == "]"
    assert [line[0] for line in lines[1:-1]] == [",", ","]
    assert "a.py" in lines[1] and "b.py" in lines[2]
    assert json.loads(text)[1] == {"rule": "r", "file": "a.py", "identity": "1" * 64}
    assert baseline.render(reversed(entries)) == text


def test_round_trip(tmp_path: Path) -> None:
    entries = {Entry("a.py", "aws-access-key-id", "1" * 64), Entry("b/c.tf", "x", "2" * 64)}
    path = tmp_path / "b.json"
    baseline.write(path, entries)
    assert baseline.load(path) == entries
    empty = tmp_path / "e.json"
    baseline.write(empty, [])
    assert baseline.load(empty) == frozenset()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such baseline"),
        ("{", "not a credsweep baseline"),
        ("[]", "not a credsweep baseline"),
        ('[{"credsweep-baseline": 2}\n]', "not a credsweep baseline"),
        ('[{"credsweep-baseline": 1}\n,{"rule": "r"}\n]', "exactly rule, file and identity"),
        ('[{"credsweep-baseline": 1}\n,{"rule": 1, "file": "f", "identity": "i"}\n]', "strings"),
        (
            '[{"credsweep-baseline": 1}\n'
            ',{"rule": "r", "file": "f", "identity": "i", "level": "x"}\n]',
            "level must be one of",
        ),
    ],
)
def test_load_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        baseline.load(path)


def test_mark_and_update() -> None:
    old = _finding("a.py", "1" * 64)
    new = _finding("a.py", "2" * 64)
    suppressed = Finding("r", "a.py", Region(4), "m", "3" * 64, suppressed_by="x")
    gone = Entry("gone.py", "aws-access-key-id", "9" * 64)
    held = frozenset({baseline.entry_of(old), gone})
    marked = baseline.mark([old, new], held)
    assert [f.baseline_state for f in marked] == ["unchanged", "new"]
    assert baseline.entries_of([old, new, suppressed]) == {
        baseline.entry_of(old),
        baseline.entry_of(new),
    }
    outcome = baseline.update(held, [old, new])
    assert outcome.kept == {baseline.entry_of(old)}
    assert outcome.dropped == {gone}
    assert outcome.not_added == {baseline.entry_of(new)}


@pytest.mark.parametrize(
    ("accepted", "now", "state"),
    [
        ("warning", Level.WARNING, "unchanged"),
        ("warning", Level.ERROR, "new"),  # an instance without a role tagged Tier=Web since
        ("error", Level.WARNING, "unchanged"),
        ("", Level.ERROR, "unchanged"),  # written before levels were recorded: any level
    ],
)
def test_a_finding_raised_above_its_accepted_level_is_new(
    accepted: str, now: Level, state: str
) -> None:
    finding = replace(_finding("main.tf", "1" * 64, "ec2-instance-without-role"), level=now)
    held = frozenset({Entry("main.tf", "ec2-instance-without-role", "1" * 64, accepted)})
    assert [f.baseline_state for f in baseline.mark([finding], held)] == [state]
    # An update keeps the level the finding was accepted at.
    assert {e.level for e in baseline.update(held, [finding]).kept} == {accepted}


@pytest.mark.parametrize(
    ("levels", "accepted"),
    [
        (["warning", "error"], "error"),
        (["error", "warning"], "error"),
        (["warning", ""], ""),
        (["", "error"], ""),
    ],
)
def test_an_entry_accepted_twice_holds_its_wider_acceptance_in_any_order(
    tmp_path: Path, levels: list[str], accepted: str
) -> None:
    # What `merge=union` makes of two branches that accepted the finding at two levels.
    lines = [json.dumps({"credsweep-baseline": 1})]
    for level in levels:
        record = {"rule": "r", "file": "main.tf", "identity": "1" * 64}
        lines.append(json.dumps({**record, "level": level} if level else record))
    path = tmp_path / "b.json"
    path.write_text("[" + "\n,".join(lines) + "\n]\n", encoding="utf-8")
    assert [e.level for e in baseline.load(path)] == [accepted]


def test_update_counts_a_raised_finding_as_not_added() -> None:
    finding = replace(_finding("main.tf", "1" * 64, "r"), level=Level.ERROR)
    held = frozenset({Entry("main.tf", "r", "1" * 64, "warning")})
    outcome = baseline.update(held, [finding])
    assert [e.level for e in outcome.not_added] == ["error"]
    assert [e.level for e in outcome.kept] == ["warning"]


def test_entries_record_and_read_back_their_level(tmp_path: Path) -> None:
    finding = replace(_finding("a.py", "1" * 64), level=Level.ERROR)
    path = tmp_path / "b.json"
    baseline.write(path, [baseline.entry_of(finding)])
    assert '"level": "error"' in path.read_text(encoding="utf-8")
    assert {e.level for e in baseline.load(path)} == {"error"}


def _settings(key: str = KEY_A, secret: str = SECRET_A) -> str:
    return f'import os\n\nAWS_ACCESS_KEY_ID = "{key}"\nAWS_SECRET_ACCESS_KEY = "{secret}"\n'


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# Each edit is applied to a tree whose baseline was made from `_settings()`.
@pytest.mark.parametrize(
    ("edited", "status", "new_lines"),
    [
        (_settings(), 0, []),
        # Moved down by other edits.
        ("# header\n" * 30 + _settings() + "x = 1\n", 0, []),
        # Reformatted: other quotes, spacing, a wrapped assignment.
        (
            f"import os\nAWS_ACCESS_KEY_ID='{KEY_A}'\n"
            f"AWS_SECRET_ACCESS_KEY = (\n    '{SECRET_A}'\n)\n",
            0,
            [],
        ),
        # A new secret on the old line is new, although nothing else moved.
        (_settings(secret=SECRET_B), 1, [4]),
        (_settings(key=KEY_B, secret=SECRET_B), 1, [3, 4]),
    ],
)
def test_scan_against_a_baseline(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    edited: str,
    status: int,
    new_lines: list[int],
) -> None:
    source = tmp_path / "settings.py"
    source.write_text(_settings(), encoding="utf-8")
    assert _run(capsys, "baseline", "create", str(tmp_path), "--quiet")[0] == 0
    stored = (tmp_path / ".credsweep-baseline.json").read_bytes()
    assert KEY_A.encode() not in stored and SECRET_A.encode() not in stored

    source.write_text(edited, encoding="utf-8")
    baseline_file = str(tmp_path / ".credsweep-baseline.json")
    code, out, _ = _run(
        capsys, "scan", str(tmp_path), "--baseline", baseline_file, "--format", "json", "--quiet"
    )
    records = json.loads(out)
    assert code == status
    assert sorted(r["line"] for r in records if r["baseline_state"] == "new") == new_lines
    assert {r["baseline_state"] for r in records} <= {"new", "unchanged"}
    if status == 0:
        # The same findings give the same bytes: re-creating the baseline changes nothing.
        _run(capsys, "baseline", "create", str(tmp_path), "--quiet")
        assert (tmp_path / ".credsweep-baseline.json").read_bytes() == stored


def test_text_shows_only_new_findings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(_settings(), encoding="utf-8")
    _run(capsys, "baseline", "create", str(tmp_path), "--quiet")
    (tmp_path / "new.py").write_text(f'KEY = "{KEY_C}"\n', encoding="utf-8")
    code, out, _ = _run(
        capsys,
        "scan",
        str(tmp_path),
        "--quiet",
        "--baseline",
        str(tmp_path / ".credsweep-baseline.json"),
    )
    assert code == 1
    assert "new.py:1:" in out
    assert "settings.py:" not in out
    assert "2 known findings in the baseline not shown" in out


def test_baseline_update_drops_gone_and_adds_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "settings.py"
    source.write_text(_settings(), encoding="utf-8")
    _run(capsys, "baseline", "create", str(tmp_path))
    source.write_text(
        f'import os\nAWS_ACCESS_KEY_ID = "{KEY_A}"\nNEW = "{KEY_C}"\n', encoding="utf-8"
    )
    code, _, err = _run(capsys, "baseline", "update", str(tmp_path))
    assert code == 0
    assert "kept 1, dropped 1" in err and "1 new finding not added" in err
    entries = baseline.load(tmp_path / ".credsweep-baseline.json")
    assert [e.rule for e in entries] == ["aws-access-key-id"]
    assert (
        _run(
            capsys,
            "scan",
            str(tmp_path),
            "--quiet",
            "--baseline",
            str(tmp_path / ".credsweep-baseline.json"),
        )[0]
        == 1
    )


def test_baseline_named_in_the_config_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / ".credsweep.toml").write_text('baseline = "ci/accepted.json"\n', encoding="utf-8")
    (tmp_path / "ci").mkdir()
    (tmp_path / "settings.py").write_text(_settings(), encoding="utf-8")
    assert _run(capsys, "scan", str(tmp_path), "--quiet")[0] == 2
    _run(capsys, "baseline", "create", str(tmp_path), "--quiet")
    assert (tmp_path / "ci" / "accepted.json").is_file()
    assert _run(capsys, "scan", str(tmp_path), "--quiet")[0] == 0


def _git(repo: Path, *argv: str) -> str:
    completed = subprocess.run(
        ["git", "-C", str(repo), *argv], capture_output=True, text=True, check=True
    )
    return completed.stdout


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "dev@example.invalid")
    _git(repo, "config", "user.name", "Dev")
    _git(repo, "config", "commit.gpgsign", "false")
    return repo


@pytest.mark.parametrize(
    ("left", "right", "union"),
    [
        # Far apart in sort order: git's own merge is clean.
        ("aaa.py", "zzz.py", False),
        # Next to each other: clean with the documented `merge=union` attribute.
        ("mmm1.py", "mmm2.py", True),
    ],
)
def test_two_branches_adding_entries_merge_cleanly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, left: str, right: str, union: bool
) -> None:
    repo = _repo(tmp_path)
    if union:
        (repo / ".gitattributes").write_text(".credsweep-baseline.json merge=union\n")
    (repo / "settings.py").write_text(_settings(), encoding="utf-8")
    (repo / "mmm0.py").write_text(f'K = "{KEY_B}"\n', encoding="utf-8")
    _run(capsys, "baseline", "create", str(repo), "--quiet")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "baseline")
    for branch, name in (("left", left), ("right", right)):
        _git(repo, "checkout", "-qb", branch, "main")
        (repo / name).write_text(f'K = "{KEY_C}"\n', encoding="utf-8")
        _run(capsys, "baseline", "create", str(repo), "--quiet")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", f"accept {name}")
    _git(repo, "checkout", "-q", "left")
    _git(repo, "merge", "-q", "--no-edit", "right")

    merged = baseline.load(repo / ".credsweep-baseline.json")
    assert {e.file for e in merged} == {"settings.py", "mmm0.py", left, right}
    assert _run(capsys, "scan", str(repo), "--quiet")[0] == 1
    assert (
        _run(
            capsys,
            "scan",
            str(repo),
            "--quiet",
            "--baseline",
            str(repo / ".credsweep-baseline.json"),
        )[0]
        == 0
    )


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, "wrote 0 entries to"),
        ({"a.py": f'KEY = "{KEY_A}"\n'}, "wrote 1 entry to"),
        ({"a.py": f'KEY = "{KEY_A}"\n', "b.py": f'KEY = "{KEY_B}"\n'}, "wrote 2 entries to"),
    ],
)
def test_baseline_create_counts_in_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    code, _, err = _run(capsys, "baseline", "create", str(tmp_path))
    assert code == 0
    assert expected in err


@pytest.mark.parametrize(
    ("written", "file"),
    [
        ('"undecod\\\\xff.py"', "undecod\\xff.py"),
        # Written by an older version: a lone-surrogate escape reads as the same entry.
        ('"undecod\\udcff.py"', "undecod\\xff.py"),
        ('"caf\\u00e9.py"', "café.py"),
    ],
)
def test_undecodable_names_load_as_they_are_written_now(
    tmp_path: Path, written: str, file: str
) -> None:
    path = tmp_path / "b.json"
    path.write_text(
        '[{"credsweep-baseline": 1}\n,{"rule": "r", "file": ' + written + ', "identity": "d"}\n]\n',
        encoding="utf-8",
    )
    assert baseline.load(path) == frozenset({Entry(file=file, rule="r", identity="d")})
    finding = Finding(
        "r", os.fsdecode(file.encode().replace(b"\\xff", b"\xff")), Region(1), "m", "d"
    )
    assert baseline.entry_of(finding) in baseline.load(path)
