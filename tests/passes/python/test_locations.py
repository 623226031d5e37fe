from __future__ import annotations

import pytest
from libcst.metadata import CodePosition, CodeRange

from scanner.models import Region
from scanner.passes.python.locations import LineMap


@pytest.mark.parametrize(
    ("line_map", "code_range", "region"),
    [
        (LineMap(), ((3, 4), (3, 10)), Region(3, 5, 3, 11)),
        (LineMap(), ((3, 4), (5, 1)), Region(3, 5, 5, 2)),
        (LineMap(((10, 6), (11, 6))), ((1, 0), (2, 3)), Region(10, 7, 11, 10)),
        # An empty range still spans one column.
        (LineMap(), ((2, 0), (2, 0)), Region(2, 1, 2, 2)),
    ],
)
def test_libcst_ranges_become_sarif_regions(
    line_map: LineMap, code_range: tuple[tuple[int, int], tuple[int, int]], region: Region
) -> None:
    (start_line, start_column), (end_line, end_column) = code_range
    cst_range = CodeRange(
        CodePosition(start_line, start_column), CodePosition(end_line, end_column)
    )
    assert line_map.region(cst_range) == region


@pytest.mark.parametrize(
    ("line_map", "kept", "composed"),
    [
        (LineMap(), (2, 5), LineMap(((2, 0), (5, 0)))),
        (LineMap(((9, 5), (10, 5), (20, 5))), (2, 3), LineMap(((10, 5), (20, 5)))),
        # The line after the code's final newline has no entry of its own.
        (LineMap(((9, 5), (10, 5))), (2, 3), LineMap(((10, 5), (10, 5)))),
    ],
)
def test_a_map_of_kept_lines_composes(
    line_map: LineMap, kept: tuple[int, ...], composed: LineMap
) -> None:
    assert line_map.compose(kept) == composed
