from __future__ import annotations

import pytest

from scanner.passes.python.provenance import Resolver
from scanner.passes.python.values import Provenance
from tests.passes.python.support import KEY, with_index

P = Provenance


def resolved(code: str) -> set[tuple[Provenance, str | None]]:
    def work(index):  # type: ignore[no-untyped-def]
        call = [c for c in index.calls if getattr(c.func, "value", None) == "probe"][-1]
        return {(v.provenance, v.text) for v in Resolver(index).resolve(call.args[0].value)}

    return with_index(code, work)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (f'probe("{KEY}")', {(P.LITERAL, KEY)}),
        (f'K = "{KEY}"\nprobe(K)', {(P.LITERAL, KEY)}),
        (f'K = "{KEY}"\nJ = K\ndef f():\n    probe(J)', {(P.LITERAL, KEY)}),
        (f'a, b = "{KEY}", "x"\nprobe(a)', {(P.LITERAL, KEY)}),
        (f'probe("{KEY[:4]}" + "{KEY[4:]}")', {(P.LITERAL, KEY)}),
        (f'probe("{KEY[:4]}" "{KEY[4:]}")', {(P.LITERAL, KEY)}),
        (f'P = "{KEY[:4]}"\nprobe(f"{{P}}{KEY[4:]}")', {(P.LITERAL, KEY)}),
        (f'probe(str("{KEY}"))', {(P.LITERAL, KEY)}),
        ("probe(None)", {(P.NONE, None)}),
        ("import os\nprobe(os.environ['K'])", {(P.ENVIRONMENT, None)}),
        ("from os import environ\nprobe(environ.get('K'))", {(P.ENVIRONMENT, None)}),
        ("import os\nprobe(os.getenv('K', ''))", {(P.ENVIRONMENT, None)}),
        (
            f"import os\nprobe(os.getenv('K', '{KEY}'))",
            {(P.ENVIRONMENT, None), (P.ENVIRONMENT_FALLBACK, KEY)},
        ),
        (
            f"import os\nprobe(os.environ.get('K', default='{KEY}'))",
            {(P.ENVIRONMENT, None), (P.ENVIRONMENT_FALLBACK, KEY)},
        ),
        (
            f"import os\nprobe(os.getenv('K') or '{KEY}')",
            {(P.ENVIRONMENT, None), (P.LITERAL, KEY)},
        ),
        ("def f(key):\n    probe(key)", {(P.PARAMETER, None)}),
        ("def f(key=None):\n    probe(key)", {(P.OPTIONAL_PARAMETER, None)}),
        (
            "import os\ndef f(key=None):\n    key = key or os.environ['K']\n    probe(key)",
            {(P.OPTIONAL_PARAMETER, None), (P.ENVIRONMENT, None)},
        ),
        ("def f(keys):\n    probe(keys['AccessKeyId'])", {(P.PARAMETER, None)}),
        ("def f(c):\n    probe(c.secret_access_key)", {(P.PARAMETER, None)}),
        ("probe(holder.secret_access_key)", {(P.UNKNOWN, None)}),
        (
            "class FrozenCredentials:\n    def m(self):\n        probe(self.secret_key)",
            {(P.TEMPORARY, None)},
        ),
        ("class Holder:\n    def m(self):\n        probe(self.secret_key)", {(P.UNKNOWN, None)}),
        (
            f'def f(key="{KEY}"):\n    probe(key)',
            {(P.PARAMETER, None), (P.PARAMETER_DEFAULT, KEY)},
        ),
        ("def f(**kw):\n    probe(kw)", {(P.PARAMETER, None)}),
        (
            f'class C:\n    K = "{KEY}"\n    def m(self):\n        probe(self.K)',
            {(P.LITERAL, KEY)},
        ),
        (
            f'class C:\n    def __init__(self):\n        self.k = "{KEY}"\n'
            "    def m(self):\n        probe(self.k)",
            {(P.LITERAL, KEY)},
        ),
        (f'class C:\n    K = "{KEY}"\nprobe(C.K)', {(P.LITERAL, KEY)}),
        (f'D = {{"k": "{KEY}"}}\nprobe(D["k"])', {(P.LITERAL, KEY)}),
        (f'D = {{"a": {{"k": "{KEY}"}}}}\nprobe(D["a"]["k"])', {(P.LITERAL, KEY)}),
        (f'D = {{"k": "{KEY}"}}\nprobe(D.get("k"))', {(P.LITERAL, KEY)}),
        ("from django.conf import settings\nprobe(settings.AWS_KEY)", {(P.CONFIG, None)}),
        ("probe(config['aws']['key'])", {(P.CONFIG, None)}),
        ("from app.keys import ACCESS\nprobe(ACCESS)", {(P.IMPORTED, None)}),
        ("from app.settings import ACCESS\nprobe(ACCESS)", {(P.CONFIG, None)}),
        ("probe(sm.get_secret_value(SecretId='x'))", {(P.SECRETS_STORE, None)}),
        ("probe(compute())", {(P.UNKNOWN, None)}),
        ("probe(undefined_name)", {(P.UNKNOWN, None)}),
        (
            "r = sts.assume_role(RoleArn='a', RoleSessionName='b')\n"
            "c = r['Credentials']\nprobe(c['AccessKeyId'])",
            {(P.TEMPORARY, None)},
        ),
        ("probe(resp['Credentials']['SessionToken'])", {(P.TEMPORARY, None)}),
        (
            "class A:\n    def __init__(self, sts):\n"
            "        self.creds = sts.assume_role(RoleArn='a')['Credentials']\n"
            "    def m(self):\n        probe(self.creds['SecretAccessKey'])",
            {(P.TEMPORARY, None)},
        ),
        (
            "class A:\n    def __init__(self, s):\n"
            "        self.frozen = s.get_frozen_credentials()\n"
            "    def m(self):\n        probe(self.frozen.access_key)",
            {(P.TEMPORARY, None)},
        ),
        ("probe(resp.get('Credentials').get('SecretAccessKey'))", {(P.TEMPORARY, None)}),
        ("c = s.get_credentials()\nprobe(c.access_key)", {(P.TEMPORARY, None)}),
        ("c = s.get_credentials().get_frozen_credentials()\nprobe(c.token)", {(P.TEMPORARY, None)}),
        (
            "k = iam.create_access_key(UserName='u')['AccessKey']\nprobe(k['AccessKeyId'])",
            {(P.CREATED_ACCESS_KEY, None)},
        ),
        (
            "k = iam.create_access_key(UserName='u')\nprobe(k['AccessKey']['SecretAccessKey'])",
            {(P.CREATED_ACCESS_KEY, None)},
        ),
        (f'probe("{KEY}" if flag else None)', {(P.LITERAL, KEY), (P.NONE, None)}),
        (f'def key():\n    return "{KEY}"\nprobe(key())', {(P.LITERAL, KEY)}),
        (
            "import os\ndef key(flag):\n    if flag:\n        return None\n"
            "    return os.environ['K']\nprobe(key(1))",
            {(P.NONE, None), (P.ENVIRONMENT, None)},
        ),
        (
            "def make():\n    return iam.create_access_key(UserName='u')['AccessKey']\n"
            "probe(make()['AccessKeyId'])",
            {(P.CREATED_ACCESS_KEY, None)},
        ),
        (
            "async def creds():\n    return (await sts.assume_role(RoleArn='a'))['Credentials']\n"
            "async def f():\n    probe((await creds())['AccessKeyId'])",
            {(P.TEMPORARY, None)},
        ),
        ("def recurse():\n    return recurse()\nprobe(recurse())", {(P.UNKNOWN, None)}),
    ],
)
def test_values_are_followed_to_where_they_come_from(code: str, expected: set[object]) -> None:
    assert resolved(code) == expected


def test_a_long_chain_of_names_stops_at_the_depth_bound() -> None:
    lines = ["v0 = 'AKIA'"] + [f"v{i} = v{i - 1}" for i in range(1, 40)] + ["probe(v39)"]
    assert resolved("\n".join(lines)) == {(P.UNKNOWN, None)}


def test_a_literal_keeps_its_own_line_for_the_key_finding() -> None:
    code = f'K = "{KEY}"\n\n\ndef f():\n    probe(K)\n'

    def work(index):  # type: ignore[no-untyped-def]
        call = index.calls[-1]
        (value,) = Resolver(index).resolve(call.args[0].value)
        return index.position(value.node).start.line

    assert with_index(code, work) == 1
