"""The card rule's exemption for the account-number step (bot/middlewares/card_rule.py)."""

from __future__ import annotations

from typing import Any

from aiogram.types import Message

from bot.features.claims.states import ClaimFlow
from core.cards import CardNumber
from core.claim_details import ACCOUNT_DIGITS

_SEPARATORS = str.maketrans("", "", " -\u00a0\u202f\t")


async def exempt_account_numbers(
    found: list[CardNumber], message: Message, data: dict[str, Any]
) -> bool:
    """At the account step, a message that is 20 digits (spaces and dashes aside) is a bank
    account number, even when a part of it looks like a card's. A card number typed there
    instead (13–19 digits) is still a card: deleted, and the step asked again."""
    if data.get("raw_state") != ClaimFlow.account.state:
        return False
    digits = (message.text or "").translate(_SEPARATORS)
    return len(digits) == ACCOUNT_DIGITS and digits.isdigit()
