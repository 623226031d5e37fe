from __future__ import annotations

import pytest

from scanner.passes.iac.located import TemplateError
from scanner.passes.iac.tf_json import load_tf_json
from scanner.passes.iac.tf_values import Call

TEXT = """{
  "provider": {"aws": [{"region": "a"}, {"alias": "b", "region": "b"}]},
  "resource": [{
    "aws_instance": {
      "web": {
        "tags": {"Tier": "Web"},
        "launch_template": [{"id": "${aws_launch_template.lt.id}"}]
      }
    }
  }],
  "variable": {"k": {"default": "v"}},
  "output": {"o": {"value": "${jsonencode({a = 1})}"}}
}
"""


def test_blocks_and_labels_follow_terraform_json_syntax() -> None:
    blocks = load_tf_json("main.tf.json", TEXT)
    found = [(b.type, b.labels, b.site.region.start_line) for b in blocks]
    assert found == [
        ("provider", ("aws",), 2),
        ("provider", ("aws",), 2),
        ("resource", ("aws_instance", "web"), 5),
        ("variable", ("k",), 11),
        ("output", ("o",), 12),
    ]


def test_values_nested_blocks_and_expressions() -> None:
    blocks = load_tf_json("main.tf.json", TEXT)
    web = blocks[2]
    assert web.get("tags") == {"Tier": "Web"}
    assert web.attributes["tags"].site.region.start_line == 6
    (template,) = web.children("launch_template")
    assert template.get("id") == "${aws_launch_template.lt.id}"
    assert blocks[4].get("value") == Call("jsonencode", ({"a": 1},))


@pytest.mark.parametrize("text", ["[]", "{", '"x"'])
def test_not_a_configuration(text: str) -> None:
    with pytest.raises(TemplateError):
        load_tf_json("main.tf.json", text)
