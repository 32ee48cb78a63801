"""The keyboards of «Клиники рядом»: data and a translator in, markup out."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    WebAppInfo,
)

from bot.common.clinic_views import shorten
from bot.common.keyboards import inline
from bot.features.clinics.callbacks import Action, act
from bot.features.clinics.dialogue import BY_NAME, NEAR, Search
from bot.features.clinics.views import place_name
from core.clinics import PAGE as PAGE_SIZE
from core.clinics import PLACES, ClinicPage, Routes
from core.i18n import Translator
from core.specialties import specialty_in
from storage.models import Clinic

PLACE_BUTTONS = {"home": "clinics-home", "work": "clinics-work"}

Rows = list[list[tuple[str, str]]]


def section(_: Translator, saved: Collection[str]) -> ReplyKeyboardMarkup:
    """The section's own keyboard: share a location, the saved places, the list of them, back."""
    rows = [[KeyboardButton(text=_("clinics-share"), request_location=True)]]
    places = [KeyboardButton(text=_(PLACE_BUTTONS[label])) for label in PLACES if label in saved]
    if places:
        rows.append(places)
    rows.append([KeyboardButton(text=_("clinics-places")), KeyboardButton(text=_("clinics-back"))])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def cards(found: ClinicPage, start: int) -> Rows:
    """A button per clinic listed, numbered as the list is."""
    return [
        [(shorten(f"{n}. {listed.clinic.name}", 60), act(Action.CARD, clinic=listed.clinic.id))]
        for n, listed in enumerate(found.items, start=start + 1)
    ]


def turns(_: Translator, action: Action, found: ClinicPage) -> list[tuple[str, str]]:
    row = []
    if found.page > 0:
        row.append((_("clinics-prev"), act(action, page=found.page - 1)))
    if found.more:
        row.append((_("clinics-more"), act(action, page=found.page + 1)))
    return row


def near(
    _: Translator, found: ClinicPage, page: int, shared: bool, on_map: str | None
) -> InlineKeyboardMarkup:
    """The clinics, the pages, the filter, the map (`on_map`: its address, when it can open)
    and, for a place the person gave, saving it."""
    rows: Rows = []
    if found.items:
        rows += cards(found, page * PAGE_SIZE)
        rows.append(turns(_, Action.NEAR, found))
    rows.append([(_("clinics-filter"), act(Action.FILTER))])
    keyboard = inline([row for row in rows if row]).inline_keyboard
    if on_map is not None:  # a Mini App: an inline button (a keyboard's gets no initData)
        keyboard.append(
            [InlineKeyboardButton(text=_("clinics-on-map"), web_app=WebAppInfo(url=on_map))]
        )
    if shared:
        saving = [(_(f"clinics-save-{label}"), act(Action.SAVE, place=label)) for label in PLACES]
        keyboard += inline([saving]).inline_keyboard
    return InlineKeyboardMarkup(inline_keyboard=keyboard)


def by_name(
    _: Translator, found: ClinicPage, page: int, query: str, geocoding: bool
) -> InlineKeyboardMarkup:
    """The clinics found and the pages; with a geocoder, the text looked up as an address."""
    # Typed text may be an address rather than a clinic's name: look it up only when asked.
    as_address = (
        [[(_("clinics-geocode", query=shorten(query)), act(Action.GEOCODE))]] if geocoding else []
    )
    if not found.items:
        return inline(as_address)
    rows = [*cards(found, page * PAGE_SIZE), turns(_, Action.NAME, found), *as_address]
    return inline([row for row in rows if row])


def to_list(search: Search | None) -> str | None:
    """«К списку» on a card shown in the section (`search`): the page of the list shown last."""
    if search is None or search.listed not in (NEAR, BY_NAME):
        return None
    return act(Action.NEAR if search.listed == NEAR else Action.NAME, page=search.page)


def card(
    _: Translator, clinic: Clinic, book: str, routes: Routes, back: str | None = None
) -> InlineKeyboardMarkup:
    """«Записаться» (`book`: booking answers it) where the clinic books online, the routes, and
    «К списку» (`back`: the list's page) when the card was opened from a list."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            *([[InlineKeyboardButton(text=_("clinic-book"), callback_data=book)]]
              if clinic.online_booking else []),
            [InlineKeyboardButton(text=_("clinic-route-yandex"), url=routes.yandex)],
            [InlineKeyboardButton(text=_("clinic-route-osm"), url=routes.osm)],
            *([[InlineKeyboardButton(text=_("clinics-to-list"), callback_data=back)]]
              if back else []),
        ]
    )  # fmt: skip


def places(_: Translator, saved: Collection[str]) -> InlineKeyboardMarkup:
    rows = []
    for label in PLACES:
        if label in saved:
            name = place_name(_, label)
            rows.append([(_("clinics-place-show", place=name), act(Action.SHOW, place=label))])
            rows.append([(_("clinics-place-forget", place=name), act(Action.FORGET, place=label))])
    return inline(rows)


def specialties(_: Translator, offered: Sequence[str]) -> InlineKeyboardMarkup:
    """The specialties to filter by (numbered from 1), and all of them (0)."""
    rows = [
        [(specialty_in(_.locale, name), act(Action.SPECIALTY, page=n + 1))]
        for n, name in enumerate(offered)
    ]
    rows.append([(_("clinics-filter-all"), act(Action.SPECIALTY, page=0))])
    return inline(rows)
