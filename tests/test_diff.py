from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.cli import main
from scanner.diff import AddedLines, parse_patch
from scanner.models import Finding, Region

KEY_A = "AKIA3PQG6ATXEYQS3HXX"
KEY_B = "AKIATTWUJNVJPX4Q6YO4"


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        (b"", {}),
        (
            b"diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -3 +3 @@\n-a\n+b\n"
            b"@@ -10,0 +11,2 @@\n+c\n+d\n",
            {"x.py": frozenset({3, 11, 12})},
        ),
        # Pure deletions add nothing; a deleted file has no target.
        (b"--- a/x.py\n+++ b/x.py\n@@ -4,2 +3,0 @@\n-a\n-b\n", {}),
        (b"--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n", {}),
        (
            b"--- /dev/null\n+++ b/new dir/n.py\n@@ -0,0 +1,2 @@\n+a\n+b\n",
            {"new dir/n.py": frozenset({1, 2})},
        ),
        # Names git quotes: tabs, quotes, backslashes and octal bytes.
        (
            b'--- a/x\n+++ "b/t\\tab \\"q\\" \\\\ caf\\303\\251.py"\n@@ -0,0 +1 @@\n+a\n',
            {'t\tab "q" \\ café.py': frozenset({1})},
        ),
        # A hunk line that merely looks like a header inside content is not one.
        (b"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-+++ b/y\n++++ b/z\n", {"x": frozenset({1})}),
        # An added line "++ b/keys.txt" reads "+++ b/keys.txt": counted off against its hunk,
        # it stays content, and the next hunk's lines are still the document's.
        (
            b"--- a/doc.txt\n+++ b/doc.txt\n@@ -0,0 +1 @@\n+++ b/keys.txt\n"
            b"@@ -4 +5 @@\n-old\n+new\n",
            {"doc.txt": frozenset({1, 5})},
        ),
        (
            b"--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n"
            b"+++ b/y\n\\ No newline at end of file\n--- a/z\n+++ b/z\n@@ -0,0 +1 @@\n+z\n",
            {"x": frozenset({1, 2}), "z": frozenset({1})},
        ),
    ],
)
def test_parse_patch(patch: bytes, expected: dict[str, frozenset[int]]) -> None:
    assert parse_patch(patch) == expected


def _finding(path: str, start: int, end: int = 0) -> Finding:
    return Finding("aws-access-key-id", path, Region(start, 1, end, 2), "m", "i" * 64)


def test_added_lines_cover_findings_touching_them() -> None:
    added = AddedLines({"a.py": frozenset({5})}, frozenset({"new.py"}))
    findings = [
        _finding("a.py", 5),
        _finding("a.py", 4, 6),
        _finding("a.py", 6),
        _finding("b.py", 5),
        _finding("new.py", 40),
    ]
    assert [(f.path, f.region.start_line) for f in findings if added.covers(f)] == [
        ("a.py", 5),
        ("a.py", 4),
        ("new.py", 40),
    ]


def _git(repo: Path, *argv: str) -> None:
    subprocess.run(["git", "-C", str(repo), *argv], capture_output=True, check=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "user.email", "dev@example.invalid")
    _git(repo, "config", "user.name", "Dev")
    (repo / "old.py").write_text(f'import os\nOLD = "{KEY_A}"\n', encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "old key")
    return repo


def _scan_diff(
    capsys: pytest.CaptureFixture[str], repo: Path, ref: str
) -> tuple[int, list[tuple[str, int]]]:
    status = main(["scan", str(repo), "--diff", ref, "--format", "json", "--quiet"])
    out = capsys.readouterr().out
    return status, [(r["file"], r["line"]) for r in json.loads(out)] if out else []


def test_diff_reports_only_added_lines(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    _git(repo, "checkout", "-qb", "feature")
    (repo / "old.py").write_text(f'import os\nOLD = "{KEY_A}"\nNEW = "{KEY_B}"\n', encoding="utf-8")
    _git(repo, "commit", "-qam", "new key")
    (repo / "untracked.py").write_text(f'X = "{KEY_B}"\n', encoding="utf-8")
    assert _scan_diff(capsys, repo, "main") == (1, [("old.py", 3), ("untracked.py", 1)])
    # Unchanged since REF: nothing to report, exit 0.
    (repo / "untracked.py").unlink()
    assert _scan_diff(capsys, repo, "HEAD") == (0, [])


def test_diff_counts_from_the_merge_base(capsys: pytest.CaptureFixture[str], repo: Path) -> None:
    _git(repo, "checkout", "-qb", "feature")
    (repo / "feature.py").write_text("x = 1\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "feature work")
    _git(repo, "checkout", "-q", "main")
    (repo / "main_only.py").write_text(f'M = "{KEY_B}"\n', encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "main moves on")
    _git(repo, "checkout", "-q", "feature")
    # main's new key is not the branch's doing, and the branch's tree lacks it anyway.
    assert _scan_diff(capsys, repo, "main") == (0, [])


@pytest.mark.parametrize("ref", ["no-such-ref", "--output=x"])
def test_bad_ref_is_a_usage_error(capsys: pytest.CaptureFixture[str], repo: Path, ref: str) -> None:
    assert main(["scan", str(repo), f"--diff={ref}", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"--diff {ref!r}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("ref", ["HEAD", "main", "no-such-ref"])
def test_diff_outside_git_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ref: str
) -> None:
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    assert main(["scan", str(tmp_path), "--diff", ref, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "is not a git repository" in err
    assert "no such commit" not in err


# Changes that create a finding off their added lines, and changes that must stay quiet.

KEY_C = "AKIADGE2RRE2EV57FMWB"
WITHOUT_ROLE = "ec2-instance-without-role"
KEY_RULE = "aws-access-key-id"

TF_INSTANCE = """resource "aws_instance" "web" {
  ami                  = "ami-0abcdef1234567890"
  iam_instance_profile = aws_iam_instance_profile.web.name
  tags                 = { Tier = "Web" }
}
"""
TF_INSTANCE_WITHOUT_PROFILE = TF_INSTANCE.replace(
    "  iam_instance_profile = aws_iam_instance_profile.web.name\n", ""
)
TF_PROFILE = """resource "aws_iam_instance_profile" "web" {
  role = aws_iam_role.web.name
}
"""
TF_FROM_TEMPLATE = """resource "aws_instance" "web" {
  launch_template {
    id = aws_launch_template.web.id
  }
  tags = { Tier = "Web" }
}
"""
TF_TEMPLATE = """resource "aws_launch_template" "web" {
  image_id = "ami-0abcdef1234567890"
  iam_instance_profile {
    name = aws_iam_instance_profile.web.name
  }
}
"""
TF_TEMPLATE_WITHOUT_PROFILE = """resource "aws_launch_template" "web" {
  image_id = "ami-0abcdef1234567890"
}
"""
CFN = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  WebProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref WebRole]
  WebServer:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      IamInstanceProfile: !Ref WebProfile
      Tags:
        - Key: Tier
          Value: Web
"""
CFN_WITHOUT_PROFILE = CFN.replace("      IamInstanceProfile: !Ref WebProfile\n", "")
ODD = 'odd\nname\t"q" café.py'
BINARY = b"\x00\x01\x02head\n" + KEY_A.encode() + b"\n\x00tail\n"

# An operation on the feature branch: ("write", path, content), ("delete", path) or
# ("rename", old, new); everything is committed.
Operation = tuple[str, ...] | tuple[str, str, str | bytes]

SCENARIOS = [
    pytest.param(
        {"infra/main.tf": TF_INSTANCE, "infra/iam.tf": TF_PROFILE},
        [
            ("write", "infra/main.tf", TF_INSTANCE_WITHOUT_PROFILE),
            ("write", "infra/iam.tf", "# the web tier's profile\n" + TF_PROFILE),
        ],
        [("infra/main.tf", 1, WITHOUT_ROLE)],
        id="terraform-profile-removed",
    ),
    pytest.param(
        {"infra/main.tf": TF_FROM_TEMPLATE, "infra/template.tf": TF_TEMPLATE},
        [("write", "infra/template.tf", TF_TEMPLATE_WITHOUT_PROFILE)],
        [("infra/main.tf", 1, WITHOUT_ROLE), ("infra/template.tf", 1, WITHOUT_ROLE)],
        id="terraform-profile-removed-in-the-other-file-of-the-module",
    ),
    pytest.param(
        {"stack.yaml": CFN},
        [("write", "stack.yaml", CFN_WITHOUT_PROFILE)],
        [("stack.yaml", 7, WITHOUT_ROLE)],
        id="cloudformation-profile-removed",
    ),
    pytest.param(
        {"infra/main.tf": TF_INSTANCE_WITHOUT_PROFILE, "app.py": f'KEY = "{KEY_A}"\n'},
        [
            ("write", "infra/main.tf", TF_PROFILE + "\n" + TF_INSTANCE_WITHOUT_PROFILE),
            ("write", "app.py", f'import os\n\nKEY = "{KEY_A}"\n'),
        ],
        [],
        id="moved-but-unchanged",
    ),
    pytest.param(
        {"infra/main.tf": TF_PROFILE + "\n" + TF_INSTANCE_WITHOUT_PROFILE},
        [
            ("write", "infra/main.tf", TF_PROFILE),
            ("write", "infra/web.tf", TF_INSTANCE_WITHOUT_PROFILE),
        ],
        [],
        id="terraform-resource-moved-to-a-new-file-of-its-module",
    ),
    pytest.param(
        {"infra/main.tf": TF_PROFILE + "\n" + TF_INSTANCE_WITHOUT_PROFILE},
        [
            ("write", "infra/main.tf", TF_PROFILE),
            ("write", "other/web.tf", TF_INSTANCE_WITHOUT_PROFILE),
        ],
        [("other/web.tf", 1, WITHOUT_ROLE)],
        id="terraform-resource-moved-to-another-module",
    ),
    pytest.param(
        {"infra/main.tf": TF_INSTANCE_WITHOUT_PROFILE.replace("Web", "Batch")},
        [("write", "infra/main.tf", "# now serves the site\n" + TF_INSTANCE_WITHOUT_PROFILE)],
        [("infra/main.tf", 2, WITHOUT_ROLE)],
        id="a-known-finding-raised-to-error-by-the-web-tag-is-new",
    ),
    pytest.param(
        {"infra/main.tf": TF_INSTANCE_WITHOUT_PROFILE},
        [
            (
                "write",
                "infra/main.tf",
                "# retired\n" + TF_INSTANCE_WITHOUT_PROFILE.replace("Web", "Batch"),
            )
        ],
        [],
        id="a-known-finding-lowered-to-warning-is-not",
    ),
    pytest.param(
        {"infra/main.tf": f'locals {{\n  key = "{KEY_A}"\n}}\n'},
        [("write", "infra/extra.tf", f'locals {{\n  copy = "{KEY_A}"\n}}\n')],
        [("infra/extra.tf", 2, KEY_RULE)],
        id="a-key-copied-to-another-file-of-the-module-is-new",
    ),
    pytest.param(
        {"old.py": f'import os\nOLD = "{KEY_A}"\n', "stack.yaml": CFN_WITHOUT_PROFILE},
        [
            ("rename", "old.py", "lib/renamed.py"),
            ("rename", "stack.yaml", "cfn/web.yaml"),
            ("write", "cfn/web.yaml", CFN_WITHOUT_PROFILE + "Outputs: {}\n"),
        ],
        [],
        id="renamed-with-old-findings",
    ),
    pytest.param(
        {"old.py": f'import os\nOLD = "{KEY_A}"\n'},
        [("write", "old.py", f'import os\nOLD = "{KEY_A}"\nNEW = "{KEY_B}"\n')],
        [("old.py", 3, KEY_RULE)],
        id="new-key-on-an-added-line",
    ),
    pytest.param(
        {"old.py": f'import os\nOLD = "{KEY_A}"\n', "stack.yaml": CFN_WITHOUT_PROFILE},
        [
            ("write", "old.py", f'import os\nOLD = "{KEY_A}"\nprint(OLD)\n'),
            ("write", "stack.yaml", CFN_WITHOUT_PROFILE + "Outputs: {}\n"),
        ],
        [],
        id="present-at-base-and-still-present",
    ),
    pytest.param(
        {ODD: f'import os\nOLD = "{KEY_A}"\n', "blob.bin": BINARY, "same.bin": BINARY},
        [
            ("write", ODD, f'import os\nOLD = "{KEY_A}"\nNEW = "{KEY_B}"\n'),
            ("write", "blob.bin", BINARY + KEY_C.encode() + b"\x00\n"),
            ("write", "same.bin", BINARY + b"\x00more\n"),
        ],
        [("blob.bin", 4, KEY_RULE), (ODD, 3, KEY_RULE)],
        id="binary-files-and-odd-names",
    ),
    pytest.param(
        {"infra/main.tf": TF_INSTANCE_WITHOUT_PROFILE.removesuffix("}\n") + "  tags = {\n"},
        [("write", "infra/main.tf", TF_INSTANCE_WITHOUT_PROFILE)],
        [("infra/main.tf", 1, WITHOUT_ROLE)],
        id="base-does-not-parse",
    ),
    pytest.param(
        {"stack.yaml": CFN_WITHOUT_PROFILE + f"# {KEY_A}\n  : [\n"},
        [("write", "stack.yaml", CFN_WITHOUT_PROFILE + f"# {KEY_A}\n")],
        [("stack.yaml", 7, WITHOUT_ROLE)],
        id="base-template-does-not-parse-but-its-key-was-there",
    ),
    pytest.param(
        {
            "gone.py": f'GONE = "{KEY_A}"\n',
            "infra/main.tf": TF_INSTANCE_WITHOUT_PROFILE,
            "infra/iam.tf": TF_PROFILE,
        },
        [("delete", "gone.py"), ("delete", "infra/iam.tf")],
        [],
        id="deleted-files",
    ),
    pytest.param(
        {"app.py": f'# credsweep: ignore[{KEY_RULE}]\nKEY = "{KEY_A}"\n'},
        [("write", "app.py", f'KEY = "{KEY_A}"\n')],
        [("app.py", 1, KEY_RULE)],
        id="suppression-removed",
    ),
]


def _write(repo: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())


def _apply(repo: Path, operations: list[Operation]) -> None:
    for operation in operations:
        if operation[0] == "rename":
            (repo / operation[2]).parent.mkdir(parents=True, exist_ok=True)
            _git(repo, "mv", operation[1], str(operation[2]))
        elif operation[0] == "delete":
            _git(repo, "rm", "-q", operation[1])
        else:
            _write(repo, {operation[1]: operation[2]})


def _branch(repo: Path, base: dict[str, str | bytes], operations: list[Operation]) -> None:
    (repo / "old.py").unlink()
    _write(repo, base)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base", "--allow-empty")
    _git(repo, "checkout", "-qb", "feature")
    _apply(repo, operations)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "change", "--allow-empty")


@pytest.mark.parametrize(("base", "operations", "expected"), SCENARIOS)
def test_diff_reports_what_the_change_brought(
    capsys: pytest.CaptureFixture[str],
    repo: Path,
    base: dict[str, str | bytes],
    operations: list[Operation],
    expected: list[tuple[str, int, str]],
) -> None:
    _branch(repo, base, operations)
    status = main(["scan", str(repo), "--diff", "main", "--format", "json", "--quiet"])
    reported = [(r["file"], r["line"], r["rule_id"]) for r in json.loads(capsys.readouterr().out)]
    assert (status, sorted(reported)) == (1 if expected else 0, sorted(expected))


@pytest.mark.parametrize("commit", [True, False], ids=["committed", "uncommitted"])
def test_cli_fails_the_change_that_drops_the_role(tmp_path: Path, repo: Path, commit: bool) -> None:
    _branch(repo, {"infra/main.tf": TF_INSTANCE, "infra/iam.tf": TF_PROFILE}, [])
    _write(repo, {"infra/main.tf": TF_INSTANCE_WITHOUT_PROFILE})
    if commit:
        _git(repo, "commit", "-qam", "drop the role")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "scanner", "scan", str(repo), "--diff", "main", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    reported = [(r["file"], r["line"], r["rule_id"], r["level"]) for r in json.loads(done.stdout)]
    assert (done.returncode, reported) == (1, [("infra/main.tf", 1, WITHOUT_ROLE, "error")])
    # The base's files were written to a private directory, and it is gone.
    assert list(temporary.iterdir()) == []
