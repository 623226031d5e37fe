from __future__ import annotations

import pytest

from scanner.passes.iac.tf_values import Call, heredoc_text, parse_expression, structured


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
