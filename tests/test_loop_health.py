"""The event loop's health: its longest stall of the last minute on /metrics, a warning for one
over 100 ms (at most one a minute)."""

from __future__ import annotations

import asyncio
import logging
import re
import time

import pytest
from prometheus_client import generate_latest

from bot.loop_health import StallMonitor
from bot.metrics import Metrics


def stall_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING and "stood still" in record.getMessage()
    ]


async def test_a_blocked_loop_shows_on_metrics_and_in_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    monitor = StallMonitor()
    metrics = Metrics()
    metrics.watch_loop(monitor)
    monitor.start()
    try:
        await asyncio.sleep(0.1)
        time.sleep(0.3)  # noqa: ASYNC251 - a step that holds the loop, on purpose
        await asyncio.sleep(0.1)  # the monitor wakes, late
    finally:
        await monitor.stop()
    scraped = generate_latest(metrics.registry).decode()
    found = re.search(r"^dmsbot_loop_stall_seconds (\S+)$", scraped, re.MULTILINE)
    assert found is not None
    assert float(found.group(1)) >= 0.25
    stalls = re.search(r"^dmsbot_loop_stalls_total (\S+)$", scraped, re.MULTILINE)
    assert stalls is not None
    assert float(stalls.group(1)) >= 1
    [warning, *_] = stall_warnings(caplog)
    assert re.match(r"the event loop stood still for \d+ ms", warning)
    assert int(warning.split()[6]) >= 250


def test_warnings_come_at_most_once_a_minute_and_the_metric_forgets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    monitor = StallMonitor()
    monitor.observe(100.0, 0.3)
    monitor.observe(110.0, 0.2)  # within the minute of the last warning: counted, not logged
    monitor.observe(130.0, 0.05)  # not a stall worth a warning
    assert monitor.longest(159.0) == 0.3
    monitor.observe(161.0, 0.15)
    assert stall_warnings(caplog) == [
        "the event loop stood still for 300 ms: every update waited meanwhile "
        "(docs/operations.md, «Event loop stalls»)",
        "the event loop stood still for 150 ms: every update waited meanwhile "
        "(1 more since the last warning) (docs/operations.md, «Event loop stalls»)",
    ]
    assert monitor.stalls == 3
    assert monitor.longest(161.0) == 0.2  # the 300 ms one is over a minute old
    assert monitor.longest(175.0) == 0.15
    assert monitor.longest(300.0) == 0.0
