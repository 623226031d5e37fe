from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanner.passes.python.call_text import ENTRY_CALL_RE, CallReader
from scanner.passes.python.relevance import ENTRY_NAMES, passes_keys

_SEVEN = "'s3', 'eu-west-1', None, True, True, url, key"


def _verdict(call: str) -> bool:
    match = ENTRY_CALL_RE.search(call)
    assert match is not None
    return CallReader(call).may_pass_keys(match)


@pytest.mark.parametrize(
    ("call", "passes"),
    [
        ("boto3.client('s3')", False),
        ("boto3.client('s3', region_name='eu-west-1', config=cfg)", False),
        ("boto3.client('s3', aws_access_key_id=k)", True),
        ("boto3.client('s3', aws_access_key_id  # the id\n    =k)", True),
        ("boto3.client('s3', aws_access_key_id \\\n    =k)", True),
        ("boto3.client('s3', region  # a = b\n)", False),
        ("boto3.Session(key  # not = a keyword\n)", True),
        ("boto3.client  # see (docs)\n('s3', token=t)", True),
        ("boto3.client('s3', aws_session_token =\n    t)", True),
        ("boto3.client('s3', **options)", True),
        ("boto3.client(\n    **options,\n)", True),
        (f"boto3.client({_SEVEN})", True),
        ("boto3.client('s3', 'eu-west-1', None, True, True, url)", False),
        ("boto3.resource(f(a, b, c, d, e, f, g))", False),
        (f"session.create_client({_SEVEN})", True),
        ("boto3.client('s3', next_token=t, endpoint_url=u)", False),
        ("boto3.client('s3', x == token)", False),
        ("boto3.client('s3', config=Config(token=1))", False),
        ("boto3.client('s3', config={'token': 1, **extra})", False),
        ("boto3.client('s3', 'a, b, c, d, e, f, g')", False),
        ("boto3.client('s3')  # , a, b, c, d, e, f, token=1", False),
        ("boto3.client('s3', # a, b, c, d, e, f, g\n)", False),
        ("boto3.client('''s3)''', token=t)", True),
        ("boto3.Session()", False),
        ("boto3.Session(profile_name='p')", False),
        ("boto3.Session(key, secret)", True),
        ("boto3.Session((key), secret)", True),
        ("boto3.Session((key))", True),
        ("boto3.Session(*pair)", True),
        ("boto3.Session(profile_name='p', *rest)", True),
        ("Credentials(access_key=a, secret_key=s)", True),
        ("ReadOnlyCredentials(a, s, t)", True),
        ("session.set_credentials(a, s)", True),
        ("boto3.setup_default_session(region_name='r')", False),
        ("boto3.setup_default_session(aws_access_key_id=k)", True),
    ],
)
def test_reads_what_a_call_could_pass(call: str, passes: bool) -> None:
    assert _verdict(call) is passes


@pytest.mark.parametrize(
    "call",
    [
        "boto3.client('s3', x",  # never closes
        "boto3.client('s3', 'unterminated\n",
        "boto3.client(" + "(" * 3_000,
        "boto3.client(" + "a . " * 3_000 + ")",  # longer than the tokens read
        "boto3.client('s3', '''never closed)",
        "boto3.client('s3', \"never closed)\n",
    ],
)
def test_a_call_it_cannot_read_to_the_end_may_pass_keys(call: str) -> None:
    assert _verdict(call)


@pytest.mark.parametrize(
    "call",
    [
        "boto3.client('s3', aws_access_key_id=k)",
        "boto3.client('s3', region_name=r)",
        "boto3.client('s3', **o)",
        f"boto3.client({_SEVEN})",
        "boto3.client('s3', 'eu-west-1', None, True, True, url)",
        "boto3.Session(k, s)",
        "boto3.Session((k))",
        "boto3.Session(profile_name='p')",
        "boto3.Session(profile_name='p', *rest)",
        "Credentials(token=t)",
        "boto3.resource('s3', [1, 2], {3: 4}, (5, 6), 7, 8, k)",
        "boto3.resource('s3', lambda a=1, b=2: a, c)",
    ],
)
def test_never_a_wrong_no_beside_the_tree_test(call: str) -> None:
    node = ast.parse(call).body[0]
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    assert _verdict(call) or not passes_keys(node.value, set(ENTRY_NAMES))


_VALUES = st.sampled_from(
    ["k", "'a, b)'", '"""x(\n,"""', "f(a, b)", "[1, 2]", "{'token': 1}", "(x)", "a == b", "# c\n"]
)
_ARGUMENTS = st.one_of(
    _VALUES,
    _VALUES.map(lambda value: f"*{value.strip('# c')}" if value[0] != "#" else value),
    st.sampled_from(["**o", "** o"]),
    st.tuples(
        st.sampled_from(["token", "region_name", "aws_access_key_id", "next_token", "x"]),
        st.sampled_from(["=", " = ", "=\n", "  # c = d\n=", " \\\n="]),
        _VALUES.filter(lambda value: not value.startswith("#")),
    ).map("".join),
)


@given(
    name=st.sampled_from(sorted(ENTRY_NAMES)),
    arguments=st.lists(_ARGUMENTS, max_size=9),
)
def test_never_a_wrong_no_on_generated_calls(name: str, arguments: list[str]) -> None:
    call = f"boto3.{name}(" + ", ".join(arguments) + "\n)"
    try:
        node = ast.parse(call).body[0]
    except SyntaxError:
        return  # only calls CPython accepts have a tree verdict to agree with
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    assert _verdict(call) or not passes_keys(node.value, set(ENTRY_NAMES)), call


def test_a_module_of_nested_calls_costs_a_few_passes_over_its_text() -> None:
    # Each call's arguments hold the calls nested in it: read call by call, quadratic. No
    # call passes keys, so only the spent budget keeps the module.
    block = "boto3.client(" * 400 + "x" + ")" * 400 + "\n"
    text = block * 50
    reader = CallReader(text)
    calls = list(ENTRY_CALL_RE.finditer(text))
    assert any(reader.may_pass_keys(call) for call in calls)
    assert reader.spent() <= 5 * len(text) + 65_536
    assert not CallReader(block).may_pass_keys(calls[0])
