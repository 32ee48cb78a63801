"""The messages of «Клиники рядом»: the section opened, a location or a point on the map, a
saved place's button, part of a name or address, the list of saved places, back to the menu."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.entries import CLINICS_AT_PLACE
from bot.common.intents import Intents
from bot.common.profile import Members
from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.clinics import keyboards, screens, views
from bot.features.clinics.dialogue import Search
from bot.miniapp import MapLinks
from core.clinics import MAX_QUERY, MIN_QUERY, Clinics
from core.family import Family
from core.geocoding import Geocoder
from core.i18n import Catalogue, Translator
from core.profile import Profiles
from storage.models import User


async def open_section(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    intents: Intents,
    clinics: Clinics,
    family: Family,
) -> None:
    """/clinics, «🏥 Клиники рядом», «Начать заново», «Для кого?» answered: whom it is about
    asked (the family), then the section."""
    profile = await members.require(message, state, _, user)
    if profile is not None:
        await screens.enter(message, state, _, profile, intents, clinics, family)


async def show_again(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    intents: Intents,
    clinics: Clinics,
    family: Family,
) -> None:
    """The section's first screen again (/start → «Продолжить», an answer it cannot read), for
    whom it was about: not asked again. Someone no longer the account's: asked afresh."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    whom = await screens.whom_of(state, profile, family)
    if whom is None:
        await screens.enter(message, state, _, profile, intents, clinics, family)
        return
    await screens.ask_place(message, _, profile, clinics, whom)


async def location_outside(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    intents: Intents,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
) -> None:
    """A location sent outside the section: the section, then the nearest to it (the place kept
    while «Для кого?» is asked)."""
    assert message.location is not None
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    search = Search()
    search.at(message.location.latitude, message.location.longitude, shared=True)
    await screens.enter_at(message, state, _, profile, intents, clinics, family, map_links, search)


async def at_place(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    intents: Intents,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
) -> None:
    """«Для кого?» answered after a place was given outside the section: the section for them,
    then the nearest to that place (kept in the dialogue's data)."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    entered = await screens.enter(
        message, state, _, profile, intents, clinics, family, entry=CLINICS_AT_PLACE
    )
    if entered and (await Search.load(state)).origin is not None:  # «Начать заново» kept none
        await screens.show_near(
            message, state, _, profile, clinics, family, map_links, page=0, edit=False
        )


async def location(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
) -> None:
    """A shared location or a point on the map (a venue carries one too)."""
    assert message.location is not None
    search = await Search.load(state)
    search.at(message.location.latitude, message.location.longitude, shared=True)
    await search.save(state)
    profile = await profiles.of(user)
    await screens.show_near(
        message, state, _, profile, clinics, family, map_links, page=0, edit=False
    )


async def place_button(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    clinics: Clinics,
    family: Family,
    map_links: MapLinks,
    catalogue: Catalogue,
) -> None:
    """«🏠 Дом» or «💼 Работа»: the nearest to that saved place."""
    profile = await members.require(message, state, _, user)
    if profile is not None:
        label = "home" if catalogue.matches("clinics-home", message.text) else "work"
        await screens.near_place(message, state, _, profile, clinics, family, map_links, label)


async def text(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    profiles: Profiles,
    clinics: Clinics,
    family: Family,
    geocoder: Geocoder | None,
) -> None:
    """Part of a clinic's name or address."""
    query = " ".join((message.text or "").split())
    if sum(ch.isalnum() for ch in query) < MIN_QUERY:
        await message.answer(_("clinics-query-short", letters=MIN_QUERY))
        return
    if len(query) > MAX_QUERY:
        await message.answer(_("clinics-query-long", letters=MAX_QUERY))
        return
    search = await Search.load(state)
    search.query = query
    await search.save(state)
    profile = await profiles.of(user)
    await screens.show_by_name(
        message, state, _, profile, clinics, family, geocoder, page=0, edit=False
    )


async def places(
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    members: Members,
    clinics: Clinics,
) -> None:
    """«📍 Мои места»: the saved places, each to show or forget."""
    profile = await members.require(message, state, _, user)
    if profile is None:
        return
    saved = await clinics.places(profile)
    if not saved:
        await message.answer(_("clinics-places-empty"))
        return
    await message.answer(views.places(_, saved), reply_markup=keyboards.places(_, saved))


async def leave(message: Message, state: FSMContext, _: Translator, menu: Menu) -> None:
    await state.clear()
    await show_main_menu(message, _, menu, _("menu-title"))
