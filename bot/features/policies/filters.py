"""Who may press, and what a press names: each gives the handler what it checked, and a press
that fails falls through to the section's next handler (the stale-button answer for buttons)."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.features.policies.callbacks import PolicyAction
from core.policies import Policies
from core.profile import Profiles
from storage.models import Profile, User


class Signed(Filter):
    """From someone signed up: the handler gets their `profile`."""

    async def __call__(
        self, event: TelegramObject, user: User, profiles: Profiles
    ) -> bool | dict[str, Any]:
        profile = await profiles.of(user)
        return False if profile is None else {"profile": profile}


class Pressed(Filter):
    """A button pressed by someone signed up, on a message still there: the handler gets the
    `profile` and the message as `shown`."""

    async def __call__(
        self, callback: CallbackQuery, user: User, profiles: Profiles
    ) -> bool | dict[str, Any]:
        profile = await profiles.of(user)
        if profile is None or not isinstance(callback.message, Message):
            return False
        return {"profile": profile, "shown": callback.message}


class Held(Filter):
    """After `Pressed`: the button names a policy the presser holds, given as `policy`."""

    async def __call__(
        self,
        callback: CallbackQuery,
        callback_data: PolicyAction,
        profile: Profile,
        policies: Policies,
    ) -> bool | dict[str, Any]:
        policy = await policies.owned(profile, callback_data.policy)
        return False if policy is None else {"policy": policy}
