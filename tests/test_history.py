from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scanner.cli import main

KEY_A = "AKIA3PQG6ATXEYQS3HXX"
SECRET_A = "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"
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


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "dev@example.invalid")
    _git(repo, "config", "user.name", "Dev")
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
