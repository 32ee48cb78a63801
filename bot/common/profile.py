"""Requiring a profile: what every section for signed-up people does first."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.common.intents import Intents
from bot.common.screens import offer_signup
from bot.fsm.dialogues import Dialogues
from core.i18n import Translator
from core.notifications import Intent
from core.profile import Profiles
from storage.models import Profile, User


class Members:
    """Handed to handlers as `members`."""

    def __init__(self, profiles: Profiles, dialogues: Dialogues, intents: Intents) -> None:
        self._profiles = profiles
        self._dialogues = dialogues
        self._intents = intents

    async def require(
        self, message: Message, state: FSMContext, _: Translator, user: User
    ) -> Profile | None:
        """The person's profile; without one, an offer to sign up. A section's dialogue left from
        a profile that is gone (erased, moved by recovery) ends; one that needs no profile
        (sign-up, recovery, an operator's or administrator's) stays where it was."""
        profile = await self._profiles.of(user)
        if profile is None:
            dialogue = self._dialogues.of(await state.get_state())
            if dialogue is not None and dialogue.needs_profile:
                await state.clear()
            await self.offer_signup(message, state, _)
        return profile

    async def offer_signup(self, message: Message, state: FSMContext, _: Translator) -> None:
        """The offer to sign up to someone without a profile: «Продолжить регистрацию» while
        their sign-up is open (its dialogue's state is stored), else «Зарегистрироваться»."""
        go = self._intents.pack(Intent.SIGN_UP)
        dialogue = self._dialogues.of(await state.get_state())
        started = dialogue is not None and dialogue.owns_button(go, self._intents)
        await offer_signup(message, _, self._intents, started=started)


class SignedUp(Filter):
    """Passes someone signed up, handing the handler their `profile`."""

    async def __call__(
        self, event: TelegramObject, user: User, profiles: Profiles
    ) -> bool | dict[str, Any]:
        profile = await profiles.of(user)
        return False if profile is None else {"profile": profile}


class MemberPress(Filter):
    """Passes a press by someone signed up on a message the bot can still answer, handing the
    handler their `profile` and the message pressed as `shown`; anyone else's falls through to
    the feature's last (stale) handler."""

    async def __call__(
        self, callback: CallbackQuery, user: User, profiles: Profiles
    ) -> bool | dict[str, Any]:
        profile = await profiles.of(user)
        if profile is None or not isinstance(callback.message, Message):
            return False
        return {"profile": profile, "shown": callback.message}
