from __future__ import annotations

import ast

import pytest

from scanner.passes.python.guard import MAX_DEPTH, Refusal, check_depth, expression_depth, screen


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("x = " + "(" * 300 + "1" + ")" * 300 + "\n", "too-deeply-nested"),
        ("x = " + "[" * 150 + "]" * 150 + "\n", "too-deeply-nested"),
        ("x = " + " + ".join(["1"] * (MAX_DEPTH + 20)) + "\n", "too-deeply-nested"),
        ("x = 1\n" * 400_000, "too-large"),
    ],
)
def test_dangerous_input_is_refused_before_libcst(code: str, reason: str) -> None:
    with pytest.raises(Refusal) as refused:
        tree = screen(code)
        assert tree is not None
        check_depth(tree)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "code",
    [
        "import boto3\nboto3.client('s3')\n",
        "x = " + " + ".join(["'a'"] * 40) + "\n",
        "if a:\n    pass\n" + "".join(f"elif a == {i}:\n    pass\n" for i in range(300)),
        "print 'python 2'\n",  # a syntax error is libcst's to report, not the screen's
    ],
)
def test_ordinary_code_passes_the_screen(code: str) -> None:
    tree = screen(code)
    if tree is not None:
        check_depth(tree)


@pytest.mark.parametrize(
    ("code", "depth"),
    [("x = 1\n", 2), ("x = f(g(1))\n", 4), ("def f():\n    return a\n", 2)],
)
def test_expression_depth_restarts_at_each_statement(code: str, depth: int) -> None:
    assert expression_depth(ast.parse(code)) == depth
