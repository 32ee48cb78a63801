"""The claims' periodic job."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot

from core.services import Services

DESK_EVERY = timedelta(minutes=1)


async def post_waiting(_bot: Bot, services: Services) -> None:
    """Post the claims filed while the desk was off (idempotent: one post per claim)."""
    async with services.db.unit_of_work():
        await services.claims.post_waiting()
