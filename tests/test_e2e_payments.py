"""Card binding end to end in a real browser: the real `dmsbot run` process serves the sandbox's
page; Debian's Chromium (driven by Playwright) opens the link the bot gave, on a phone-sized
screen and with JavaScript off; a decline, the second step, a success; the two notices arrive at
their (short) delays; nothing card-like reaches the bot's log."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest

from standin import Person, StoredMessage
from standin.server import StandinServer
from tests.browser import browser as browser
from tests.e2e import (
    BotProcess,
    MailBox,
    SmsGateway,
    environment,
    free_port,
    remote_person,
    run_dmsbot,
    until,
)
from tests.rosters import POLICY_HEADER, policy
from tests.signup_steps import member_with_policy

pytestmark = pytest.mark.e2e

CARDS = ("4242424242424242", "4000000000000002", "4000000000003220")


def said(person: Person, start: str) -> Callable[[], StoredMessage | None]:
    return lambda: next(
        (m for m in reversed(person.bot_messages) if (m.text or "").startswith(start)), None
    )


def page_link(person: Person) -> str:
    button = person.last.inline_buttons[0]
    assert button["text"] == "💳 Открыть страницу привязки"
    return str(button["url"])


async def fill(page: object, number: str) -> None:
    await page.fill("#number", number)  # type: ignore[attr-defined]
    await page.fill("#expiry", "12/30")  # type: ignore[attr-defined]
    await page.fill("#cvc", "123")  # type: ignore[attr-defined]
    await press(page, "button[type=submit]")


async def press(page: object, button: str) -> None:
    """Click a button that posts a form, and wait for the page it leads to."""
    async with page.expect_navigation():  # type: ignore[attr-defined]
        await page.click(button)  # type: ignore[attr-defined]


async def test_binding_in_a_browser_decline_second_step_and_success(
    telegram: StandinServer,
    tmp_path: Path,
    mailbox: MailBox,
    sms_gateway: tuple[SmsGateway, str],
    browser: object,
) -> None:
    _gateway, sms_url = sms_gateway
    port = free_port()
    env = environment(
        telegram,
        tmp_path,
        mailbox.port,
        sms_url,
        WEB_PORT=str(port),
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        CLINIC_ACCESS_DELAY="3s",
        FRANCHISE_ACTIVATION_DELAY="6s",
    )
    policies = tmp_path / "policies.csv"
    policies.write_text(
        POLICY_HEADER + policy("ДМС-7", franchise_percent="10", end_date="2030-12-31"),
        encoding="utf-8",
    )
    await run_dmsbot(env, "import", "policies", str(policies))
    process = BotProcess(telegram.standin, env, tmp_path / "bot.log")
    await process.start()
    try:
        anna = remote_person(telegram.standin, 9203, "Анна", "ru")
        await member_with_policy(anna, mailbox.last_code, "ДМС-7")
        await anna.send("/franchise")
        await anna.press("📄 Условия — ДМС-7")
        await anna.press("✅ Согласен с условиями франшизы")
        link = page_link(anna)

        # JavaScript off: plain form posts, every check on the server.
        quiet = await browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
        page = await quiet.new_page()
        await page.goto(link)
        assert "ТЕСТОВЫЙ РЕЖИМ" in await page.inner_text("body")
        await fill(page, "4242 4242 4242 4241")
        assert "Проверьте номер карты" in await page.inner_text("body")
        await fill(page, CARDS[1])
        body = await page.inner_text("body")
        assert "Банк отклонил карту" in body
        assert "ТЕСТОВЫЙ РЕЖИМ" in body
        await fill(page, CARDS[2])
        assert "Банк просит подтвердить" in await page.inner_text("body")
        await press(page, "button:has-text('Подтвердить')")
        body = await page.inner_text("body")
        assert "Карта •••• 3220 привязана" in body
        assert "ТЕСТОВЫЙ РЕЖИМ" in body
        await quiet.close()
        await until(telegram.standin, said(anna, "✅ Карта •••• 3220 привязана."))

        # A new card, on a phone's screen with JavaScript on: it replaces the first one.
        await anna.send("/franchise")
        await anna.press("✂️ Отвязать карту")
        await anna.press("✂️ Да, отвязать")
        await anna.send("/franchise")
        await anna.press("💳 Привязать карту")
        phone = await browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
        )
        page = await phone.new_page()
        await page.goto(page_link(anna))
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"horizontal scroll: {width}px"
        assert await page.is_visible("text=ТЕСТОВЫЙ РЕЖИМ")
        await fill(page, CARDS[0])
        assert "Карта •••• 4242 привязана" in await page.inner_text("body")
        assert await page.evaluate("document.documentElement.scrollWidth") <= 375
        await page.goto(link)  # the first, used link
        assert "Ссылка устарела или уже использована" in await page.inner_text("body")
        await phone.close()

        await until(telegram.standin, said(anna, "✅ Карта •••• 4242 привязана."))
        await until(telegram.standin, said(anna, "🏥 Клиники программы по полису ДМС-7 доступны."))
        await until(telegram.standin, said(anna, "✅ Франшиза по полису ДМС-7 активна"))
    finally:
        await process.ensure_stopped()
    log = re.sub(r"[\s-]", "", process.output())
    for number in CARDS:
        assert number not in log


async def test_kill_9_during_card_binding_then_the_card_is_bound_once(
    telegram: StandinServer,
    tmp_path: Path,
    mailbox: MailBox,
    sms_gateway: tuple[SmsGateway, str],
) -> None:
    """kill -9 with the link given and the page not yet filled in: after the restart the same
    link works. kill -9 again just after the page said «привязана»: the notices still come, each
    at most twice (at least once, DESIGN.md), and the card is bound once. Nothing of Anna's (her
    e-mail, phone, passport, card) reaches the log of the whole run, at DEBUG."""
    port = free_port()
    env = environment(
        telegram,
        tmp_path,
        mailbox.port,
        sms_gateway[1],
        WEB_PORT=str(port),
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        CLINIC_ACCESS_DELAY="2s",
        FRANCHISE_ACTIVATION_DELAY="4s",
        LOG_LEVEL="DEBUG",
    )
    policies = tmp_path / "policies.csv"
    policies.write_text(
        POLICY_HEADER + policy("ДМС-7", franchise_percent="10", end_date="2030-12-31"),
        encoding="utf-8",
    )
    await run_dmsbot(env, "import", "policies", str(policies))
    standin = telegram.standin
    process = BotProcess(standin, env, tmp_path / "bot.log")
    await process.start()
    try:
        anna = remote_person(standin, 9204, "Анна", "ru")
        await member_with_policy(anna, mailbox.last_code, "ДМС-7")
        await anna.send("/franchise")
        await anna.press("📄 Условия — ДМС-7")
        await anna.press("✅ Согласен с условиями франшизы")
        link = page_link(anna)

        await process.kill()  # the link is out; the page is down with the bot
        await process.start()
        form = {"number": CARDS[0], "expiry": "12/30", "cvc": "123"}
        async with aiohttp.ClientSession() as web:
            async with web.get(link) as page:
                assert page.status == 200
            async with web.post(link, data=form) as page:
                assert "Карта •••• 4242 привязана" in await page.text()
            await process.kill()  # the notices are due, some perhaps sent, none marked
            await process.start()
            async with web.get(link) as page:
                assert page.status == 410  # used: it binds nothing twice

        notices = (
            "✅ Карта •••• 4242 привязана.",
            "🏥 Клиники программы по полису ДМС-7 доступны.",
            "✅ Франшиза по полису ДМС-7 активна",
        )
        for notice in notices:
            await until(standin, said(anna, notice))
        await asyncio.sleep(1.5)  # anything sent twice would be here by now
        for notice in notices:
            count = sum((m.text or "").startswith(notice) for m in anna.bot_messages)
            assert 1 <= count <= 2, (notice, count)
        await anna.send("/franchise")
        overview = anna.last.text or ""
        assert overview.count("•••• 4242") == 1
    finally:
        await process.ensure_stopped()
    # A whole run at DEBUG (sign-up, policy, card, two crashes): none of her data in the log.
    log = process.output()
    assert "update" in log
    for personal in ("anna@example.ru", "9991234567", "987654", CARDS[0]):
        assert personal not in re.sub(r"[\s-]", "", log), personal
