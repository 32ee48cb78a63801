"""The notification sender against the Bot API stand-in over HTTP, with Telegram's limits on.

The sender talks to the stand-in's HTTP front through aiogram's real aiohttp session (so request
timeouts are real); people talk to the in-process dispatcher of the same stand-in.

`deliver` sends what is due to an in-process bot (the `rig` fixture) the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot
from sqlalchemy import select

from bot.app import create_bot
from bot.delivery import TelegramTransport
from core.clock import ManualClock
from core.delivery import DeliveryPolicy, Sender
from core.notifications import Payload
from core.notifications import Person as Recipient
from core.ratelimit import RateLimiter
from core.services import Services, build_services
from core.settings import Settings
from standin import BotApiStandin, Person
from standin.rig import InProcessBot
from standin.server import StandinServer
from standin.telegram import TELEGRAM_LIMITS, StoredMessage
from storage.models import ScheduledMessage, User
from storage.repositories.users import UserRepository
from tests.conftest import make_settings
from tests.probe import probe_catalogue

# Fast retries for tests; the production policy waits 10 s, 20 s, ... between tries.
TEST_POLICY = DeliveryPolicy(batch=20, first_retry=timedelta(seconds=5))


class DeliveryRig:
    def __init__(
        self,
        settings: Settings,
        services: Services,
        standin: BotApiStandin,
        bot: Bot,
        dispatcher_rig: InProcessBot,
        request_timeout: int,
        policy: DeliveryPolicy,
    ) -> None:
        self.settings = settings
        self.services = services
        self.standin = standin
        self.bot = bot
        self.chat_rig = dispatcher_rig
        self.request_timeout = request_timeout
        self.policy = policy
        self.sender = self.new_sender()

    @property
    def clock(self) -> ManualClock:
        assert isinstance(self.services.clock, ManualClock)
        return self.services.clock

    def new_sender(self, services: Services | None = None) -> Sender:
        """A sender of its own (another process, or this one after a restart)."""
        services = services or self.services
        return Sender(
            services.db,
            services.clock,
            services.catalogue,
            self.settings,
            TelegramTransport(
                self.bot, self.chat_rig.dispatcher["intents"], request_timeout=self.request_timeout
            ),
            RateLimiter(self.settings.send_rate),
            self.policy,
        )

    async def person(
        self, telegram_id: int, language: str = "ru", time_zone: str | None = None
    ) -> int:
        """An account that has talked to the bot; its id."""
        self.standin.chat(telegram_id, "private")
        async with self.services.db.unit_of_work():
            visit = await self.services.accounts.visit(telegram_id, language)
            visit.user.time_zone = time_zone
            return visit.user.id

    def talker(self, telegram_id: int, language: str = "ru") -> Person:
        return self.chat_rig.person(telegram_id, "Анна", language)

    async def schedule(
        self,
        kind: str,
        user_id: int,
        text: str = "help-section-help",
        *,
        due_in: float = 0,
        **options: Any,
    ) -> int:
        async with self.services.db.unit_of_work():
            scheduled = await self.services.notifications.schedule(
                kind,
                Recipient(user_id),
                self.clock.now() + timedelta(seconds=due_in),
                options.pop("payload", None) or Payload(text),
                **options,
            )
        assert scheduled is not None
        return scheduled

    async def row(self, message_id: int) -> ScheduledMessage:
        async with self.services.db.unit_of_work() as session:
            row = await session.get(ScheduledMessage, message_id, populate_existing=True)
            assert row is not None
            return row

    async def rows(self) -> list[ScheduledMessage]:
        async with self.services.db.unit_of_work() as session:
            found = await session.scalars(select(ScheduledMessage).order_by(ScheduledMessage.id))
            return list(found.all())

    async def user(self, telegram_id: int) -> User:
        async with self.services.db.unit_of_work() as session:
            user = await UserRepository(session).by_telegram_id(telegram_id)
            assert user is not None
            await session.refresh(user)
            return user

    def received(self, chat_id: int) -> list[StoredMessage]:
        """What the bot sent to a chat (not deleted)."""
        chat = self.standin.chats[chat_id]
        return [m for m in chat.messages if m.from_bot and not m.deleted]

    def send_times(self) -> list[float]:
        return [call.at for call in self.standin.calls if call.method.startswith("send")]


@asynccontextmanager
async def delivery_rig(
    tmp_path: Path,
    database_url: str,
    *,
    request_timeout: int = 2,
    policy: DeliveryPolicy = TEST_POLICY,
    **settings_overrides: Any,
) -> AsyncIterator[DeliveryRig]:
    standin = BotApiStandin(limits=TELEGRAM_LIMITS)
    async with StandinServer(standin) as server:
        settings = make_settings(
            tmp_path, database_url, telegram_api_url=server.url, **settings_overrides
        )
        services = build_services(settings, clock=ManualClock(), catalogue=probe_catalogue())
        bot = create_bot(settings)
        chat_rig = InProcessBot(settings, services, standin=standin)
        await chat_rig.start()
        rig = DeliveryRig(settings, services, standin, bot, chat_rig, request_timeout, policy)
        try:
            yield rig
        finally:
            await chat_rig.stop()
            await bot.session.close()
            await services.close()


async def deliver(rig: InProcessBot, services: Services) -> None:
    """What is due now, sent to the in-process bot by a real `Sender` (its drain)."""
    sender = Sender(
        services.db,
        services.clock,
        services.catalogue,
        services.settings,
        TelegramTransport(rig.bot, rig.dispatcher["intents"]),
        RateLimiter(30),
    )
    await sender.drain()
