"""«🏥 Клиники рядом» (flow 4): the nearest clinics of the person's programmes to a shared
location, a point on the map or a saved place, five at a time, with a specialty filter; a search
by part of a name or address; a clinic's venue pin, card and route links; saved places.

Covered means: a programme of one of the person's ДМС policies in force today. Every button naming
a clinic checks that it is covered; places are always the presser's own (named by label).
"""

from __future__ import annotations

import math
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot.common.clinic_views import address, coordinates, distance, lines, shorten
from bot.common.intents import Intents
from bot.common.keyboards import inline
from bot.common.profile import Members
from bot.common.screens import offer_policy, show_main_menu
from bot.features import Feature, Menu, MenuSection
from bot.filters import ButtonText, private_only
from bot.fsm.clinics import ClinicAction, ClinicsFlow
from bot.fsm.dialogues import Dialogue
from core.clinics import (
    MAX_QUERY,
    MIN_QUERY,
    PAGE,
    PLACES,
    ClinicPage,
    Clinics,
    exact,
    route_links,
)
from core.geocoding import Geocoder, GeocodingFailed
from core.i18n import Catalogue, Markup, Translator
from core.notifications import Intent
from core.profile import Profiles
from storage.models import Clinic, User

SECTION = MenuSection("menu-clinics", "help-section-clinics", order=110, audience="members")
PLACE_BUTTONS = {"home": "clinics-home", "work": "clinics-work"}


def data_of(action: str, **fields: Any) -> str:
    return ClinicAction(action=action, **fields).pack()


# -- entering the section ---------------------------------------------------------------------


def section_keyboard(_: Translator, saved: set[str]) -> ReplyKeyboardMarkup:
    rows = [[KeyboardButton(text=_("clinics-share"), request_location=True)]]
    places = [KeyboardButton(text=_(PLACE_BUTTONS[label])) for label in PLACES if label in saved]
    if places:
        rows.append(places)
    rows.append([KeyboardButton(text=_("clinics-places")), KeyboardButton(text=_("clinics-back"))])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


async def enter(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    intents: Intents,
    clinics: Clinics,
) -> set[str] | None:
    """The section's state and keyboard; the programmes, or None (then the person was told)."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return None
    programs = await clinics.programs_of(profile)
    if not programs:
        await state.clear()
        await offer_policy(message, _, intents)
        return None
    await state.set_state(ClinicsFlow.nearby)
    return programs


async def open_section(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    intents: Intents,
    profiles: Profiles,
    clinics: Clinics,
) -> None:
    if await enter(message, state, _, user, members, intents, clinics) is None:
        return
    profile = await profiles.of(user)
    assert profile is not None
    saved = set(await clinics.places(profile))
    await message.answer(_("clinics-ask"), reply_markup=section_keyboard(_, saved))


# -- the nearest to a place -------------------------------------------------------------------


async def on_location(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    clinics: Clinics,
    members: Members,
    intents: Intents,
) -> None:
    """A shared location or a point on the map (a venue carries one too), in the section or not."""
    assert message.location is not None
    if await state.get_state() != ClinicsFlow.nearby.state:
        await open_section(message, state, _, user, members, intents, profiles, clinics)
        if await state.get_state() != ClinicsFlow.nearby.state:
            return
    point = message.location
    await state.update_data(lat=point.latitude, lon=point.longitude, shared=True, specialty=None)
    await show_near(message, state, _, user, profiles, clinics, page=0, edit=False)


async def on_place_button(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    clinics: Clinics,
    catalogue: Catalogue,
    members: Members,
) -> None:
    label = "home" if catalogue.matches("clinics-home", message.text) else "work"
    await near_place(message, state, _, user, members, profiles, clinics, label)


async def near_place(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    clinics: Clinics,
    label: str,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    place = (await clinics.places(profile)).get(label)
    name = _(f"clinics-place-name-{label}")
    if place is None:
        await message.answer(_("clinics-place-unknown", place=name))
        return
    await state.set_state(ClinicsFlow.nearby)
    await state.update_data(lat=place.lat, lon=place.lon, shared=False, specialty=None)
    await show_near(message, state, _, user, profiles, clinics, page=0, edit=False)


async def show_near(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    clinics: Clinics,
    *,
    page: int,
    edit: bool,
) -> None:
    data = await state.get_data()
    profile = await profiles.of(user)
    programs = await clinics.programs_of(profile) if profile else set()
    if not programs or "lat" not in data:
        await message.answer(_("button-stale"))
        return
    specialty = data.get("specialty")
    found = await clinics.near(programs, data["lat"], data["lon"], page, specialty)
    filtered = _("clinics-filter-on", specialty=specialty) if specialty else ""
    rows: list[list[tuple[str, str]]] = []
    if not found.items:
        text = _("clinics-none-near", filter=filtered)
    else:
        start = page * PAGE
        title = _(
            "clinics-near-title",
            filter=filtered,
            **{"from": start + 1},
            to=start + len(found.items),
        )
        text = title + "\n\n" + lines(_, found, start)
        rows += card_buttons(found, start)
        rows.append(turns(_, "near", found))
    rows.append([(_("clinics-filter"), data_of("filter"))])
    if data.get("shared"):
        rows.append(
            [(_(f"clinics-save-{label}"), data_of("save", place=label)) for label in PLACES]
        )
    await show(message, text, inline([row for row in rows if row]), edit)


def card_buttons(found: ClinicPage, start: int) -> list[list[tuple[str, str]]]:
    return [
        [(shorten(f"{n}. {listed.clinic.name}", 60), data_of("card", clinic=listed.clinic.id))]
        for n, listed in enumerate(found.items, start=start + 1)
    ]


def turns(_: Translator, action: str, found: ClinicPage) -> list[tuple[str, str]]:
    row = []
    if found.page > 0:
        row.append((_("clinics-prev"), data_of(action, page=found.page - 1)))
    if found.more:
        row.append((_("clinics-more"), data_of(action, page=found.page + 1)))
    return row


async def show(message: Message, text: str, keyboard: InlineKeyboardMarkup, edit: bool) -> None:
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


# -- by name or address -----------------------------------------------------------------------


async def on_text(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    clinics: Clinics,
    geocoder: Geocoder | None,
) -> None:
    query = " ".join((message.text or "").split())
    if sum(ch.isalnum() for ch in query) < MIN_QUERY:
        await message.answer(_("clinics-query-short", letters=MIN_QUERY))
        return
    if len(query) > MAX_QUERY:
        await message.answer(_("clinics-query-long", letters=MAX_QUERY))
        return
    await state.update_data(query=query)
    await show_by_name(message, state, _, user, profiles, clinics, geocoder, page=0, edit=False)


async def show_by_name(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    clinics: Clinics,
    geocoder: Geocoder | None,
    *,
    page: int,
    edit: bool,
) -> None:
    data = await state.get_data()
    profile = await profiles.of(user)
    programs = await clinics.programs_of(profile) if profile else set()
    query = data.get("query")
    if not programs or not query:
        await message.answer(_("button-stale"))
        return
    found = await clinics.by_name(programs, query, page)
    # Typed text may be an address rather than a clinic's name: look it up only when asked.
    as_address = (
        [[(_("clinics-geocode", query=shorten(query)), data_of("geocode"))]] if geocoder else []
    )
    if not found.items:
        text = _("clinics-none-by-name", query=query)
        await show(message, text, inline(as_address), edit)
        return
    pages = math.ceil((found.count or 0) / PAGE)
    start = page * PAGE
    title = _("clinics-name-title", query=query, count=found.count, page=page + 1, pages=pages)
    rows = [*card_buttons(found, start), turns(_, "name", found), *as_address]
    await show(
        message, title + "\n\n" + lines(_, found, start), inline([r for r in rows if r]), edit
    )


async def near_address(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
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
    await state.update_data(lat=found.lat, lon=found.lon, shared=True, specialty=None)
    await message.answer(_("clinics-geocoded", address=found.label))
    await show_near(message, state, _, user, profiles, clinics, page=0, edit=False)


# -- one clinic -------------------------------------------------------------------------------


async def show_card(
    message: Message,
    _: Translator,
    intents: Intents,
    clinic: Clinic,
    origin: tuple[float, float] | None,
) -> None:
    title = clinic.address or f"{coordinates(clinic.lat)}, {coordinates(clinic.lon)}"
    await message.answer_venue(
        latitude=clinic.lat, longitude=clinic.lon, title=clinic.name, address=title
    )
    away = ""
    if origin is not None:
        meters = exact(origin[0], origin[1], clinic.lat, clinic.lon)
        away = Markup(_("clinic-card-distance", distance=distance(_, meters)))
    specialties = ", ".join(s for s in clinic.specialties.split(";") if s)
    text = _(
        "clinic-card",
        name=clinic.name,
        distance=away,
        address=Markup(address(_, clinic)),
        phone=clinic.phone or Markup(_("clinic-no-phone")),
        specialties=specialties or Markup(_("clinic-no-specialties")),
        booking=Markup(_("clinic-booking-yes" if clinic.online_booking else "clinic-booking-no")),
    )
    if clinic.demo:
        text += "\n\n" + _("clinic-demo")
    links = route_links(origin, (clinic.lat, clinic.lon))
    book = intents.pack(Intent.BOOK_AT_CLINIC, clinic.id)
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            *([[InlineKeyboardButton(text=_("clinic-book"), callback_data=book)]]
              if clinic.online_booking else []),
            [InlineKeyboardButton(text=_("clinic-route-yandex"), url=links.yandex)],
            [InlineKeyboardButton(text=_("clinic-route-osm"), url=links.osm)],
        ]
    )  # fmt: skip
    await message.answer(text, reply_markup=keyboard)


# -- saved places -----------------------------------------------------------------------------


async def show_places(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    profiles: Profiles,
    clinics: Clinics,
) -> None:
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    places = await clinics.places(profile)
    if not places:
        await message.answer(_("clinics-places-empty"))
        return
    listing = "\n".join(
        _(
            "clinics-places-line",
            place=_(f"clinics-place-name-{label}"),
            lat=coordinates(place.lat),
            lon=coordinates(place.lon),
            date=place.saved_at.strftime("%d.%m.%Y"),
        )
        for label, place in sorted(places.items(), key=lambda item: PLACES.index(item[0]))
    )
    rows = []
    for label in PLACES:
        if label in places:
            name = _(f"clinics-place-name-{label}")
            rows.append([(_("clinics-place-show", place=name), data_of("show", place=label))])
            rows.append([(_("clinics-place-forget", place=name), data_of("forget", place=label))])
    await message.answer(
        _("clinics-places-list", places=Markup(listing)), reply_markup=inline(rows)
    )


async def leave(message: Message, state: FSMContext, _: Translator, menu: Menu) -> None:
    await state.clear()
    await show_main_menu(message, _, menu, _("menu-title"))


# -- buttons ----------------------------------------------------------------------------------


async def pressed(
    callback: CallbackQuery,
    callback_data: ClinicAction,
    state: FSMContext,
    _: Translator,
    user: User,
    intents: Intents,
    profiles: Profiles,
    clinics: Clinics,
    geocoder: Geocoder | None,
    members: Members,
) -> None:
    message = callback.message
    profile = await profiles.of(user)
    action = callback_data.action
    names_a_place = action in {"save", "show", "forget"}
    if (
        profile is None
        or not isinstance(message, Message)
        or (names_a_place and callback_data.place not in PLACES)
    ):
        await callback.answer(_("button-stale"), show_alert=True)
        return
    data = await state.get_data()
    in_section = await state.get_state() == ClinicsFlow.nearby.state
    if action == "card":
        programs = await clinics.programs_of(profile)
        clinic = await clinics.covered(programs, callback_data.clinic)
        if clinic is None:
            await callback.answer(_("clinics-not-covered"), show_alert=True)
            return
        await callback.answer()
        origin = (data["lat"], data["lon"]) if in_section and "lat" in data else None
        await show_card(message, _, intents, clinic, origin)
    elif action == "open":
        await callback.answer()
        await open_section(message, state, _, user, members, intents, profiles, clinics)
    elif action == "show":
        await callback.answer()
        await near_place(message, state, _, user, members, profiles, clinics, callback_data.place)
    elif action == "forget":
        if not await clinics.forget_place(profile, callback_data.place):
            await callback.answer(_("button-stale"), show_alert=True)  # deleted before
            return
        await callback.answer()
        name = _(f"clinics-place-name-{callback_data.place}")
        saved = set(await clinics.places(profile))
        keyboard = section_keyboard(_, saved) if in_section else None
        await message.answer(_("clinics-place-forgotten", place=name), reply_markup=keyboard)
    elif not in_section or ("lat" not in data and action not in {"name", "geocode"}):
        # What follows works on the search kept in the dialogue: gone once the person left.
        await callback.answer(_("button-stale"), show_alert=True)
    elif action == "near":
        await callback.answer()
        await show_near(
            message, state, _, user, profiles, clinics, page=callback_data.page, edit=True
        )
    elif action == "name":
        await callback.answer()
        page = callback_data.page
        await show_by_name(
            message, state, _, user, profiles, clinics, geocoder, page=page, edit=True
        )
    elif action == "geocode" and geocoder is not None and data.get("query"):
        await callback.answer()
        await near_address(message, state, _, user, profiles, clinics, geocoder, data["query"])
    elif action == "filter":
        await callback.answer()
        programs = await clinics.programs_of(profile)
        offered = await clinics.specialties_near(programs, data["lat"], data["lon"])
        await state.update_data(offered=offered)
        rows = [[(name, data_of("specialty", page=n + 1))] for n, name in enumerate(offered)]
        rows.append([(_("clinics-filter-all"), data_of("specialty", page=0))])
        await message.answer(_("clinics-filter-choose"), reply_markup=inline(rows))
    elif action == "specialty":
        offered = data.get("offered") or []
        if not 0 <= callback_data.page <= len(offered):
            await callback.answer(_("button-stale"), show_alert=True)
            return
        await callback.answer()
        chosen = offered[callback_data.page - 1] if callback_data.page else None
        await state.update_data(specialty=chosen)
        await show_near(message, state, _, user, profiles, clinics, page=0, edit=True)
    elif action == "save" and data.get("shared"):
        await callback.answer()
        await clinics.save_place(profile, callback_data.place, data["lat"], data["lon"])
        saved = set(await clinics.places(profile))
        name = _(f"clinics-place-name-{callback_data.place}")
        await message.answer(
            _("clinics-saved", place=name), reply_markup=section_keyboard(_, saved)
        )
    else:
        await callback.answer(_("button-stale"), show_alert=True)


def feature() -> Feature:
    router = Router(name="clinics")
    private_only(router)
    router.message.register(open_section, Command("clinics"))
    router.message.register(open_section, StateFilter(None), ButtonText(SECTION.key))
    router.message.register(on_location, StateFilter(None, ClinicsFlow.nearby), F.location)
    nearby = StateFilter(ClinicsFlow.nearby)
    router.message.register(leave, nearby, ButtonText("clinics-back"))
    router.message.register(show_places, nearby, ButtonText("clinics-places"))
    router.message.register(on_place_button, nearby, ButtonText("clinics-home"))
    router.message.register(on_place_button, nearby, ButtonText("clinics-work"))
    router.message.register(on_text, nearby, F.text & ~F.text.startswith("/"))
    router.callback_query.register(pressed, ClinicAction.filter())
    dialogue = Dialogue(
        states=ClinicsFlow,
        title_key="clinics-title",
        begin=open_section,
        prompts={ClinicsFlow.nearby: open_section},
        browsing=True,
    )
    return Feature(
        name="clinics",
        router=router,
        menu=[SECTION],
        dialogues=[dialogue],
        intents={Intent.OPEN_CLINICS: lambda ref: data_of("open")},
    )
