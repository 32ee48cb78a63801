"""The event loop's longest stall while policy copies (PDF) are made: built on the loop, as before,
against `bot.documents.Documents` (a worker thread). Not one of `python -m bench`'s sections: run
`.venv/bin/python -m bench.document_stall`; the figures are in docs/performance.md, «Documents».

A ticker yields to the loop continuously; its longest wait is the loop's longest stall. Each
round makes a ВЗР policy's two copies (Russian and the consulate's) one way, then the other.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

from bot.documents import Documents
from core.i18n import default_catalogue
from core.policies import PolicyCopy
from core.policy_pdf import policy_pdf
from storage.models import Policy, Program

ROUNDS = 20


async def longest_stall(work: Callable[[], Awaitable[None]]) -> float:
    """Milliseconds: the longest the loop did not come back to the ticker during `work`."""
    worst, running = 0.0, True

    async def ticker() -> None:
        nonlocal worst
        while running:
            before = time.perf_counter()
            await asyncio.sleep(0)
            worst = max(worst, time.perf_counter() - before)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    await work()
    running = False
    await task
    return worst * 1000


async def main() -> None:
    policy = Policy(
        number="4000000000000002",
        printed_number="4000000000000002",
        kind="VZR",
        last_name="Петрова",
        first_name="Анна",
        middle_name="Сергеевна",
        birth_date=date(1990, 5, 17),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        program_code="V1",
        employer="ООО Ромашка",
    )
    program = Program(code="V1", name="Стандарт", kind="VZR", description="Ассистанс " * 60)
    settings: Any = SimpleNamespace(
        insurer_name="СК «Тест»", hotline_phone="+7 800 555-35-35", support_email="h@x.test"
    )
    copy = PolicyCopy(policy, program, [], 0)
    catalogue = default_catalogue()
    documents = Documents()
    policy_pdf(copy, catalogue, settings)  # the fonts registered once, as in the bot

    async def on_loop() -> None:
        for consulate in (False, True):
            policy_pdf(copy, catalogue, settings, for_consulate=consulate)

    async def in_worker() -> None:
        for consulate in (False, True):
            await documents.make(policy_pdf, copy, catalogue, settings, for_consulate=consulate)

    async def idle() -> None:
        await asyncio.sleep(0.3)

    results: dict[str, list[float]] = {"idle": [], "on the loop": [], "in the worker": []}
    for _ in range(ROUNDS):
        results["idle"].append(await longest_stall(idle))
        results["on the loop"].append(await longest_stall(on_loop))
        results["in the worker"].append(await longest_stall(in_worker))
    await documents.close()
    for name, stalls in results.items():
        print(f"{name}: median {statistics.median(stalls):.1f} ms, max {max(stalls):.1f} ms")
    print(f"switch interval {sys.getswitchinterval() * 1000:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
