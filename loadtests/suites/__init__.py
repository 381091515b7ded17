"""The Locust suites, one module per rate-limited API, found by name: ``<api>.py`` here
for every API whose contract declares ``x-rate-limits`` (nothing else lists them)."""

from __future__ import annotations

from pathlib import Path

import contract

SUITES_DIR = Path(__file__).resolve().parent


def suite_path(api: str) -> Path:
    """The locustfile of ``api`` (it may not exist: see :func:`names`)."""
    return SUITES_DIR / f"{api}.py"


def names() -> list[str]:
    """APIs that can be load-tested: a documented limit and a suite module."""
    return [
        api
        for api in contract.names()
        if contract.limits(api) is not None and suite_path(api).is_file()
    ]
