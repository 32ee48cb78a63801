"""The family's daily job: children on a parent's account who turned 18 told they may now sign up
and take their policy over (core/family_adults.py)."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot

from core.family_adults import AdultMembers
from core.services import Services

ADULTS_EVERY = timedelta(days=1)


def adult_members(services: Services) -> AdultMembers:
    return AdultMembers(
        services.db,
        services.clock,
        services.settings,
        services.notifications,
        services.mail_queue,
        services.catalogue,
    )


async def tell_adults(_bot: Bot, services: Services) -> None:
    """Idempotent: each policy is told once (`adult_told_at`), its mail and the parent's message
    committed with the mark."""
    async with services.db.unit_of_work():
        await adult_members(services).tell()
