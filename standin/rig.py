"""The production dispatcher fed in-process: what the console and the in-process tests run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.app import create_bot, create_dispatcher
from bot.features import FeatureFactory
from core.services import Services
from core.settings import Settings
from standin.person import Person
from standin.session import StandinSession
from standin.telegram import BotApiStandin, JsonDict


class InProcessBot:
    def __init__(
        self,
        settings: Settings,
        services: Services,
        *,
        extra_features: Sequence[FeatureFactory] = (),
        standin: BotApiStandin | None = None,
        lock_timeout: float | None = None,
    ) -> None:
        self.settings = settings
        self.services = services
        assert settings.bot_token is not None
        bot_id = int(settings.bot_token.get_secret_value().split(":")[0])
        self.standin = standin or BotApiStandin(bot_id=bot_id)
        self.bot = create_bot(settings, session=StandinSession(self.standin))
        self.dispatcher = create_dispatcher(
            settings, services, extra_features=extra_features, lock_timeout=lock_timeout
        )

    def _workflow(self) -> dict[str, Any]:
        return {"dispatcher": self.dispatcher, "bots": [self.bot], **self.dispatcher.workflow_data}

    async def start(self) -> None:
        await self.dispatcher.emit_startup(bot=self.bot, **self._workflow())

    async def stop(self) -> None:
        await self.dispatcher.emit_shutdown(bot=self.bot, **self._workflow())
        await self.bot.session.close()

    async def feed(self, update: JsonDict) -> None:
        await self.dispatcher.feed_raw_update(self.bot, update)

    def person(
        self, user_id: int, first_name: str = "Анна", language_code: str | None = "ru"
    ) -> Person:
        return Person(self.standin, self.feed, user_id, first_name, language_code)
