"""What both the steps and the buttons of «Клиники рядом» show: the section entered, the nearest
clinics to a place, the clinics found by a name, a clinic's card.

Covered means: a programme of one of the person's ДМС policies in force today."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message

from bot.common.intents import Intents
from bot.common.screens import offer_policy
from bot.features.clinics import keyboards, views
from bot.features.clinics.dialogue import BY_NAME, NEAR, Search
from bot.features.clinics.states import ClinicsFlow
from core.clinics import Clinics, route_links
from core.geocoding import Geocoder, GeocodingFailed
from core.i18n import Translator
from core.notifications import Intent
from storage.models import Clinic, Profile


async def enter(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    intents: Intents,
    clinics: Clinics,
) -> bool:
    """The section's state and keyboard; False (the person told to link a policy) without a
    programme in force."""
    if not await clinics.programs_of(profile):
        await state.clear()
        await offer_policy(message, _, intents)
        return False
    await state.set_state(ClinicsFlow.nearby)
    saved = await clinics.places(profile)
    await message.answer(_("clinics-ask"), reply_markup=keyboards.section(_, saved))
    return True


async def near_place(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    clinics: Clinics,
    label: str,
) -> None:
    """The nearest to a saved place (not one to save again)."""
    place = (await clinics.places(profile)).get(label)
    if place is None:
        await message.answer(_("clinics-place-unknown", place=views.place_name(_, label)))
        return
    await state.set_state(ClinicsFlow.nearby)
    search = await Search.load(state)
    search.at(place.lat, place.lon, shared=False)
    await search.save(state)
    await show_near(message, state, _, profile, clinics, page=0, edit=False)


async def show_near(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile | None,
    clinics: Clinics,
    *,
    page: int,
    edit: bool,
) -> None:
    search = await Search.load(state)
    programs = await clinics.programs_of(profile) if profile else set()
    if not programs or search.lat is None or search.lon is None:
        await message.answer(_("button-stale"))
        return
    found = await clinics.near(programs, search.lat, search.lon, page, search.specialty)
    search.shown(NEAR, page)
    await search.save(state)
    text = views.near(_, found, page, search.specialty)
    await show(message, text, keyboards.near(_, found, page, search.shared), edit)


async def show_by_name(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile | None,
    clinics: Clinics,
    geocoder: Geocoder | None,
    *,
    page: int,
    edit: bool,
) -> None:
    search = await Search.load(state)
    query = search.query
    programs = await clinics.programs_of(profile) if profile else set()
    if not programs or not query:
        await message.answer(_("button-stale"))
        return
    found = await clinics.by_name(programs, query, page)
    search.shown(BY_NAME, page)
    await search.save(state)
    keyboard = keyboards.by_name(_, found, page, query, geocoding=geocoder is not None)
    await show(message, views.by_name(_, found, page, query), keyboard, edit)


async def near_address(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    clinics: Clinics,
    geocoder: Geocoder,
    query: str,
) -> None:
    try:
        found = await clinics.geocode(geocoder, query)
    except GeocodingFailed:
        await message.answer(_("clinics-geocode-failed"))
        return
    if found is None:
        await message.answer(_("clinics-geocode-none", query=query))
        return
    search = await Search.load(state)
    search.at(found.lat, found.lon, shared=True)
    await search.save(state)
    await message.answer(_("clinics-geocoded", address=found.label))
    await show_near(message, state, _, profile, clinics, page=0, edit=False)


async def show_card(
    message: Message,
    _: Translator,
    intents: Intents,
    clinic: Clinic,
    search: Search | None,
) -> None:
    """The clinic as a venue on the map, then its card with «Записаться», the routes and, in the
    section (`search`), «К списку»."""
    origin = search.origin if search is not None else None
    await message.answer_venue(
        latitude=clinic.lat,
        longitude=clinic.lon,
        title=clinic.name,
        address=views.venue_address(clinic),
    )
    book = intents.pack(Intent.BOOK_AT_CLINIC, clinic.id)
    routes = route_links(origin, (clinic.lat, clinic.lon))
    await message.answer(
        views.card(_, clinic, origin),
        reply_markup=keyboards.card(_, clinic, book, routes, keyboards.to_list(search)),
    )


async def show(message: Message, text: str, keyboard: InlineKeyboardMarkup, edit: bool) -> None:
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)
