"""People who talk to the bot: their account row, language and last-seen time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from core.clock import Clock
from core.i18n import LOCALES, locale_for
from storage.db import Database
from storage.models import User
from storage.repositories.users import UserRepository

# `seen_at` moves at most this often, so that updates which only read write nothing.
SEEN_RESOLUTION = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Visit:
    user: User
    is_new: bool
    member: bool  # signed up: has a profile, not frozen
    frozen: bool = False  # has a profile, frozen after «Это не я» (bot/middlewares/frozen.py)
    language_changed: bool = False  # followed Telegram's own setting just now (none chosen)


class AccountService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def _users(self) -> UserRepository:
        return UserRepository(self.db.session)

    async def visit(
        self, telegram_id: int, telegram_language: str | None, dialogue_key: str | None = None
    ) -> Visit:
        """The account of whoever sent an update, created on first contact; with
        `dialogue_key`, their dialogue row in this chat read with it (storage/fsm.py)."""
        users = self._users()
        now = self.clock.now()
        found = await users.with_profile(telegram_id, dialogue_key)
        if found is None:
            is_new = await users.add_if_absent(telegram_id, locale_for(telegram_language), now)
            user = await users.by_telegram_id(telegram_id)
            assert user is not None
            return Visit(user, is_new, member=False)
        user, profile = found
        changed = not user.language_chosen and user.language != locale_for(telegram_language)
        if changed:
            user.language = locale_for(telegram_language)
        if now - user.seen_at >= SEEN_RESOLUTION:
            user.seen_at = now
        if user.unreachable_since is not None:
            # They wrote again, so they unblocked the bot: their held messages may go.
            user.unreachable_since = None
        frozen = profile is not None and profile.frozen_at is not None
        member = profile is not None and not frozen
        return Visit(user, is_new=False, member=member, frozen=frozen, language_changed=changed)

    async def choose_language(self, user: User, locale: str) -> None:
        if locale not in LOCALES:
            raise ValueError(f"unknown locale {locale!r}")
        user.language = locale
        user.language_chosen = True
        self.db.session.add(user)
