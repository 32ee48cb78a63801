"""The application's services, built once per process and handed to the dispatcher by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.abroad import Abroad
from core.accounts import AccountService
from core.audit import Audit
from core.booking import Booking
from core.broadcasts import Broadcasts
from core.calendar_files import CalendarFiles
from core.claims import Claims
from core.clinic_map import ClinicMap
from core.clinic_notices import ClinicNotices
from core.clinics import Clinics
from core.clock import Clock, SystemClock
from core.codes import Codes
from core.copayments import Copayments
from core.crypto import DataKeys
from core.data_rights import DataRights
from core.desk import Desk
from core.family import Family
from core.franchise import Franchises
from core.gateways import build_mailer, build_sms
from core.geocoding import Geocoder, build_geocoder
from core.holders import Holders
from core.holdings import Holdings
from core.i18n import Catalogue, default_catalogue
from core.identity import Identity
from core.invitations import Invitations
from core.legal import LegalTexts
from core.letters import Letters
from core.mail_queue import MailQueue
from core.notifications import Notifications
from core.outbox import Mailer, Outbox, SmsSender
from core.payments import PaymentProvider
from core.payments.factory import build_payments
from core.policies import Policies
from core.profile import Profiles
from core.ratelimit import Limiter, RateLimiter
from core.recovery import Recoveries
from core.settings import Settings
from core.signup import Signup
from core.slots import Slots
from core.sms_brake import SmsBrake
from core.tickets import Tickets
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
    # Mail reporting a change, sent after it committed (the `mail-outbox` job).
    mail_queue: MailQueue = field(init=False)
    clinic_notices: ClinicNotices = field(init=False)
    notifications: Notifications = field(init=False)
    broadcasts: Broadcasts = field(init=False)
    # The one limiter for everything sent in bulk (the notification sender uses it).
    limiter: Limiter = field(init=False)
    keys: DataKeys = field(init=False)
    legal: LegalTexts = field(init=False)
    sms_brake: SmsBrake = field(init=False)
    codes: Codes = field(init=False)
    signup: Signup = field(init=False)
    audit: Audit = field(init=False)
    profiles: Profiles = field(init=False)
    rights: DataRights = field(init=False)
    recoveries: Recoveries = field(init=False)
    policies: Policies = field(init=False)
    desk: Desk = field(init=False)
    identity: Identity = field(init=False)
    invitations: Invitations = field(init=False)
    clinics: Clinics = field(init=False)
    clinic_map: ClinicMap = field(init=False)  # the Mini App's (bot/miniapp.py)
    geocoder: Geocoder | None = field(init=False)  # typed addresses, when GEOCODER is set
    calendar: CalendarFiles = field(init=False)
    slots: Slots = field(init=False)
    booking: Booking = field(init=False)
    tickets: Tickets = field(init=False)
    payments: PaymentProvider = field(init=False)
    franchises: Franchises = field(init=False)
    copayments: Copayments = field(init=False)
    holders: Holders = field(init=False)
    family: Family = field(init=False)
    # What decides which menu sections apply to a signed-up person (the account middleware).
    holdings: Holdings = field(init=False)
    letters: Letters = field(init=False)
    abroad: Abroad = field(init=False)
    claims: Claims = field(init=False)

    def __post_init__(self) -> None:
        self.accounts = AccountService(self.db, self.clock)
        self.holdings = Holdings(self.db, self.clock, self.settings.timezone)
        self.outbox = Outbox(
            self.settings.data_dir / "outbox",
            self.clock,
            sender=self.settings.smtp_from or "dms-assistant@localhost",
        )
        self.mailer = build_mailer(self.settings, self.outbox)
        self.sms = build_sms(self.settings, self.outbox)
        self.mail_queue = MailQueue(self.db, self.clock, self.mailer)
        self.notifications = Notifications(self.db, self.clock)
        self.broadcasts = Broadcasts(self.db, self.clock)
        self.limiter: Limiter = RateLimiter(self.settings.send_rate)
        if self.settings.redis_url:
            # Loaded only here: the Redis client is ~6 MB resident (docs/benchmarks.md, memory).
            from storage.redis_limits import SharedRateLimiter

            self.limiter = SharedRateLimiter(
                self.settings.redis_url, self.settings.redis_prefix, self.settings.send_rate
            )
        self.keys = DataKeys.from_settings(self.settings)
        self.legal = LegalTexts(self.settings.legal_dir)
        self.calendar = CalendarFiles(
            self.db,
            self.clock,
            self.catalogue,
            self.settings.data_dir,
            str(self.settings.public_base_url),
            self.settings.timezone,
        )
        self.slots = Slots(
            self.db, self.clock, self.notifications, self.settings.timezone, self.calendar
        )
        self.clinic_notices = ClinicNotices(self.db, self.slots, self.catalogue, self.mail_queue)
        self.audit = Audit(self.db, self.clock)
        self.sms_brake = SmsBrake(
            self.db, self.clock, self.settings, self.notifications, self.audit
        )
        self.codes = Codes(self.db, self.clock, self.keys, self.settings, self.sms_brake)
        self.signup = Signup(
            self.db,
            self.clock,
            self.settings,
            self.keys,
            self.legal,
            self.codes,
            self.mailer,
            self.sms,
            self.audit,
        )
        self.profiles = Profiles(self.db, self.clock, self.signup, self.audit)
        self.payments = build_payments(self.settings, self.db, self.clock, self.keys)
        self.franchises = Franchises(
            self.db,
            self.clock,
            self.settings,
            self.notifications,
            self.audit,
            self.keys,
            self.payments,
        )
        self.copayments = Copayments(
            self.db,
            self.clock,
            self.settings,
            self.notifications,
            self.audit,
            self.keys,
            self.payments,
        )
        self.holders = Holders(
            self.db,
            self.clock,
            self.notifications,
            self.audit,
            self.clinic_notices,
            self.calendar,
        )
        self.family = Family(self.db, self.clock, self.settings, self.holders, self.audit)
        self.claims = Claims(
            self.db,
            self.clock,
            self.settings,
            self.notifications,
            self.audit,
            self.keys,
            self.family,
        )
        self.identity = Identity(
            self.db, self.clock, self.settings, self.notifications, self.audit, self.holders
        )
        self.identity.family = self.family
        self.tickets = Tickets(self.db, self.clock, self.settings, self.notifications, self.audit)
        self.abroad = Abroad(self.db, self.clock, self.settings, self.notifications, self.audit)
        self.rights = DataRights(
            self.db,
            self.clock,
            self.signup,
            self.audit,
            self.franchises,
            self.copayments,
            self.identity,
            self.tickets,
            self.mail_queue,
            self.clinic_notices,
            self.calendar,
            self.abroad,
            self.claims,
        )
        self.recoveries = Recoveries(self.db, self.clock, self.notifications, self.audit)
        self.policies = Policies(
            self.db, self.clock, self.notifications, self.audit, self.holders, self.family
        )
        self.desk = Desk(
            self.db,
            self.clock,
            self.settings,
            self.notifications,
            self.audit,
            self.holders,
            self.recoveries,
            self.sms_brake,
        )
        self.invitations = Invitations(self.db, self.clock, self.settings, self.mailer)
        self.clinics = Clinics(self.db, self.clock, self.settings.timezone)
        self.clinic_map = ClinicMap(self.db, self.clinics, self.family)
        self.geocoder = build_geocoder(self.settings)
        self.booking = Booking(
            self.db,
            self.clock,
            self.notifications,
            self.slots,
            self.settings.booking_horizon,
            list(self.settings.reminder_offsets),
            self.clinic_notices,
            self.franchises,
            self.calendar,
            self.family,
        )
        self.letters = Letters(
            self.db,
            self.clock,
            self.settings,
            self.notifications,
            self.audit,
            self.mail_queue,
            self.catalogue,
            self.family,
        )
        self.holders.releases += [self.letters.release, self.claims.withdraw, self.abroad.release]
        self.rights.letters = self.letters

    def for_handlers(self) -> dict[str, Any]:
        """What handlers may ask for by parameter name (no database handle: no SQL in handlers)."""
        return {
            "settings": self.settings,
            "clock": self.clock,
            "catalogue": self.catalogue,
            "accounts": self.accounts,
            "notifications": self.notifications,
            "broadcasts": self.broadcasts,
            "signup": self.signup,
            "profiles": self.profiles,
            "rights": self.rights,
            "recoveries": self.recoveries,
            "policies": self.policies,
            "family": self.family,
            "desk": self.desk,
            "identity": self.identity,
            "invitations": self.invitations,
            "clinics": self.clinics,
            "geocoder": self.geocoder,
            "booking": self.booking,
            "tickets": self.tickets,
            "franchises": self.franchises,
            "copayments": self.copayments,
            "letters": self.letters,
            "abroad": self.abroad,
            "claims": self.claims,
        }

    async def close(self) -> None:
        close = getattr(self.sms, "close", None)  # the HTTP gateway holds a connection pool
        if close is not None:
            await close()
        if self.geocoder is not None:
            await self.geocoder.close()
        await self.limiter.close()
        await self.db.dispose()


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    catalogue: Catalogue | None = None,
) -> Services:
    return Services(
        settings=settings,
        db=Database(settings.db_url, pool_size=settings.database_pool_size),
        clock=clock or SystemClock(),
        catalogue=catalogue or default_catalogue(),
    )
