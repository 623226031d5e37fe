from __future__ import annotations

import ast

import pytest

from scanner.passes.python import guard
from scanner.passes.python.analysis import analyse
from scanner.passes.python.context import FileContext
from scanner.passes.python.locations import LineMap
from scanner.passes.python.lowering import lowered
from tests.passes.python.support import KEY, run_pass


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("def first[T](x: T) -> T:\n    return x\n", "def first   (x: T) -> T:\n    return x\n"),
        ("async def f[T, *Ts, **P](): pass\n", "async def f             (): pass\n"),
        (
            "class Box[T: (int, str)](Base):\n    pass\n",
            "class Box" + " " * 15 + "(Base):\n    pass\n",
        ),
        ("class Box[T = int]:\n    pass\n", "class Box         :\n    pass\n"),
        ("type Alias = list[int]\n", "Alias      = list[int]\n"),
        ("type Pair[K, V] = dict[K, V]\n", "Pair" + " " * 12 + "= dict[K, V]\n"),
        ("class C:\n    type Inner = int\n", "class C:\n    Inner      = int\n"),
        # `type` as an ordinary name is left alone; only the header is rewritten.
        ("def f[T]():\n    return type(x)\n", "def f   ():\n    return type(x)\n"),
    ],
)
def test_type_parameters_are_blanked_in_place(code: str, expected: str) -> None:
    result = lowered(code)
    assert result == expected
    assert [len(line) for line in result.split("\n")] == [len(line) for line in code.split("\n")]
    ast.parse(result)


@pytest.mark.parametrize(
    "code",
    [
        "def f(x):\n    return x\n",  # nothing newer
        "def f(x:\n",  # a real syntax error
        # Anything the pass could look at inside the brackets keeps the module whole.
        "def f[T: 'Forward'](x): pass\n",
        "def f[T: make()](x): pass\n",
        "class C[T: boto3.Session]: pass\n",
        "def f[T: client](x): pass\n",
        # Not a parameter list: the file does not parse, and its blanked text must not.
        "def f[](x): pass\n",
        "class C[,]: pass\n",
        "def f[T,,](x): pass\n",
        # A list over several lines would leave a header cut in two.
        "def f[\n    T,\n](x): pass\n",
    ],
)
def test_nothing_is_rewritten_that_could_matter(code: str) -> None:
    assert lowered(code) is None


def test_the_screen_reads_type_parameters_without_libcst() -> None:
    code = "import boto3\nclass Box[T]:\n    pass\nboto3.client('s3')\n"
    assert guard.screen(code) is not None
    analysis = analyse(code, FileContext("m.py", LineMap(), frozenset()))
    assert analysis == ([], False)


def test_a_module_with_type_parameters_still_reports_its_keys() -> None:
    code = (
        "import boto3\n"
        "def build[T](kind: T) -> T:\n"
        f"    return boto3.client('s3', aws_access_key_id='{KEY}')\n"
        "type Name = str\n"
    )
    found = run_pass(code)
    assert ("boto3-hardcoded-credentials", 3) in {
        (f.rule_id, f.region.start_line) for f in found.findings
    }


def test_a_form_feed_does_not_move_the_rewrite_to_another_line() -> None:
    code = "x = 1\x0c\ndef f[T](x):\n    return x\n"
    assert lowered(code) == "x = 1\x0c\ndef f   (x):\n    return x\n"
