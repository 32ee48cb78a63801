"""The `copayments` job: plan the co-payments, then charge what is due."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot

from core.services import Services

EVERY = timedelta(minutes=1)


async def charge_due(_bot: Bot, services: Services) -> None:
    """Plan new co-payments, then try what is due, one charge per transaction (safe on several
    instances: a charge is claimed while it is tried, and every try has its key)."""
    async with services.db.unit_of_work():
        await services.copayments.plan()
    async with services.db.unit_of_work():
        due = await services.copayments.due()
    for charge_id in due:
        async with services.db.unit_of_work():
            await services.copayments.attempt(charge_id)
