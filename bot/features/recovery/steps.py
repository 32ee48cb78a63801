"""Recovery's typed answers: one handler per step (each gets its `Attempt` from AttemptMiddleware;
aiogram passes the message first), and how each step is asked again."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.features.recovery import keyboards
from bot.features.recovery.attempt import Attempt
from bot.features.recovery.dialogue import RecoveryData
from bot.features.recovery.proofs import PURPOSE, move, proven, send
from bot.features.recovery.states import Recover
from bot.pin import forget, pin_checked
from core.codes import Channel, CodeExpired, CodeLocked, NoCode, WrongCode
from core.i18n import Translator
from core.people import Invalid, normalize_email, normalize_phone
from core.profile import Profiles
from core.recovery import CARD_TRIES


async def begin(message: Message, state: FSMContext, _: Translator) -> None:
    """/recover, and /start's «Начать заново»."""
    await state.set_data({})
    await state.set_state(Recover.contact)
    await message.answer(_("recovery-ask-contact"))


async def with_confirmed_contact(message: Message, contact: list[str], **given: Any) -> None:
    """The entry RECOVERY_CONFIRMED_CONTACT (sign-up: a contact whose code was typed there is an
    account's): that contact is the first proof."""
    attempt = Attempt.of(message, given)
    channel, address = Channel(contact[0]), contact[1]
    await attempt.state.set_state(Recover.code)
    await RecoveryData(current=[channel.value, address]).save(attempt.state)
    await proven(attempt, channel, address)


async def on_contact(message: Message, attempt: Attempt) -> None:
    typed = (message.text or "").strip()
    try:
        if "@" in typed:
            current = [Channel.EMAIL.value, normalize_email(typed)]
        else:
            current = [Channel.SMS.value, normalize_phone(typed)]
    except Invalid:
        await attempt.say("recovery-bad-contact")
        return
    data = await attempt.data()
    data.current, data.proven = current, []
    await data.save(attempt.state)
    # The same answer whether or not the contact is known: nobody learns who is registered.
    await send(attempt, "recovery-code-sent")


async def on_code(message: Message, attempt: Attempt) -> None:
    _ = attempt._
    channel, address = (await attempt.data()).contact()
    digits = "".join((message.text or "").split())
    if not (digits.isdigit() and len(digits) == 6):
        await attempt.say("signup-code-format")
        return
    try:
        await attempt.signup.codes.verify(attempt.user.id, PURPOSE[channel], address, digits)
    except WrongCode as error:
        await attempt.say("signup-code-wrong", left=error.tries_left)
        return
    except CodeLocked:
        await message.answer(_("signup-code-locked"), reply_markup=keyboards.resend(_))
        return
    except CodeExpired:
        await message.answer(_("signup-code-expired"), reply_markup=keyboards.resend(_))
        return
    except NoCode:
        await message.answer(_("signup-code-missing"), reply_markup=keyboards.resend(_))
        return
    await proven(attempt, channel, address)


async def on_pin(message: Message, attempt: Attempt, profiles: Profiles) -> None:
    profile = await attempt.profile(await attempt.data())
    if profile is None:
        await forget(message)
        await attempt.state.clear()
        return
    if await pin_checked(message, profile, profiles, attempt._, attempt.user, attempt.settings):
        await move(attempt, profile)


async def on_card(message: Message, attempt: Attempt) -> None:
    """The bound card's last four digits and expiry month: the proof when there is no PIN."""
    data = await attempt.data()
    profile = await attempt.profile(data)
    if profile is None:
        await attempt.state.clear()
        return
    matches = await attempt.recoveries.card_matches(profile, message.text or "")
    if matches is None:
        await attempt.say("recovery-card-format")
        return
    if not matches:
        data.card_tries += 1
        if data.card_tries >= CARD_TRIES:
            await attempt.end("recovery-card-locked", phone=attempt.settings.hotline_phone)
            return
        await data.save(attempt.state)
        await attempt.say("recovery-card-wrong", left=CARD_TRIES - data.card_tries)
        return
    await move(attempt, profile)


async def reprompt(message: Message, raw_state: str, _: Translator) -> None:
    """Each step asked again (`Dialogue.prompts`)."""
    if raw_state == Recover.contact.state:
        await message.answer(_("recovery-ask-contact"))
    elif raw_state == Recover.code.state:
        await message.answer(_("signup-code-format"), reply_markup=keyboards.resend(_))
    elif raw_state == Recover.pin.state:
        await message.answer(_("recovery-ask-pin"))
    elif raw_state == Recover.card.state:
        await message.answer(_("recovery-ask-card"))
