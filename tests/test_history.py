from __future__ import annotations

import codecs
import json
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scanner.cli import main

KEY_A = "AKIA3PQG6ATXEYQS3HXX"
SECRET_A = "tjeUxKBKICGg4fqcLbWZMeZrxH2/wXbiards13IW"
KEY_B = "AKIATTWUJNVJPX4Q6YO4"
KEY_C = "AKIAAKHOK6JK7JI2AI76"
SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)


def _git(repo: Path, *argv: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *argv], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _commit(repo: Path, message: str, files: dict[str, str | None]) -> str:
    for name, content in files.items():
        path = repo / name
        if content is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", message)
    return _git(repo, "rev-parse", "HEAD")


def _fresh_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "dev@example.invalid")
    _git(repo, "config", "user.name", "Dev")
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = _fresh_repo(tmp_path)
    _commit(repo, "start", {"app.py": "import os\n"})
    return repo


def _history(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    status = main(["history", *argv, "--format", "json", "--quiet"])
    return status, json.loads(capsys.readouterr().out)


def test_key_added_then_removed_is_reported_once_at_its_commit(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    leaky = f'import os\n\nKEY = "{KEY_A}"\nSECRET = "{SECRET_A}"\n'
    added = _commit(repo, "add key", {"app.py": leaky})
    _commit(repo, "touch", {"app.py": "# moved\n" + leaky, "other.py": f'K = "{KEY_A}"\n'})
    _commit(repo, "remove key", {"app.py": "import os\n", "other.py": None})

    status, records = _history(capsys, str(repo))
    assert status == 1
    found = sorted((r["rule_id"], r["file"], r["line"], r["properties"]["commit"]) for r in records)
    assert found == [
        ("aws-access-key-id", "app.py", 3, added),
        ("aws-secret-access-key", "app.py", 4, added),
    ]
    # The current tree is clean: a plain scan finds nothing.
    assert main(["scan", str(repo), "--quiet"]) == 0
    capsys.readouterr()


def test_since_and_branches(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    old = _commit(repo, "old key", {"old.py": f'K = "{KEY_A}"\n'})
    _commit(repo, "new key", {"new.py": f'K = "{KEY_B}"\n'})
    _git(repo, "checkout", "-qb", "side")
    _commit(repo, "side key", {"side.py": f'K = "{KEY_C}"\n'})
    _git(repo, "checkout", "-q", "main")

    def files(*argv: str) -> list[str]:
        return sorted(r["file"] for r in _history(capsys, str(repo), *argv)[1])

    assert files() == ["new.py", "old.py"]
    assert files("--since", old) == ["new.py"]
    assert files("--branches", "all") == ["new.py", "old.py", "side.py"]


def test_shallow_clone_scans_what_it_holds(
    capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path
) -> None:
    _commit(repo, "old key", {"old.py": f'K = "{KEY_A}"\n'})
    _commit(repo, "gone", {"old.py": None})
    _commit(repo, "current key", {"new.py": f'K = "{KEY_B}"\n'})
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True)
    status, records = _history(capsys, str(clone))
    assert status == 1
    assert [r["file"] for r in records] == ["new.py"]
    assert records[0]["properties"]["commit"] == _git(clone, "rev-parse", "HEAD")


def test_sarif_carries_commit_and_provenance(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    added = _commit(repo, "add key", {"app.py": f'KEY = "{KEY_A}"\n'})
    _git(repo, "remote", "add", "origin", "https://someone:ghp_token@example.invalid/org/r.git")
    status = main(["history", str(repo), "--format", "sarif", "--quiet"])
    out = capsys.readouterr().out
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA)
    (run,) = log["runs"]
    assert status == 1
    assert run["versionControlProvenance"] == [
        {"repositoryUri": "https://example.invalid/org/r.git", "revisionId": added}
    ]
    assert "ghp_token" not in out and KEY_A not in out
    (result,) = run["results"]
    assert result["properties"]["commit"] == added
    assert result["properties"]["commit_date"]


def test_text_names_the_commit(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    added = _commit(repo, "add key", {"cfg/app.env": f"AWS_ACCESS_KEY_ID={KEY_A}\n"})
    assert main(["history", str(repo), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "cfg/app.env:1:19: error aws-access-key-id" in out
    assert added[:12] in out
    assert KEY_A not in out


def test_history_applies_the_configuration(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    _commit(repo, "keys", {"a.py": f'K = "{KEY_A}"\n', "fixtures/b.py": f'K = "{KEY_B}"\n'})
    (repo / ".credsweep.toml").write_text('exclude = ["fixtures/"]\n', encoding="utf-8")
    assert [r["file"] for r in _history(capsys, str(repo))[1]] == ["a.py"]
    assert _history(capsys, str(repo), "--ignore", "aws-access-key-id") == (0, [])


def test_history_outside_git_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["history", str(tmp_path)]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


def _secret_assignment_files() -> dict[str, str]:
    storage = Path(__file__).parents[1] / "fixtures" / "sample-webapp" / "app" / "storage.py"
    return {"app/storage.py": storage.read_text(encoding="utf-8")}


TEMPORARY = "ASIAQ2XNDK7MRV4TZE5B"
SECRET_B = "q8Lr2VnXw/3TzKd+9HbYc4MpJf6GsAe1Uo7Ni0Ql"
# Trees where the key pass and the Python pass both see the same literal.
AGREEMENT_TREES = {
    "sample-webapp-storage": _secret_assignment_files(),
    "keyword-arguments": {
        "s.py": f"import boto3\nboto3.client('s3', aws_access_key_id='{KEY_A}',\n"
        f"    aws_secret_access_key=r'{SECRET_B}')\n",
    },
    "temporary-key-through-a-name": {
        "s.py": f'import boto3\nK = "{TEMPORARY}"\nS = "{SECRET_A}"\n'
        "boto3.Session(aws_access_key_id=K, aws_secret_access_key=S)\n",
    },
    "environment-fallback": {
        "s.py": "import os, boto3\nboto3.client('s3',\n"
        f"    aws_secret_access_key=os.environ.get('AWS_SECRET', '{SECRET_A}'))\n",
    },
    "triple-quoted": {
        "s.py": f'import boto3\nS = """\n{SECRET_B}"""\nboto3.client("s3", '
        f'aws_access_key_id="{KEY_B}", aws_secret_access_key=S.strip())\n',
    },
    "positional-credentials": {
        "s.py": "from botocore.credentials import Credentials\n"
        f'Credentials("{KEY_C}", "{SECRET_A}")\n',
    },
}


@pytest.mark.parametrize("files", AGREEMENT_TREES.values(), ids=AGREEMENT_TREES)
def test_scan_and_history_agree_on_a_single_commit_tree(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, files: dict[str, str]
) -> None:
    repo = _fresh_repo(tmp_path)
    _commit(repo, "only", files)
    argv = ["--format", "json", "--quiet", "--fail-on", "error"]

    def seen(command: str) -> tuple[int, list[tuple[Any, ...]]]:
        status = main([command, str(repo), *argv])
        records = json.loads(capsys.readouterr().out)
        fields = ("rule_id", "level", "file", "line", "column", "end_column", "message")
        return status, sorted(tuple(r[f] for f in fields) for r in records)

    scanned, history = seen("scan"), seen("history")
    assert scanned[1], "the tree must hold findings for the comparison to mean anything"
    assert history == scanned
    leaked = [r for r in scanned[1] if r[0] == "aws-secret-access-key"]
    assert leaked and all(r[1] == "error" for r in leaked)


def test_history_keeps_the_finding_scan_keeps_when_passes_disagree_on_the_column(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, repo: Path
) -> None:
    """A later pass's duplicate that sorts first (a lower column) must lose in both."""
    import scanner.engine
    import scanner.history
    from scanner.models import PassResult, Region

    real = scanner.engine.run_passes

    def with_a_later_duplicate(*args: Any, **kwargs: Any) -> PassResult:
        result = real(*args, **kwargs)
        echoes = [
            replace(f, region=Region(f.region.start_line, 1), message="a later pass's echo")
            for f in result.findings
        ]
        return replace(result, findings=(*result.findings, *echoes))

    monkeypatch.setattr(scanner.engine, "run_passes", with_a_later_duplicate)
    monkeypatch.setattr(scanner.history, "run_passes", with_a_later_duplicate)
    _commit(repo, "key", {"app.py": f'KEY = "{KEY_A}"\n'})
    scanned = main(["scan", str(repo), "--format", "json", "--quiet"])
    scan_records = json.loads(capsys.readouterr().out)
    status, history_records = _history(capsys, str(repo))
    assert (scanned, status) == (1, 1)
    assert [r["column"] for r in scan_records] == [8]
    assert scan_records[0]["message"] != "a later pass's echo"
    assert [(r["column"], r["message"]) for r in history_records] == [
        (r["column"], r["message"]) for r in scan_records
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([f'K = "{KEY_A}"'], "1 finding in history (1 commit, 1 blob scanned)"),
        (
            [f'K = "{KEY_A}"', f'K = "{KEY_B}"'],
            "2 findings in history (2 commits, 2 blobs scanned)",
        ),
        (
            [f'K = "{KEY_A}"', f'K = "{KEY_B}"  # credsweep: ignore', f'K = "{KEY_C}"'],
            "2 findings in history (3 commits, 3 blobs scanned, 1 suppressed)",
        ),
    ],
)
def test_text_summary_counts_in_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lines: list[str], expected: str
) -> None:
    repo = _fresh_repo(tmp_path)
    for number, line in enumerate(lines):
        _commit(repo, f"key {number}", {f"k{number}.py": f"{line}\n"})
    assert main(["history", str(repo), "--quiet"]) == 1
    assert capsys.readouterr().out.rstrip().endswith(expected)


@pytest.mark.parametrize(
    ("remote", "provenance"),
    [
        (
            "https://AKIAQUMPMHS6PJARB7LM:3rNup7RhtF4zCwbE6d+WX8i/abc@example.invalid/r",
            [{"repositoryUri": "https://example.invalid/r"}],
        ),
        ("https://example.invalid:not-a-port/r", None),
        ("../not-a-url", None),
    ],
)
def test_sarif_with_an_odd_origin_url_neither_fails_nor_leaks(
    capsys: pytest.CaptureFixture[str], repo: Path, remote: str, provenance: Any
) -> None:
    _git(repo, "remote", "add", "origin", remote)
    status = main(["history", str(repo), "--format", "sarif", "--verbose"])
    captured = capsys.readouterr()
    log = json.loads(captured.out)
    jsonschema.validate(log, SCHEMA)
    (run,) = log["runs"]
    assert status == 0
    if provenance is not None:
        provenance[0]["revisionId"] = _git(repo, "rev-parse", "HEAD")
    assert run.get("versionControlProvenance") == provenance
    for part in ("3rNup7", "WX8i", "abc@", "AKIAQUMPMHS6PJARB7LM"):
        assert part not in captured.out + captured.err


def test_a_key_in_a_binary_blob_is_found_as_scan_finds_it(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """A NUL byte at the top of a file hides nothing, in history as in the tree."""
    (repo / "blob.bin").write_bytes(b"\x00\x01" * 50 + f"\nk={KEY_B}\n".encode())
    added = _commit(repo, "add blob", {})

    status, records = _history(capsys, str(repo))
    assert status == 1
    assert [(r["rule_id"], r["file"], r["properties"]["commit"]) for r in records] == [
        ("aws-access-key-id", "blob.bin", added)
    ]
    assert main(["scan", str(repo), "--quiet", "--format", "json"]) == 1
    capsys.readouterr()


BYTE_TREES = {
    "wide-text-then-ascii": (
        "mixed.env",
        codecs.BOM_UTF16_LE
        + ("# notes\n" * 1200).encode("utf-16-le")
        + f"AWS_ACCESS_KEY_ID={KEY_A}\n".encode(),
    ),
    "binary-with-a-suppressed-key": (
        "dump.bin",
        b"\x00\x01" + f"k = {KEY_B}  # credsweep: ignore[aws-access-key-id]\n{KEY_C}\n".encode(),
    ),
}


@pytest.mark.parametrize(("name", "data"), BYTE_TREES.values(), ids=BYTE_TREES)
def test_scan_and_history_agree_on_keys_found_byte_for_byte(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, data: bytes
) -> None:
    repo = _fresh_repo(tmp_path)
    (repo / name).write_bytes(data)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "only")
    argv = ["--format", "json", "--quiet"]

    def seen(command: str) -> list[tuple[Any, ...]]:
        main([command, str(repo), *argv])
        records = json.loads(capsys.readouterr().out)
        fields = ("rule_id", "file", "line", "column", "suppressed")
        return sorted(tuple(r.get(f) for f in fields) for r in records)

    scanned = seen("scan")
    assert scanned
    assert seen("history") == scanned


def test_a_mixed_encoding_blob_is_noted_as_scan_notes_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    repo = _fresh_repo(tmp_path)
    name, data = BYTE_TREES["wide-text-then-ascii"]
    (repo / name).write_bytes(data)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "only")

    def reasons(command: str) -> list[str]:
        main([command, str(repo), "--format", "sarif", "--quiet"])
        run = json.loads(capsys.readouterr().out)["runs"][0]
        notes = run["invocations"][0].get("toolExecutionNotifications", [])
        return [note["descriptor"]["id"] for note in notes]

    assert reasons("scan") == ["mixed-encoding"]
    assert reasons("history") == ["mixed-encoding"]
