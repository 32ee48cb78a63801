"""Who may press, and what a press names: each gives the handler what it checked, and a press
that fails falls through to the section's next handler (the stale-button answer for buttons)."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.features.policies.callbacks import PolicyAction
from bot.features.policies.screens import ON_LIST
from core.people import looks_like_policy_number
from core.policies import Policies
from storage.models import Profile


class Held(Filter):
    """After `MemberPress`: the button names a policy the presser holds, given as `policy`."""

    async def __call__(
        self,
        callback: CallbackQuery,
        callback_data: PolicyAction,
        profile: Profile,
        policies: Policies,
    ) -> bool | dict[str, Any]:
        policy = await policies.owned(profile, callback_data.policy)
        return False if policy is None else {"policy": policy}


class NumberOnList(Filter):
    """Outside any dialogue, right after «Мои полисы» was shown: text that looks like a policy
    number (`looks_like_policy_number`). Other text goes on as before (the fallback)."""

    async def __call__(self, message: Message, state: FSMContext) -> bool:
        if not looks_like_policy_number(message.text or ""):
            return False
        return (await state.get_data()).get("screen") == ON_LIST


class LooksLikeNumber(Filter):
    """Text that looks like a policy number (after `NumberOnList` took the one on the list)."""

    async def __call__(self, message: Message) -> bool:
        return looks_like_policy_number(message.text or "")
