"""`Booker`: what every handler of the feature works with, built once per update, so that a
handler's signature names only the message or the button and its data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.common.intents import Intents
from bot.common.profile import Members
from bot.features import Menu
from bot.fsm.dialogues import StepHandler
from core.booking import Booking
from core.clinics import Clinics
from core.family import Family
from core.i18n import Translator
from core.profile import Profiles
from core.settings import Settings
from storage.models import Profile

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class Booker:
    """A signed-up person in this feature, in one update: the message to answer (the one a button
    is on), their dialogue, and the services the screens use."""

    message: Message
    state: FSMContext
    _: Translator
    profile: Profile
    booking: Booking
    clinics: Clinics
    family: Family
    menu: Menu
    settings: Settings
    intents: Intents


def booker(message: Message, profile: Profile, data: dict[str, Any]) -> Booker:
    return Booker(
        message=message,
        state=data["state"],
        _=data["_"],
        profile=profile,
        booking=data["booking"],
        clinics=data["clinics"],
        family=data["family"],
        menu=data["menu"],
        settings=data["settings"],
        intents=data["intents"],
    )


async def required(message: Message, data: dict[str, Any]) -> Booker | None:
    """The person's `Booker`; without a profile, None (they were offered to sign up)."""
    members: Members = data["members"]
    profile = await members.require(message, data["state"], data["_"], data["user"])
    return None if profile is None else booker(message, profile, data)


class Bookers(BaseMiddleware):
    """Hands each handler of the feature its `booker`. A message from someone without a profile is
    offered sign-up; a press from someone without one, or on a message Telegram no longer shows,
    is told the button is stale; neither reaches the handler."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, CallbackQuery):
            profiles: Profiles = data["profiles"]
            profile = await profiles.of(data["user"])
            if profile is None or not isinstance(event.message, Message):
                await event.answer(data["_"]("button-stale"), show_alert=True)
                return None
            data["booker"] = booker(event.message, profile, data)
        else:
            assert isinstance(event, Message)
            found = await required(event, data)
            if found is None:
                return None
            data["booker"] = found
        return await handler(event, data)


Step = Callable[[Message, Booker], Awaitable[None]]


def outside(step: Step) -> StepHandler:
    """The step as other parts of the bot call a dialogue's steps (/start → «Продолжить», an
    answer a step cannot read): with the whole handler data, which has no `booker` (the
    middleware is this router's)."""

    async def with_booker(message: Message, **data: Any) -> None:
        found = await required(message, data)
        if found is not None:
            await step(message, found)

    return with_booker
