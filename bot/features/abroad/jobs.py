"""The section's periodic job."""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest

from core.abroad import StaleCard
from core.delivery import render
from core.i18n import DEFAULT_LOCALE
from core.services import Services

logger = logging.getLogger(__name__)

DESK_EVERY = timedelta(minutes=1)


async def desk_work(bot: Bot, services: Services) -> None:
    """Post the cases filed while the desk was off (idempotent), and edit the cards marked
    stale (a case whose policy went to another holder: its card becomes a placeholder) — read,
    edited with no transaction open, then recorded."""
    async with services.db.unit_of_work():
        await services.abroad.post_waiting()
    async with services.db.unit_of_work():
        stale = await services.abroad.stale_cards()
    for card in stale:
        if await _edit(bot, services, card):
            async with services.db.unit_of_work():
                await services.abroad.card_edited(card.case_id)


async def _edit(bot: Bot, services: Services, stale: StaleCard) -> bool:
    """True once the card says what it should (or can no longer be edited)."""
    translator = services.catalogue.translator(DEFAULT_LOCALE)
    card = render(stale.payload, translator, stale.chat_id, services.settings.data_dir)
    assert not card.buttons, "a stale card is a placeholder: no buttons"
    try:
        # No markup: the card's buttons go.
        await bot.edit_message_text(card.text, chat_id=stale.chat_id, message_id=stale.message_id)
    except TelegramBadRequest as error:  # deleted, too old, or says so already
        logger.info("desk: abroad case %d card not edited: %s", stale.case_id, error.message)
    except TelegramAPIError as error:  # the network, a 429: the next round tries again
        logger.info("desk: abroad case %d card edited later: %s", stale.case_id, error.message)
        return False
    return True
