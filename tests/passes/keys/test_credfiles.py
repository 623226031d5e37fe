from __future__ import annotations

import pytest

from scanner.passes.keys.credfiles import credential_file_kind

PROFILES = "[default]\naws_access_key_id = x\n"


@pytest.mark.parametrize(
    ("path", "text", "kind"),
    [
        ("deploy/.aws/credentials", "x=1", "AWS shared credentials file"),
        (".aws/config", "", "AWS shared config file"),
        ("ops/credentials", PROFILES, "AWS shared credentials file"),
        ("ops/credentials", "just text", None),
        ("home/.s3cfg", "", "s3cmd configuration file"),
        (".boto", "", "boto configuration file"),
        ("etc/boto.cfg", "", "boto configuration file"),
        (".passwd-s3fs", "", "s3fs password file"),
        (".env", "", "dotenv file"),
        ("web/.env.production", "", "dotenv file"),
        ("config/app.env", "", "dotenv file"),
        ("settings.cfg", PROFILES, None),
        ("config.json", "", None),
        ("values.yaml", "", None),
        ("environment.py", "", None),
        (".envrc", "", None),
        (".env-sample.txt", "", None),
        ("aws/config", "", None),
        # What the IAM console hands out: by name, or by the header of a renamed copy.
        ("keys/deploy-bot_accessKeys.csv", "", "IAM console key download"),
        ("new_user_credentials.csv", "", "IAM console key download"),
        ("ops/rootkey.csv", "", "IAM console key download"),
        ("saved.csv", "Access key ID,Secret access key\nA,B\n", "IAM console key download"),
        ("saved.csv", "\ufeffAccess key ID,Secret access key\n", "IAM console key download"),
        (
            "users.csv",
            "User name,Password,Access key ID,Secret access key,Console login link\n",
            "IAM console key download",
        ),
        ("report.csv", "name,access key id\n", None),
        ("accessKeys.txt", "Access key ID,Secret access key\n", None),
    ],
)
def test_credential_file_kind(path: str, text: str, kind: str | None) -> None:
    assert credential_file_kind(path, text) == kind
