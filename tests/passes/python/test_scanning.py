from __future__ import annotations

import json
import subprocess
import sys

import pytest

from scanner.models import NotificationKind, PassSettings
from scanner.passes.python import PythonPass
from scanner.source import SourceFile
from tests.passes.python.support import KEY, SECRET, run_pass

# A module the text prefilter wants: only such a module reaches the guards.
_KEYED = "import boto3\nboto3.client('s3', aws_access_key_id=k)\n"


@pytest.mark.parametrize(
    ("path", "code", "reason"),
    [
        (
            "legacy.py",
            f'import boto3\nprint "x"\nboto3.client(aws_access_key_id="{KEY}")\n',
            "parse-error",
        ),
        (
            "broken.py",
            f'import boto3\nboto3.client(aws_secret_access_key="{SECRET}")\ndef f(:\n',
            "parse-error",
        ),
        ("deep.py", _KEYED + "x = " + "(" * 3000 + ")" * 3000 + "\n", "too-deeply-nested"),
        ("chain.py", _KEYED + "x = " + "+".join(["1"] * 5000) + "\n", "too-deeply-nested"),
        ("bad.ipynb", '{"cells": [ "import boto3"', "invalid-notebook"),
    ],
)
def test_unparseable_files_become_notifications_without_secrets(
    path: str, code: str, reason: str
) -> None:
    result = run_pass(code, path)
    assert result.findings == ()
    (notification,) = result.notifications
    assert notification.kind is NotificationKind.PARTIAL
    assert notification.reason == reason
    assert "\n" not in notification.message
    assert SECRET not in notification.message and KEY not in notification.message


def test_a_notebook_with_a_broken_cell_still_analyses_the_others() -> None:
    cells = [
        ["import boto3\n"],
        ["print 'python 2'\n"],
        [f'boto3.client("s3", aws_access_key_id="{KEY}")\n'],
    ]
    text = json.dumps(
        {"cells": [{"cell_type": "code", "metadata": {}, "source": s} for s in cells]}, indent=1
    )
    result = run_pass(text, "n.ipynb")
    rules = {f.rule_id: f.region.start_line for f in result.findings}
    line = next(n for n, t in enumerate(text.split("\n"), 1) if "boto3.client" in t)
    assert rules["boto3-hardcoded-credentials"] == line
    assert [n.reason for n in result.notifications] == ["parse-error"]


def test_metrics_say_whether_libcst_ran() -> None:
    # The text reads a call of `client` with `**`; the tree shows it is a definition.
    assert run_pass("import boto3\ndef client(**kw):\n    pass\n").metrics == {
        "python.files_screened_out": 1
    }
    parsed = run_pass("import boto3\nboto3.client('s3', aws_access_key_id=k)\n")
    assert parsed.metrics == {"python.files_parsed": 1}


def test_wants_is_cheap_and_libcst_loads_only_in_scan() -> None:
    program = (
        "import sys\n"
        "from scanner.passes.python import PythonPass\n"
        "from scanner.source import SourceFile\n"
        "PythonPass().wants(SourceFile.from_text('a.py', 'import boto3'))\n"
        "print('libcst' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("path", "wanted"), [("a.py", True), ("a.ipynb", True), ("a.txt", False), ("a.py.bak", False)]
)
def test_wants(path: str, wanted: bool) -> None:
    assert PythonPass().wants(SourceFile.from_text(path, _KEYED)) is wanted


def test_scan_of_a_clean_candidate_is_empty() -> None:
    source = SourceFile.from_text("a.py", "import boto3\ns3 = boto3.client('s3')\n")
    result = PythonPass().scan(source, PassSettings())
    assert result.findings == () and result.notifications == ()


def test_a_literal_cpython_rejects_does_not_break_the_pass() -> None:
    code = 'import boto3\nboto3.client("s3", aws_access_key_id="\\N{no such name}")\n'
    result = run_pass(code)
    assert [f.rule_id for f in result.findings] == ["boto3-explicit-credentials"]


def test_recursion_inside_libcst_becomes_a_notification(monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.passes.python import scanning

    def explode(source: SourceFile, settings: PassSettings) -> None:
        raise RecursionError

    monkeypatch.setattr(scanning, "scan_module", explode)
    result = run_pass("import boto3\nboto3.client('s3', aws_access_key_id=k)\n")
    assert [(n.kind, n.reason) for n in result.notifications] == [
        (NotificationKind.PARTIAL, "too-deeply-nested")
    ]


_KEYED = "import boto3\ndef h(e):\n    n = 1\n    for a in e:\n        pass\n" + (
    "    return boto3.client('s3', aws_access_key_id=k)\n"
)


@pytest.mark.parametrize(
    "code",
    [
        # libcst's parser rejects a form feed in indentation, which Python ignores there.
        _KEYED.replace("    n = 1", "\f    n = 1"),
        _KEYED.replace("        pass", "  \f        pass"),
        _KEYED.replace("def h", "\fdef h"),
    ],
)
def test_form_feeds_in_indentation_do_not_hide_a_module(code: str) -> None:
    found = run_pass(code)
    assert not found.notifications
    assert [(f.rule_id, f.region.start_line) for f in found.findings] == [
        (f.rule_id, f.region.start_line) for f in run_pass(_KEYED).findings
    ]


_CLIENT = "import boto3\nboto3.client('s3', aws_access_key_id=k)\n"


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ('print "py2"\n' + _CLIENT, 1),
        (_CLIENT + 'print "py2"\nx = 1\n', 3),
        (_CLIENT + "def f(:\n    pass\n", 3),
        (_CLIENT + "x = (\n", 3),
    ],
)
def test_a_parse_error_names_the_line_python_would(code: str, line: int) -> None:
    (notification,) = run_pass(code, "legacy.py").notifications
    assert f"(line {line})" in notification.message


_LONE = "\ud800"


@pytest.mark.parametrize(
    ("path", "code", "line"),
    [
        # A lone surrogate in a string literal of a module, or of a notebook cell (JSON spells
        # it `\ud800`): the pass still reads the rest of the file.
        (
            "app.py",
            f"import os, boto3\nx = '{_LONE}'\n"
            "boto3.client('s3', aws_access_key_id=os.environ['K'])\n",
            3,
        ),
        (
            "nb.ipynb",
            json.dumps(
                {
                    "cells": [
                        {
                            "cell_type": "code",
                            "metadata": {},
                            "outputs": [],
                            "execution_count": None,
                            "source": [
                                "import os, boto3\n",
                                f"x = '{_LONE}'\n",
                                "boto3.client('s3', aws_access_key_id=os.environ['K'])\n",
                            ],
                        }
                    ],
                    "metadata": {},
                    "nbformat": 4,
                    "nbformat_minor": 5,
                }
            ),
            1,  # the notebook's JSON is one line
        ),
    ],
)
def test_a_lone_surrogate_does_not_turn_the_pass_off(path: str, code: str, line: int) -> None:
    result = run_pass(code, path)
    found = [(f.rule_id, f.region.start_line) for f in result.findings]
    assert found == [("boto3-explicit-credentials", line)]
    assert not result.notifications


def test_a_lone_surrogate_outside_a_literal_is_a_parse_error_at_its_line() -> None:
    (notification,) = run_pass(f"{_CLIENT}{_LONE}\n", "app.py").notifications
    assert notification.reason == "parse-error"
    assert "(line 3)" in notification.message
