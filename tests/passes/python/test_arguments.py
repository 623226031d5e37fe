from __future__ import annotations

import pytest

from scanner.passes.python.arguments import credential_arguments
from scanner.passes.python.signatures import CLIENT, CREDENTIALS, SESSION, Signature
from tests.passes.python.support import last_call, run_pass, with_index


def arguments(code: str, signature: Signature) -> list[tuple[str, str, str]]:
    def work(index):  # type: ignore[no-untyped-def]
        found = credential_arguments(last_call(index), signature, index)
        return [(a.role, a.label, index.code(a.expression)) for a in found]

    return with_index(code, work)


@pytest.mark.parametrize(
    ("code", "signature", "expected"),
    [
        (
            "f('s3', aws_access_key_id=a, aws_secret_access_key=b, aws_session_token=c)",
            CLIENT,
            [
                ("access_key_id", "aws_access_key_id", "a"),
                ("secret_access_key", "aws_secret_access_key", "b"),
                ("session_token", "aws_session_token", "c"),
            ],
        ),
        (
            "f('s3', 'r', None, True, None, None, k, s, t)",
            CLIENT,
            [
                ("access_key_id", "argument 7", "k"),
                ("secret_access_key", "argument 8", "s"),
                ("session_token", "argument 9", "t"),
            ],
        ),
        ("f('s3', 'r')", CLIENT, []),
        (
            "f(k, s)",
            SESSION,
            [("access_key_id", "argument 1", "k"), ("secret_access_key", "argument 2", "s")],
        ),
        ("f(*args, k)", SESSION, []),
        (
            "f(access_key=k, token=t)",
            CREDENTIALS,
            [("access_key_id", "access_key", "k"), ("session_token", "token", "t")],
        ),
        ("f(profile_name='p', region_name='r')", SESSION, []),
        (
            "O = {'aws_access_key_id': k, 'region_name': 'r'}\nf('s3', **O)",
            CLIENT,
            [("access_key_id", "**O['aws_access_key_id']", "k")],
        ),
        (
            "B = {'aws_access_key_id': k}\nf('s3', **{**B, 'aws_secret_access_key': s})",
            CLIENT,
            # A literal unpacked in place is named by its keys: its source is no name.
            [
                ("access_key_id", "aws_access_key_id", "k"),
                ("secret_access_key", "aws_secret_access_key", "s"),
            ],
        ),
        (
            "f('s3', **dict(aws_access_key_id=k))",
            CLIENT,
            [("access_key_id", "aws_access_key_id", "k")],
        ),
        (
            "def g():\n    o = dict(aws_access_key_id=k)\n    o['aws_secret_access_key'] = s\n"
            "    f('s3', **o)",
            CLIENT,
            [
                ("access_key_id", "**o['aws_access_key_id']", "k"),
                ("secret_access_key", "**o['aws_secret_access_key']", "s"),
            ],
        ),
        ("def g(**kw):\n    f('s3', **kw)", CLIENT, []),
        # A mapping filled in place: update() with keywords or a mapping, setdefault(), |=.
        (
            "o = {'region_name': 'r'}\no.update(aws_access_key_id=k)\n"
            "o.update({'aws_secret_access_key': s}, aws_session_token=t)\nf('s3', **o)",
            CLIENT,
            [
                ("access_key_id", "**o['aws_access_key_id']", "k"),
                ("session_token", "**o['aws_session_token']", "t"),
                ("secret_access_key", "**o['aws_secret_access_key']", "s"),
            ],
        ),
        (
            "def g():\n    o = {}\n    o.setdefault('aws_access_key_id', k)\n"
            "    o |= {'aws_secret_access_key': s}\n    f('s3', **o)",
            CLIENT,
            [
                ("access_key_id", "**o['aws_access_key_id']", "k"),
                ("secret_access_key", "**o['aws_secret_access_key']", "s"),
            ],
        ),
        # Filled after the call, in the same scope: that call did not see it.
        ("o = {}\nf('s3', **o)\no['aws_secret_access_key'] = s", CLIENT, []),
        # `self.opts` filled in place in one method and unpacked in another.
        (
            "class C:\n    def __init__(self):\n        self.o = {}\n"
            "    def fill(self):\n        self.o.update(aws_access_key_id=k)\n"
            "        self.o['aws_secret_access_key'] = s\n"
            "    def make(self):\n        f('s3', **self.o)",
            CLIENT,
            [
                ("access_key_id", "**self.o['aws_access_key_id']", "k"),
                ("secret_access_key", "**self.o['aws_secret_access_key']", "s"),
            ],
        ),
        # Not a mapping's own entries: another object's update(), setdefault without a value.
        ("o = {}\nother.update(aws_access_key_id=k)\no.setdefault('x')\nf('s3', **o)", CLIENT, []),
    ],
)
def test_keywords_positions_and_mappings(
    code: str, signature: Signature, expected: list[tuple[str, str, str]]
) -> None:
    assert arguments(code, signature) == expected


_ENV = "os.environ['APP_KEY']"
_EXPLICIT = "boto3-explicit-credentials"


@pytest.mark.parametrize(
    ("code", "reported"),
    [
        (
            f"opts = {{}}\nopts.update(aws_access_key_id={_ENV})\nc = boto3.client('s3', **opts)\n",
            True,
        ),
        (
            f"opts = {{}}\nc = boto3.client('s3', **opts)\nopts.update(aws_access_key_id={_ENV})\n",
            False,
        ),
        (
            "def make():\n    opts = {}\n    c = boto3.client('s3', **opts)\n"
            f"    opts.setdefault('aws_access_key_id', {_ENV})\n    return c\n",
            False,
        ),
        # Filled in another function: when it runs is not known, so it counts.
        (
            "OPTS = {}\ndef configure():\n"
            f"    OPTS.update(aws_access_key_id={_ENV})\n"
            "def make():\n    return boto3.client('s3', **OPTS)\n",
            True,
        ),
        (
            "class C:\n    def __init__(self):\n        self.opts = {}\n"
            f"    def fill(self):\n        self.opts['aws_access_key_id'] = {_ENV}\n"
            "    def make(self):\n        return boto3.client('s3', **self.opts)\n",
            True,
        ),
        (
            "class C:\n    def __init__(self):\n        self.opts = {}\n"
            f"    def fill(self):\n        self.opts |= {{'aws_access_key_id': {_ENV}}}\n"
            "    def make(self):\n        return boto3.client('s3', **self.opts)\n",
            True,
        ),
    ],
    ids=["before", "after", "after-in-a-function", "other-function", "self-item", "self-ior"],
)
def test_a_mapping_counts_as_filled_where_the_call_can_see_the_fill(
    code: str, reported: bool
) -> None:
    rules = {f.rule_id for f in run_pass("import os\nimport boto3\n" + code).findings}
    assert (_EXPLICIT in rules) is reported
