"""The buttons of «Клиники рядом», one handler per action.

Every press is checked by `Member`: the presser signed up, the message still there. Buttons
that work on the search kept in the dialogue (pages, filter, address, saving) act only in the
section. A press that fails any of this — or names no place of the person's, or an action this
version does not know — is answered as a stale button (`stale`, last)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.intents import Intents
from bot.features.clinics import keyboards, screens, views
from bot.features.clinics.callbacks import ClinicAction
from bot.features.clinics.dialogue import Search
from bot.features.clinics.states import ClinicsFlow
from bot.miniapp import MapLinks
from core.clinics import Clinics
from core.family import Family
from core.geocoding import Geocoder
from core.i18n import Translator
from storage.models import Profile


async def stale(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("button-stale"), show_alert=True)


async def card(
    callback: CallbackQuery,
    callback_data: ClinicAction,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    intents: Intents,
    clinics: Clinics,
    family: Family,
) -> None:
    """A clinic of the list: its card, if the programmes of whom the section is about cover it
    (outside the section: any of the account's, a list shown before)."""
    in_section = await state.get_state() == ClinicsFlow.nearby.state
    if in_section:
        programs = await screens.programs(state, profile, clinics, family)
    else:
        programs = await clinics.programs_of(profile)
    clinic = await clinics.covered(programs, callback_data.clinic)
    if clinic is None:
        await callback.answer(_("clinics-not-covered"), show_alert=True)
        return
    await callback.answer()
    search = await Search.load(state) if in_section else None
    await screens.show_card(shown, _, intents, clinic, search)


async def open_section(
    callback: CallbackQuery,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    intents: Intents,
    clinics: Clinics,
    family: Family,
) -> None:
    await callback.answer()
    await screens.enter(shown, state, _, profile, intents, clinics, family)


async def show_place(
    callback: CallbackQuery,
    callback_data: ClinicAction,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    intents: Intents,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
) -> None:
    """The nearest to a saved place; outside the section, the section entered first (whom it
    is about asked, when the family has more than one to ask about)."""
    await callback.answer()
    label = callback_data.place
    if await state.get_state() == ClinicsFlow.nearby.state:
        await screens.near_place(shown, state, _, profile, clinics, family, map_links, label)
        return
    place = (await clinics.places(profile)).get(label)
    if place is None:
        await shown.answer(_("clinics-place-unknown", place=views.place_name(_, label)))
        return
    search = Search()
    search.at(place.lat, place.lon, shared=False)
    await screens.enter_at(shown, state, _, profile, intents, clinics, family, map_links, search)


async def forget_place(
    callback: CallbackQuery,
    callback_data: ClinicAction,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    clinics: Clinics,
) -> None:
    label = callback_data.place
    if not await clinics.forget_place(profile, label):
        await callback.answer(_("button-stale"), show_alert=True)  # deleted before
        return
    await callback.answer()
    in_section = await state.get_state() == ClinicsFlow.nearby.state
    saved = await clinics.places(profile)
    keyboard = keyboards.section(_, saved) if in_section else None
    name = views.place_name(_, label)
    await shown.answer(_("clinics-place-forgotten", place=name), reply_markup=keyboard)


# -- on the search kept in the section (registered in it only) -------------------------------


async def kept(
    callback: CallbackQuery, state: FSMContext, _: Translator
) -> tuple[Search, tuple[float, float]] | None:
    """The search kept and the place asked about last; None (the press answered as stale) when
    no place is kept."""
    search = await Search.load(state)
    if search.origin is None:
        await callback.answer(_("button-stale"), show_alert=True)
        return None
    return search, search.origin


async def turn_near(
    callback: CallbackQuery,
    callback_data: ClinicAction,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
) -> None:
    if await kept(callback, state, _) is None:
        return
    await callback.answer()
    page = callback_data.page
    await screens.show_near(
        shown, state, _, profile, clinics, family, map_links, page=page, edit=True
    )


async def turn_by_name(
    callback: CallbackQuery,
    callback_data: ClinicAction,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    clinics: Clinics,
    family: Family,
    geocoder: Geocoder | None,
) -> None:
    await callback.answer()
    await screens.show_by_name(
        shown,
        state,
        _,
        profile,
        clinics,
        family,
        geocoder,
        page=callback_data.page,
        edit=True,
    )


async def geocode(
    callback: CallbackQuery,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
    geocoder: Geocoder | None,
) -> None:
    """The text searched for last, read as an address: the nearest to it."""
    query = (await Search.load(state)).query
    if geocoder is None or not query:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    await screens.near_address(
        shown, state, _, profile, clinics, family, map_links, geocoder, query
    )


async def choose_specialty(
    callback: CallbackQuery,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    clinics: Clinics,
    family: Family,
) -> None:
    """«Фильтр»: the specialties the nearest clinics offer."""
    kept_search = await kept(callback, state, _)
    if kept_search is None:
        return
    search, (lat, lon) = kept_search
    await callback.answer()
    programs = await screens.programs(state, profile, clinics, family)
    search.offered = await clinics.specialties_near(programs, lat, lon, _.locale)
    await search.save(state)
    keyboard = keyboards.specialties(_, search.offered)
    await shown.answer(_("clinics-filter-choose"), reply_markup=keyboard)


async def filter_by(
    callback: CallbackQuery,
    callback_data: ClinicAction,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
) -> None:
    """One of the specialties offered (`page`: its number from 1), or all of them (0)."""
    kept_search = await kept(callback, state, _)
    if kept_search is None:
        return
    search, _place = kept_search
    number = callback_data.page
    if not 0 <= number <= len(search.offered):
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    search.specialty = search.offered[number - 1] if number else None
    await search.save(state)
    await screens.show_near(shown, state, _, profile, clinics, family, map_links, page=0, edit=True)


async def save_place(
    callback: CallbackQuery,
    callback_data: ClinicAction,
    shown: Message,
    profile: Profile,
    state: FSMContext,
    _: Translator,
    clinics: Clinics,
) -> None:
    """The place the person gave (not a saved one), as home or work."""
    kept_search = await kept(callback, state, _)
    if kept_search is None:
        return
    search, (lat, lon) = kept_search
    if not search.shared:
        await callback.answer(_("button-stale"), show_alert=True)
        return
    await callback.answer()
    label = callback_data.place
    await clinics.save_place(profile, label, lat, lon)
    saved = await clinics.places(profile)
    name = views.place_name(_, label)
    await shown.answer(_("clinics-saved", place=name), reply_markup=keyboards.section(_, saved))
