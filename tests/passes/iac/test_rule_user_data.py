from __future__ import annotations

import base64

import pytest

from scanner.models import Level
from scanner.passes.iac import rule_user_data
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
