from __future__ import annotations

from aiogram import Bot

from core.services import Services


async def forget_files(_bot: Bot, services: Services) -> None:
    """IDENTITY_FILES_RETENTION after a decision the photos' file ids go (idempotent)."""
    async with services.db.unit_of_work():
        await services.identity.forget_files()
