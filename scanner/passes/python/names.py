"""Word lists that label where a runtime value comes from; labels only, never verdicts.

Every non-literal source already yields the explicit-credentials warning; these words only
choose the provenance shown to the user (config, secrets store, temporary, ...).
"""

from __future__ import annotations

import re

ENVIRONMENT_GETTERS = frozenset(
    {"os.getenv", "os.environ.get", "os.environ.setdefault", "os.environ.pop"}
)
ENVIRONMENT_MAPPINGS = frozenset({"os.environ"})

_CONFIG_RE = re.compile(r"settings|config|conf\b|cfg|options|params|env\b|environ", re.I)
_SECRETS_RE = re.compile(r"secret|vault|ssm|parameter|kms|decrypt|keyring|credstash", re.I)

# STS responses and credential objects of a running session hold temporary keys.
TEMPORARY_CONTAINERS = frozenset({"Credentials"})
TEMPORARY_FIELDS = frozenset({"AccessKeyId", "SecretAccessKey", "SessionToken"})
TEMPORARY_CALLS = frozenset(
    {
        "assume_role",
        "assume_role_with_saml",
        "assume_role_with_web_identity",
        "get_session_token",
        "get_federation_token",
        "get_credentials",
        "get_frozen_credentials",
        "get_role_credentials",
    }
)
CREDENTIAL_ATTRIBUTES = frozenset({"access_key", "secret_key", "token"})
# `iam.create_access_key(...)["AccessKey"]`: a new long-term key of an IAM user.
CREATED_KEY_CONTAINERS = frozenset({"AccessKey"})
CREATED_KEY_CALLS = frozenset({"create_access_key"})


def looks_like_config(name: str) -> bool:
    return _CONFIG_RE.search(name) is not None


def looks_like_secrets_store(name: str) -> bool:
    return _SECRETS_RE.search(name) is not None
