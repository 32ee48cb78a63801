"""Entering «📨 Гарантийное письмо»: the section (/letters or its menu label), «➕ Запросить
письмо» typed; the dialogue begun afresh or shown again (after /start → «Продолжить», or an
answer a step cannot read); what no step takes."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.profile import Members
from bot.features.letters.dialogue import Draft
from bot.features.letters.flow import (
    ask_answer,
    ask_clinic,
    ask_day,
    ask_kind,
    ask_photos,
    ask_policy,
    ask_service,
    begin,
    show_section,
    show_summary,
)
from bot.features.letters.states import LetterFlow
from core.family import Family
from core.i18n import Translator
from core.letters import Letters
from core.profile import Profiles
from storage.models import User


class Shown(Filter):
    """A button on a message still there (not too old for Telegram to give)."""

    async def __call__(self, callback: CallbackQuery) -> bool:
        return isinstance(callback.message, Message)


async def show(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    letters: Letters,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is not None:
        await show_section(message, _, profile, letters, 0, edit=False)


async def begin_typed(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    letters: Letters,
    family: Family,
) -> None:
    """«➕ Запросить письмо» typed; also the request begun again once «Для кого?» is answered
    (the entry LETTERS_BEGIN)."""
    profile = await members.require(message, state, _, user)
    if profile is not None:
        await begin(message, state, _, profile, letters, family)


async def reprompt(
    message: Message,
    raw_state: str,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    letters: Letters,
) -> None:
    """Show the current step again."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if raw_state == LetterFlow.policy.state:
        await ask_policy(message, state, _, profile, letters)
    elif raw_state == LetterFlow.kind.state:
        await ask_kind(message, state, _)
    elif raw_state == LetterFlow.clinic.state:
        await ask_clinic(message, state, _, profile, letters)
    elif raw_state == LetterFlow.service.state:
        await ask_service(message, state, _)
    elif raw_state == LetterFlow.photos.state:
        await ask_photos(message, state, _, profile, letters)
    elif raw_state == LetterFlow.day.state:
        await ask_day(message, state, _, profile, letters)
    elif raw_state == LetterFlow.summary.state:
        await show_summary(message, state, _)
    elif raw_state == LetterFlow.answer.state:
        await ask_answer(message, state, _)


async def restart(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    letters: Letters,
    family: Family,
) -> None:
    """«Начать заново»: a request from its first step (an answer: the section)."""
    raw = await state.get_state()
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if raw == LetterFlow.answer.state:
        await state.clear()
        await show_section(message, _, profile, letters, 0, edit=False)
        return
    await Draft().save(state)
    await begin(message, state, _, profile, letters, family)


async def not_expected(
    message: Message,
    raw_state: str,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    letters: Letters,
) -> None:
    """Something no step takes (a sticker, a voice message): what is expected, again."""
    if await members.require(message, state, _, user) is None:
        return
    await message.answer(_("letters-not-expected"))
    await reprompt(message, raw_state, state, _, user, members, letters)


async def stale_or_member(
    callback: CallbackQuery,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    **_data: Any,
) -> None:
    """A letter button no handler took: from someone without a profile, the offer to sign up;
    else stale (a step's button in another step, a message gone, an action not known)."""
    if isinstance(callback.message, Message) and await profiles.of(user) is None:
        await callback.answer()
        await members.require(callback.message, state, _, user)
        return
    await callback.answer(_("button-stale"), show_alert=True)
