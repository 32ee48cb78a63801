"""What «Мои полисы» shows: the list, a policy's card, its programme, its services, its copies.
Shown from the steps and from the buttons alike."""

from __future__ import annotations

from datetime import date

from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, Message

from bot.common.intents import Intents
from bot.documents import Documents
from bot.features.policies import keyboards, views
from core.clock import Clock, local_today
from core.family import Patient
from core.i18n import Translator
from core.latin import latin
from core.notifications import Intent
from core.policies import Policies, PolicyState, state_of
from core.settings import Settings
from storage.models import Policy, Profile


def today(clock: Clock, settings: Settings) -> date:
    """A policy's state is the insurer's: today where TIMEZONE is."""
    return local_today(clock, settings.timezone)


# The dialogue data's mark (outside any dialogue) that «Мои полисы» was the last thing shown: a
# policy number typed next is linked as if «➕ Добавить полис» had been pressed first.
ON_LIST = "policies-list"


async def show_list(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    policies: Policies,
    on: date,
    whom: Patient,
) -> None:
    """`whom`'s policies: the account's own person's, or a family member's (named above them)."""
    if await state.get_state() is None:
        await state.update_data(screen=ON_LIST)
    held = [p for p in await policies.of_profile(profile) if p.id in whom.policy_ids]
    if not held:
        await message.answer(_("policies-empty"), reply_markup=keyboards.add_only(_))
        return
    whose = "" if whom.own else _("policies-whose", name=whom.full_name) + "\n"
    await message.answer(
        whose + views.policy_list(_, held, on), reply_markup=keyboards.policy_list(_, held)
    )


async def show_card(
    message: Message,
    _: Translator,
    intents: Intents,
    policy: Policy,
    policies: Policies,
    on: date,
) -> None:
    program = await policies.program(policy)
    state = state_of(policy, on)
    # «Клиники» (the clinics' button) for a ДМС policy in force.
    active_dms = policy.kind == "DMS" and state is PolicyState.ACTIVE
    clinics = intents.pack(Intent.OPEN_CLINICS) if active_dms else None
    text = views.card(_, policy, program, state)
    if policy.member_relation is not None:  # a family member's: whose it is, above
        names = (policy.last_name, policy.first_name, policy.middle_name)
        text = _("policies-whose", name=" ".join(n for n in names if n)) + "\n" + text
    await message.answer(text, reply_markup=keyboards.card(_, policy, clinics))


async def show_program(message: Message, _: Translator, policy: Policy, policies: Policies) -> None:
    program = await policies.program(policy)
    await message.answer(
        views.program_text(_, policy, program), reply_markup=keyboards.back_to_card(_, policy)
    )


async def show_services(
    message: Message, _: Translator, policy: Policy, policies: Policies, page: int, *, edit: bool
) -> None:
    """`edit`: turning pages edits the same message."""
    found = await policies.services(policy, page)
    if not found.count:
        await message.answer(_("services-empty", number=policy.printed_number))
        return
    text = views.services_page(_, policy, found)
    keyboard = keyboards.services(_, policy, found.page, found.pages)
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


async def send_copies(
    message: Message,
    _: Translator,
    policy: Policy,
    policies: Policies,
    settings: Settings,
    documents: Documents,
) -> None:
    """The policy's PDF copy in the person's language, and for a ВЗР policy its copy in Latin
    script for a consulate."""
    # Loaded when a copy is first asked for: reportlab is ~3 MB resident.
    from core.policy_pdf import policy_pdf

    copy = await policies.copy_of(policy)
    number = policy.printed_number
    catalogue = _.catalogue
    own = await documents.make(policy_pdf, copy, catalogue, settings, locale=_.locale)
    await message.answer_document(
        BufferedInputFile(own, filename=_.plain("policy-pdf-file", number=number)),
        caption=_("policy-pdf-ready", number=number),
    )
    if policy.kind == "VZR":
        consulate = await documents.make(policy_pdf, copy, catalogue, settings, for_consulate=True)
        await message.answer_document(
            BufferedInputFile(consulate, filename=f"policy-{latin(number)}-en.pdf"),
            caption=_("policy-pdf-consulate"),
        )
