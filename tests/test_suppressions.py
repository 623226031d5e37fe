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
        # Spacing and case are forgiving; the rule list may hold several ids.
        (f'KEY = "{KEY}"  #credsweep:ignore\nx\n', [1]),
        (f'KEY = "{KEY}"  # CredSweep: Ignore[AWS-ACCESS-KEY-ID]\nx\n', [1]),
        (
            f'k = "{KEY}"  # credsweep: ignore[ aws-secret-access-key , aws-access-key-id ]\nx\n',
            [1],
        ),
        (f"\t  #credsweep:ignore[aws-access-key-id]\nKEY = {KEY}\nx\n", [1, 2]),
        # Another rule named: nothing suppressed.
        (f'KEY = "{KEY}"  # credsweep: ignore[aws-secret-access-key]\nx\n', []),
        (f'KEY = "{KEY}"  # credsweep: ignore[]\nx\n', []),
        # Not in a comment: a string that mentions the marker hides nothing.
        (f'KEY = "{KEY} credsweep: ignore"\nx\n', []),
        ("credsweep: ignore\nx\n", []),
        # ... even after a comment opener inside the string, or in a string beside the key.
        (f'KEY = "{KEY} # credsweep: ignore"\nx\n', []),
        (f'KEY = "{KEY}"; NOTE = "# credsweep: ignore"\nx\n', []),
        (f'url = "http://x/#credsweep: ignore"; KEY = "{KEY}"\nx\n', []),
        (f"KEY = '{KEY} // credsweep: ignore'\nx\n", []),
        (f'KEY = f"{KEY} # credsweep: ignore"\nx\n', []),
        (f'KEY = "{KEY} \\" # credsweep: ignore"\nx\n', []),
        # Strings closed before the opener, apostrophes in words, and strings inside the
        # comment leave the marker in its comment.
        (f'KEY = "{KEY}" + "#"  # credsweep: ignore\nx\n', [1]),
        (f"It's {KEY}, a fixture  # credsweep: ignore\nx\n", [1]),
        (f'KEY = "{KEY}"  # "quoted" credsweep: ignore\nx\n', [1]),
        (f'KEY = "{KEY}\\\\"  # credsweep: ignore\nx\n', [1]),
        (f"KEY = {KEY}  # it's fake, credsweep: ignore, it's\nx\n", [1]),
        (f'a = "x"  # credsweep: ignore\nb = "{KEY}"  # credsweep: ignore\n', [1, 2]),
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


# (line holding code and a trailing marker, line holding nothing but the marker's comment)
COMMENT_SYNTAXES = {
    "hash": (f'FIXTURE = "{KEY}"  # {{marker}}', "# {marker}"),
    "slashes": (f'const fixture = "{KEY}"; // {{marker}}', "  // {marker}"),
    "dashes": (f"SELECT '{KEY}' -- {{marker}}", "-- {marker}"),
    "semicolon": (f"fixture = {KEY} ; {{marker}}", "; {marker}"),
    "html": (f"<key>{KEY}</key> <!-- {{marker}} -->", "<!-- {marker} -->"),
    "c-block": (f'char *k = "{KEY}"; /* {{marker}} */', "/* {marker} */"),
    "c-block-before-code": (f'/* {{marker}} */ char *k = "{KEY}";', "/* {marker} */"),
    "html-before-code": (f"<!-- {{marker}} --> <key>{KEY}</key>", "  <!-- {marker} -->  "),
    "block-continuation": (f'k = "{KEY}"; /* a */ /* {{marker}} */', "/* a\n * {marker}"),
}
MARKERS = ["credsweep: ignore", "credsweep: ignore[aws-access-key-id]"]


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize(("trailing", "alone"), COMMENT_SYNTAXES.values(), ids=COMMENT_SYNTAXES)
def test_a_trailing_marker_covers_its_line_and_a_lone_one_the_next_too(
    trailing: str, alone: str, marker: str
) -> None:
    """A fixture marked at the end of its line must not hide a real key on the next line."""
    code_line = trailing.format(marker=marker)
    marked_at = code_line.count("\n") + 1
    prod = f'PROD_KEY = "{KEY}"'
    assert _suppressed_lines(f"{code_line}\n{prod}\nx\n") == [marked_at]
    lone = alone.format(marker=marker)
    at = lone.count("\n") + 1
    assert _suppressed_lines(f"{lone}\n{prod}\nx\n") == [at, at + 1]


@pytest.mark.parametrize(("trailing", "alone"), COMMENT_SYNTAXES.values(), ids=COMMENT_SYNTAXES)
def test_detect_secrets_pragmas_keep_their_own_reach(trailing: str, alone: str) -> None:
    """`allowlist secret` covers its own line wherever it stands; `nextline` only the next,
    and only from a line of its own."""
    prod = f'PROD_KEY = "{KEY}"'
    same = "pragma: allowlist secret"
    nextline = "pragma: allowlist nextline secret"
    code_line = trailing.format(marker=same)
    assert _suppressed_lines(f"{code_line}\n{prod}\n") == [code_line.count("\n") + 1]
    lone = alone.format(marker=same)
    assert _suppressed_lines(f"{lone}\n{prod}\n") == [lone.count("\n") + 1]
    assert _suppressed_lines(f"{trailing.format(marker=nextline)}\n{prod}\n") == []


def test_a_multi_line_finding_counts_its_start_line() -> None:
    source = SourceFile.from_text("f", "a\n# credsweep: ignore\nc\nd\ne\n")
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


@pytest.mark.parametrize("filler", ['"', "'", "\\\\", "a", "# "])
def test_a_line_of_many_markers_is_read_once(monkeypatch: pytest.MonkeyPatch, filler: str) -> None:
    """However many markers share a line, the part before each is read once in all."""
    from scanner import suppressions

    steps = 0
    step = suppressions._LineReader._step

    def counted(reader: suppressions._LineReader, text: str) -> None:
        nonlocal steps
        steps += 1
        step(reader, text)

    monkeypatch.setattr(suppressions._LineReader, "_step", counted)
    line = (filler * 50 + " credsweep: ignore ") * 400
    find_suppressions(SourceFile.from_text("f", line + "\n"))
    assert steps <= len(line)


def _cell_lines(*code: str) -> str:
    """A notebook's JSON, one code line to a line, as notebooks are written."""
    import json

    lines = ",\n".join(f"    {json.dumps(line + chr(10))}" for line in code)
    return '{"cells": [{"cell_type": "code", "source": [\n' + lines + "\n]}]}\n"


@pytest.mark.parametrize(
    ("path", "text", "lines"),
    [
        # A notebook's code lines stand in JSON strings: the opener alone decides there.
        (
            "nb.ipynb",
            _cell_lines("import os", f'FAKE = "{KEY}"  # credsweep: ignore[aws-access-key-id]'),
            [3],
        ),
        ("data.json", f'{{"k": "{KEY} # credsweep: ignore"}}\n', [1]),
        ("log.jsonl", f'["{KEY}", "# credsweep: ignore"]\n', [1]),
        # Elsewhere the string test stands, in files that open with `[` too.
        ("app.py", f'K = "{KEY} # credsweep: ignore"\n', []),
        ("config.toml", f'[aws]\nkey = "{KEY} # credsweep: ignore"\n', []),
        ("deploy.sh", f'[ -n "$X" ] || exit 0\nK="{KEY} # credsweep: ignore"\n', []),
        ("README.md", f"[![CI](https://x/b.svg)](https://x)\n`{KEY} # credsweep: ignore`\n", []),
        ("odd.py", f'[x for x in ()]\nK = "{KEY} # credsweep: ignore"\n', []),
        ("secret.yaml", f'{{{{- if .Values.on }}}}\nkey: "{KEY} # credsweep: ignore"\n', []),
        (".bashrc", f'[[ -z "$PS1" ]] && return\nK="{KEY} # credsweep: ignore"\n', []),
        ("credentials", f'[123456789012_Admin]\nk = "{KEY} # credsweep: ignore"\n', []),
    ],
)
def test_markers_in_notebooks_and_json_stand_in_their_strings(
    path: str, text: str, lines: list[int]
) -> None:
    source = SourceFile.from_text(path, text)
    findings = [_finding(n) for n in range(1, source.line_count + 1)]
    marked = apply(findings, find_suppressions(source))
    assert [f.region.start_line for f in marked if f.suppressed_by is not None] == lines
