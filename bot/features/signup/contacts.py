"""The e-mail and the phone: the consents that come before them, a code sent and checked, and a
contact confirmed (or found to be an account's already)."""

from __future__ import annotations

from aiogram.types import ReplyKeyboardRemove

from bot.codes import too_many
from bot.features.signup import keyboards, views
from bot.features.signup.states import SignUp
from bot.features.signup.step import Step
from core.codes import Channel, CodeExpired, CodeLocked, NoCode, TooMany, TooSoon, WrongCode
from core.gateways import DeliveryFailed
from core.legal import PERSONAL_DATA, TERMS
from core.notifications import Intent

PURPOSES = {Channel.EMAIL: "signup-email", Channel.SMS: "signup-phone"}  # the codes'
CODE_STEPS = {Channel.EMAIL: SignUp.email_code, Channel.SMS: SignUp.phone_code}
ADDRESS_STEPS = {Channel.EMAIL: SignUp.email, Channel.SMS: SignUp.phone}


def channel_of(raw_state: str | None) -> Channel:
    """The channel a contact step (its address, or its code) is about."""
    email = {SignUp.email.state, SignUp.email_code.state}
    return Channel.EMAIL if raw_state in email else Channel.SMS


async def accept(step: Step, *, terms: bool) -> None:
    await step.signup.accept(step.user, TERMS if terms else PERSONAL_DATA)
    data = await step.data()
    if not terms and data.invite_email:
        # From an invitation: the roster's address, still confirmed by a code ("Другой адрес"
        # is one press away).
        data.email, data.email_confirmed = data.invite_email, False
        await data.save(step.state)
        await send_code(step, Channel.EMAIL, data.invite_email)
        return
    await step.advance(SignUp.terms if terms else SignUp.personal_data)


async def send_code(step: Step, channel: Channel, address: str) -> None:
    """Send a code to `address` and show the code step, or say why it did not go."""
    _ = step._
    try:
        await step.signup.send_code(step.user, channel, address, _)
    except TooSoon as error:
        await step.refuse("signup-resend-wait", seconds=error.seconds)
        return
    except TooMany as error:
        await step.message.answer(too_many(_, error, step.settings.hotline_phone))
        return
    except DeliveryFailed:
        other = views.other_address_key(channel)
        await step.message.answer(
            views.delivery_failed(_, channel), reply_markup=keyboards.code_sent(_, other)
        )
        return
    await step.go(CODE_STEPS[channel])


async def check_code(step: Step, channel: Channel, typed: str) -> bool:
    """True when `typed` is the code; otherwise the person has been told what is wrong."""
    data = await step.data()
    address = data.email if channel is Channel.EMAIL else data.phone
    assert address is not None  # the code step follows its address
    digits = "".join(typed.split())
    if not (digits.isdigit() and len(digits) == 6):
        await step.refuse("signup-code-format")
        return False
    try:
        await step.signup.codes.verify(step.user.id, PURPOSES[channel], address, digits)
    except WrongCode as error:
        await step.refuse("signup-code-wrong", left=error.tries_left)
    except CodeLocked:
        await step.refuse("signup-code-locked")
    except CodeExpired:
        await step.refuse("signup-code-expired")
    except NoCode:
        await step.refuse("signup-code-missing")
    else:
        return True
    return False


async def contact_confirmed(step: Step, channel: Channel) -> None:
    """The address is confirmed: on to the next step, unless an account already has it (only
    now may the bot say so: before, anyone could probe which addresses are registered)."""
    data = await step.data()
    address = data.email if channel is Channel.EMAIL else data.phone
    assert address is not None
    taken = (  # by someone else: one's own address, re-entered in an edit, is no news
        await step.signup.email_taken(address, step.user)
        if channel is Channel.EMAIL
        else await step.signup.phone_taken(address, step.user)
    )
    if taken:
        await step.go(ADDRESS_STEPS[channel])
        # Proven just now: «Восстановить доступ» may count this code as the first proof.
        data.taken = [channel.value, address]
        await data.save(step.state)
        recover = step.intents.pack(Intent.RECOVER)
        await step.message.answer(
            views.taken(step._, channel),
            reply_markup=keyboards.taken(step._, recover, views.other_address_key(channel)),
        )
        return
    if channel is Channel.EMAIL:
        data.email_confirmed = True
    else:
        data.phone_confirmed = True
    await data.save(step.state)
    # The «Поделиться номером» keyboard has done its job (the menu returns at the end).
    keyboard = ReplyKeyboardRemove() if channel is Channel.SMS else None
    await step.message.answer(views.confirmed(step._, channel, address), reply_markup=keyboard)
    await step.advance(SignUp.email_code if channel is Channel.EMAIL else SignUp.phone)
