"""The application's services, built once per process and handed to the dispatcher by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.accounts import AccountService
from core.broadcasts import Broadcasts
from core.clock import Clock, SystemClock
from core.i18n import Catalogue, default_catalogue
from core.notifications import Notifications
from core.outbox import Mailer, Outbox, OutboxMailer, OutboxSms, SmsSender
from core.ratelimit import RateLimiter
from core.settings import Settings
from storage.db import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    catalogue: Catalogue
    accounts: AccountService = field(init=False)
    outbox: Outbox = field(init=False)
    mailer: Mailer = field(init=False)
    sms: SmsSender = field(init=False)
    notifications: Notifications = field(init=False)
    broadcasts: Broadcasts = field(init=False)
    # The one limiter for everything sent in bulk (the notification sender uses it).
    limiter: RateLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.accounts = AccountService(self.db, self.clock)
        self.outbox = Outbox(
            self.settings.data_dir / "outbox",
            self.clock,
            sender=self.settings.smtp_from or "dms-assistant@localhost",
        )
        # The SMTP and HTTP gateways join with sign-up, the first feature that sends codes.
        self.mailer = OutboxMailer(self.outbox)
        self.sms = OutboxSms(self.outbox)
        self.notifications = Notifications(self.db, self.clock)
        self.broadcasts = Broadcasts(self.db, self.clock)
        self.limiter = RateLimiter(self.settings.send_rate)

    def for_handlers(self) -> dict[str, Any]:
        """What handlers may ask for by parameter name (no database handle: no SQL in handlers)."""
        return {
            "settings": self.settings,
            "clock": self.clock,
            "catalogue": self.catalogue,
            "accounts": self.accounts,
            "notifications": self.notifications,
            "broadcasts": self.broadcasts,
        }

    async def close(self) -> None:
        await self.db.dispose()


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    catalogue: Catalogue | None = None,
) -> Services:
    return Services(
        settings=settings,
        db=Database(settings.db_url),
        clock=clock or SystemClock(),
        catalogue=catalogue or default_catalogue(),
    )
