"""Turn candidates into findings: masked messages, digests as identities.

The raw value is used twice here, and only through `mask` and `sha256_hex`, so nothing
downstream (reports, logs, baselines) can ever see a whole key.
"""

from __future__ import annotations

from collections.abc import Iterable

from scanner.keyshape import account_id_of, key_type, mask, sha256_hex
from scanner.models import Finding, Level, PropertyValue
from scanner.passes.keys.candidate import Candidate
from scanner.source import SourceFile
from scanner.wording import counted

KEY_ID_RULE = "aws-access-key-id"
SECRET_RULE = "aws-secret-access-key"
CREDENTIAL_FILE_RULE = "aws-credentials-file"

_ROLE_ADVICE = "give the workload an IAM role through an instance profile instead"


def key_id_finding(source: SourceFile, candidate: Candidate) -> Finding:
    kind = key_type(candidate.value)
    properties: dict[str, PropertyValue] = {"key_type": kind}
    account = account_id_of(candidate.value)
    if account is not None:
        properties["account_id"] = account
    if candidate.encoding:
        properties["encoding"] = candidate.encoding
    if kind == "temporary":
        message = (
            f"Hard-coded temporary AWS access key id {mask(candidate.value)}{_how(candidate)}. "
            f"Delete it from the code; it comes from an STS session, so {_ROLE_ADVICE}."
        )
        level = Level.WARNING
    else:
        message = (
            f"Hard-coded AWS access key id {mask(candidate.value)}{_how(candidate)}. "
            f"Deactivate and delete this key in IAM, remove it from the code, and {_ROLE_ADVICE}."
        )
        level = Level.ERROR
    return _finding(source, candidate, KEY_ID_RULE, message, level, properties)


def secret_finding(source: SourceFile, candidate: Candidate) -> Finding:
    properties: dict[str, PropertyValue] = {"evidence": candidate.evidence}
    if candidate.encoding:
        properties["encoding"] = candidate.encoding
    message = (
        f"Hard-coded AWS secret access key {mask(candidate.value)} "
        f"({candidate.evidence}{_encoded(candidate)}). Rotate the key pair, delete the old "
        f"key, move the secret out of the code, and {_ROLE_ADVICE}."
    )
    return _finding(source, candidate, SECRET_RULE, message, Level.ERROR, properties)


def credential_file_finding(source: SourceFile, kind: str, keys: Iterable[Candidate]) -> Finding:
    # Key ids (20 characters) before secrets (40): the id is what a reader recognises.
    values = sorted({candidate.value for candidate in keys}, key=lambda v: (len(v), v))
    shown = ", ".join(mask(value) for value in values[:3])
    message = (
        f"Committed {kind} holding {counted(len(values), 'AWS key value')} ({shown}). Remove"
        f" the file from the repository and its history, rotate the keys, and {_ROLE_ADVICE}."
    )
    identity = sha256_hex("\n".join(sha256_hex(value) for value in values))
    return Finding(
        rule_id=CREDENTIAL_FILE_RULE,
        path=source.path,
        region=source.region(0, len(source.line(1)) or 1),
        message=message,
        identity=identity,
        level=Level.ERROR,
        properties={"file_kind": kind},
    )


def _finding(
    source: SourceFile,
    candidate: Candidate,
    rule_id: str,
    message: str,
    level: Level,
    properties: dict[str, PropertyValue],
) -> Finding:
    return Finding(
        rule_id=rule_id,
        path=source.path,
        region=source.region(candidate.start, candidate.end),
        message=message,
        identity=sha256_hex(candidate.value),
        level=level,
        properties=properties,
    )


def _how(candidate: Candidate) -> str:
    return f" ({_encoded(candidate).lstrip(', ')})" if candidate.encoding else ""


def _encoded(candidate: Candidate) -> str:
    return f", {candidate.encoding}-encoded" if candidate.encoding else ""
