"""The section's buttons, one handler per action. Each is registered behind `MemberPress` (and
`Held` where it names a policy): a press by someone not signed up, on a message gone, naming a
policy not theirs, or with an action that does not exist, gets `stale`."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.intents import Intents
from bot.common.profile import Members
from bot.documents import Documents
from bot.features.policies import screens
from bot.features.policies.callbacks import PolicyAction
from bot.features.policies.steps import ask_number, show_section
from core.clock import Clock
from core.family import Family
from core.i18n import Translator
from core.policies import Policies
from core.profile import Profiles
from core.settings import Settings
from storage.models import Policy, Profile, User


async def show_list(
    callback: CallbackQuery,
    callback_data: PolicyAction,
    shown: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    policies: Policies,
    family: Family,
    clock: Clock,
    settings: Settings,
) -> None:
    """«Назад к полисам» from a card (`policy`: the card's, whose person's list it goes back to)
    or an older button naming none (the question again, when the account has a family)."""
    await callback.answer()
    whom = await family.patient_of_policy(profile, callback_data.policy)
    if whom is None:
        await show_section(shown, state, _, profile, policies, family, clock, settings)
        return
    on = screens.today(clock, settings)
    await screens.show_list(shown, state, _, profile, policies, on, whom)


async def add(
    callback: CallbackQuery,
    shown: Message,
    state: FSMContext,
    _: Translator,
    members: Members,
    user: User,
    profiles: Profiles,
) -> None:
    await callback.answer()
    await ask_number(shown, state, _, members, user, profiles)


async def show_card(
    callback: CallbackQuery,
    shown: Message,
    _: Translator,
    intents: Intents,
    policy: Policy,
    policies: Policies,
    clock: Clock,
    settings: Settings,
) -> None:
    await callback.answer()
    await screens.show_card(shown, _, intents, policy, policies, screens.today(clock, settings))


async def show_program(
    callback: CallbackQuery, shown: Message, _: Translator, policy: Policy, policies: Policies
) -> None:
    await callback.answer()
    await screens.show_program(shown, _, policy, policies)


async def show_services(
    callback: CallbackQuery, shown: Message, _: Translator, policy: Policy, policies: Policies
) -> None:
    await callback.answer()
    await screens.show_services(shown, _, policy, policies, 0, edit=False)


async def turn_page(
    callback: CallbackQuery,
    callback_data: PolicyAction,
    shown: Message,
    _: Translator,
    policy: Policy,
    policies: Policies,
) -> None:
    await callback.answer()
    await screens.show_services(shown, _, policy, policies, callback_data.page, edit=True)


async def send_copies(
    callback: CallbackQuery,
    shown: Message,
    _: Translator,
    policy: Policy,
    policies: Policies,
    settings: Settings,
    documents: Documents,
    received_at: float,
) -> None:
    copies = (callback.from_user.id, "policy-copies", policy.id)
    if documents.made_since(copies, received_at):
        await callback.answer(_("policy-pdf-just-sent"))  # pressed again while it was made
        return
    await callback.answer()
    await screens.send_copies(shown, _, policy, policies, settings, documents)
    documents.sent(copies)


async def stale(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("button-stale"), show_alert=True)
