"""A neutral picture of what the IaC declares, shared by Terraform and CloudFormation.

The loaders translate resources into these records, resolving references within their
scope (a module directory, a template); the rules then reason only about launch
definitions, profiles, roles, grants, access keys and user data.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from scanner.models import Region


@dataclass(frozen=True)
class Site:
    """Where the user has to edit: a file and a region in it."""

    path: str
    region: Region


class LaunchKind(str, enum.Enum):
    INSTANCE = "instance"
    TEMPLATE = "launch template"
    CONFIGURATION = "launch configuration"
    # One `launch_specification` of a spot fleet request: the instances it launches.
    SPOT_SPECIFICATION = "spot fleet launch specification"


class ProfileState(str, enum.Enum):
    ABSENT = "absent"
    EMPTY = "empty"
    PRESENT = "present"


@dataclass(frozen=True)
class ProfileSetting:
    """The instance profile a launch definition names.

    `profiles` are the addresses of profiles declared in the same scope that the setting may
    name: every branch of a conditional counts. A name or import defined elsewhere is
    PRESENT with no `profiles`.
    """

    state: ProfileState
    site: Site | None = None
    profiles: tuple[str, ...] = ()


@dataclass(frozen=True)
class LaunchDefinition:
    address: str
    kind: LaunchKind
    site: Site
    profile: ProfileSetting
    template: str | None = None
    web_tagged: bool = False


@dataclass(frozen=True)
class AutoScalingGroup:
    address: str
    launches: tuple[str, ...]
    web_tagged: bool


@dataclass(frozen=True)
class InstanceProfile:
    address: str
    name: str | None
    roles: tuple[str, ...]


class GrantLevel(str, enum.Enum):
    ADMIN = "admin"
    SERVICE = "service-wide"


@dataclass(frozen=True)
class Grant:
    """One over-broad permission attached to a role, and where it is written."""

    role: str
    level: GrantLevel
    description: str
    site: Site
    key: str


@dataclass(frozen=True)
class Export:
    """A place an access key's secret is written to."""

    description: str
    site: Site


@dataclass(frozen=True)
class AccessKey:
    address: str
    site: Site
    active: bool
    exports: tuple[Export, ...] = ()


@dataclass(frozen=True)
class UserData:
    """Decoded boot script text of one launch definition or provisioner.

    `span_text[span_start:span_end]` is the file's text the value was read from, starting
    at `span_line` and `span_column`, so a finding can point at the line that sets a key
    when the script is written out there. (A template's whole text is shared by its records
    with these bounds, not copied into each.) `key_references` are the `${...}` expressions
    that stand for an access key created in the same scope.
    """

    owner: str
    attribute: str
    text: str
    site: Site
    span_text: str = ""
    span_line: int = 1
    span_column: int = 1
    key_references: frozenset[str] = frozenset()
    span_start: int = 0
    span_end: int | None = None


@dataclass
class Inventory:
    """Everything one scope (a Terraform module, a CloudFormation template) declares."""

    scope: str
    launches: list[LaunchDefinition] = field(default_factory=list)
    groups: list[AutoScalingGroup] = field(default_factory=list)
    profiles: dict[str, InstanceProfile] = field(default_factory=dict)
    grants: list[Grant] = field(default_factory=list)
    access_keys: list[AccessKey] = field(default_factory=list)
    user_data: list[UserData] = field(default_factory=list)
