"""The card rule's exemption for the policy-number step (bot/middlewares/card_rule.py)."""

from __future__ import annotations

from typing import Any

from aiogram.types import Message

from bot.features.policies.states import PolicyLink
from core.cards import CardNumber
from core.policies import Policies, TooManyLookups
from core.profile import Profiles


async def exempt_known_policy_numbers(
    found: list[CardNumber], message: Message, data: dict[str, Any]
) -> bool:
    """At the policy-number step, digits equal to a known policy number are a policy number.
    Whether the message stays tells whether such a policy exists, so asking counts as that
    number's look-up (`on_number` then counts it no more); past the cap the digits are a card,
    whatever they are."""
    if data.get("raw_state") != PolicyLink.number.state:
        return False
    policies: Policies = data["policies"]
    profiles: Profiles = data["profiles"]
    profile = await profiles.of(data["user"])
    if profile is None:
        return False
    try:
        await policies.count_lookup(profile)
    except TooManyLookups:
        return False
    data["policy_lookup_counted"] = True
    return await policies.is_known_number(message.text or "")
