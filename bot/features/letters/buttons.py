"""The person's letter buttons, one handler per action. Each is reached only by someone with a
profile (`SignedUp`) on a message still there (`Shown`). A step's button pressed in another
step, and any action not known here, is stale; a button naming anyone else's letter is
refused."""

from __future__ import annotations

from datetime import date

from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.common.keyboards import drop_buttons
from bot.documents import Documents
from bot.features import Menu
from bot.features.letters.callbacks import LetterAction
from bot.features.letters.dialogue import Answer, Draft
from bot.features.letters.flow import (
    ask_answer,
    ask_clinic,
    ask_day,
    begin,
    begin_answer,
    cancel,
    choose_day,
    choose_policy,
    policies_offered,
    send,
    send_answer,
    show_card,
    show_section,
)
from bot.features.letters.steps import take_clinic
from core.family import Family
from core.i18n import Catalogue, Translator
from core.letters import KINDS, Letters, shown_status
from core.settings import Settings
from storage.models import GuaranteeLetter, Profile


def shown(callback: CallbackQuery) -> Message:
    """The message a button is on (`Shown` lets through only those still there)."""
    assert isinstance(callback.message, Message)
    return callback.message


# -- the section ------------------------------------------------------------------------------


async def show_mine(
    callback: CallbackQuery,
    callback_data: LetterAction,
    _: Translator,
    profile: Profile,
    letters: Letters,
) -> None:
    await callback.answer()
    await show_section(shown(callback), _, profile, letters, callback_data.page, edit=False)


async def turn_page(
    callback: CallbackQuery,
    callback_data: LetterAction,
    _: Translator,
    profile: Profile,
    letters: Letters,
) -> None:
    await callback.answer()
    await show_section(shown(callback), _, profile, letters, callback_data.page, edit=True)


async def new(
    callback: CallbackQuery,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    family: Family,
) -> None:
    """«➕ Запросить письмо»."""
    await callback.answer()
    await begin(shown(callback), state, _, profile, letters, family)


async def own_letter(
    callback: CallbackQuery,
    callback_data: LetterAction,
    _: Translator,
    profile: Profile,
    letters: Letters,
) -> GuaranteeLetter | None:
    """The presser's own letter the button names; anyone else's is refused."""
    letter = await letters.owned(profile, callback_data.id)
    if letter is None:
        await callback.answer(_("letters-not-yours"), show_alert=True)
    return letter


async def open_letter(
    callback: CallbackQuery,
    callback_data: LetterAction,
    _: Translator,
    profile: Profile,
    letters: Letters,
) -> None:
    letter = await own_letter(callback, callback_data, _, profile, letters)
    if letter is None:
        return
    await callback.answer()
    await show_card(shown(callback), _, profile, letter, letters, callback_data.page)


async def pdf(
    callback: CallbackQuery,
    callback_data: LetterAction,
    _: Translator,
    profile: Profile,
    letters: Letters,
    catalogue: Catalogue,
    settings: Settings,
    documents: Documents,
) -> None:
    """The approved letter as a PDF in the person's language (made off the event loop)."""
    letter = await own_letter(callback, callback_data, _, profile, letters)
    if letter is None:
        return
    if shown_status(letter, letters.today()) != "approved":
        await callback.answer(_("letters-no-pdf"), show_alert=True)
        return
    await callback.answer()
    from core.letter_pdf import letter_pdf  # reportlab loaded when first asked for

    copy = await letters.copy_of(letter)
    made = await documents.make(letter_pdf, copy, catalogue, settings, locale=_.locale)
    await shown(callback).answer_document(
        BufferedInputFile(made, filename=_.plain("letters-pdf-file", number=letter.id)),
        caption=_("letters-pdf-ready", number=letter.label, letter=copy.number),
    )


async def answer(
    callback: CallbackQuery,
    callback_data: LetterAction,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
) -> None:
    """«✍️ Ответить» on the operators' question about the person's own request."""
    letter = await own_letter(callback, callback_data, _, profile, letters)
    if letter is None:
        return
    await callback.answer()
    if letter.status != "clarify":
        await shown(callback).answer(_("letters-not-awaiting", number=letter.label))
        return
    await begin_answer(shown(callback), state, _, letter)


# -- the steps of a request -------------------------------------------------------------------


async def policy(
    callback: CallbackQuery,
    callback_data: LetterAction,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
) -> None:
    """A policy offered: it must be a ДМС policy in force of whom the request is for (the
    presser's account holds it)."""
    offered = await policies_offered(state, profile, letters)
    if callback_data.id not in {policy.id for policy in offered}:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    await drop_buttons(shown(callback))
    await choose_policy(shown(callback), state, _, profile, letters, callback_data.id)


async def kind(
    callback: CallbackQuery,
    callback_data: LetterAction,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
) -> None:
    if callback_data.on not in KINDS:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    draft = await Draft.load(state)
    draft.kind = callback_data.on
    await draft.save(state)
    await drop_buttons(shown(callback))
    await ask_clinic(shown(callback), state, _, profile, letters)


async def clinic(
    callback: CallbackQuery,
    callback_data: LetterAction,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
) -> None:
    """One of the clinics offered in this dialogue that the policy covers (any other: stale)."""
    message = shown(callback)
    if not await take_clinic(message, state, _, profile, letters, callback_data.id):
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    await drop_buttons(message)


async def photos_done(
    callback: CallbackQuery, state: FSMContext, _: Translator, profile: Profile, letters: Letters
) -> None:
    await callback.answer()
    await drop_buttons(shown(callback))
    await ask_day(shown(callback), state, _, profile, letters)


async def day(
    callback: CallbackQuery,
    callback_data: LetterAction,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
) -> None:
    try:
        wanted = date.fromisoformat(callback_data.on)
    except ValueError:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    if await choose_day(shown(callback), state, _, profile, letters, wanted):
        await drop_buttons(shown(callback))
    else:  # a calendar shown yesterday: that day has passed
        await shown(callback).answer(_("letters-day-past"))


async def month(
    callback: CallbackQuery,
    callback_data: LetterAction,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
) -> None:
    try:
        shown_month = date.fromisoformat(callback_data.on)
    except ValueError:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    await ask_day(shown(callback), state, _, profile, letters, month=shown_month, edit=True)


async def nothing(callback: CallbackQuery, _: Translator) -> None:
    """A calendar cell that is no day to choose (a weekday, the month's name, a day outside)."""
    await callback.answer(_("letters-cell-empty"))


async def send_pressed(
    callback: CallbackQuery,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    settings: Settings,
    menu: Menu,
) -> None:
    await callback.answer()
    await drop_buttons(shown(callback))
    await send(shown(callback), state, _, profile, letters, settings, menu)


async def cancel_pressed(
    callback: CallbackQuery, state: FSMContext, _: Translator, menu: Menu
) -> None:
    await callback.answer()
    await drop_buttons(shown(callback))
    await cancel(shown(callback), state, _, menu)


async def reply_pressed(
    callback: CallbackQuery,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    letters: Letters,
    menu: Menu,
) -> None:
    """«📨 Отправить ответ»: the photos (and text) gathered go to the desk."""
    await callback.answer()
    await drop_buttons(shown(callback))
    answer_data = await Answer.load(state)
    if not answer_data.photos and not answer_data.text:
        await ask_answer(shown(callback), state, _)
        return
    await send_answer(shown(callback), state, _, profile, letters, menu)


async def stale(callback: CallbackQuery, _: Translator) -> None:
    """A step's button in another step, an action not known here, a message no longer there."""
    await callback.answer(_("button-stale"), show_alert=True)
