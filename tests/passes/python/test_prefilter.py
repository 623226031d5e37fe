from __future__ import annotations

import pytest

from scanner.passes.python.prefilter import is_candidate
from scanner.source import SourceFile


@pytest.mark.parametrize(
    ("path", "text", "wanted"),
    [
        ("app.py", "import boto3\n", True),
        ("app.py", "from aiobotocore.session import get_session\n", True),
        ("app.py", "open('~/.aws/credentials')\n", True),
        ("app.py", "os.environ['AWS_SHARED_CREDENTIALS_FILE'] = p\n", True),
        ("app.py", "key = settings.aws_secret\n", True),
        ("app.pyw", "import boto3\n", True),
        ("nb.ipynb", '{"cells": [{"source": ["import boto3"]}]}', True),
        ("app.py", "import requests\nrequests.get(url)\n", False),
        ("app.py", "from dotenv import load_dotenv\nload_dotenv()\n", False),
        ("app.js", "const boto3 = 1;\n", False),
        ("README.md", "boto3 is great\n", False),
        ("app.pyi", "import boto3\n", False),
    ],
)
def test_only_python_files_that_mention_aws_are_parsed(path: str, text: str, wanted: bool) -> None:
    assert is_candidate(SourceFile.from_text(path, text)) is wanted
