from __future__ import annotations

import pytest

from scanner.passes.iac.line_table import LineTable
from scanner.passes.iac.located import TemplateError
from scanner.passes.iac.tf_blocks import span_of
from scanner.passes.iac.tf_hcl import load_hcl

TEXT = """\
# comment
resource "aws_instance" "web" {
  ami = "ami-1"

  user_data = <<-EOT
    #!/bin/bash
    echo hi
  EOT
  launch_template {
    id = aws_launch_template.lt.id
  }
}

provider "aws" {
  region = "eu-west-1"
}
"""


def test_blocks_have_header_regions_and_labels() -> None:
    blocks = load_hcl("main.tf", TEXT)
    assert [(b.type, b.labels, b.site.region.start_line) for b in blocks] == [
        ("resource", ("aws_instance", "web"), 2),
        ("provider", ("aws",), 14),
    ]
    assert blocks[0].address == "aws_instance.web"
    assert blocks[1].address == "provider.aws"


@pytest.mark.parametrize(
    ("name", "line", "end_line", "value"),
    [
        ("ami", 3, 3, "ami-1"),
        ("user_data", 5, 8, "#!/bin/bash\necho hi"),
    ],
)
def test_attributes_keep_span_and_value(name: str, line: int, end_line: int, value: str) -> None:
    web = load_hcl("main.tf", TEXT)[0]
    attribute = web.attributes[name]
    assert attribute.value == value
    assert (attribute.site.region.start_line, attribute.site.region.end_line) == (line, end_line)
    assert attribute.span.text.startswith(name)


def test_nested_blocks_are_found_by_name() -> None:
    web = load_hcl("main.tf", TEXT)[0]
    (template,) = web.children("launch_template")
    assert template.get("id") == "${aws_launch_template.lt.id}"
    assert template.site.region.start_line == 9


@pytest.mark.parametrize(
    "text",
    [
        'resource "aws_instance" "x" {\n  ami = "AKIAYGZ7Y67TASAE5JI7"\n',
        'resource "aws_instance" {\n  ami = = "AKIAYGZ7Y67TASAE5JI7"\n}\n',
        "}}}",
    ],
)
def test_bad_hcl_raises_template_error_without_content(text: str) -> None:
    with pytest.raises(TemplateError, match="not valid HCL") as caught:
        load_hcl("bad.tf", text)
    assert "AKIA" not in str(caught.value)


def test_hcl_nested_beyond_the_parser_is_not_called_invalid() -> None:
    deep = "[" * 2000 + "]" * 2000
    with pytest.raises(TemplateError, match="nested too deeply") as caught:
        load_hcl("deep.tf", f"locals {{\n  x = {deep}\n}}\n")
    assert "not valid" not in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        # python-hcl2 places the end of this expression one past the text (hypothesis).
        "access_key = 0000000000000000000000000000000000000/0",
        "a = 1/0",
    ],
)
def test_positions_past_the_text_are_clamped(text: str) -> None:
    loaded = load_hcl("main.tf", text)
    assert loaded == [] or all(b.site.region.start_line == 1 for b in loaded)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(0, 3, "abc"), (0, 10, "abc"), (2, 10, "c"), (5, 10, ""), (0, 5, "abc")],
)
def test_a_span_never_reaches_past_the_text(start: int, end: int, expected: str) -> None:
    assert span_of("main.tf", LineTable("abc"), start, end).text == expected
