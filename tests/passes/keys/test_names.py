from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.passes.keys.names import (
    Strength,
    aws_context_before,
    has_aws_word,
    mentions_aws_sdk,
    normalise,
    secret_name_strength,
)


@pytest.mark.parametrize(
    ("name", "strength"),
    [
        ("aws_secret_access_key", Strength.STRONG),
        ("AWS_SECRET_ACCESS_KEY", Strength.STRONG),
        ("AWS_SECRET_KEY", Strength.STRONG),
        ("aws_secret", Strength.STRONG),
        ("secretAccessKey", Strength.STRONG),
        ("SecretAccessKey", Strength.STRONG),
        ("--aws-secret-access-key", Strength.STRONG),
        ("spring.cloud.aws.credentials.secret-key", Strength.STRONG),
        ("fs.s3a.secret.key", Strength.STRONG),
        ("s3_secret_key", Strength.STRONG),
        ("secret_key", Strength.WEAK),
        ("SecretKey", Strength.WEAK),
        ("secret", Strength.WEAK),
        ("minio-secret-key", Strength.WEAK),
        ("client_secret", Strength.NONE),
        ("JWT_SECRET", Strength.NONE),
        ("aws_session_token_secret", Strength.NONE),
        ("secretKeyRef", Strength.NONE),
        ("SecretArn", Strength.NONE),
        ("aws_secret_name", Strength.NONE),
        ("aws_secret_access_key_id", Strength.NONE),
        ("CACHE_KEY", Strength.NONE),
        ("aws_access_key_id", Strength.NONE),
    ],
)
def test_secret_name_strength(name: str, strength: Strength) -> None:
    assert secret_name_strength(name) is strength


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("AWS_Secret-Access.Key", "awssecretaccesskey"),
        ("secretAccessKey", "secretaccesskey"),
        ("Ünïcode_Sécret²", "ünïcodesécret²"),
        ("a\u200bb c\tD", "abcd"),
    ],
)
def test_normalise(name: str, normalised: str) -> None:
    assert normalise(name) == normalised


@given(st.text())
def test_normalise_keeps_exactly_the_letters_and_digits(name: str) -> None:
    assert normalise(name) == "".join(c for c in name.lower() if c.isalnum())


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('provider "aws" {', True),
        ("[aws]", True),
        ("AWS_REGION=x", True),
        ("awsRegion: x", True),
        ("Aws::S3::Client", True),
        ("qawsUAc:function", False),
        ("laws and draws", False),
        ("awesome", False),
    ],
)
def test_has_aws_word(text: str, found: bool) -> None:
    assert has_aws_word(text) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('provider "aws" {\n  region = "x"\n  secret_key = V\n}', True),
        ("aws:\n" + "  x: 1\n" * 11 + "  secret_key: V", True),
        ("aws:\n" + "  x: 1\n" * 13 + "  secret_key: V", False),
        ("app:\n  secret_key: V  # aws", True),
        ("a" * 3000 + " aws " + "b" * 2000 + " secret_key: V", False),
        ("django:\n  secret_key: V", False),
    ],
)
def test_aws_context_before(text: str, found: bool) -> None:
    assert aws_context_before(text, text.index("secret_key")) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("import boto3", True),
        ("from botocore.credentials import Credentials", True),
        ('import { S3Client } from "@aws-sdk/client-s3";', True),
        ('require "aws-sdk-s3"', True),
        ("import com.amazonaws.auth.BasicAWSCredentials;", True),
        ("Aws::S3::Client.new", True),
        ("import requests", False),
        ("from django.conf import settings", False),
    ],
)
def test_mentions_aws_sdk(text: str, found: bool) -> None:
    assert mentions_aws_sdk(text) is found
