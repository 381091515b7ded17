"""Understudy: contract-first mock server, conformance gate and rate-limit load tests.

The ``understudy`` command lives in :mod:`understudy.cli`; each verb imports only
its own pillar, and only when it runs.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("understudy")
except PackageNotFoundError:  # a checkout on sys.path without an install
    __version__ = "0+unknown"

__all__ = ["__version__"]
