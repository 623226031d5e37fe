"""Which names say "AWS secret access key", and where AWS is the context.

A name is reduced to its lower-case letters and digits, so `aws_secret_access_key`,
`AWS-SECRET-ACCESS-KEY`, `awsSecretAccessKey` and `aws.secret.access.key` read the same.
"""

from __future__ import annotations

import enum
import functools
import re


class Strength(enum.Enum):
    NONE = 0
    # Means an AWS secret only where AWS is the context: `secret_key`, `SecretKey`, `secret`.
    WEAK = 1
    # Says AWS secret by itself: `aws_secret_access_key`, `secretAccessKey`, `s3_secret_key`.
    STRONG = 2


# Secrets of other systems that happen to share the word "secret".
_OTHER_SECRETS = (
    "client",
    "jwt",
    "token",
    "webhook",
    "oauth",
    "csrf",
    "cookie",
    "consumer",
    "session",
    "signing",
    "django",
    "flask",
)
_NOT_A_VALUE = ("arn", "name", "ref", "path", "file", "manager", "version")
_NOT_AWS_SECRET = _OTHER_SECRETS + _NOT_A_VALUE

# "aws" as a word of its own: `provider "aws"`, `[aws]`, `AWS_REGION`, `awsRegion`; not the
# inside of a token such as `qawsUAc` or `laws`. The window searched is bounded by callers.
_AWS_WORD = re.compile(r"(?<![A-Za-z])(?:aws|AWS|Aws)(?![a-z])")


# Words that only a file using an AWS SDK contains: there, `secret_key` is AWS's.
_SDK_MARKERS = ("boto3", "botocore", "aws-sdk", "aws_sdk", "amazonaws", "Aws::", "aioboto")


def mentions_aws_sdk(text: str) -> bool:
    return any(marker in text for marker in _SDK_MARKERS)


# Everything but letters and digits (`\w` is `str.isalnum()` and the underscore): one
# substitution, where a character-by-character join cost a third of the named-secret search.
_NOT_ALNUM = re.compile(r"[\W_]+")


def normalise(name: str) -> str:
    return _NOT_ALNUM.sub("", name.lower())


# Files that hold secret names hold the same few many times over (`SecretId` in every test
# of a secrets service), so each distinct name is classified once per process.
@functools.lru_cache(maxsize=4096)
def secret_name_strength(name: str) -> Strength:
    norm = normalise(name)
    if "secret" not in norm or norm.endswith(("id", "ids")):
        return Strength.NONE
    if any(word in norm for word in _NOT_AWS_SECRET):
        return Strength.NONE
    if "secretaccesskey" in norm or "aws" in norm or "s3" in norm:
        return Strength.STRONG
    return Strength.WEAK


def has_aws_word(text: str) -> bool:
    return _AWS_WORD.search(text) is not None


def aws_context_before(text: str, pos: int, *, lines: int = 12, limit: int = 1500) -> bool:
    """Whether "aws" is a word on the line of `pos` or one of the `lines` lines above it.

    The window is bounded in characters too, so a minified one-line file costs the same.
    """
    begin = max(0, pos - limit)
    start = pos
    for _ in range(lines + 1):
        newline = text.rfind("\n", begin, start)
        if newline < 0:
            start = begin
            break
        start = newline
    line_end = text.find("\n", pos)
    end = min(len(text) if line_end < 0 else line_end, pos + 200)
    return has_aws_word(text[start:end])
