"""The section's periodic job."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot

from core.services import Services

DESK_EVERY = timedelta(minutes=1)


async def desk_work(_bot: Bot, services: Services) -> None:
    """Post the cases filed while the desk was off (idempotent)."""
    async with services.db.unit_of_work():
        await services.abroad.post_waiting()
