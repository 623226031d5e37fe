"""Where a Terraform module writes an access key's secret out of the key resource."""

from __future__ import annotations

from collections import defaultdict
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


def access_key_exports(module: TfModule) -> dict[str, list[Export]]:
    """Every access key's exports, by key address: each value is read once for all keys."""
    flow = _SecretFlow(module)
    exports: dict[str, list[Export]] = defaultdict(list)
    for output in module.outputs:
        for key in flow.keys_in(output.get("value")):
            exports[key].append(
                Export(f"output {output.labels[0]}", output.attributes["value"].site)
            )
    for block in module.resources.values():
        for key, export in _sink_exports(flow, block):
            exports[key].append(export)
    return exports


def _sink_exports(flow: _SecretFlow, block: TfBlock) -> Iterator[tuple[str, Export]]:
    sink = _SINKS.get(block.labels[0]) if block.type == "resource" else None
    if sink is not None:
        what, names = sink
        for name in names:
            attribute = block.attributes.get(name)
            if attribute is not None:
                for key in flow.keys_in(attribute.value):
                    yield key, Export(f"{what} {block.address}", attribute.site)
    for provisioner in block.children("provisioner"):
        if provisioner.labels[:1] == ("remote-exec",):
            for key in flow.keys_in(provisioner.get("inline")):
                yield key, Export(f"a remote-exec provisioner of {block.address}", provisioner.site)


class _SecretFlow:
    """Which access keys' secrets a value holds: through the key's own attributes, locals
    that carry it, and rendered templates (template_file, cloudinit_config) that embed it."""

    def __init__(self, module: TfModule) -> None:
        self.module = module
        self.keys = frozenset(block.address for block in module.of_type("aws_iam_access_key"))
        self.locals = _local_keys(module, self.keys)
        self._data: dict[str, frozenset[str]] = {}

    def keys_in(self, value: Any) -> set[str]:
        found: set[str] = set()
        for reference in references_in(value):
            found |= self._direct(reference.address, reference.attribute)
            if self._is_data(reference.address):
                found |= self._data_keys(reference.address)
        return found

    def _direct(self, address: str, attribute: str | None) -> frozenset[str]:
        if address in self.keys and attribute in _SECRET_ATTRIBUTES:
            return frozenset((address,))
        return self.locals.get(address, frozenset())

    def _is_data(self, address: str) -> bool:
        return address.startswith("data.") and address in self.module.resources

    def _data_keys(self, address: str) -> frozenset[str]:
        """What a data source embeds, following the data sources it refers to in turn."""
        if address not in self._data:
            found: set[str] = set()
            seen, pending = {address}, [address]
            while pending:
                for value in _all_attributes(self.module.resources[pending.pop()]):
                    for reference in references_in(value):
                        found |= self._direct(reference.address, reference.attribute)
                        if self._is_data(reference.address) and reference.address not in seen:
                            seen.add(reference.address)
                            pending.append(reference.address)
            self._data[address] = frozenset(found)
        return self._data[address]


def _all_attributes(block: TfBlock) -> Iterator[Any]:
    for inner in block.walk():
        yield from (attribute.value for attribute in inner.attributes.values())


def locals_carrying_keys(module: TfModule) -> frozenset[str]:
    """`local.x` names holding any access key's secret."""
    keys = frozenset(block.address for block in module.of_type("aws_iam_access_key"))
    return frozenset(_local_keys(module, keys))


def _local_keys(module: TfModule, keys: frozenset[str]) -> dict[str, frozenset[str]]:
    """`local.x` -> the keys whose secret its value holds, followed through other locals.
    Worked out for all keys together: a pass over the locals per key was quadratic."""
    carried: dict[str, set[str]] = {}
    readers: dict[str, list[str]] = defaultdict(list)
    for name, attribute in module.locals.items():
        address = f"local.{name}"
        carried[address] = set()
        for reference in references_in(attribute.value):
            if reference.address in keys and reference.attribute in _SECRET_ATTRIBUTES:
                carried[address].add(reference.address)
            readers[reference.address].append(address)
    pending = [address for address, found in carried.items() if found]
    while pending:
        source = pending.pop()
        for reader in readers.get(source, ()):
            if not carried[source] <= carried[reader]:
                carried[reader] |= carried[source]
                pending.append(reader)
    return {address: frozenset(found) for address, found in carried.items() if found}
