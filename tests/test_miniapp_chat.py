"""The clinics map offered in the chat: «🗺 На карте» under a list of the nearest clinics (an inline
Mini App button: a keyboard's would get no initData) opens the map where the list was and for
whom it was; the bot's menu button opens it too. Both only at an https address, as Telegram
requires (the stand-in refuses an http one as Telegram does). The place of the last list is kept
for the map, for `LAST_KEPT`, and goes with the person's data."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, WebAppInfo
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.features.clinics import keyboards
from bot.features.clinics.callbacks import Action, ClinicAction
from bot.features.clinics.jobs import forget_last_places
from bot.miniapp import MapLinks
from core.clinics import LAST_KEPT, ClinicPage
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import SavedPlace
from tests.booking_rig import world as world
from tests.conftest import make_settings, start_bot
from tests.family_members import policy_id
from tests.miniapp_rig import api as api
from tests.miniapp_rig import init_data
from tests.test_family_clinics import BETWEEN, MARIA, STALE, with_child

pytestmark = pytest.mark.db

HTTPS = "https://bot.example"
ANNA = 5001  # the rig's Anna
NEAR_C4 = (55.771, 37.631)  # by «Чужая программа» (C4, Мария's programme)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000, public_base_url=HTTPS)


def map_button(person: Person) -> str:
    """The address of «🗺 На карте» under the newest list."""
    for message in reversed(person.bot_messages):
        for button in message.inline_buttons:
            if "web_app" in button:
                assert button["text"] == "🗺 На карте"
                return str(button["web_app"]["url"])
    raise AssertionError("no map button")


async def ask(
    api: TestClient[object, object], services: Services, body: dict[str, object]
) -> tuple[int, dict[str, object]]:
    """The map's API as the page asks it, for Anna, signed just now."""
    authorization = "tma " + init_data(ANNA, services.clock.now())
    response = await api.post(
        "/miniapp/api/clinics", json=body, headers={"Authorization": authorization}
    )
    return response.status, await response.json()


def names(found: dict[str, object]) -> list[str]:
    return [clinic["name"] for clinic in found["clinics"]]  # type: ignore[attr-defined, index]


async def test_on_the_map_opens_where_the_list_was_and_for_whom(
    rig: InProcessBot,
    anna: Person,
    services: Services,
    world: None,
    tmp_path: Path,
    api: TestClient[object, object],
) -> None:
    child = await with_child(anna, services, tmp_path)
    # Before any list: the map knows no place of hers (the page asks the device).
    assert await ask(api, services, {}) == (409, {"error": "no place"})

    await anna.press("🏥 Клиники рядом")
    await anna.press("🙋 Мне (Анна)")
    await anna.share_location(*BETWEEN)
    assert map_button(anna) == f"{HTTPS}/miniapp?lang=ru&at=last"  # nothing personal in it
    await anna.press("💾 Сохранить как Дом")
    # The place kept for the map is no saved place of hers: not listed, no button names it.
    await anna.press("📌 Мои места")
    assert "последнего поиска" not in (anna.last.text or "")
    assert anna.inline_labels() == ["🔎 Клиники у места «Дом»", "🗑 Удалить «Дом»"]
    for action in (Action.SHOW, Action.FORGET):
        await anna.press_callback(anna.last, ClinicAction(action=action, place="last").pack())
        assert (anna.last_callback_answer or {}).get("text") == STALE
    status, found = await ask(api, services, {})
    assert status == 200
    assert found["place"] == {"lat": BETWEEN[0], "lon": BETWEEN[1], "last": True}
    assert names(found) == ["Клиника «Ромашка»"]  # her programme's, not Мария's

    # Мария's list: the button names her (by her key, checked on every call).
    await anna.send("/clinics")
    await anna.press(MARIA)
    await anna.share_location(*NEAR_C4)
    url = map_button(anna)
    assert parse_qs(urlsplit(url).query) == {"lang": ["ru"], "at": ["last"], "for": [str(child)]}
    status, found = await ask(api, services, {"whom": child})
    assert (status, names(found)) == (200, ["Чужая программа"])
    assert found["place"] == {"lat": NEAR_C4[0], "lon": NEAR_C4[1], "last": True}
    # A place the device gives wins; her own person's map is still hers.
    status, found = await ask(api, services, {"lat": BETWEEN[0], "lon": BETWEEN[1]})
    assert (status, names(found)) == (200, ["Клиника «Ромашка»"])

    # Forged: John's policy's id, a made-up key. Nobody of hers.
    john_policy = await policy_id(services, "ДМС-2")
    for forged in (john_policy, child + 1000):
        assert await ask(api, services, {"whom": forged}) == (404, {"error": "no such person"})

    # The place is hers for LAST_KEPT, then forgotten (the periodic job); «Дом» stays.
    services.clock.advance(LAST_KEPT)  # type: ignore[attr-defined]
    assert (await ask(api, services, {}))[0] == 200
    services.clock.advance(1)  # type: ignore[attr-defined]
    assert await ask(api, services, {}) == (409, {"error": "no place"})
    await forget_last_places(rig.bot, services)
    async with services.db.unit_of_work() as session:
        assert [p.label for p in await session.scalars(select(SavedPlace))] == ["home"]


async def test_the_menu_button_opens_the_map_at_https_only(
    rig: InProcessBot, settings: Settings, tmp_path: Path, database_url: str
) -> None:
    assert rig.standin.menu_buttons[None] == {
        "type": "web_app",
        "text": "Клиники на карте",
        "web_app": {"url": f"{HTTPS}/miniapp"},
    }
    plain = make_settings(tmp_path / "http", database_url, public_base_url="http://127.0.0.1:8080")
    assert MapLinks.of(plain) == MapLinks(None)
    other = await start_bot(plain)
    try:
        assert other.standin.menu_buttons[None] == {"type": "default"}
    finally:
        await other.stop()
    # Telegram opens Mini Apps at https addresses only: the stand-in refuses others as it does.
    http = WebAppInfo(url="http://127.0.0.1:8080/miniapp")
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", web_app=http)]]
    )
    rig.person(5001, "Анна", "ru")
    with pytest.raises(TelegramBadRequest, match="https"):
        await rig.bot.send_message(5001, "x", reply_markup=keyboard)


def test_no_map_button_without_an_address_telegram_opens(services: Services) -> None:
    _ = services.catalogue.translator("ru")
    keyboard = keyboards.near(_, ClinicPage([], 0, False), 0, False, None)
    assert all(button.web_app is None for row in keyboard.inline_keyboard for button in row)
    links = MapLinks(HTTPS)
    assert links.page("en", 0, at_last=True) == f"{HTTPS}/miniapp?lang=en&at=last"
    assert links.page("ru", 42) == f"{HTTPS}/miniapp?lang=ru&for=42"
    assert links.menu() == f"{HTTPS}/miniapp"


async def test_the_menu_button_speaks_the_persons_language(
    rig: InProcessBot, anna: Person, john: Person
) -> None:
    """Telegram's default menu button is one for all (Russian); a person who speaks English gets
    their own chat's, in English, as their language turns, whether they chose it or Telegram's
    setting changed."""
    english = {
        "type": "web_app",
        "text": "Clinics on a map",
        "web_app": {"url": f"{HTTPS}/miniapp?lang=en"},
    }
    await john.send("/start")
    await anna.send("/start")
    assert rig.standin.menu_buttons.get(john.id) == english
    assert anna.id not in rig.standin.menu_buttons  # the default one: Russian
    await anna.send("/language")
    await anna.press("English")
    assert rig.standin.menu_buttons[anna.id] == english
    await anna.send("/language")
    await anna.press("Русский (Russian)")
    assert rig.standin.menu_buttons[anna.id] == {"type": "default"}
    john.user["language_code"] = "ru"  # Telegram's setting; he never chose one here
    await john.send("/menu")
    assert rig.standin.menu_buttons[john.id] == {"type": "default"}
