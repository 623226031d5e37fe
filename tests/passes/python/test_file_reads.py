from __future__ import annotations

import pytest

from tests.passes.python.support import findings_of, rule_lines

RULE = "aws-credentials-file-read"


@pytest.mark.parametrize(
    ("code", "lines"),
    [
        (
            "import configparser\nc = configparser.ConfigParser()\n"
            "c.read('/root/.aws/credentials')",
            [3],
        ),
        ("import os\nP = os.path.expanduser('~/.aws/config')\nopen(P).read()", [3]),
        ("import io\nio.open('/home/u/.aws/credentials')", [2]),
        ("from pathlib import Path\n(Path.home() / '.aws' / 'credentials').read_bytes()", [2]),
        ("from pathlib import Path\nPath('~/.aws/credentials').expanduser().open('r')", [2]),
        ("import botocore.configloader as c\nc.raw_config_parse('~/.aws/config')", [2]),
        ("import os\nos.environ['AWS_SHARED_CREDENTIALS_FILE'] = '/etc/creds'", [2]),
        ("import os\nos.putenv('AWS_SHARED_CREDENTIALS_FILE', '/etc/creds')", [2]),
        ("import os\nos.environ.update(AWS_SHARED_CREDENTIALS_FILE='/etc/creds')", [2]),
        # A path cut into pieces that each hold ".aws" as a segment.
        ("import os\nopen(os.path.expanduser('~') + '/.aws/' + 'credentials').read()", [2]),
        ("import os\nopen(os.path.join(os.path.expanduser('~'), '.aws/', 'config'))", [2]),
        ("import os\nopen(f\"{os.environ['HOME']}/.aws/{'credentials'}\")", [2]),
        # Paths filled in by str.format and by %: each field takes its value.
        ("import os\nh = os.environ['HOME']\nopen('{}/.aws/credentials'.format(h))", [3]),
        ("import os\nh = os.environ['HOME']\nopen('%s/.aws/credentials' % h)", [3]),
        (
            "import configparser\nc = configparser.ConfigParser()\n"
            "c.read('%s/.aws/%s' % (home, 'credentials'))",
            [3],
        ),
        ("open('{home}/.aws/{name}'.format(home=h, name='config'))", [1]),
        ("open('{0}/.aws/{1}'.format(h, 'credentials'))", [1]),
        ("open('100%% %s/.aws/credentials' % h)", [1]),
        ("p = '%(h)s/.aws/%(n)s' % {'h': home, 'n': 'credentials'}\nopen(p).read()", [2]),
        ("p = '%(h)s/.aws/%(n)s' % {'h': home, 'n': 'cli/cache'}\nopen(p).read()", []),
        ("open('%s/.aws/%s' % (h, 'cli/cache'))", []),
        ("print('{}/.aws/credentials'.format(h))", []),
        # Literals side by side are one string.
        ("import os\nos.environ['AWS_SHARED_' 'CREDENTIALS_FILE'] = '/etc/creds'", [2]),
        ("import os\nos.environ.setdefault('AWS_SHARED_'\n  'CREDENTIALS_FILE', p)", [2]),
        ("import dotenv\nimport boto3\ndotenv.load_dotenv()\nboto3.client('s3')", [3]),
        ("from dotenv import main\nKEY = 'AWS_ACCESS_KEY_ID'\nmain.load_dotenv()", [3]),
        (
            "from decouple import Config, RepositoryEnv\naws_secret_access_key = 1\n"
            "RepositoryEnv('.env')",
            [3],
        ),
        (
            "import environ\nenv = environ.Env()\nenv.read_env('.env')\nAWS_SECRET_ACCESS_KEY = 1",
            [3],
        ),
        # Not reads.
        ("import os\nprint('edit ~/.aws/credentials')\nlog.info('%s', '~/.aws/config')", []),
        ("import os\nopen(os.path.expanduser('~/.aws/credentials'), 'w')", []),
        ("from pathlib import Path\nPath('~/.aws/credentials').open(mode='a')", []),
        ("import os\nos.environ.get('AWS_SHARED_CREDENTIALS_FILE')", []),
        ("import os\nos.environ['AWS_CONFIG_REGION'] = 'x'", []),
        ("from dotenv import load_dotenv\nload_dotenv()\nAWS_REGION = 'eu-west-1'", []),
        ("import boto3\nboto3.Session(profile_name='p')\nopen('~/.aws/cli/cache/x')", []),
    ],
)
def test_read_forms(code: str, lines: list[int]) -> None:
    assert rule_lines(code, RULE) == lines


def test_pydantic_env_file_needs_pydantic_and_aws_keys() -> None:
    code = (
        "from pydantic_settings import BaseSettings\n"
        "class S(BaseSettings):\n"
        "    aws_secret_access_key: str\n"
        "    class Config:\n"
        "        env_file = '.env'\n"
        "    other = S(_env_file=None)\n"
    )
    assert rule_lines(code, RULE) == [5]
    assert rule_lines(code.replace("pydantic_settings", "attrs_settings"), RULE) == []


def test_a_read_finding_is_a_warning_with_a_stable_identity() -> None:
    code = "import os\nopen(os.path.expanduser('~/.aws/credentials'))\n"
    (finding,) = findings_of(code, RULE)
    moved = findings_of("\n\n" + code.replace("(os", "( os"), RULE)[0]
    assert finding.level is not None and finding.level.value == "warning"
    assert finding.identity == moved.identity
    assert finding.properties["source"] == "reads ~/.aws/credentials"
