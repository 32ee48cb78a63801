"""The proofs: a code to each contact on file (the first one found the profile), then the PIN, or
without one a bound card; then the profile moves to this account."""

from __future__ import annotations

from bot.codes import too_many
from bot.common.screens import show_main_menu
from bot.features.recovery import keyboards, views
from bot.features.recovery.attempt import Attempt
from bot.features.recovery.dialogue import RecoveryData
from bot.features.recovery.states import Recover
from core.codes import Channel, TooMany, TooSoon
from core.gateways import DeliveryFailed
from core.recovery import RecoveryRefused
from storage.models import Profile

PURPOSE = {Channel.EMAIL: "recover-email", Channel.SMS: "recover-phone"}  # the codes'


async def send(attempt: Attempt, key: str) -> None:
    """Send a code to the current contact and wait for it (`key`: what the bot says it did)."""
    _ = attempt._
    data = await attempt.data()
    channel, address = data.contact()
    try:
        await attempt.signup.send_code(attempt.user, channel, address, _, PURPOSE[channel])
    except TooSoon as error:
        await attempt.say("signup-resend-wait", seconds=error.seconds)
        return
    except TooMany as error:
        await attempt.message.answer(too_many(_, error, attempt.settings.hotline_phone))
        return
    except DeliveryFailed:
        await attempt.message.answer(
            views.delivery_failed(_, channel), reply_markup=keyboards.resend(_)
        )
        return
    await attempt.state.set_state(Recover.code)
    known = bool(data.profile)
    await attempt.message.answer(
        views.code_sent(_, key, channel, address, known=known), reply_markup=keyboards.resend(_)
    )


async def proven(attempt: Attempt, channel: Channel, address: str) -> None:
    """One contact proven: find the profile (first time), then the next proof, or the move."""
    data = await attempt.data()
    done = {tuple(p) for p in data.proven} | {(channel.value, address)}
    profile = await find_profile(attempt, data, channel, address)
    if profile is None:
        return
    data.proven, data.profile = [list(p) for p in sorted(done)], profile.id
    left = [
        p
        for p in attempt.recoveries.proofs_needed(profile)
        if (p.channel.value, p.address) not in done
    ]
    if left:
        data.current = [left[0].channel.value, left[0].address]
        await data.save(attempt.state)
        await send(attempt, "recovery-next-code")
        return
    await data.save(attempt.state)
    if profile.pin_hash is not None:
        await attempt.state.set_state(Recover.pin)
        await attempt.say("recovery-ask-pin")
    elif await attempt.recoveries.needs_card(profile):
        await attempt.state.set_state(Recover.card)
        await attempt.say("recovery-ask-card")
    else:
        await move(attempt, profile)


async def find_profile(
    attempt: Attempt, data: RecoveryData, channel: Channel, address: str
) -> Profile | None:
    if data.profile:
        profile = await attempt.profile(data)
    else:
        profile = await attempt.recoveries.profile_by_contact(channel, address)
    if profile is None:
        await attempt.end("recovery-not-found")
        return None
    try:
        await attempt.recoveries.check_allowed(profile, attempt.user)
    except RecoveryRefused as refused:
        await attempt.end(f"recovery-{refused.reason}", phone=attempt.settings.hotline_phone)
        return None
    return profile


async def move(attempt: Attempt, profile: Profile) -> None:
    try:
        await attempt.recoveries.move(profile, attempt.user)
    except RecoveryRefused as refused:
        await attempt.end(f"recovery-{refused.reason}", phone=attempt.settings.hotline_phone)
        return
    await attempt.state.clear()
    _ = attempt._
    text = _("recovery-done", name=profile.first_name)
    await show_main_menu(attempt.message, _, attempt.menu.for_person(True), text)
