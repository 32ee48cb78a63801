"""The cases on the desk: «Взять в работу» and «Закрыть» — operators only, each audited, a second
decision refused — and the case's post kept showing its status and who acted."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.common.intents import Intents
from bot.common.operators import OperatorCheck
from bot.delivery import keyboard_of
from bot.features.abroad.callbacks import DeskAbroadAction, DeskAction
from core.abroad import Abroad
from core.delivery import render
from core.desk import AlreadyDecided
from core.i18n import DEFAULT_LOCALE, Catalogue, Translator
from core.settings import Settings
from storage.models import AbroadCase

logger = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class OperatorsOnly(BaseMiddleware):
    """A case's button counts only on the desk and from an operator; anyone else (pressing it or
    forging its data anywhere) is refused and nothing happens."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, CallbackQuery)
        settings: Settings = data["settings"]
        operators: OperatorCheck = data["operators"]
        message = event.message
        in_desk = isinstance(message, Message) and message.chat.id == settings.operators_chat_id
        if not in_desk or not await operators.allows(data["bot"], settings, event.from_user.id):
            await event.answer(data["_"]("desk-not-allowed"), show_alert=True)
            return None
        return await handler(event, data)


async def refresh(
    bot: Bot,
    settings: Settings,
    catalogue: Catalogue,
    intents: Intents,
    abroad: Abroad,
    case: AbroadCase,
) -> None:
    """The case's post shows its status and who acted; closed, it has no buttons."""
    message_id = await abroad.post_message(case)
    desk = settings.operators_chat_id
    if message_id is None or desk is None:
        return
    translator = catalogue.translator(DEFAULT_LOCALE)
    card = render(await abroad.card(case), translator, desk, settings.data_dir)
    try:
        await bot.edit_message_text(
            card.text, chat_id=desk, message_id=message_id, reply_markup=keyboard_of(card, intents)
        )
    except TelegramAPIError as error:
        logger.info("desk: post of abroad case %d not updated: %s", case.id, error.message)


async def decide(
    callback: CallbackQuery,
    callback_data: DeskAbroadAction,
    _: Translator,
    bot: Bot,
    settings: Settings,
    catalogue: Catalogue,
    intents: Intents,
    abroad: Abroad,
) -> None:
    """«Взять в работу» or «Закрыть» (OperatorsOnly let the operator through)."""
    operator = callback.from_user
    act = abroad.take if callback_data.action == DeskAction.TAKE else abroad.close
    try:
        case = await act(callback_data.case, operator.id, operator.full_name)
    except LookupError:
        await callback.answer(_("desk-abroad-unknown"), show_alert=True)
        return
    except AlreadyDecided:
        await callback.answer(_("desk-abroad-decided"), show_alert=True)
        return
    await callback.answer(_(f"desk-abroad-{callback_data.action}-done", number=case.label))
    await refresh(bot, settings, catalogue, intents, abroad, case)


async def stale(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("button-stale"), show_alert=True)
