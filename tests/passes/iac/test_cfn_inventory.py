from __future__ import annotations

import pytest

from scanner.passes.iac.cfn_inventory import build_inventory
from scanner.passes.iac.cfn_template import Template, load_document
from scanner.passes.iac.model import Inventory, ProfileState

IAM = """
Conditions:
  C: !Equals [!Ref "AWS::Region", us-east-1]
Resources:
  RoleA:
    Type: AWS::IAM::Role
    Properties:
      RoleName: role-a
  RoleB:
    Type: AWS::IAM::Role
  ProfA:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref RoleA]
  ProfB:
    Type: AWS::IAM::InstanceProfile
    Properties:
      InstanceProfileName: profile-b
      Roles: [!Ref RoleB]
"""


def _inventory(resources: str) -> Inventory:
    text = IAM + resources
    return build_inventory(Template("t.yaml", text, load_document(text)))


@pytest.mark.parametrize(
    ("setting", "state", "profiles"),
    [
        ("!Ref ProfA", ProfileState.PRESENT, ("ProfA",)),
        ("!If [C, !Ref ProfA, !Ref AWS::NoValue]", ProfileState.PRESENT, ("ProfA",)),
        ("{'Fn::If': [C, {Ref: ProfA}, {Ref: AWS::NoValue}]}", ProfileState.PRESENT, ("ProfA",)),
        ("!If [C, !Ref ProfA, !GetAtt ProfB.Arn]", ProfileState.PRESENT, ("ProfA", "ProfB")),
        ("!If [C, profile-b, !Ref ProfileParameter]", ProfileState.PRESENT, ("ProfB",)),
        ("!If [C, !If [D, !Ref ProfB, ''], !Ref AWS::NoValue]", ProfileState.PRESENT, ("ProfB",)),
        ("!Select [0, [!Ref ProfA]]", ProfileState.PRESENT, ("ProfA",)),
        # Chosen by whoever deploys the stack: present, nothing in the template to follow.
        ("!If [C, !Ref ProfileParameter, !Ref AWS::NoValue]", ProfileState.PRESENT, ()),
        ("!ImportValue shared-profile", ProfileState.PRESENT, ()),
        ("!Ref AWS::NoValue", ProfileState.ABSENT, ()),
        ("''", ProfileState.EMPTY, ()),
    ],
)
def test_instance_profile_follows_every_branch(
    setting: str, state: ProfileState, profiles: tuple[str, ...]
) -> None:
    inventory = _inventory(
        f"  Inst:\n    Type: AWS::EC2::Instance\n    Properties:\n"
        f"      IamInstanceProfile: {setting}\n"
    )
    profile = inventory.launches[0].profile
    assert (profile.state, profile.profiles) == (state, profiles)


@pytest.mark.parametrize(
    ("setting", "state", "profiles"),
    [
        ("{Arn: !GetAtt ProfA.Arn}", ProfileState.PRESENT, ("ProfA",)),
        ("{Arn: !If [C, !GetAtt ProfA.Arn, !Ref AWS::NoValue]}", ProfileState.PRESENT, ("ProfA",)),
        ("!If [C, {Name: !Ref ProfB}, !Ref AWS::NoValue]", ProfileState.PRESENT, ("ProfB",)),
        (
            "!If [C, {Arn: !GetAtt ProfA.Arn}, {Name: profile-b}]",
            ProfileState.PRESENT,
            ("ProfA", "ProfB"),
        ),
        ("{Name: !Ref ProfileParameter}", ProfileState.PRESENT, ()),
        ("{}", ProfileState.EMPTY, ()),
        ("!Ref AWS::NoValue", ProfileState.ABSENT, ()),
    ],
)
def test_launch_template_profile_follows_every_branch(
    setting: str, state: ProfileState, profiles: tuple[str, ...]
) -> None:
    inventory = _inventory(
        "  Tpl:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n"
        f"      LaunchTemplateData:\n        IamInstanceProfile: {setting}\n"
    )
    profile = inventory.launches[0].profile
    assert (profile.state, profile.profiles) == (state, profiles)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ("[!If [C, !Ref RoleA, !Ref RoleB]]", ("RoleA", "RoleB")),
        ("!If [C, [!Ref RoleB], [role-a]]", ("RoleB", "RoleA")),
        ("[!If [C, !Ref RoleA, !Ref AWS::NoValue]]", ("RoleA",)),
    ],
)
def test_profile_roles_follow_every_branch(roles: str, expected: tuple[str, ...]) -> None:
    inventory = _inventory(
        f"  ProfC:\n    Type: AWS::IAM::InstanceProfile\n    Properties:\n      Roles: {roles}\n"
    )
    assert inventory.profiles["ProfC"].roles == expected


@pytest.mark.parametrize(
    ("arns", "expected"),
    [
        (
            "[!If [C, arn:aws:iam::aws:policy/AdministratorAccess, !Ref AWS::NoValue]]",
            ["RoleC.ManagedPolicyArns[0]"],
        ),
        (
            "!If [C, [arn:aws:iam::aws:policy/ReadOnlyAccess], "
            "[!Sub 'arn:${AWS::Partition}:iam::aws:policy/IAMFullAccess']]",
            ["RoleC.ManagedPolicyArns[1]"],
        ),
        ("!If [C, [arn:aws:iam::aws:policy/ReadOnlyAccess], !Ref AWS::NoValue]", []),
    ],
)
def test_managed_policy_arns_follow_every_branch(arns: str, expected: list[str]) -> None:
    inventory = _inventory(
        f"  RoleC:\n    Type: AWS::IAM::Role\n    Properties:\n      ManagedPolicyArns: {arns}\n"
    )
    assert [grant.key for grant in inventory.grants] == expected


@pytest.mark.parametrize(
    ("specifications", "expected"),
    [
        (
            [
                "IamInstanceProfile: {Arn: !GetAtt ProfA.Arn}\n"
                "            TagSpecifications:\n"
                "              - ResourceType: instance\n"
                "                Tags: [{Key: Tier, Value: Web}]"
            ],
            [("Fleet", ProfileState.PRESENT, ("ProfA",), True)],
        ),
        (
            ["ImageId: ami-1", "IamInstanceProfile: {}"],
            [
                ("Fleet[0]", ProfileState.ABSENT, (), False),
                ("Fleet[1]", ProfileState.EMPTY, (), False),
            ],
        ),
    ],
)
def test_each_spot_fleet_launch_specification_is_a_launch_definition(
    specifications: list[str],
    expected: list[tuple[str, ProfileState, tuple[str, ...], bool]],
) -> None:
    listed = "".join(f"          - {body}\n" for body in specifications)
    inventory = _inventory(
        "  Fleet:\n    Type: AWS::EC2::SpotFleet\n    Properties:\n"
        "      SpotFleetRequestConfigData:\n        LaunchSpecifications:\n" + listed
    )
    assert [
        (launch.address, launch.profile.state, launch.profile.profiles, launch.web_tagged)
        for launch in inventory.launches
    ] == expected
