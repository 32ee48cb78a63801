from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject

from core.i18n import Catalogue
from core.settings import Settings


class ButtonText(Filter):
    """A reply button pressed, or its label typed, in either language («помощь», "Help")."""

    def __init__(self, key: str) -> None:
        self.key = key

    async def __call__(self, message: Message, catalogue: Catalogue) -> bool:
        return catalogue.matches(self.key, message.text)


class IsAdmin(Filter):
    """From one of ADMIN_IDS (anyone else never reaches the handler: it is not there for them)."""

    async def __call__(self, event: TelegramObject, settings: Settings) -> bool:
        user = getattr(event, "from_user", None)
        return user is not None and user.id in settings.admin_ids


def private_only(router: Router) -> Router:
    """A person's section answers only in private chats: its messages, and its buttons too (a
    button forged in a group falls through to the stale-button answer, changing nothing)."""
    router.message.filter(F.chat.type == "private")
    router.callback_query.filter(F.message.chat.type == "private")
    return router
