"""The key pass alone over the labelled cases, and the pass's own contract."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.models import PassSettings
from scanner.passes.keys import KeyPass
from scanner.passes.keys.scanning import scan_source
from scanner.source import SourceFile
from tests.test_shared_cases import CASES

from .fakes import KEY, SECRET

KEY_RULES = {"aws-access-key-id", "aws-secret-access-key", "aws-credentials-file"}
CASE_DIRS = sorted(p for p in CASES.glob("*") if (p / "expected.json").is_file())


def _text(path: Path) -> str | None:
    raw = path.read_bytes()
    if b"\0" in raw[:4096]:
        return None  # binary: the walker skips it before any pass sees it
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _scan_case(case: Path) -> set[tuple[str, int, str]]:
    key_pass = KeyPass()
    reported: set[tuple[str, int, str]] = set()
    for path in sorted(case.rglob("*")):
        if not path.is_file() or path.name == "expected.json":
            continue
        text = _text(path)
        if text is None:
            continue
        source = SourceFile.from_text(path.relative_to(case).as_posix(), text)
        if not key_pass.wants(source):
            continue
        for finding in key_pass.scan(source, PassSettings()).findings:
            reported.add((finding.path, finding.region.start_line, finding.rule_id))
    return reported


def _expected(case: Path) -> set[tuple[str, int, str]]:
    data = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    wanted: set[tuple[str, int, str]] = set()
    for item in data["findings"]:
        if item["kind"] in KEY_RULES:
            assert isinstance(item["line"], int), "a line list needs range matching here"
            wanted.add((item["file"], item["line"], item["kind"]))
    return wanted


@pytest.mark.skipif(not CASE_DIRS, reason="the labelled cases are not beside this checkout")
@pytest.mark.parametrize("case", CASE_DIRS, ids=[case.name for case in CASE_DIRS])
def test_labelled_case(case: Path) -> None:
    assert _scan_case(case) == _expected(case)


@pytest.mark.skipif(not CASE_DIRS, reason="the labelled cases are not beside this checkout")
def test_minified_case_is_fast() -> None:
    (case,) = [case for case in CASE_DIRS if case.name.startswith("25_")]
    # The case's own bound, not a benchmark: it catches runaway regexes, not slow machines.
    bound = json.loads((case / "expected.json").read_text(encoding="utf-8"))["max_seconds"]
    started = time.perf_counter()
    _scan_case(case)
    assert time.perf_counter() - started < bound


@pytest.mark.parametrize(
    ("path", "text", "rules"),
    [
        (
            ".env",
            f"AWS_ACCESS_KEY_ID={KEY}\nAWS_SECRET_ACCESS_KEY={SECRET}\n",
            [(1, "aws-credentials-file"), (1, "aws-access-key-id"), (2, "aws-secret-access-key")],
        ),
        (".env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n", []),
        # The value on the line below a YAML block scalar's header; a Python bytes literal.
        (
            "values.yaml",
            f"aws:\n  aws_secret_access_key: |-\n    {SECRET}\n",
            [(3, "aws-secret-access-key")],
        ),
        ("conf.py", f'AWS_SECRET_ACCESS_KEY = b"{SECRET}"\n', [(1, "aws-secret-access-key")]),
        ("settings.cfg", f"[default]\naws_access_key_id = {KEY}\n", [(2, "aws-access-key-id")]),
        (
            ".s3cfg",
            f"[default]\naccess_key = {KEY}\nsecret_key = {SECRET}\n",
            [(1, "aws-credentials-file"), (2, "aws-access-key-id"), (3, "aws-secret-access-key")],
        ),
        (
            "ops/.passwd-s3fs",
            f"{KEY}:{SECRET}\n",
            [(1, "aws-credentials-file"), (1, "aws-access-key-id"), (1, "aws-secret-access-key")],
        ),
    ],
)
def test_scan(path: str, text: str, rules: list[tuple[int, str]]) -> None:
    source = SourceFile.from_text(path, text)
    result = KeyPass().scan(source, PassSettings())
    got = sorted((f.region.start_line, f.rule_id) for f in result.findings)
    assert got == sorted(rules)


def test_extra_placeholders_come_from_settings() -> None:
    source = SourceFile.from_text("a.py", f"k = '{KEY}'\n")
    settings = PassSettings(extra_placeholders=frozenset({KEY}))
    assert KeyPass().scan(source, settings).findings == ()


def test_same_secret_twice_on_one_line_is_one_finding() -> None:
    text = f"{KEY} aws_secret_access_key={SECRET}\n"
    findings = KeyPass().scan(SourceFile.from_text("a.txt", text), PassSettings()).findings
    assert sorted(f.rule_id for f in findings) == ["aws-access-key-id", "aws-secret-access-key"]


def _scan_seconds(text: str) -> float:
    source = SourceFile.from_text("f.js", text)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        KeyPass().scan(source, PassSettings())
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize(
    "unit",
    [
        "secret",
        "aws_secret_access_key = '",
        f"aws_secret_access_key = '{SECRET[:20]}' + \n",
        f"{KEY} ",
        "QUtJQUtJQUtJ",
        "- name: AWS_SECRET_ACCESS_KEY\n",
        "kind: Secret\ndata:\n  a: QUtJQ\n",
        "aws_secret_access_key: |\n\n   \n",
        "  secret: !!str >-\n" + " " * 60 + "\n",
    ],
)
def test_whole_pass_scales_linearly(unit: str) -> None:
    # Doubling the input must roughly double the time, whatever the input repeats. The
    # lowest of three ratios is the one least disturbed by other processes.
    small = unit * (100_000 // len(unit))
    ratio = min(_scan_seconds(small * 2) / max(_scan_seconds(small), 1e-6) for _ in range(3))
    assert ratio < 3.5, f"{ratio:.1f}x for twice the input"


_SHORT_CUT_TEXTS = [
    'region = "us-east-1"  # aws\n',
    f'aws_secret_access_key = "{SECRET}"\n',
    f'KEY = "{KEY}"\n',
    f"encoded: {base64.b64encode(KEY.encode()).decode()}\n",
    f"apiVersion: v1\nkind: Secret\ndata:\n  creds: {base64.b64encode(SECRET.encode()).decode()}\n",
    f'{{"AWS": "{SECRET}"}}\n',
    "",
]


@pytest.mark.parametrize("text", _SHORT_CUT_TEXTS)
def test_prefilter_turns_away_only_texts_without_findings(text: str) -> None:
    """`wants` may let in too much ("secret" alone), never too little."""
    source = SourceFile.from_text("app/config.py", text)
    if not KeyPass().wants(source):
        assert scan_source(source, PassSettings()).findings == ()


def test_short_cut_texts_are_wanted_and_not_and_hold_findings_and_none() -> None:
    sources = [SourceFile.from_text("app/config.py", t) for t in _SHORT_CUT_TEXTS]
    assert {KeyPass().wants(s) for s in sources} == {True, False}
    results = [scan_source(s, PassSettings()) for s in sources]
    assert {bool(r.findings) for r in results} == {True, False}


_FRAGMENTS = ["aws", "AWS_", "secret", "Secret", "AKIA", KEY, SECRET, "=", '"', "\n", " ", "x"]


@given(st.lists(st.sampled_from([*_FRAGMENTS, KEY[:6], SECRET[:20]]), max_size=12))
def test_prefilter_never_turns_away_a_finding(parts: list[str]) -> None:
    text = "".join(parts) + "\n" + base64.b64encode("".join(parts).encode()).decode()
    source = SourceFile.from_text("app/config.py", text)
    if not KeyPass().wants(source):
        assert scan_source(source, PassSettings()).findings == ()
