"""The person in the section, as its handlers see them (`filer`), and the check every one of
its buttons makes first (`MemberPresses`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.common.profile import Members
from bot.features import Menu
from core.family import Family
from core.i18n import Translator
from core.profile import Profiles
from core.settings import Settings
from storage.models import Profile, User

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def own_zone(user: User, settings: Settings) -> tzinfo:
    """The person's own time zone, else the bot's."""
    return ZoneInfo(user.time_zone) if user.time_zone else settings.timezone


@dataclass(frozen=True)
class Filer:
    """Who files a ticket or follows one up, with what the steps after «Отправить» need: the
    settings (the desk, the SLA), the person's menu to return to and their family (whom a ticket
    is about)."""

    user: User
    members: Members
    settings: Settings
    menu: Menu
    family: Family

    @property
    def zone(self) -> tzinfo:
        return own_zone(self.user, self.settings)

    async def profile(self, message: Message, state: FSMContext, _: Translator) -> Profile | None:
        """The profile; without one, the offer to sign up (and the dialogue ends)."""
        return await self.members.require(message, state, _, self.user)


class Filers(BaseMiddleware):
    """Hands the section's handlers `filer` (nothing is read, nothing answered)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        names = ("user", "members", "settings", "menu", "family")
        data["filer"] = Filer(*(data[name] for name in names))
        return await handler(event, data)


class MemberPresses(BaseMiddleware):
    """A button of the section counts only on a message still there (else: stale) and from a
    person with a profile (else: the offer to sign up); the handler gets the `profile`."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, CallbackQuery)
        _: Translator = data["_"]
        if not isinstance(event.message, Message):
            await event.answer(_("button-stale"), show_alert=True)
            return None
        profiles: Profiles = data["profiles"]
        profile = await profiles.of(data["user"])
        if profile is None:
            await event.answer()
            filer: Filer = data["filer"]
            await filer.profile(event.message, data["state"], _)
            return None
        data["profile"] = profile
        return await handler(event, data)


def shown(callback: CallbackQuery) -> Message:
    """The message a button is on (MemberPresses let through only those still there)."""
    assert isinstance(callback.message, Message)
    return callback.message
