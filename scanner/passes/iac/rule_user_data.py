"""`user-data-static-credentials`: boot scripts that configure static AWS keys."""

from __future__ import annotations

from scanner import keyshape
from scanner.models import Finding, Level, Region
from scanner.passes.iac.findings import usage_finding
from scanner.passes.iac.model import Inventory, Site, UserData
from scanner.passes.iac.userdata_decode import decode_user_data
from scanner.passes.iac.userdata_scan import CredentialSetting, ValueKind, find_settings

RULE_ID = "user-data-static-credentials"

_SERIOUS = (ValueKind.KEY, ValueKind.KEY_REFERENCE)


def check(inventory: Inventory) -> list[Finding]:
    findings = []
    for user_data in inventory.user_data:
        script = decode_user_data(user_data.text)
        settings = sorted(find_settings(script, user_data.key_references), key=lambda s: s.offset)
        seen: dict[str, int] = {}
        for setting in settings:
            occurrence = seen.get(setting.name, 0)
            seen[setting.name] = occurrence + 1
            findings.append(_finding(inventory, user_data, setting, occurrence))
    return findings


def _finding(
    inventory: Inventory, user_data: UserData, setting: CredentialSetting, occurrence: int
) -> Finding:
    # References and variable names are safe to show; literals are masked, placeholders too,
    # since a "placeholder" may still be someone's real key with EXAMPLE in it.
    readable = setting.kind in (ValueKind.KEY_REFERENCE, ValueKind.VARIABLE)
    shown = setting.value if readable else keyshape.mask(setting.value)
    message = (
        f"The user data of {user_data.owner} sets {setting.name} from a {setting.kind.value} "
        f"({shown}): every process and anyone who can read the instance's user data gets a "
        "static key. Give the instance a role, or fetch the secret at boot from Secrets "
        "Manager or SSM Parameter Store using the instance role."
    )
    return usage_finding(
        RULE_ID,
        _site(user_data, setting),
        message,
        level=Level.ERROR if setting.kind in _SERIOUS else Level.WARNING,
        construct=(
            inventory.scope,
            user_data.owner,
            user_data.attribute,
            setting.name,
            str(occurrence),
        ),
        properties={
            "resource": user_data.owner,
            "variable": setting.name,
            "value": setting.kind.value,
        },
    )


def _site(user_data: UserData, setting: CredentialSetting) -> Site:
    """The line of the setting when the script is written out in the file, else the
    attribute: encoded user data has no line of its own to point at."""
    span, start = user_data.span_text, user_data.span_start
    end = len(span) if user_data.span_end is None else user_data.span_end
    shown = setting.snippet
    index = span.find(shown, start, end)
    if index == -1 and len(setting.value) >= _OWN_LINE:
        # A setting split over joined strings (`!Join ["", ["export KEY=", "value"]]`): the
        # value, long enough to be its own, is where the key is written.
        shown = setting.value
        index = span.find(shown, start, end)
    if index == -1:
        return user_data.site
    line = user_data.span_line + span.count("\n", start, index)
    newline = span.rfind("\n", start, index)
    column = index - newline if newline != -1 else index - start + user_data.span_column
    region = Region(line, column, line, column + len(shown))
    return Site(user_data.site.path, region)


# A value this long (a key id is 20 characters) names one place in a script.
_OWN_LINE = 16
