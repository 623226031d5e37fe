from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scanner import git_history


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("https://github.com/org/repo.git", "https://github.com/org/repo.git"),
        ("https://user:ghp_secret@github.com/org/repo", "https://github.com/org/repo"),
        (
            "https://x-access-token:t0k3n@example.invalid:8443/a/b?x=1#f",
            "https://example.invalid:8443/a/b",
        ),
        ("git@github.com:org/repo.git", "ssh://github.com/org/repo.git"),
        ("ssh://git@example.invalid/org/repo.git", "ssh://example.invalid/org/repo.git"),
    ],
)
def test_repository_uri_never_carries_credentials(repo: Path, remote: str, expected: str) -> None:
    subprocess.run(["git", "-C", str(repo), "remote", "add", "origin", remote], check=True)
    assert git_history.repository_uri(repo) == expected


_PASSWORD = "3rNup7RhtF4zCwbE6d+WX8i/abc"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            f"https://AKIAQUMPMHS6PJARB7LM:{_PASSWORD}@example.invalid/r",
            "https://example.invalid/r",
        ),
        ("https://u:p@ss:w/rd@example.invalid:8443/r", "https://example.invalid:8443/r"),
        ("https://u:a:b:c@example.invalid/r", "https://example.invalid/r"),
        ("https://u:p?w#d@example.invalid/r?token=x", "https://example.invalid/r"),
        ("https://example.invalid:99999999/r", None),
        ("https://example.invalid:port/r", None),
        ("https://[::1]:8080/r", "https://[::1]:8080/r"),
        ("ssh://git@example.invalid/org/r.git", "ssh://example.invalid/org/r.git"),
        ("git@example.invalid:org/r.git", "ssh://example.invalid/org/r.git"),
        ("git@example.invalid:/srv/r.git", "ssh://example.invalid/srv/r.git"),
        ("u:p@ss@example.invalid:org/r.git", "ssh://example.invalid/org/r.git"),
        ("file:///srv/r.git", "file:///srv/r.git"),
        ("/srv/r.git", None),
        ("../sibling", None),
        ("example.invalid/org/r", None),
        ("https://", None),
        ("://example.invalid/r", None),
        ("ht tp://example.invalid/r", None),
        ("1https://example.invalid/r", None),
        ("https://exa mple.invalid/r", None),
        ("https://example.invalid/\x00", None),
        ("@@@:::///", None),
        ("", None),
    ],
)
def test_scrub_remote_url_never_fails_nor_keeps_user_information(
    url: str, expected: str | None
) -> None:
    scrubbed = git_history.scrub_remote_url(url)
    assert scrubbed == expected
    for secret in (_PASSWORD, "AKIAQUMPMHS6PJARB7LM", "p@ss", "token"):
        assert secret not in (scrubbed or "")


def test_repository_uri_without_a_remote_is_the_directory(repo: Path) -> None:
    assert git_history.repository_uri(repo) == repo.resolve().as_uri()


def test_blob_reader_returns_content_or_size(repo: Path) -> None:
    blob = (
        subprocess.run(
            ["git", "-C", str(repo), "hash-object", "-w", "--stdin"],
            input=b"hello\x00world\n",
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    with git_history.BlobReader(repo) as reader:
        assert reader.read(blob, max_size=100) == b"hello\x00world\n"
        assert reader.read(blob, max_size=5) == 12
        assert reader.read(blob, max_size=100) == b"hello\x00world\n"
