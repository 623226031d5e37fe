"""Boot scripts in a Terraform module: user data in its encodings and remote-exec scripts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scanner.passes.iac.model import UserData
from scanner.passes.iac.tf_blocks import TfAttribute, TfBlock
from scanner.passes.iac.tf_exports import locals_carrying_keys
from scanner.passes.iac.tf_module import TfModule, whole_reference
from scanner.passes.iac.tf_values import Call

_USER_DATA = {
    "aws_instance": ("user_data", "user_data_base64"),
    "aws_spot_instance_request": ("user_data", "user_data_base64"),
    "aws_launch_template": ("user_data",),
    "aws_launch_configuration": ("user_data", "user_data_base64"),
}
# Functions that only re-encode their argument; file() and templatefile() read another file,
# which the other passes scan on its own when it is in the tree.
_TRANSPARENT = ("base64encode", "base64gzip", "trimspace", "chomp", "join")
_KEY_REFERENCE = re.compile(r"\baws_iam_access_key\.")


def user_data(module: TfModule) -> Iterator[UserData]:
    carriers = locals_carrying_keys(module)
    for block in module.resources.values():
        if block.type != "resource":
            continue
        for name in _USER_DATA.get(block.labels[0], ()):
            attribute = block.attributes.get(name)
            if attribute is not None:
                text = script_text(module, attribute.value)
                if text:
                    yield _record(block.address, attribute, text, carriers)
        if block.labels[0] == "aws_spot_fleet_request":
            yield from _spot_fleet_scripts(module, block, carriers)
        yield from _provisioner_scripts(module, block, carriers)


def _spot_fleet_scripts(
    module: TfModule, block: TfBlock, carriers: frozenset[str]
) -> Iterator[UserData]:
    """Each launch specification of a spot fleet boots its instances with its own script."""
    specifications = block.children("launch_specification")
    for number, spec in enumerate(specifications):
        attribute = spec.attributes.get("user_data")
        text = script_text(module, attribute.value) if attribute is not None else ""
        if attribute is not None and text:
            owner = block.address
            if len(specifications) > 1:
                owner = f"{block.address}.launch_specification[{number}]"
            yield _record(owner, attribute, text, carriers)


def script_text(module: TfModule, value: Any, depth: int = 0) -> str:
    """The script a user data value renders to, as far as it can be known statically."""
    value = module.resolve(value)
    if depth > 6:
        return ""
    if isinstance(value, str):
        rendered = _rendered_data(module, value, depth)
        return value if rendered is None else rendered
    if isinstance(value, list):
        # No script is a list: this is a choice among scripts (a for_each's `each.value`).
        return "\n".join(script_text(module, item, depth + 1) for item in value)
    if isinstance(value, Call) and value.name in _TRANSPARENT:
        if value.name == "join" and len(value.args) == 2 and isinstance(value.args[1], list):
            separator = value.args[0] if isinstance(value.args[0], str) else ""
            return separator.join(script_text(module, part, depth + 1) for part in value.args[1])
        return "\n".join(script_text(module, arg, depth + 1) for arg in value.args)
    return ""


def _rendered_data(module: TfModule, value: str, depth: int) -> str | None:
    """`data.template_file.x.rendered` and `data.cloudinit_config.x.rendered`."""
    reference = whole_reference(value)
    if reference is None or reference.attribute != "rendered":
        return None
    block = module.resources.get(reference.address)
    if block is None:
        return None
    parts = [script_text(module, block.get("template"), depth + 1)]
    parts.extend(
        script_text(module, part.get("content"), depth + 1) for part in block.children("part")
    )
    return "\n".join(part for part in parts if part)


def _provisioner_scripts(
    module: TfModule, block: TfBlock, carriers: frozenset[str]
) -> Iterator[UserData]:
    for provisioner in block.children("provisioner"):
        if provisioner.labels[:1] != ("remote-exec",):
            continue
        attribute = provisioner.attributes.get("inline")
        if attribute is None:
            continue
        lines = module.resolve(attribute.value)
        if isinstance(lines, list):
            text = "\n".join(line for line in lines if isinstance(line, str))
            yield _record(block.address, attribute, text, carriers, "provisioner")


def _record(
    owner: str, attribute: TfAttribute, text: str, carriers: frozenset[str], name: str = ""
) -> UserData:
    """`carriers` are the locals that hold an access key's secret: interpolating one is as
    bad as interpolating the key resource itself."""
    references = frozenset(
        inner.strip()
        for inner in re.findall(r"\$\{([^}]*)\}", text)
        if _KEY_REFERENCE.search(inner) or inner.strip() in carriers
    )
    return UserData(
        owner=owner,
        attribute=name or attribute.name,
        text=text,
        site=attribute.site,
        span_text=attribute.span.text,
        span_line=attribute.span.line,
        span_column=attribute.span.column,
        key_references=references,
    )
