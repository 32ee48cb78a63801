"""The profile's buttons, one handler per action. They act on the presser's own profile only:
`MemberPress` (bot/common/profile.py) gives a handler the profile and the message pressed as
`shown`, and whatever it lets by (a guest, a message gone, a step's button out of its step, an
action no button has) reaches `stale`."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.entries import ASK_LANGUAGE, Entries
from bot.common.keyboards import drop_buttons
from bot.features import Menu
from bot.features.profile import keyboards
from bot.features.profile.after_pin import NAMES, AfterPin, ask_pin_then, edit
from bot.features.profile.callbacks import Action, ProfileAction
from bot.features.profile.changes import erase, keep, set_zone
from bot.features.profile.screens import ask_new_pin, ask_zone
from bot.fsm.dialogues import call_step
from core.data_rights import DataRights
from core.i18n import Translator
from core.profile import Profiles
from core.settings import Settings
from storage.models import Profile, User

# Buttons of a step (registered only in it): anywhere else they are stale.
STEP_ACTIONS = frozenset({Action.ERASE_YES, Action.ERASE_NO})


async def behind_pin(
    callback: CallbackQuery,
    callback_data: ProfileAction,
    shown: Message,
    profile: Profile,
    **data: Any,
) -> None:
    """The full document, the export, erasure: the PIN first, when one is set."""
    await callback.answer()
    await ask_pin_then(AfterPin(callback_data.action), shown, profile=profile, **data)


async def choose_pin(
    callback: CallbackQuery, shown: Message, profile: Profile, state: FSMContext, _: Translator
) -> None:
    await callback.answer()
    if profile.pin_hash is None:
        await ask_new_pin(shown, state, _)
    else:
        await shown.answer(_("profile-pin-menu"), reply_markup=keyboards.pin_menu(_))


async def change_pin(
    callback: CallbackQuery,
    callback_data: ProfileAction,
    shown: Message,
    profile: Profile,
    _: Translator,
    **data: Any,
) -> None:
    """Changing or removing the PIN: after it."""
    await callback.answer()
    if profile.pin_hash is None:  # a menu left from before the PIN was removed
        await shown.answer(_("button-stale"))
        return
    await ask_pin_then(AfterPin(callback_data.action), shown, _=_, profile=profile, **data)


async def choose_field(callback: CallbackQuery, shown: Message, _: Translator) -> None:
    await callback.answer()
    await shown.answer(_("profile-edit-which"), reply_markup=keyboards.fields(_))


async def edit_field(
    callback: CallbackQuery,
    callback_data: ProfileAction,
    shown: Message,
    profile: Profile,
    **data: Any,
) -> None:
    """A new e-mail or phone is behind the PIN; the other fields are not."""
    await callback.answer()
    then = f"edit-{callback_data.value}"
    if then in NAMES:
        await ask_pin_then(AfterPin(then), shown, profile=profile, **data)
    else:
        await call_step(edit(callback_data.value), shown, {**data, "profile": profile})


async def choose_language(
    callback: CallbackQuery, shown: Message, _: Translator, entries: Entries
) -> None:
    await callback.answer()
    await entries.begin(ASK_LANGUAGE, shown, _=_)


async def choose_zone(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    settings: Settings,
) -> None:
    await callback.answer()
    await ask_zone(shown, state, _, user, settings)


async def zone_chosen(
    callback: CallbackQuery,
    callback_data: ProfileAction,
    shown: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
) -> None:
    await callback.answer()
    await set_zone(shown, state, _, user, profiles, callback_data.value)


async def erase_confirmed(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    rights: DataRights,
    menu: Menu,
    settings: Settings,
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    await erase(shown, state, _, user, rights, menu, settings)


async def erase_declined(
    callback: CallbackQuery, shown: Message, state: FSMContext, _: Translator
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    await keep(shown, state, _)


async def stale(
    callback: CallbackQuery,
    callback_data: ProfileAction,
    _: Translator,
    user: User,
    profiles: Profiles,
) -> None:
    """Whatever the handlers above let by."""
    message = callback.message
    profile = await profiles.of(user)
    if profile is None or not isinstance(message, Message) or callback_data.action in STEP_ACTIONS:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    # Forged, or an action no button has any more: the spinner alone would say nothing.
    await message.answer(_("button-stale"))
