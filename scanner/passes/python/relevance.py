"""A second, still cheap, prefilter on CPython's own syntax tree.

Most files that mention boto3 create clients without passing any credentials, and libcst's
metadata costs about a hundred times more than `ast.parse`. So libcst only sees a module
whose tree could hold a finding: an SDK import and a call by an entry point's name (or an
alias imported from the SDK) with a credential keyword, a `**mapping` or positional
credentials; or a `.aws` credentials path or the shared credentials file variable; or a
`.env` loader (pydantic's `env_file` under a pydantic import) in a module that imports the
SDK or names AWS keys, the only modules where the file rules report one. The verdict itself
is always libcst's.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Set as AbstractSet
from typing import cast

from scanner.passes.python.signatures import (
    CREDENTIAL_KEYWORDS,
    DOTENV_LOADER_NAMES,
    ENTRY_NAMES,
    ENV_FILE_KEYWORDS,
    LONG_POSITIONAL_ENTRY_NAMES,
    POSITIONAL_ENTRY_NAMES,
    SDK_MODULES,
    SETTINGS_MODULES,
    SHARED_FILE_VARIABLE,
    deals_with_aws_keys,
)

# ENTRY_NAMES is read from here by the reducer as well.
__all__ = [
    "ENTRY_NAMES",
    "assigned_entry_names",
    "called_name",
    "imports_sdk",
    "imports_settings",
    "may_matter",
    "passes_keys",
]

# A literal holding ".aws" as a path segment: alone, or between separators and the literal's
# ends, so that a path cut into pieces (`home + "/.aws/" + name`) still counts. Host names
# (docs.aws.amazon.com, repost.aws/...) and dotted names (localstack.request.aws) do not.
_AWS_PATH_RE = re.compile(r"(?:\A|[/\\])\.aws(?:\Z|[/\\])|" + SHARED_FILE_VARIABLE)


def may_matter(tree: ast.AST, code: str) -> bool:
    """Could libcst find anything in this module (`code` is its text)?"""
    names = set(ENTRY_NAMES)
    sdk_imported = settings_imported = loads_env = names_env_file = False
    calls: list[ast.Call] = []
    for node in ast.walk(tree):
        sign = file_sign(node)
        if sign == _PATH:
            return True
        loads_env = loads_env or sign == _LOADER
        names_env_file = names_env_file or sign == _ENV_FILE
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if imports_sdk(node):
                sdk_imported = True
                names.update(alias.asname for alias in node.names if alias.asname)
            settings_imported = settings_imported or imports_settings(node)
        elif isinstance(node, ast.Call):
            calls.append(node)
        else:
            names.update(assigned_entry_names(node))
    # A `.env` file counts only where the module builds clients (which needs the SDK's
    # import) or names AWS keys; `env_file` only in pydantic settings.
    env_matters = loads_env or (names_env_file and settings_imported)
    if env_matters and (sdk_imported or deals_with_aws_keys(code)):
        return True
    return sdk_imported and any(passes_keys(call, names) for call in calls)


def assigned_entry_names(node: ast.AST) -> list[str]:
    """The names `S = boto3.Session` binds to an entry point (called later as `S(k, s)`)."""
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    else:
        return []
    if called_name(value) not in ENTRY_NAMES or not _dotted_name(value):
        return []
    return [target.id for target in targets if isinstance(target, ast.Name)]


def _dotted_name(node: ast.expr) -> bool:
    """`boto3.session.Session`, not `boto3.Session().client`: what the text test reads."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def imports_sdk(node: ast.Import | ast.ImportFrom) -> bool:
    return _imports(node, SDK_MODULES)


def imports_settings(node: ast.Import | ast.ImportFrom) -> bool:
    return _imports(node, SETTINGS_MODULES)


def _imports(node: ast.Import | ast.ImportFrom, packages: AbstractSet[str]) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] in packages for alias in node.names)
    module = node.module or ""
    return not node.level and module.split(".")[0] in packages


_PATH = "path"
_LOADER = "loader"
_ENV_FILE = "env_file"


def file_sign(node: ast.AST) -> str | None:
    """Which sign of the file rules this node is: a credentials path or the shared
    credentials file variable (`_PATH`), a `.env` loader's name (`_LOADER`), pydantic's
    `env_file` (`_ENV_FILE`); None when it is none of them. Asked of every node of a
    module, so the node's exact type is compared, most frequent first."""
    kind = type(node)
    if kind is ast.Name:
        name = cast(ast.Name, node).id
    elif kind is ast.Attribute:
        name = cast(ast.Attribute, node).attr
    elif kind is ast.Constant:
        return _path_sign(cast(ast.Constant, node).value)
    elif kind is ast.keyword:
        argument = cast(ast.keyword, node).arg
        if argument in ENV_FILE_KEYWORDS:
            return _ENV_FILE
        return _PATH if argument == SHARED_FILE_VARIABLE else None
    elif kind is ast.alias:
        # `from dotenv import load_dotenv as load`: calls of `load` name no loader.
        name = cast(ast.alias, node).name.rsplit(".", 1)[-1]
    else:
        return None
    if name in DOTENV_LOADER_NAMES:
        return _LOADER
    return _ENV_FILE if name in ENV_FILE_KEYWORDS else None


def _path_sign(value: object) -> str | None:
    if isinstance(value, bytes):
        # `open(b"/root/.aws/credentials")` reads the file too.
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return None
    if SHARED_FILE_VARIABLE in value:
        return _PATH
    return _PATH if ".aws" in value and _AWS_PATH_RE.search(value) is not None else None


def passes_keys(node: ast.Call, names: AbstractSet[str]) -> bool:
    """Could this call hand an entry point (or an SDK alias in `names`) credentials?"""
    name = called_name(node.func)
    if name not in names:
        return False
    for keyword in node.keywords:
        if keyword.arg is None or keyword.arg in CREDENTIAL_KEYWORDS:
            return True
    if name in LONG_POSITIONAL_ENTRY_NAMES:
        return len(node.args) > 6
    if name in ENTRY_NAMES:
        return name in POSITIONAL_ENTRY_NAMES and bool(node.args)
    # An alias imported from the SDK may stand for any entry point.
    return bool(node.args)


def called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None
