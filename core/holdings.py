"""What a signed-up person holds that decides which sections of the main menu apply to them.

The menu asks only when it is shown (the main menu, /help), once per update at most: the account
middleware, which runs on every update, hands the menu a way to ask, not the answer."""

from __future__ import annotations

from datetime import timedelta, tzinfo
from enum import StrEnum

from core.clock import Clock, local_today
from storage.db import Database
from storage.repositories.policies import PolicyRepository

# How long after a policy ends the care it paid for may still be claimed («💸 Возмещение»).
CLAIM_PERIOD = timedelta(days=90)


class Holding(StrEnum):
    DMS_POLICY = "dms-policy"  # a ДМС policy in force today
    # A ДМС policy in force whose programme has a co-payment (a franchise): the same policies
    # «Франшиза и карта» lists (`Franchises.offers`).
    COPAYMENT_POLICY = "copayment-policy"
    VZR_POLICY = "vzr-policy"  # a ВЗР (travel) policy in force today
    # A policy (either kind) in force today or ended within CLAIM_PERIOD.
    RECENT_POLICY = "recent-policy"
    CARD = "card"  # a card bound to pay the person's share
    CHARGES = "charges"  # co-payment charges or refunds, the lines of «Мои счета»


class Holdings:
    def __init__(self, db: Database, clock: Clock, zone: tzinfo) -> None:
        self.db = db
        self.clock = clock
        self.zone = zone

    async def of(self, user_id: int) -> frozenset[Holding]:
        """What the person of this account holds (nothing without a profile): one statement."""
        today = local_today(self.clock, self.zone)
        standing = await PolicyRepository(self.db.session).standing(
            user_id, today, today - CLAIM_PERIOD
        )
        held = {
            Holding.DMS_POLICY: standing.dms,
            Holding.COPAYMENT_POLICY: standing.copayment,
            Holding.VZR_POLICY: standing.vzr,
            Holding.RECENT_POLICY: standing.recent,
            Holding.CARD: standing.card,
            Holding.CHARGES: standing.charges,
        }
        return frozenset(holding for holding, yes in held.items() if yes)
