from __future__ import annotations

import pytest

from scanner.passes.python.entry_points import entry_point_of
from tests.passes.python.support import last_call, with_index


def entry(code: str) -> tuple[str, bool] | None:
    def work(index):  # type: ignore[no-untyped-def]
        found = entry_point_of(last_call(index), index)
        return None if found is None else (found.name, found.inferred)

    return with_index(code, work)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import boto3\nboto3.client('s3')", ("boto3.client", False)),
        ("import boto3 as b3\nb3.resource('s3')", ("boto3.resource", False)),
        ("from boto3 import client as c\nc('s3')", ("boto3.client", False)),
        ("import boto3\nboto3.Session()", ("boto3.Session", False)),
        ("from boto3.session import Session\nSession()", ("boto3.session.Session", False)),
        ("import boto3.session\nboto3.session.Session()", ("boto3.session.Session", False)),
        ("import boto3\nboto3.setup_default_session()", ("boto3.setup_default_session", False)),
        ("import aioboto3\naioboto3.Session()", ("aioboto3.Session", False)),
        (
            "from botocore.credentials import Credentials\nCredentials('a', 'b')",
            ("botocore.credentials.Credentials", False),
        ),
        (
            "import botocore.credentials as bc\nbc.ReadOnlyCredentials('a', 'b', None, None)",
            ("botocore.credentials.ReadOnlyCredentials", False),
        ),
        # Chains on a fresh session, resolved by libcst's qualified names.
        ("import boto3\nboto3.Session().client('s3')", ("boto3.Session.client", False)),
        (
            "from boto3.session import Session\nSession().resource('s3')",
            ("boto3.session.Session.resource", False),
        ),
        (
            "from botocore.session import get_session\nget_session().create_client('s3')",
            ("botocore.session.get_session.create_client", False),
        ),
        # A session bound to a name, to self, or awaited.
        ("import boto3\ns = boto3.Session()\ns.client('s3')", ("boto3.Session.client", False)),
        (
            "import botocore.session\ns = botocore.session.Session()\ns.set_credentials('a', 'b')",
            ("botocore.session.Session.set_credentials", False),
        ),
        (
            "from aiobotocore.session import AioSession\n"
            "class A:\n    def __init__(self):\n        self.s = AioSession()\n"
            "    def c(self):\n        return self.s.create_client('s3')",
            ("aiobotocore.session.AioSession.create_client", False),
        ),
        # A session whose origin is unknown: the SDK's keyword names decide.
        (
            "import boto3\ndef f(s):\n    s.client('s3', aws_access_key_id=k)",
            ("boto3.Session.client", True),
        ),
        (
            "import botocore\ndef f(s):\n    s.set_credentials(a, b)",
            ("botocore.session.Session.set_credentials", True),
        ),
        # An entry point assigned to a name, every binding of which is one.
        ("import boto3\nS = boto3.session.Session\nS(a, b)", ("boto3.session.Session", False)),
        (
            "import boto3, aioboto3\nif x:\n    S = boto3.Session\n"
            "else:\n    S = aioboto3.Session\nS(a, b)",
            ("boto3.Session", False),
        ),
    ],
)
def test_entry_points_through_every_import_form(code: str, expected: tuple[str, bool]) -> None:
    assert entry(code) == expected


@pytest.mark.parametrize(
    "code",
    [
        "import boto3\ndef f(s):\n    s.client('s3')",
        "def f(s):\n    s.client('s3', aws_access_key_id=k)",
        "import boto3\nboto3.Session().get_credentials()",
        "import boto3\nmy_client('s3', aws_access_key_id='x')",
        "import requests\nrequests.Session().get('u')",
        "import boto3\ns = boto3.Session()\ns.set_credentials('a', 'b')",
        # Rebound to something else, the name no longer stands for the entry point.
        "import boto3\nS = boto3.Session\nS = dict\nS(a, b)",
        "import boto3\nS = boto3.Session().client\nS('s3', aws_access_key_id=k)",
    ],
)
def test_calls_that_are_not_entry_points(code: str) -> None:
    assert entry(code) is None
