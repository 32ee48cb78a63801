"""Ask the PIN, then go on: the one way a screen that the PIN guards asks for it.

A screen calls `guard` with its dialogue's PIN step and what follows the PIN (`then`): without a
PIN set it goes on at once (`guard` returns True); with one, the PIN step asks for it. There,
`passed` reads what was typed: the message leaves the chat, a wrong PIN counts towards the lock
(core/profile.py), a lock is told with its end in the person's time zone, and a right PIN gives
back what was to follow it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message

from core.i18n import Translator
from core.profile import PinLocked, Profiles, WrongPin
from core.settings import Settings
from storage.models import Profile, User

logger = logging.getLogger(__name__)


async def forget(message: Message) -> None:
    """A message with a PIN never stays in the chat."""
    try:
        await message.delete()
    except TelegramBadRequest as error:  # already gone: nothing more to do
        logger.info("PIN message not deleted: %s", error.message)


def lock_time(until: datetime, user: User, settings: Settings) -> str:
    zone = ZoneInfo(user.time_zone) if user.time_zone else settings.timezone
    return f"{until.astimezone(zone):%d.%m.%Y %H:%M}"


async def pin_checked(
    message: Message,
    profile: Profile,
    profiles: Profiles,
    _: Translator,
    user: User,
    settings: Settings,
) -> bool:
    """The typed PIN is right; otherwise the person was told why not. Text that is no PIN at
    all (not digits) is not counted as a wrong one."""
    if not (message.text or "").strip().isdigit():
        await message.answer(_("profile-pin-expected"))
        return False
    await forget(message)
    try:
        await profiles.check_pin(profile, (message.text or "").strip())
    except WrongPin as error:
        await message.answer(_("profile-pin-wrong", left=error.tries_left))
        return False
    except PinLocked as error:
        await message.answer(_("profile-pin-locked", until=lock_time(error.until, user, settings)))
        return False
    return True


async def guard(
    message: Message, state: FSMContext, profile: Profile, step: State, then: str, ask: str
) -> bool:
    """True: no PIN is set, go on at once. Otherwise the PIN `step` asks for it (`ask`, the
    prompt) and remembers `then`, what `passed` gives back once the right PIN is typed."""
    if profile.pin_hash is None:
        return True
    await state.set_state(step)
    await state.set_data({"then": then})
    await message.answer(ask)
    return False


async def passed(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profile: Profile,
    profiles: Profiles,
    settings: Settings,
) -> str | None:
    """What was to follow the PIN ("" where the step remembers nothing), once the typed PIN
    is right; None otherwise, the person told why."""
    then = str((await state.get_data()).get("then", ""))
    if profile.pin_hash is None:  # removed meanwhile (another device): nothing to check
        await forget(message)
        return then
    if not await pin_checked(message, profile, profiles, _, user, settings):
        return None
    return then
