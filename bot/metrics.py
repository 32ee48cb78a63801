"""`/metrics` for Prometheus: what this process handled and sent, and what waits to be sent.

Per process (each instance is scraped on its own port): updates by type, the time to handle them,
the updates whose handling failed, the messages this process's sender settled, and the longest
stall of its event loop in the last minute (bot/loop_health.py). The backlog (messages due and not
sent, and how late the oldest is), the queued mail (waiting, failed) and the SMS brake are the whole
bot's, read from the database at each scrape.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiohttp import web
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.loop_health import STALL_WARNING, StallMonitor
from core.delivery import Sender
from core.services import Services

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Seconds: most updates take a few milliseconds; a slow one waits on Telegram or the database.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def update_type(update: Update) -> str:
    return update.event_type if update.event_type != "update" else "unknown"


class _SenderOutcomes(Collector):
    def __init__(self) -> None:
        self.sender: Sender | None = None

    def collect(self) -> Iterable[Metric]:
        outcomes = self.sender.outcomes if self.sender else {}
        for outcome in ("sent", "failed"):
            family = CounterMetricFamily(
                f"dmsbot_notifications_{outcome}",
                f"Scheduled messages this process's sender settled as {outcome}",
            )
            family.add_metric([], outcomes.get(outcome, 0))
            yield family


class _LoopStalls(Collector):
    def __init__(self) -> None:
        self.monitor: StallMonitor | None = None

    def collect(self) -> Iterable[Metric]:
        if self.monitor is None:
            return
        longest = GaugeMetricFamily(
            "dmsbot_loop_stall_seconds",
            "The longest stall of this process's event loop in the last minute",
        )
        longest.add_metric([], self.monitor.longest_now())
        yield longest
        stalls = CounterMetricFamily(
            "dmsbot_loop_stalls",
            f"Stalls of this process's event loop longer than {STALL_WARNING * 1000:.0f} ms",
        )
        stalls.add_metric([], self.monitor.stalls)
        yield stalls


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "dmsbot_updates", "Updates received, by type", ["type"], registry=self.registry
        )
        self.latency = Histogram(
            "dmsbot_handler_seconds",
            "Time to handle one update, by type",
            ["type"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "dmsbot_errors",
            "Updates whose handling failed, by type",
            ["type"],
            registry=self.registry,
        )
        self.pending = Gauge(
            "dmsbot_notifications_pending",
            "Scheduled messages due and not sent yet (the whole bot)",
            registry=self.registry,
        )
        self.lag = Gauge(
            "dmsbot_notifications_lag_seconds",
            "How late the oldest due, unsent scheduled message is (the whole bot)",
            registry=self.registry,
        )
        self.sms_brake_sent = Gauge(
            "dmsbot_sms_brake_sent",
            "SMS codes counting towards SMS_HOURLY_LIMIT: within the hour, after the last lift",
            registry=self.registry,
        )
        self.sms_brake_engaged = Gauge(
            "dmsbot_sms_brake_engaged",
            "1 while the SMS brake is on: no SMS code goes out until it frees or is lifted",
            registry=self.registry,
        )
        self.mail_pending = Gauge(
            "dmsbot_mail_pending",
            "Queued mail (clinic notices) not sent yet, retries included (the whole bot)",
            registry=self.registry,
        )
        self.mail_failed = Gauge(
            "dmsbot_mail_failed",
            "Queued mail that failed for good after every retry (the whole bot)",
            registry=self.registry,
        )
        self._outcomes = _SenderOutcomes()
        self.registry.register(self._outcomes)
        self._stalls = _LoopStalls()
        self.registry.register(self._stalls)

    def watch(self, sender: Sender) -> None:
        self._outcomes.sender = sender

    def watch_loop(self, monitor: StallMonitor) -> None:
        self._stalls.monitor = monitor

    async def render(self, services: Services) -> bytes:
        async with services.db.unit_of_work():
            pending, lag = await services.notifications.backlog()
            brake = await services.sms_brake.state()
            mail_pending, mail_failed = await services.mail_queue.counts()
        self.pending.set(pending)
        self.lag.set(lag.total_seconds())
        self.sms_brake_sent.set(brake.sent)
        self.sms_brake_engaged.set(int(brake.engaged))
        self.mail_pending.set(mail_pending)
        self.mail_failed.set(mail_failed)
        return generate_latest(self.registry)


class UpdateMetrics(BaseMiddleware):
    """Counts and times every update, outside all our middlewares (the time includes the
    database and the isolation lock). aiogram's own error middleware is outside this one, so
    every failed update passes here as an exception before `bot.errors.on_error` answers it."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        kind = update_type(event)
        self.metrics.updates.labels(kind).inc()
        started = time.perf_counter()
        try:
            return await handler(event, data)
        except Exception:
            self.metrics.errors.labels(kind).inc()
            raise
        finally:
            self.metrics.latency.labels(kind).observe(time.perf_counter() - started)


def metrics_route(metrics: Metrics, services: Services) -> web.RouteDef:
    async def scrape(_request: web.Request) -> web.Response:
        body = await metrics.render(services)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    return web.get("/metrics", scrape)
