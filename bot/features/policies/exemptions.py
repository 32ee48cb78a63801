"""The card rule's exemption for the policy-number steps (bot/middlewares/card_rule.py)."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram.types import Message

from bot.features.policies.states import PolicyLink
from bot.middlewares.card_rule import CardExemption
from core.cards import CardNumber
from core.policies import Policies, TooManyLookups
from core.profile import Profiles


def known_policy_numbers_at(step: State) -> CardExemption:
    """At a step that asks for a policy number («Мои полисы», a family member's in «Семья»),
    digits equal to a known policy number are a policy number. Whether the message stays tells
    whether such a policy exists, so asking counts as that number's look-up (the step then
    counts it no more: `policy_lookup_counted`); past the cap the digits are a card, whatever
    they are."""

    async def exempt(found: list[CardNumber], message: Message, data: dict[str, Any]) -> bool:
        if data.get("raw_state") != step.state:
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

    return exempt


exempt_known_policy_numbers = known_policy_numbers_at(PolicyLink.number)
