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


class CloudFormationPass:
    name = "cloudformation"

    def wants(self, source: SourceFile) -> bool:
        # The suffix test comes before any import: most files of a sweep stop here.
        name = source.name.lower()
        if not name.endswith(CLOUDFORMATION_SUFFIXES) or name.endswith(TERRAFORM_JSON_SUFFIXES):
            return False
        from scanner.passes.iac.cfn_template import looks_like_template

        return looks_like_template(source.text)

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
