"""The section's steps: where (a location, or a place typed), what happened (or «Пропустить»),
then the case open: a further location or text joins it. Each takes its button or typed words;
anything else is told what is expected and the step stays."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Location, Message

from bot.common.profile import Members
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.abroad.callbacks import AbroadPolicy
from bot.features.abroad.dialogue import Draft
from bot.features.abroad.keyboards import policies, share, what_happened
from bot.features.abroad.section import show_cover
from bot.features.abroad.states import AbroadFlow
from bot.features.abroad.views import filed_text, posted_text
from core.abroad import (
    BACK_WORDS,
    MAX_TEXT,
    MIN_PLACE,
    NOTES_PER_HOUR,
    SEND_WORDS,
    SKIP_WORDS,
    STEP_BACK_WORDS,
    Abroad,
    CaseEnded,
    CaseOpen,
    NoCover,
    TooManyNotes,
    Where,
    pick,
)
from core.i18n import Catalogue, Translator, fold
from core.settings import Settings
from storage.models import User


def _is(catalogue: Catalogue, key: str, words: frozenset[str], text: str | None) -> bool:
    return catalogue.matches(key, text) or fold(text or "") in words


def _where(location: Location) -> Where:
    return Where(latitude=location.latitude, longitude=location.longitude)


async def back_to_menu(message: Message, state: FSMContext, _: Translator, menu: Menu) -> None:
    await state.clear()
    await show_main_menu(message, _, menu, _("abroad-left"))


async def step_back(message: Message, state: FSMContext, _: Translator) -> None:
    """«⬅️ Назад» at the text step: the location step again. The case is filed already, so
    it is the case's step: a location or a place sent there joins it."""
    draft = await Draft.load(state)
    if not draft.case:  # a dialogue begun before cases were filed at the location step
        await state.set_state(AbroadFlow.location)
        await message.answer(_("abroad-share-how"), reply_markup=share(_))
        return
    await state.set_state(AbroadFlow.case)
    await message.answer(_("abroad-case-open", number=draft.number), reply_markup=share(_))


# -- which policy -----------------------------------------------------------------------------


async def on_policy_typed(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
    menu: Menu,
) -> None:
    """Several ВЗР policies in force: its place in the list («2») or its number, typed."""
    text = (message.text or "").strip()
    if _is(catalogue, "abroad-back", BACK_WORDS, text):
        await back_to_menu(message, state, _, menu)
        return
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    covers = await abroad.covers(profile, user.language)
    cover = pick(covers, text)
    if cover is None:
        await message.answer(
            _("abroad-choose-expected", count=len(covers)), reply_markup=policies(covers)
        )
        return
    await show_cover(message, state, _, abroad, settings, profile, cover)


async def on_policy_pressed(
    callback: CallbackQuery,
    callback_data: AbroadPolicy,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
) -> None:
    """A policy's button: one of the person's ВЗР policies in force, else stale (forged, or no
    longer in force)."""
    message = callback.message
    if not isinstance(message, Message):
        await callback.answer(_("button-stale"), show_alert=True)
        return
    profile = await members.require(message, state, _, user)
    if profile is None:
        await callback.answer()
        return
    covers = await abroad.covers(profile, user.language)
    cover = next((c for c in covers if c.policy_id == callback_data.policy), None)
    if cover is None:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    await show_cover(message, state, _, abroad, settings, profile, cover)


# -- where ------------------------------------------------------------------------------------


async def on_location(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
    menu: Menu,
) -> None:
    """A location shared: the case is filed and posted at once (AbroadFlow.location); at the
    text step it joins the case filed (a better fix)."""
    assert message.location is not None
    if await state.get_state() == AbroadFlow.text.state:
        draft = await Draft.load(state)
        if draft.case:
            await _join(
                message, state, _, user, members, abroad, settings, _where(message.location), None
            )
            if await state.get_state() == AbroadFlow.text.state:  # still open: the text asked
                await message.answer(_("abroad-location-again"), reply_markup=what_happened(_))
            return
    await _file(message, state, _, user, members, abroad, settings, menu, _where(message.location))


async def on_place_typed(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
    menu: Menu,
) -> None:
    """Text at the location step: «назад», «отправить» (the button is the way), or where the
    person is, typed (no location to share: a desktop, GPS off) — the case is filed at once."""
    text = (message.text or "").strip()
    if _is(catalogue, "abroad-back", BACK_WORDS, text):
        await back_to_menu(message, state, _, menu)
        return
    if _is(catalogue, "abroad-share", SEND_WORDS, text):
        await message.answer(_("abroad-share-how"), reply_markup=share(_))
        return
    if len(text) < MIN_PLACE:
        await message.answer(_("abroad-place-short", min=MIN_PLACE), reply_markup=share(_))
        return
    await _file(message, state, _, user, members, abroad, settings, menu, Where(place=text))


async def _file(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
    menu: Menu,
    where: Where,
) -> None:
    """The case filed and posted the moment the person says where they are (nothing is lost if
    they never type what happened); then what happened is asked, to join it as a note."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    draft = await Draft.load(state)
    try:
        case = await abroad.submit(profile, draft.policy, where, None)
    except NoCover:
        await state.clear()
        await show_main_menu(message, _, menu, _("abroad-cover-gone", phone=settings.hotline_phone))
        return
    except CaseOpen as open_case:  # filed meanwhile (another device): this joins it
        case = open_case.case
        await Draft(policy=draft.policy, case=case.id, number=case.label).save(state)
        await state.set_state(AbroadFlow.case)
        await _join(message, state, _, user, members, abroad, settings, where, None)
        return
    await Draft(policy=draft.policy, case=case.id, number=case.label).save(state)
    await state.set_state(AbroadFlow.text)
    desk_on = settings.operators_chat_id is not None
    await message.answer(filed_text(_, case.label, desk_on), reply_markup=what_happened(_))


# -- what happened ----------------------------------------------------------------------------


async def on_text(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
    menu: Menu,
) -> None:
    """What happened, or «Пропустить»: the case is filed already; the text joins it as a note
    (a reply to its post on the desk)."""
    text = (message.text or "").strip()
    if _is(catalogue, "abroad-step-back", STEP_BACK_WORDS, text):
        await step_back(message, state, _)
        return
    if _is(catalogue, "abroad-back", BACK_WORDS, text):
        await back_to_menu(message, state, _, menu)
        return
    if _is(catalogue, "abroad-skip", SKIP_WORDS, text):
        text = ""
    elif _is(catalogue, "abroad-share", SEND_WORDS, text):
        await message.answer(_("abroad-share-how"), reply_markup=what_happened(_))
        return
    elif len(text) > MAX_TEXT:
        await message.answer(
            _("abroad-text-long", max=MAX_TEXT, length=len(text)), reply_markup=what_happened(_)
        )
        return
    draft = await Draft.load(state)
    if not draft.case:  # a dialogue begun before cases were filed at the location step
        await _file_legacy(message, state, _, user, members, abroad, settings, menu, text)
        return
    if text:
        await _join(message, state, _, user, members, abroad, settings, None, text, checklist=True)
        return
    await state.set_state(AbroadFlow.case)
    await message.answer(_("abroad-checklist"), reply_markup=share(_))


async def _file_legacy(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
    menu: Menu,
    text: str,
) -> None:
    """The where kept in the dialogue, from before the case was filed at once: filed now."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    draft = await Draft.load(state)
    if draft.latitude is not None and draft.longitude is not None:
        where = Where(latitude=draft.latitude, longitude=draft.longitude)
    else:
        where = Where(place=draft.place or "—")
    try:
        case = await abroad.submit(profile, draft.policy, where, text or None)
    except NoCover:
        await state.clear()
        await show_main_menu(message, _, menu, _("abroad-cover-gone", phone=settings.hotline_phone))
        return
    except CaseOpen as open_case:
        await Draft(policy=draft.policy, case=open_case.case.id, number=open_case.case.label).save(
            state
        )
        await state.set_state(AbroadFlow.case)
        await _join(message, state, _, user, members, abroad, settings, where, text or None)
        return
    await Draft(policy=draft.policy, case=case.id, number=case.label).save(state)
    await state.set_state(AbroadFlow.case)
    desk_on = settings.operators_chat_id is not None
    await message.answer(posted_text(_, case.label, desk_on), reply_markup=share(_))


# -- the case open ----------------------------------------------------------------------------


async def on_case_location(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
) -> None:
    assert message.location is not None
    await _join(message, state, _, user, members, abroad, settings, _where(message.location), None)


async def on_case_text(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
    menu: Menu,
) -> None:
    text = (message.text or "").strip()
    if _is(catalogue, "abroad-back", BACK_WORDS, text):
        await back_to_menu(message, state, _, menu)
        return
    if _is(catalogue, "abroad-share", SEND_WORDS, text):
        await message.answer(_("abroad-share-how"), reply_markup=share(_))
        return
    if len(text) > MAX_TEXT:
        await message.answer(_("abroad-text-long", max=MAX_TEXT, length=len(text)))
        return
    await _join(message, state, _, user, members, abroad, settings, None, text)


async def _join(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    abroad: Abroad,
    settings: Settings,
    where: Where | None,
    text: str | None,
    *,
    checklist: bool = False,
) -> None:
    """Into the person's own case (the one the dialogue names, checked to be theirs); then the
    case's step. `checklist`: the text step's answer, with what to keep for a reimbursement."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    draft = await Draft.load(state)
    try:
        await abroad.add(profile, draft.case, where, text)
    except (LookupError, CaseEnded):
        await Draft(policy=draft.policy).save(state)
        await state.set_state(AbroadFlow.location)
        await message.answer(_("abroad-case-ended", number=draft.number), reply_markup=share(_))
        return
    except TooManyNotes:
        await message.answer(
            _("abroad-notes-limit", number=draft.number, max=NOTES_PER_HOUR),
            reply_markup=share(_) if await state.get_state() == AbroadFlow.case.state else None,
        )
        return
    # With no desk the note is kept on the case (posted once there is one): the person is told
    # nobody sees it now, as for the case itself.
    joined = "abroad-joined" if settings.operators_chat_id is not None else "abroad-joined-desk-off"
    said = _(joined, number=draft.number)
    if checklist:
        await state.set_state(AbroadFlow.case)
        await message.answer(f"{said}\n\n{_('abroad-checklist')}", reply_markup=share(_))
    elif await state.get_state() != AbroadFlow.text.state:
        await message.answer(said, reply_markup=share(_))
    elif settings.operators_chat_id is None:  # at the text step, a new place: asked again next
        await message.answer(said)


# -- anything else ----------------------------------------------------------------------------


async def unexpected(message: Message, raw_state: str | None, _: Translator) -> None:
    """A photo, a sticker, a contact… in the section: what each step takes."""
    if raw_state == AbroadFlow.text.state:
        await message.answer(_("abroad-text-expected"), reply_markup=what_happened(_))
    elif raw_state == AbroadFlow.case.state:
        await message.answer(_("abroad-case-expected"), reply_markup=share(_))
    elif raw_state == AbroadFlow.choose.state:
        await message.answer(_("abroad-choose-again"))
    else:
        await message.answer(_("abroad-share-how"), reply_markup=share(_))
