"""Sign-up: consents, confirmed contacts, the person's data, the profile and an optional PIN."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError

from core.audit import Audit
from core.clock import Clock
from core.codes import Channel, Codes
from core.crypto import DataKeys
from core.gateways import DeliveryFailed
from core.i18n import Translator
from core.legal import LegalTexts
from core.outbox import Mail, Mailer, SmsSender
from core.people import Document, DocumentType
from core.settings import Settings
from storage.db import Database, commit_current
from storage.models import Profile, User
from storage.repositories.profiles import ConsentRepository, ProfileRepository

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
PIN_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class AlreadyRegistered(Exception):
    """The e-mail or phone belongs to another account (access recovery is the way back)."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field  # "email", "phone" or "account"


@dataclass(frozen=True)
class PersonData:
    email: str
    phone: str
    last_name: str
    first_name: str
    middle_name: str | None
    birth_date: date
    sex: str
    document: Document


async def hash_pin(pin: str) -> str:
    # About 50 ms of CPU and 19 MiB by design: off the event loop.
    return await asyncio.to_thread(PIN_HASHER.hash, pin)


async def pin_matches(pin_hash: str, pin: str) -> bool:
    def check() -> bool:
        try:
            return PIN_HASHER.verify(pin_hash, pin)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(check)


PURPOSES = {Channel.EMAIL: "signup-email", Channel.SMS: "signup-phone"}
# What a person may fix in the sign-up summary and edit in their profile, in the order shown.
EDITABLE_FIELDS = (
    "email",
    "phone",
    "last-name",
    "first-name",
    "middle-name",
    "birth-date",
    "sex",
    "document",
)


class Signup:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        keys: DataKeys,
        legal: LegalTexts,
        codes: Codes,
        mailer: Mailer,
        sms: SmsSender,
        audit: Audit,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.keys = keys
        self.legal = legal
        self.codes = codes
        self.mailer = mailer
        self.sms = sms
        self.audit = audit

    async def send_code(
        self,
        user: User,
        channel: Channel,
        address: str,
        _: Translator,
        purpose: str | None = None,
    ) -> None:
        """Mail or text a new code to `address`, in the person's language. Raises TooSoon or
        TooMany (nothing sent), or DeliveryFailed (the code is forgotten: trying again is free).

        Commits what the unit of work has done so far: the code is kept before it leaves, and no
        transaction is open while the mail server or SMS gateway answers (on SQLite, every other
        update would wait for it)."""
        issued = await self.codes.issue(user.id, purpose or PURPOSES[channel], channel, address)
        await commit_current()
        minutes = max(1, int(self.settings.code_ttl.total_seconds() // 60))
        try:
            if channel is Channel.EMAIL:
                params = {
                    "code": issued.code,
                    "minutes": minutes,
                    "insurer": self.settings.insurer_name,
                }
                await self.mailer.send(
                    Mail(
                        to=address,
                        subject=_.plain("signup-mail-subject"),
                        text=_.plain("signup-mail-text", **params),
                        html=_("signup-mail-html", **params),
                    )
                )
            else:
                await self.sms.send(address, _.plain("signup-sms-text", code=issued.code))
        except DeliveryFailed:
            await self.codes.undo(issued)
            await commit_current()
            raise

    def _profiles(self) -> ProfileRepository:
        return ProfileRepository(self.db.session)

    async def accept(self, user: User, document: str) -> str:
        """Record consent to the current version of `document`; its version."""
        version = self.legal.current(document).version
        await ConsentRepository(self.db.session).record(
            user.id, document, version, self.clock.now()
        )
        return version

    async def profile_of(self, user: User) -> Profile | None:
        return await self._profiles().of_user(user.id)

    async def email_taken(self, email: str, by_other_than: User | None = None) -> bool:
        other = by_other_than.id if by_other_than is not None else None
        return await self._profiles().email_taken(email, other)

    async def phone_taken(self, phone: str, by_other_than: User | None = None) -> bool:
        other = by_other_than.id if by_other_than is not None else None
        return await self._profiles().phone_taken(phone, other)

    def seal_document(self, document: Document) -> str:
        """The document as it may be kept (dialogue state, the database): encrypted."""
        plain = {"type": document.type.value, "series": document.series, "number": document.number}
        return self.keys.encrypt(json.dumps(plain))

    def open_document(self, sealed: str) -> Document:
        plain = json.loads(self.keys.decrypt(sealed))
        return Document(DocumentType(plain["type"]), plain["series"], plain["number"])

    async def complete(self, user: User, data: PersonData) -> Profile:
        profiles = self._profiles()
        if await profiles.exists_for(user.id):
            raise AlreadyRegistered("account")
        if await profiles.email_taken(data.email):
            raise AlreadyRegistered("email")
        if await profiles.phone_taken(data.phone):
            raise AlreadyRegistered("phone")
        now = self.clock.now()
        profile = Profile(
            user_id=user.id,
            email=data.email,
            phone=data.phone,
            last_name=data.last_name,
            first_name=data.first_name,
            middle_name=data.middle_name,
            birth_date=data.birth_date,
            sex=data.sex,
            document_type=data.document.type.value,
            document_encrypted=self.seal_document(data.document),
            created_at=now,
            updated_at=now,
        )
        try:
            async with self.db.session.begin_nested():  # two sign-ups racing for one address
                await profiles.add(profile)
        except IntegrityError:
            raise AlreadyRegistered("email") from None
        return profile

    async def update_profile(self, user: User, data: PersonData) -> Profile:
        """Save edits to the person's own profile (contacts confirmed again by the dialogue)."""
        profile = await self._profiles().of_user(user.id)
        if profile is None:
            raise AlreadyRegistered("account")
        if await self.email_taken(data.email, user):
            raise AlreadyRegistered("email")
        if await self.phone_taken(data.phone, user):
            raise AlreadyRegistered("phone")
        changed = [
            name
            for name, old, new in (
                ("email", profile.email, data.email),
                ("phone", profile.phone, data.phone),
            )
            if old != new
        ]
        if changed:  # which, not what: the audit log holds no personal data
            await self.audit.record(
                "person", user.id, "profile.contacts", "profile", profile.id, fields=changed
            )
        profile.email, profile.phone = data.email, data.phone
        profile.last_name, profile.first_name = data.last_name, data.first_name
        profile.middle_name, profile.birth_date = data.middle_name, data.birth_date
        profile.sex = data.sex
        profile.document_type = data.document.type.value
        profile.document_encrypted = self.seal_document(data.document)
        profile.updated_at = self.clock.now()
        try:
            async with self.db.session.begin_nested():
                await self.db.session.flush()
        except IntegrityError:
            raise AlreadyRegistered("email") from None
        return profile

    def as_dialogue_data(self, profile: Profile) -> dict[str, Any]:
        """The saved profile in the sign-up dialogue's shape, for editing one field of it."""
        return {
            "email": profile.email,
            "phone": profile.phone,
            "last_name": profile.last_name,
            "first_name": profile.first_name,
            "middle_name": profile.middle_name,
            "birth_date": profile.birth_date.isoformat(),
            "sex": profile.sex,
            "document_type": profile.document_type,
            "document": profile.document_encrypted,
            "fixing": True,
            "editing": True,
        }
