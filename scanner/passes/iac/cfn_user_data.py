"""CloudFormation boot scripts and the places an access key's secret is written to."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from scanner.passes.iac.cfn_template import Template
from scanner.passes.iac.cfn_values import intrinsic, render
from scanner.passes.iac.located import MAX_NODES
from scanner.passes.iac.model import Export, UserData

_SINKS = {"AWS::SSM::Parameter": ("SSM parameter", "Value")}
_LAUNCH_TYPES = ("AWS::EC2::Instance", "AWS::AutoScaling::LaunchConfiguration")


def user_data(template: Template) -> Iterator[UserData]:
    access_keys = {logical_id for logical_id, _ in template.of_type("AWS::IAM::AccessKey")}
    for kind in (*_LAUNCH_TYPES, "AWS::EC2::LaunchTemplate"):
        for logical_id, properties in template.of_type(kind):
            holder = properties
            if kind == "AWS::EC2::LaunchTemplate":
                data = properties.get("LaunchTemplateData")
                holder = data if isinstance(data, Mapping) else {}
            if "UserData" in holder:
                record = _record(template, logical_id, holder, access_keys)
                if record is not None:
                    yield record


def _record(
    template: Template, owner: str, holder: Mapping[str, Any], access_keys: set[str]
) -> UserData | None:
    text = render(holder["UserData"])
    if not text:
        return None
    references = frozenset(
        inner
        for inner in re.findall(r"\$\{([^}!]*)\}", text)
        if inner.split(".", 1)[0] in access_keys
    )
    site = template.key_site(holder, "UserData")
    line = site.region.start_line
    return UserData(
        owner=owner,
        attribute="UserData",
        text=text,
        site=site,
        span_text=_span(template.text, line, _next_key_line(holder, line)),
        span_line=line,
        key_references=references,
    )


def _next_key_line(holder: Mapping[str, Any], line: int) -> int | None:
    key_marks = getattr(holder, "key_marks", {})
    later = [mark.line for mark in key_marks.values() if mark.line > line]
    return min(later) if later else None


def _span(text: str, first_line: int, end_line: int | None) -> str:
    lines = text.split("\n")
    return "\n".join(lines[first_line - 1 : (end_line - 1) if end_line else None])


def access_key_exports(template: Template, key_id: str) -> Iterator[Export]:
    outputs = template.document.get("Outputs")
    if not isinstance(outputs, Mapping):
        outputs = {}
    for name, output in outputs.items():
        if isinstance(output, Mapping) and _mentions_secret(output.get("Value"), key_id):
            yield Export(f"output {name}", template.key_site(outputs, str(name)))
    for kind, (what, prop) in _SINKS.items():
        for logical_id, properties in template.of_type(kind):
            if _mentions_secret(properties.get(prop), key_id):
                yield Export(f"{what} {logical_id}", template.resource_site(logical_id))
    for record in user_data(template):
        if f"{key_id}.SecretAccessKey" in record.key_references:
            yield Export(f"user data of {record.owner}", record.site)


def _mentions_secret(value: Any, key_id: str) -> bool:
    """`!GetAtt Key.SecretAccessKey` anywhere in a value, or `${Key.SecretAccessKey}`."""
    marker = f"${{{key_id}.SecretAccessKey}}"
    stack, seen = [value], 0
    while stack and seen < MAX_NODES:
        item, seen = stack.pop(), seen + 1
        found = intrinsic(item)
        if found is not None and found[0] == "Fn::GetAtt":
            target = render(item)
            if target == marker:
                return True
        if isinstance(item, str) and marker in item:
            return True
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
