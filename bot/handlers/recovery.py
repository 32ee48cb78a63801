"""Access recovery (flow 2): `/recover`, or «🔑 Восстановить доступ» when sign-up meets a contact
that belongs to an account. A code to each contact on file, then the PIN when one is set; the
profile moves here and the old account is told at once, with «Это не я»."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.codes import too_many
from bot.common.keyboards import drop_buttons, inline
from bot.common.screens import show_main_menu
from bot.features import Feature, Menu
from bot.filters import private_only
from bot.fsm.dialogues import Dialogue
from bot.fsm.recovery import Recover, RecoverAction
from bot.fsm.signup import SignUp
from bot.pin import forget, pin_checked
from core.codes import Channel, CodeExpired, CodeLocked, NoCode, TooMany, TooSoon, WrongCode
from core.desk import Desk
from core.gateways import DeliveryFailed
from core.i18n import Translator
from core.masking import mask_email, mask_phone
from core.notifications import Intent
from core.people import Invalid, normalize_email, normalize_phone
from core.profile import Profiles
from core.recovery import CARD_TRIES, Recoveries, RecoveryRefused
from core.settings import Settings
from core.signup import Signup
from storage.models import Profile, User

PURPOSE = {Channel.EMAIL: "recover-email", Channel.SMS: "recover-phone"}


def masked(channel: Channel, address: str) -> str:
    return mask_email(address) if channel is Channel.EMAIL else mask_phone(address)


async def ask_contact(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(Recover.contact)
    await message.answer(_("recovery-ask-contact"))


async def begin(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_data({})
    await ask_contact(message, state, _)


async def send(
    message: Message, state: FSMContext, _: Translator, signup: Signup, user: User, key: str
) -> None:
    """Send a code to the current contact and wait for it."""
    data = await state.get_data()
    channel, address = Channel(data["current"][0]), data["current"][1]
    try:
        await signup.send_code(user, channel, address, _, PURPOSE[channel])
    except TooSoon as error:
        await message.answer(_("signup-resend-wait", seconds=error.seconds))
        return
    except TooMany as error:
        await message.answer(too_many(_, error, signup.settings.hotline_phone))
        return
    except DeliveryFailed:
        failed = "signup-mail-failed" if channel is Channel.EMAIL else "signup-sms-failed"
        await message.answer(_(failed), reply_markup=resend_button(_))
        return
    await state.set_state(Recover.code)
    await message.answer(
        _(key, address=masked(channel, address) if data.get("profile") else address),
        reply_markup=resend_button(_),
    )


def resend_button(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("signup-resend"), RecoverAction(action="resend").pack())]])


async def on_contact(
    message: Message, state: FSMContext, _: Translator, signup: Signup, user: User
) -> None:
    typed = (message.text or "").strip()
    try:
        if "@" in typed:
            current = (Channel.EMAIL.value, normalize_email(typed))
        else:
            current = (Channel.SMS.value, normalize_phone(typed))
    except Invalid:
        await message.answer(_("recovery-bad-contact"))
        return
    await state.update_data(current=current, proven=[])
    # The same answer whether or not the contact is known: nobody learns who is registered.
    await send(message, state, _, signup, user, "recovery-code-sent")


async def on_code(
    message: Message,
    state: FSMContext,
    _: Translator,
    signup: Signup,
    user: User,
    recoveries: Recoveries,
    settings: Settings,
    menu: Menu,
) -> None:
    data = await state.get_data()
    channel, address = Channel(data["current"][0]), data["current"][1]
    digits = "".join((message.text or "").split())
    if not (digits.isdigit() and len(digits) == 6):
        await message.answer(_("signup-code-format"))
        return
    try:
        await signup.codes.verify(user.id, PURPOSE[channel], address, digits)
    except WrongCode as error:
        await message.answer(_("signup-code-wrong", left=error.tries_left))
        return
    except CodeLocked:
        await message.answer(_("signup-code-locked"), reply_markup=resend_button(_))
        return
    except CodeExpired:
        await message.answer(_("signup-code-expired"), reply_markup=resend_button(_))
        return
    except NoCode:
        await message.answer(_("signup-code-missing"), reply_markup=resend_button(_))
        return
    await proven(message, state, _, signup, user, recoveries, settings, menu, channel, address)


async def proven(
    message: Message,
    state: FSMContext,
    _: Translator,
    signup: Signup,
    user: User,
    recoveries: Recoveries,
    settings: Settings,
    menu: Menu,
    channel: Channel,
    address: str,
) -> None:
    """One contact proven: find the profile (first time), then the next proof, or the move."""
    data = await state.get_data()
    done = {tuple(p) for p in data.get("proven", [])} | {(channel.value, address)}
    profile = await find_profile(
        message, state, _, recoveries, user, settings, data, channel, address
    )
    if profile is None:
        return
    await state.update_data(proven=sorted(done), profile=profile.id)
    left = [
        p for p in recoveries.proofs_needed(profile) if (p.channel.value, p.address) not in done
    ]
    if left:
        await state.update_data(current=(left[0].channel.value, left[0].address))
        await send(message, state, _, signup, user, "recovery-next-code")
    elif profile.pin_hash is not None:
        await state.set_state(Recover.pin)
        await message.answer(_("recovery-ask-pin"))
    elif await recoveries.needs_card(profile):
        await state.set_state(Recover.card)
        await message.answer(_("recovery-ask-card"))
    else:
        await move(message, state, _, user, recoveries, settings, menu, profile)


async def find_profile(
    message: Message,
    state: FSMContext,
    _: Translator,
    recoveries: Recoveries,
    user: User,
    settings: Settings,
    data: dict[str, object],
    channel: Channel,
    address: str,
) -> Profile | None:
    if data.get("profile"):
        profile = await recoveries.db.session.get(Profile, data["profile"])
    else:
        profile = await recoveries.profile_by_contact(channel, address)
    if profile is None:
        await state.clear()
        await message.answer(_("recovery-not-found"))
        return None
    try:
        await recoveries.check_allowed(profile, user)
    except RecoveryRefused as refused:
        await state.clear()
        await message.answer(_(f"recovery-{refused.reason}", phone=settings.hotline_phone))
        return None
    return profile


async def move(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    recoveries: Recoveries,
    settings: Settings,
    menu: Menu,
    profile: Profile,
) -> None:
    try:
        await recoveries.move(profile, user)
    except RecoveryRefused as refused:
        await state.clear()
        await message.answer(_(f"recovery-{refused.reason}", phone=settings.hotline_phone))
        return
    await state.clear()
    text = _("recovery-done", name=profile.first_name)
    await show_main_menu(message, _, menu.for_person(True), text)


async def on_pin(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    recoveries: Recoveries,
    profiles: Profiles,
    settings: Settings,
    menu: Menu,
) -> None:
    profile_id = (await state.get_data()).get("profile")
    profile = await recoveries.db.session.get(Profile, profile_id) if profile_id else None
    if profile is None:
        await forget(message)
        await state.clear()
        return
    if await pin_checked(message, profile, profiles, _, user, settings):
        await move(message, state, _, user, recoveries, settings, menu, profile)


async def on_card(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    recoveries: Recoveries,
    settings: Settings,
    menu: Menu,
) -> None:
    """The bound card's last four digits and expiry month: the proof when there is no PIN."""
    data = await state.get_data()
    profile = (
        await recoveries.db.session.get(Profile, data["profile"]) if data.get("profile") else None
    )
    if profile is None:
        await state.clear()
        return
    matches = await recoveries.card_matches(profile, message.text or "")
    if matches is None:
        await message.answer(_("recovery-card-format"))
        return
    if not matches:
        tries = int(data.get("card_tries", 0)) + 1
        if tries >= CARD_TRIES:
            await state.clear()
            await message.answer(_("recovery-card-locked", phone=settings.hotline_phone))
            return
        await state.update_data(card_tries=tries)
        await message.answer(_("recovery-card-wrong", left=CARD_TRIES - tries))
        return
    await move(message, state, _, user, recoveries, settings, menu, profile)


async def pressed(
    callback: CallbackQuery,
    callback_data: RecoverAction,
    state: FSMContext,
    raw_state: str | None,
    _: Translator,
    signup: Signup,
    user: User,
    recoveries: Recoveries,
    settings: Settings,
    menu: Menu,
) -> None:
    if not isinstance(callback.message, Message):
        await callback.answer()
        return
    message = callback.message
    data = await state.get_data()
    if (
        callback_data.action == "start"
        and data.get("taken")
        and raw_state
        in {
            SignUp.email.state,
            SignUp.phone.state,
        }
    ):
        # From sign-up: the contact's code was just confirmed there; it counts as proof.
        await callback.answer()
        channel, address = Channel(data["taken"][0]), data["taken"][1]
        await state.set_state(Recover.code)
        await state.set_data({"current": [channel.value, address], "proven": []})
        await proven(message, state, _, signup, user, recoveries, settings, menu, channel, address)
    elif (
        callback_data.action == "resend"
        and raw_state in {Recover.code.state, Recover.contact.state}
        and data.get("current")
    ):
        await callback.answer()
        key = "recovery-next-code" if data.get("profile") else "recovery-code-sent"
        await send(message, state, _, signup, user, key)
    else:
        await callback.answer(_("button-stale"), show_alert=True)


async def not_me(
    callback: CallbackQuery,
    user: User,
    recoveries: Recoveries,
    desk: Desk,
    _: Translator,
    settings: Settings,
) -> None:
    """«Это не я» on the old account's notice; it names a recovery, which must be this
    person's own (a forged number changes nothing). The incident goes to the desk."""
    recovery_id = int((callback.data or "").removeprefix("rcv:") or 0)
    incident = await recoveries.dispute(recovery_id, user)
    if incident is None:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await desk.post_incident(incident)
    await callback.answer()
    if isinstance(callback.message, Message):
        await drop_buttons(callback.message)
        await callback.message.answer(_("recovery-disputed", phone=settings.hotline_phone))


async def reprompt(message: Message, raw_state: str, state: FSMContext, _: Translator) -> None:
    if raw_state == Recover.contact.state:
        await message.answer(_("recovery-ask-contact"))
    elif raw_state == Recover.code.state:
        await message.answer(_("signup-code-format"), reply_markup=resend_button(_))
    elif raw_state == Recover.pin.state:
        await message.answer(_("recovery-ask-pin"))
    elif raw_state == Recover.card.state:
        await message.answer(_("recovery-ask-card"))


def feature() -> Feature:
    router = Router(name="recovery")
    private_only(router)
    router.message.register(begin, Command("recover"))
    text = F.text & ~F.text.startswith("/")
    router.message.register(on_contact, StateFilter(Recover.contact), text)
    router.message.register(on_code, StateFilter(Recover.code), text)
    router.message.register(on_pin, StateFilter(Recover.pin), text)
    router.message.register(on_card, StateFilter(Recover.card), text)
    router.callback_query.register(pressed, RecoverAction.filter())
    router.callback_query.register(not_me, F.data.regexp(r"^rcv:\d{1,18}$"))
    dialogue = Dialogue(
        states=Recover,
        title_key="recovery-title",
        begin=begin,
        prompts={state: reprompt for state in Recover.__all_states__},
        buttons=frozenset({RecoverAction.__prefix__}),
        needs_profile=False,
    )
    return Feature(
        name="recovery",
        router=router,
        dialogues=[dialogue],
        intents={
            Intent.RECOVER: lambda ref: RecoverAction(action="start").pack(),
            Intent.NOT_MY_RECOVERY: lambda ref: f"rcv:{ref}",
        },
    )
