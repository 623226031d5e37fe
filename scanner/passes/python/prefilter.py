"""The cheap text test that decides whether a file is worth parsing with libcst.

Parsing with metadata costs milliseconds per file; a substring test costs microseconds. A
file that mentions none of these words cannot call an AWS SDK with keys, read an AWS
credentials file or set the shared credentials file variable.
"""

from __future__ import annotations

from scanner.source import SourceFile

PYTHON_SUFFIXES = frozenset({".py", ".pyw"})
NOTEBOOK_SUFFIX = ".ipynb"

# "boto" covers boto3, botocore, aioboto3 and aiobotocore; ".aws" a credentials path; the
# two AWS_ spellings cover key names and AWS_SHARED_CREDENTIALS_FILE.
_NEEDLES = ("boto", ".aws", "aws_", "AWS_")


def is_python_like(source: SourceFile) -> bool:
    return source.suffix in PYTHON_SUFFIXES or source.suffix == NOTEBOOK_SUFFIX


def is_candidate(source: SourceFile) -> bool:
    if not is_python_like(source):
        return False
    text = source.text
    return any(needle in text for needle in _NEEDLES)
