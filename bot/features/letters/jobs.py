"""The letters' periodic job: post what waited for the desk, escalate the overdue, hand each
approved letter to its person as a PDF, remind of letters lapsing unused."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from aiogram import Bot

from core.outbox import Attachment
from core.services import Services

DESK_EVERY = timedelta(seconds=30)
CLINIC_LOCALE = "ru"  # clinics are written to in Russian


async def letters_work(_bot: Bot, services: Services) -> None:
    """Each part idempotent: a post, an escalation, a delivery and a reminder happen once."""
    letters = services.letters
    async with services.db.unit_of_work():
        await letters.post_waiting()
    async with services.db.unit_of_work():
        await letters.escalate_overdue()
    await deliver_letters(services)
    async with services.db.unit_of_work():
        await letters.remind_unused()


async def deliver_letters(services: Services) -> int:
    """Each approved letter not delivered yet: its PDF made in a worker thread (no transaction
    open meanwhile), written under DATA_DIR, and sent through the notification sender; the
    clinic, when it has an e-mail, gets it in Russian as the mail's attachment."""
    from core.letter_pdf import letter_pdf  # reportlab loaded when a letter is first made

    letters, settings, catalogue = services.letters, services.settings, services.catalogue
    async with services.db.unit_of_work():
        waiting = [
            (
                letter.id,
                await letters.copy_of(letter),
                letters.pdf_path(letter, locale),
                locale,
                await letters.clinic_email(letter) is not None,
            )
            for letter, locale in await letters.undelivered()
        ]
    delivered = 0
    for letter_id, copy, path, locale, mailed in waiting:
        made = await asyncio.to_thread(letter_pdf, copy, catalogue, settings, locale=locale)
        target = settings.data_dir / path
        await asyncio.to_thread(_write, target, made)
        filename = catalogue.translator(locale).plain("letters-pdf-file", number=letter_id)
        for_clinic = None
        if mailed:
            russian = (
                made
                if locale == CLINIC_LOCALE
                else await asyncio.to_thread(
                    letter_pdf, copy, catalogue, settings, locale=CLINIC_LOCALE
                )
            )
            name = catalogue.translator(CLINIC_LOCALE).plain("letters-pdf-file", number=letter_id)
            for_clinic = Attachment(name, "application/pdf", russian)
        async with services.db.unit_of_work():
            delivered += await letters.deliver(letter_id, path, filename, for_clinic)
    return delivered


def _write(target: object, made: bytes) -> None:
    from pathlib import Path

    assert isinstance(target, Path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(made)
