from __future__ import annotations

import pytest

from scanner.diff_files import parse_name_status


@pytest.mark.parametrize(
    ("output", "untracked", "changed", "renamed"),
    [
        (b"", (), set(), {}),
        (b"M\0a.py\0A\0new dir/n.py\0D\0gone.py\0", (), {"a.py", "new dir/n.py"}, {}),
        # Renames name the old path, then the new one; a copy only adds its new path.
        (
            b"R087\0old.py\0lib/new.py\0C100\0a.py\0b.py\0",
            (),
            {"lib/new.py", "b.py"},
            {"old.py": "lib/new.py"},
        ),
        # -z output is raw: newlines, tabs, quotes and non-ASCII bytes stay as they are.
        (b'T\0odd\nname\t"q" caf\xc3\xa9.py\0', (), {'odd\nname\t"q" café.py'}, {}),
        (b"M\0infra/main.tf\0", ("u.py",), {"infra/main.tf"}, {}),
    ],
)
def test_parse_name_status(
    output: bytes,
    untracked: tuple[str, ...],
    changed: set[str],
    renamed: dict[str, str],
) -> None:
    files = parse_name_status(output, untracked)
    assert (set(files.changed), dict(files.renamed)) == (changed, renamed)


@pytest.mark.parametrize(
    ("output", "untracked", "path", "touched"),
    [
        (b"M\0a.py\0", (), "a.py", True),
        (b"M\0a.py\0", (), "b.py", False),
        (b"D\0gone.py\0", (), "gone.py", False),
        # Any change to a Terraform module reaches every file of that directory, not below it.
        (b"M\0infra/iam.tf\0", (), "infra/main.tf", True),
        (b"D\0infra/iam.tf\0", (), "infra/main.tf", True),
        (b"R100\0infra/iam.tf\0other/iam.tf\0", (), "infra/main.tf", True),
        (b"R100\0infra/iam.tf\0other/iam.tf\0", (), "other/vars.tf", True),
        (b"M\0infra/iam.tf\0", (), "infra/sub/main.tf", False),
        (b"M\0infra/notes.md\0", (), "infra/main.tf", False),
        (b"", ("infra/new.tf",), "infra/main.tf", True),
        (b"M\0main.tf\0", (), "variables.tf", True),
    ],
)
def test_touches(output: bytes, untracked: tuple[str, ...], path: str, touched: bool) -> None:
    assert parse_name_status(output, untracked).touches(path) is touched


@pytest.mark.parametrize(
    ("base_path", "now"),
    [("old.py", "lib/new.py"), ("kept.py", "kept.py"), ("gone.py", "gone.py")],
)
def test_now_follows_renames(base_path: str, now: str) -> None:
    files = parse_name_status(b"R090\0old.py\0lib/new.py\0D\0gone.py\0")
    assert files.now(base_path) == now
