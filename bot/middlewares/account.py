"""Who is speaking: their account (created on first contact), their language and their menu (the
menu button of their chat follows their language: bot/commands.py)."""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.middlewares.user_context import EVENT_FROM_USER_KEY
from aiogram.types import TelegramObject, User

from bot.commands import MenuButtons
from bot.middlewares import NextHandler
from bot.middlewares.unit_of_work import DIALOGUE_KEY
from core.accounts import AccountService
from core.holdings import Holdings
from core.i18n import DEFAULT_LOCALE, Catalogue, locale_for


class AccountMiddleware(BaseMiddleware):
    def __init__(
        self,
        accounts: AccountService,
        catalogue: Catalogue,
        holdings: Holdings,
        menu_buttons: MenuButtons,
    ) -> None:
        self.accounts = accounts
        self.catalogue = catalogue
        self.holdings = holdings
        self.menu_buttons = menu_buttons

    async def __call__(
        self,
        handler: NextHandler,
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: User | None = data.get(EVENT_FROM_USER_KEY)
        if sender is None or sender.is_bot:
            data["_"] = self.catalogue.translator(locale_for(None))
            return await handler(event, data)
        visit = await self.accounts.visit(sender.id, sender.language_code, data.get(DIALOGUE_KEY))
        language = visit.user.language
        if visit.language_changed or (visit.is_new and language != DEFAULT_LOCALE):
            await self.menu_buttons.set_for(data["bot"], sender.id, language)
        data["user"] = visit.user
        data["user_is_new"] = visit.is_new
        data["member"] = visit.member
        data["frozen"] = visit.frozen
        if "menu" in data:
            # What the person holds is asked only if a menu is shown (`Menu.shown`).
            holdings = partial(self.holdings.of, visit.user.id)
            data["menu"] = data["menu"].for_person(visit.member, holdings)
        data["_"] = self.catalogue.translator(visit.user.language)
        return await handler(event, data)
