"""/broadcast: administrators only; a preview, then every reachable person gets the text through
the notification sender, with the progress in one edited message and a final report."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import core.broadcasts
from bot.commands import register_commands
from bot.features.broadcast.callbacks import Action, BroadcastAction
from bot.features.broadcast.jobs import report_progress
from core.services import build_services
from storage.models import Broadcast, ScheduledMessage
from storage.repositories.notifications import ScheduledMessageRepository
from tests.delivery_rig import DeliveryRig, delivery_rig

ADMIN = 6001


@pytest.fixture
async def rig(tmp_path: Path, database_url: str) -> AsyncIterator[DeliveryRig]:
    async with delivery_rig(tmp_path, database_url, admin_ids=str(ADMIN)) as built:
        yield built


async def count(rig: DeliveryRig, model: type) -> int:
    async with rig.services.db.unit_of_work() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_admin_broadcasts_to_everyone_reachable(rig: DeliveryRig) -> None:
    admin = rig.talker(ADMIN)
    await admin.send("/start")
    for telegram_id in (7001, 7002, 7003):
        await rig.person(telegram_id)
    # Someone who has no chat with the bot any more: Telegram says "chat not found".
    async with rig.services.db.unit_of_work():
        await rig.services.accounts.visit(7999, "ru")

    await admin.send("/broadcast")
    assert "Пришлите текст рассылки" in admin.last.text  # type: ignore[operator]
    assert "С 22:00 до 09:00" in admin.last.text  # type: ignore[operator]
    await admin.send("Плановые работы в субботу с 10:00 <до 12:00>")
    preview = admin.last
    assert preview.text is not None
    assert preview.text.startswith("Рассылку получат 5 чел.")
    assert "Плановые работы в субботу с 10:00 &lt;до 12:00&gt;" in preview.text
    assert admin.inline_labels() == ["📣 Отправить", "✖️ Отмена"]

    await admin.press("📣 Отправить")
    progress = admin.last
    assert progress.text == "Рассылка №1 запущена: 5 получателей. Здесь будет виден ход отправки."

    await report_progress(rig.chat_rig.bot, rig.services)
    assert progress.text == (
        "Рассылка №1: отправлено 0 из 5, не доставлено 0, заблокировали бота 0, осталось 5."
    )
    await rig.sender.drain()
    await report_progress(rig.chat_rig.bot, rig.services)
    assert progress.text == (
        "Рассылка №1 завершена: отправлено 4 из 5, не доставлено 1, заблокировали бота 0."
    )
    report = admin.last
    assert report.text is not None
    assert report.text.startswith("✅ Рассылка №1 завершена.\nДоставлено: 4 из 5.")
    for telegram_id in (7001, 7002, 7003):
        [got] = rig.received(telegram_id)
        assert got.text == "Плановые работы в субботу с 10:00 &lt;до 12:00&gt;"
    messages_before = len(rig.standin.calls)
    await report_progress(rig.chat_rig.bot, rig.services)  # finished: nothing more to say
    assert len(rig.standin.calls) == messages_before


async def test_text_after_the_command_keeps_its_formatting(rig: DeliveryRig) -> None:
    admin = rig.talker(ADMIN)
    await admin.send(
        "/broadcast Срочно: смена телефона",
        entities=[{"type": "bold", "offset": 11, "length": 6}],
    )
    assert "<b>Срочно</b>: смена телефона" in admin.last.text  # type: ignore[operator]
    await admin.send("отправить")  # the button's label, typed
    await rig.sender.drain()
    [got] = [m for m in rig.received(ADMIN) if m.text == "<b>Срочно</b>: смена телефона"]
    assert got.payload["text"] == "<b>Срочно</b>: смена телефона"


async def test_too_long_a_text_is_asked_again_and_cancel_sends_nothing(rig: DeliveryRig) -> None:
    admin = rig.talker(ADMIN)
    await admin.send("/broadcast")
    await admin.send("я" * 4001)
    assert " ".join((admin.last.text or "").split()) == (  # numbers are grouped: 4 001
        "Текст слишком длинный: 4 001 символ, можно не больше 4 000. Пришлите текст покороче."
    )
    await admin.send("Короткий текст")
    await admin.send("что-то непонятное")  # neither button: the step is shown again
    assert admin.last.inline_buttons
    await admin.press("✖️ Отмена")
    assert admin.last.text == "Рассылка отменена, никому ничего не отправлено."
    assert await count(rig, Broadcast) == 0
    assert await count(rig, ScheduledMessage) == 0


async def test_broadcast_is_not_there_for_anyone_else(rig: DeliveryRig) -> None:
    someone = rig.talker(7001)
    await someone.send("/broadcast Всем привет")
    assert someone.last.text == "Такой команды нет. Доступны: /menu, /help, /cancel, /language."
    await someone.press_callback(someone.last, BroadcastAction(action=Action.SEND).pack())  # forged
    assert someone.last_callback_answer is not None
    assert someone.last_callback_answer["text"] == "Эта кнопка уже не действует. Откройте /menu."
    assert await count(rig, Broadcast) == 0
    assert await count(rig, ScheduledMessage) == 0


async def test_a_broadcast_button_of_an_unknown_action_is_stale(rig: DeliveryRig) -> None:
    admin = rig.talker(ADMIN)
    await admin.send("/broadcast Всем привет")
    await admin.press_callback(admin.last, "bc:resend")  # forged: not a button the preview has
    assert admin.last_callback_answer is not None
    assert admin.last_callback_answer["text"] == "Эта кнопка уже не действует. Откройте /menu."
    await admin.press("✖️ Отмена")
    assert await count(rig, Broadcast) == 0


async def test_administrators_see_broadcast_in_their_command_list(rig: DeliveryRig) -> None:
    await rig.talker(ADMIN).send("/start")
    await register_commands(rig.chat_rig.bot, rig.services.catalogue, rig.settings)
    own = rig.standin.commands[(f"chat:{ADMIN}", "en")]
    assert [c["command"] for c in own][-1] == "broadcast"
    assert own[-1]["description"] == "Broadcast to everyone (administrators)"
    everyone = rig.standin.commands[("all_private_chats", "")]
    assert "broadcast" not in {c["command"] for c in everyone}


async def test_a_start_cut_short_is_finished_once_for_everyone(
    rig: DeliveryRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The messages go in CHUNK at a time, each chunk committed: a crash after two chunks keeps
    them, and the progress job (at the next start) schedules the rest, each person once."""
    monkeypatch.setattr(core.broadcasts, "CHUNK", 5, raising=False)  # (one insert before)
    people = [await rig.person(7100 + n) for n in range(23)]
    inserted = ScheduledMessageRepository.add_for_each
    calls = 0

    async def crashing_on_the_third_chunk(
        self: ScheduledMessageRepository, *args: Any, **kwargs: Any
    ) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("the process died here")
        await inserted(self, *args, **kwargs)

    monkeypatch.setattr(ScheduledMessageRepository, "add_for_each", crashing_on_the_third_chunk)
    with pytest.raises(RuntimeError, match="died"):
        async with rig.services.db.unit_of_work():
            await rig.services.broadcasts.start(ADMIN, "Плановые работы")
    assert [row.user_id for row in await rig.rows()] == people[:10]  # two chunks committed
    monkeypatch.setattr(ScheduledMessageRepository, "add_for_each", inserted)

    rig.clock.advance(timedelta(minutes=5))
    late = await rig.person(7999)  # an account opened after the start: not one of them
    restarted = build_services(rig.settings, clock=rig.clock, catalogue=rig.services.catalogue)
    try:
        for _run in range(2):  # a second run finds nothing to do
            await report_progress(rig.chat_rig.bot, restarted)
            rows = await rig.rows()
            assert sorted(row.user_id for row in rows) == people
            assert late not in {row.user_id for row in rows}
        async with restarted.db.unit_of_work():
            [unfinished] = await restarted.broadcasts.unfinished()
        assert unfinished.broadcast.recipients == unfinished.progress.total == 23
        assert unfinished.progress.left == 23
    finally:
        await restarted.close()
    await rig.sender.drain()
    for telegram_id in range(7100, 7123):
        assert [got.text for got in rig.received(telegram_id)] == ["Плановые работы"]
