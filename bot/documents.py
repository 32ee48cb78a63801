"""Documents that take CPU to make (the policy copies as PDF) are made in one worker thread,
never on the event loop, and one at a time per person and document. (The data export, behind the
PIN, is still made on the loop: docs/performance.md, "Documents".)

A thread, not a process: the builders read ORM rows and the translator, which a process would
need pickled (and ~40 MB of its own with reportlab). The GIL is shared, but CPython hands it back
to the event loop's thread every switch interval (5 ms): a 70 ms PDF stalls the loop for a few
milliseconds at a time instead of 70 ms at once (docs/performance.md, "Documents"). One worker:
two would only take turns at the GIL, and every thread competing for it delays the loop more.

One at a time: a person's updates run one by one (the isolation lock), so a second press made
while their copy was being made waits for it, then would make it again. A press that reached the
bot before the same document of the person's went out is therefore answered, and nothing is made
(`made_since`); another document (another policy's copy) is made as asked.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from storage.db import commit_current

T = TypeVar("T")

_FORGET_AFTER = 60.0  # seconds: a person's last document matters for repeated presses only


class Documents:
    def __init__(self) -> None:
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="documents")
        self._made: dict[Hashable, float] = {}  # (person, document) → when it last went out

    async def make(self, build: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`build(*args, **kwargs)` in the worker thread. What the update has done so far is
        committed first: no database lock is held while the document is made."""
        await commit_current()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, partial(build, *args, **kwargs))

    def made_since(self, document: Hashable, received_at: float) -> bool:
        """Whether `document` (a person's: e.g. their id and the policy's) went out after this
        update reached the bot."""
        return received_at < self._made.get(document, float("-inf"))

    def sent(self, document: Hashable) -> None:
        now = time.monotonic()
        self._made[document] = now
        for idle in [d for d, at in self._made.items() if now - at > _FORGET_AFTER]:
            del self._made[idle]

    async def close(self) -> None:
        """At shutdown: lets the document being made finish, in the thread, off the loop."""
        await asyncio.to_thread(self._worker.shutdown)
