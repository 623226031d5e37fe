"""A Terraform file named on its own (a pre-commit hook's staged file) is analysed with the
rest of its module, and only its own findings are reported."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scanner.engine import ScanOptions, scan

WEB = """resource "aws_instance" "web" {
  ami                  = "ami-1"
  instance_type        = "t3.micro"
  iam_instance_profile = aws_iam_instance_profile.web.name
  tags                 = { Tier = "Web" }
}

resource "aws_instance" "worker" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
"""
IAM = """resource "aws_iam_role" "web" {
  name               = "web"
  assume_role_policy = "{}"
}

resource "aws_iam_instance_profile" "web" {
  role = aws_iam_role.web.name
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.web.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
"""
MODULE = {"infra/web.tf": WEB, "infra/iam.tf": IAM, "infra/notes.txt": "not terraform\n"}
ADMIN = ("instance-role-overly-permissive", "infra/iam.tf", 12)
WORKER = ("ec2-instance-without-role", "infra/web.tf", 8)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for relative, text in MODULE.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def _found(tree: Path, *named: str) -> set[tuple[str, str, int]]:
    paths = tuple(tree / name for name in named) or (tree,)
    result = scan(ScanOptions(paths=paths, root=tree))
    return {(f.rule_id, f.path, f.region.start_line) for f in result.findings}


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        # The whole module, by its directory or by every file of it.
        (["infra"], {ADMIN, WORKER}),
        (["infra/web.tf", "infra/iam.tf"], {ADMIN, WORKER}),
        # The role's file alone: the instance using the role is in web.tf, read as context.
        (["infra/iam.tf"], {ADMIN}),
        # The instances' file alone: what the module says of iam.tf is not reported.
        (["infra/web.tf"], {WORKER}),
        # A file of another kind beside them gives the module no context.
        (["infra/notes.txt"], set()),
    ],
)
def test_a_named_file_is_analysed_with_its_module(
    tree: Path, named: list[str], expected: set[tuple[str, str, int]]
) -> None:
    assert _found(tree, *named) == expected


def test_context_files_are_not_counted_as_scanned(tree: Path) -> None:
    result = scan(ScanOptions(paths=(tree / "infra/iam.tf",), root=tree))
    assert result.files_scanned == 1
    assert not result.notifications


@pytest.mark.parametrize("in_git", [False, True], ids=["plain", "git"])
def test_an_ignored_or_excluded_module_file_is_no_context(tree: Path, in_git: bool) -> None:
    """Context is what a sweep of the module's directory would read: the hook and a sweep of
    the tree agree."""
    (tree / ".gitignore").write_text("infra/web.tf\n", encoding="utf-8")
    if in_git:
        subprocess.run(["git", "init", "-q", str(tree)], check=True)
    assert _found(tree, "infra/iam.tf") == _found(tree, "infra") == set()
    (tree / ".gitignore").unlink()
    result = scan(ScanOptions(paths=(tree / "infra/iam.tf",), root=tree, excludes=("web.tf",)))
    assert not result.findings
