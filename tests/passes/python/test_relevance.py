from __future__ import annotations

import ast

import pytest

from scanner.passes.python import analysis
from scanner.passes.python.relevance import may_matter
from tests.passes.python.support import known_modules, run_pass


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
        ("import boto3\nfrom dotenv import load_dotenv\nload_dotenv()", True),
        ("from dotenv import load_dotenv\nload_dotenv()\nk = env['AWS_SECRET_ACCESS_KEY']", True),
        ("import environ\nenv.read_env()\nprint(aws_access_key_id)", True),
        ("os.environ.update(AWS_SHARED_CREDENTIALS_FILE=p)", True),
        ("import pydantic\nimport boto3\nclass C:\n    env_file = '.env'", True),
        ("from pydantic_settings import B\nS(_env_file='.env', aws_secret_access_key=s)", True),
        # An entry point assigned to a name and called by it.
        ("import boto3\nS = boto3.Session\nS(k, s)", True),
        ("from botocore.credentials import Credentials\nC: type = Credentials\nC(a, b)", True),
        ("import boto3\nS = boto3.Session\nS()", False),
        # Nothing that could become a finding: libcst is spared.
        ("import boto3\nboto3.client('s3')", False),
        ("import boto3\nboto3.client('s3', region_name='eu-west-1')", False),
        ("import boto3\nboto3.client('s3', 'r', None)", False),
        ("import boto3\nclient.list_objects(Bucket=b, token=t)", False),
        ("import boto3\nboto3.Session()", False),
        ("connect_to(aws_access_key_id=account_id)", False),
        ("url = 'https://docs.aws.amazon.com/credentials'", False),
        # ".aws" as a path segment, also in a path cut into pieces; not in a host name.
        ("p = home + '/.aws/' + 'credentials'", True),
        ("os.path.join(home, '.aws/', 'config')", True),
        ("p = 'C:\\\\Users\\\\me\\\\.aws\\\\credentials'", True),
        ("url = 'https://repost.aws/knowledge-center'", False),
        # Bytes name files too.
        ("open(b'/home/deploy/.aws/credentials')", True),
        ("os.putenv(b'AWS_SHARED_CREDENTIALS_FILE', b'/srv/keys')", True),
        ("getLogger('localstack.request.aws')", False),
        ("import botocore\nhelper(aws_access_key_id=k)", False),
        # A `.env` file is reported only where the module builds clients or names AWS keys,
        # and `env_file` only in pydantic settings (Docker's API has one too).
        ("from dotenv import load_dotenv\nload_dotenv()", False),
        ("import boto3\nclass C:\n    env_file = '.env'", False),
        ("import docker\nrun(image, env_file=None, aws_region=r)", False),
        ("from pydantic import BaseSettings\nS(_env_file='.env')", False),
    ],
)
def test_only_modules_that_could_hold_a_finding_reach_libcst(code: str, expected: bool) -> None:
    assert may_matter(ast.parse(code), code) is expected


@pytest.mark.parametrize(("name", "code"), known_modules())
def test_the_tree_screen_never_turns_away_a_finding(
    name: str, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    screened = run_pass(code)
    monkeypatch.setattr(analysis, "may_matter", lambda tree, code: True)
    whole = run_pass(code)
    assert (whole.findings, whole.notifications) == (screened.findings, screened.notifications)
