"""Booking end to end: the real `dmsbot run` process, the insurer's files loaded by the real
`dmsbot import` while it runs, and a visit's reminder arriving on its own with a short
REMINDER_OFFSETS."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from standin import StoredMessage
from standin.server import StandinServer
from tests.e2e import (
    REPLY_TIMEOUT,
    BotProcess,
    MailBox,
    SmsGateway,
    environment,
    free_port,
    remote_person,
    run_dmsbot,
    run_python,
    until,
)
from tests.rosters import CLINIC_HEADER, POLICY_HEADER, PROGRAMS, SLOT_HEADER, policy
from tests.signup_steps import member_with_policy

pytestmark = pytest.mark.e2e

MOSCOW = ZoneInfo("Europe/Moscow")
LEAD = timedelta(seconds=50)  # the slot starts this long after it is imported
REMIND = "30s"  # REMINDER_OFFSETS: the reminder is due 20 s after the import


async def dmsbot_imports(env: dict[str, str], files: dict[str, Path]) -> None:
    """`dmsbot import KIND FILE` for each file in turn, in one process (one start, not four)."""
    calls = "; ".join(
        f"codes.append(main(['import', {k!r}, {str(p)!r}]))" for k, p in files.items()
    )
    await run_python(
        env, "-c", f"from bot.cli import main; codes = []; {calls}; raise SystemExit(max(codes))"
    )


async def settled(telegram: StandinServer, done: Callable[[], bool], seconds: float = 15) -> None:
    """Until `done()` holds, checked after each change the bot makes (at most `seconds`)."""
    changed = asyncio.Event()

    def listener(_change: str, _message: StoredMessage) -> None:
        changed.set()

    telegram.standin.listeners.append(listener)
    try:
        async with asyncio.timeout(seconds):
            while not done():
                await changed.wait()
                changed.clear()
    finally:
        telegram.standin.listeners.remove(listener)


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
        await run_dmsbot(env, "import", kind, str(tmp_path / f"{kind}.csv"))
    process = BotProcess(telegram.standin, env, tmp_path / "bot.log")
    await process.start()
    try:
        anna = remote_person(telegram.standin, 9201, "Анна", "ru")
        await member_with_policy(anna, mailbox.last_code, "ДМС-1")

        # The clinic's free time, loaded while the bot runs: soon, on the clinic's wall clock.
        starts = (datetime.now(MOSCOW) + LEAD).replace(microsecond=0, tzinfo=None)
        slots = tmp_path / "slots.csv"
        slots.write_text(
            SLOT_HEADER + f"C1,терапевт,Андреева,{starts.isoformat()},30\n", encoding="utf-8"
        )
        imported = time.monotonic()
        await run_dmsbot(env, "import", "slots", str(slots))

        await anna.press("🗓 Записаться")
        await anna.press("1. Клиника «Ромашка»")
        await anna.press("терапевт")
        await anna.press("Андреева")
        await anna.press(str(starts.day))
        await anna.press(starts.strftime("%H:%M"))
        await anna.press("✅ Подтвердить")
        # On a busy machine the booking's two messages may come after the press has settled.
        await settled(
            telegram,
            lambda: (anna.bot_messages[-2].text or "").startswith("✅ Вы записаны к врачу."),
        )
        assert time.monotonic() - imported < 19, "too slow to see the reminder come later"
        async with asyncio.timeout(30):
            await next_message(telegram, anna.chat.id)  # nobody wrote: the reminder
        reminder = anna.last
        assert (reminder.text or "").startswith(
            f"⏰ Напоминание о записи к врачу.\nКогда: {starts:%d.%m.%Y} в {starts:%H:%M}\n"
            "Врач: Андреева, терапевт\n"
        )
        assert 18 <= time.monotonic() - imported <= 40  # due 20 s after the import, not before
        assert [b["text"] for b in reminder.inline_buttons] == ["❌ Отменить", "🔁 Перенести"]
        await anna.press("❌ Отменить")
        await anna.press("Да, отменить")
        assert (anna.last.text or "").startswith("✅ Запись отменена: ")
    finally:
        await process.ensure_stopped()
    assert gateway.sent == []  # the phone was shared, not typed


async def test_kill_9_while_the_confirmation_is_on_its_way_then_one_visit_and_it_is_shown(
    telegram: StandinServer,
    tmp_path: Path,
    mailbox: MailBox,
    sms_gateway: tuple[SmsGateway, str],
) -> None:
    """Webhook mode, as in production. «✅ Подтвердить» is handled: the visit is committed, the
    reply is on its way (Telegram takes it, but late) when the process is killed. Telegram posts
    the unanswered update again; the restarted bot books nothing twice and tells the visit."""
    port = free_port()
    env = environment(
        telegram,
        tmp_path,
        mailbox.port,
        sms_gateway[1],
        WEB_PORT=str(port),
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/webhook",
        WEBHOOK_SECRET="kill-9-booking_secret-of-32-or-more-chars",
    )
    starts = (datetime.now(MOSCOW) + timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0, tzinfo=None
    )
    files = {
        "programs": PROGRAMS,
        "clinics": CLINIC_HEADER
        + "C1,Клиника «Ромашка»,ул. Ленина 1,,55.75,37.61,true,терапевт,P1,,\n",
        "policies": POLICY_HEADER + policy("ДМС-1", end_date="2030-12-31"),
        "slots": SLOT_HEADER + f"C1,терапевт,Андреева,{starts.isoformat()},30\n",
    }
    for kind, text in files.items():
        (tmp_path / f"{kind}.csv").write_text(text, encoding="utf-8")
    await dmsbot_imports(env, {kind: tmp_path / f"{kind}.csv" for kind in files})
    standin = telegram.standin
    process = BotProcess(standin, env, tmp_path / "bot.log")
    await process.start()
    try:
        anna = remote_person(standin, 9202, "Анна", "ru")
        await member_with_policy(anna, mailbox.last_code, "ДМС-1")
        await anna.press("🗓 Записаться")
        await anna.press("1. Клиника «Ромашка»")
        await anna.press("терапевт")
        await anna.press("Андреева")
        if str(starts.day) not in anna.inline_labels():  # the calendar opens on this month
            await anna.press("▶️")
        await anna.press(str(starts.day))
        await anna.press("10:00")
        summary = anna.last
        [confirm] = [b for b in summary.inline_buttons if b["text"] == "✅ Подтвердить"]

        standin.stall("sendMessage", 6, taken=True)
        before = len(standin.calls)
        query = {
            "id": standin.next_callback_id(),
            "from": anna.user,
            "chat_instance": f"ci{anna.chat.id}",
            "message": summary.payload,
            "data": confirm["callback_data"],
        }
        await standin.push_update({"update_id": standin.next_update_id(), "callback_query": query})
        async with asyncio.timeout(REPLY_TIMEOUT):  # committed; the reply is on its way
            await standin.wait_called(
                lambda calls: any(c.method == "sendMessage" for c in calls[before:])
            )
        await process.kill()
        await process.start()

        def booked() -> list[StoredMessage]:
            return [
                m for m in anna.bot_messages if (m.text or "").startswith("✅ Вы записаны к врачу.")
            ]

        # The late reply (taken before the kill) and the answer to the update posted again.
        await until(standin, lambda: booked()[1] if len(booked()) >= 2 else None, seconds=30)
        assert all(f"{starts:%d.%m.%Y} в 10:00" in (m.text or "") for m in booked())
        stale = "Эта кнопка уже не действует"
        assert not [m for m in anna.bot_messages if stale in (m.text or "")]
        await anna.send("/visits")
        assert (anna.last.text or "").count(f"{starts:%d.%m.%Y} в 10:00") == 1
        assert len(booked()) == 2  # nothing more came
        assert process.process is not None
        assert process.process.returncode is None
    finally:
        await process.ensure_stopped()


async def test_a_parent_books_her_daughters_visit(
    telegram: StandinServer,
    tmp_path: Path,
    mailbox: MailBox,
    sms_gateway: tuple[SmsGateway, str],
) -> None:
    """The roster ties Маша's policy to her mother's (core/family.py): linking her own brings
    Маша's, «🗓 Записаться» asks «Для кого?», and the visit is Маша's, under her policy, at a
    clinic of her programme; her policy's copy comes from her mother's account."""
    _gateway, sms_url = sms_gateway
    env = environment(telegram, tmp_path, mailbox.port, sms_url)
    day = (datetime.now(MOSCOW) + timedelta(days=2)).replace(hour=10, minute=0, microsecond=0)
    masha = policy("ДЕТИ-1", program="P2", first_name="Мария", birth_date="2016-05-01")
    files = {
        "programs": PROGRAMS,
        "clinics": CLINIC_HEADER
        + "C1,Клиника «Ромашка»,ул. Ленина 1,,55.75,37.61,true,терапевт,P1,,\n"
        + "C2,Детская,ул. Мира 2,,55.76,37.62,true,педиатр,P2,,\n",
        "policies": POLICY_HEADER.rstrip("\n")
        + ",holder_policy_number,relation\n"
        + policy("ДМС-1", end_date="2030-12-31").rstrip("\n")
        + ",,\n"
        + masha.replace("2026-12-31", "2030-12-31").rstrip("\n")
        + ",ДМС-1,child\n",
        "slots": SLOT_HEADER + f"C2,педиатр,Лисина,{day:%Y-%m-%dT%H:%M},30\n",
    }
    paths = {}
    for kind, text in files.items():
        paths[kind] = tmp_path / f"{kind}.csv"
        paths[kind].write_text(text, encoding="utf-8")
    await dmsbot_imports(env, paths)
    process = BotProcess(telegram.standin, env, tmp_path / "bot.log")
    await process.start()
    try:
        anna = remote_person(telegram.standin, 9202, "Анна", "ru")
        await member_with_policy(anna, mailbox.last_code, "ДМС-1")

        await anna.press("🗓 Записаться")
        assert anna.last.text == "Для кого?"
        await anna.press("Мария — ребёнок")
        assert anna.inline_labels() == ["1. Детская"]  # her programme's, not her mother's
        await anna.press("1. Детская")
        await anna.press("педиатр")
        await anna.press("Лисина")
        await anna.press(str(day.day))
        await anna.press("10:00")
        assert "Полис: ДЕТИ-1" in (anna.last.text or "")
        await anna.press("✅ Подтвердить")
        await settled(
            telegram,
            lambda: (anna.bot_messages[-2].text or "").startswith("Пациент: <b>Мария</b>\n✅"),
        )

        await anna.send("/policies")
        await anna.press("Мария — ребёнок")
        await anna.press("ДМС № ДЕТИ-1")
        await anna.press("⬇️ Скачать полис")
        await settled(telegram, lambda: "document" in anna.last.payload)
        assert anna.last.payload["document"]["file_name"].endswith(".pdf")
    finally:
        await process.ensure_stopped()
