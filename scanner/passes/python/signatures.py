"""Where the AWS Python SDKs accept static credentials, by qualified name.

Positions mirror the SDKs' own signatures so that positional arguments count:
`boto3.client(service_name, region_name, api_version, use_ssl, verify, endpoint_url,
aws_access_key_id, aws_secret_access_key, aws_session_token, ...)`, the same for
`resource` and botocore's `create_client`; `Session(aws_access_key_id, aws_secret_access_key,
aws_session_token, ...)`; `Credentials(access_key, secret_key, token)`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

KEY_ID = "access_key_id"
SECRET = "secret_access_key"
TOKEN = "session_token"

_AWS_KEYWORDS = MappingProxyType(
    {"aws_access_key_id": KEY_ID, "aws_secret_access_key": SECRET, "aws_session_token": TOKEN}
)
_SHORT_KEYWORDS = MappingProxyType({"access_key": KEY_ID, "secret_key": SECRET, "token": TOKEN})


@dataclass(frozen=True)
class Signature:
    """Which positional index and which keyword carries which credential."""

    positions: tuple[str | None, ...]
    keywords: Mapping[str, str]

    def role_at(self, index: int) -> str | None:
        return self.positions[index] if index < len(self.positions) else None


CLIENT = Signature((None,) * 6 + (KEY_ID, SECRET, TOKEN), _AWS_KEYWORDS)
SESSION = Signature((KEY_ID, SECRET, TOKEN), _AWS_KEYWORDS)
DEFAULT_SESSION = Signature((), _AWS_KEYWORDS)
CREDENTIALS = Signature((KEY_ID, SECRET, TOKEN), _SHORT_KEYWORDS)

# Functions and constructors reached by their qualified name.
FUNCTIONS: Mapping[str, Signature] = MappingProxyType(
    {
        "boto3.client": CLIENT,
        "boto3.resource": CLIENT,
        "boto3.Session": SESSION,
        "boto3.session.Session": SESSION,
        "boto3.setup_default_session": DEFAULT_SESSION,
        "aioboto3.Session": SESSION,
        "aioboto3.session.Session": SESSION,
        "botocore.credentials.Credentials": CREDENTIALS,
        "botocore.credentials.ReadOnlyCredentials": CREDENTIALS,
        "aiobotocore.credentials.AioCredentials": CREDENTIALS,
    }
)

# Calls that return a session object, and the methods of that session that take keys.
BOTO3_SESSION_METHODS: Mapping[str, Signature] = MappingProxyType(
    {"client": CLIENT, "resource": CLIENT}
)
BOTOCORE_SESSION_METHODS: Mapping[str, Signature] = MappingProxyType(
    {"create_client": CLIENT, "set_credentials": CREDENTIALS}
)
SESSION_FACTORIES: Mapping[str, Mapping[str, Signature]] = MappingProxyType(
    {
        "boto3.Session": BOTO3_SESSION_METHODS,
        "boto3.session.Session": BOTO3_SESSION_METHODS,
        "boto3._get_default_session": BOTO3_SESSION_METHODS,
        "aioboto3.Session": BOTO3_SESSION_METHODS,
        "aioboto3.session.Session": BOTO3_SESSION_METHODS,
        "botocore.session.Session": BOTOCORE_SESSION_METHODS,
        "botocore.session.get_session": BOTOCORE_SESSION_METHODS,
        "aiobotocore.session.AioSession": BOTOCORE_SESSION_METHODS,
        "aiobotocore.session.get_session": BOTOCORE_SESSION_METHODS,
    }
)

SDK_MODULES = frozenset({"boto3", "botocore", "aioboto3", "aiobotocore"})

# On a receiver whose type is unknown (a parameter, an attribute), these methods are still
# the SDK's when the module imports an SDK: the names and keywords are the SDK's own.
INFERRED_METHODS: Mapping[str, Signature] = MappingProxyType(
    {**BOTO3_SESSION_METHODS, **BOTOCORE_SESSION_METHODS}
)


def method_of_factory(qualified_name: str) -> tuple[str, Signature] | None:
    """`boto3.Session.client` -> ("boto3.Session.client", CLIENT) for chained calls."""
    factory, _, method = qualified_name.rpartition(".")
    methods = SESSION_FACTORIES.get(factory)
    if methods is None or method not in methods:
        return None
    return qualified_name, methods[method]


# -- the names the screens look for -------------------------------------------------------
# The text prefilter (`prefilter.py`, `call_text.py`) must never turn away what the tree
# screen (`relevance.py`) keeps, so both read these from here.

# botocore's credential objects take `token=`; it counts only in a call of an entry point's
# name (pagination tokens are everywhere).
CREDENTIAL_KEYWORDS = frozenset({*_AWS_KEYWORDS, *_SHORT_KEYWORDS})
# Entry points that take keys in their first positions, and those that take them seventh.
POSITIONAL_ENTRY_NAMES = frozenset(
    {
        "Session",
        "AioSession",
        "Credentials",
        "ReadOnlyCredentials",
        "AioCredentials",
        "set_credentials",
    }
)
LONG_POSITIONAL_ENTRY_NAMES = frozenset({"client", "resource", "create_client"})
ENTRY_NAMES = POSITIONAL_ENTRY_NAMES | LONG_POSITIONAL_ENTRY_NAMES | {"setup_default_session"}
SHARED_FILE_VARIABLE = "AWS_SHARED_CREDENTIALS_FILE"
# pydantic settings' `.env` file, as a keyword or a class attribute.
ENV_FILE_KEYWORDS = frozenset({"env_file", "_env_file"})
DOTENV_LOADER_NAMES = frozenset({"load_dotenv", "dotenv_values", "read_env", "RepositoryEnv"})
# A `.env` file is reported only in a module that builds SDK clients or names AWS keys.
_AWS_KEY_WORDS_RE = re.compile(
    r"aws_?(?:access_?key_?id|secret_?access_?key|session_?token)|secret_?access_?key", re.I
)
# pydantic settings read `env_file`; elsewhere (Docker's API, say) the word means nothing.
SETTINGS_MODULES = frozenset({"pydantic", "pydantic_settings"})


def deals_with_aws_keys(text: str) -> bool:
    return _AWS_KEY_WORDS_RE.search(text) is not None


# Methods that fill a mapping in place: `opts.update(key=value)`, `opts.setdefault("key", v)`.
# What they add is read as the mapping's, as `opts["key"] = value` is.
MAPPING_MUTATORS = frozenset({"update", "setdefault"})
