"""Translate a CloudFormation (or SAM) template into the neutral inventory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scanner.passes.iac.cfn_iam import grants
from scanner.passes.iac.cfn_template import Template
from scanner.passes.iac.cfn_user_data import access_key_exports, user_data
from scanner.passes.iac.cfn_values import intrinsic, possible_values, referenced_resource
from scanner.passes.iac.model import (
    AccessKey,
    AutoScalingGroup,
    InstanceProfile,
    Inventory,
    LaunchDefinition,
    LaunchKind,
    ProfileSetting,
    ProfileState,
)
from scanner.passes.iac.tags import list_is_web

_PROFILE = "AWS::IAM::InstanceProfile"
_TEMPLATE = "AWS::EC2::LaunchTemplate"


def build_inventory(template: Template) -> Inventory:
    inventory = Inventory(scope=template.path)
    for logical_id, properties in template.of_type("AWS::EC2::Instance"):
        inventory.launches.append(_instance(template, logical_id, properties))
    for logical_id, properties in template.of_type(_TEMPLATE):
        inventory.launches.append(_launch_template(template, logical_id, properties))
    for logical_id, properties in template.of_type("AWS::AutoScaling::LaunchConfiguration"):
        profile = _profile_setting(template, properties, "IamInstanceProfile")
        site = template.resource_site(logical_id)
        inventory.launches.append(
            LaunchDefinition(logical_id, LaunchKind.CONFIGURATION, site, profile)
        )
    for logical_id, properties in template.of_type("AWS::EC2::SpotFleet"):
        inventory.launches.extend(_spot_specifications(template, logical_id, properties))
    for logical_id, properties in template.of_type("AWS::AutoScaling::AutoScalingGroup"):
        inventory.groups.append(_group(template, logical_id, properties))
    for logical_id, properties in template.of_type(_PROFILE):
        roles = template.role_ids(properties.get("Roles"))
        name = properties.get("InstanceProfileName")
        inventory.profiles[logical_id] = InstanceProfile(
            logical_id, name if isinstance(name, str) else None, roles
        )
    inventory.grants.extend(grants(template))
    records = list(user_data(template))
    exports = access_key_exports(template, records)
    for logical_id, properties in template.of_type("AWS::IAM::AccessKey"):
        status = properties.get("Status")
        active = not (isinstance(status, str) and status.strip().lower() == "inactive")
        site = template.resource_site(logical_id)
        found = tuple(exports.get(logical_id, ()))
        inventory.access_keys.append(AccessKey(logical_id, site, active, found))
    inventory.user_data.extend(records)
    return inventory


def _instance(
    template: Template, logical_id: str, properties: Mapping[str, Any]
) -> LaunchDefinition:
    profile = _profile_setting(template, properties, "IamInstanceProfile")
    specification = properties.get("LaunchTemplate")
    used = _template_id(template, specification) if specification is not None else None
    web = list_is_web(properties.get("Tags"))
    site = template.resource_site(logical_id)
    return LaunchDefinition(logical_id, LaunchKind.INSTANCE, site, profile, used, web)


def _launch_template(
    template: Template, logical_id: str, properties: Mapping[str, Any]
) -> LaunchDefinition:
    data = properties.get("LaunchTemplateData")
    data = data if isinstance(data, Mapping) else {}
    profile = _template_profile(template, data)
    web = any(
        list_is_web(spec.get("Tags"))
        for spec in _list(data.get("TagSpecifications"))
        + _list(properties.get("TagSpecifications"))
        if isinstance(spec, Mapping)
    )
    site = template.resource_site(logical_id)
    return LaunchDefinition(logical_id, LaunchKind.TEMPLATE, site, profile, None, web)


def _spot_specifications(
    template: Template, logical_id: str, properties: Mapping[str, Any]
) -> list[LaunchDefinition]:
    """Each of a spot fleet's LaunchSpecifications launches instances with its own
    `IamInstanceProfile: {Arn: ...}` and tags; its LaunchTemplateConfigs point at templates,
    which are reported for themselves."""
    config = properties.get("SpotFleetRequestConfigData")
    config = config if isinstance(config, Mapping) else {}
    specifications = _mappings(config.get("LaunchSpecifications"))
    launches = []
    for number, spec in enumerate(specifications):
        address = logical_id if len(specifications) == 1 else f"{logical_id}[{number}]"
        web = any(
            list_is_web(tags.get("Tags"))
            for tags in _mappings(spec.get("TagSpecifications"))
            if tags.get("ResourceType") in ("instance", None)
        )
        # At the specification itself (its first key), as Terraform's block is.
        first = next(iter(spec), None)
        site = (
            template.resource_site(logical_id) if first is None else template.key_site(spec, first)
        )
        kind = LaunchKind.SPOT_SPECIFICATION
        launches.append(
            LaunchDefinition(address, kind, site, _spot_profile(template, spec), None, web)
        )
    return launches


def _spot_profile(template: Template, spec: Mapping[str, Any]) -> ProfileSetting:
    nested = spec.get("IamInstanceProfile")
    if not isinstance(nested, Mapping) or intrinsic(nested) is not None:
        # Absent, or an intrinsic (`Fn::If`, a parameter): read as any profile setting.
        return _profile_setting(template, spec, "IamInstanceProfile")
    profile = _profile_setting(template, nested, "Arn")
    if profile.state is ProfileState.ABSENT:
        return ProfileSetting(ProfileState.EMPTY, template.key_site(spec, "IamInstanceProfile"))
    return profile


def _mappings(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in _list(value) if isinstance(item, Mapping)]


def _template_profile(template: Template, data: Mapping[str, Any]) -> ProfileSetting:
    """LaunchTemplateData.IamInstanceProfile: an Arn or Name, or an `Fn::If` between such."""
    nested = data.get("IamInstanceProfile")
    if nested is None or referenced_resource(nested) == "AWS::NoValue":
        return ProfileSetting(ProfileState.ABSENT)
    settings = [
        _profile_setting(template, specification, key)
        for specification in possible_values(nested)
        if isinstance(specification, Mapping) and intrinsic(specification) is None
        for key in ("Arn", "Name")
    ]
    site = template.key_site(data, "IamInstanceProfile")
    written = isinstance(nested, Mapping) and intrinsic(nested) is None
    if written and all(setting.state is not ProfileState.PRESENT for setting in settings):
        return ProfileSetting(ProfileState.EMPTY, site)
    profiles = tuple(dict.fromkeys(found for s in settings for found in s.profiles))
    return ProfileSetting(ProfileState.PRESENT, site, profiles)


def _profile_setting(template: Template, properties: Mapping[str, Any], key: str) -> ProfileSetting:
    if key not in properties:
        return ProfileSetting(ProfileState.ABSENT)
    value = properties[key]
    site = template.key_site(properties, key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return ProfileSetting(ProfileState.EMPTY, site)
    if referenced_resource(value) == "AWS::NoValue":
        return ProfileSetting(ProfileState.ABSENT)
    # Every profile of this template a branch of an `Fn::If` may name is followed to its
    # role. A parameter, an import or an `AWS::NoValue` branch leaves the choice to whoever
    # deploys the stack, as a Terraform variable does: the setting counts as present.
    choices = (_profile_id(template, choice) for choice in possible_values(value))
    profiles = tuple(dict.fromkeys(found for found in choices if found))
    return ProfileSetting(ProfileState.PRESENT, site, profiles)


def _profile_id(template: Template, value: Any) -> str | None:
    target = referenced_resource(value)
    if target is not None:
        return target if template.type_of(target) == _PROFILE else None
    if isinstance(value, str) and value:
        return template.find(_PROFILE, "InstanceProfileName", value)
    return None


def _template_id(template: Template, specification: Any) -> str:
    if isinstance(specification, Mapping):
        for key in ("LaunchTemplateId", "LaunchTemplateName"):
            target = referenced_resource(specification.get(key))
            if target is not None and template.type_of(target) == _TEMPLATE:
                return target
            value = specification.get(key)
            if isinstance(value, str):
                named = template.find(_TEMPLATE, "LaunchTemplateName", value)
                if named:
                    return named
    return "(launch template defined elsewhere)"


def _group(template: Template, logical_id: str, properties: Mapping[str, Any]) -> AutoScalingGroup:
    launches = []
    configuration = referenced_resource(properties.get("LaunchConfigurationName"))
    if configuration is not None:
        launches.append(configuration)
    specifications = [properties.get("LaunchTemplate")]
    mixed = properties.get("MixedInstancesPolicy")
    if isinstance(mixed, Mapping) and isinstance(mixed.get("LaunchTemplate"), Mapping):
        specifications.append(mixed["LaunchTemplate"].get("LaunchTemplateSpecification"))
    launches.extend(_template_id(template, spec) for spec in specifications if spec is not None)
    web = list_is_web(properties.get("Tags"), require_propagation=True)
    return AutoScalingGroup(logical_id, tuple(launches), web)


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []
