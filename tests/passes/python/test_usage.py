from __future__ import annotations

import pytest

from scanner import keyshape
from scanner.models import Level
from scanner.passes.python.usage import PROVENANCE_WORDS
from scanner.passes.python.values import Provenance
from tests.passes.python.support import KEY, SECRET, fake_key_id, run_pass

HARDCODED = "boto3-hardcoded-credentials"
EXPLICIT = "boto3-explicit-credentials"


def by_rule(code: str) -> dict[str, list[tuple[int, Level | None]]]:
    found: dict[str, list[tuple[int, Level | None]]] = {}
    for finding in run_pass(code).findings:
        found.setdefault(finding.rule_id, []).append((finding.region.start_line, finding.level))
    return {rule: sorted(items, key=lambda item: item[0]) for rule, items in found.items()}


def test_a_literal_pair_gives_the_usage_finding_and_both_key_findings() -> None:
    code = (
        f'import boto3\nK = "{KEY}"\nboto3.client("s3", aws_access_key_id=K,\n'
        f'    aws_secret_access_key="{SECRET}")\n'
    )
    assert by_rule(code) == {
        HARDCODED: [(3, Level.ERROR)],
        "aws-access-key-id": [(2, Level.ERROR)],
        "aws-secret-access-key": [(4, Level.ERROR)],
    }


def test_key_findings_use_the_key_pass_identity_and_properties() -> None:
    temporary = fake_key_id("ASIA", seed=3)
    code = f'from botocore.credentials import Credentials\nCredentials("{temporary}", "{SECRET}")\n'
    findings = {f.rule_id: f for f in run_pass(code).findings}
    key_id = findings["aws-access-key-id"]
    assert key_id.identity == keyshape.sha256_hex(temporary)
    assert key_id.level is Level.WARNING
    assert key_id.properties["key_type"] == "temporary"
    assert findings["aws-secret-access-key"].identity == keyshape.sha256_hex(SECRET)


def test_no_whole_secret_reaches_a_message_property_or_related_location() -> None:
    code = (
        f'import boto3\nboto3.client("s3", aws_access_key_id="{KEY}",\n'
        f'    aws_secret_access_key="{SECRET}")\n'
    )
    for finding in run_pass(code).findings:
        texts = [finding.message, *map(str, finding.properties.values())]
        texts += [related.message for related in finding.related]
        assert not any(SECRET in text or KEY in text for text in texts), finding.rule_id


def test_the_usage_finding_spans_the_call_and_relates_each_argument() -> None:
    code = (
        'import os, boto3\nc = boto3.client(\n    "s3",\n    aws_access_key_id=os.environ["A"],\n'
        '    aws_secret_access_key=os.getenv("B"),\n)\n'
    )
    (finding,) = run_pass(code).findings
    assert finding.rule_id == EXPLICIT and finding.level is Level.WARNING
    assert (finding.region.start_line, finding.region.start_column) == (2, 5)
    assert finding.region.end_line == 6
    assert [(r.region.start_line, r.message) for r in finding.related] == [
        (4, "aws_access_key_id: environment"),
        (5, "aws_secret_access_key: environment"),
    ]
    assert finding.properties["provenance"] == "environment"
    assert finding.properties["entry_point"] == "boto3.client"
    assert finding.properties["credential_sources"] == (
        "aws_access_key_id=environment",
        "aws_secret_access_key=environment",
    )


@pytest.mark.parametrize(
    "variant",
    [
        "import os, boto3\n\n\ndef f():\n"
        '    return boto3.client("s3",   aws_access_key_id=os.environ["A"])\n',
        'import os, boto3\nx = boto3.client(\n    "s3",\n'
        '    aws_access_key_id=os.environ["A"]\n)\n',
    ],
)
def test_usage_identity_survives_reformatting_and_moving(variant: str) -> None:
    original = 'import os, boto3\nboto3.client("s3", aws_access_key_id=os.environ["A"])\n'
    (before,) = run_pass(original).findings
    (after,) = run_pass(variant).findings
    assert before.identity == after.identity


def test_one_result_per_call_even_with_several_credential_arguments() -> None:
    code = f'import os, boto3\nboto3.Session("{KEY}", os.environ["S"], os.environ["T"])\n'
    assert [line for line, _ in by_rule(code)[HARDCODED]] == [2]
    assert EXPLICIT not in by_rule(code)


def test_extra_placeholders_silence_a_literal() -> None:
    code = f'import boto3\nboto3.client("s3", aws_access_key_id="{KEY}")\n'
    result = run_pass(code, extra_placeholders=frozenset({KEY}))
    assert result.findings == ()


@pytest.mark.parametrize(
    ("value", "words", "label"),
    [
        ('os.environ["AK"]', "the environment", "environment"),
        ('json.load(open("s.json"))["ak"]', "a value known only at run time", "unknown"),
        ("settings.AWS_KEY", "configuration", "config"),
        ("AKIAIOSFODNN7EXAMPLE", "AWS's documented example key", "documented-example"),
    ],
)
def test_the_explicit_message_says_where_the_key_comes_from_in_words(
    value: str, words: str, label: str
) -> None:
    literal = value.startswith("AKIA")
    argument = f'"{value}"' if literal else value
    code = (
        "import json, os, boto3\nfrom django.conf import settings\n"
        f'boto3.client("s3", aws_access_key_id={argument})\n'
    )
    (finding,) = [f for f in run_pass(code).findings if f.rule_id == EXPLICIT]
    assert f"(aws_access_key_id from {words})" in finding.message
    # Reports' properties keep the label machines read.
    assert finding.properties["provenance"] == label


def test_every_label_an_explicit_finding_can_carry_has_words() -> None:
    harmless = {Provenance.NONE.value, Provenance.TEMPORARY.value}
    labels = {p.value for p in Provenance} - harmless | {"documented-example"}
    assert set(PROVENANCE_WORDS) == labels
