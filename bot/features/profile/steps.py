"""The profile's typed answers, one handler per step."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.features import Menu
from bot.features.profile import keyboards
from bot.features.profile.after_pin import NAMES, AfterPin, go_on
from bot.features.profile.changes import erase, keep, set_zone
from bot.features.profile.dialogue import ProfileData
from bot.features.profile.screens import ask_new_pin
from bot.features.profile.states import ProfileSteps
from bot.pin import forget, passed
from core.data_rights import DataRights
from core.i18n import Catalogue, Translator
from core.profile import Profiles, valid_pin
from core.settings import Settings
from core.signup import hash_pin, pin_matches
from storage.models import User


async def on_pin(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    settings: Settings,
    **data: Any,
) -> None:
    profile = await profiles.of(user)
    if profile is None:
        await forget(message)
        await state.clear()
        return
    then = await passed(message, state, _, user, profile, profiles, settings)
    if then in NAMES:
        given = {"state": state, "_": _, "user": user, "profiles": profiles, "settings": settings}
        await go_on(AfterPin(then), message, {**data, **given, "profile": profile})
    elif then is not None:  # a step from before that remembers nothing to follow
        await state.clear()


async def on_pin_new(message: Message, state: FSMContext, _: Translator) -> None:
    await forget(message)
    pin = (message.text or "").strip()
    if not valid_pin(pin):
        await message.answer(_("profile-pin-bad"))
        return
    data = await ProfileData.load(state)
    data.pin_hash = await hash_pin(pin)
    await data.save(state)
    await state.set_state(ProfileSteps.pin_repeat)
    await message.answer(_("profile-pin-repeat"))


async def on_pin_repeat(
    message: Message, state: FSMContext, _: Translator, user: User, profiles: Profiles
) -> None:
    await forget(message)
    first = (await ProfileData.load(state)).pin_hash
    profile = await profiles.of(user)
    if profile is None:
        await state.clear()
        return
    if not first or not await pin_matches(first, (message.text or "").strip()):
        await message.answer(_("profile-pin-mismatch"))
        await ask_new_pin(message, state, _)
        return
    await profiles.adopt_pin_hash(profile, first)
    await state.clear()
    await message.answer(_("profile-pin-set"))


async def on_zone(
    message: Message, state: FSMContext, _: Translator, user: User, profiles: Profiles
) -> None:
    await set_zone(message, state, _, user, profiles, message.text or "")


async def on_erase(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    rights: DataRights,
    menu: Menu,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    said = message.text
    if catalogue.matches("profile-erase-yes", said) or catalogue.matches(
        "profile-erase-word", said
    ):
        await erase(message, state, _, user, rights, menu, settings)
    elif catalogue.matches("profile-erase-no", said):
        await keep(message, state, _)
    else:
        await message.answer(_("profile-erase-hint"), reply_markup=keyboards.erase(_))
