"""«👨‍👩‍👧 Семья»: the family members whose policies the account holds (core/family.py), each with
their relation, age and policies, and «➕ Добавить члена семьи» (adding.py). Its text and buttons
are pure functions of the data and the person's language."""

from __future__ import annotations

from datetime import date

from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message

from bot.common.formats import day
from bot.common.keyboards import inline
from bot.common.profile import Members
from bot.features import MenuSection
from bot.features.family.callbacks import Action, FamilyAction
from core.clock import Clock, local_today
from core.family import Family, Patient
from core.i18n import Translator
from core.people import age_on
from core.policies import state_of
from core.settings import Settings
from storage.models import Policy, Profile

# Right after «Мои полисы» (and «Помощь за рубежом», shown to travellers only).
SECTION = MenuSection("menu-family", "help-section-family", order=105, audience="members")


def member_text(_: Translator, person: Patient, held: list[Policy], today: date) -> str:
    """A member: name, relation and age, then their policies, each to when it runs."""
    age = age_on(person.birth_date, today)
    lines = [_("family-member", name=person.full_name, relation=person.relation, age=age)]
    lines += [
        _(
            "family-member-policy",
            kind=_(f"policy-kind-{policy.kind}"),
            number=policy.printed_number,
            end=day(_, policy.end_date),
            state=_(f"policy-state-{state_of(policy, today)}"),
        )
        for policy in held
    ]
    return "\n".join(lines)


def listing_text(_: Translator, members: list[tuple[Patient, list[Policy]]], today: date) -> str:
    if not members:
        return _("family-empty")
    shown = [member_text(_, person, held, today) for person, held in members]
    return "\n\n".join([_("family-list"), *shown])


def add_keyboard(_: Translator) -> InlineKeyboardMarkup:
    return inline([[(_("family-add"), FamilyAction(action=Action.ADD).pack())]])


async def show(
    message: Message,
    _: Translator,
    profile: Profile,
    family: Family,
    clock: Clock,
    settings: Settings,
) -> None:
    """/family or «👨‍👩‍👧 Семья» from someone signed up (`SignedUp`); also after a member was
    added."""
    members = await family.listing(profile)
    today = local_today(clock, settings.timezone)
    await message.answer(listing_text(_, members, today), reply_markup=add_keyboard(_))


async def offer_signup_first(
    message: Message, state: FSMContext, _: Translator, members: Members
) -> None:
    """/family or «👨‍👩‍👧 Семья» from anyone else."""
    await members.offer_signup(message, state, _)
