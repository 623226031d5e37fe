from __future__ import annotations

import ast

import pytest

from scanner.passes.python.relevance import may_matter


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import boto3\nboto3.client('s3', aws_access_key_id=k)", True),
        ("import boto3\nboto3.client('s3', **opts)", True),
        ("import boto3\nboto3.client('s3', 'r', None, True, None, None, k)", True),
        ("from boto3.session import Session\nSession(k, s)", True),
        ("from botocore.credentials import Credentials\nCredentials(access_key=k)", True),
        ("from boto3 import client as make\nmake('s3')", True),
        ("open('/root/.aws/credentials')", True),
        ("os.path.join(home, '.aws', 'config')", True),
        ("os.environ['AWS_SHARED_CREDENTIALS_FILE'] = p", True),
        ("from dotenv import load_dotenv\nload_dotenv()", True),
        ("os.environ.update(AWS_SHARED_CREDENTIALS_FILE=p)", True),
        ("class C:\n    env_file = '.env'", True),
        ("S(_env_file='.env')", True),
        # Nothing that could become a finding: libcst is spared.
        ("import boto3\nboto3.client('s3')", False),
        ("import boto3\nboto3.client('s3', region_name='eu-west-1')", False),
        ("import boto3\nboto3.client('s3', 'r', None)", False),
        ("import boto3\nclient.list_objects(Bucket=b, token=t)", False),
        ("import boto3\nboto3.Session()", False),
        ("connect_to(aws_access_key_id=account_id)", False),
        ("url = 'https://docs.aws.amazon.com/credentials'", False),
        ("import botocore\nhelper(aws_access_key_id=k)", False),
    ],
)
def test_only_modules_that_could_hold_a_finding_reach_libcst(code: str, expected: bool) -> None:
    assert may_matter(ast.parse(code)) is expected
