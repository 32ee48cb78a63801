"""Races made to happen: two concurrent calls held where they would interleave."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import pytest

from storage.models import Profile


def linger_after_counting(monkeypatch: pytest.MonkeyPatch, service: object, name: str) -> None:
    """Two filings at once: each waits (a little) after its cap's count for the other to count
    too, so that without the person's lock both would count the same and both file."""
    counted, both_counted = 0, asyncio.Event()
    count: Callable[[Profile], Awaitable[object]] = getattr(service, name)

    async def count_and_linger(profile: Profile) -> object:
        nonlocal counted
        found = await count(profile)
        counted += 1
        if counted == 2:
            both_counted.set()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(0.5):
                await both_counted.wait()
        return found

    monkeypatch.setattr(service, name, count_and_linger)
