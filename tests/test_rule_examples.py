"""Every example of every rule, run through the whole engine: the rules' own proof."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.engine import ScanOptions, scan
from scanner.rules import Rule, RuleExample, load_catalogue

CATALOGUE = load_catalogue()
EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.id}/{example.name}")
    for rule in CATALOGUE
    for example in rule.examples
]


def _write(root: Path, example: RuleExample) -> None:
    for relative, content in example.files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example(tmp_path: Path, rule: Rule, example: RuleExample) -> None:
    _write(tmp_path, example)
    result = scan(ScanOptions(paths=(tmp_path,), jobs=1))
    reported = [f for f in result.findings if f.rule_id == rule.id and f.suppressed_by is None]

    expected = {(e.path, e.line) for e in example.expected}
    assert {(f.path, f.region.start_line) for f in reported} == expected
    levels = {(e.path, e.line): e.level for e in example.expected if e.level is not None}
    for finding in reported:
        want = levels.get((finding.path, finding.region.start_line))
        if want is not None:
            assert finding.level == want, f"{finding.path}:{finding.region.start_line}"


@pytest.mark.parametrize("rule", CATALOGUE, ids=[rule.id for rule in CATALOGUE])
def test_rule_has_positive_and_negative_examples(rule: Rule) -> None:
    assert any(example.expected for example in rule.examples), "no positive example"
    assert any(not example.expected for example in rule.examples), "no negative example"


@pytest.mark.parametrize("rule", CATALOGUE, ids=[rule.id for rule in CATALOGUE])
def test_rule_metadata_fits_github(rule: Rule) -> None:
    # GitHub code scanning reads these; keep them within its limits and formats.
    assert 0.0 <= float(rule.security_severity) <= 10.0
    assert "security" in rule.tags
    assert "external/cwe/cwe-798" in rule.tags or any(
        t.startswith("external/cwe/") for t in rule.tags
    )
    assert len(rule.tags) <= 20
    assert len(rule.short_description) <= 1024
    assert len(rule.full_description) <= 1024
    assert rule.help.strip()
