"""credsweep: a static scanner for AWS static credentials and the code that depends on them."""

from __future__ import annotations

__version__ = "0.1.0"
