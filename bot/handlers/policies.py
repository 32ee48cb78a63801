"""«📄 Мои полисы»: the list, linking a policy by its number (flow 3), a card per policy, its
programme and the services billed to it. Every button naming a policy checks the presser holds it.
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.common.intents import Intents
from bot.common.keyboards import inline
from bot.common.screens import offer_signup
from bot.documents import Documents
from bot.features import Feature, MenuSection
from bot.filters import ButtonText, private_only
from bot.fsm.dialogues import Dialogue
from bot.fsm.policies import PolicyAction, PolicyLink
from bot.handlers.identity import offer as offer_identity_check
from core.cards import CardNumber
from core.clock import Clock, local_today
from core.i18n import Catalogue, Markup, Translator
from core.identity import Identity
from core.notifications import Intent
from core.people import canonical_policy_number
from core.policies import LinkOutcome, LinkResult, Policies, PolicyState, TooManyLookups, state_of
from core.profile import Profiles
from core.settings import Settings
from storage.models import Policy, Profile, User

SECTION = MenuSection("menu-policies", "help-section-policies", order=100, audience="members")
NUMBER = re.compile(r"[0-9A-ZА-ЯЁ]{3,40}")


def button(_: Translator, key: str, action: str, policy: int = 0, page: int = 0) -> tuple[str, str]:
    return _(key), PolicyAction(action=action, policy=policy, page=page).pack()


def day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def money(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", " ")


async def show_list(
    message: Message,
    _: Translator,
    intents: Intents,
    user: User,
    profiles: Profiles,
    policies: Policies,
    clock: Clock,
    settings: Settings,
) -> None:
    profile = await profiles.of(user)
    if profile is None:
        await offer_signup(message, _, intents)
        return
    held = await policies.of_profile(profile)
    add = [button(_, "policies-add", "add")]
    if not held:
        await message.answer(_("policies-empty"), reply_markup=inline([add]))
        return
    today = local_today(clock, settings.timezone)
    lines = [
        _(
            "policies-line",
            kind=_(f"policy-kind-{p.kind}"),
            number=p.number,
            start=day(p.start_date),
            end=day(p.end_date),
            state=_(f"policy-state-{state_of(p, today)}"),
        )
        for p in held
    ]
    rows = [
        [(_("policies-button", kind=_(f"policy-kind-{p.kind}"), number=p.number), card_data(p))]
        for p in held
    ]
    await message.answer(
        _("policies-list") + "\n\n" + "\n".join(lines), reply_markup=inline([*rows, add])
    )


def card_data(policy: Policy) -> str:
    return PolicyAction(action="card", policy=policy.id).pack()


async def ask_number(
    message: Message,
    state: FSMContext,
    _: Translator,
    intents: Intents,
    user: User,
    profiles: Profiles,
) -> None:
    profile = await profiles.of(user)
    if profile is None:
        await state.clear()
        await offer_signup(message, _, intents)
        return
    await state.set_state(PolicyLink.number)
    name = " ".join(p for p in (profile.last_name, profile.first_name, profile.middle_name) if p)
    await message.answer(_("policies-ask-number", name=name, birth_date=day(profile.birth_date)))


async def on_number(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    policies: Policies,
    settings: Settings,
    clock: Clock,
    identity: Identity,
    intents: Intents,
    policy_lookup_counted: bool = False,
) -> None:
    profile = await profiles.of(user)
    if profile is None:
        await state.clear()
        return
    number = canonical_policy_number(message.text or "")
    if not NUMBER.fullmatch(number):
        await message.answer(_("policies-bad-number"))
        return
    try:
        result = await policies.link(profile, number, counted=policy_lookup_counted)
    except TooManyLookups as error:
        await state.clear()
        phone = settings.hotline_phone
        await message.answer(_("policies-too-many", minutes=error.minutes, phone=phone))
        return
    await state.clear()
    if result.outcome in {LinkOutcome.LINKED, LinkOutcome.ALREADY_YOURS}:
        assert result.policy is not None
        key = "policies-linked" if result.outcome is LinkOutcome.LINKED else "policies-already"
        await message.answer(_(key, number=number))
        await show_card(message, _, intents, result.policy, policies, clock, settings)
    else:
        await tell_why_not_linked(message, state, _, result, settings, identity, profile)


# What the person is told, with the identity check offered, when a number did not link.
WHY_NOT = {
    LinkOutcome.UNCONFIRMED: "policies-unconfirmed",
    LinkOutcome.MISMATCH: "policies-names-differ",
    LinkOutcome.HELD: "policies-held",
}


async def tell_why_not_linked(
    message: Message,
    state: FSMContext,
    _: Translator,
    result: LinkResult,
    settings: Settings,
    identity: Identity,
    profile: Profile,
) -> None:
    """Why the policy was not linked, and the identity check where it can help. What is said
    depends on what the person has proven: UNCONFIRMED (none such, or not provably theirs) is
    one answer whoever holds the number."""
    if result.outcome is LinkOutcome.TERMINATED:
        phone = settings.hotline_phone
        await message.answer(_("policies-terminated", number=result.number, phone=phone))
        return
    reason = WHY_NOT[result.outcome]
    await offer_identity_check(message, state, _, result.number, reason, identity, profile)


async def show_card(
    message: Message,
    _: Translator,
    intents: Intents,
    policy: Policy,
    policies: Policies,
    clock: Clock,
    settings: Settings,
) -> None:
    program = await policies.program(policy)
    state = state_of(policy, local_today(clock, settings.timezone))
    franchise = (
        _("policy-franchise-share", percent=policy.franchise_percent)
        if policy.franchise_percent
        else _("policy-no-franchise")
    )
    text = _(
        "policy-card",
        kind=_(f"policy-kind-{policy.kind}"),
        number=policy.number,
        state=_(f"policy-state-{state}"),
        program=program.name if program else policy.program_code,
        start=day(policy.start_date),
        end=day(policy.end_date),
        employer=policy.employer,
        franchise=franchise,
    )
    clinics = (
        [[(_("clinics-open"), intents.pack(Intent.OPEN_CLINICS))]]
        if policy.kind == "DMS" and state is PolicyState.ACTIVE
        else []
    )
    rows = [
        *clinics,
        [button(_, "policy-program", "program", policy.id)],
        [button(_, "policy-services", "services", policy.id)],
        [button(_, "policy-download", "pdf", policy.id)],
        [button(_, "policy-back", "list")],
    ]
    await message.answer(text, reply_markup=inline(rows))


async def show_program(message: Message, _: Translator, policy: Policy, policies: Policies) -> None:
    program = await policies.program(policy)
    back = inline([[button(_, "policy-back-card", "card", policy.id)]])
    if program is None or program.placeholder:
        await message.answer(
            _("policy-program-unknown", code=policy.program_code), reply_markup=back
        )
        return
    covers = "\n".join(f"• {item.strip()}" for item in program.covers.split(";") if item.strip())
    await message.answer(
        _("policy-program-text", name=program.name, description=program.description, covers=covers),
        reply_markup=back,
    )


def services_keyboard(_: Translator, policy: Policy, page: int, pages: int) -> InlineKeyboardMarkup:
    turns = []
    if page > 0:
        turns.append(button(_, "services-prev", "page", policy.id, page - 1))
    if page < pages - 1:
        turns.append(button(_, "services-next", "page", policy.id, page + 1))
    rows = [turns] if turns else []
    return inline([*rows, [button(_, "policy-back-card", "card", policy.id)]])


async def show_services(
    message: Message, _: Translator, policy: Policy, policies: Policies, page: int, edit: bool
) -> None:
    result = await policies.services(policy, page)
    if not result.count:
        await message.answer(_("services-empty", number=policy.number))
        return
    items = "\n".join(
        html.escape(
            _.plain(
                "services-line",
                date=day(item.date),
                clinic=result.clinic_of(item),
                service=item.service,
                cost=money(item.cost),
            )
        )
        for item in result.items
    )
    text = _(
        "services-page",
        number=policy.number,
        page=result.page + 1,
        pages=result.pages,
        items=Markup(items),
        count=result.count,
        total=money(result.total),
    )
    keyboard = services_keyboard(_, policy, result.page, result.pages)
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


async def pressed(
    callback: CallbackQuery,
    callback_data: PolicyAction,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    policies: Policies,
    clock: Clock,
    settings: Settings,
    catalogue: Catalogue,
    documents: Documents,
    received_at: float,
    intents: Intents,
) -> None:
    profile = await profiles.of(user)
    message = callback.message
    name = callback_data.action
    policy = await policies.owned(profile, callback_data.policy) if profile else None
    names_a_policy = name in {"card", "program", "services", "page", "pdf"}
    known = names_a_policy or name in {"list", "add"}
    if (
        profile is None
        or not isinstance(message, Message)
        or not known
        or (names_a_policy and policy is None)
    ):
        await callback.answer(_("button-stale"), show_alert=True)
        return
    copies = (user.telegram_id, "policy-copies", callback_data.policy)
    if name == "pdf" and documents.made_since(copies, received_at):
        await callback.answer(_("policy-pdf-just-sent"))  # pressed again while it was made
        return
    await callback.answer()
    if name == "list":
        await show_list(message, _, intents, user, profiles, policies, clock, settings)
    elif name == "add":
        await ask_number(message, state, _, intents, user, profiles)
    elif policy is not None and name == "card":
        await show_card(message, _, intents, policy, policies, clock, settings)
    elif policy is not None and name == "program":
        await show_program(message, _, policy, policies)
    elif policy is not None and name == "services":
        await show_services(message, _, policy, policies, 0, edit=False)
    elif policy is not None and name == "pdf":
        await send_copies(message, _, policy, policies, catalogue, settings, documents)
        documents.sent(copies)
    elif policy is not None and name == "page":  # turning pages edits the same message
        await show_services(message, _, policy, policies, callback_data.page, edit=True)


async def send_copies(
    message: Message,
    _: Translator,
    policy: Policy,
    policies: Policies,
    catalogue: Catalogue,
    settings: Settings,
    documents: Documents,
) -> None:
    # Loaded when a copy is first asked for: reportlab is ~3 MB resident.
    from core.policy_pdf import latin, policy_pdf

    program = await policies.program(policy)
    russian = await documents.make(policy_pdf, policy, program, catalogue, settings)
    await message.answer_document(
        BufferedInputFile(russian, filename=f"polis-{policy.number}.pdf"),
        caption=_("policy-pdf-ready", number=policy.number),
    )
    if policy.kind == "VZR":
        english = await documents.make(
            policy_pdf, policy, program, catalogue, settings, for_consulate=True
        )
        await message.answer_document(
            BufferedInputFile(english, filename=f"policy-{latin(policy.number)}-en.pdf"),
            caption=_("policy-pdf-consulate"),
        )


async def exempt_known_policy_numbers(
    found: list[CardNumber], message: Message, data: dict[str, Any]
) -> bool:
    """At the policy-number step, digits equal to a known policy number are a policy number.
    Whether the message stays tells whether such a policy exists, so asking counts as that
    number's look-up (`on_number` then counts it no more); past the cap the digits are a card,
    whatever they are."""
    if data.get("raw_state") != PolicyLink.number.state:
        return False
    policies: Policies = data["policies"]
    profiles: Profiles = data["profiles"]
    profile = await profiles.of(data["user"])
    if profile is None:
        return False
    try:
        await policies.count_lookup(profile)
    except TooManyLookups:
        return False
    data["policy_lookup_counted"] = True
    return await policies.is_known_number(message.text or "")


def feature() -> Feature:
    router = Router(name="policies")
    private_only(router)
    router.message.register(show_list, Command("policies"))
    router.message.register(show_list, StateFilter(None), ButtonText(SECTION.key))
    router.message.register(
        on_number, StateFilter(PolicyLink.number), F.text & ~F.text.startswith("/")
    )
    router.callback_query.register(pressed, PolicyAction.filter())
    dialogue = Dialogue(
        states=PolicyLink,
        title_key="policies-title",
        begin=ask_number,
        prompts={PolicyLink.number: ask_number},
        buttons=frozenset({PolicyAction.__prefix__}),
    )
    return Feature(
        name="policies",
        intents={Intent.ADD_POLICY: lambda ref: PolicyAction(action="add").pack()},
        router=router,
        menu=[SECTION],
        dialogues=[dialogue],
        card_exemptions=[exempt_known_policy_numbers],
    )
