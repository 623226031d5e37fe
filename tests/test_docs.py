"""The README documents every rule and every flag: docs that drift fail here."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from scanner.cli import _parser
from scanner.rules import load_catalogue

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _flags() -> list[str]:
    parser = _parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    flags = set()
    for command in subparsers.choices.values():
        for action in command._actions:
            flags.update(s for s in action.option_strings if s.startswith("--") and s != "--help")
    return sorted(flags)


@pytest.mark.parametrize("rule_id", [rule.id for rule in load_catalogue()])
def test_readme_documents_rule(rule_id: str) -> None:
    assert f"`{rule_id}`" in README


@pytest.mark.parametrize("flag", _flags())
def test_readme_documents_flag(flag: str) -> None:
    assert flag in README
