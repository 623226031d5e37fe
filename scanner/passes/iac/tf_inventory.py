"""Translate a Terraform module into the neutral inventory the rules read."""

from __future__ import annotations

from typing import Any

from scanner.passes.iac.model import (
    AccessKey,
    AutoScalingGroup,
    Export,
    InstanceProfile,
    Inventory,
    LaunchDefinition,
    LaunchKind,
    ProfileSetting,
    ProfileState,
)
from scanner.passes.iac.tags import is_true, list_is_web, map_is_web
from scanner.passes.iac.tf_blocks import TfBlock
from scanner.passes.iac.tf_choices import possible_values
from scanner.passes.iac.tf_exports import access_key_exports
from scanner.passes.iac.tf_iam import grants, role_addresses
from scanner.passes.iac.tf_module import TfModule, is_literal, whole_reference
from scanner.passes.iac.tf_user_data import user_data
from scanner.passes.iac.tf_values import Call

_INSTANCE_TYPES = ("aws_instance", "aws_spot_instance_request")
_PROFILE_TYPE = "aws_iam_instance_profile"
_TEMPLATE_TYPE = "aws_launch_template"
_CONFIGURATION_TYPE = "aws_launch_configuration"
_SPOT_FLEET_TYPE = "aws_spot_fleet_request"


def build_inventory(module: TfModule) -> Inventory:
    inventory = Inventory(scope=module.scope)
    default_web = _provider_default_web(module)
    for block in module.of_type(*_INSTANCE_TYPES):
        inventory.launches.append(_instance(module, block, default_web))
    for block in module.of_type(_TEMPLATE_TYPE):
        inventory.launches.append(_template(module, block, default_web))
    for block in module.of_type(_CONFIGURATION_TYPE):
        profile = _profile_setting(module, block, "iam_instance_profile")
        inventory.launches.append(
            LaunchDefinition(block.address, LaunchKind.CONFIGURATION, block.site, profile)
        )
    for block in module.of_type(_SPOT_FLEET_TYPE):
        inventory.launches.extend(_spot_specifications(module, block))
    inventory.groups.extend(_group(module, b) for b in module.of_type("aws_autoscaling_group"))
    for block in module.of_type(_PROFILE_TYPE):
        inventory.profiles[block.address] = _instance_profile(module, block)
    inventory.grants.extend(grants(module))
    exports = access_key_exports(module)
    inventory.access_keys.extend(
        _access_key(module, b, exports.get(b.address, []))
        for b in module.of_type("aws_iam_access_key")
    )
    inventory.user_data.extend(user_data(module))
    return inventory


def _instance(module: TfModule, block: TfBlock, default_web: bool) -> LaunchDefinition:
    profile = _profile_setting(module, block, "iam_instance_profile")
    specs = block.children("launch_template")
    template = _template_address(module, specs[0]) if specs else None
    tags = module.resolve(block.get("tags"))
    web = default_web or _tags_web(module, tags)
    return LaunchDefinition(block.address, LaunchKind.INSTANCE, block.site, profile, template, web)


def _template(module: TfModule, block: TfBlock, default_web: bool) -> LaunchDefinition:
    profile = _template_profile(module, block.children("iam_instance_profile"))
    web = (
        default_web
        or _tags_web(module, block.get("tags"))
        or any(
            _tags_web(module, spec.get("tags"))
            for spec in block.children("tag_specifications")
            if spec.get("resource_type") in ("instance", None)
        )
    )
    return LaunchDefinition(block.address, LaunchKind.TEMPLATE, block.site, profile, None, web)


def _spot_specifications(module: TfModule, block: TfBlock) -> list[LaunchDefinition]:
    """Each `launch_specification` of a spot fleet request launches instances of its own,
    with its own profile (by name or ARN) and tags. (Its `launch_template_config` points at
    templates, which are reported for themselves.)"""
    specifications = block.children("launch_specification")
    launches = []
    for number, spec in enumerate(specifications):
        address = block.address
        if len(specifications) > 1:
            address = f"{block.address}.launch_specification[{number}]"
        settings = [
            _profile_setting(module, spec, key)
            for key in ("iam_instance_profile", "iam_instance_profile_arn")
        ]
        profile = _first_setting(settings)
        web = _tags_web(module, spec.get("tags"))
        kind = LaunchKind.SPOT_SPECIFICATION
        launches.append(LaunchDefinition(address, kind, spec.site, profile, None, web))
    return launches


def _first_setting(settings: list[ProfileSetting]) -> ProfileSetting:
    """Of several ways to set one profile, the one used: a present one, else an empty one."""
    for state in (ProfileState.PRESENT, ProfileState.EMPTY):
        for setting in settings:
            if setting.state is state:
                return setting
    return ProfileSetting(ProfileState.ABSENT)


def _template_profile(module: TfModule, nested: list[TfBlock]) -> ProfileSetting:
    """A template's `iam_instance_profile` blocks (a dynamic block may write several): every
    profile their `name` or `arn` may name counts. Modules set both, one of them null."""
    if not nested:
        return ProfileSetting(ProfileState.ABSENT)
    settings = [_profile_setting(module, spec, key) for spec in nested for key in ("name", "arn")]
    present = [setting for setting in settings if setting.state is ProfileState.PRESENT]
    if not present:
        return ProfileSetting(ProfileState.EMPTY, nested[0].site)
    profiles = dict.fromkeys(address for setting in present for address in setting.profiles)
    return ProfileSetting(ProfileState.PRESENT, present[0].site, tuple(profiles))


def _profile_setting(module: TfModule, block: TfBlock, name: str) -> ProfileSetting:
    attribute = block.attributes.get(name)
    if attribute is None or attribute.value is None:
        return ProfileSetting(ProfileState.ABSENT)
    value = module.resolve(attribute.value)
    if value == "" or value is None:
        return ProfileSetting(ProfileState.EMPTY, attribute.site)
    # Every profile of this module any branch may name is followed to its role. What else a
    # branch yields (a variable, a module output, null) is the caller's choice, as with a
    # variable whose default is null: the setting counts as present.
    choices = (_profile_address(module, choice) for choice in possible_values(module, value))
    profiles = tuple(dict.fromkeys(address for address in choices if address))
    return ProfileSetting(ProfileState.PRESENT, attribute.site, profiles)


def _profile_address(module: TfModule, value: Any) -> str | None:
    """The profile of this module a reference or a literal profile name stands for."""
    reference = whole_reference(value)
    if reference is not None:
        address = reference.address
        known = address.startswith(_PROFILE_TYPE + ".") and address in module.resources
        return address if known else None
    if is_literal(value) and isinstance(value, str) and value:
        block = module.named(_PROFILE_TYPE, value)
        return None if block is None else block.address
    return None


def _template_address(module: TfModule, spec: TfBlock) -> str:
    """The in-scope template a launch_template block points at, or a marker for one elsewhere."""
    for key in ("id", "name", "launch_template_id", "launch_template_name"):
        # Modules choose between their own template and a caller's (`var.create ? ... : ...`).
        for value in possible_values(module, spec.get(key)):
            reference = whole_reference(value)
            if reference is not None and reference.address in module.resources:
                return reference.address
            literal = is_literal(value) and isinstance(value, str)
            named = module.named(_TEMPLATE_TYPE, value) if literal else None
            if named is not None:
                return named.address
    return "(launch template defined elsewhere)"


def _group(module: TfModule, block: TfBlock) -> AutoScalingGroup:
    launches = []
    configuration = whole_reference(block.get("launch_configuration"))
    if configuration is not None:
        launches.append(configuration.address)
    specs = list(block.children("launch_template"))
    for policy in block.children("mixed_instances_policy"):
        for template in policy.children("launch_template"):
            specs.extend(template.children("launch_template_specification"))
    launches.extend(_template_address(module, spec) for spec in specs)
    web = any(
        _tags_web(module, {tag.get("key"): tag.get("value")})
        and is_true(tag.get("propagate_at_launch"))
        for tag in block.children("tag")
    ) or list_is_web(module.resolve(block.get("tags")), require_propagation=True)
    return AutoScalingGroup(block.address, tuple(launches), web)


def _instance_profile(module: TfModule, block: TfBlock) -> InstanceProfile:
    roles = tuple(role_addresses(module, [block.get("role"), block.get("roles")]))
    name = block.get("name")
    return InstanceProfile(block.address, name if isinstance(name, str) else None, roles)


def _access_key(module: TfModule, block: TfBlock, exports: list[Export]) -> AccessKey:
    status = module.resolve(block.get("status"))
    active = not (isinstance(status, str) and status.strip().lower() == "inactive")
    return AccessKey(block.address, block.site, active, tuple(exports))


def _tags_web(module: TfModule, tags: Any) -> bool:
    tags = module.resolve(tags)
    if isinstance(tags, Call) and tags.name == "merge":
        return any(_tags_web(module, arg) for arg in tags.args)
    if isinstance(tags, dict):
        return map_is_web({key: module.resolve(value) for key, value in tags.items()})
    return False


def _provider_default_web(module: TfModule) -> bool:
    """default_tags on the module's default aws provider tag every instance it creates."""
    for provider in module.providers:
        if provider.labels[:1] == ("aws",) and provider.get("alias") is None:
            for default_tags in provider.children("default_tags"):
                if _tags_web(module, default_tags.get("tags")):
                    return True
    return False
