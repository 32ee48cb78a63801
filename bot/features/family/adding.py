"""«➕ Добавить члена семьи»: the member's policy number, typed. One the roster ties to a policy
the person holds is added at once (`Policies.link_member`); any other goes through the identity
check (bot/features/identity) once the person says who the member is to them: its third photo is
then the relation's document. Whether the number exists, or whose it is, is never told by the
answer: every number not added at once leads to the same question. One handler per step, then
the buttons."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.common.dialogue_data import DialogueData
from bot.common.entries import IDENTITY_OFFER, Entries
from bot.common.keyboards import drop_buttons, inline
from bot.common.profile import Members
from bot.features.family import section
from bot.features.family.callbacks import Action, FamilyAction
from bot.features.family.states import FamilyAdd
from bot.features.policies.steps import NUMBER
from core.clock import Clock
from core.family import RELATIONS, Family
from core.i18n import Catalogue, Translator
from core.identity import Identity
from core.people import canonical_policy_number
from core.policies import LinkOutcome, LinkResult, Policies, TooManyLookups
from core.profile import Profiles
from core.settings import Settings
from core.typed import place_in_list, typed_relation
from storage.models import Profile, User

# What the person is told when the number was settled at once (`LinkOutcome.UNCONFIRMED`, the
# only other outcome, asks who the member is).
SETTLED = {
    LinkOutcome.LINKED: "family-linked",
    LinkOutcome.ALREADY_YOURS: "family-already",
    LinkOutcome.OWN: "family-own-policy",
    LinkOutcome.TERMINATED: "policies-terminated",
}


@dataclass
class Adding(DialogueData):
    """The number typed, as the person is shown it (`LinkResult.number`)."""

    number: str = ""


def relation_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [
            [
                (
                    _(f"family-relation-{relation}"),
                    FamilyAction(action=Action.RELATION, relation=relation).pack(),
                )
            ]
            for relation in RELATIONS
        ]
    )


async def ask_number(
    message: Message,
    state: FSMContext,
    _: Translator,
    members: Members,
    user: User,
    profiles: Profiles,
) -> None:
    """The step's prompt; also how the dialogue begins (the button, its label typed, «Начать
    заново»)."""
    if await profiles.of(user) is None:
        await state.clear()
        await members.offer_signup(message, state, _)
        return
    await state.set_state(FamilyAdd.number)
    await message.answer(_("family-ask-number"))


async def ask_again(message: Message, state: FSMContext, _: Translator) -> None:
    """`FAMILY_NUMBER_AGAIN`: the number step once more (the identity check's «Другой номер»)."""
    await state.set_state(FamilyAdd.number)
    await message.answer(_("family-ask-again"))


async def on_number(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    policies: Policies,
    family: Family,
    clock: Clock,
    settings: Settings,
    policy_lookup_counted: bool = False,
) -> None:
    """A member's number typed by someone signed up (`SignedUp`)."""
    typed = message.text or ""
    if not NUMBER.fullmatch(canonical_policy_number(typed)):
        await message.answer(_("policies-bad-number"))
        return
    try:
        result = await policies.link_member(profile, typed, counted=policy_lookup_counted)
    except TooManyLookups as error:
        await state.clear()
        phone = settings.hotline_phone
        await message.answer(_("policies-too-many", minutes=error.minutes, phone=phone))
        return
    if result.outcome is LinkOutcome.UNCONFIRMED:
        await Adding(number=result.number).save(state)
        await ask_relation(message, state, _)
        return
    await state.clear()
    await message.answer(settled_text(_, result, settings))
    if result.outcome is LinkOutcome.LINKED:
        await section.show(message, _, profile, family, clock, settings)


def settled_text(_: Translator, result: LinkResult, settings: Settings) -> str:
    policy = result.policy
    assert policy is not None  # told only of a policy the person may know of
    return _(
        SETTLED[result.outcome],
        number=result.number,
        name=policy.first_name,
        relation=policy.member_relation or "",
        phone=settings.hotline_phone,
    )


async def ask_relation(message: Message, state: FSMContext, _: Translator) -> None:
    """Who the member is to the person: the identity check's third photo is their document."""
    number = (await Adding.load(state)).number
    await state.set_state(FamilyAdd.relation)
    await message.answer(_("family-ask-relation", number=number), reply_markup=relation_keyboard(_))


async def on_relation_typed(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    profile: Profile,
    identity: Identity,
    entries: Entries,
) -> None:
    """«сын», «жена», «родитель», a button's label, or its place in the list."""
    text = message.text or ""
    relation = typed_relation(text)
    place = place_in_list(text, len(RELATIONS))
    if relation is None and place is not None:
        relation = RELATIONS[place]
    for each in RELATIONS:
        if relation is None and catalogue.matches(f"family-relation-{each}", text):
            relation = each
    if relation is None:
        await message.answer(_("family-relation-bad"), reply_markup=relation_keyboard(_))
        return
    await to_identity_check(message, state, _, profile, identity, entries, relation)


async def to_identity_check(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    identity: Identity,
    entries: Entries,
    relation: str,
) -> None:
    number = (await Adding.load(state)).number
    await state.clear()
    await entries.begin(
        IDENTITY_OFFER,
        message,
        state=state,
        _=_,
        number=number,
        reason="family-unconfirmed",
        identity=identity,
        profile=profile,
        relation=relation,
    )


async def profile_gone(state: FSMContext) -> None:
    """An answer typed after the profile went (erased, moved by recovery): the dialogue ends."""
    await state.clear()


# -- the buttons ------------------------------------------------------------------------------


async def add(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    members: Members,
    user: User,
    profiles: Profiles,
) -> None:
    """«➕ Добавить члена семьи» under the list."""
    await callback.answer()
    await ask_number(shown, state, _, members, user, profiles)


async def relation_pressed(
    callback: CallbackQuery,
    callback_data: FamilyAction,
    shown: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    identity: Identity,
    entries: Entries,
) -> None:
    """A relation's button, at the relation step only (`StateFilter`): a relation that is none
    of ours (forged) changes nothing."""
    if callback_data.relation not in RELATIONS:
        await stale(callback, _)
        return
    await callback.answer()
    await drop_buttons(shown)
    await to_identity_check(shown, state, _, profile, identity, entries, callback_data.relation)


async def stale(callback: CallbackQuery, _: Translator) -> None:
    """Not signed up, on a message gone, or not the step the button belongs to."""
    await callback.answer(_("button-stale"), show_alert=True)
