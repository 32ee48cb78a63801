"""The identity check, the person's side: offered when a typed policy number is not provably the
person's (or names someone else, or another account holds it). A separate biometric consent, three
photos (each replaceable), then the request goes to the desk, even for a number the roster does
not have (the operator sees that and rejects it: the person is never told by the bot which numbers
exist); the answer comes as a notification."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.keyboards import drop_buttons, inline
from bot.common.photos import photo_file_id
from bot.features import Feature, Job
from bot.filters import private_only
from bot.fsm.dialogues import Dialogue
from bot.fsm.identity import IdentityAction, IdentitySteps
from bot.fsm.policies import PolicyLink
from core.i18n import Catalogue, Translator
from core.identity import SLOTS, CheckOpen, Identity
from core.legal import BIOMETRICS
from core.profile import Profiles
from core.services import Services
from core.signup import Signup
from storage.models import IdentityCheck, Profile, User


def button(
    _: Translator, key: str, action: str, slot: int = 0, **params: object
) -> tuple[str, str]:
    return _(key, **params), IdentityAction(action=action, slot=slot).pack()


async def offer(
    message: Message,
    state: FSMContext,
    _: Translator,
    number: str,
    reason: str,
    identity: Identity,
    profile: Profile,
) -> None:
    """Called when a typed number did not link: `reason` is the text saying why (it offers the
    check). Only the number is kept in the dialogue: whether such a policy exists is looked up
    when the check is sent, so nothing here depends on it. While an earlier check of theirs
    waits for the operators, none is offered: the person is told to wait for its answer."""
    waiting = await identity.open_check(profile)
    if waiting is not None:
        await tell_check_open(message, state, _, number, waiting)
        return
    await state.set_state(IdentitySteps.offer)
    await state.set_data({"number": number, "reason": reason, "photos": [None] * 3})
    await show_offer(message, state, _)


async def tell_check_open(
    message: Message, state: FSMContext, _: Translator, number: str, waiting: IdentityCheck
) -> None:
    await state.clear()
    text = _("identity-open", number=number, check=waiting.id, policy=waiting.policy_number)
    await message.answer(text)


async def show_offer(message: Message, state: FSMContext, _: Translator) -> None:
    data = await state.get_data()
    rows = [
        [button(_, "identity-start", "start")],
        [button(_, "identity-other-number", "renumber")],
        [button(_, "identity-cancel", "cancel")],
    ]
    reason = data.get("reason", "policies-unconfirmed")
    await message.answer(_(reason, number=data["number"]), reply_markup=inline(rows))


async def ask_consent(message: Message, state: FSMContext, _: Translator, signup: Signup) -> None:
    await state.set_state(IdentitySteps.consent)
    version = signup.legal.current(BIOMETRICS).version
    rows = [[button(_, "identity-read", "read")], [button(_, "identity-accept", "accept")]]
    await message.answer(_("identity-consent", version=version), reply_markup=inline(rows))


async def ask_photo(message: Message, state: FSMContext, _: Translator) -> None:
    data = await state.get_data()
    slot = data.get("slot", 0)
    await state.set_state(IdentitySteps.photo)
    await message.answer(_(f"identity-slot-{SLOTS[slot]}"))


async def show_review(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(IdentitySteps.review)
    rows = [[button(_, "identity-replace", "replace", n, number=n + 1) for n in range(3)]]
    rows.append([button(_, "identity-send", "send")])
    await message.answer(_("identity-review"), reply_markup=inline(rows))


async def on_photo(message: Message, state: FSMContext, _: Translator) -> None:
    file_id = photo_file_id(message)
    if file_id is None:
        await message.answer(_("identity-bad-file"))
        return
    data = await state.get_data()
    photos, slot = list(data["photos"]), data.get("slot", 0)
    photos[slot] = file_id
    missing = [n for n, photo in enumerate(photos) if photo is None]
    await state.update_data(photos=photos, slot=missing[0] if missing else slot)
    if missing and not data.get("replacing"):
        await ask_photo(message, state, _)
    else:
        await state.update_data(replacing=False)
        await show_review(message, state, _)


async def on_consent_text(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    signup: Signup,
) -> None:
    if catalogue.matches("identity-accept", message.text):
        await signup.accept(user, BIOMETRICS)
        await state.update_data(slot=0)
        await ask_photo(message, state, _)
        return
    await message.answer(_("identity-need-consent"))


STEP_OF = {
    "start": IdentitySteps.offer,
    "cancel": IdentitySteps.offer,
    "renumber": IdentitySteps.offer,
    "read": IdentitySteps.consent,
    "accept": IdentitySteps.consent,
    "replace": IdentitySteps.review,
    "send": IdentitySteps.review,
}


async def pressed(
    callback: CallbackQuery,
    callback_data: IdentityAction,
    state: FSMContext,
    raw_state: str | None,
    _: Translator,
    user: User,
    signup: Signup,
    profiles: Profiles,
    identity: Identity,
) -> None:
    step = STEP_OF.get(callback_data.action)
    message = callback.message
    if step is None or raw_state != step.state or not isinstance(message, Message):
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    action = callback_data.action
    if action == "read":
        text = signup.legal.current(BIOMETRICS).text(_.locale)
        await message.answer(text, parse_mode=None)
        return
    await drop_buttons(message)
    if action == "start":
        await ask_consent(message, state, _, signup)
    elif action == "cancel":
        await state.clear()
        await message.answer(_("identity-cancelled"))
    elif action == "renumber":  # a typo in the number: back to the number step of «Мои полисы»
        await state.clear()
        await state.set_state(PolicyLink.number)
        await message.answer(_("policies-ask-again"))
    elif action == "accept":
        await signup.accept(user, BIOMETRICS)
        await state.update_data(slot=0)
        await ask_photo(message, state, _)
    elif action == "replace" and 0 <= callback_data.slot < len(SLOTS):
        await state.update_data(slot=callback_data.slot, replacing=True)
        await ask_photo(message, state, _)
    elif action == "send":
        data = await state.get_data()
        profile = await profiles.of(user)
        if profile is None or None in data["photos"]:
            await state.clear()
            return
        try:
            await identity.submit(profile, data["number"], data["photos"])
        except CheckOpen as refused:  # filed meanwhile (another instance): still one at a time
            await tell_check_open(message, state, _, data["number"], refused.check)
            return
        await state.clear()
        await message.answer(_("identity-sent"))


async def reprompt(
    message: Message, raw_state: str, state: FSMContext, _: Translator, signup: Signup
) -> None:
    if raw_state == IdentitySteps.consent.state:
        await ask_consent(message, state, _, signup)
    elif raw_state == IdentitySteps.photo.state:
        await ask_photo(message, state, _)
    elif raw_state == IdentitySteps.review.state:
        await show_review(message, state, _)
    else:
        await show_offer(message, state, _)


async def begin_again(message: Message, state: FSMContext, _: Translator) -> None:
    """«Начать заново»: the check began with a policy, which went with the dialogue's data."""
    await state.clear()
    await message.answer(_("identity-cancelled"))


async def forget_files(_bot: Bot, services: Services) -> None:
    """IDENTITY_FILES_RETENTION after a decision the photos' file ids go (idempotent)."""
    async with services.db.unit_of_work():
        await services.identity.forget_files()


def feature() -> Feature:
    router = Router(name="identity")
    private_only(router)
    router.message.register(on_photo, StateFilter(IdentitySteps.photo), F.photo | F.document)
    router.message.register(
        on_consent_text, StateFilter(IdentitySteps.consent), F.text & ~F.text.startswith("/")
    )
    router.message.register(on_photo, StateFilter(IdentitySteps.photo), ~F.text.startswith("/"))
    router.callback_query.register(pressed, IdentityAction.filter())
    dialogue = Dialogue(
        states=IdentitySteps,
        title_key="identity-title",
        begin=begin_again,
        prompts={state: reprompt for state in IdentitySteps.__all_states__},
        buttons=frozenset({IdentityAction.__prefix__}),
    )
    return Feature(
        name="identity",
        router=router,
        dialogues=[dialogue],
        jobs=[Job("identity-files-forget", timedelta(hours=1), forget_files)],
    )
