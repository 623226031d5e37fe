from __future__ import annotations

import ast
import warnings

import pytest

from scanner.passes.python.prefilter import is_candidate, may_hold_findings
from scanner.passes.python.relevance import may_matter
from scanner.source import SourceFile
from tests.passes.python.support import known_modules


@pytest.mark.parametrize(
    ("path", "text", "wanted"),
    [
        # File reads: any module.
        ("app.py", "open('~/.aws/credentials')\n", True),
        ("app.py", "p = Path.home() / '.aws' / 'config'\n", True),
        ("app.py", 'p = f"{home}/.aws{sep}credentials"\n', True),
        ("app.py", "os.environ['AWS_SHARED_CREDENTIALS_FILE'] = p\n", True),
        # A `.env` file only where the module names an SDK or AWS keys (the only modules the
        # rule reports one in), pydantic's `env_file` only beside pydantic's name.
        ("app.py", "import boto3\nfrom dotenv import load_dotenv\nload_dotenv()\n", True),
        ("app.py", "env = environ.Env()\nenv.read_env()\nk = env('AWS_SECRET_ACCESS_KEY')\n", True),
        (
            "app.py",
            "from pydantic_settings import BaseSettings\nclass S(BaseSettings):\n"
            "    model_config = SettingsConfigDict(env_file='.env')\n    aws_access_key_id: str\n",
            True,
        ),
        ("app.py", "from dotenv import load_dotenv\nload_dotenv()\n", False),
        ("app.py", "env = environ.Env()\nenv.read_env()\n", False),
        ("app.py", "import boto3\ndocker.run(image, env_file=None)\n", False),
        ("app.py", "from localstack.aws.api import RequestContext\n", False),
        ("app.py", "url = 'https://docs.aws.amazon.com/'\n", False),
        # ".aws" only as a path segment: not in a host or a dotted name.
        ("app.py", "url = 'https://repost.aws/knowledge-center'\n", False),
        ("app.py", "log = getLogger('localstack.request.aws')\n", False),
        ("app.py", "p = home + '/.aws/' + 'credentials'\n", True),
        ("app.py", "p = f'{home}/.aws/{name}'\n", True),
        ("app.py", "p = f'{home}.aws{sep}'\n", True),
        ("app.py", "p = '/\\\n.aws/credentials'\n", True),
        # Keys passed to an SDK entry point.
        ("app.py", "import boto3\nboto3.client('s3', aws_access_key_id=k)\n", True),
        ("app.py", "import boto3\nboto3.client('s3',\n    aws_session_token =t)\n", True),
        ("app.py", "from botocore.credentials import Credentials\nCredentials(a, b)\n", True),
        ("app.py", "import boto3\nboto3.Session(\n    key, secret)\n", True),
        ("app.py", "import boto3\nc = boto3.client \\\n    ('s3', aws_access_key_id=k)\n", True),
        ("app.py", "import boto3\nc = (boto3\n    .client)('s3', aws_access_key_id=k)\n", True),
        ("app.py", "import boto3\nc = (boto3.client  # s3\n    )('s3', token=t)\n", True),
        # Literals side by side are one string.
        ("app.py", 'os.environ.setdefault("AWS_SHARED_" "CREDENTIALS_FILE", p)\n', True),
        ("app.py", "p = Path.home() / ('.a'\n    'ws/credentials')\n", True),
        ("app.py", "os.environ[\n  'AWS_SHARED_'  # x\n  'CREDENTIALS_FILE'] = p\n", True),
        ("app.py", "x = ('a' 'b')\ny = 'c'\n", False),
        # Identifiers are read in NFKC form: a full-width letter is the letter.
        ("app.py", "import boto3\nc = boto3.\uff43lient('s3', aws_access_key_id=k)\n", True),
        ("app.py", "import boto3\nc = boto3.client('s3', \uff54oken=t)\n", True),
        ("app.py", "import boto3\nc = boto3.client('s3', note='\u00e9')\n", False),
        ("app.py", "import boto3\nboto3.client('s3', **settings)\n", True),
        ("app.py", "import boto3\nboto3.client(\n    **settings)\n", True),
        ("app.py", "import boto3\nc = boto3.client('s3', None, None, True, True, u, k)\n", True),
        ("app.py", "import boto3\nc = boto3.client(f(a, b), (1, 2), x, y, z, u, k)\n", True),
        ("app.py", "from boto3 import client as make\nmake('s3')\n", True),
        ("app.py", "from boto3.session import (\n    Session as S,\n)\n", True),
        ("app.py", "import boto3 as b\n", True),
        # An entry point assigned to a name, to be called by it: only a plain name counts.
        ("app.py", "import boto3\nS = boto3.Session\nS(k, s)\n", True),
        ("app.py", "import boto3\nS = (boto3\n    .Session)  # alias\nS(k, s)\n", True),
        ("app.py", "import boto3\nS: type = boto3.session.Session\n", True),
        ("app.py", "import boto3\nS = (  # a comment\n    boto3.Session)\nS(k, s)\n", True),
        ("app.py", "import boto3\nmk = (boto3  # c\n  .client)\n", True),
        ("app.py", "import boto3\nself.client = client\n", False),
        ("app.py", "import boto3\nx = boto3.Session().client\n", False),
        ("app.py", "import boto3\nf(resource=r)\ny = make(\n    client=c)\n", False),
        ("app.py", "import boto3\nif a == client:\n    pass\n", False),
        # Spellings a tester found the text test blind to.
        ("app.py", "from boto3 import (  # see (docs)\n    client as mk,\n)\n", True),
        ("app.py", "from boto3 \\\n    import client as make\n", True),
        ("app.py", "from boto3 . session import Session as S\n", True),
        ("app.py", "import \\\n  boto3 as b\n", True),
        ("app.py", "import boto3\nboto3.client('''x\\'''', ')', aws_access_key_id=k)\n", True),
        ("app.py", 'import boto3\nboto3.client(f"{d[")"]}", aws_access_key_id=k)\n', True),
        ("app.py", "import boto3\nboto3.client(f\"{x:')'}\", aws_access_key_id=k)\n", True),
        ("app.py", "import boto3\nboto3.client(f\"{f'{a})'}\", token=t)\n", True),
        # An SDK import alone, or calls that cannot carry keys.
        ("app.py", "import boto3\n", False),
        ("app.py", "from aiobotocore.session import get_session\n", False),
        ("app.py", "import boto3\ns3 = boto3.client('s3', region_name='eu-west-1')\n", False),
        ("app.py", "import boto3\nboto3.Session()\nboto3.Session(\n)\n", False),
        ("app.py", "import boto3\nboto3.Session(profile_name='p')\n", False),
        ("app.py", "import boto3\nboto3.Session(profile_name='p', *rest)\n", True),
        ("app.py", "import boto3\nc = boto3.client('s3', next_token=t, config=c)\n", False),
        ("app.py", "import boto3\ndef f(**kw):\n    return boto3.client('s3')\n", False),
        ("app.py", "import boto3\nif token == old:\n    n = 2 ** 8\n", False),
        ("app.py", "import boto3\nc = boto3.client('s3', 'a,b,c,d,e,f,g')\n", False),
        ("app.py", "import boto3\nc = boto3.client('s3', x)  # a, b, c, d, e, f\n", False),
        ("app.py", "import boto3\nwith open(p) as f:\n    pass\n", False),
        ("app.py", "key = settings.aws_secret\n", False),
        ("app.py", "import requests\nrequests.get(url, token=t)\n", False),
        # Not Python, or a notebook (the looser word test).
        ("nb.ipynb", '{"cells": [{"source": ["import boto3"]}]}', True),
        ("nb.ipynb", '{"cells": [{"source": ["import requests"]}]}', False),
        ("app.pyw", "import boto3\nboto3.Session(k, s)\n", True),
        ("bin/deploy", "#!/usr/bin/env python3\nimport boto3\nboto3.Session(k, s)\n", True),
        ("bin/deploy", "#!/bin/sh\n# python boto3.Session(k, s)\n", False),
        ("bin/deploy", "#!/usr/bin/env pypy3\nimport boto3\nboto3.Session(k, s)\n", True),
        ("bin/t", "#!/usr/bin/env -S uv run --script\nimport boto3\nboto3.Session(k, s)\n", True),
        ("bin/deploy.sh", "#!/usr/bin/env python3\nimport boto3\nboto3.Session(k, s)\n", False),
        ("bin/deploy", "import boto3\nboto3.Session(k, s)\n", False),
        ("app.js", "boto3.Session(k, s);\n", False),
        ("app.pyi", "import boto3\nboto3.Session(k, s)\n", False),
    ],
)
def test_only_modules_that_could_hold_findings_are_parsed(
    path: str, text: str, wanted: bool
) -> None:
    assert is_candidate(SourceFile.from_text(path, text)) is wanted


@pytest.mark.parametrize(
    "text",
    [
        "import boto3\nc = boto3.client('s3', x,",  # the call never closes
        "import boto3\nc = boto3.client(" + "a, " * 3 + "'unterminated\n",
        "import boto3\nc = boto3.client(" + "(" * 3_000,
    ],
)
def test_a_call_the_prefilter_cannot_read_keeps_the_module(text: str) -> None:
    assert may_hold_findings(text)


def _tree(code: str) -> ast.Module | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(code)
        except SyntaxError:
            return None


# A module CPython cannot parse has no tree verdict to agree with (the rule examples hold
# Python 2 on purpose); libcst alone judges it.
_PARSED = [(name, code) for name, code in known_modules() if _tree(code) is not None]


@pytest.mark.parametrize(("name", "code"), _PARSED)
def test_the_prefilter_never_turns_away_what_the_tree_screen_keeps(name: str, code: str) -> None:
    tree = _tree(code)
    assert tree is not None
    assert may_hold_findings(code) or not may_matter(tree, code), name
