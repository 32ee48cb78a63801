"""«💸 Возмещение»: a new claim («Для кого?» when more than one person of the family has a policy
to claim under → policy → date of care → kind of care → amount → photos → BIC →
account → recipient → summary → «Отправить») and «Мои возмещения». This module shows each step
and moves between them; steps.py takes what is typed, buttons.py what is pressed, desk.py what
operators do."""

from __future__ import annotations

from datetime import date, timedelta

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.entries import CLAIMS_BEGIN
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.claims.callbacks import Action
from bot.features.claims.dialogue import Answer, Draft
from bot.features.claims.keyboards import (
    LIST_PAGE,
    answer_keyboard,
    bank_field_keyboard,
    care_keyboard,
    change_bic_keyboard,
    date_keyboard,
    list_keyboard,
    mine_keyboard,
    photos_keyboard,
    policies_keyboard,
    summary_keyboard,
)
from bot.features.claims.states import ClaimFlow
from bot.features.claims.views import (
    ask_amount_text,
    ask_date_text,
    ask_photos_text,
    bank_field_text,
    limit_text,
    list_text,
    summary_text,
)
from bot.features.family.whom import for_whom, whose_line
from core.claim_details import Amount, BankDetails, care_date_problem, control_key_holds
from core.claims import (
    MAX_PHOTOS,
    MAX_TEXT,
    CareDateLapsed,
    Claims,
    NewClaim,
    NotClaimable,
    TooManyClaims,
)
from core.family import Family, Patient
from core.holdings import CLAIM_PERIOD
from core.i18n import Translator
from storage.models import Claim, Policy, Profile


async def begin(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    claims: Claims,
    menu: Menu,
    family: Family,
) -> None:
    """A new claim: «Для кого?» first when more than one person of the family has a policy to
    claim under (bot/features/family/whom.py; its answer begins the claim again by its entry,
    CLAIMS_BEGIN), then `start` for them."""
    claimable = {policy.id for policy in await claims.policies(profile)}
    whom = await for_whom(
        message,
        state,
        _,
        family,
        profile,
        entry=CLAIMS_BEGIN,
        wanted=lambda policy: policy.id in claimable,
    )
    if whom is not None:
        await start(message, state, _, profile, claims, menu, whom)


async def start(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    claims: Claims,
    menu: Menu,
    whom: Patient,
) -> None:
    """A new claim for `whom`, unless MAX_OPEN of theirs are open (the cap is each person's;
    said before anything is typed); with one policy of theirs to claim under it is taken, with
    several they are offered. Whom it is for is kept in the draft; a family member is named on
    its screens (the bank details stay whoever's the person types)."""
    patient = "" if whom.own else whom.first_name
    if not await claims.may_file(profile, whom):
        await state.clear()
        await message.answer(whose_line(_, patient) + limit_text(_), reply_markup=mine_keyboard(_))
        return
    policies = await claims.policies(profile, whom.policy_ids)
    if not policies:
        await state.clear()
        await show_main_menu(message, _, menu, _("claims-no-policy"))
        return
    await state.set_state(ClaimFlow.policy)
    offered = [p.id for p in policies]
    await Draft(whom=whom.key, patient=patient, offered=offered).save(state)
    if len(policies) == 1:
        await choose_policy(message, state, _, policies[0], await claims.today_of(profile))
        return
    await ask_policy(message, state, _, policies)


async def ask_policy(
    message: Message, state: FSMContext, _: Translator, policies: list[Policy]
) -> None:
    """The policies offered (`Draft.offered`: whom the claim is for's)."""
    patient = (await Draft.load(state)).patient
    await message.answer(
        whose_line(_, patient) + _("claims-ask-policy"), reply_markup=policies_keyboard(_, policies)
    )


async def choose_policy(
    message: Message, state: FSMContext, _: Translator, policy: Policy, today: date
) -> None:
    """`today`: the person's own (Claims.today_for), as every step of the date uses."""
    draft = await Draft.load(state)
    draft.policy, draft.policy_number = policy.id, policy.printed_number
    draft.policy_kind = policy.kind
    draft.start, draft.end = policy.start_date.isoformat(), policy.end_date.isoformat()
    await draft.save(state)
    lead = whose_line(_, draft.patient)
    await message.answer(lead + _("claims-policy-chosen", number=policy.printed_number))
    await ask_date(message, state, _, today)


# -- the date of care ---------------------------------------------------------------------------


def date_problem(draft: Draft, day: date, today: date) -> str | None:
    start, end = date.fromisoformat(draft.start), date.fromisoformat(draft.end)
    return care_date_problem(day, start, end, today, CLAIM_PERIOD)


async def ask_date(
    message: Message, state: FSMContext, _: Translator, today: date, before: str = ""
) -> None:
    """The date step; `before`: what to say first (why the date is asked again)."""
    await state.set_state(ClaimFlow.care_date)
    draft = await Draft.load(state)
    start, end = date.fromisoformat(draft.start), date.fromisoformat(draft.end)
    keyboard = date_keyboard(
        _,
        today=date_problem(draft, today, today) is None,
        yesterday=date_problem(draft, today - timedelta(days=1), today) is None,
    )
    text = ask_date_text(_, start, end, today - CLAIM_PERIOD, today)
    await message.answer(f"{before}\n{text}" if before else text, reply_markup=keyboard)


async def take_date(
    message: Message, state: FSMContext, _: Translator, claims: Claims, today: date, day: date
) -> None:
    """A date given (typed or pressed) on the person's `today`: checked against the policy and
    the claim period. Asked again from the summary, it leads back there."""
    draft = await Draft.load(state)
    problem = date_problem(draft, day, today)
    if problem is not None:
        start, end = date.fromisoformat(draft.start), date.fromisoformat(draft.end)
        await message.answer(
            _(f"claims-{problem}")
            + "\n"
            + ask_date_text(_, start, end, today - CLAIM_PERIOD, today)
        )
        return
    draft.care_date = day.isoformat()
    back_to_summary, draft.to_summary = draft.to_summary, False
    await draft.save(state)
    if back_to_summary:
        await show_summary(message, state, _, claims)
        return
    await ask_care(message, state, _)


# -- the kind of care, the amount, the photos ---------------------------------------------------


async def ask_care(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(ClaimFlow.care_kind)
    await message.answer(_("claims-ask-care"), reply_markup=care_keyboard(_))


async def take_care(message: Message, state: FSMContext, _: Translator, kind: str) -> None:
    draft = await Draft.load(state)
    draft.care_kind = kind
    await draft.save(state)
    await ask_amount(message, state, _)


async def ask_amount(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(ClaimFlow.amount)
    kind = (await Draft.load(state)).policy_kind
    await message.answer(ask_amount_text(_, kind))


async def take_amount(message: Message, state: FSMContext, _: Translator, amount: Amount) -> None:
    draft = await Draft.load(state)
    draft.amount, draft.currency = amount.minor, amount.currency
    await draft.save(state)
    await ask_photos(message, state, _)


async def ask_photos(message: Message, state: FSMContext, _: Translator) -> None:
    photos = (await Draft.load(state)).photos
    if len(photos) >= MAX_PHOTOS:
        await ask_bic(message, state, _)
        return
    await state.set_state(ClaimFlow.photos)
    keyboard = photos_keyboard(_) if photos else None
    await message.answer(ask_photos_text(_, len(photos)), reply_markup=keyboard)


# -- the bank details ---------------------------------------------------------------------------


async def ask_bic(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(ClaimFlow.bic)
    await message.answer(_("claims-ask-bic"))


async def ask_account(
    message: Message, state: FSMContext, _: Translator, bic: str, before: str = ""
) -> None:
    """The account step; `before`: why it is asked again (the BIC changed under it)."""
    await state.set_state(ClaimFlow.account)
    text = _("claims-ask-account", bic=bic)
    keyboard = change_bic_keyboard(_) if before else None
    await message.answer(f"{before}\n{text}" if before else text, reply_markup=keyboard)


async def ask_name(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(ClaimFlow.name)
    await message.answer(_("claims-ask-name"))


async def keep_bank(state: FSMContext, claims: Claims, bank: BankDetails) -> None:
    draft = await Draft.load(state)
    draft.bank = claims.seal_bank(bank)
    await draft.save(state)


async def next_bank_step(
    message: Message, state: FSMContext, _: Translator, claims: Claims, before: str = ""
) -> None:
    """After a bank detail is taken: the first one still missing, else the summary. A new claim
    goes BIC → account → name; a detail changed from the summary leads straight back to it."""
    bank = claims.open_bank((await Draft.load(state)).bank)
    if not bank.bic:
        await ask_bic(message, state, _)
    elif not bank.account:
        await ask_account(message, state, _, bank.bic, before)
    elif not bank.name:
        await ask_name(message, state, _)
    else:
        await show_summary(message, state, _, claims)


async def take_bic(
    message: Message, state: FSMContext, _: Translator, claims: Claims, bic: str
) -> None:
    """A BIC given. An account kept from before stays only if its control key fits the new
    BIC; if not, the person is told it is the account that does not fit, and asked for it."""
    kept = claims.open_bank((await Draft.load(state)).bank)
    fits = bool(kept.account) and control_key_holds(kept.account, bic)
    before = ""
    if kept.account and not fits:
        before = _("claims-account-other-bank", account=kept.masked_account, bic=bic)
    account = kept.account if fits else ""
    await keep_bank(state, claims, BankDetails(bic=bic, account=account, name=kept.name))
    await next_bank_step(message, state, _, claims, before)


async def ask_bank_field(
    message: Message, state: FSMContext, _: Translator, claims: Claims
) -> None:
    """«✏️ Реквизиты» at the summary: which detail to change (the rest is kept)."""
    await state.set_state(ClaimFlow.bank_field)
    bank = claims.open_bank((await Draft.load(state)).bank)
    await message.answer(bank_field_text(_, bank), reply_markup=bank_field_keyboard(_))


async def edit_bank(
    message: Message, state: FSMContext, _: Translator, claims: Claims, field: Action
) -> None:
    """One detail asked again (typed or pressed); once given, back to the summary."""
    bank = claims.open_bank((await Draft.load(state)).bank)
    if field == Action.EDIT_BIC:
        await ask_bic(message, state, _)
    elif field == Action.EDIT_ACCOUNT:
        await ask_account(message, state, _, bank.bic)
    else:
        await ask_name(message, state, _)


# -- the summary and sending --------------------------------------------------------------------


async def show_summary(message: Message, state: FSMContext, _: Translator, claims: Claims) -> None:
    await state.set_state(ClaimFlow.summary)
    draft = await Draft.load(state)
    bank = claims.open_bank(draft.bank)
    await message.answer(
        whose_line(_, draft.patient) + summary_text(_, draft, bank),
        reply_markup=summary_keyboard(_),
    )


async def send(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    claims: Claims,
    menu: Menu,
    desk_on: bool,
) -> None:
    draft = await Draft.load(state)
    new = NewClaim(
        policy_id=draft.policy,
        care_date=date.fromisoformat(draft.care_date),
        care_kind=draft.care_kind,
        amount=Amount(draft.amount, draft.currency),
        photos=list(draft.photos),
        bank=claims.open_bank(draft.bank),
    )
    try:
        claim = await claims.submit(profile, new)
    except CareDateLapsed as lapsed:  # a day passed at the summary: only the date is asked again
        draft.to_summary = True
        await draft.save(state)
        before = _("claims-date-lapsed") + "\n" + _(f"claims-{lapsed.problem}")
        await ask_date(message, state, _, await claims.today_of(profile), before)
        return
    except TooManyClaims:  # filed meanwhile (another instance)
        await state.clear()
        await message.answer(limit_text(_), reply_markup=mine_keyboard(_))
        return
    except NotClaimable:  # the policy moved or ended meanwhile
        await state.clear()
        await show_main_menu(message, _, menu, _("claims-not-claimable"))
        return
    await state.clear()
    key = "claims-sent" if desk_on else "claims-sent-desk-off"
    await show_main_menu(message, _, menu, _(key, number=claim.label))


async def cancel(message: Message, state: FSMContext, _: Translator, menu: Menu) -> None:
    await state.clear()
    await show_main_menu(message, _, menu, _("claims-cancelled"))


# -- «Мои возмещения» ---------------------------------------------------------------------------


async def show_list(
    message: Message, _: Translator, profile: Profile, claims: Claims, page: int, edit: bool
) -> None:
    count, found = await claims.mine(profile, page * LIST_PAGE, LIST_PAGE)
    if not found and page > 0:
        page, (count, found) = 0, await claims.mine(profile, 0, LIST_PAGE)
    if not found:
        await message.answer(_("claims-none"), reply_markup=None)
        return
    whose = await claims.whose(profile, found)
    text, keyboard = list_text(_, count, found, whose), list_keyboard(_, found, page, count)
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


# -- the answer to the desk's request ------------------------------------------------------------


async def begin_answer(message: Message, state: FSMContext, _: Translator, claim: Claim) -> None:
    await state.set_state(ClaimFlow.document)
    await Answer(claim=claim.id, number=claim.label).save(state)
    await message.answer(
        _("claims-ask-answer", number=claim.label, request=claim.request or "", max=MAX_PHOTOS)
    )


async def ask_answer(message: Message, state: FSMContext, _: Translator) -> None:
    answer = await Answer.load(state)
    keyboard = answer_keyboard(_) if answer.text or answer.photos else None
    await message.answer(
        _(
            "claims-answer-so-far",
            number=answer.number,
            photos=len(answer.photos),
            text="yes" if answer.text else "no",
            max=MAX_PHOTOS,
            letters=MAX_TEXT,
        ),
        reply_markup=keyboard,
    )
