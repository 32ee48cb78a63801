"""Co-payments: the franchise settings, Anna's ДМС-7 with a 10 % franchise, the sandbox's card
page through the bot's web app, cards bound and services billed, the provider watched.

A pytest plugin (tests/conftest.py): the `web` and `watched` fixtures are here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.runtime import create_web_app
from core.services import Services
from standin import Person
from standin.rig import InProcessBot
from storage.db import current_session
from storage.models import Charge
from tests.people import signed_up
from tests.rosters import POLICY_HEADER, SERVICE_HEADER, load, policy

GOOD = "4242 4242 4242 4242"
DECLINING = "4000 0000 0000 0341"
FRANCHISE_SETTINGS = {
    "flood_rate": 1000,
    "clinic_access_delay": "30m",
    "franchise_activation_delay": "24h",
}


@pytest.fixture
async def web(rig: InProcessBot, services: Services) -> AsyncIterator[TestClient]:
    client = TestClient(TestServer(create_web_app(services, rig.bot, rig.dispatcher["metrics"])))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def with_franchise_policy(anna: Person, services: Services, tmp_path: Path) -> None:
    await load(
        services,
        tmp_path,
        "policies",
        POLICY_HEADER + policy("ДМС-7", franchise_percent="10", end_date="2026-12-31"),
    )
    await signed_up(anna, services)
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-7")


async def link_from_chat(anna: Person) -> str:
    """The newest page link in the chat."""
    for message in reversed(anna.bot_messages):
        for button in message.inline_buttons:
            if button["text"] == "💳 Открыть страницу привязки":
                return str(urlsplit(button["url"]).path)
    raise LookupError("no page link in the chat")


async def post_card(web: TestClient, path: str, number: str, expiry: str = "12/30") -> str:
    response = await web.post(path, data={"number": number, "expiry": expiry, "cvc": "123"})
    return await response.text()


PROVIDER_CALLS = {"start_binding", "confirm", "poll", "charge", "refund", "lookup", "unbind"}


class Watched:
    """The configured provider, each call noted with whether a database transaction was open
    when it was made (`inside`): SQLite has one connection, and a slow provider would stall
    every other person's update."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.calls: list[str] = []
        self.inside: list[str] = []

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.inner, name)
        if name not in PROVIDER_CALLS:
            return found

        async def call(*args: Any, **kwargs: Any) -> Any:
            session = current_session()
            self.calls.append(name)
            if session is not None and session.in_transaction():
                self.inside.append(name)
            return await found(*args, **kwargs)

        return call


@pytest.fixture
def watched(services: Services) -> Watched:
    provider = Watched(services.payments)
    services.franchises.provider = provider  # type: ignore[assignment]
    services.copayments.provider = provider  # type: ignore[assignment]
    return provider


async def franchised(
    anna: Person, services: Services, web: TestClient, tmp_path: Path, card: str = GOOD
) -> None:
    """Anna's ДМС-7 (10 %) with the terms accepted and a card bound (active in 24 h)."""
    await with_franchise_policy(anna, services, tmp_path)
    await anna.send("/franchise")
    await anna.press("📄 Условия — ДМС-7")
    await anna.press("✅ Согласен с условиями франшизы")
    await post_card(web, await link_from_chat(anna), card)


async def billed(services: Services, tmp_path: Path, *rows: str) -> None:
    await load(services, tmp_path, "services", SERVICE_HEADER + "".join(f"{row}\n" for row in rows))


async def charges(services: Services) -> list[tuple[str, int, str, int, str]]:
    async with services.db.unit_of_work() as session:
        found = await session.scalars(select(Charge).order_by(Charge.id))
        return [(c.service_id, c.version, c.kind, c.amount, c.status) for c in found]
