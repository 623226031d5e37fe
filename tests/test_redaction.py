"""No report, message or error line carries a whole key, whoever wrote it into the input."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.cli import main
from scanner.keyshape import redact
from scanner.models import Finding, Notification, NotificationKind, Region, RelatedLocation

KEY_ID = "AKIAQ4ZJ7XWNB3HRT2KD"
SECRET = "t7Rk2Lw9QpZx4Vb8Nc3Md6Fh1Jg5Ks0Ae/Yu+Io2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"resource {KEY_ID} has no profile", "resource AKIA************T2KD has no profile"),
        (f"lower {KEY_ID.lower()} too", "lower AKIA************T2KD too"),
        (f"secret {SECRET}.", f"secret {'*' * 36}+Io2."),
        ("already AKIA************T2KD", "already AKIA************T2KD"),
        (
            "a git sha c8216ab0be34c8d34c8241b7e5a5f8f1fb04cb35",
            "a git sha c8216ab0be34c8d34c8241b7e5a5f8f1fb04cb35",
        ),
        ("AROAQ4ZJ7XWNB3HRT2KD is a role id", "AROAQ4ZJ7XWNB3HRT2KD is a role id"),
        ("", ""),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_records_redact_what_passes_quote() -> None:
    finding = Finding(
        "iam-user-access-key",
        "main.tf",
        Region(1),
        f"aws_iam_access_key.{KEY_ID} creates a key",
        "id",
        properties={"resource": f"aws_iam_access_key.{KEY_ID}", "names": (SECRET,), "count": 2},
        related=(RelatedLocation("main.tf", Region(2), f"output {KEY_ID}"),),
    )
    note = Notification("x", NotificationKind.ERROR, "pass-error", f"failed near {SECRET}")
    flat = repr((finding, note))
    assert KEY_ID not in flat
    assert SECRET not in flat
    assert finding.properties["count"] == 2


TERRAFORM = f'''
resource "aws_iam_user" "deployer" {{
  name = "deployer"
}}

resource "aws_iam_access_key" "{KEY_ID}" {{
  user = aws_iam_user.deployer.name
}}

output "o_{KEY_ID}" {{
  value     = aws_iam_access_key.{KEY_ID}.secret
  sensitive = true
}}

resource "aws_instance" "{KEY_ID}" {{
  ami           = "ami-12345678"
  instance_type = "t3.micro"
}}
'''


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_key_ids_in_resource_names_never_reach_a_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    (tmp_path / "main.tf").write_text(TERRAFORM, encoding="utf-8")
    (tmp_path / "app.py").write_text(
        f"x = 1  # credsweep: ignore[{KEY_ID.lower()}]\n", encoding="utf-8"
    )
    status = main(["scan", str(tmp_path), "--format", fmt, "--warn-unused-suppressions", "-v"])
    captured = capsys.readouterr()
    assert status == 1
    assert "iam-user-access-key" in captured.out
    for text in (captured.out, captured.err):
        assert KEY_ID not in text.upper()


# A secret split over adjacent literals is never a 40-character token in the source, so the
# masking of whole secrets cannot catch it: no message may quote the source it sits in.
_HALVES = (SECRET[:20], SECRET[20:])
SPLIT_SECRETS = {
    "dict-literal": (
        "import os, boto3\n"
        'c = boto3.client(**{"aws_access_key_id": os.environ["X"],'
        f' "aws_secret_access_key": os.environ.get("Y", "{_HALVES[0]}" "{_HALVES[1]}")}})\n'
    ),
    "dict-call": (
        "import boto3\n"
        f'c = boto3.client(**dict(aws_access_key_id="{KEY_ID[:10]}" "{KEY_ID[10:]}",'
        f' aws_secret_access_key=("{_HALVES[0]}"\n "{_HALVES[1]}")))\n'
    ),
}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
@pytest.mark.parametrize("source", SPLIT_SECRETS.values(), ids=SPLIT_SECRETS)
def test_a_secret_split_over_literals_is_quoted_by_no_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, source: str
) -> None:
    (tmp_path / "app.py").write_text(source, encoding="utf-8")
    status = main(["scan", str(tmp_path), "--format", fmt, "-v"])
    captured = capsys.readouterr()
    assert status == 1
    assert "boto3-hardcoded-credentials" in captured.out
    for text in (captured.out, captured.err):
        assert not any(half in text for half in _HALVES)
        assert KEY_ID[:10] not in text
