"""The one exception family the CLI maps to exit status 2."""

from __future__ import annotations


class CredsweepError(Exception):
    """A problem the user can fix; the message says how."""


class UsageError(CredsweepError):
    """The command line asks for something that cannot be done."""


class ConfigError(CredsweepError):
    """A configuration file holds an unknown key or a bad value."""


class RuleCatalogueError(CredsweepError):
    """A rule file under rules/ is missing or malformed."""


class WorkerError(CredsweepError):
    """Worker processes cannot be kept running (they die as they start): run with --jobs 1."""
