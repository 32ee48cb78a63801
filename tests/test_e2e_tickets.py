"""Complaints and gratitude end to end: the real `dmsbot run` process; a complaint and a gratitude
with photos posted on the desk by the sender on its own, one answered by a reply to the post, the
other through «Ответить», and both answers reaching the person."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.features.tickets.callbacks import DeskAction, on_desk
from standin import Person, StoredMessage
from standin.server import StandinServer
from standin.telegram import StandinChat
from tests.e2e import BotProcess, MailBox, SmsGateway, environment, remote_person, until
from tests.signup_steps import to_summary

pytestmark = pytest.mark.e2e

DESK = -100555
OPERATOR = 9301
JPEG = b"\xff\xd8\xff\xe0 a photo"


def post_in(chat: StandinChat, label: str) -> Callable[[], StoredMessage | None]:
    """The ticket's post on the desk: its message with the number and buttons."""

    def post() -> StoredMessage | None:
        for message in chat.messages:
            if message.from_bot and label in (message.text or "") and message.inline_buttons:
                return message
        return None

    return post


def answer_to(person: Person, words: str) -> Callable[[], StoredMessage | None]:
    return lambda: next((m for m in person.bot_messages if words in (m.text or "")), None)


async def file_ticket(anna: Person, kind: str, text: str, photos: int) -> None:
    await anna.press("✉️ Обращения")
    await anna.press(kind)
    await anna.press("Без клиники")
    await anna.send(text)
    for n in range(photos):
        await anna.send_photo(JPEG + bytes([n]), album="A1")
    await anna.press("✅ Готово")
    await anna.press("📨 Отправить")


async def test_a_complaint_and_a_gratitude_are_answered_from_the_desk(
    telegram: StandinServer,
    tmp_path: Path,
    mailbox: MailBox,
    sms_gateway: tuple[SmsGateway, str],
) -> None:
    _gateway, sms_url = sms_gateway
    env = environment(telegram, tmp_path, mailbox.port, sms_url, OPERATORS_CHAT_ID=str(DESK))
    desk = telegram.standin.chat(DESK, "supergroup", "Операторы")
    telegram.standin.members[(DESK, OPERATOR)] = "member"
    process = BotProcess(telegram.standin, env, tmp_path / "bot.log")
    await process.start()
    try:
        anna = remote_person(telegram.standin, 9202, "Анна", "ru")
        operator = remote_person(telegram.standin, OPERATOR, "Ольга", "ru", desk)
        await to_summary(anna, "anna@example.ru", mailbox.last_code)
        await anna.send("всё верно")
        await anna.send("пропустить")

        await file_ticket(anna, "😠 Пожаловаться", "Врач опоздал на сорок минут.", 2)
        assert "Ж-000001" in (anna.last.text or "")
        post = await until(telegram.standin, post_in(desk, "Жалоба Ж-000001"))
        assert "Кто: Петрова Анна Сергеевна" in (post.text or "")
        assert sum(1 for m in desk.messages if m.from_bot and "photo" in m.payload) == 2
        await operator.send("Приносим извинения, разберёмся.", reply_to_message=post.payload)
        assert operator.last.text == "✅ Ответ на Ж-000001 отправлен."
        answer = await until(telegram.standin, answer_to(anna, "Приносим извинения, разберёмся."))
        assert (answer.text or "").startswith("💬 Ответ на обращение <b>Ж-000001</b>")

        await file_ticket(anna, "🙏 Поблагодарить", "Спасибо терапевту за внимание!", 1)
        post = await until(telegram.standin, post_in(desk, "Благодарность Б-000002"))
        await operator.press_callback(post, on_desk(DeskAction.ANSWER, 2))
        assert (operator.last.text or "").startswith("Ответ на Б-000002")
        await operator.send("Передадим ваши слова врачу!")
        assert operator.last.text == "✅ Ответ на Б-000002 отправлен."
        answer = await until(telegram.standin, answer_to(anna, "Передадим ваши слова врачу!"))
        assert (answer.text or "").startswith("💬 Ответ на обращение <b>Б-000002</b>")
        assert "✅ отвечено — Ольга" in (post.text or "")
    finally:
        await process.ensure_stopped()
