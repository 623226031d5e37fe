"""Files whose whole purpose is to hold credentials.

Such a file is reported once (line 1) beside its key findings, because the fix differs:
the file itself must leave the repository, not just the key inside it. An ordinary config
file that happens to hold a key gets only the key findings.
"""

from __future__ import annotations

import re

_PROFILE_SECTION = re.compile(r"^[ \t]{0,8}\[[^\]\n]{1,128}\][ \t]{0,8}$", re.MULTILINE)

_BY_NAME = {
    ".s3cfg": "s3cmd configuration file",
    ".boto": "boto configuration file",
    "boto.cfg": "boto configuration file",
    ".passwd-s3fs": "s3fs password file",
    "passwd-s3fs": "s3fs password file",
}


def credential_file_kind(path: str, text: str) -> str | None:
    """What kind of credential file `path` is, or None for any other file."""
    parts = path.split("/")
    name = parts[-1]
    if len(parts) >= 2 and parts[-2] == ".aws" and name in ("credentials", "config"):
        return f"AWS shared {name} file"
    if name == "credentials" and _PROFILE_SECTION.search(text) is not None:
        return "AWS shared credentials file"
    if name in _BY_NAME:
        return _BY_NAME[name]
    if name == ".env" or name.startswith(".env.") or (name.endswith(".env") and len(name) > 4):
        return "dotenv file"
    if _is_console_download(name, text):
        return "IAM console key download"
    return None


# The CSV files the IAM console offers when a user or an access key is created, and the root
# key file it once did: saved into a project, they are the very keys it hands out.
_CONSOLE_NAMES = ("new_user_credentials.csv", "credentials.csv", "rootkey.csv")
_CONSOLE_SUFFIX = "_accesskeys.csv"
_CONSOLE_HEADERS = ("access key id,secret access key", "user name,password,access key id")


def _is_console_download(name: str, text: str) -> bool:
    lowered = name.lower()
    if lowered in _CONSOLE_NAMES or lowered.endswith(_CONSOLE_SUFFIX):
        return True
    if not lowered.endswith(".csv"):
        return False
    header = text[:200].lstrip("\ufeff").lower()
    return header.startswith(_CONSOLE_HEADERS)
