"""The messages of «Франшиза и карта»: the section opened, the PIN typed, a step shown again or
begun anew (after /start)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.profile import Members
from bot.features import Menu
from bot.features.franchise import screens, views
from bot.features.franchise.dialogue import PinStep
from bot.features.franchise.states import FranchiseFlow
from bot.pin import passed
from core.franchise import Franchises
from core.i18n import Translator
from core.profile import Profiles
from core.settings import Settings
from storage.models import Profile, User


async def open_section(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    franchises: Franchises,
    menu: Menu,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is not None:
        await screens.entered(message, _, profile, franchises, menu)


async def restart(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    franchises: Franchises,
    menu: Menu,
) -> None:
    await state.clear()
    await open_section(message, state, _, user, members, franchises, menu)


async def pin(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profile: Profile,
    profiles: Profiles,
    franchises: Franchises,
    settings: Settings,
) -> None:
    """The PIN typed (by someone signed up: `SignedUp`): then a card over the bound one, or
    unbinding's confirmation. (Eight parameters: `bot.pin.passed` needs five of them.)"""
    then = await passed(message, state, _, user, profile, profiles, settings)
    if then == "bind":
        await screens.replace(message, state, _, profile, franchises, settings)
    elif then is not None:  # unbinding ("" from a step that remembers nothing: the same)
        await screens.ask_confirmation(message, state, _, profile, franchises)


async def sign_up_first(
    message: Message, state: FSMContext, _: Translator, user: User, members: Members
) -> None:
    """The PIN step of someone no longer signed up (erased, moved by recovery): the step ends,
    and they are offered to sign up."""
    await members.require(message, state, _, user)


async def reprompt(
    message: Message,
    raw_state: str,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    franchises: Franchises,
) -> None:
    """The current step again: the PIN's question, or the unbinding's confirmation."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    if raw_state == FranchiseFlow.pin.state:
        then = (await PinStep.load(state)).then
        await message.answer(views.pin_question(_, then, await franchises.card(profile)))
    else:
        await screens.ask_confirmation(message, state, _, profile, franchises)
