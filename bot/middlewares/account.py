"""Who is speaking: their account (created on first contact) and their language."""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.middlewares.user_context import EVENT_FROM_USER_KEY
from aiogram.types import TelegramObject, User

from bot.middlewares import NextHandler
from core.accounts import AccountService
from core.i18n import Catalogue, locale_for


class AccountMiddleware(BaseMiddleware):
    def __init__(self, accounts: AccountService, catalogue: Catalogue) -> None:
        self.accounts = accounts
        self.catalogue = catalogue

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
        visit = await self.accounts.visit(sender.id, sender.language_code)
        data["user"] = visit.user
        data["user_is_new"] = visit.is_new
        data["member"] = visit.member
        data["frozen"] = visit.frozen
        if "menu" in data:
            data["menu"] = data["menu"].for_person(visit.member)
        data["_"] = self.catalogue.translator(visit.user.language)
        return await handler(event, data)
