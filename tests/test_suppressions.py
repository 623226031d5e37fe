from __future__ import annotations

import pytest

from scanner.models import Finding, Region
from scanner.source import SourceFile
from scanner.suppressions import UnusedSuppression, apply, find_suppressions, unused

KEY = "AKIAQ4ZJ7XWNB3HRT2KD"
KNOWN = frozenset({"aws-access-key-id", "aws-secret-access-key"})


def _finding(line: int, rule: str = "aws-access-key-id", end_line: int = 0) -> Finding:
    return Finding(rule, "f", Region(line, 1, end_line, 5), "masked", "d" * 64)


def _suppressed_lines(text: str, rule: str = "aws-access-key-id") -> list[int]:
    source = SourceFile.from_text("f", text)
    findings = [_finding(n, rule) for n in range(1, source.line_count + 1)]
    marked = apply(findings, find_suppressions(source))
    return [f.region.start_line for f in marked if f.suppressed_by is not None]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        # Every comment syntax, on the finding's own line: covers it and the next line.
        (f'KEY = "{KEY}"  # credsweep: ignore\nx\ny\n', [1, 2]),
        (f'const key = "{KEY}"; // credsweep: ignore\nx\ny\n', [1, 2]),
        (f"SELECT '{KEY}' -- credsweep: ignore\nx\ny\n", [1, 2]),
        (f"key = {KEY} ; credsweep: ignore\nx\ny\n", [1, 2]),
        (f"<key>{KEY}</key> <!-- credsweep: ignore -->\nx\ny\n", [1, 2]),
        (f'char *k = "{KEY}"; /* credsweep: ignore */\nx\ny\n', [1, 2]),
        # On the line before.
        (f'x\n# credsweep: ignore\nKEY = "{KEY}"\ny\n', [2, 3]),
        (f'x\n// credsweep: ignore[aws-access-key-id]\nKEY = "{KEY}"\ny\n', [2, 3]),
        (f'x\n/*\n * credsweep: ignore\n */\nKEY = "{KEY}"\n', [3, 4]),
        (f"<!-- credsweep: ignore -->\n<k>{KEY}</k>\nx\n", [1, 2]),
        # Spacing and case are forgiving; the rule list may hold several ids.
        (f'KEY = "{KEY}"  #credsweep:ignore\nx\n', [1, 2]),
        (f'KEY = "{KEY}"  # CredSweep: Ignore[AWS-ACCESS-KEY-ID]\nx\n', [1, 2]),
        (
            f'k = "{KEY}"  # credsweep: ignore[ aws-secret-access-key , aws-access-key-id ]\n',
            [1, 2],
        ),
        # Another rule named: nothing suppressed.
        (f'KEY = "{KEY}"  # credsweep: ignore[aws-secret-access-key]\nx\n', []),
        (f'KEY = "{KEY}"  # credsweep: ignore[]\nx\n', []),
        # Not in a comment: a string that mentions the marker hides nothing.
        (f'KEY = "{KEY} credsweep: ignore"\nx\n', []),
        ("credsweep: ignore\nx\n", []),
        # Two lines before is too far.
        (f"# credsweep: ignore\n\nKEY = {KEY}\n", [1, 2]),
        # `ignored` is another word.
        (f"KEY = {KEY}  # credsweep: ignored\n", []),
        # detect-secrets pragmas: same line, or the next line with the nextline form.
        (f'KEY = "{KEY}"  # pragma: allowlist secret\nx\n', [1]),
        (f'KEY = "{KEY}"  // pragma: whitelist secret\nx\n', [1]),
        (f'# pragma: allowlist nextline secret\nKEY = "{KEY}"\nx\n', [2]),
        (f'  -- pragma: allowlist-nextline-secret\nKEY = "{KEY}"\nx\n', [2]),
        (f'x = "a"  # pragma: allowlist nextline secret\nKEY = "{KEY}"\n', []),
        (f'KEY = "{KEY}"  # pragma: allowlist secret\nnext = 1\n', [1]),
    ],
)
def test_which_lines_a_marker_covers(text: str, lines: list[int]) -> None:
    assert _suppressed_lines(text) == lines


def test_a_multi_line_finding_counts_its_start_line() -> None:
    source = SourceFile.from_text("f", "a\nb  # credsweep: ignore\nc\nd\ne\n")
    findings = [_finding(1, end_line=4), _finding(3, end_line=5), _finding(4, end_line=5)]
    marked = apply(findings, find_suppressions(source))
    assert [f.suppressed_by is not None for f in marked] == [False, True, False]
    assert marked[1].suppressed_by == "credsweep: ignore (line 2)"


def test_justification_never_quotes_the_line() -> None:
    source = SourceFile.from_text("f", f'KEY = "{KEY}"  # credsweep: ignore[aws-access-key-id]\n')
    (marked,) = apply([_finding(1)], find_suppressions(source))
    assert marked.suppressed_by == "credsweep: ignore[aws-access-key-id] (line 1)"
    assert KEY not in (marked.suppressed_by or "")


@pytest.mark.parametrize(
    ("text", "finding_rules", "expected"),
    [
        ("k  # credsweep: ignore[aws-access-key-id]\n", {1: "aws-access-key-id"}, []),
        (
            "k  # credsweep: ignore[aws-secret-access-key]\n",
            {1: "aws-access-key-id"},
            [UnusedSuppression("f", 1, "aws-secret-access-key", "does not fire here")],
        ),
        (
            "# credsweep: ignore[aws-access-key-id, aws-acces-key-id]\nk\n",
            {2: "aws-access-key-id"},
            [UnusedSuppression("f", 1, "aws-acces-key-id", "names an unknown rule")],
        ),
        (
            "# credsweep: ignore\nx\nk\n",
            {3: "aws-access-key-id"},
            [UnusedSuppression("f", 1, None, "suppresses nothing here")],
        ),
        ("k  # credsweep: ignore[]\n", {}, [UnusedSuppression("f", 1, "", "names no rule")]),
        # Pragmas are detect-secrets' and may cover secrets of kinds this tool never reports.
        ("x  # pragma: allowlist secret\n", {}, []),
    ],
)
def test_unused_suppressions(
    text: str, finding_rules: dict[int, str], expected: list[UnusedSuppression]
) -> None:
    source = SourceFile.from_text("f", text)
    findings = [_finding(line, rule) for line, rule in finding_rules.items()]
    assert list(unused("f", findings, find_suppressions(source), KNOWN)) == expected


@pytest.mark.parametrize(
    ("item", "text"),
    [
        (
            UnusedSuppression("a.py", 3, None, "suppresses nothing here"),
            "a.py:3: credsweep: ignore suppresses nothing here",
        ),
        (
            UnusedSuppression("a.py", 3, "r", "does not fire here"),
            "a.py:3: credsweep: ignore[r] does not fire here",
        ),
    ],
)
def test_unused_descriptions(item: UnusedSuppression, text: str) -> None:
    assert item.describe() == text
