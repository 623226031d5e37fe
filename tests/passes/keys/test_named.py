from __future__ import annotations

import base64
import json

import pytest

from scanner.passes.keys.named import find_named_secrets
from scanner.source import SourceFile

from .fakes import SECRET, SECRET2

S = SECRET
B64 = base64.b64encode(S.encode()).decode()
NOTEBOOK = json.dumps(
    {"cells": [{"cell_type": "code", "source": ["import boto3\n", f'aws_secret = "{S}"\n']}]},
    indent=1,
)


def _lines(text: str, *, weak_names_ok: bool = False) -> list[int]:
    source = SourceFile.from_text("f", text)
    found = list(find_named_secrets(source.text, weak_names_ok=weak_names_ok, extra=frozenset()))
    assert all(candidate.value == S for candidate in found)
    return [source.position(candidate.start)[0] for candidate in found]


@pytest.mark.parametrize(
    ("syntax", "text", "lines"),
    [
        ("python", f'aws_secret_access_key = "{S}"', [1]),
        ("python-kwarg", f"boto3.client('s3', aws_secret_access_key='{S}')", [1]),
        ("python-dict", f'OPTS = {{\n    "aws_secret_access_key": "{S}",\n}}', [2]),
        ("python-environ", f'os.environ["AWS_SECRET_ACCESS_KEY"] = "{S}"', [1]),
        ("python-setdefault", f'os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "{S}")', [1]),
        ("python-split", f'AWS_SECRET = (\n    "{S[:20]}"\n    "{S[20:]}"\n)', [2]),
        ("js", f'const secretAccessKey = "{S}";', [1]),
        ("js-object", f"new S3({{ credentials: {{ secretAccessKey: '{S}' }} }})", [1]),
        ("ts-concat", f"const awsSecret: string = '{S[:12]}' +\n  '{S[12:]}';", [1]),
        ("json", f'{{"SecretAccessKey": "{S}"}}', [1]),
        ("json-escaped-slash", f'{{"aws_secret": "{S.replace("/", chr(92) + "/")}"}}', [1]),
        ("yaml", f"aws:\n  aws_secret_access_key: {S}", [2]),
        ("yaml-quoted", f"aws_secret_access_key: '{S}'", [1]),
        ("ini", f"[default]\naws_secret_access_key = {S}", [2]),
        ("dotenv", f"AWS_SECRET_ACCESS_KEY={S}", [1]),
        ("shell", f'export AWS_SECRET_ACCESS_KEY="{S}"', [1]),
        ("cli-flag", f"aws configure set --aws-secret-access-key {S}", [1]),
        ("dockerfile", f"ENV AWS_SECRET_ACCESS_KEY {S}", [1]),
        ("dockerfile-lower", f"ENV aws_secret_access_key={S}", [1]),
        ("terraform-provider", f'provider "aws" {{\n  secret_key = "{S}"\n}}', [2]),
        ("terraform-default", f'variable "aws_secret_key" {{\n  default = "{S}"\n}}', [2]),
        ("xml-tag", f"<secretAccessKey>{S}</secretAccessKey>", [1]),
        ("xml-property", f'<property name="aws.secretKey" value="{S}"/>', [1]),
        ("k8s-env", f"- name: AWS_SECRET_ACCESS_KEY\n  value: {S}", [2]),
        ("ecs-json", f'{{"name": "AWS_SECRET_ACCESS_KEY", "value": "{S}"}}', [1]),
        ("notebook", NOTEBOOK, [NOTEBOOK[: NOTEBOOK.index(S)].count("\n") + 1]),
        ("url-query", f"s3://b/k?aws_secret_access_key={S.replace('/', '%2F')}&x=1", [1]),
        ("base64-value", f"AWS_SECRET_ACCESS_KEY: {B64}", [1]),
        ("hadoop", f"<name>fs.s3a.secret.key</name>\n<value>{S}</value>", [2]),
        ("php", f"'aws_secret' => '{S}',", [1]),
        ("ruby-symbol", f":secret_access_key => '{S}'", [1]),
        ("weak-with-aws", f"# aws credentials\nsecret_key = {S}", [2]),
        (
            "weak-in-sdk-code",
            "import botocore.auth\n" + "x = 1\n" * 30 + f"    secret_key = '{S}'",
            [32],
        ),
    ],
)
def test_secret_found_in_each_syntax(syntax: str, text: str, lines: list[int]) -> None:
    assert _lines(text) == lines, syntax


@pytest.mark.parametrize(
    ("why", "text"),
    [
        ("generic name", f"CACHE_KEY={S}"),
        ("weak name without aws", f"secret_key = {S}"),
        ("other system's secret", f'client_secret = "{S}"'),
        ("from the environment", 'aws_secret_access_key = os.environ["AWS_SECRET_ACCESS_KEY"]'),
        ("terraform variable", "secret_key = var.audit_credentials.secret_access_key"),
        ("template", "aws_secret_access_key: ${AWS_SECRET_ACCESS_KEY}"),
        ("angle placeholder", "aws_secret_access_key = <your-secret-access-key>"),
        ("replace me", "aws_secret_key: REPLACE_ME_WITH_YOUR_40_CHARACTER_SECRET"),
        ("documented example", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("emulator dummy", 'aws_secret_access_key="testing"'),
        ("hex digest", "aws_secret_access_key = c8216ab0be34c8d34c8241b7e5a5f8f1fb04cb35"),
        ("too long", f"aws_secret_access_key = {S}Q"),
        ("too short", f"aws_secret_access_key = {S[:-1]}"),
        ("secret ref", f"secretKeyRef:\n  name: {S}"),
        (
            "value of a later entry",
            f"- name: AWS_SECRET_ACCESS_KEY\n  valueFrom: x\n- name: B\n  value: {S}",
        ),
    ],
)
def test_no_secret(why: str, text: str) -> None:
    assert _lines(text) == [], why


def test_weak_name_counts_in_a_credential_file() -> None:
    assert _lines(f"[default]\nsecret_key = {S}", weak_names_ok=True) == [2]


def test_region_is_the_value_itself() -> None:
    text = f'x = 1\naws_secret_access_key = "{S}"\n'
    (candidate,) = find_named_secrets(text, weak_names_ok=False, extra=frozenset())
    assert text[candidate.start : candidate.end] == S
    assert candidate.evidence == "assigned to aws_secret_access_key"


def test_evidence_never_holds_the_value() -> None:
    # A secret with no "/" or "+" can be part of a name; the message must still not show it.
    plain = "".join(c for c in S + SECRET2 if c.isalnum())[:40]
    text = f'config.aws_secret_{plain} = "{plain}"'
    candidates = list(find_named_secrets(text, weak_names_ok=False, extra=frozenset()))
    assert [c.value for c in candidates] == [plain]
    assert plain not in candidates[0].evidence
    assert candidates[0].evidence.endswith(plain[-4:])
