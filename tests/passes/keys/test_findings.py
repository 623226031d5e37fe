from __future__ import annotations

import json

import pytest

from scanner.keyshape import account_id_of, sha256_hex
from scanner.models import Level
from scanner.passes.keys.candidate import Candidate, Kind
from scanner.passes.keys.findings import (
    credential_file_finding,
    key_id_finding,
    secret_finding,
)
from scanner.source import SourceFile

from .fakes import KEY, SECRET, TEMP_KEY

SOURCE = SourceFile.from_text("app/settings.py", f"a = 1\nK = '{KEY}'\nS = '{SECRET}'\n")


def _candidate(kind: Kind, value: str, encoding: str = "") -> Candidate:
    start = SOURCE.text.index(value) if value in SOURCE.text else 0
    return Candidate(kind, value, start, start + len(value), "assigned to S", encoding)


@pytest.mark.parametrize(
    ("value", "level", "key_type"),
    [(KEY, Level.ERROR, "long-term"), (TEMP_KEY, Level.WARNING, "temporary")],
)
def test_key_id_finding(value: str, level: Level, key_type: str) -> None:
    finding = key_id_finding(SOURCE, _candidate(Kind.KEY_ID, value))
    assert finding.rule_id == "aws-access-key-id"
    assert finding.level is level
    assert finding.identity == sha256_hex(value)
    assert finding.properties["key_type"] == key_type
    assert finding.properties.get("account_id") == account_id_of(value)
    assert value not in finding.message
    assert value[:4] + "*" * 12 + value[-4:] in finding.message
    assert "instance profile" in finding.message


def test_key_id_region_is_the_key() -> None:
    finding = key_id_finding(SOURCE, _candidate(Kind.KEY_ID, KEY))
    assert (finding.region.start_line, finding.region.start_column) == (2, 6)
    assert finding.region.end_column == 6 + len(KEY)


@pytest.mark.parametrize("encoding", ["", "base64", "percent"])
def test_secret_finding_never_holds_the_secret(encoding: str) -> None:
    finding = secret_finding(SOURCE, _candidate(Kind.SECRET, SECRET, encoding))
    assert finding.rule_id == "aws-secret-access-key"
    assert finding.level is Level.ERROR
    assert finding.identity == sha256_hex(SECRET)
    assert finding.region.start_line == 3
    serialised = json.dumps([finding.message, dict(finding.properties)])
    assert SECRET not in serialised
    assert SECRET[:8] not in serialised
    assert "Rotate" in finding.message and "instance profile" in finding.message
    assert (encoding in finding.message) if encoding else ("encoded" not in finding.message)


def test_credential_file_finding() -> None:
    keys = [_candidate(Kind.SECRET, SECRET), _candidate(Kind.KEY_ID, KEY)]
    finding = credential_file_finding(SOURCE, "dotenv file", keys)
    assert finding.rule_id == "aws-credentials-file"
    assert finding.region.start_line == 1
    assert SECRET not in finding.message
    assert finding.message.index(KEY[-4:]) < finding.message.index(SECRET[-4:])
    reordered = credential_file_finding(SOURCE, "dotenv file", keys[::-1])
    assert finding.identity == reordered.identity
