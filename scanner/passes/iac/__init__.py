"""The infrastructure-as-code pass: EC2 instances, their roles, IAM keys, user data.

Two entry points share one model: CloudFormation templates are read one file at a time,
Terraform modules a directory at a time (references cross files there). Parsers are
imported only once a file is known to be a candidate.
"""

from __future__ import annotations

from collections.abc import Sequence

from scanner.models import PassResult, PassSettings
from scanner.source import SourceFile

CLOUDFORMATION_SUFFIXES = (".yaml", ".yml", ".json", ".template")
# OpenTofu reads `.tofu` files as Terraform reads `.tf` (a `.tofu` file overrides the `.tf`
# of the same name; both are scanned here, as either may be what gets deployed).
TERRAFORM_JSON_SUFFIXES = (".tf.json", ".tofu.json")
TERRAFORM_SUFFIXES = (".tf", ".tofu", *TERRAFORM_JSON_SUFFIXES)


def module_directory(path: str) -> str | None:
    """The Terraform module a file belongs to: its directory. A suffix test, no import, as
    it runs for every file of a sweep before anything is read."""
    if not path.lower().endswith(TERRAFORM_SUFFIXES):
        return None
    return path.rpartition("/")[0] or "."


# A template names its format version, or declares resources of AWS types. Literal tests,
# asked of decoded text or of raw bytes alike: all three are ASCII.
_VERSION_MARK = "AWSTemplateFormatVersion"
_TYPE_MARK = "AWS::"
_RESOURCES_MARK = "Resources"
_RAW_MARKS = (_VERSION_MARK.encode(), _TYPE_MARK.encode(), _RESOURCES_MARK.encode())


def looks_like_template(text: str) -> bool:
    """The cheap literal test run before any parsing."""
    return _VERSION_MARK in text or (_TYPE_MARK in text and _RESOURCES_MARK in text)


def _looks_like_template_raw(raw: bytes) -> bool:
    version, type_mark, resources = _RAW_MARKS
    return version in raw or (type_mark in raw and resources in raw)


def _may_be_template_name(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return name.endswith(CLOUDFORMATION_SUFFIXES) and not name.endswith(TERRAFORM_JSON_SUFFIXES)


class CloudFormationPass:
    name = "cloudformation"

    # The suffix test comes first: most files of a sweep stop there.
    def may_want(self, path: str, raw: bytes) -> bool:
        return _may_be_template_name(path) and _looks_like_template_raw(raw)

    def wants(self, source: SourceFile) -> bool:
        return _may_be_template_name(source.path) and looks_like_template(source.text)

    def scan(self, source: SourceFile, settings: PassSettings) -> PassResult:
        from scanner.passes.iac.cloudformation import scan_template

        return scan_template(source.path, source.text, settings)


class TerraformPass:
    name = "terraform"

    def group_of(self, path: str) -> str | None:
        return module_directory(path)

    def scan_group(self, sources: Sequence[SourceFile], settings: PassSettings) -> PassResult:
        from scanner.passes.iac.terraform import scan_module

        pairs = sorted((source.path, source.text) for source in sources)
        return scan_module(pairs, settings)
