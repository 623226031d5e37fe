"""What an AWS key looks like, and what only pretends to be one.

Every pass that decides "is this literal a real key?" asks here, so the key pass, the Python
pass and the IaC pass agree on placeholders, documented examples and masking.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import re

# Prefixes of access key ids that are credentials. AIDA, AROA, AGPA, ... name users, roles
# and groups: identifiers, never secrets, so they are deliberately absent.
LONG_TERM_PREFIXES = ("AKIA", "ABIA", "ACCA")
TEMPORARY_PREFIXES = ("ASIA",)
KEY_ID_PREFIXES = LONG_TERM_PREFIXES + TEMPORARY_PREFIXES

KEY_ID_RE = re.compile(r"(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}")
KEY_ID_FULL_RE = re.compile(r"\A(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\Z")
SECRET_FULL_RE = re.compile(r"\A[A-Za-z0-9/+]{40}\Z")

# AWS's own documentation pair and its variants: never a leak.
_EXAMPLE_MARKERS = ("EXAMPLE",)
_PLACEHOLDER_WORDS = (
    "REPLACE",
    "CHANGEME",
    "CHANGE_ME",
    "YOUR",
    "PLACEHOLDER",
    "DUMMY",
    "SAMPLE",
    "REDACTED",
    "XXXX",
    "FAKE",
    "INSERT",
)
EMULATOR_DUMMIES = frozenset(
    {"test", "testing", "fake", "dummy", "mock", "foo", "bar", "foobar", "key", "secret"}
)


def sha256_hex(value: str) -> str:
    import hashlib  # only a finding or a baseline needs it: not loaded for a clean sweep

    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def is_documented_example(value: str) -> bool:
    """AWS documentation keys such as AKIAIOSFODNN7EXAMPLE and ...EXAMPLEKEY."""
    upper = value.upper()
    return any(marker in upper for marker in _EXAMPLE_MARKERS)


def is_placeholder(value: str, extra: frozenset[str] = frozenset()) -> bool:
    """Values that stand in for a key: templates, filler, words, emulator dummies."""
    stripped = value.strip().strip("\"'")
    if not stripped or stripped in extra:
        return True
    if stripped.lower() in EMULATOR_DUMMIES:
        return True
    if stripped.startswith(("<", "${", "{{", "$(", "%(", "#{")) or stripped.startswith("$"):
        return True
    upper = stripped.upper()
    if any(word in upper for word in _PLACEHOLDER_WORDS):
        return True
    body = _strip_key_prefix(stripped)
    return _is_low_entropy(body)


def _strip_key_prefix(value: str) -> str:
    if len(value) == 20 and value[:4] in KEY_ID_PREFIXES:
        return value[4:]
    return value


def _is_low_entropy(body: str) -> bool:
    """Repeated or sequential filler: AAAA..., XXXX..., 1234..., abcd..."""
    if not body:
        return True
    distinct = len(set(body))
    if distinct <= 2:
        return True
    # A 16-character key body drawn at random from 32 symbols has ~14 distinct ones; a
    # 40-character secret from 64 symbols has ~30. Far fewer means typed filler.
    if len(body) >= 16 and distinct <= len(body) // 5:
        return True
    return _is_sequential(body) or _is_periodic(body)


def _is_periodic(body: str) -> bool:
    """A short unit typed over and over: `234567234567...`, `abcdabcd...`."""
    half = len(body) // 2
    return any(body[period:] == body[:-period] for period in range(1, half + 1))


def _is_sequential(body: str) -> bool:
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(body)}
    return len(steps) == 1 and steps.pop() in (1, -1)


def is_key_id(value: str) -> bool:
    return KEY_ID_FULL_RE.match(value) is not None


def is_secret_shaped(value: str) -> bool:
    """40 characters of the secret alphabet with the mix of classes a random key has."""
    if SECRET_FULL_RE.match(value) is None:
        return False
    has_upper = any(c.isupper() for c in value)
    has_lower = any(c.islower() for c in value)
    has_digit = any(c.isdigit() for c in value)
    # Hex digests (git SHAs, SHA-1) have no upper case; all-caps words have no lower case.
    return has_upper and has_lower and has_digit


def is_reportable_key_id(value: str, extra: frozenset[str] = frozenset()) -> bool:
    return (
        is_key_id(value) and not is_documented_example(value) and not is_placeholder(value, extra)
    )


def is_reportable_secret(value: str, extra: frozenset[str] = frozenset()) -> bool:
    return (
        is_secret_shaped(value)
        and not is_documented_example(value)
        and not is_placeholder(value, extra)
    )


def key_type(key_id: str) -> str:
    return "temporary" if key_id.startswith(TEMPORARY_PREFIXES) else "long-term"


def account_id_of(key_id: str) -> str | None:
    """The AWS account id encoded in a key id, derived offline.

    The 16 characters after the prefix are base32; the account id is the 40 bits after the
    first bit of the decoded value. Older keys (first decoded bit 0) encode none.
    """
    if not is_key_id(key_id):
        return None
    try:
        decoded = base64.b32decode(key_id[4:])
    except (binascii.Error, ValueError):
        return None
    number = int.from_bytes(decoded[:6], "big")
    if not number >> 47:
        return None
    account = (number & 0x7FFFFFFFFF80) >> 7
    return f"{account:012d}"


def mask(value: str) -> str:
    """Prefix and last four characters of a key id; only the last four of anything else.

    Reports show the masked form only: enough to tell two keys apart, not enough to use one.
    """
    if is_key_id(value):
        return f"{value[:4]}{'*' * 12}{value[-4:]}"
    if len(value) <= 8:
        return "*" * len(value)
    return f"{'*' * (len(value) - 4)}{value[-4:]}"


# Any key id, in any case, and any 40-character token of the secret alphabet: what `redact`
# hides. Bounded repetitions and no nesting keep both linear on any input.
_KEY_ID_ANYWHERE_RE = re.compile(r"(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}", re.IGNORECASE)
_SECRET_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])")


def redact(text: str) -> str:
    """Mask every key id and secret-shaped token in free text meant for people.

    Messages quote resource names, logical ids and suppression comments that a user wrote;
    any of them may hold a key, and no report or error line may carry one whole.
    """
    text = _KEY_ID_ANYWHERE_RE.sub(lambda match: mask(match.group().upper()), text)
    return _SECRET_TOKEN_RE.sub(_mask_if_secret, text)


def _mask_if_secret(match: re.Match[str]) -> str:
    token = match.group()
    return mask(token) if is_secret_shaped(token) else token
