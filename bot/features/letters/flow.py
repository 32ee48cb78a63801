"""«📨 Гарантийное письмо»: the section («Мои письма» and «➕ Запросить письмо»), and a request:
«Для кого?» (when more than one person of the family has a ДМС policy in force) → policy (when
several of theirs) → kind → clinic → what was prescribed → photos of the referral → the date
→ summary → «Отправить»; an answer to the operators' question. This module shows each step and
moves between them; steps.py takes what is typed, buttons.py what is pressed, desk.py what
operators do."""

from __future__ import annotations

from datetime import date

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.clinic_views import numbered
from bot.common.entries import LETTERS_BEGIN
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.family.whom import for_whom, whose_line
from bot.features.letters.dialogue import Answer, Draft
from bot.features.letters.keyboards import (
    LIST_PAGE,
    answer_keyboard,
    calendar,
    card_keyboard,
    clinics_keyboard,
    kinds_keyboard,
    new_keyboard,
    photos_keyboard,
    policies_keyboard,
    section_keyboard,
    summary_keyboard,
)
from bot.features.letters.states import LetterFlow
from bot.features.letters.views import (
    ask_day_text,
    ask_photos_text,
    card_text,
    section_text,
    sent_text,
    summary_text,
)
from core.family import Family, Patient
from core.i18n import Translator
from core.letters import (
    MAX_ANSWER,
    MAX_OPEN,
    MAX_PHOTOS,
    MAX_SERVICE,
    Letters,
    NotAllowed,
    NotAwaitingAnswer,
    TooManyOpen,
)
from core.settings import Settings
from storage.models import GuaranteeLetter, Policy, Profile

# -- the section ------------------------------------------------------------------------------


async def show_section(
    message: Message, _: Translator, profile: Profile, letters: Letters, page: int, edit: bool
) -> None:
    """A page of «Мои письма» with «➕ Запросить письмо» (`edit`: in place of the page shown)."""
    count, found = await letters.mine(profile, page * LIST_PAGE, LIST_PAGE)
    if not found and page > 0:
        page, (count, found) = 0, await letters.mine(profile, 0, LIST_PAGE)
    today = letters.today()
    whose = await letters.whose(profile, [letter for letter, _c in found])
    text = section_text(_, count, found, today, whose)
    keyboard = section_keyboard(_, [letter for letter, _c in found], page, count, today)
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


async def show_card(
    message: Message,
    _: Translator,
    profile: Profile,
    letter: GuaranteeLetter,
    letters: Letters,
    page: int,
) -> None:
    """A letter of «Мои письма»; one for a family member says whose it is."""
    policy, clinic = await letters.policy(letter), await letters.clinic(letter)
    today = letters.today()
    whose = (await letters.whose(profile, [letter])).get(letter.id, "")
    await message.answer(
        whose_line(_, whose) + card_text(_, letter, policy, clinic, today),
        reply_markup=card_keyboard(_, letter, page, today),
    )


# -- a new request ----------------------------------------------------------------------------


async def begin(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    family: Family,
) -> None:
    """A new request: «Для кого?» first when more than one person of the family has a ДМС policy
    in force (bot/features/family/whom.py; its answer begins the request again by its entry,
    LETTERS_BEGIN), then `start` for them."""
    in_force = {policy.id for policy in await letters.policies_in_force(profile)}
    whom = await for_whom(
        message,
        state,
        _,
        family,
        profile,
        entry=LETTERS_BEGIN,
        wanted=lambda policy: policy.id in in_force,
    )
    if whom is not None:
        await start(message, state, _, profile, letters, whom)


async def start(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    whom: Patient,
) -> None:
    """A new request for `whom`, unless MAX_OPEN of theirs wait already (the cap is each
    person's), or they hold no ДМС policy in force (said before anything is typed). Whom it is
    for is kept in the draft for the dialogue; a family member is named on its screens."""
    patient = "" if whom.own else whom.first_name
    if not await letters.may_ask(profile, whom):
        await state.clear()
        text = whose_line(_, patient) + _("letters-too-many", max=MAX_OPEN)
        await message.answer(text, reply_markup=new_keyboard(_))
        return
    policies = await letters.policies_in_force(profile, whom.policy_ids)
    if not policies:
        await state.clear()
        await message.answer(_("letters-no-policy"))
        return
    await Draft(whom=whom.key, patient=patient).save(state)
    if len(policies) == 1:
        await choose_policy(message, state, _, profile, letters, policies[0].id)
        return
    await offer_policies(message, state, _, policies)


async def again(
    message: Message, state: FSMContext, _: Translator, profile: Profile, letters: Letters
) -> None:
    """The request from its first step, for whom the dialogue is for (their policy ended
    meanwhile, say); when the account no longer holds a policy of theirs, the dialogue ends."""
    draft = await Draft.load(state)
    whom = await letters.person(profile, draft.whom)
    if whom is None:
        await state.clear()
        await message.answer(_("family-member-gone", name=draft.patient))
        return
    await start(message, state, _, profile, letters, whom)


async def policies_offered(state: FSMContext, profile: Profile, letters: Letters) -> list[Policy]:
    """The ДМС policies in force of whom the request is for: the only ones its policy step
    takes (another family member's, forged into a button, is not one)."""
    whom = await letters.person(profile, (await Draft.load(state)).whom)
    return [] if whom is None else await letters.policies_in_force(profile, whom.policy_ids)


async def offer_policies(
    message: Message, state: FSMContext, _: Translator, policies: list[Policy]
) -> None:
    await state.set_state(LetterFlow.policy)
    patient = (await Draft.load(state)).patient
    await message.answer(
        whose_line(_, patient) + _("letters-ask-policy"), reply_markup=policies_keyboard(policies)
    )


async def ask_policy(
    message: Message, state: FSMContext, _: Translator, profile: Profile, letters: Letters
) -> None:
    policies = await policies_offered(state, profile, letters)
    if len(policies) < 2:
        await again(message, state, _, profile, letters)
        return
    await offer_policies(message, state, _, policies)


async def choose_policy(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    policy_id: int,
) -> bool:
    """The policy chosen, if it is a ДМС policy in force of whom the request is for; then the
    kind."""
    policy = next(
        (p for p in await policies_offered(state, profile, letters) if p.id == policy_id), None
    )
    if policy is None:
        return False
    draft = await Draft.load(state)
    draft.policy, draft.policy_number = policy.id, policy.printed_number
    await draft.save(state)
    await ask_kind(message, state, _)
    return True


async def ask_kind(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(LetterFlow.kind)
    draft = await Draft.load(state)
    await message.answer(
        whose_line(_, draft.patient) + _("letters-ask-kind", policy=draft.policy_number),
        reply_markup=kinds_keyboard(_),
    )


async def ask_clinic(
    message: Message, state: FSMContext, _: Translator, profile: Profile, letters: Letters
) -> None:
    draft = await Draft.load(state)
    policy = await letters.policy_of(profile, draft.policy)
    if policy is None:  # ended meanwhile
        await again(message, state, _, profile, letters)
        return
    recent = await letters.recent_clinics(profile, policy)
    draft.offered = sorted({*draft.offered, *(c.id for c in recent)})
    draft.found = [c.id for c in recent]
    await draft.save(state)
    await state.set_state(LetterFlow.clinic)
    key = "letters-ask-clinic-recent" if recent else "letters-ask-clinic"
    await message.answer(
        _(key, kind=draft.kind, lines=numbered(_, recent)), reply_markup=clinics_keyboard(recent)
    )


async def ask_service(message: Message, state: FSMContext, _: Translator) -> None:
    draft = await Draft.load(state)
    await state.set_state(LetterFlow.service)
    await message.answer(
        _("letters-ask-service", kind=draft.kind, clinic=draft.clinic_name, max=MAX_SERVICE)
    )


async def ask_photos(
    message: Message, state: FSMContext, _: Translator, profile: Profile, letters: Letters
) -> None:
    photos = len((await Draft.load(state)).photos)
    if photos >= MAX_PHOTOS:
        await ask_day(message, state, _, profile, letters)
        return
    await state.set_state(LetterFlow.photos)
    await message.answer(ask_photos_text(_, photos), reply_markup=photos_keyboard(_, photos))


async def date_range(
    message: Message, state: FSMContext, _: Translator, profile: Profile, letters: Letters
) -> tuple[date, date] | None:
    """The days the draft's policy allows; None (and the request begun again) when the policy
    is no longer in force."""
    draft = await Draft.load(state)
    policy = await letters.policy_of(profile, draft.policy)
    if policy is None:
        await message.answer(_("letters-policy-gone"))
        await again(message, state, _, profile, letters)
        return None
    return letters.date_range(policy)


async def ask_day(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    month: date | None = None,
    edit: bool = False,
) -> None:
    days = await date_range(message, state, _, profile, letters)
    if days is None:
        return
    first, last = days
    draft = await Draft.load(state)
    await state.set_state(LetterFlow.day)
    shown = month if month is not None and first.replace(day=1) <= month <= last else first
    keyboard = calendar(_, shown.replace(day=1), first=first, last=last)
    text = ask_day_text(_, draft.kind, first, last)
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


async def choose_day(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    wanted: date,
) -> bool:
    """The day, if the policy allows it (else False: the caller says what is expected)."""
    days = await date_range(message, state, _, profile, letters)
    if days is None:
        return True
    first, last = days
    if not first <= wanted <= last:
        return False
    draft = await Draft.load(state)
    draft.day = wanted.isoformat()
    await draft.save(state)
    await show_summary(message, state, _)
    return True


async def show_summary(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(LetterFlow.summary)
    draft = await Draft.load(state)
    assert draft.wanted is not None
    await message.answer(
        whose_line(_, draft.patient)
        + summary_text(
            _,
            draft.policy_number,
            draft.kind,
            draft.clinic_name,
            draft.service,
            len(draft.photos),
            draft.wanted,
        ),
        reply_markup=summary_keyboard(_),
    )


async def send(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    settings: Settings,
    menu: Menu,
) -> None:
    draft = await Draft.load(state)
    assert draft.wanted is not None
    try:
        letter = await letters.submit(
            profile,
            draft.policy,
            draft.kind,
            draft.clinic,
            draft.service,
            list(draft.photos),
            draft.wanted,
        )
    except TooManyOpen:  # filed meanwhile (another instance)
        await state.clear()
        await message.answer(_("letters-too-many", max=MAX_OPEN), reply_markup=new_keyboard(_))
        return
    except NotAllowed:  # the policy ended, the clinic left the programme, the day passed
        await message.answer(_("letters-no-longer"))
        await again(message, state, _, profile, letters)
        return
    await state.clear()
    desk_on = settings.operators_chat_id is not None
    await show_main_menu(message, _, menu, sent_text(_, letter.label, desk_on, settings.letter_sla))


async def cancel(message: Message, state: FSMContext, _: Translator, menu: Menu) -> None:
    await state.clear()
    await show_main_menu(message, _, menu, _("letters-cancelled"))


# -- an answer to the operators' question -----------------------------------------------------


async def begin_answer(
    message: Message, state: FSMContext, _: Translator, letter: GuaranteeLetter
) -> None:
    await state.set_state(LetterFlow.answer)
    await Answer(letter=letter.id, number=letter.label).save(state)
    await message.answer(
        _("letters-ask-answer", number=letter.label, question=letter.question or "", max=MAX_ANSWER)
    )


async def ask_answer(message: Message, state: FSMContext, _: Translator) -> None:
    answer = await Answer.load(state)
    if answer.photos:
        await message.answer(
            _("letters-answer-photos", count=len(answer.photos), max=MAX_PHOTOS),
            reply_markup=answer_keyboard(_),
        )
    else:
        await message.answer(_("letters-answer-expected", number=answer.number, max=MAX_ANSWER))


async def send_answer(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    menu: Menu,
) -> None:
    answer = await Answer.load(state)
    await state.clear()
    try:
        letter = await letters.answer(profile, answer.letter, answer.text, list(answer.photos))
    except (NotAwaitingAnswer, LookupError):
        await show_main_menu(message, _, menu, _("letters-not-awaiting", number=answer.number))
        return
    await show_main_menu(message, _, menu, _("letters-answer-sent", number=letter.label))
