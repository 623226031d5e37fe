"""The registry of passes: one literal list, so adding a pass touches one line.

Pass modules import their heavy parsers (detect-secrets, libcst, hcl2) inside `scan`, after
their cheap prefilter, so a sweep with no candidate never pays for them.
"""

from __future__ import annotations

from functools import cache

from scanner.passes.base import FilePass, GroupPass


@cache
def file_passes() -> tuple[FilePass, ...]:
    from scanner.passes.iac import CloudFormationPass
    from scanner.passes.keys import KeyPass
    from scanner.passes.python import PythonPass

    return (KeyPass(), PythonPass(), CloudFormationPass())


@cache
def group_passes() -> tuple[GroupPass, ...]:
    from scanner.passes.iac import TerraformPass

    return (TerraformPass(),)
