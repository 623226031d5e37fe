"""Shared test plumbing: every SARIF log any test builds is checked against the schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from scanner.reports import sarif

REPO = Path(__file__).resolve().parents[1]
SCHEMA_CANDIDATES = (
    REPO.parent / "shared" / "sarif" / "sarif-schema-2.1.0.json",
    REPO / "tests" / "data" / "sarif-schema-2.1.0.json",
)


def _schema() -> dict[str, Any] | None:
    for candidate in SCHEMA_CANDIDATES:
        if candidate.is_file():
            loaded: dict[str, Any] = json.loads(candidate.read_text(encoding="utf-8"))
            return loaded
    return None


SCHEMA = _schema()


def validate_sarif(log: Any) -> None:
    assert SCHEMA is not None, "the SARIF 2.1.0 schema is missing"
    jsonschema.validate(log, SCHEMA)


@pytest.fixture(autouse=True)
def _every_sarif_log_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    original = sarif.build_log

    def checked(*args: Any, **kwargs: Any) -> Any:
        log = original(*args, **kwargs)
        validate_sarif(log)
        return log

    monkeypatch.setattr(sarif, "build_log", checked)
    streamed = sarif.stream_log

    def checked_pieces(*args: Any, **kwargs: Any) -> Iterator[str]:
        # The pieces are gathered only to validate them; the product writes them one by one.
        pieces = list(streamed(*args, **kwargs))
        validate_sarif(json.loads("".join(pieces)))
        return iter(pieces)

    monkeypatch.setattr(sarif, "stream_log", checked_pieces)
