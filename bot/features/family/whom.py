"""«Для кого?»: the question every section about a person asks first when the account has family
members (core/family.py), and its answer, pressed or typed.

A section begins with `for_whom`: it answers at once when there is nobody to choose between (the
section then goes on), else asks and the section stops. The answer begins the section again by its
entry (bot/common/entries.py), and `for_whom` then hands it the person chosen; the section keeps
them in its own dialogue's data for as long as the dialogue lasts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.common.dialogue_data import DialogueData
from bot.common.entries import Entries
from bot.common.keyboards import drop_buttons, inline
from bot.common.screens import show_main_menu
from bot.features.family.callbacks import WhomPick
from bot.features.family.states import WhomFlow
from core.family import SELF, Family, Patient
from core.i18n import Translator, fold
from core.typed import DIMINUTIVES, ME_WORDS, place_in_list
from storage.models import Policy, Profile


@dataclass
class WhomData(DialogueData):
    """The section's entry to begin once answered, the people offered (their keys, in the order
    shown) and, once answered, whom."""

    entry: str = ""
    offered: list[int] = field(default_factory=list)
    chosen: int | None = None
    # What the dialogue kept when asked (a place «Клиники рядом» was asked about, a clinic whose
    # «Записаться» was pressed): the section finds it again once answered.
    kept: dict[str, Any] = field(default_factory=dict)


def label(_: Translator, patient: Patient) -> str:
    """How a person is named in the question and on a section's screens."""
    if patient.own:
        return _.plain("family-whom-self", name=patient.first_name)
    return _.plain("family-whom-member", name=patient.first_name, relation=patient.relation)


def whose_line(_: Translator, name: str | None) -> str:
    """«Пациент: Маша» and a line break above a screen about a family member (`name`: their first
    name); nothing for the account's own person (no name)."""
    return _("family-for", name=name) + "\n" if name else ""


def patient_line(_: Translator, whom: Patient) -> str:
    """`whose_line` for whom a section is about."""
    return whose_line(_, None if whom.own else whom.first_name)


def keyboard(_: Translator, people: list[Patient]) -> InlineKeyboardMarkup:
    return inline([[(label(_, person), WhomPick(key=person.key).pack())] for person in people])


async def for_whom(
    message: Message,
    state: FSMContext,
    _: Translator,
    family: Family,
    profile: Profile,
    *,
    entry: str,
    wanted: Callable[[Policy], bool] | None = None,
) -> Patient | None:
    """Whom the section begun by `entry` is about: the person just chosen when this is the section
    begun by the answer; the only one when nobody else has a policy `wanted` accepts (the account's
    own person when nobody has: the section says there is none); else the question is asked and
    None returned (the section stops). The dialogue state is the section's to set."""
    if await state.get_state() == WhomFlow.choose.state:
        asked = await WhomData.load(state)
        await state.clear()
        await state.set_data(asked.kept)
        if asked.entry == entry and asked.chosen is not None:
            chosen = await family.patient(profile, asked.chosen)
            if chosen is not None:
                return chosen
    people = await family.patients(profile, wanted)
    if len(people) <= 1:
        own = await family.patient(profile, SELF)
        assert own is not None  # the own person always is
        return people[0] if people else own
    kept = await state.get_data()
    await state.set_state(WhomFlow.choose)
    offered = [person.key for person in people]
    await WhomData(entry=entry, offered=offered, kept=kept).save(state)
    await message.answer(_("family-whom-ask"), reply_markup=keyboard(_, people))
    return None


async def _offered(state: FSMContext, family: Family, profile: Profile) -> list[Patient]:
    """The people the question offered, as they are now (one whose policies left the account is
    no longer offered)."""
    keys = (await WhomData.load(state)).offered
    people = [await family.patient(profile, key) for key in keys]
    return [person for person in people if person is not None]


def _named(text: str, people: list[Patient], _: Translator) -> Patient | None:
    """The person typed: their place in the list, their first or full name, the label of their
    button, or «мне» for the account's own person."""
    place = place_in_list(text, len(people))
    if place is not None:
        return people[place]
    typed = fold(text)
    for person in people:
        names = {fold(person.first_name), fold(person.full_name), fold(label(_, person))}
        if typed in names or (person.own and typed in ME_WORDS):
            return person
    # «Маша» for Мария: only when it names one of them.
    called = [p for p in people if fold(p.first_name) in DIMINUTIVES.get(typed, frozenset())]
    return called[0] if len(called) == 1 else None


async def _begin(message: Message, state: FSMContext, key: int, data: dict[str, Any]) -> None:
    asked = await WhomData.load(state)
    asked.chosen = key
    await asked.save(state)
    entries: Entries = data["entries"]
    await entries.begin(asked.entry, message, **data)


async def on_pressed(callback: CallbackQuery, callback_data: WhomPick, **data: Any) -> None:
    """A person's button: only one offered by the question still open, and still the account's
    (a forged key, or a button of an older question, is refused)."""
    state: FSMContext = data["state"]
    _: Translator = data["_"]
    shown: Message = data["shown"]
    people = []
    if await state.get_state() == WhomFlow.choose.state:
        people = await _offered(state, data["family"], data["profile"])
    if callback_data.key not in {person.key for person in people}:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    await drop_buttons(shown)
    await _begin(shown, state, callback_data.key, {**data, "state": state, "_": _})


async def on_typed(message: Message, **data: Any) -> None:
    """A person named in text: their place in the list, their name, or «мне»."""
    state: FSMContext = data["state"]
    _: Translator = data["_"]
    people = await _offered(state, data["family"], data["profile"])
    chosen = _named(message.text or "", people, _)
    if chosen is None:
        await message.answer(_("family-whom-bad"), reply_markup=keyboard(_, people))
        return
    await _begin(message, state, chosen.key, {**data, "state": state, "_": _})


async def ask_again(message: Message, **data: Any) -> None:
    """The question shown again (/start → «Продолжить», an answer it cannot read)."""
    state: FSMContext = data["state"]
    _: Translator = data["_"]
    profile = await data["profiles"].of(data["user"])
    if profile is None:
        await state.clear()
        return
    people = await _offered(state, data["family"], profile)
    await message.answer(_("family-whom-ask"), reply_markup=keyboard(_, people))


async def begin_again(message: Message, **data: Any) -> None:
    """«Начать заново»: the section that asked, begun afresh (it asks again); with no section
    known, the menu (not silence). /start clears the dialogue first and hands over what it kept
    (`restarted_from`)."""
    state: FSMContext = data["state"]
    entry = WhomData.from_dict(data.get("restarted_from") or await state.get_data()).entry
    await state.clear()
    if entry:
        entries: Entries = data["entries"]
        await entries.begin(entry, message, **data)
        return
    _: Translator = data["_"]
    await show_main_menu(message, _, data["menu"], _("menu-title"))
