"""The letters' periodic job: post what waited for the desk, escalate the overdue, hand each
approved letter to its person as a PDF, remind of letters lapsing unused."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from aiogram import Bot

from core.outbox import Attachment
from core.services import Services

logger = logging.getLogger(__name__)

DESK_EVERY = timedelta(seconds=30)
CLINIC_LOCALE = "ru"  # clinics are written to in Russian


async def letters_work(_bot: Bot, services: Services) -> None:
    """Each part idempotent: a post, an escalation, a delivery, a reminder and the mark of a
    lapsed letter happen once."""
    letters = services.letters
    async with services.db.unit_of_work():
        await letters.post_waiting()
    async with services.db.unit_of_work():
        await letters.escalate_overdue()
    await deliver_letters(services)
    await each_letter(services, "reminder", letters.lapsing_ids, letters.remind)
    await each_letter(services, "expiry", letters.lapsed_ids, letters.expire)


async def each_letter(
    services: Services,
    what: str,
    found: Callable[[], Awaitable[list[int]]],
    act: Callable[[int], Awaitable[bool]],
) -> int:
    """`act` on each letter `found`, each in its own unit of work: one letter's failure (a bug,
    a row that does not read) is logged and rolled back, and the others go on; it is tried
    again next time. How many acted."""
    async with services.db.unit_of_work():
        letter_ids = await found()
    done = 0
    for letter_id in letter_ids:
        try:
            async with services.db.unit_of_work():
                done += await act(letter_id)
        except Exception:
            logger.exception("letters: the %s of letter %d failed", what, letter_id)
    return done


async def deliver_letters(services: Services) -> int:
    """Each approved letter not delivered yet: its PDF made in a worker thread (no transaction
    open meanwhile), written under DATA_DIR, and sent through the notification sender; the
    clinic, when it has an e-mail, gets it in Russian as the mail's attachment. One letter's
    failure is logged and stops no other (it is tried again next time)."""
    async with services.db.unit_of_work():
        waiting = [(letter.id, locale) for letter, locale in await services.letters.undelivered()]
    delivered = 0
    for letter_id, locale in waiting:
        try:
            delivered += await _deliver_one(services, letter_id, locale)
        except Exception:
            logger.exception("letters: the delivery of letter %d failed", letter_id)
    return delivered


async def _deliver_one(services: Services, letter_id: int, locale: str) -> bool:
    from core.letter_pdf import letter_pdf  # reportlab loaded when a letter is first made

    letters, settings, catalogue = services.letters, services.settings, services.catalogue
    async with services.db.unit_of_work():
        letter = await letters.by_id(letter_id)
        if letter is None:
            return False
        copy, path = await letters.copy_of(letter), letters.pdf_path(letter, locale)
        mailed = await letters.clinic_email(letter) is not None
    made = await asyncio.to_thread(letter_pdf, copy, catalogue, settings, locale=locale)
    await asyncio.to_thread(_write, settings.data_dir / path, made)
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
        return await letters.deliver(letter_id, path, filename, for_clinic)


def _write(target: object, made: bytes) -> None:
    from pathlib import Path

    assert isinstance(target, Path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(made)
