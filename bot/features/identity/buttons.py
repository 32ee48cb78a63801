"""The person's buttons of the identity check, one handler per action. Each is registered for
its own step only (and a message still there, `shown`): any other press gets `stale`."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.entries import FAMILY_NUMBER_AGAIN, POLICY_NUMBER_AGAIN, Entries
from bot.common.keyboards import drop_buttons
from bot.features.identity.callbacks import IdentityAction
from bot.features.identity.dialogue import Check
from bot.features.identity.steps import accept_consent, ask_consent, ask_photo, tell_check_open
from core.i18n import Translator
from core.identity import SLOTS, CheckOpen, Identity
from core.legal import BIOMETRICS
from core.profile import Profiles
from core.signup import Signup
from storage.models import User


async def start(
    callback: CallbackQuery, shown: Message, state: FSMContext, _: Translator, signup: Signup
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    await ask_consent(shown, state, _, signup)


async def cancel(callback: CallbackQuery, shown: Message, state: FSMContext, _: Translator) -> None:
    await callback.answer()
    await drop_buttons(shown)
    await state.clear()
    await shown.answer(_("identity-cancelled"))


async def renumber(
    callback: CallbackQuery, shown: Message, state: FSMContext, _: Translator, entries: Entries
) -> None:
    """A typo in the number: back to the number step of «Мои полисы» (of «👨‍👩‍👧 Семья» for a
    family member's policy)."""
    await callback.answer()
    await drop_buttons(shown)
    member = (await Check.load(state)).relation is not None
    await state.clear()
    await entries.begin(
        FAMILY_NUMBER_AGAIN if member else POLICY_NUMBER_AGAIN, shown, state=state, _=_
    )


async def read(callback: CallbackQuery, shown: Message, _: Translator, signup: Signup) -> None:
    """The consent's text (its buttons stay)."""
    await callback.answer()
    text = signup.legal.current(BIOMETRICS).text(_.locale)
    await shown.answer(text, parse_mode=None)


async def accept(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    signup: Signup,
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    await accept_consent(shown, state, _, user, signup)


async def replace(
    callback: CallbackQuery,
    callback_data: IdentityAction,
    shown: Message,
    state: FSMContext,
    _: Translator,
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    if not 0 <= callback_data.slot < len(SLOTS):  # forged: nothing to replace
        return
    check = await Check.load(state)
    check.slot, check.replacing = callback_data.slot, True
    await check.save(state)
    await ask_photo(shown, state, _)


async def send(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    identity: Identity,
) -> None:
    await callback.answer()
    await drop_buttons(shown)
    check = await Check.load(state)
    profile = await profiles.of(user)
    photos = [photo for photo in check.photos if photo is not None]
    if profile is None or len(photos) < len(check.photos):
        await state.clear()
        return
    try:
        await identity.submit(profile, check.number, photos, relation=check.relation)
    except CheckOpen as refused:  # filed meanwhile (another instance): still one at a time
        await tell_check_open(shown, state, _, check.number, refused.check)
        return
    await state.clear()
    await shown.answer(_("identity-sent"))


async def stale(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("button-stale"), show_alert=True)
