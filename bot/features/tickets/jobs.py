"""The tickets' periodic job."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot

from core.services import Services

DESK_EVERY = timedelta(minutes=1)


async def desk_work(_bot: Bot, services: Services) -> None:
    """Post tickets that waited for the desk, and escalate the overdue (both idempotent)."""
    async with services.db.unit_of_work():
        await services.tickets.post_waiting()
    async with services.db.unit_of_work():
        await services.tickets.escalate_overdue()
