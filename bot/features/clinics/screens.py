"""What both the steps and the buttons of «Клиники рядом» show: the section entered, the nearest
clinics to a place, the clinics found by a name, a clinic's card.

Covered means: a programme of one of the ДМС policies in force today of whom the section is about
(«Для кого?», asked on entering when more than one of the family has one)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message

from bot.common.entries import CLINICS_AT_PLACE, CLINICS_BEGIN
from bot.common.intents import Intents
from bot.common.screens import offer_policy
from bot.features.clinics import keyboards, views
from bot.features.clinics.dialogue import BY_NAME, NEAR, Search
from bot.features.clinics.states import ClinicsFlow
from bot.features.family.whom import for_whom
from bot.miniapp import MapLinks
from core.clinics import Clinics, route_links
from core.family import SELF, Family, Patient
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
    family: Family,
    *,
    entry: str = CLINICS_BEGIN,
) -> bool:
    """«Для кого?» when more than one of the family has a ДМС policy in force, then the
    section's state and keyboard, kept for that person. False when asked (the answer begins
    `entry` again) or when they have no programme in force (told to link a policy). What the
    dialogue keeps (a place given outside the section) stays."""
    whom = await for_whom(
        message, state, _, family, profile, entry=entry, wanted=clinics.in_force()
    )
    if whom is None:
        return False
    if not await clinics.programs_of(profile, whom.policy_ids):
        await state.clear()
        await offer_policy(message, _, intents)
        return False
    search = await Search.load(state)
    search.whom = whom.key
    await state.set_state(ClinicsFlow.nearby)
    await search.save(state)
    await ask_place(message, _, profile, clinics, whom)
    return True


async def ask_place(
    message: Message, _: Translator, profile: Profile, clinics: Clinics, whom: Patient
) -> None:
    """The section's first screen: a place or a name asked for, whose clinics they are (a family
    member's) said."""
    saved = await clinics.places(profile)
    text = views.patient(_, whom) + _("clinics-ask")
    await message.answer(text, reply_markup=keyboards.section(_, saved))


async def enter_at(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    intents: Intents,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
    place: Search,
) -> None:
    """A place given outside the section (a location sent, a saved place's button): the section
    entered, then the nearest to it. The place is kept while «Для кого?» is asked; the answer
    goes on from here (`CLINICS_AT_PLACE`)."""
    await state.clear()  # a question pending (another section's) is not the one to answer
    await place.save(state)
    if await enter(message, state, _, profile, intents, clinics, family, entry=CLINICS_AT_PLACE):
        await show_near(message, state, _, profile, clinics, family, map_links, page=0, edit=False)


async def whom_of(state: FSMContext, profile: Profile, family: Family) -> Patient | None:
    """Whom the section is about, as chosen on entering (the account's own person for a dialogue
    kept from before); None when they are no longer the account's."""
    key = (await Search.load(state)).whom
    return await family.patient(profile, key or SELF)


async def programs(
    state: FSMContext, profile: Profile | None, clinics: Clinics, family: Family
) -> set[str]:
    """The programmes whose clinics the section shows: those in force of whom it is about."""
    if profile is None:
        return set()
    whom = await whom_of(state, profile, family)
    return set() if whom is None else await clinics.programs_of(profile, whom.policy_ids)


async def near_place(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
    label: str,
) -> None:
    """The nearest to a saved place (not one to save again), in the section."""
    place = (await clinics.places(profile)).get(label)
    if place is None:
        await message.answer(_("clinics-place-unknown", place=views.place_name(_, label)))
        return
    await state.set_state(ClinicsFlow.nearby)
    search = await Search.load(state)
    search.at(place.lat, place.lon, shared=False)
    await search.save(state)
    await show_near(message, state, _, profile, clinics, family, map_links, page=0, edit=False)


async def show_near(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile | None,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
    *,
    page: int,
    edit: bool,
) -> None:
    search = await Search.load(state)
    covered = await programs(state, profile, clinics, family)
    if not covered or search.lat is None or search.lon is None:
        await message.answer(_("button-stale"))
        return
    found = await clinics.near(covered, search.lat, search.lon, page, search.specialty)
    search.shown(NEAR, page)
    await search.save(state)
    on_map = map_links.page(_.locale, search.whom or SELF, at_last=True)
    if on_map is not None and page == 0 and profile is not None:  # where the map opens
        await clinics.remember(profile, search.lat, search.lon)
    text = views.near(_, found, page, search.specialty)
    await show(message, text, keyboards.near(_, found, page, search.shared, on_map), edit)


async def show_by_name(
    message: Message,
    state: FSMContext,
    _: Translator,
    profile: Profile | None,
    clinics: Clinics,
    family: Family,
    geocoder: Geocoder | None,
    *,
    page: int,
    edit: bool,
) -> None:
    search = await Search.load(state)
    query = search.query
    covered = await programs(state, profile, clinics, family)
    if not covered or not query:
        await message.answer(_("button-stale"))
        return
    found = await clinics.by_name(covered, query, page)
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
    family: Family,
    map_links: MapLinks,
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
    await show_near(message, state, _, profile, clinics, family, map_links, page=0, edit=False)


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
