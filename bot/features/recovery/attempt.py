"""`Attempt`: what every recovery handler works with, bundled, so a handler's signature names only
the message (or button) and what its one job needs besides.

`AttemptMiddleware` hands it to the feature's handlers as `attempt`; the entry sign-up begins
makes its own with `Attempt.of(message, given)`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.features import Menu
from bot.features.recovery.dialogue import RecoveryData
from bot.middlewares import NextHandler
from core.i18n import Translator
from core.recovery import Recoveries
from core.settings import Settings
from core.signup import Signup
from storage.models import Profile, User


@dataclass
class Attempt:
    message: Message
    state: FSMContext
    _: Translator
    user: User
    signup: Signup  # its codes: the same kind as sign-up's, for their own purposes
    recoveries: Recoveries
    settings: Settings
    menu: Menu

    @classmethod
    def of(cls, message: Message, data: Mapping[str, Any]) -> Attempt:
        """From the handler data (the dispatcher's), or what an entry's caller gives."""
        return cls(
            message=message,
            state=data["state"],
            _=data["_"],
            user=data["user"],
            signup=data["signup"],
            recoveries=data["recoveries"],
            settings=data["settings"],
            menu=data["menu"],
        )

    async def data(self) -> RecoveryData:
        return await RecoveryData.load(self.state)

    async def profile(self, data: RecoveryData) -> Profile | None:
        """The profile the first proof found, if it is still there."""
        if not data.profile:
            return None
        return await self.recoveries.db.session.get(Profile, data.profile)

    async def say(self, key: str, **params: object) -> None:
        await self.message.answer(self._(key, **params))

    async def end(self, key: str, **params: object) -> None:
        """The attempt is over (refused, or nothing to recover): say why."""
        await self.state.clear()
        await self.say(key, **params)


class AttemptMiddleware(BaseMiddleware):
    """Hands each recovery handler its `Attempt`: for a message, built on it; for a button, on
    the message the button is under (none when Telegram no longer gives it: no `attempt`)."""

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        message = event.message if isinstance(event, CallbackQuery) else event
        if isinstance(message, Message):
            data["attempt"] = Attempt.of(message, data)
        return await handler(event, data)
