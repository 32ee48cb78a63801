"""What `dmsbot run` and `dmsbot console` start around the dispatcher: the one web server and the
scheduler. (The notification sender joins the scheduler with the notifications issue.)"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.services import Services
from core.settings import Settings

logger = logging.getLogger(__name__)

HEALTH_TIMEOUT = 5.0


@dataclass
class Runtime:
    web: web.AppRunner
    scheduler: AsyncIOScheduler

    @property
    def web_port(self) -> int:
        return int(self.web.addresses[0][1])


def create_web_app(services: Services, bot: Bot) -> web.Application:
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
    return app


def create_scheduler() -> AsyncIOScheduler:
    # Coalesce missed runs into one, one instance per job, and no misfire grace limit: a job late
    # after a pause still runs (APScheduler's default grace of 1 s would silently drop it).
    return AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )


@asynccontextmanager
async def serving(settings: Settings, services: Services, bot: Bot) -> AsyncIterator[Runtime]:
    runner = web.AppRunner(create_web_app(services, bot), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.web_host, settings.web_port).start()
    except OSError as error:
        await runner.cleanup()
        raise RuntimeError(
            f"cannot listen on {settings.web_host}:{settings.web_port} ({error.strerror}); "
            "set WEB_HOST / WEB_PORT"
        ) from error
    scheduler = create_scheduler()
    scheduler.start()
    runtime = Runtime(runner, scheduler)
    logger.info("web server on http://%s:%s", settings.web_host, runtime.web_port)
    try:
        yield runtime
    finally:
        scheduler.shutdown(wait=False)
        await runner.cleanup()
