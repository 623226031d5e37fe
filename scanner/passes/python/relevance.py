"""A second, still cheap, prefilter on CPython's own syntax tree.

Most files that mention boto3 create clients without passing any credentials, and libcst's
metadata costs about a hundred times more than `ast.parse`. So libcst only sees a module
whose tree could hold a finding: an SDK import and a call by an entry point's name (or an
alias imported from the SDK) with a credential keyword, a `**mapping` or positional
credentials; or a `.aws` credentials path, a `.env` loader or the shared credentials file
variable. The verdict itself is always libcst's.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Set as AbstractSet

from scanner.passes.python.signatures import (
    CREDENTIAL_KEYWORDS,
    DOTENV_LOADER_NAMES,
    ENTRY_NAMES,
    ENV_FILE_KEYWORDS,
    LONG_POSITIONAL_ENTRY_NAMES,
    POSITIONAL_ENTRY_NAMES,
    SDK_MODULES,
    SHARED_FILE_VARIABLE,
)

# ENTRY_NAMES is read from here by the reducer as well.
__all__ = ["ENTRY_NAMES", "called_name", "imports_sdk", "may_matter", "passes_keys", "reads_files"]

# A settings class naming its `.env` file counts as a loader too.
_LOADER_NAMES = DOTENV_LOADER_NAMES | {"env_file"}
# ".aws" alone is a path segment; inside a longer string only a credentials path counts
# (documentation URLs such as docs.aws.amazon.com are everywhere in SDK code).
_AWS_PATH_RE = re.compile(r"\A\.aws\Z|\.aws[/\\]+(?:credentials|config)|" + SHARED_FILE_VARIABLE)


def may_matter(tree: ast.AST) -> bool:
    names = set(ENTRY_NAMES)
    sdk_imported = False
    calls: list[ast.Call] = []
    for node in ast.walk(tree):
        if reads_files(node):
            return True
        if isinstance(node, (ast.Import, ast.ImportFrom)) and imports_sdk(node):
            sdk_imported = True
            names.update(alias.asname for alias in node.names if alias.asname)
        elif isinstance(node, ast.Call):
            calls.append(node)
    return sdk_imported and any(passes_keys(call, names) for call in calls)


def imports_sdk(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.Import):
        return any(alias.name.split(".")[0] in SDK_MODULES for alias in node.names)
    module = node.module or ""
    return not node.level and module.split(".")[0] in SDK_MODULES


def reads_files(node: ast.AST) -> bool:
    """Is this node a sign of the file rules: a credentials path, a `.env` loader's name, an
    `env_file` keyword, the shared credentials file variable?"""
    if isinstance(node, ast.keyword):
        return node.arg in ENV_FILE_KEYWORDS or node.arg == SHARED_FILE_VARIABLE
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _AWS_PATH_RE.search(node.value) is not None
    if isinstance(node, ast.Name):
        return node.id in _LOADER_NAMES
    if isinstance(node, ast.Attribute):
        return node.attr in _LOADER_NAMES
    if isinstance(node, ast.alias):
        # `from dotenv import load_dotenv as load`: calls of `load` name no loader.
        return node.name.rsplit(".", 1)[-1] in _LOADER_NAMES
    return False


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
