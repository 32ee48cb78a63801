"""What a signed-up person holds that decides which sections of the main menu apply to them.

The menu asks only when it is shown (the main menu, /help), once per update at most: the account
middleware, which runs on every update, hands the menu a way to ask, not the answer."""

from __future__ import annotations

from datetime import tzinfo
from enum import StrEnum

from core.clock import Clock, local_today
from storage.db import Database
from storage.repositories.policies import PolicyRepository


class Holding(StrEnum):
    # A ДМС policy in force whose programme has a co-payment (a franchise): the same policies
    # «Франшиза и карта» lists (`Franchises.offers`).
    COPAYMENT_POLICY = "copayment-policy"
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
        policy, card, charges = await PolicyRepository(self.db.session).copayment_standing(
            user_id, today
        )
        held = {Holding.COPAYMENT_POLICY: policy, Holding.CARD: card, Holding.CHARGES: charges}
        return frozenset(holding for holding, yes in held.items() if yes)
