"""Which files a change touched, from `git diff --name-status -z --find-renames`.

A finding can be new without any line under it being added: a deleted attribute, or a change
to another file of the same Terraform module, makes an unchanged resource reportable. So
`--diff` also looks at every finding in a changed file, or in a group (a module) that any
changed file belongs to, and compares it with what the base held.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scanner.passes import group_passes

Group = tuple[str, str]


@dataclass(frozen=True)
class ChangedFiles:
    # Today's paths of the files modified, renamed or added since the base.
    changed: frozenset[str]
    # Each renamed file's path at the base, and its path today.
    renamed: Mapping[str, str]
    # The groups (pass name, group key) of every path on either side of the change.
    groups: frozenset[Group]

    def touches(self, path: str) -> bool:
        """Whether a finding at `path` (today's path) may owe something to the change."""
        return path in self.changed or not self.groups.isdisjoint(groups_of(path))

    def now(self, base_path: str) -> str:
        """Where a file of the base lives today (deleted files keep their path)."""
        return self.renamed.get(base_path, base_path)


def groups_of(path: str) -> frozenset[Group]:
    return frozenset(
        (group_pass.name, key)
        for group_pass in group_passes()
        if (key := group_pass.group_of(path)) is not None
    )


def parse_name_status(output: bytes, untracked: Iterable[str] = ()) -> ChangedFiles:
    """`untracked`: files git does not know yet; they change their group too."""
    changed: set[str] = set()
    renamed: dict[str, str] = {}
    touched: set[str] = set(untracked)
    fields = output.split(b"\0")
    index = 0
    while index + 1 < len(fields):
        status = fields[index][:1]
        if status in (b"R", b"C"):
            old, new = os.fsdecode(fields[index + 1]), os.fsdecode(fields[index + 2])
            index += 3
            if status == b"R":
                renamed[old] = new
                touched.add(old)
            changed.add(new)
            touched.add(new)
            continue
        path = os.fsdecode(fields[index + 1])
        index += 2
        touched.add(path)
        if status != b"D":
            changed.add(path)
    groups = frozenset(group for path in touched for group in groups_of(path))
    return ChangedFiles(frozenset(changed), renamed, groups)
