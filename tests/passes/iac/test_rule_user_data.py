from __future__ import annotations

import base64

import pytest

from scanner.models import Level, PassSettings
from scanner.passes.iac import rule_user_data
from scanner.passes.iac.cloudformation import scan_template
from scanner.passes.iac.model import Inventory, UserData

from .inventories import site

KEY_ID = "AKIAFPG5EDX24BJ3KHYG"
SCRIPT = f"#!/bin/bash\nexport AWS_ACCESS_KEY_ID={KEY_ID}\n"
SPAN = f"user_data = <<-EOT\n    #!/bin/bash\n    export AWS_ACCESS_KEY_ID={KEY_ID}\n  EOT"


@pytest.mark.parametrize(
    ("user_data", "expected"),
    [
        # Written out in the file: the finding points at the line that sets the key.
        (UserData("i", "user_data", SCRIPT, site(4), SPAN, 4, 3), [(6, 12)]),
        # Encoded: nothing in the file to point at but the attribute.
        (
            UserData("i", "user_data_base64", base64.b64encode(SCRIPT.encode()).decode(), site(4)),
            [(4, 1)],
        ),
        (UserData("i", "user_data", "#!/bin/bash\necho hello\n", site(4), SPAN, 4, 3), []),
    ],
)
def test_location(user_data: UserData, expected: list[tuple[int, int]]) -> None:
    findings = rule_user_data.check(Inventory("m", user_data=[user_data]))
    assert [(f.region.start_line, f.region.start_column) for f in findings] == expected
    assert all(f.level is Level.ERROR for f in findings)
    assert all(KEY_ID not in f.message for f in findings)


def test_two_settings_of_one_variable_get_distinct_identities() -> None:
    script = f"export AWS_ACCESS_KEY_ID={KEY_ID}\nexport AWS_ACCESS_KEY_ID={KEY_ID}\n"
    findings = rule_user_data.check(
        Inventory("m", user_data=[UserData("i", "user_data", script, site(1))])
    )
    assert len({f.identity for f in findings}) == 2


SECRET = "rTrKB4rK7TFYpqXl+/obtYGcm6VLlnz2yzHbVkqu"
_JOINED = f"""AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      UserData:
        Fn::Base64:
          Fn::Join:
            - ""
            - - "export AWS_SECRET_ACCESS_KEY="
              - "{SECRET}\\n"
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: ci
  Split:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      UserData:
        Fn::Base64: !Join ["", ["export AWS_SECRET_ACCESS_KEY=", !GetAtt Key.SecretAccessKey]]
  Written:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      UserData:
        Fn::Base64: !Sub |
          export AWS_SECRET_ACCESS_KEY=${{Key.SecretAccessKey}}
"""


def test_a_setting_split_over_joined_strings_is_placed_in_its_own_resource() -> None:
    result = scan_template("stack.yaml", _JOINED, PassSettings())
    found = sorted(
        (f.properties["resource"], f.region.start_line)
        for f in result.findings
        if f.rule_id == "user-data-static-credentials"
    )
    # The literal secret at its own line; the split reference at its own UserData (it ran into
    # the next resource's written-out setting); the written-out one at its line.
    assert found == [("Split", 21), ("Web", 12), ("Written", 29)]
