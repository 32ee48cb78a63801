"""Unexpected errors: logged with the update id, answered with a short apology.

The update's unit of work was rolled back before this runs, so the dialogue stays where it was
(at the last step the person was shown).
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent, User

from core.i18n import Catalogue, Translator, locale_for

logger = logging.getLogger(__name__)


async def on_error(
    event: ErrorEvent, bot: Bot, catalogue: Catalogue, _: Translator | None = None
) -> bool:
    update = event.update
    sender: User | None
    logger.error(
        "update %s failed: %s",
        update.update_id,
        type(event.exception).__name__,
        exc_info=event.exception,
        extra={"update_id": update.update_id},
    )
    if update.callback_query is not None:
        message = update.callback_query.message
        sender = update.callback_query.from_user
        # Wherever it was pressed (the operators' group too): the spinner stops. The handler's
        # own plain answer, held back until its work was saved, was not sent.
        try:
            await bot.answer_callback_query(update.callback_query.id)
        except TelegramAPIError as error:
            logger.warning("update %s: could not answer the press: %s", update.update_id, error)
    else:
        message = update.message
        sender = message.from_user if message else None
    if message is None or message.chat.type != "private":
        return True  # nothing to answer, or a group: the log is enough
    if _ is None:
        _ = catalogue.translator(locale_for(sender.language_code if sender else None))
    try:
        await bot.send_message(message.chat.id, _("error-apology"))
    except TelegramAPIError as error:
        logger.warning("update %s: could not apologise: %s", update.update_id, error)
    return True
