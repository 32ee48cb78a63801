"""`Step`: what every sign-up handler works with, bundled, so a handler's signature names only
the message (or button) and what its one job needs besides.

`StepMiddleware` hands it to the feature's handlers as `step`; what /start or another feature
calls (the dialogue's beginning, the invitation link, an edit from the profile) makes its own
with `Step.of(message, handler_data)`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.common.intents import Intents
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.signup.dialogue import SignupData
from bot.features.signup.prompts import KEYBOARDS, NEXT, PROMPTS
from bot.features.signup.states import SignUp
from bot.middlewares import NextHandler
from core.i18n import Translator
from core.invitations import Invitations
from core.policies import Policies
from core.settings import Settings
from core.signup import AlreadyRegistered, Signup
from storage.models import User


@dataclass
class Step:
    message: Message
    state: FSMContext
    _: Translator
    signup: Signup
    settings: Settings
    user: User
    menu: Menu
    intents: Intents
    # For sign-up from an invitation: the roster's policy is linked right after.
    invitations: Invitations
    policies: Policies

    @classmethod
    def of(cls, message: Message, data: Mapping[str, Any]) -> Step:
        """From the handler data (the dispatcher's: every handler has it)."""
        return cls(
            message=message,
            state=data["state"],
            _=data["_"],
            signup=data["signup"],
            settings=data["settings"],
            user=data["user"],
            menu=data["menu"],
            intents=data["intents"],
            invitations=data["invitations"],
            policies=data["policies"],
        )

    async def data(self) -> SignupData:
        return await SignupData.load(self.state)

    async def show(self, step: State) -> None:
        await PROMPTS[step](self.message, self.state, self._, self.signup, self.settings)

    async def go(self, step: State) -> None:
        await self.state.set_state(step)
        await self.show(step)

    async def advance(self, current: State) -> None:
        """On to the next step; after a fix from the summary, back to the summary; after an
        edit from the profile, the profile is saved."""
        data = await self.data()
        if not data.fixing or current == SignUp.document_type:  # a type needs its number
            await self.go(NEXT[current])
        elif data.editing:
            await self.save_edit(data)
        else:
            data.fixing = False
            await data.save(self.state)
            await self.go(SignUp.summary)

    async def save_edit(self, data: SignupData) -> None:
        try:
            await self.signup.update_profile(self.user, data.person(self.signup))
        except AlreadyRegistered:
            await self.say("signup-account-exists", phone=self.settings.hotline_phone)
        else:
            # With the menu: an edited phone may have replaced it with «Поделиться номером».
            await show_main_menu(self.message, self._, self.menu, self._("profile-saved"))
        await self.state.clear()

    async def say(self, key: str, **params: object) -> None:
        await self.message.answer(self._(key, **params))

    async def refuse(self, key: str, **params: object) -> None:
        """What is wrong with an answer, under the current step's buttons (a step that takes
        only text has none): the step stays, and what answers it is still one tap away."""
        keyboard = KEYBOARDS.get(await self.state.get_state())
        markup = keyboard(self._) if keyboard is not None else None
        await self.message.answer(self._(key, **params), reply_markup=markup)


class StepMiddleware(BaseMiddleware):
    """Hands each sign-up handler its `Step`: for a message, built on it; for a button, on the
    message the button is under (none when Telegram no longer gives it: no `step`)."""

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        message = event.message if isinstance(event, CallbackQuery) else event
        if isinstance(message, Message):
            data["step"] = Step.of(message, data)
        return await handler(event, data)
