"""«📄 Мои полисы» from the menu, and linking a policy by its number (flow 3): one handler per
step, and the step others begin when a number did not link (`POLICY_NOT_LINKED`)."""

from __future__ import annotations

import re

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.entries import IDENTITY_OFFER, POLICIES_BEGIN, Entries
from bot.common.intents import Intents
from bot.common.profile import Members
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.family.whom import for_whom
from bot.features.policies import keyboards, views
from bot.features.policies.screens import show_card, show_list, today
from bot.features.policies.states import PolicyLink
from core.clock import Clock
from core.family import Family
from core.i18n import Translator
from core.identity import Identity
from core.people import canonical_policy_number
from core.policies import LinkOutcome, LinkResult, Policies, TooManyLookups
from core.profile import Profiles
from core.settings import Settings
from storage.models import Profile, User

NUMBER = re.compile(r"[0-9A-ZА-ЯЁ]{3,40}")

# What the person is told when the number linked (or was theirs already).
LINKED = {
    LinkOutcome.LINKED: "policies-linked",
    LinkOutcome.ALREADY_YOURS: "policies-already",
}
# What the person is told, with the identity check offered, when a number did not link.
WHY_NOT = {
    LinkOutcome.UNCONFIRMED: "policies-unconfirmed",
    LinkOutcome.MISMATCH: "policies-names-differ",
    LinkOutcome.HELD: "policies-held",
}


async def show_section(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    policies: Policies,
    family: Family,
    clock: Clock,
    settings: Settings,
) -> None:
    """/policies or «📄 Мои полисы» from someone signed up (`SignedUp`): «Для кого?» first when
    the account has family members, then that person's policies."""
    whom = await for_whom(message, state, _, family, profile, entry=POLICIES_BEGIN)
    if whom is not None:
        await show_list(message, state, _, profile, policies, today(clock, settings), whom)


async def begin_section(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    policies: Policies,
    family: Family,
    clock: Clock,
    settings: Settings,
) -> None:
    """`show_section` begun again once «Для кого?» is answered."""
    profile = await profiles.of(user)
    if profile is not None:
        await show_section(message, state, _, profile, policies, family, clock, settings)


async def offer_signup_first(
    message: Message, state: FSMContext, _: Translator, members: Members
) -> None:
    """/policies or «📄 Мои полисы» from anyone else."""
    await members.offer_signup(message, state, _)


async def ask_number(
    message: Message,
    state: FSMContext,
    _: Translator,
    members: Members,
    user: User,
    profiles: Profiles,
) -> None:
    """The step's prompt; also how the dialogue begins («➕ Добавить полис», «Начать заново»)."""
    profile = await profiles.of(user)
    if profile is None:
        await state.clear()
        await members.offer_signup(message, state, _)
        return
    await state.set_state(PolicyLink.number)
    await message.answer(views.ask_number(_, profile))


async def ask_again(message: Message, state: FSMContext, _: Translator) -> None:
    """`POLICY_NUMBER_AGAIN`: the number step once more, after a typo found in another step."""
    await state.set_state(PolicyLink.number)
    await message.answer(_("policies-ask-again"))


async def on_number(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    policies: Policies,
    clock: Clock,
    settings: Settings,
    intents: Intents,
    identity: Identity,
    entries: Entries,
    menu: Menu,
    policy_lookup_counted: bool = False,
) -> None:
    """A number typed by someone signed up (`SignedUp`): linked at once only when provably theirs,
    else the identity check is offered. (The junction of the section: the linked policy's card
    needs what a card needs, the rest what `tell_why_not_linked` is given.)"""
    typed = message.text or ""
    if not NUMBER.fullmatch(canonical_policy_number(typed)):
        await message.answer(_("policies-bad-number"))
        return
    try:
        result = await policies.link(profile, typed, counted=policy_lookup_counted)
    except TooManyLookups as error:
        await state.clear()
        phone = settings.hotline_phone
        await message.answer(_("policies-too-many", minutes=error.minutes, phone=phone))
        return
    await state.clear()
    if result.outcome in LINKED:
        assert result.policy is not None
        # With the menu as it is now: a co-payment policy brings «Франшиза и карта».
        linked = _(LINKED[result.outcome], number=result.number)
        if result.family:  # the roster's family of it came along
            names = ", ".join(
                _.plain("family-whom-member", name=p.first_name, relation=p.member_relation)
                for p in result.family
            )
            linked += "\n" + _("policies-linked-family", names=names)
        await show_main_menu(message, _, menu.for_person(True), linked)
        on = today(clock, settings)
        await show_card(message, _, intents, result.policy, policies, on)
    else:
        await tell_why_not_linked(message, state, _, result, settings, identity, profile, entries)


async def number_on_list(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    policies: Policies,
    clock: Clock,
    settings: Settings,
    intents: Intents,
    identity: Identity,
    entries: Entries,
    menu: Menu,
) -> None:
    """A policy number typed under «Мои полисы» (`NumberOnList`, `SignedUp`) without pressing
    «➕ Добавить полис»: as if pressed, then typed (counted as a look-up like any typed number)."""
    await state.set_state(PolicyLink.number)
    await on_number(
        message, state, _, profile, policies, clock, settings, intents, identity, entries, menu
    )


async def number_elsewhere(message: Message, _: Translator) -> None:
    """A policy number typed outside «Мои полисы» (right after sign-up, say): not looked up,
    but where it goes, one tap away."""
    await message.answer(_("policies-number-elsewhere"), reply_markup=keyboards.add_only(_))


async def profile_gone(state: FSMContext) -> None:
    """A number typed after the profile went (erased, moved by recovery): the dialogue ends."""
    await state.clear()


async def tell_why_not_linked(
    message: Message,
    state: FSMContext,
    _: Translator,
    result: LinkResult,
    settings: Settings,
    identity: Identity,
    profile: Profile,
    entries: Entries,
) -> None:
    """`POLICY_NOT_LINKED`: why the policy was not linked, and the identity check where it can
    help. What is said depends on what the person has proven: UNCONFIRMED (none such, or not
    provably theirs) is one answer whoever holds the number."""
    if result.outcome is LinkOutcome.TERMINATED:
        phone = settings.hotline_phone
        await message.answer(_("policies-terminated", number=result.number, phone=phone))
        return
    await entries.begin(
        IDENTITY_OFFER,
        message,
        state=state,
        _=_,
        number=result.number,
        reason=WHY_NOT[result.outcome],
        identity=identity,
        profile=profile,
    )
