"""«🏥 Клиники рядом» on the demo's real clinics: a shared location, «Ещё», a clinic's pin and card,
the specialty filter, saved places, the search by name, no policy in force, forged buttons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.common.clinic_views import shorten
from bot.features.clinics.callbacks import Action, ClinicAction
from core import demo
from core.clinics import brute_force, route_links, short_distance
from core.geocoding import Found, GeocodingFailed
from core.importing import Importer
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.db import assert_outside_transaction
from storage.models import Clinic, ClinicProgram, SavedPlace
from tests.conftest import make_settings
from tests.people import signed_up, signed_up_other
from tests.rosters import POLICY_HEADER, load, policy

RED_SQUARE = (55.7539, 37.6208)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


@pytest.fixture
async def demo_data(services: Services, tmp_path: Path) -> None:
    importer = Importer(services.db, services.clock, services.notifications)
    today = services.clock.now().date()
    loaded = await demo.load(services.db, importer, services.slots, today, slot_days=0)
    assert loaded.exit_code == 0
    await load(
        services,
        tmp_path,
        "policies",
        POLICY_HEADER
        + policy("ДМС-1", program=demo.BASE)  # Anna's, in force
        + policy("ДМС-2", program=demo.PREMIUM, end_date="2026-06-30"),  # hers too, expired
    )


async def covered(services: Services, code: str) -> list[tuple[int, str, float, float]]:
    async with services.db.unit_of_work() as session:
        rows = await session.execute(
            select(Clinic.id, Clinic.external_id, Clinic.lat, Clinic.lon)
            .join(ClinicProgram, ClinicProgram.clinic_id == Clinic.id)
            .where(ClinicProgram.program_code == code)
        )
        return [(cid, ext, lat, lon) for cid, ext, lat, lon in rows]


async def names(services: Services, external_ids: list[str]) -> list[str]:
    async with services.db.unit_of_work() as session:
        found = dict(
            (
                await session.execute(
                    select(Clinic.external_id, Clinic.name).where(
                        Clinic.external_id.in_(external_ids)
                    )
                )
            ).all()
        )
    return [found[ext] for ext in external_ids]


async def with_policies(anna: Person, services: Services) -> None:
    await signed_up(anna, services)
    for number in ("ДМС-1", "ДМС-2"):
        await anna.send("/policies")
        await anna.press("➕ Добавить полис")
        await anna.send(number)


def test_distances_read_as_people_say_them() -> None:
    assert short_distance(846) == ("m", 850)
    assert short_distance(3) == ("m", 10)
    assert short_distance(3240) == ("km", 3.2)
    assert short_distance(123_456) == ("km", 123)
    links = route_links((55.75, 37.62), (55.76, 37.6))
    assert (
        links.yandex
        == "https://yandex.ru/maps/?rtext=55.750000,37.620000~55.760000,37.600000&rtt=auto"
    )
    assert "route=55.750000%2C37.620000%3B55.760000%2C37.600000" in links.osm


async def test_nearest_covered_clinics_pages_card_filter_and_places(
    anna: Person, rig: InProcessBot, services: Services, demo_data: None
) -> None:
    await with_policies(anna, services)
    await anna.press("🏥 Клиники рядом")
    assert (anna.last.text or "").startswith("Отправьте своё местоположение кнопкой внизу")
    keyboard = anna.chat.reply_keyboard or {}
    assert keyboard["keyboard"][0][0] == {
        "text": "📍 Отправить местоположение",
        "request_location": True,
    }

    await anna.share_location(*RED_SQUARE)
    listing = anna.last
    # The expired Премиум policy adds nothing: only Базовый's clinics, by geodesic distance.
    expected = brute_force(*RED_SQUARE, await covered(services, demo.BASE), 10)
    first_five = await names(services, [near.external_id for near in expected[:5]])
    text = listing.text or ""
    assert text.startswith("<b>Клиники вашей программы рядом</b> — 1–5:")
    assert anna.inline_labels()[:5] == [
        shorten(f"{n}. {name}", 60) for n, name in enumerate(first_five, start=1)
    ]
    assert "телефон не указан" in text
    metres = expected[0].meters
    shown = (
        f"{round(metres, -1):.0f} м"
        if metres < 995
        else f"{metres / 1000:.1f} км".replace(".", ",")
    )
    assert shown in text

    await anna.press("Ещё ▶️")
    assert (listing.text or "").startswith("<b>Клиники вашей программы рядом</b> — 6–10:")
    next_five = await names(services, [near.external_id for near in expected[5:10]])
    assert next_five[0] in (listing.text or "")
    await anna.press("◀️ Назад")
    assert "— 1–5:" in (listing.text or "")

    await anna.press(anna.inline_labels()[0])  # the nearest clinic
    venue, card = anna.bot_messages[-2], anna.last
    assert venue.payload["venue"]["title"] == first_five[0]
    assert (card.text or "").startswith(f"<b>{first_five[0]}</b> — ")
    assert "ℹ️ Демо-данные" in (card.text or "")
    urls = [button["url"] for button in card.inline_buttons if "url" in button]
    assert urls[0].startswith("https://yandex.ru/maps/?rtext=55.753900,37.620800~")
    assert urls[1].startswith("https://www.openstreetmap.org/directions?")

    await anna.press("🩺 Специальность")
    assert "кардиолог" in anna.inline_labels()
    await anna.press("кардиолог")
    filtered = anna.last  # the choice became the filtered list
    assert "специальность «кардиолог»" in (filtered.text or "")
    async with services.db.unit_of_work() as session:
        for label in [b["text"] for b in filtered.inline_buttons][:5]:
            name = label.split(". ", 1)[1].rstrip("…")
            clinic = await session.scalar(select(Clinic).where(Clinic.name.startswith(name)))
            assert clinic is not None
            assert "кардиолог" in clinic.specialties.split(";")

    await anna.press("💾 Сохранить как Дом")
    assert anna.last.text == "Место «Дом» сохранено: теперь его можно выбрать кнопкой внизу."
    await anna.press("⬅️ Главное меню")
    assert "🏥 Клиники рядом" in anna.reply_buttons
    await anna.press("🏥 Клиники рядом")
    await anna.press("🏠 Дом")
    assert (anna.last.text or "").startswith("<b>Клиники вашей программы рядом</b> — 1–5:")
    assert "💾 Сохранить как Дом" not in anna.inline_labels()  # a saved place, not a new one
    await anna.send("🏢 Работа")  # not saved: no button, but typing it works
    assert anna.last.text == (
        "Место «Работа» ещё не сохранено. "
        "Отправьте местоположение и нажмите «Сохранить как Работа»."
    )

    # A main-menu label (typed: the section's keyboard hides the menu) leaves the section.
    await anna.send("👤 Профиль")
    await anna.press("📦 Выгрузить мои данные")
    exported = json.loads(
        rig.standin.files[anna.bot_messages[-2].payload["document"]["file_id"]].data
    )
    # «Дом» only: without an https address no map is offered, so no last place is kept for it.
    assert [(p["place"], p["lat"], p["lon"]) for p in exported["saved_places"]] == [
        ("home", *RED_SQUARE)
    ]

    await anna.send("/clinics")
    await anna.press("📌 Мои места")
    assert "Дом: 55.75390, 37.62080" in (anna.last.text or "")
    await anna.press("🗑 Удалить «Дом»")
    assert anna.last.text == "Место «Дом» удалено."
    assert "🏠 Дом" not in anna.reply_buttons
    async with services.db.unit_of_work() as session:
        assert (await session.scalars(select(SavedPlace))).all() == []


async def test_search_by_name_any_case_and_yo(
    anna: Person, services: Services, demo_data: None
) -> None:
    await with_policies(anna, services)
    await anna.press("🏥 Клиники рядом")
    await anna.send("ы")
    assert anna.last.text == (
        "Напишите хотя бы 2 буквы названия или адреса клиники — или отправьте местоположение."
    )
    await anna.send("ПОЛИКЛИНИКА")
    text = anna.last.text or ""
    assert text.startswith("<b>Клиники вашей программы: «ПОЛИКЛИНИКА»</b> — найдено ")
    shown = [label.split(". ", 1)[1] for label in anna.inline_labels() if ". " in label]
    assert len(shown) == 5
    assert shown == sorted(shown, key=str.lower)
    assert not any(label.startswith("📍") for label in anna.inline_labels())  # GEOCODER=off
    await anna.press("Ещё ▶️")
    assert ", стр. 2 из " in (anna.last.text or "")

    await anna.send("КАРТАШЕВОЙ")  # «Клиника профессора Карташёвой», a Базовый clinic
    assert "найдено 1," in (anna.last.text or "")
    assert anna.inline_labels() == ["1. Клиника профессора Карташёвой"]
    await anna.send("семеновская")  # «Семёновская набережная»: a clinic outside Базовый
    assert (anna.last.text or "").startswith("Среди клиник вашей программы нет таких")


async def test_no_policy_in_force_and_forged_buttons(
    anna: Person, john: Person, services: Services, demo_data: None
) -> None:
    await signed_up_other(john, services)
    await john.send("/clinics")
    assert (john.last.text or "").startswith("Which clinics you may use depends on the programme")
    assert john.inline_labels() == ["➕ Add a policy"]

    await with_policies(anna, services)
    base = {cid for cid, *_rest in await covered(services, demo.BASE)}
    premium_only = next(
        cid for cid, *_r in await covered(services, demo.PREMIUM) if cid not in base
    )
    for person, clinic in [(john, min(base)), (anna, premium_only)]:
        await person.press_callback(
            person.last, ClinicAction(action=Action.CARD, clinic=clinic).pack()
        )
        answer = person.last_callback_answer or {}
        assert answer.get("text") in {
            "This clinic is not in your policy's programme.",
            "Эта клиника не входит в программу вашего полиса.",
        }
    for forged in [
        ClinicAction(action=Action.SAVE, place="garage").pack(),
        ClinicAction(action=Action.SAVE).pack(),
        ClinicAction(action=Action.FORGET, place="home").pack(),  # nothing saved
        ClinicAction(action=Action.SHOW, place="").pack(),
        ClinicAction(action=Action.NEAR, page=3).pack(),  # no search kept: the person is not in it
        "cl:card:not-a-number:0:",
    ]:
        await john.press_callback(john.last, forged)
        assert (john.last_callback_answer or {}).get(
            "text"
        ) == "This button no longer works. Open /menu."


async def test_a_clinics_button_of_an_action_not_known_is_stale(
    anna: Person, john: Person, services: Services, demo_data: None
) -> None:
    """An action this version does not answer («places» never was) or does not know, and any
    clinics button pressed by someone not signed up: the stale-button answer."""
    stale = {services.catalogue.translator(locale)("button-stale") for locale in ("ru", "en")}
    await with_policies(anna, services)
    await anna.send("/clinics")
    for forged in ["cl:places:0:0:", "cl:bogus:0:0:", "cl:open:0:0:home:x"]:
        await anna.press_callback(anna.last, forged)
        assert (anna.last_callback_answer or {}).get("text") in stale
    await john.send("/start")
    before = len(john.bot_messages)
    await john.press_callback(john.last, ClinicAction(action=Action.OPEN).pack())
    assert (john.last_callback_answer or {}).get("text") in stale
    assert len(john.bot_messages) == before


class FakeGeocoder:
    """What Nominatim would answer, without the network (GEOCODER is off in tests)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def locate(self, text: str) -> Found | None:
        assert_outside_transaction("geocoding")  # as NominatimGeocoder: it waits on the network
        self.asked.append(text)
        if "сломано" in text:
            raise GeocodingFailed
        if "тверская" in text.lower():
            return Found(55.7578, 37.6110, "Тверская улица, 7, Москва")
        return None

    async def close(self) -> None:
        return None


@pytest.fixture
def geocoder(services: Services) -> FakeGeocoder:
    fake = FakeGeocoder()
    services.geocoder = fake  # before the bot starts: handlers get it from the services
    return fake


async def test_a_typed_address_with_a_geocoder(
    geocoder: FakeGeocoder, anna: Person, services: Services, demo_data: None
) -> None:
    await with_policies(anna, services)
    await anna.press("🏥 Клиники рядом")
    await anna.send("Тверская 7")  # no clinic's name or address has it
    assert (anna.last.text or "").startswith("Среди клиник вашей программы нет таких")
    assert geocoder.asked == []  # only when asked
    await anna.press("📍 Искать рядом с адресом «Тверская 7»")
    assert geocoder.asked == ["Тверская 7"]
    assert anna.bot_messages[-2].text == "Адрес найден: Тверская улица, 7, Москва"
    expected = brute_force(55.7578, 37.6110, await covered(services, demo.BASE), 1)
    nearest = (await names(services, [expected[0].external_id]))[0]
    assert anna.inline_labels()[0] == shorten(f"1. {nearest}", 60)
    assert "💾 Сохранить как Дом" in anna.inline_labels()

    await anna.send("Нигдейская 1")
    await anna.press("📍 Искать рядом с адресом «Нигдейская 1»")
    assert anna.last.text == (
        "Адрес «Нигдейская 1» не найден. Уточните его (город, улица, дом) "
        "или отправьте местоположение."
    )
    await anna.send("сломано 1")
    await anna.press("📍 Искать рядом с адресом «сломано 1»")
    assert (anna.last.text or "").startswith("Поиск адреса сейчас не отвечает.")


async def test_a_card_goes_back_to_the_list_and_page_it_came_from(
    anna: Person, services: Services, demo_data: None
) -> None:
    await with_policies(anna, services)
    await anna.press("🏥 Клиники рядом")
    await anna.share_location(*RED_SQUARE)
    await anna.press("Ещё ▶️")
    second = anna.last.text or ""
    assert "— 6–10:" in second
    await anna.press(anna.inline_labels()[0])  # the sixth nearest
    card = anna.last
    assert anna.inline_labels()[-1] == "◀️ К списку"
    await anna.press("◀️ К списку")
    assert card.text == second  # the card became the list's page again, its buttons too
    assert anna.inline_labels()[0].startswith("6. ")

    await anna.send("поликлиника")  # a search by name, its second page
    await anna.press("Ещё ▶️")
    by_name = anna.last.text or ""
    assert ", стр. 2 из " in by_name
    await anna.press(anna.inline_labels()[0])
    await anna.press("◀️ К списку")
    assert anna.last.text == by_name

    # Left the section: the card's «К списку» is stale, and a card opened outside has none.
    listing = anna.last
    await anna.press(anna.inline_labels()[0])
    card = anna.last
    back = card.inline_buttons[-1]["callback_data"]
    await anna.press("⬅️ Главное меню")
    await anna.press_callback(card, back)
    assert (anna.last_callback_answer or {}).get("text") == (
        "Эта кнопка уже не действует. Откройте /menu."
    )
    await anna.press_callback(listing, listing.inline_buttons[0]["callback_data"])
    assert (anna.last.text or "").startswith("<b>")
    assert "◀️ К списку" not in anna.inline_labels()
