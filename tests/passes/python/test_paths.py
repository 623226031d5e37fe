from __future__ import annotations

import pytest

from scanner.passes.python.paths import PathRenderer, names_aws_file
from tests.passes.python.support import last_call, with_index


def rendered(code: str) -> str:
    return with_index(
        code, lambda index: PathRenderer(index).render(last_call(index).args[0].value)
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("probe('~/.aws/credentials')", "~/.aws/credentials"),
        ("import os\nprobe(os.path.expanduser('~/.aws/config'))", "~/.aws/config"),
        (
            "import os\nprobe(os.path.join(os.environ['HOME'], '.aws', 'credentials'))",
            "?/.aws/credentials",
        ),
        (
            "from pathlib import Path\nprobe(Path.home() / '.aws' / 'credentials')",
            "~/.aws/credentials",
        ),
        ("from pathlib import Path\nprobe(Path('~', '.aws', 'config'))", "~/.aws/config"),
        (
            "from pathlib import Path\nprobe(Path.home().joinpath('.aws', 'credentials'))",
            "~/.aws/credentials",
        ),
        ("home = '/root'\nprobe(f'{home}/.aws/credentials')", "/root/.aws/credentials"),
        ("P = '~/.aws/' + 'credentials'\nprobe(P)", "~/.aws/credentials"),
        ("def f(path):\n    probe(path)", "?"),
        ("probe(settings.CREDENTIALS_FILE)", "?"),
    ],
)
def test_path_expressions_render_to_text(code: str, expected: str) -> None:
    assert rendered(code) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("~/.aws/credentials", True),
        ("?/.aws/config", True),
        ("C:\\Users\\me\\.aws\\credentials", True),
        ("~/.aws/cli/cache", False),
        ("https://docs.aws.amazon.com/credentials", False),
        ("~/.aws/credentials_backup_notes", False),
    ],
)
def test_only_the_shared_credentials_and_config_files_count(text: str, expected: bool) -> None:
    assert names_aws_file(text) is expected
