"""Slicing inside the functions the reducer keeps (`slicing.py`, through `reduction.py`)."""

from __future__ import annotations

import ast

import pytest

from scanner.engine import finalise
from scanner.passes.python import analysis
from scanner.passes.python.reduction import reduced
from tests.passes.python.support import KEY, SECRET, run_pass

_HEAD = "import boto3\n"


def _kept(code: str) -> list[str]:
    """The lines libcst is handed, stripped, blank ones left out."""
    slim = reduced(code, ast.parse(code))
    if slim is None:  # nothing to drop
        return [line.strip() for line in code.split("\n") if line.strip()]
    ast.parse(slim.code)
    original = code.split("\n")
    for line, number in zip(slim.code.split("\n"), slim.lines, strict=True):
        # Every line is the file's own, or a `pass` in place of the statement that was there.
        assert line == original[number - 1] or line.strip() == "pass"
    return [line.strip() for line in slim.code.split("\n") if line.strip()]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # What the call uses stays, through a chain of names; the rest goes.
        (
            "    log('start')\n    k = os.environ['K']\n    kid = k.strip()\n    n = 3\n"
            "    return boto3.client('s3', aws_access_key_id=kid)\n",
            ["k = os.environ['K']", "kid = k.strip()"],
        ),
        # Every binding of a needed name stays, also in a loop header or a `with`.
        (
            "    kid = None\n    for kid in keys:\n        print(kid)\n"
            "    with open(p) as kid:\n        pass\n"
            "    return boto3.client('s3', aws_access_key_id=kid)\n",
            ["kid = None", "for kid in keys:", "pass", "with open(p) as kid:", "pass"],
        ),
        # A block left empty keeps a `pass`; an `else` and a handler keep their headers.
        (
            "    if flag:\n        log(1)\n    else:\n        kid = 'x'\n"
            "    try:\n        n = 1\n    except E as e:\n        kid = e\n    finally:\n"
            "        done()\n"
            "    return boto3.client('s3', aws_access_key_id=kid)\n",
            [
                "if flag:",
                "pass",
                "else:",
                "kid = 'x'",
                "try:",
                "pass",
                "except E as e:",
                "kid = e",
                "finally:",
                "pass",
            ],
        ),
        # A statement sharing its line with another, or with its block's header, stays.
        (
            "    a = 1; b = 2\n    if x: y = 3\n"
            "    return boto3.client('s3', aws_access_key_id=k)\n",
            ["a = 1; b = 2", "if x: y = 3"],
        ),
        # `self.x = ...`, imports, `global` and every return stay.
        (
            "    import json\n    global G\n    G = 1\n    self.kid = k\n    junk = 2\n"
            "    if junk:\n        return None\n"
            "    return boto3.client('s3', aws_access_key_id=self.kid)\n",
            [
                "import json",
                "global G",
                "G = 1",
                "self.kid = k",
                "junk = 2",
                "if junk:",
                "return None",
            ],
        ),
        # A mapping the call unpacks is filled in place: the update stays, and what it uses.
        (
            "    opts = {}\n    kid = k.strip()\n    opts.update(aws_access_key_id=kid)\n"
            "    other = {}\n    other.update(x=1)\n"
            "    return boto3.client('s3', **opts)\n",
            ["opts = {}", "kid = k.strip()", "opts.update(aws_access_key_id=kid)"],
        ),
        # An item stored into a module variable changes what others read: it stays.
        (
            "    CONFIG['kid'] = k\n    local = {}\n    local['x'] = 1\n"
            "    return boto3.client('s3', aws_access_key_id=k)\n",
            ["CONFIG['kid'] = k"],
        ),
    ],
)
def test_a_kept_function_keeps_only_what_its_call_needs(body: str, expected: list[str]) -> None:
    code = f"{_HEAD}def build(self, k, keys, p, flag, x):\n{body}"
    kept = _kept(code)
    assert kept[0] == "import boto3"
    assert kept[1].startswith("def build")
    # The call's own statement always stays, last here.
    assert kept[2:-1] == expected
    assert kept[-1].startswith("return boto3.client")


def test_a_helper_named_by_a_call_keeps_only_its_returns_and_what_they_use() -> None:
    code = (
        f"{_HEAD}def key():\n    audit()\n    value = load()\n    report(value)\n"
        "    return value\n"
        "def build():\n    return boto3.client('s3', aws_access_key_id=key())\n"
    )
    assert _kept(code) == [
        "import boto3",
        "def key():",
        "value = load()",
        "return value",
        "def build():",
        "return boto3.client('s3', aws_access_key_id=key())",
    ]


def test_a_function_the_slice_no_longer_names_is_dropped() -> None:
    code = (
        f"{_HEAD}def helper():\n    return 1\n"
        "def build(k):\n    n = helper()\n    return boto3.client('s3', aws_access_key_id=k)\n"
    )
    assert "def helper():" not in _kept(code)


def test_a_function_reading_credential_files_stays_whole() -> None:
    # A path is followed forward into `open`: the slice would lose the read.
    code = (
        f"{_HEAD}def load():\n    p = '~/.aws/credentials'\n    n = 1\n    return open(p)\n"
        "def build(k):\n    return boto3.client('s3', aws_access_key_id=k)\n"
    )
    assert "n = 1" in _kept(code)


def test_comment_lines_between_module_statements_go() -> None:
    code = f"{_HEAD}# a note\n\n# another\nK = 'k'  # kept with its line\nboto3.Session(K)\n"
    assert _kept(code) == ["import boto3", "K = 'k'  # kept with its line", "boto3.Session(K)"]


# Modules whose functions bind names in every way Python has: the slice must not change a
# single finding, nor its position or message.
_MODULES = [
    "import boto3\n"
    "def build(items):\n"
    "    log = []\n"
    f"    kid = '{KEY}'\n"
    "    for n in items:\n        log.append(n)\n"
    f"    if (secret := '{SECRET}'):\n        pass\n"
    "    return boto3.client('s3', aws_access_key_id=kid, aws_secret_access_key=secret)\n",
    "import boto3\n"
    "def build():\n"
    "    try:\n        noise = compute()\n"
    f"    except KeyError as err:\n        kid = '{KEY}'\n"
    f"    else:\n        kid = '{KEY}'\n"
    "    finally:\n        cleanup()\n"
    f"    kid, secret = kid, '{SECRET}'\n"
    "    return boto3.Session(kid, secret)\n",
    "import boto3\n"
    "class Service:\n"
    "    def __init__(self):\n"
    f"        self.kid = '{KEY}'\n"
    "        self.count = 0\n"
    "        self.name = 'svc'\n"
    "    def client(self):\n"
    "        self.count += 1\n"
    "        def inner():\n"
    f"            return '{SECRET}'\n"
    "        parts = [c for c in 'abc']\n"
    "        with lock:\n"
    "            return boto3.client('s3', aws_access_key_id=self.kid,\n"
    "                                aws_secret_access_key=inner())\n",
    "import boto3\n"
    "SETTINGS = {}\n"
    "def configure():\n"
    f"    SETTINGS['aws_access_key_id'] = '{KEY}'\n"
    "    other = {}\n"
    "    other['x'] = 1\n"
    "def build():\n"
    "    return boto3.client('s3', **SETTINGS)\n",
    "import boto3\n"
    "def build(options=None):\n"
    "    options = options or {}\n"
    f"    options['aws_access_key_id'] = '{KEY}'\n"
    "    total = 0\n"
    "    while total < 3:\n        total += 1\n"
    "    else:\n        total = 0\n"
    "    return boto3.client('s3', **options)\n",
]


# Kinds a tester found: a form feed before the first statement left (libcst counts it as a
# column); a store into a name before the function binds it (libcst's scope takes it for the
# module's variable), also when a comprehension binds the name first.
_MODULES += [
    f"import boto3\n\ndef make():\n    junk = 1\n\x0c    key = '{KEY}'\n"
    "    return boto3.client('s3', aws_access_key_id=key)\n",
    "import boto3\n\nOPTS = {}\n\ndef configure():\n"
    f"    OPTS['aws_access_key_id'] = '{KEY}'\n    OPTS = None\n\n"
    "s3 = boto3.client('s3', **OPTS)\n",
    "import boto3\n\nOPTS = {}\n\ndef configure(y):\n    xs = [OPTS for OPTS in y]\n"
    f"    OPTS['aws_access_key_id'] = '{KEY}'\n\n"
    "s3 = boto3.client('s3', **OPTS)\n",
]
# Mappings filled in place, in a function and at module level (update, setdefault, |=).
_MODULES += [
    "import boto3\n\nOPTS = {}\n\ndef configure():\n"
    f"    OPTS.update(aws_access_key_id='{KEY}')\n\n"
    "s3 = boto3.client('s3', **OPTS)\n",
    "import boto3\n\nOPTS = {'region_name': 'r'}\n"
    f"OPTS.setdefault('aws_access_key_id', '{KEY}')\n"
    f"OPTS |= {{'aws_secret_access_key': '{SECRET}'}}\n\n"
    "s3 = boto3.client('s3', **OPTS)\n",
]
_MODULES.append(
    "import boto3\n\nclass Service:\n    def __init__(self):\n        self.opts = {}\n"
    "    def configure(self):\n        noise = 1\n"
    f"        self.opts.update(aws_access_key_id='{KEY}')\n"
    f"        self.opts['aws_secret_access_key'] = '{SECRET}'\n"
    "    def make(self):\n        return boto3.client('s3', **self.opts)\n"
)
# Something the reducer can drop, so that each is reduced at all.
_MODULES[-6:] = [code + "\ndef unrelated():\n    return 1\n" for code in _MODULES[-6:]]


@pytest.mark.parametrize("code", _MODULES)
def test_findings_are_the_same_sliced_and_whole(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert reduced(code, ast.parse(code)) is not None
    sliced = run_pass(code)
    monkeypatch.setattr(analysis, "reduced", lambda code, tree, **_: None)
    whole = run_pass(code)
    assert sliced.findings
    # Within a module findings come in libcst's set order; a sweep sorts them.
    assert finalise(sliced.findings) == finalise(whole.findings)
    assert sliced.notifications == whole.notifications
