"""What the profile shows and asks: the card, and each step's question (asked again after /start
«Продолжить», or after an answer the step could not read)."""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message

from bot.common.profile import Members
from bot.features.profile import keyboards, views
from bot.features.profile.states import ProfileSteps
from bot.fsm.dialogues import StepHandler
from core.data_rights import DataRights
from core.i18n import Translator
from core.profile import Profiles
from core.settings import Settings
from storage.models import User


def zone_of(user: User, settings: Settings) -> str:
    return user.time_zone or settings.timezone.key


async def show_profile(
    message: Message,
    state: FSMContext,
    _: Translator,
    members: Members,
    user: User,
    profiles: Profiles,
    settings: Settings,
) -> None:
    """/profile, the menu's «Профиль», and the dialogue begun anew."""
    profile = await profiles.of(user)
    if profile is None:
        await members.offer_signup(message, state, _)
        return
    text = views.card(_, profile, profiles.document(profile), zone_of(user, settings))
    await message.answer(text, reply_markup=keyboards.card(_))


async def ask_new_pin(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(ProfileSteps.pin_new)
    await message.answer(_("profile-pin-new"))


async def ask_zone(
    message: Message, state: FSMContext, _: Translator, user: User, settings: Settings
) -> None:
    await state.set_state(ProfileSteps.time_zone)
    await message.answer(
        _("profile-zone-ask", zone=zone_of(user, settings)), reply_markup=keyboards.zones()
    )


def person_zone(user: User, settings: Settings) -> ZoneInfo:
    return ZoneInfo(zone_of(user, settings))


async def ask_erase(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    rights: DataRights,
    settings: Settings,
) -> None:
    """What erasure takes, the visits it cancels and the open tickets it deletes named."""
    await state.set_state(ProfileSteps.erase)
    text = views.erase_question(_, await rights.at_stake(user), person_zone(user, settings))
    await message.answer(text, reply_markup=keyboards.erase(_))


async def ask_pin_again(message: Message, _: Translator) -> None:
    await message.answer(_("profile-enter-pin"))


async def ask_new_pin_again(message: Message, _: Translator) -> None:
    await message.answer(_("profile-pin-new"))


async def ask_repetition_again(message: Message, _: Translator) -> None:
    await message.answer(_("profile-pin-repeat"))


PROMPTS: Mapping[State, StepHandler] = {
    ProfileSteps.pin: ask_pin_again,
    ProfileSteps.pin_new: ask_new_pin_again,
    ProfileSteps.pin_repeat: ask_repetition_again,
    ProfileSteps.time_zone: ask_zone,
    ProfileSteps.erase: ask_erase,
}
