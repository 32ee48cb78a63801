"""What `dmsbot run` and `dmsbot console` start around the dispatcher: the one web server, the
scheduler with the features' periodic jobs, the notification sender it wakes every second, the
event loop's stall monitor and, on SQLite, the WAL checkpointer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.delivery import TelegramTransport
from bot.features import Job
from bot.loop_health import StallMonitor
from bot.metrics import Metrics, metrics_route
from bot.miniapp import miniapp_routes
from bot.payment_pages import payment_routes
from core.delivery import Sender
from core.mail_queue import MAIL_EVERY
from core.services import Services
from core.settings import Settings
from storage import checkpoints

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT = 5.0
# On stop, requests in hand (webhook updates, payment notifications) get this long to finish:
# within systemd's TimeoutStopSec (deploy/systemd/dmsbot@.service).
WEB_STOP_TIMEOUT = 20.0
# On stop, periodic jobs under way get this long to finish.
JOB_STOP_TIMEOUT = 10.0


@dataclass
class Runtime:
    web: web.AppRunner
    scheduler: AsyncIOScheduler
    sender: Sender

    @property
    def web_port(self) -> int:
        return int(self.web.addresses[0][1])


def create_web_app(
    services: Services, bot: Bot, metrics: Metrics, routes: Sequence[web.RouteDef] = ()
) -> web.Application:
    async def healthz(_request: web.Request) -> web.Response:
        checks: dict[str, str] = {}
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                await services.db.ping()
            checks["database"] = "ok"
        except Exception as error:  # noqa: BLE001 - any driver error means "unhealthy"
            logger.warning("health: database failing: %s", error)
            checks["database"] = f"failing: {type(error).__name__}"
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                await bot.get_me()
            checks["telegram"] = "ok"
        except (TelegramAPIError, OSError, TimeoutError) as error:
            checks["telegram"] = f"failing: {type(error).__name__}"
        healthy = all(value == "ok" for value in checks.values())
        return web.json_response(
            {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
        )

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.add_routes([metrics_route(metrics, services)])
    app.add_routes(payment_routes(services))
    app.add_routes(miniapp_routes(services))
    app.add_routes(routes)
    return app


def create_scheduler() -> AsyncIOScheduler:
    # Coalesce missed runs into one, one instance per job, and no misfire grace limit: a job late
    # after a pause still runs (APScheduler's default grace of 1 s would silently drop it).
    return AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )


async def drop_stale(_bot: Bot, services: Services) -> None:
    """Messages held for people who blocked the bot go stale too (idempotent: any instance)."""
    async with services.db.unit_of_work():
        await services.notifications.drop_expired()


DROP_STALE = Job("drop-stale-messages", timedelta(minutes=10), drop_stale)


async def send_mail(_bot: Bot, services: Services) -> None:
    """Mail queued by committed changes (core/mail_queue.py), one instance at a time (the job's
    lock); rows are leased besides, and a mail may go twice after a crash (at least once)."""
    await services.mail_queue.send_due()


MAIL_OUTBOX = Job("mail-outbox", MAIL_EVERY, send_mail)


class PeriodicJobs:
    """The features' periodic jobs on the scheduler. Each runs once at start (work that fell due
    while the bot was down is done now, not an interval later), then every `job.every`. Every
    instance schedules every job; a run goes ahead only where it takes the job's lock. On stop,
    runs under way finish instead of being cancelled halfway through a transaction."""

    def __init__(self, scheduler: AsyncIOScheduler, services: Services, bot: Bot) -> None:
        self.scheduler = scheduler
        self.services = services
        self.bot = bot
        self._running: set[asyncio.Task[Any]] = set()

    def add(self, job: Job) -> None:
        async def run() -> None:
            task = asyncio.current_task()
            if task is not None:
                self._running.add(task)
            try:
                async with self.services.db.exclusive(f"job:{job.name}") as ours:
                    if ours:
                        await job.run(self.bot, self.services)
            except Exception:  # logged with its cause; the next run tries again
                logger.exception("job %s failed", job.name)
            finally:
                if task is not None:
                    self._running.discard(task)

        self.scheduler.add_job(
            run,
            "interval",
            seconds=job.every.total_seconds(),
            id=job.name,
            name=job.name,
            next_run_time=datetime.now(UTC),
        )

    async def stop(self) -> None:
        self.scheduler.pause()
        if self._running:
            await asyncio.wait(set(self._running), timeout=JOB_STOP_TIMEOUT)
        self.scheduler.shutdown(wait=False)


@asynccontextmanager
async def serving(
    settings: Settings,
    services: Services,
    bot: Bot,
    dispatcher: Dispatcher,
    *,
    routes: Sequence[web.RouteDef] = (),
    only_chats: frozenset[int] | None = None,
) -> AsyncIterator[Runtime]:
    """Serve around the dispatcher (its periodic jobs, its metrics, the stall monitor, the WAL
    checkpointer); on exit stop the jobs (runs under way finish), the web server (requests in hand
    finish), then the sender, the checkpointer and the monitor, then close the bot's session.

    `routes`: more of the web server's routes (the webhook). `only_chats`: the sender sends only
    to these chats (the console's own)."""
    metrics: Metrics = dispatcher["metrics"]
    stalls = StallMonitor()
    stalls.start()
    metrics.watch_loop(stalls)
    checkpointer = await checkpoints.take_over(services.db)
    runner = web.AppRunner(
        create_web_app(services, bot, metrics, routes),
        access_log=None,
        shutdown_timeout=WEB_STOP_TIMEOUT,
    )
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.web_host, settings.web_port).start()
    except OSError as error:
        await runner.cleanup()
        await _stop(stalls, checkpointer)
        raise RuntimeError(
            f"cannot listen on {settings.web_host}:{settings.web_port} ({error.strerror}); "
            "set WEB_HOST / WEB_PORT"
        ) from error
    sender = Sender(
        services.db,
        services.clock,
        services.catalogue,
        settings,
        TelegramTransport(bot, dispatcher["intents"]),
        services.limiter,
        only_chats=only_chats,
    )
    metrics.watch(sender)
    await sender.start()
    scheduler = create_scheduler()
    scheduler.add_job(sender.wake, "interval", seconds=1, id="sender", name="sender")
    jobs = PeriodicJobs(scheduler, services, bot)
    services.mail_queue.start()
    for job in (DROP_STALE, MAIL_OUTBOX, *dispatcher["jobs"]):
        jobs.add(job)
    scheduler.start()
    runtime = Runtime(runner, scheduler, sender)
    logger.info("web server on http://%s:%s", settings.web_host, runtime.web_port)
    try:
        yield runtime
    finally:
        services.mail_queue.stop()  # a round under way ends after the mail it is sending
        await jobs.stop()
        await runner.cleanup()
        await sender.stop()
        await _stop(stalls, checkpointer)
        await bot.session.close()


async def _stop(stalls: StallMonitor, checkpointer: checkpoints.Checkpointer | None) -> None:
    if checkpointer is not None:
        await checkpointer.stop()
    await stalls.stop()
