"""What the person types (or sends) at each step of a claim and of an answer to the desk."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.photos import photo_file_id
from bot.common.profile import Members
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.claims import flow
from bot.features.claims.callbacks import Action
from bot.features.claims.dialogue import Answer, Draft
from bot.features.claims.keyboards import change_bic_keyboard
from core.claim_details import (
    Unreadable,
    parse_account,
    parse_amount,
    parse_bic,
    parse_recipient,
)
from core.claims import CARE_KINDS, MAX_PHOTOS, MAX_TEXT, Claims, NoDocumentAsked, typed_care_kind
from core.dates import NoSuchDay, NotADate, parse_date
from core.i18n import Catalogue, Translator, fold
from core.people import canonical_policy_number
from core.settings import Settings
from core.typed import means_correct, place_in_list
from storage.models import Policy, User

# -- ClaimFlow.policy ---------------------------------------------------------------------------


async def on_policy(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    claims: Claims,
) -> None:
    """A policy's number typed (as printed, any spelling), or its place in the list («2»)."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    offered = (await Draft.load(state)).offered
    policies = [p for p in await claims.policies(profile) if p.id in offered]
    typed = (message.text or "").strip()
    place = place_in_list(typed, len(policies))  # «٢» is 2; «²» is no place in the list
    chosen: Policy | None = None
    if place is not None:
        chosen = policies[place]
    else:
        number = canonical_policy_number(typed)
        chosen = next((p for p in policies if p.number == number), None)
    if chosen is None:
        await message.answer(_("claims-policy-expected"))
        await flow.ask_policy(message, state, _, policies)
        return
    await flow.choose_policy(message, state, _, chosen, claims.today_for(user))


# -- ClaimFlow.care_date ------------------------------------------------------------------------


async def on_date(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    claims: Claims,
) -> None:
    """A date typed, «сегодня» or «вчера»: the person's own today (their time zone)."""
    typed, today = message.text or "", claims.today_for(user)
    if catalogue.matches("claims-today", typed):
        await flow.take_date(message, state, _, claims, today, today)
        return
    if catalogue.matches("claims-yesterday", typed):
        await flow.take_date(message, state, _, claims, today, today - timedelta(days=1))
        return
    try:
        day = parse_date(typed, today)
    except NoSuchDay:
        await message.answer(_("claims-date-no-such-day"))
        return
    except NotADate:
        await message.answer(_("claims-date-expected"))
        return
    await flow.take_date(message, state, _, claims, today, day)


# -- ClaimFlow.care_kind ------------------------------------------------------------------------


async def on_care(message: Message, state: FSMContext, _: Translator, catalogue: Catalogue) -> None:
    typed = message.text
    kind = next((k for k in CARE_KINDS if catalogue.matches(f"claims-care-{k}", typed)), None)
    kind = kind or typed_care_kind(typed)
    if kind is None:
        await flow.ask_care(message, state, _)
        return
    await flow.take_care(message, state, _, kind)


# -- ClaimFlow.amount ---------------------------------------------------------------------------


async def on_amount(message: Message, state: FSMContext, _: Translator) -> None:
    kind = (await Draft.load(state)).policy_kind
    try:
        amount = parse_amount(message.text or "", policy_kind=kind)
    except Unreadable as problem:
        await message.answer(_(f"claims-{problem.problem}", kind=kind, **problem.values))
        return
    await flow.take_amount(message, state, _, amount)


# -- ClaimFlow.photos ---------------------------------------------------------------------------


async def on_photo(message: Message, state: FSMContext, _: Translator) -> None:
    file_id = photo_file_id(message)
    if file_id is None:
        await message.answer(_("claims-photo-bad-file"))
        return
    draft = await Draft.load(state)
    if len(draft.photos) >= MAX_PHOTOS:
        await message.answer(_("claims-photo-too-many", max=MAX_PHOTOS))
        return
    draft.photos = [*draft.photos, file_id]
    await draft.save(state)
    await flow.ask_photos(message, state, _)


async def photos_done_typed(message: Message, state: FSMContext, _: Translator) -> None:
    """«Готово» typed: on to the bank details, once there is a photo."""
    if not (await Draft.load(state)).photos:
        await message.answer(_("claims-photos-first"))
        return
    await flow.ask_bic(message, state, _)


async def photos_expected(message: Message, _: Translator) -> None:
    await message.answer(_("claims-photos-expected", max=MAX_PHOTOS))


# -- the bank details ---------------------------------------------------------------------------


async def on_bic(message: Message, state: FSMContext, _: Translator, claims: Claims) -> None:
    try:
        bic = parse_bic(message.text or "")
    except Unreadable as problem:
        await message.answer(_(f"claims-{problem.problem}"))
        return
    await flow.take_bic(message, state, _, claims, bic)


async def on_account(
    message: Message, state: FSMContext, _: Translator, catalogue: Catalogue, claims: Claims
) -> None:
    """The account number, its control key checked against the BIC; «Изменить БИК» typed goes
    back to the BIC (a wrong key may be the BIC's fault)."""
    if catalogue.matches("claims-change-bic", message.text):
        await flow.ask_bic(message, state, _)
        return
    bank = claims.open_bank((await Draft.load(state)).bank)
    try:
        account = parse_account(message.text or "", bank.bic)
    except Unreadable as problem:
        keyboard = change_bic_keyboard(_) if problem.problem == "account-key" else None
        await message.answer(_(f"claims-{problem.problem}", bic=bank.bic), reply_markup=keyboard)
        return
    await flow.keep_bank(state, claims, replace(bank, account=account))
    await flow.next_bank_step(message, state, _, claims)


async def on_name(message: Message, state: FSMContext, _: Translator, claims: Claims) -> None:
    bank = claims.open_bank((await Draft.load(state)).bank)
    try:
        name = parse_recipient(message.text or "")
    except Unreadable as problem:
        await message.answer(_(f"claims-{problem.problem}"))
        return
    await flow.keep_bank(state, claims, replace(bank, name=name))
    await flow.show_summary(message, state, _, claims)


# Bank details as people name them (folded: core.i18n.fold), besides the buttons' labels.
BANK_FIELD_WORDS = {
    **dict.fromkeys(("бик", "банк", "bic", "bank"), Action.EDIT_BIC),
    **dict.fromkeys(("счет", "номер счета", "account"), Action.EDIT_ACCOUNT),
    **dict.fromkeys(("получатель", "фио", "имя", "recipient", "name"), Action.EDIT_NAME),
}


async def on_bank_field(
    message: Message, state: FSMContext, _: Translator, catalogue: Catalogue, claims: Claims
) -> None:
    """Which bank detail to change, typed as its button says («БИК», «Получатель»…), or back
    to the summary unchanged."""
    typed = message.text
    if catalogue.matches("claims-back", typed):
        await flow.show_summary(message, state, _, claims)
        return
    fields = {
        "claims-edit-bic": Action.EDIT_BIC,
        "claims-edit-account": Action.EDIT_ACCOUNT,
        "claims-edit-name": Action.EDIT_NAME,
    }
    field = next((f for key, f in fields.items() if catalogue.matches(key, typed)), None)
    field = field or BANK_FIELD_WORDS.get(fold(typed or ""))
    if field is None:
        await message.answer(_("claims-bank-field-expected"))
        await flow.ask_bank_field(message, state, _, claims)
        return
    await flow.edit_bank(message, state, _, claims, field)


# -- ClaimFlow.summary --------------------------------------------------------------------------


async def on_summary(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    members: Members,
    claims: Claims,
    menu: Menu,
    settings: Settings,
) -> None:
    """«Отправить» (or «да») sends; «Реквизиты» changes the bank details; «Отменить» drops it;
    anything else is asked again."""
    typed = message.text
    if catalogue.matches("claims-cancel", typed):
        await flow.cancel(message, state, _, menu)
        return
    if catalogue.matches("claims-edit-bank", typed):
        await flow.ask_bank_field(message, state, _, claims)
        return
    if not (catalogue.matches("claims-send", typed) or means_correct(typed)):
        await message.answer(_("claims-summary-expected"))
        return
    profile = await members.require(message, state, _, user)
    if profile is not None:
        desk_on = settings.operators_chat_id is not None
        await flow.send(message, state, _, profile, claims, menu, desk_on)


# -- ClaimFlow.document -------------------------------------------------------------------------


async def on_answer(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    members: Members,
    claims: Claims,
    menu: Menu,
) -> None:
    """A photo or a text joins the answer; «Готово» (or «Отправить») sends it."""
    text = (message.text or message.caption or "").strip()
    if message.text and (
        catalogue.matches("claims-done", text) or catalogue.matches("claims-answer-send", text)
    ):
        await send_answer(message, state, _, user, members, claims, menu)
        return
    photo = photo_file_id(message)
    if photo is None and not text:
        await message.answer(_("claims-answer-expected", max=MAX_PHOTOS))
        return
    if len(text) > MAX_TEXT:
        await message.answer(_("claims-answer-long", max=MAX_TEXT, length=len(text)))
        return
    answer = await Answer.load(state)
    if photo is not None:
        if len(answer.photos) >= MAX_PHOTOS:
            await message.answer(_("claims-photo-too-many", max=MAX_PHOTOS))
            return
        answer.photos = [*answer.photos, photo]
    if text:
        answer.text = text
    await answer.save(state)
    await flow.ask_answer(message, state, _)


async def send_answer(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    claims: Claims,
    menu: Menu,
) -> None:
    answer = await Answer.load(state)
    if not answer.text and not answer.photos:
        await message.answer(_("claims-answer-expected", max=MAX_PHOTOS))
        return
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    await state.clear()
    try:
        claim = await claims.answer_request(profile, answer.claim, answer.text, answer.photos)
    except (LookupError, NoDocumentAsked):
        await show_main_menu(
            message, _, menu, _("claims-no-document-awaited", number=answer.number)
        )
        return
    await show_main_menu(message, _, menu, _("claims-answer-sent", number=claim.label))
