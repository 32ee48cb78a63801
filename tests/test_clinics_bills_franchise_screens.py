"""The pure parts of «Клиники рядом», «Мои счета» and «Франшиза и карта»: their keyboards and
texts, built without a bot, and the callback data their buttons carry (unchanged, byte for byte:
buttons on people's phones keep working)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup

from bot.features import bills, clinics, franchise
from bot.features.bills import views as bill_views
from bot.features.clinics import keyboards as clinic_keyboards
from bot.features.clinics import views as clinic_views
from bot.features.clinics.callbacks import Action as ClinicStep
from bot.features.clinics.callbacks import ClinicAction
from bot.features.clinics.dialogue import Search
from bot.features.franchise import keyboards as franchise_keyboards
from bot.features.franchise import views as franchise_views
from bot.features.letters.views import found_text as letter_choice
from bot.features.tickets.views import found_text as ticket_choice
from core.clinics import ClinicPage, Listed, located, route_links
from core.copayments import Line
from core.franchise import Offer, Stage
from core.i18n import default_catalogue
from core.notifications import Intent
from storage.models import Card, Charge, Clinic, Policy

_ = default_catalogue().translator("ru")


def data(markup: InlineKeyboardMarkup) -> list[list[str | None]]:
    return [[button.callback_data for button in row] for row in markup.inline_keyboard]


def clinic(n: int, online: bool = False) -> Clinic:
    return Clinic(
        id=n,
        name=f"Клиника {n}",
        address=f"ул. Ленина, {n}",
        phone=None,
        lat=55.75,
        lon=37.62,
        online_booking=online,
        specialties="терапевт;хирург",
        demo=False,
    )


def page(ids: range, number: int, more: bool) -> ClinicPage:
    return ClinicPage([Listed(clinic(n), 850.0) for n in ids], page=number, more=more)


def test_the_buttons_pack_as_they_always_did() -> None:
    assert ClinicAction(action=ClinicStep.CARD, clinic=12).pack() == "cl:card:12:0:"
    assert ClinicAction.unpack("cl:save:0:0:home").action is ClinicStep.SAVE
    intents = {**clinics.feature().intents, **bills.feature().intents}
    intents |= franchise.feature().intents
    assert intents[Intent.OPEN_CLINICS](0) == "cl:open:0:0:"
    assert intents[Intent.PAY_CHARGE](5) == "bl:pay:5:0"
    assert intents[Intent.OPEN_FRANCHISE](0) == "fr:show:0"


def test_the_nearest_page_numbers_its_clinics_turns_filters_and_saves() -> None:
    second = page(range(6, 11), number=1, more=True)
    assert data(clinic_keyboards.near(_, second, 1, shared=True, on_map=None)) == [
        *[[f"cl:card:{n}:0:"] for n in range(6, 11)],
        ["cl:near:0:0:", "cl:near:0:2:"],
        ["cl:filter:0:0:"],
        ["cl:save:0:0:home", "cl:save:0:0:work"],
    ]
    # The map (a Mini App: no callback data) after the filter, before saving the place.
    on_map = clinic_keyboards.near(_, second, 1, True, "https://bot.example/miniapp?lang=ru")
    assert data(on_map)[-2:] == [[None], ["cl:save:0:0:home", "cl:save:0:0:work"]]
    [[button], _saving] = on_map.inline_keyboard[-2:]
    assert button.text == "🗺 На карте"
    assert button.web_app is not None
    assert button.web_app.url == "https://bot.example/miniapp?lang=ru"
    labels = [
        row[0].text for row in clinic_keyboards.near(_, second, 1, False, None).inline_keyboard
    ]
    assert labels[0] == "6. Клиника 6"
    # A saved place is not offered to be saved again; nothing found leaves the filter.
    none = page(range(0), number=0, more=False)
    assert data(clinic_keyboards.near(_, none, 0, shared=False, on_map=None)) == [
        ["cl:filter:0:0:"]
    ]
    assert clinic_views.near(_, none, 0, None) == _("clinics-none-near", filter="")


def test_the_specialty_filter_numbers_from_one_and_zero_is_all() -> None:
    markup = clinic_keyboards.specialties(_, ["терапевт", "хирург"])
    assert data(markup) == [["cl:specialty:0:1:"], ["cl:specialty:0:2:"], ["cl:specialty:0:0:"]]
    assert markup.inline_keyboard[-1][0].text == _("clinics-filter-all")


def test_a_clinic_card_books_only_online_and_the_search_by_name_offers_the_address() -> None:
    routes = route_links(None, (55.75, 37.62))
    assert data(clinic_keyboards.card(_, clinic(3), "bk:x", routes)) == [[None], [None]]
    assert data(clinic_keyboards.card(_, clinic(3, online=True), "bk:x", routes))[0] == ["bk:x"]
    nothing = page(range(0), number=0, more=False)
    assert data(clinic_keyboards.by_name(_, nothing, 0, "Ленина", geocoding=True)) == [
        ["cl:geocode:0:0:"]
    ]
    assert data(clinic_keyboards.by_name(_, nothing, 0, "Ленина", geocoding=False)) == []


def test_the_search_kept_loads_what_an_older_version_stored() -> None:
    search = Search.from_dict({"lat": 55.7, "lon": 37.6, "shared": True, "gone": 1})
    assert search.origin == (55.7, 37.6)
    assert search.offered == []
    assert search.query is None
    search.at(1.0, 2.0, shared=False)
    assert (search.origin, search.shared, search.specialty) == ((1.0, 2.0), False, None)
    assert Search().origin is None


def charge(n: int, status: str, kind: str = "charge") -> Line:
    bill = Charge(id=n, amount=123455, kind=kind, status=status)
    return Line(charge=bill, service="Приём терапевта", day=date(2026, 3, 14))


def test_bills_offer_to_pay_only_what_awaits_and_turn_pages() -> None:
    lines = [charge(1, "paid"), charge(2, "declined"), charge(3, "awaiting", kind="refund")]
    lines.append(charge(4, "awaiting"))
    assert data(bill_views.keyboard(_, 25, lines, 0)) == [
        ["bl:pay:2:0"],
        ["bl:pay:4:0"],
        ["bl:page:0:1"],
    ]
    assert data(bill_views.keyboard(_, 25, [], 2)) == [["bl:page:0:1"]]
    assert bill_views.keyboard(_, 25, lines, 0).inline_keyboard[0][0].text == _(
        "bills-pay", amount="1\u00a0234,55\u00a0₽"
    )
    text = bill_views.listing(_, 25, lines[:1], [], 0)
    assert "14.03.2026" in text
    assert "1\u00a0234,55\u00a0₽" in text
    assert bill_views.pages(0) == 1
    assert bill_views.pages(25) == 3


def test_the_franchise_overview_binds_with_a_policy_and_unbinds_a_card() -> None:
    policy = Policy(id=7, number="ДМС7", printed_number="ДМС-7")
    offers = [Offer(policy=policy, franchise=None, stage=Stage.NONE)]
    card = Card(last4="4242", brand="visa", expiry="2030-12")
    assert data(franchise_keyboards.overview(_, offers, None)) == [["fr:terms:7"], ["fr:bind:0"]]
    assert data(franchise_keyboards.overview(_, offers, card)) == [["fr:terms:7"], ["fr:unbind:0"]]
    assert data(franchise_keyboards.overview(_, [], None)) == []
    assert data(franchise_keyboards.unbind_confirmation(_)) == [["fr:yes:0", "fr:no:0"]]
    assert "12/30" in franchise_views.card_line(_, card)
    assert franchise_views.pin_question(_, "bind", card) != franchise_views.pin_question(
        _, "bind", None
    )


def test_franchise_moments_are_local() -> None:
    zone = ZoneInfo("Europe/Moscow")
    assert franchise_views.when(_, None, zone) == ""
    assert franchise_views.when(_, datetime(2026, 3, 14, 6, 30, tzinfo=UTC), zone) == (
        "14.03.2026 09:30"
    )


def test_a_chain_s_branches_chosen_by_number_differ_by_address_or_coordinates() -> None:
    branches = [clinic(1), clinic(2)]
    for branch in branches:
        branch.name = "Медси & Ко"
    branches[1].address = None
    for choice in (letter_choice, ticket_choice):
        text = choice(_, "медси", 2, branches)
        assert "1. Медси &amp; Ко, ул. Ленина, 1\n" in text
        assert "2. Медси &amp; Ко, адрес не указан, координаты 55.75000, 37.62000" in text
    # the desk's post, the letter's card and its PDF: plain text, never «None»
    assert (located(branches[0]), located(branches[1])) == ("ул. Ленина, 1", "55.75000, 37.62000")
