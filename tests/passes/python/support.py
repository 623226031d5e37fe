"""Helpers: run code through the pass, or through one step of it with libcst metadata."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import libcst as cst
from libcst.metadata import MetadataWrapper

from scanner.models import Finding, PassResult, PassSettings
from scanner.passes.python import PythonPass
from scanner.passes.python.index import ModuleIndex
from scanner.rules import load_catalogue
from scanner.source import SourceFile
from tests import fakes

T = TypeVar("T")


def fake_key_id(prefix: str = "AKIA", seed: int = 0) -> str:
    return fakes.fake_key_id(f"key-{prefix}-{seed}", prefix)


def fake_secret(seed: int = 0) -> str:
    return fakes.fake_secret(f"secret-{seed}")


KEY = fake_key_id()
SECRET = fake_secret()


def run_pass(code: str, path: str = "app/mod.py", **settings: object) -> PassResult:
    """What a sweep gets from the pass. The module is scanned even when the text prefilter
    turns it away, to check on every module of the suite that it never hides a finding."""
    source = SourceFile.from_text(path, code)
    python_pass = PythonPass()
    result = python_pass.scan(source, PassSettings(**settings))  # type: ignore[arg-type]
    wanted = python_pass.wants(source)
    assert wanted or not result.findings, "the prefilter turned away a module with findings"
    return result if wanted else PassResult()


def rule_lines(code: str, rule: str, path: str = "app/mod.py") -> list[int]:
    return sorted(f.region.start_line for f in run_pass(code, path).findings if f.rule_id == rule)


def findings_of(code: str, rule: str, path: str = "app/mod.py") -> list[Finding]:
    return [f for f in run_pass(code, path).findings if f.rule_id == rule]


def with_index(code: str, work: Callable[[ModuleIndex], T]) -> T:
    """Run `work` while libcst metadata of `code` is available."""
    results: list[T] = []
    wrapper = MetadataWrapper(cst.parse_module(code))
    wrapper.visit(ModuleIndex(lambda index: results.append(work(index))))
    return results[0]


def last_call(index: ModuleIndex) -> cst.Call:
    """The outermost call on the module's last line that has one."""
    last_line = max(index.position(call).start.line for call in index.calls)
    return next(c for c in index.calls if index.position(c).start.line == last_line)


def known_modules() -> list[tuple[str, str]]:
    """Every Python module of the rule examples and the sample repositories in fixtures/."""
    root = Path(__file__).resolve().parents[3]
    modules = []
    for rule in load_catalogue():
        for example in rule.examples:
            for path, code in example.files.items():
                if path.endswith(".py"):
                    modules.append((f"{rule.id}/{example.name}/{path}", code))
    for path in sorted((root / "fixtures").rglob("*.py")):
        modules.append((str(path.relative_to(root)), path.read_text(encoding="utf-8")))
    return modules
