"""The identity check, the person's side: offered when a typed policy number is not provably the
person's (or names someone else, or another account holds it). A separate biometric consent, three
photos (each replaceable), then the request goes to the desk, even for a number the roster does
not have (the operator sees that and rejects it: the person is never told by the bot which numbers
exist); the answer comes as a notification. One handler per step here, the buttons in
buttons.py.

A family member's policy («👨‍👩‍👧 Семья») goes the same way with the relation given: the third
photo is then the relation's document (a birth or marriage certificate) instead of the
registration page, which the operator compares with the person's passport and the policy."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.photos import photo_file_id
from bot.features.identity import keyboards
from bot.features.identity.dialogue import Check
from bot.features.identity.states import IdentitySteps
from core.i18n import Catalogue, Translator
from core.identity import RELATION_SLOT, SLOTS, Identity
from core.legal import BIOMETRICS
from core.signup import Signup
from storage.models import IdentityCheck, Profile, User


async def offer(
    message: Message,
    state: FSMContext,
    _: Translator,
    number: str,
    reason: str,
    identity: Identity,
    profile: Profile,
    relation: str | None = None,
) -> None:
    """`IDENTITY_OFFER`, begun when a typed number did not link: `reason` is the text saying why
    (it offers the check), `relation` a family member's (None: the person's own policy). Only
    the number is kept in the dialogue: whether such a policy exists is looked up when the check
    is sent, so nothing here depends on it. While an earlier check of theirs waits for the
    operators, none is offered: the person is told to wait for its answer."""
    waiting = await identity.open_check(profile)
    if waiting is not None:
        await tell_check_open(message, state, _, number, waiting)
        return
    await state.set_state(IdentitySteps.offer)
    await Check(number=number, reason=reason, relation=relation).save(state)
    await show_offer(message, state, _)


async def tell_check_open(
    message: Message, state: FSMContext, _: Translator, number: str, waiting: IdentityCheck
) -> None:
    await state.clear()
    text = _("identity-open", number=number, check=waiting.id, policy=waiting.policy_number)
    await message.answer(text)


async def show_offer(message: Message, state: FSMContext, _: Translator) -> None:
    check = await Check.load(state)
    text = _(check.reason, number=check.number, relation=check.relation or "")
    await message.answer(text, reply_markup=keyboards.offer(_))


async def ask_consent(message: Message, state: FSMContext, _: Translator, signup: Signup) -> None:
    await state.set_state(IdentitySteps.consent)
    version = signup.legal.current(BIOMETRICS).version
    await message.answer(_("identity-consent", version=version), reply_markup=keyboards.consent(_))


async def ask_photo(message: Message, state: FSMContext, _: Translator) -> None:
    check = await Check.load(state)
    await state.set_state(IdentitySteps.photo)
    slot = SLOTS[check.slot]
    if check.relation is not None and slot == RELATION_SLOT:
        await message.answer(_("family-slot-document", relation=check.relation))
        return
    await message.answer(_(f"identity-slot-{slot}"))


async def show_review(message: Message, state: FSMContext, _: Translator) -> None:
    check = await Check.load(state)
    await state.set_state(IdentitySteps.review)
    review = "identity-review" if check.relation is None else "family-identity-review"
    text = _(review, relation=check.relation or "")
    await message.answer(text, reply_markup=keyboards.review(_))


async def on_photo(message: Message, state: FSMContext, _: Translator) -> None:
    file_id = photo_file_id(message)
    if file_id is None:
        await message.answer(_("identity-bad-file"))
        return
    check = await Check.load(state)
    check.photos = [file_id if n == check.slot else p for n, p in enumerate(check.photos)]
    missing = [n for n, photo in enumerate(check.photos) if photo is None]
    if missing:
        check.slot = missing[0]
    if missing and not check.replacing:
        await check.save(state)
        await ask_photo(message, state, _)
    else:
        check.replacing = False
        await check.save(state)
        await show_review(message, state, _)


async def on_consent_text(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    signup: Signup,
) -> None:
    """«Даю согласие» typed (or its button's label sent) at the consent step."""
    if catalogue.matches("identity-accept", message.text):
        await accept_consent(message, state, _, user, signup)
        return
    await message.answer(_("identity-need-consent"))


async def accept_consent(
    message: Message, state: FSMContext, _: Translator, user: User, signup: Signup
) -> None:
    await signup.accept(user, BIOMETRICS)
    check = await Check.load(state)
    check.slot = 0
    await check.save(state)
    await ask_photo(message, state, _)


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
