"""Where a Terraform module writes an access key's secret out of the key resource."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.passes.iac.model import Export
from scanner.passes.iac.tf_blocks import TfBlock
from scanner.passes.iac.tf_module import TfModule, references_in

_SECRET_ATTRIBUTES = ("secret", "ses_smtp_password_v4")
# Resource types whose attributes land somewhere readable, with how to describe them.
_SINKS = {
    "aws_ssm_parameter": ("SSM parameter", ("value", "insecure_value")),
    "local_file": ("file", ("content", "sensitive_content")),
    "local_sensitive_file": ("file", ("content",)),
    "aws_instance": ("user data of", ("user_data", "user_data_base64")),
    "aws_spot_instance_request": ("user data of", ("user_data", "user_data_base64")),
    "aws_launch_template": ("user data of", ("user_data",)),
    "aws_launch_configuration": ("user data of", ("user_data", "user_data_base64")),
}


def access_key_exports(module: TfModule, key_address: str) -> Iterator[Export]:
    carriers = _locals_carrying(module, key_address)
    for output in module.outputs:
        if _carries(module, output.get("value"), key_address, carriers):
            attribute = output.attributes["value"]
            yield Export(f"output {output.labels[0]}", attribute.site)
    for block in module.resources.values():
        yield from _sink_exports(module, block, key_address, carriers)


def _sink_exports(
    module: TfModule, block: TfBlock, key_address: str, carriers: frozenset[str]
) -> Iterator[Export]:
    sink = _SINKS.get(block.labels[0]) if block.type == "resource" else None
    if sink is not None:
        what, names = sink
        for name in names:
            attribute = block.attributes.get(name)
            if attribute is not None and _carries(module, attribute.value, key_address, carriers):
                yield Export(f"{what} {block.address}", attribute.site)
    for provisioner in block.children("provisioner"):
        if provisioner.labels[:1] == ("remote-exec",) and _carries(
            module, provisioner.get("inline"), key_address, carriers
        ):
            yield Export(f"a remote-exec provisioner of {block.address}", provisioner.site)


def _carries(module: TfModule, value: Any, key_address: str, carriers: frozenset[str]) -> bool:
    for reference in references_in(value):
        if reference.address == key_address and reference.attribute in _SECRET_ATTRIBUTES:
            return True
        if reference.address in carriers:
            return True
        if reference.address.startswith("data.") and reference.address in module.resources:
            # A rendered template (template_file, cloudinit_config) carries what it embeds.
            data = module.resources[reference.address]
            if any(_carries(module, a.value, key_address, carriers) for a in _all_attributes(data)):
                return True
    return False


def _all_attributes(block: TfBlock) -> Iterator[Any]:
    for inner in block.walk():
        yield from inner.attributes.values()


def locals_carrying_keys(module: TfModule) -> frozenset[str]:
    """`local.x` names holding any access key's secret."""
    keys = [block.address for block in module.of_type("aws_iam_access_key")]
    return frozenset(name for key in keys for name in _locals_carrying(module, key))


def _locals_carrying(module: TfModule, key_address: str) -> frozenset[str]:
    """`local.x` names whose value holds the key's secret, followed through other locals."""
    carriers: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, attribute in module.locals.items():
            address = f"local.{name}"
            if address in carriers:
                continue
            for reference in references_in(attribute.value):
                secret = (
                    reference.address == key_address and reference.attribute in _SECRET_ATTRIBUTES
                )
                if secret or reference.address in carriers:
                    carriers.add(address)
                    changed = True
                    break
    return frozenset(carriers)
