from __future__ import annotations

import pytest

from scanner.passes.iac.tf_values import (
    Call,
    ForExpression,
    conditional_branches,
    expression_source,
    for_expression,
    hcl_text,
    heredoc_text,
    parse_expression,
    reparsed,
    structured,
)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("<<EOT\nline one\n  line two\nEOT\n", "line one\n  line two"),
        ('<<-EOT\n    a="1"\n      b\n  EOT\n', 'a="1"\n  b'),
        ("<<-EOT\n    x\n\n    y\n  EOT", "x\n\ny"),
        ('<<POLICY\n{"a": 1}\nPOLICY', '{"a": 1}'),
        ("<<EOT\nEOT\n", ""),
        ("not a heredoc", "not a heredoc"),
    ],
)
def test_heredoc_text(token: str, expected: str) -> None:
    assert heredoc_text(token) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"plain"', "plain"),
        ('"a ${var.b} c"', "a ${var.b} c"),
        ("aws_iam_role.r.name", "${aws_iam_role.r.name}"),
        ('aws_iam_role.r["x"].arn', '${aws_iam_role.r["x"].arn}'),
        ("[1, true, null]", [1, True, None]),
        ('{ Tier = "Web", "Name" = "x" }', {"Tier": "Web", "Name": "x"}),
        ('jsonencode({ Action = "*" })', Call("jsonencode", ({"Action": "*"},))),
        ('merge(local.tags, { Tier = "Web" })', Call("merge", ("${local.tags}", {"Tier": "Web"}))),
        ("(var.a)", "${var.a}"),
        ('var.a == "" ? null : var.a', '${var.a == "" ? null : var.a}'),
    ],
)
def test_parse_expression(text: str, expected: object) -> None:
    assert parse_expression(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('${jsonencode({Action = "*"})}', Call("jsonencode", ({"Action": "*"},))),
        ("${aws_iam_role.r.name}", "${aws_iam_role.r.name}"),
        ("${broken(}", "${broken(}"),
        ("plain", "plain"),
        (5, 5),
    ],
)
def test_structured_tf_json_strings(value: object, expected: object) -> None:
    assert structured(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("${var.a}", "var.a"),
        ("${{ a = 1 }}", "{ a = 1 }"),
        ("${a}-${b}", None),
        ("name-${var.a}", None),
        ("plain", None),
        (None, None),
    ],
)
def test_expression_source_is_one_whole_expression(value: object, expected: object) -> None:
    assert expression_source(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("${[1, aws_iam_role.r.arn]}", [1, "${aws_iam_role.r.arn}"]),
        ('${{ a = "b" }}', {"a": "b"}),
        ("${var.on ? [] : [1]}", "${var.on ? [] : [1]}"),
        ("${[1,}", "${[1,}"),
        ("a-${b}", "a-${b}"),
    ],
)
def test_reparsed_tf_json_expressions(value: object, expected: object) -> None:
    assert reparsed(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("${var.on ? [] : [var.p]}", ([], ["${var.p}"])),
        ("${(var.on ? a.b : null)}", ("${a.b}", None)),
        ("${length(var.m) > 0 ? [var.m] : []}", (["${var.m}"], [])),
        ("${var.a ? 1 : var.b ? 2 : 3}", (1, "${var.b ? 2 : 3}")),
        ("${var.on}", None),
        ('${"a ? b : c"}', None),
        ([1], None),
    ],
)
def test_conditional_branches(value: object, expected: object) -> None:
    assert conditional_branches(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "${{for k, v in var.m : k => v if var.on}}",
            ForExpression(("k", "v"), "${var.m}", "${k}", "${v}"),
        ),
        ("${[for x in var.l : x.arn]}", ForExpression(("x",), "${var.l}", None, "${x.arn}")),
        ("${var.m}", None),
        ("${[var.format]}", None),
    ],
)
def test_for_expression_parts(value: object, expected: object) -> None:
    assert for_expression(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "null"),
        (True, "true"),
        (3, "3"),
        ('say "hi"', '"say \\"hi\\""'),
        ("${var.a.b}", "(var.a.b)"),
        ("arn:${var.p}", '"arn:${var.p}"'),
        ([1, {"k": "${x}"}], '[1, {"k" = (x)}]'),
        (Call("merge", ("${a}", {})), "merge((a), {})"),
    ],
)
def test_hcl_text_reads_back_as_the_value(value: object, expected: str) -> None:
    assert hcl_text(value) == expected
    if value is not None and not isinstance(value, str):
        assert parse_expression(expected) == value
