"""What the person types (or sends) at each step of a request and of an answer. Every step
takes text where a button is offered; what does not fit gets a message saying what is expected,
and the step stays."""

from __future__ import annotations

from datetime import date, timedelta

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.photos import photo_file_id
from bot.features import Menu
from bot.features.letters.dialogue import Answer, Draft
from bot.features.letters.flow import (
    ask_answer,
    ask_clinic,
    ask_day,
    ask_photos,
    ask_service,
    cancel,
    choose_day,
    choose_policy,
    policies_offered,
    send,
    send_answer,
    show_summary,
)
from bot.features.letters.keyboards import clinics_keyboard
from bot.features.letters.views import found_text, service_problem
from core.clinics import MAX_QUERY, located
from core.dates import NoSuchDay, NotADate, parse_date
from core.i18n import Catalogue, Translator
from core.letters import KINDS, MAX_ANSWER, MAX_PHOTOS, Letters
from core.people import canonical_policy_number
from core.settings import Settings
from core.typed import means_correct, means_none, place_in_list
from storage.models import Policy, Profile

# -- LetterFlow.policy ------------------------------------------------------------------------


async def on_policy(
    message: Message, state: FSMContext, _: Translator, profile: Profile, letters: Letters
) -> None:
    """The policy's number as printed, or its place in the list («1», «2»)."""
    typed = (message.text or "").strip()
    policies = await policies_offered(state, profile, letters)
    place = place_in_list(typed, len(policies))
    chosen: Policy | None = None
    if place is not None:
        chosen = policies[place]
    else:
        canonical = canonical_policy_number(typed)
        chosen = next((p for p in policies if p.number == canonical), None)
    if chosen is None or not await choose_policy(message, state, _, profile, letters, chosen.id):
        await message.answer(_("letters-policy-expected"))


# -- LetterFlow.kind --------------------------------------------------------------------------


async def on_kind(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    profile: Profile,
    letters: Letters,
) -> None:
    typed = (message.text or "").strip()
    kind = next(
        (
            kind
            for n, kind in enumerate(KINDS, 1)
            if typed == str(n) or catalogue.matches(f"letters-kind-{kind}", typed)
        ),
        None,
    )
    if kind is None:
        await message.answer(_("letters-kind-expected"))
        return
    draft = await Draft.load(state)
    draft.kind = kind
    await draft.save(state)
    await ask_clinic(message, state, _, profile, letters)


# -- LetterFlow.clinic ------------------------------------------------------------------------


async def on_clinic(
    message: Message, state: FSMContext, _: Translator, profile: Profile, letters: Letters
) -> None:
    """A number from the list shown, or part of a clinic's name or address: those found among
    the clinics the policy's programme covers are offered as buttons."""
    text = " ".join((message.text or "").split())
    draft = await Draft.load(state)
    if text.isdecimal():  # a place in the list shown: «2», «٢»
        place = place_in_list(text, len(draft.found))
        if place is not None:
            await take_clinic(message, state, _, profile, letters, draft.found[place])
        else:
            await message.answer(_("letters-clinic-expected"))
        return
    if sum(ch.isalnum() for ch in text) < 2:
        await message.answer(_("letters-clinic-expected"))
        return
    if len(text) > MAX_QUERY:
        await message.answer(_("letters-clinic-long", letters=MAX_QUERY))
        return
    policy = await letters.policy_of(profile, draft.policy)
    if policy is None:
        await ask_clinic(message, state, _, profile, letters)
        return
    count, found = await letters.find_clinics(policy, text)
    draft.offered = sorted({*draft.offered, *(c.id for c in found)})
    draft.found = [c.id for c in found]
    await draft.save(state)
    await message.answer(found_text(_, text, count, found), reply_markup=clinics_keyboard(found))


async def take_clinic(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    clinic_id: int,
) -> bool:
    """The clinic, if it was offered in this dialogue and the policy covers it; then the
    service."""
    draft = await Draft.load(state)
    policy = await letters.policy_of(profile, draft.policy)
    clinic = await letters.covered_clinic(policy, clinic_id) if policy is not None else None
    if clinic is None or clinic.id not in draft.offered:
        return False
    draft.clinic, draft.clinic_name = clinic.id, f"{clinic.name}, {located(clinic)}"
    await draft.save(state)
    await ask_service(message, state, _)
    return True


# -- LetterFlow.service -----------------------------------------------------------------------


async def on_service(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    menu: Menu,
    profile: Profile,
    letters: Letters,
) -> None:
    """What was prescribed; a photo with a caption gives both it and the first photo."""
    text = (message.text or message.caption or "").strip()
    photo = photo_file_id(message)
    if not text:
        await message.answer(_("letters-service-first" if photo else "letters-service-expected"))
        return
    if message.text and any(catalogue.matches(section.key, text) for section in menu.sections):
        await message.answer(_("letters-service-menu-label"))
        return
    problem = service_problem(_, text)
    if problem is not None:
        await message.answer(problem)
        return
    draft = await Draft.load(state)
    draft.service, draft.photos = text, [photo] if photo else []
    await draft.save(state)
    await ask_photos(message, state, _, profile, letters)


# -- LetterFlow.photos ------------------------------------------------------------------------


async def on_photo(
    message: Message, state: FSMContext, _: Translator, profile: Profile, letters: Letters
) -> None:
    file_id = photo_file_id(message)
    if file_id is None:
        await message.answer(_("letters-photo-bad-file"))
        return
    draft = await Draft.load(state)
    if len(draft.photos) >= MAX_PHOTOS:
        await message.answer(_("letters-photo-too-many", max=MAX_PHOTOS))
        return
    draft.photos = [*draft.photos, file_id]
    await draft.save(state)
    await ask_photos(message, state, _, profile, letters)


async def on_photos_text(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    profile: Profile,
    letters: Letters,
) -> None:
    """«Готово», «Без фото», «нет», «пропустить»: on to the date; anything else is not a photo."""
    typed = message.text
    done = any(
        catalogue.matches(key, typed)
        for key in ("letters-done", "letters-no-photos", "letters-skip")
    )
    if done or means_none(typed):
        await ask_day(message, state, _, profile, letters)
        return
    await message.answer(_("letters-photos-expected", max=MAX_PHOTOS))


# -- LetterFlow.day ---------------------------------------------------------------------------


def typed_day(typed: str, today: date) -> date | None:
    """A date as typed; without a year («10.12», «10 декабря», «December 10») the next such day
    from today. A two-digit year is the latest not after a year from now (no birth date here)."""
    ahead = today + timedelta(days=366)
    try:
        return parse_date(typed, ahead)
    except NoSuchDay:
        return None
    except NotADate:
        pass
    for year in (today.year, today.year + 1):
        try:
            day = parse_date(f"{typed} {year}", ahead)
        except (NotADate, NoSuchDay):
            return None
        if day >= today:
            return day
    return None


async def on_day(
    message: Message, state: FSMContext, _: Translator, profile: Profile, letters: Letters
) -> None:
    """A date typed as people type dates: «25.12.2026», «25 декабря», «2026-12-25»."""
    typed = (message.text or "").strip()
    today = letters.today()
    wanted = typed_day(typed, today)
    if wanted is None:
        await message.answer(_("letters-day-expected"))
        return
    if wanted < today:
        await message.answer(_("letters-day-past"))
        return
    if not await choose_day(message, state, _, profile, letters, wanted):
        await message.answer(_("letters-day-out-of-range"))


# -- LetterFlow.summary -----------------------------------------------------------------------


async def on_summary(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    profile: Profile,
    letters: Letters,
    settings: Settings,
    menu: Menu,
) -> None:
    """«да», «верно», «Отправить»: sent; «Отменить»: dropped; anything else: the question again."""
    typed = message.text
    if means_correct(typed) or catalogue.matches("letters-send", typed):
        await send(message, state, _, profile, letters, settings, menu)
    elif catalogue.matches("letters-cancel", typed):
        await cancel(message, state, _, menu)
    else:
        await message.answer(_("letters-summary-expected"))
        await show_summary(message, state, _)


# -- LetterFlow.answer ------------------------------------------------------------------------


async def on_answer(
    message: Message,
    state: FSMContext,
    _: Translator,
    catalogue: Catalogue,
    profile: Profile,
    letters: Letters,
    menu: Menu,
) -> None:
    """A text sends the answer (with the photos sent before it); a photo is added (its caption
    kept as the text) and «Отправить» awaited, so an album arrives whole."""
    text = (message.text or message.caption or "").strip()
    photo = photo_file_id(message)
    answer = await Answer.load(state)
    if message.text and (
        catalogue.matches("letters-reply-send", text) or (answer.photos and means_correct(text))
    ):
        if answer.photos or answer.text:
            await send_answer(message, state, _, profile, letters, menu)
        else:
            await ask_answer(message, state, _)
        return
    if len(text) > MAX_ANSWER:
        await message.answer(_("letters-answer-long", max=MAX_ANSWER, length=len(text)))
        return
    if photo is None and (message.photo or message.document):
        await message.answer(_("letters-photo-bad-file"))
        return
    if photo is None and not text:
        await ask_answer(message, state, _)
        return
    if text:
        answer.text = f"{answer.text}\n{text}".strip() if answer.text else text
    if photo is not None:
        if len(answer.photos) >= MAX_PHOTOS:
            await message.answer(_("letters-photo-too-many", max=MAX_PHOTOS))
            return
        answer.photos = [*answer.photos, photo]
    await answer.save(state)
    if photo is None:
        await send_answer(message, state, _, profile, letters, menu)
    else:
        await ask_answer(message, state, _)
