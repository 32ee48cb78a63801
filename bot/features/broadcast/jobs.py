"""The broadcast's periodic job: the author's progress message kept up to date."""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.features.broadcast import views
from core.i18n import Catalogue
from core.services import Services

logger = logging.getLogger(__name__)

PROGRESS_EVERY = timedelta(seconds=2)


async def report_progress(bot: Bot, services: Services) -> None:
    """Finish filling a broadcast whose start was cut short; edit each running broadcast's
    progress message when its numbers moved; report the end."""
    catalogue: Catalogue = services.catalogue
    async with services.db.unit_of_work():
        await services.broadcasts.resume()
        running = await services.broadcasts.unfinished()
        changed = [
            item
            for item in running
            if await services.broadcasts.record_progress(item.broadcast, item.progress)
        ]
    for item in changed:
        broadcast, progress = item.broadcast, item.progress
        _ = catalogue.translator(item.author_language or "ru")
        if broadcast.progress_chat_id is None or broadcast.progress_message_id is None:
            continue
        try:
            await bot.edit_message_text(
                text=views.progress(_, broadcast.id, progress),
                chat_id=broadcast.progress_chat_id,
                message_id=broadcast.progress_message_id,
            )
        except TelegramBadRequest as error:  # deleted by the author, or unchanged
            logger.info("broadcast %d: progress not edited: %s", broadcast.id, error.message)
        if progress.done:
            await bot.send_message(
                broadcast.progress_chat_id, views.report(_, broadcast.id, progress)
            )
