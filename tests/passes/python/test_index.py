from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import Assignment

from scanner.passes.python.index import ModuleIndex
from tests.passes.python.support import with_index


def _referent_lines(index: ModuleIndex) -> list[int]:
    """Lines of the assignments the last `key` name of the module refers to."""
    uses = [
        argument.value
        for call in index.calls
        for argument in call.args
        if isinstance(argument.value, cst.Name) and argument.value.value == "key"
    ]
    use = uses[-1]
    assert isinstance(use, cst.Name)
    lines = []
    for assignment in index.referents(use):
        assert isinstance(assignment, Assignment)
        lines.append(index.position(assignment.node).start.line)
    return lines


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("key = 'a'\nif x:\n    key = 'b'\nelse:\n    key = 'c'\nuse(key)\n", [1, 3, 5]),
        (
            "for key in keys:\n    pass\nwith f() as key:\n    pass\nkey = 'd'\nuse(key)\n",
            [1, 3, 5],
        ),
        (
            "def f(key='a'):\n    if y:\n        key = 'b'\n    try:\n        pass\n"
            "    except E as key:\n        pass\n    use(key)\n",
            [1, 3, 6],
        ),
    ],
)
def test_referents_come_in_the_order_of_the_text(code: str, expected: list[int]) -> None:
    # libcst hands them over as a set; the first of equal values decides a message, so the
    # order must not change from run to run.
    assert with_index(code, _referent_lines) == expected
