"""What the PIN guards, when one is set: the full document, the export (it holds the document's
number), erasure, a new e-mail or phone, changing or removing the PIN.

One PIN step (bot/pin.py) asks for it and remembers what follows (`then` in the dialogue's data);
each of these is called like an aiogram handler, taking by name what it needs of the handler
data, once the right PIN is typed (or at once, with none set)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, Message

from bot.common.entries import SIGNUP_EDIT_FIELD, Entries
from bot.features.profile import views
from bot.features.profile.screens import ask_erase, ask_new_pin, person_zone
from bot.features.profile.states import ProfileSteps
from bot.fsm.dialogues import StepHandler, call_step
from bot.pin import guard
from core.data_page import render_html
from core.data_rights import DataRights
from core.i18n import Translator
from core.profile import Profiles
from core.settings import Settings
from core.signup import Signup
from storage.models import Profile, User


class AfterPin(StrEnum):
    """Kept in the PIN step's data by dialogues in progress: rename none."""

    DOCUMENT = "doc"
    EXPORT = "export"
    ERASE = "erase"
    EDIT_EMAIL = "edit-email"
    EDIT_PHONE = "edit-phone"
    PIN_CHANGE = "pin-change"
    PIN_REMOVE = "pin-remove"


async def show_full_document(
    message: Message, state: FSMContext, _: Translator, profile: Profile, profiles: Profiles
) -> None:
    await state.clear()
    document = await profiles.full_document(profile)  # audited
    await message.answer(views.full_document(_, document))


async def send_export(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    rights: DataRights,
    settings: Settings,
) -> None:
    await state.clear()
    data = await rights.export(user)
    stamp = datetime.fromisoformat(data["exported_at"]).strftime("%Y%m%d")
    as_json = json.dumps(data, ensure_ascii=False, indent=2).encode()
    page = render_html(data, _, person_zone(user, settings)).encode()
    await message.answer_document(
        BufferedInputFile(as_json, filename=f"my-data-{stamp}.json"),
        caption=_("profile-export-ready"),
    )
    await message.answer_document(BufferedInputFile(page, filename=f"my-data-{stamp}.html"))


def edit(field: str) -> StepHandler:
    """Editing one field: the sign-up's step for it does the asking and checking (a new e-mail or
    phone gets a code) and, in editing mode, saves the profile."""

    async def begin(
        message: Message,
        state: FSMContext,
        _: Translator,
        profile: Profile,
        signup: Signup,
        settings: Settings,
        entries: Entries,
    ) -> None:
        await entries.begin(
            SIGNUP_EDIT_FIELD,
            message,
            state=state,
            _=_,
            profile=profile,
            signup=signup,
            settings=settings,
            field=field,
        )

    return begin


async def remove_pin(
    message: Message, state: FSMContext, _: Translator, profile: Profile, profiles: Profiles
) -> None:
    await profiles.remove_pin(profile)
    await state.clear()
    await message.answer(_("profile-pin-removed"))


STEPS: Mapping[AfterPin, StepHandler] = {
    AfterPin.DOCUMENT: show_full_document,
    AfterPin.EXPORT: send_export,
    AfterPin.ERASE: ask_erase,
    AfterPin.EDIT_EMAIL: edit("email"),
    AfterPin.EDIT_PHONE: edit("phone"),
    AfterPin.PIN_CHANGE: ask_new_pin,
    AfterPin.PIN_REMOVE: remove_pin,
}
# What a string read from the dialogue's data may name.
NAMES = frozenset(AfterPin)


async def go_on(then: AfterPin, message: Message, data: dict[str, Any]) -> None:
    """`data`: the handler data (with the profile)."""
    await call_step(STEPS[then], message, data)


async def ask_pin_then(
    then: AfterPin,
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    **data: Any,
) -> None:
    """Asks the PIN before `then`; with none set, goes on at once."""
    if await guard(message, state, profile, ProfileSteps.pin, then, _("profile-enter-pin")):
        await go_on(then, message, {**data, "state": state, "_": _, "profile": profile})
