"""The clinics map in a real browser (Debian's Chromium, Playwright), on a phone-sized screen:
the page the bot serves, opened as Telegram opens a Mini App (initData in the address's
fragment), the person's place from the browser, map tiles from a local stub. Markers and the
list show the person's covered clinics only, a filter narrows them, a clinic's card opens; no
Content-Security-Policy violation; a screenshot is kept (`MINIAPP_SCREENSHOT`, else the test's
directory)."""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import pytest
from aiohttp import web

from bot.miniapp import miniapp_routes
from core.services import Services
from core.settings import Settings
from tests.booking_rig import world as world
from tests.browser import browser as browser
from tests.conftest import make_settings
from tests.e2e import free_port
from tests.miniapp_rig import init_data
from tests.people import person
from tests.rosters import CLINIC_HEADER, load
from tests.test_miniapp import ANNA

pytestmark = pytest.mark.e2e

PORT = free_port()
# A 1×1 grey PNG: every tile the map asks for.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    tiles = f"http://127.0.0.1:{PORT}/tiles/{{z}}/{{x}}/{{y}}.png"
    return make_settings(tmp_path, database_url, map_tiles_url=tiles)


@pytest.fixture
async def served(services: Services, tmp_path: Path, world: None) -> AsyncIterator[list[str]]:
    """The bot's Mini App routes and a tile stub on one port; the tiles asked for."""
    await load(
        services,
        tmp_path,
        "clinics",
        CLINIC_HEADER + "C5,Хирургия на Арбате,Арбат 5,,55.7520,37.5930,false,хирург,P1,,\n",
    )
    await person(services, 1, "ДМС-1")
    asked: list[str] = []

    async def tile(request: web.Request) -> web.Response:
        asked.append(request.path)
        return web.Response(body=TILE, content_type="image/png")

    app = web.Application()
    app.add_routes([*miniapp_routes(services), web.get("/tiles/{z}/{x}/{y}.png", tile)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", PORT).start()
    try:
        yield asked
    finally:
        await runner.cleanup()


async def test_the_map_shows_the_persons_clinics_filters_and_opens_one(
    browser: object, served: list[str], services: Services, tmp_path: Path
) -> None:
    from playwright.async_api import expect

    signed = init_data(ANNA, services.clock.now())
    context = await browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 844},
        geolocation={"latitude": 55.7539, "longitude": 37.6208},
        permissions=["geolocation"],
        locale="ru-RU",
    )
    page = await context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    await page.goto(f"http://127.0.0.1:{PORT}/miniapp?lang=ru#tgWebAppData={quote(signed)}")
    await page.wait_for_selector("#list li")
    names = await page.locator("#list li > div:first-child").all_inner_texts()
    # Anna's programme's clinics, nearest first; not C4 (another programme's).
    assert names == ["Клиника «Ромашка»", "Хирургия на Арбате"]
    assert await page.locator(".leaflet-marker-icon").count() >= 1
    assert served, "the map asked the tile server for nothing"

    await page.select_option("#specialty", "хирург")
    await expect(page.locator("#list li")).to_have_count(1)
    assert await page.locator("#list li > div:first-child").all_inner_texts() == [
        "Хирургия на Арбате"
    ]
    await page.select_option("#specialty", "")
    await page.check("#online")  # «Хирургия» takes no online bookings
    await expect(page.locator("#list li")).to_have_count(1)
    assert await page.locator("#list li > div:first-child").all_inner_texts() == [
        "Клиника «Ромашка»"
    ]

    await page.locator("#list li").first.click()
    card = page.locator("#card")
    await card.wait_for(state="visible")
    assert "Клиника «Ромашка»" in await card.inner_text()
    route = await card.locator("a").get_attribute("href")
    assert route is not None
    assert route.startswith("https://www.openstreetmap.org/directions?")
    assert "55.75%2C37.61" in route
    # «Записаться»: the chat goes on (outside Telegram the page says so; inside, it closes).
    await card.get_by_role("button", name="🗓 Записаться").click()
    await expect(page.locator("#status")).to_contain_text("Продолжите в чате с ботом")

    shot = Path(os.environ.get("MINIAPP_SCREENSHOT", tmp_path / "miniapp.png"))
    await page.screenshot(path=str(shot))
    assert shot.stat().st_size > 1000
    if shot.parent != tmp_path:
        shutil.copy(shot, tmp_path / "miniapp.png")
    assert violations == []
    await context.close()


async def test_without_init_data_or_a_place_the_page_says_what_to_do(
    browser: object, served: list[str], services: Services
) -> None:
    from playwright.async_api import expect

    context = await browser.new_context(locale="ru-RU")  # type: ignore[attr-defined]
    page = await context.new_page()
    await page.goto(f"http://127.0.0.1:{PORT}/miniapp?lang=ru")
    await expect(page.locator("#status")).to_contain_text("Откройте карту кнопкой в чате")
    signed = init_data(ANNA, services.clock.now())
    await page.goto(f"http://127.0.0.1:{PORT}/miniapp?lang=en#tgWebAppData={quote(signed)}")
    await expect(page.locator("#status")).to_contain_text("allow access to your location")
    assert await page.locator("#list li").count() == 0
    await context.close()


async def test_opened_from_the_chat_it_starts_where_the_last_list_was(
    browser: object, served: list[str], services: Services
) -> None:
    """«🗺 На карте» under a list (`at=last`): around the list's place, without asking the
    device; the menu button's address (no language) turns to the person's Telegram language; a
    family member's key that is not the account's is told."""
    from playwright.async_api import expect
    from sqlalchemy import select

    from storage.models import Profile

    async with services.db.unit_of_work() as session:
        anna = await session.scalar(select(Profile))
        assert anna is not None
        await services.clinics.remember(anna, 55.7539, 37.6208)
    context = await browser.new_context(locale="ru-RU")  # type: ignore[attr-defined]
    page = await context.new_page()
    signed = quote(init_data(ANNA, services.clock.now()))
    await page.goto(f"http://127.0.0.1:{PORT}/miniapp?lang=ru&at=last#tgWebAppData={signed}")
    await expect(page.locator("#list li")).to_have_count(2)
    await expect(page.locator("#status")).to_have_text(
        "Клиники рядом с местом вашего последнего поиска в чате."
    )

    english = quote(init_data(ANNA, services.clock.now(), language="en"))
    await page.goto(f"http://127.0.0.1:{PORT}/miniapp#tgWebAppData={english}")
    await expect(page).to_have_title("Clinics on a map")
    assert "lang=en" in page.url
    await expect(page.locator("#list li")).to_have_count(2)  # initData kept: still hers

    await page.goto(
        f"http://127.0.0.1:{PORT}/miniapp?lang=ru&at=last&for=999#tgWebAppData={signed}"
    )
    await expect(page.locator("#status")).to_contain_text("больше не в вашем кабинете")
    await context.close()


async def test_inside_telegram_it_speaks_telegrams_events_and_the_device_wins(
    browser: object, served: list[str], services: Services
) -> None:
    """As Telegram's mobile apps open it (their `TelegramWebviewProxy`, the theme's colours in
    the fragment), from the menu button: the last list's place at once, then the device's
    location once it comes; ready and expand told, a route opened by Telegram, the map closed
    after «Записаться»."""
    import json

    from playwright.async_api import expect
    from sqlalchemy import select

    from storage.models import Profile

    async with services.db.unit_of_work() as session:
        anna = await session.scalar(select(Profile))
        assert anna is not None
        await services.clinics.remember(anna, 55.7539, 37.6208)  # by «Ромашка»
    context = await browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 390, "height": 844},
        geolocation={"latitude": 55.7521, "longitude": 37.5931},  # on the Arbat
        permissions=["geolocation"],
    )
    await context.add_init_script(
        "window.told = [];"
        "window.TelegramWebviewProxy = {postEvent: (type, data) => window.told.push([type, data])};"
    )
    page = await context.new_page()
    signed = quote(init_data(ANNA, services.clock.now()))
    colours = quote(json.dumps({"bg_color": "#123456", "text_color": "#ffffff"}))
    await page.goto(
        f"http://127.0.0.1:{PORT}/miniapp#tgWebAppData={signed}&tgWebAppThemeParams={colours}"
    )
    items = page.locator("#list li > div:first-child")
    await expect(items).to_have_text(["Хирургия на Арбате", "Клиника «Ромашка»"])
    await expect(page.locator("#status")).to_have_text("")  # not «your last search»: here
    background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 52, 86)"

    await page.locator("#list li").nth(1).click()
    card = page.locator("#card")
    await card.get_by_role("link", name="🗺 Маршрут").click()
    await card.get_by_role("button", name="🗓 Записаться").click()
    await expect(page.locator("#status")).to_contain_text("Продолжите в чате с ботом")
    told = await page.evaluate("window.told")
    assert [event for event, _data in told] == [
        "web_app_ready",
        "web_app_expand",
        "web_app_open_link",
        "web_app_close",
    ]
    url = json.loads(told[2][1])["url"]
    assert url.startswith("https://www.openstreetmap.org/directions?")
    assert "55.7521%2C37.5931%3B55.75%2C37.61" in url  # from where she is to the clinic
    assert len(context.pages) == 1  # Telegram opens the route, not the page
    await context.close()
