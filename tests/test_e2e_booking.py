"""Booking end to end: the real `dmsbot run` process, the insurer's files loaded by the real
`dmsbot import` while it runs, and a visit's reminder arriving on its own with a short
REMINDER_OFFSETS."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.standin import StoredMessage
from bot.standin.server import StandinServer
from core.settings import Settings
from tests import test_e2e_signup as servers
from tests.e2e import BotProcess, remote_person
from tests.signup_steps import to_summary
from tests.test_booking import PROGRAMS, SLOT_HEADER
from tests.test_e2e_signup import MailBox, SmsGateway, environment
from tests.test_import import CLINIC_HEADER, POLICY_HEADER, policy

pytestmark = pytest.mark.e2e

# The same Bot API stand-in, SMTP server and SMS gateway as the sign-up's end-to-end tests.
mailbox, sms_gateway = servers.mailbox, servers.sms_gateway

MOSCOW = ZoneInfo("Europe/Moscow")
LEAD = timedelta(seconds=50)  # the slot starts this long after it is imported
REMIND = "30s"  # REMINDER_OFFSETS: the reminder is due 20 s after the import


async def dmsbot(env: dict[str, str], *args: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


async def next_message(telegram: StandinServer, chat_id: int) -> None:
    """Until the bot writes in the chat on its own (the caller bounds the wait)."""
    arrived = asyncio.Event()

    def listener(_change: str, message: StoredMessage) -> None:
        if message.chat_id == chat_id and message.from_bot:
            arrived.set()

    telegram.standin.listeners.append(listener)
    try:
        await arrived.wait()
    finally:
        telegram.standin.listeners.remove(listener)


async def test_book_a_visit_and_its_reminder_arrives(
    telegram: StandinServer,
    tmp_path: Path,
    mailbox: MailBox,
    sms_gateway: tuple[SmsGateway, str],
) -> None:
    gateway, sms_url = sms_gateway
    env = environment(telegram, tmp_path, mailbox.port, sms_url, REMINDER_OFFSETS=REMIND)
    files = {
        "programs": PROGRAMS,
        "clinics": CLINIC_HEADER
        + "C1,Клиника «Ромашка»,ул. Ленина 1,,55.75,37.61,true,терапевт,P1,,\n",
        "policies": POLICY_HEADER + policy("ДМС-1", end_date="2030-12-31"),
    }
    for kind, text in files.items():
        (tmp_path / f"{kind}.csv").write_text(text, encoding="utf-8")
        await dmsbot(env, "import", kind, str(tmp_path / f"{kind}.csv"))
    process = BotProcess(telegram.standin, env, tmp_path / "bot.log")
    await process.start()
    try:
        anna = remote_person(telegram.standin, 9201, "Анна", "ru")
        await to_summary(anna, "anna@example.ru", mailbox.last_code)
        await anna.send("всё верно")
        await anna.send("пропустить")
        await anna.send("/policies")
        await anna.press("➕ Добавить полис")
        await anna.send("ДМС-1")

        # The clinic's free time, loaded while the bot runs: soon, on the clinic's wall clock.
        starts = (datetime.now(MOSCOW) + LEAD).replace(microsecond=0, tzinfo=None)
        slots = tmp_path / "slots.csv"
        slots.write_text(
            SLOT_HEADER + f"C1,терапевт,Андреева,{starts.isoformat()},30\n", encoding="utf-8"
        )
        imported = time.monotonic()
        await dmsbot(env, "import", "slots", str(slots))

        await anna.press("🗓 Записаться")
        await anna.press("1. Клиника «Ромашка»")
        await anna.press("терапевт")
        await anna.press("Андреева")
        await anna.press(str(starts.day))
        await anna.press(starts.strftime("%H:%M"))
        await anna.press("✅ Подтвердить")
        assert (anna.bot_messages[-2].text or "").startswith("✅ Вы записаны:")
        assert time.monotonic() - imported < 19, "too slow to see the reminder come later"
        async with asyncio.timeout(30):
            await next_message(telegram, anna.chat.id)  # nobody wrote: the reminder
        reminder = anna.last
        assert (reminder.text or "").startswith(
            f"Напоминание: {starts:%d.%m.%Y} в {starts:%H:%M} — приём, терапевт (Андреева)"
        )
        assert 18 <= time.monotonic() - imported <= 40  # due 20 s after the import, not before
        assert [b["text"] for b in reminder.inline_buttons] == ["❌ Отменить", "🔁 Перенести"]
        await anna.press("❌ Отменить")
        await anna.press("Да, отменить")
        assert (anna.last.text or "").startswith("Запись ")
    finally:
        await process.ensure_stopped()
    assert gateway.sent == []  # the phone was shared, not typed
