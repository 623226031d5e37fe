"""`aws-credentials-file-read`: code that loads static keys from files.

Three shapes: a read of `~/.aws/credentials` or `~/.aws/config`; loading a `.env` file in a
module that deals with AWS keys; pinning `AWS_SHARED_CREDENTIALS_FILE`. A path that is only
logged or printed never reaches a read call, so it is never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from scanner.models import Finding, Level
from scanner.passes.python.context import FileContext, construct_identity, region_of
from scanner.passes.python.index import ModuleIndex, subscript_key
from scanner.passes.python.literals import string_value
from scanner.passes.python.paths import PathRenderer, names_aws_file
from scanner.passes.python.signatures import (
    ENV_FILE_KEYWORDS,
    SETTINGS_MODULES,
    SHARED_FILE_VARIABLE,
)

RULE = "aws-credentials-file-read"

_OPENERS = frozenset({"builtins.open", "io.open", "codecs.open"})
_PATH_READ_METHODS = frozenset({"read_text", "read_bytes", "open"})
_PARSER_READ_METHODS = frozenset({"read", "read_file"})
_SDK_PARSERS = frozenset(
    {"botocore.configloader.raw_config_parse", "botocore.configloader.load_config"}
)
_DOTENV_LOADERS = frozenset(
    {
        "dotenv.load_dotenv",
        "dotenv.main.load_dotenv",
        "dotenv.dotenv_values",
        "dotenv.main.dotenv_values",
        "environ.Env.read_env",
        "environ.environ.Env.read_env",
        "decouple.RepositoryEnv",
    }
)
_DOTENV = "loads a .env file in a module that handles AWS keys"
_PYDANTIC = "points pydantic settings at a .env file in a module that handles AWS keys"
_PINNED = f"sets {SHARED_FILE_VARIABLE} to a static credentials file"
_ENV_SETTERS = frozenset({"os.environ.setdefault", "os.putenv"})
_WRITE_MODE_RE = re.compile(r"[wax+]")


def credential_file_reads(
    index: ModuleIndex, context: FileContext, *, loads_dotenv_matter: bool
) -> list[Finding]:
    renderer = PathRenderer(index)
    found: list[Finding] = []
    for call in index.calls:
        what = _aws_file_read(call, index, renderer)
        if what is None and loads_dotenv_matter:
            what = _dotenv_load(call, index)
        if what is None:
            what = _shared_file_setter(call, index)
        if what is not None:
            found.append(_finding(call, what, index, context))
    for statement, what in _env_assignments(index):
        found.append(_finding(statement, what, index, context))
    if loads_dotenv_matter:
        for node in _pydantic_env_files(index):
            found.append(_finding(node, _PYDANTIC, index, context))
    return found


def _finding(node: cst.CSTNode, what: str, index: ModuleIndex, context: FileContext) -> Finding:
    return Finding(
        rule_id=RULE,
        path=context.path,
        region=region_of(index, context, node),
        message=(
            f"{what}: static keys kept in files block the move to an instance role; let "
            "the SDK's default credential chain use the role instead"
        ),
        identity=construct_identity(index, node),
        level=Level.WARNING,
        properties={"source": what},
    )


def _aws_file_read(call: cst.Call, index: ModuleIndex, renderer: PathRenderer) -> str | None:
    qualified = index.qualified_names(call.func)
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    if qualified & (_OPENERS | _SDK_PARSERS) and positional:
        if _opens_for_writing(call, mode_index=1):
            return None
        return _named_file(renderer.render(positional[0]))
    if not isinstance(call.func, cst.Attribute):
        return None
    method = call.func.attr.value
    if method in _PATH_READ_METHODS and not (method == "open" and _opens_for_writing(call, 0)):
        return _named_file(renderer.render(call.func.value))
    if method in _PARSER_READ_METHODS and positional:
        return _named_file(renderer.render(positional[0]))
    return None


def _named_file(rendered: str) -> str | None:
    if not names_aws_file(rendered):
        return None
    return "reads ~/.aws/credentials" if "credentials" in rendered else "reads ~/.aws/config"


def _opens_for_writing(call: cst.Call, mode_index: int) -> bool:
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    mode = next((a.value for a in call.args if a.keyword and a.keyword.value == "mode"), None)
    if mode is None and len(positional) > mode_index:
        mode = positional[mode_index]
    text = string_value(mode)
    return text is not None and _WRITE_MODE_RE.search(text) is not None


def _dotenv_load(call: cst.Call, index: ModuleIndex) -> str | None:
    if index.qualified_names(call.func) & _DOTENV_LOADERS:
        return _DOTENV
    if isinstance(call.func, cst.Attribute) and call.func.attr.value == "read_env":
        return _DOTENV
    return None


def _shared_file_setter(call: cst.Call, index: ModuleIndex) -> str | None:
    qualified = index.qualified_names(call.func)
    if qualified & _ENV_SETTERS and call.args and _is_variable(call.args[0].value):
        return _PINNED
    if "os.environ.update" in qualified:
        for argument in call.args:
            keyword = argument.keyword.value if argument.keyword else None
            if keyword == SHARED_FILE_VARIABLE or _dict_has_variable(argument.value):
                return _PINNED
    return None


def _env_assignments(index: ModuleIndex) -> Iterator[tuple[cst.CSTNode, str]]:
    for statement, target, _ in index.bindings.item_statements:
        if subscript_key(target) != SHARED_FILE_VARIABLE:
            continue
        if "os.environ" in index.qualified_names(target.value):
            yield statement, _PINNED


def _pydantic_env_files(index: ModuleIndex) -> Iterator[cst.CSTNode]:
    """`env_file=` in settings config, and `env_file = ...` in a settings class body."""
    if not any(name.split(".")[0] in SETTINGS_MODULES for name in index.imported):
        return
    for call in index.calls:
        for argument in call.args:
            keyword = argument.keyword.value if argument.keyword else None
            if keyword in ENV_FILE_KEYWORDS and not _is_none(argument.value):
                yield call
    for (_, attribute), values in index.bindings.attributes.items():
        if attribute in ENV_FILE_KEYWORDS:
            yield from (value for value in values if not _is_none(value))


def _is_variable(node: cst.BaseExpression) -> bool:
    return string_value(node) == SHARED_FILE_VARIABLE


def _dict_has_variable(node: cst.BaseExpression) -> bool:
    if not isinstance(node, cst.Dict):
        return False
    return any(
        isinstance(element, cst.DictElement) and _is_variable(element.key)
        for element in node.elements
    )


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"
