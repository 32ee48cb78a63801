"""A real browser for the tests that need one: Debian's Chromium driven by Playwright
(`playwright install` cannot download its own here). Import the fixture by name:
`from tests.browser import browser as browser`."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import unavailable

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=CHROMIUM_ARGS,
        )
        try:
            yield launched
        finally:
            await launched.close()
