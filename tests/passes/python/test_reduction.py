from __future__ import annotations

import ast

import pytest

from scanner.engine import finalise
from scanner.models import Finding, Notification, PassResult
from scanner.passes.python import analysis
from scanner.passes.python.reduction import Reduction, reduced
from tests.passes.python.support import KEY, SECRET, known_modules, run_pass

_CALL = "def build():\n    return boto3.client('s3', aws_access_key_id=KEY_ID)\n"
_UNUSED = "def unused():\n    return 1\n"


def _settled(result: PassResult) -> tuple[list[Finding], tuple[Notification, ...]]:
    """Findings as a sweep reports them (within a module they come in libcst's set order)."""
    return finalise(result.findings), result.notifications


def _kept_lines(code: str) -> list[int] | None:
    """File line numbers (1-based) of the non-blank lines kept, None for no reduction."""
    slim = reduced(code, ast.parse(code))
    if slim is None:
        return None
    lines = slim.code.split("\n")
    assert len(lines) == len(slim.lines)
    assert list(slim.lines) == sorted(set(slim.lines)), "lines keep their order"
    ast.parse(slim.code)  # a reduction that does not parse would silently fall back
    original = code.split("\n")
    kept = []
    for line, number in zip(lines, slim.lines, strict=True):
        # A line is kept whole, or is a dropped method's `pass`: columns never move.
        if line.strip() == "pass" and original[number - 1].strip() != "pass":
            continue
        assert line == original[number - 1]
        if line:
            kept.append(number)
    return kept


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # An unrelated function goes; imports, constants and the call's function stay.
        (f"import boto3\nKEY_ID = 'x'\n{_UNUSED}{_CALL}", [1, 2, 5, 6]),
        # Decorators go with their function.
        (f"import boto3\n@cache\n@other(1,\n  2)\n{_UNUSED}{_CALL}", [1, 7, 8]),
        # A helper named by the call stays, and so does what it names in turn.
        (
            "import boto3\ndef inner():\n    return 'k'\ndef key():\n    return inner()\n"
            "def build():\n    return boto3.client('s3', aws_access_key_id=key())\n" + _UNUSED,
            [1, 2, 3, 4, 5, 6, 7],
        ),
        # A class whose constant the call reads stays whole; another class goes.
        (
            "import boto3\nclass Conf:\n    K = 'k'\nclass Other:\n    pass\n"
            "boto3.client('s3', aws_access_key_id=Conf.K)\n",
            [1, 2, 3, 6],
        ),
        # A function that rebinds a global the call reads, or fills its mapping, stays.
        (
            "import boto3\nOPTS = {}\ndef fill():\n    OPTS['aws_access_key_id'] = 'k'\n"
            "def other():\n    opts = 1\nboto3.client('s3', **OPTS)\n",
            [1, 2, 3, 4, 7],
        ),
        (
            "import boto3\nK = None\ndef set_key():\n    global K\n    K = 'k'\n"
            "boto3.Session(K)\n" + _UNUSED,
            [1, 2, 3, 4, 5, 6],
        ),
        # A module-level value made by a function: the function stays.
        (
            "import boto3\ndef make():\n    return 'k'\nK = make()\n"
            + _UNUSED
            + "boto3.Session(K)\n",
            [1, 2, 3, 4, 7],
        ),
        # Several statements on one line stay together: lines go whole.
        (f"import boto3; KEY_ID = 'x'; y = 2\n{_UNUSED}{_CALL}", [1, 4, 5]),
        (f"import boto3\nn = (1,\n  2); y = 3\nKEY_ID = 'x'\n{_CALL}", [1, 4, 5, 6]),
        (f"import boto3\nKEY_ID = (1,\n  2); y = 3\n{_UNUSED}{_CALL}", [1, 2, 3, 6, 7]),
        # Module-level statements go too unless a finding can need them; imports stay.
        (
            "import boto3\nimport os\nNOISE = os.cpu_count()\nprint(NOISE)\nK = 'k'\n"
            "if DEBUG:\n    K = 'other'\nboto3.Session(K)\n",
            [1, 2, 5, 6, 7, 8],
        ),
        # An import inside a module-level `try` stays: it decides how `session.client` reads.
        (
            "try:\n    import boto3\nexcept ImportError:\n    boto3 = None\nn = 1\n"
            "def make(session):\n    return session.client('s3', aws_access_key_id=k)\n",
            [1, 2, 3, 4, 6, 7],
        ),
        # A method rebinding a module variable through `global` stays with its class.
        (
            "import boto3\nKID = None\nclass Setup:\n    def load(self):\n"
            "        global KID\n        KID = 'k'\n    def other(self):\n        return 1\n"
            "boto3.client('s3', aws_access_key_id=KID)\n",
            [1, 2, 3, 4, 5, 6, 9],
        ),
        # A definition inside a module-level `if` binds a module name.
        (
            "import boto3\nif X:\n    def key():\n        return 'k'\nelse:\n    key = None\n"
            "y = 2\nboto3.Session(key())\n",
            [1, 2, 3, 4, 5, 6, 8],
        ),
        # Tab-indented methods keep their indentation in the `pass` left behind.
        (
            "import boto3\nclass S:\n\tdef other(self):\n\t\treturn 1\n"
            "\tdef build(self):\n\t\treturn boto3.Session(k)\n",
            [1, 2, 5, 6],
        ),
        # One-line definitions.
        ("import boto3\ndef unused(): return 1\nboto3.Session(k)\n", [1, 3]),
        # Methods: the one with the call, the one setting `self.key` and the one the class
        # body names stay; another becomes `pass` (the class keeps a body).
        (
            "import boto3\nclass S:\n    def __init__(self, k):\n        self.key = k\n"
            "    def other(self):\n        return 1\n"
            "    @staticmethod\n    def fmt():\n        return 2\n    alias = fmt\n"
            "    def build(self):\n        return boto3.Session(self.key)\n",
            [1, 2, 3, 4, 7, 8, 9, 10, 11, 12],
        ),
        # A class reached by name keeps its constants but not its unrelated methods.
        (
            "import boto3\nclass Conf:\n    K = 'k'\n    @property\n    def size(self):\n"
            "        return 3\nboto3.Session(Conf.K)\n",
            [1, 2, 3, 7],
        ),
        # File rules: a definition holding a credentials path, or naming a module-level
        # variable assigned from one, stays.
        (
            "import os\nAWS = os.path.join(HOME, '.aws')\nPATH = AWS + '/credentials'\n"
            "def load():\n    return open(PATH).read()\n"
            "def direct():\n    return open('~/.aws/config')\n" + _UNUSED,
            [1, 2, 3, 4, 5, 6, 7],
        ),
        # A `.env` loader, also under an alias, and pydantic's env_file stay.
        (
            "from dotenv import load_dotenv as ld\naws_secret_access_key = 1\n"
            "def init():\n    ld()\nclass S:\n    env_file = '.env'\n" + _UNUSED,
            [1, 3, 4, 5, 6],
        ),
        # Whether a `.env` load matters depends on the module building clients: every
        # call of an entry point's name stays then, keys or not.
        (
            "import boto3\nfrom dotenv import load_dotenv\nload_dotenv()\n"
            "def s3():\n    return boto3.client('s3')\n" + _UNUSED,
            [1, 2, 3, 4, 5],
        ),
        # With no SDK import at module level, the function importing it stays.
        (
            "def build(s):\n    return s.client('s3', aws_access_key_id=k)\n"
            "def setup():\n    import boto3\n" + _UNUSED,
            [1, 2, 3, 4],
        ),
    ],
)
def test_reduction_keeps_what_a_finding_can_need(code: str, expected: list[int]) -> None:
    assert _kept_lines(code) == expected


@pytest.mark.parametrize(
    "code",
    [
        f"import boto3\n{_CALL}",  # nothing to drop
        f"import boto3\r\n{_UNUSED}{_CALL}",  # carriage returns: lines counted differently
    ],
)
def test_module_analysed_whole(code: str) -> None:
    assert reduced(code, ast.parse(code)) is None


_MODULES = [
    "import boto3\n"
    f"KEY_ID = '{KEY}'\n"
    "def noise(x):\n    return [i for i in range(x)]\n"
    "@decorated\n"
    "def secret():\n"
    f"    return '{SECRET}'\n"
    "def build():\n"
    "    return boto3.client('s3', aws_access_key_id=KEY_ID, aws_secret_access_key=secret())\n",
    "import boto3\n"
    "class Settings:\n"
    f"    KEY_ID = '{KEY}'\n"
    "class Unrelated:\n    def m(self):\n        return boto3.client('s3')\n"
    "class Service:\n"
    "    def __init__(self, key):\n        self.key = key\n"
    "    def client(self):\n"
    "        return boto3.Session(aws_access_key_id=Settings.KEY_ID,\n"
    "                             aws_secret_access_key=self.key).client('s3')\n",
]


# Kinds a tester found, each once lost to the reducer: a path bound to a module variable by a
# function's `global`; pydantic imported only inside a function; a module-level name bound
# by `except ... as`; a statement ending in a backslash before a blank line.
_MODULES += [
    "import os\n\ndef init():\n    global CRED\n"
    "    CRED = os.path.expanduser('~/.aws/credentials')\n\n"
    "def read():\n    return open(CRED).read()\n\ndef other():\n    return 1\n",
    "import boto3\n\ndef version():\n    import pydantic\n    return pydantic.VERSION\n\n"
    "class Settings:\n    env_file = '.env'\n\n"
    "aws_secret_access_key = None\ns3 = boto3.client('s3')\n",
    "import boto3\n\ncreds = boto3.client('sts').get_session_token()['Credentials']\n"
    "try:\n    pass\nexcept Exception as creds:\n    pass\n\n"
    "def make():\n    return boto3.client('s3', aws_access_key_id=creds['AccessKeyId'])\n"
    "def unrelated():\n    return 1\n",
    f"import boto3\n\nKEY = '{KEY}' \\\n\n"
    f"(boto3.client('s3', aws_access_key_id=KEY, aws_secret_access_key='{SECRET}'))\n\n"
    "def unrelated():\n    return 1\n",
    # A method (not only a function) filling a module variable's mapping stays; so does one
    # storing into a name before it binds it, which libcst takes for the module's.
    "import boto3\nCREDS = {}\nclass Setup:\n    def fill(self):\n"
    f"        CREDS['aws_access_key_id'] = '{KEY}'\n"
    "    def other(self):\n        return 1\n"
    "s3 = boto3.client('s3', **CREDS)\n",
    "import boto3\nCREDS = {}\nclass Setup:\n    def fill(self):\n"
    f"        CREDS['aws_access_key_id'] = '{KEY}'\n        CREDS = None\n"
    "    def other(self):\n        return 1\n"
    "s3 = boto3.client('s3', **CREDS)\n",
]


@pytest.mark.parametrize("code", _MODULES)
def test_findings_same_with_and_without_reduction(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reduced(code, ast.parse(code)) is not None
    slim = run_pass(code)
    monkeypatch.setattr(analysis, "reduced", lambda code, tree, **_: None)
    whole = run_pass(code)
    assert slim.findings and _settled(slim) == _settled(whole)


@pytest.mark.parametrize(("name", "code"), known_modules())
def test_every_known_module_has_the_same_findings_reduced(
    name: str, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    slim = run_pass(code)
    monkeypatch.setattr(analysis, "reduced", lambda code, tree, **_: None)
    assert _settled(run_pass(code)) == _settled(slim), name


def test_unparsable_reduction_falls_back_to_whole_module(monkeypatch: pytest.MonkeyPatch) -> None:
    code = _MODULES[0]
    expected = run_pass(code)
    monkeypatch.setattr(analysis, "reduced", lambda code, tree, **_: Reduction("def (:\n", (1, 2)))
    assert run_pass(code) == expected
    assert expected.findings
