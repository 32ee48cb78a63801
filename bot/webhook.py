"""Webhook mode (`WEBHOOK_URL` set): Telegram posts each update to the web server, and several
identical instances behind a load balancer share them.

An update is answered only after it was handled (`Dispatcher.feed_webhook_update`, parsed once):
if the process dies first, Telegram posts it again, to this instance or another. A request without
the secret (`X-Telegram-Bot-Api-Secret-Token` = `WEBHOOK_SECRET`) is refused with 401, a body that
is not an update with 400. Every start sets the webhook (address, secret, the update types the bot
handles); a stopping instance never deletes it, since the others still serve.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from typing import Any
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.app import allowed_updates
from bot.runtime import serving
from core.services import Services
from core.settings import Settings

logger = logging.getLogger(__name__)

# Instances starting together all set the webhook; Telegram answers the later ones 429 for a while.
SET_WEBHOOK_TRIES = 5
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header's name)


def _webhook(settings: Settings) -> tuple[str, str]:
    """The address and the secret (the settings refuse one without the other)."""
    if settings.webhook_url is None or settings.webhook_secret is None:
        raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
    return settings.webhook_url, settings.webhook_secret.get_secret_value()


def webhook_route(settings: Settings, dispatcher: Dispatcher, bot: Bot) -> web.RouteDef:
    url, secret = _webhook(settings)
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        # As bytes: compare_digest refuses text that is not ASCII (that was a 500). aiohttp
        # decodes a header's bytes as UTF-8 with surrogateescape, so this gives them back as sent.
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not secrets.compare_digest(given, expected):
            return web.json_response({"ok": False, "description": "Unauthorized"}, status=401)
        # aiohttp refuses a body over its client_max_size (1 MiB) with 413 as it reads.
        try:
            update = Update.model_validate_json(await request.read(), context={"bot": bot})
        except ValidationError as error:
            # aiogram's own handler would answer 500, and Telegram post it again and again.
            logger.warning("webhook: not an update (%s)", error.error_count())
            return web.json_response({"ok": False, "description": "not an update"}, status=400)
        # Answered when handled (or, past 55 s, while the handler goes on in the background).
        answer: TelegramMethod[Any] | None = await dispatcher.feed_webhook_update(bot, update)
        if isinstance(answer, TelegramMethod):  # a handler's reply returned, not sent
            await dispatcher.silent_call_request(bot, answer)
        return web.json_response({})

    return web.post(urlsplit(url).path or "/", receive)


async def set_webhook(settings: Settings, dispatcher: Dispatcher, bot: Bot) -> None:
    url, secret = _webhook(settings)
    for attempt in range(1, SET_WEBHOOK_TRIES + 1):
        try:
            await bot.set_webhook(
                url,
                secret_token=secret,
                allowed_updates=allowed_updates(dispatcher),
                drop_pending_updates=False,
            )
            return
        except TelegramRetryAfter as error:
            if attempt == SET_WEBHOOK_TRIES:
                raise
            logger.info("setWebhook: Telegram asks to wait %s s", error.retry_after)
            await asyncio.sleep(error.retry_after)


async def serve_webhook(
    settings: Settings, services: Services, bot: Bot, dispatcher: Dispatcher
) -> None:
    """Serve until SIGTERM or SIGINT; then finish the updates in hand and stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    workflow = {"dispatcher": dispatcher, "bots": [bot], **dispatcher.workflow_data}
    route = webhook_route(settings, dispatcher, bot)
    try:
        async with serving(settings, services, bot, dispatcher, routes=[route]):
            await dispatcher.emit_startup(bot=bot, **workflow)
            await set_webhook(settings, dispatcher, bot)
            logger.info("webhook %s", settings.webhook_url)
            await stop.wait()
            logger.info("stopping: the webhook stays set for the other instances")
        # `serving` has stopped the web server, which waits for the updates being handled.
        await dispatcher.emit_shutdown(bot=bot, **workflow)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
