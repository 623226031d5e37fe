"""CloudFormation boot scripts and the places an access key's secret is written to."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from scanner.passes.iac.cfn_template import Template
from scanner.passes.iac.cfn_values import intrinsic, render
from scanner.passes.iac.line_table import LineTable
from scanner.passes.iac.located import MAX_NODES
from scanner.passes.iac.model import Export, UserData

_SECRET = ".SecretAccessKey"
_MARKER_END = _SECRET + "}"
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
    for logical_id, properties in template.of_type("AWS::EC2::SpotFleet"):
        config = properties.get("SpotFleetRequestConfigData")
        listed = config.get("LaunchSpecifications") if isinstance(config, Mapping) else None
        if not isinstance(listed, list):
            continue
        specifications = [s for s in listed if isinstance(s, Mapping)]
        for number, spec in enumerate(specifications):
            if "UserData" in spec:
                owner = logical_id if len(specifications) == 1 else f"{logical_id}[{number}]"
                record = _record(template, owner, spec, access_keys)
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
    # The script ends where the next key starts: of its own mapping, else of the resources
    # (else of the template), so that a search for a setting never runs into the next
    # resource's text and places its finding there.
    bounds = (_next_key_line(m, line) for m in (holder, template.resources, template.document))
    start, end = _span(template.lines, line, next((b for b in bounds if b is not None), None))
    return UserData(
        owner=owner,
        attribute="UserData",
        text=text,
        site=site,
        span_text=template.text,
        span_line=line,
        key_references=references,
        span_start=start,
        span_end=end,
    )


def _next_key_line(holder: Mapping[str, Any], line: int) -> int | None:
    key_marks = getattr(holder, "key_marks", {})
    later = [mark.line for mark in key_marks.values() if mark.line > line]
    return min(later) if later else None


def _span(lines: LineTable, first_line: int, end_line: int | None) -> tuple[int, int]:
    """Offsets of the lines from `first_line` up to `end_line` (or the end), newline after
    them left out."""
    start = lines.line_offset(first_line)
    if end_line is None or end_line > lines.line_count:
        return start, len(lines.text)
    return start, max(start, lines.line_offset(end_line) - 1)


def access_key_exports(template: Template, records: Iterable[UserData]) -> dict[str, list[Export]]:
    """Every access key's exports, by logical id: each value is read once for all keys."""
    keys = frozenset(logical_id for logical_id, _ in template.of_type("AWS::IAM::AccessKey"))
    longest = max(map(len, keys), default=0)
    exports: dict[str, list[Export]] = defaultdict(list)
    outputs = template.document.get("Outputs")
    if not isinstance(outputs, Mapping):
        outputs = {}
    for name, output in outputs.items():
        if isinstance(output, Mapping):
            for key in _secrets_in(output.get("Value"), keys, longest):
                exports[key].append(Export(f"output {name}", template.key_site(outputs, str(name))))
    for kind, (what, prop) in _SINKS.items():
        for logical_id, properties in template.of_type(kind):
            for key in _secrets_in(properties.get(prop), keys, longest):
                exports[key].append(
                    Export(f"{what} {logical_id}", template.resource_site(logical_id))
                )
    for record in records:
        for reference in record.key_references:
            key = reference.removesuffix(_SECRET)
            if key + _SECRET == reference and key in keys:
                exports[key].append(Export(f"user data of {record.owner}", record.site))
    return exports


def _secrets_in(value: Any, keys: frozenset[str], longest: int) -> set[str]:
    """The keys whose secret a value holds: `!GetAtt Key.SecretAccessKey` anywhere in it, or
    `${Key.SecretAccessKey}` in its text."""
    found: set[str] = set()
    stack, seen = [value], 0
    while stack and seen < MAX_NODES:
        item, seen = stack.pop(), seen + 1
        key = _get_att_secret(item)
        if key is not None and key in keys:
            found.add(key)
        if isinstance(item, str):
            found.update(_marked(item, keys, longest))
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _get_att_secret(value: Any) -> str | None:
    """`Key` for `!GetAtt Key.SecretAccessKey`."""
    found = intrinsic(value)
    target = render(value) if found is not None and found[0] == "Fn::GetAtt" else None
    if target is None or len(target) < 2 + len(_MARKER_END):
        return None
    if not (target.startswith("${") and target.endswith(_MARKER_END)):
        return None
    return target[2 : -len(_MARKER_END)]


def _marked(text: str, keys: frozenset[str], longest: int) -> Iterator[str]:
    """Keys named by a `${Key.SecretAccessKey}` in `text`. Any `${` up to `longest` (the
    longest key id) characters before a marker's end may open one."""
    end = text.find(_MARKER_END)
    while end != -1:
        bound = max(0, end - longest - 2)
        start = text.rfind("${", bound, end)
        while start != -1:
            if text[start + 2 : end] in keys:
                yield text[start + 2 : end]
            start = text.rfind("${", bound, start)
        end = text.find(_MARKER_END, end + 1)
