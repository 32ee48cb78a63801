"""The clinics' periodic job: the places of people's last lists of clinics (where the map opens)
forgotten once older than `core.clinics.LAST_KEPT`."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot

from core.services import Services

LAST_PLACES_EVERY = timedelta(hours=6)


async def forget_last_places(_bot: Bot, services: Services) -> None:
    """Idempotent: a delete of what is older than the same bound."""
    async with services.db.unit_of_work():
        await services.clinics.forget_old_places()
