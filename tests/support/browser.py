"""A real browser for tests of what a person looks at: Debian's headless Chromium,
driven by Playwright (its bundled browsers are not used; nothing is downloaded)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Flags that keep Chromium off the network it cannot reach here (and running as root)."""


def chromium_path() -> str:
    """The system Chromium; a clear failure (not a skip) when it is missing."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("no Chromium on PATH: `make test` installs Debian's chromium package")


@contextmanager
def browser_page(tmp_path: Path | None = None) -> Iterator[Any]:
    """A fresh headless Chromium page; closed (with its browser) on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = browser.new_page()
            yield page
        finally:
            browser.close()
