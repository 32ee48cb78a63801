"""«✉️ Обращения» from both sides: a complaint and a gratitude with photos, posted on the desk;
operators answer by replying to the post and by «Ответить»; follow-ups as replies; strangers and
forged buttons refused; the SLA escalation; the desk off, then on; the card rule; data rights."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.tickets.callbacks import Action, DeskAction, DeskTicketAction, TicketAction
from bot.features.tickets.jobs import desk_work
from core.clock import ManualClock
from core.services import Services
from core.settings import Settings
from core.tickets import TooManyTickets, parse_number
from standin import Person
from standin.rig import InProcessBot
from standin.telegram import StoredMessage
from storage.models import AuditEvent, Profile, ScheduledMessage, Ticket, TicketMessage
from tests.booking_rig import msk, slot_at
from tests.booking_rig import world as world
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.desk_rig import DESK, OPERATOR, STRANGER, in_desk
from tests.people import ANNA_EMAIL, ANNA_PHONE, audit_actions, with_policy
from tests.probe import STICKER
from tests.races import linger_after_counting
from tests.stored import in_database

JPEG = b"\xff\xd8\xff\xe0 a photo"
COMPLAINT = "Врач опоздал на сорок минут и не извинился."
CARD = "4111 1111 1111 1111"

pytestmark = pytest.mark.db


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(
        tmp_path, database_url, flood_rate=1000, operators_chat_id=DESK, ticket_sla="24h"
    )


async def visited(services: Services, person: Person) -> None:
    """The person has a visit at «Ромашка» (so it is among their recent clinics)."""
    slot = await slot_at(services, "C1", msk(25, 10))
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile).order_by(Profile.id.desc()).limit(1))
        assert profile is not None
        await services.booking.book(profile, slot)
    del person


def desk_messages(rig: InProcessBot) -> list[StoredMessage]:
    return [m for m in rig.standin.chat(DESK, "supergroup").messages if m.from_bot]


def post_of(rig: InProcessBot, label: str) -> StoredMessage:
    """The ticket's post: the desk message with its number and buttons."""
    for message in desk_messages(rig):
        if label in (message.text or "") and message.inline_buttons:
            return message
    raise LookupError(label)


async def file_complaint(anna: Person) -> None:
    """A complaint with no clinic and no photos, by the shortest path."""
    await anna.send("/tickets")
    await anna.press("😠 Пожаловаться")
    await anna.press("Без клиники")
    await anna.send(COMPLAINT)
    await anna.press("✅ Готово")
    await anna.press("📨 Отправить")


async def complaint_with_photos(anna: Person) -> None:
    await anna.press("✉️ Обращения")
    assert anna.inline_labels() == ["😠 Пожаловаться", "🙏 Поблагодарить", "📂 Мои обращения"]
    await anna.press("😠 Пожаловаться")
    assert (anna.last.text or "").startswith(
        "О какой клинике жалоба? Выберите клинику, где вы недавно были"
    )
    assert anna.inline_labels() == ["Клиника «Ромашка»", "Без клиники"]
    await anna.press("Клиника «Ромашка»")
    assert (anna.last.text or "").startswith("Опишите, что случилось")
    await anna.send("Плохо!")
    assert anna.last.text == (
        "Слишком коротко — напишите хотя бы 10 символов, чтобы оператор понял, о чём речь."
    )
    await anna.send("x" * 4001)
    assert (anna.last.text or "").startswith("Слишком длинно: 4\xa0001 символ из 4\xa0000")
    await anna.send(COMPLAINT)
    assert (anna.last.text or "").startswith("Можно приложить до 5 фото")
    await anna.send_content(sticker=STICKER)
    assert (anna.last.text or "").startswith("Нужна фотография или изображение")
    await anna.send("а можно потом?")
    assert (anna.last.text or "").startswith("Отправьте фото (до 5)")
    await anna.send_photo(JPEG, album="A1")
    await anna.send_photo(JPEG + b"2", album="A1")
    assert anna.last.text == "Фото 2 из 5 добавлено. Отправьте ещё — или нажмите «Готово»."
    await anna.press("✅ Готово")
    summary = anna.last.text or ""
    assert "Вид: жалоба" in summary
    assert "Клиника: Клиника «Ромашка»" in summary
    assert "Фото: 2" in summary
    assert COMPLAINT in summary
    await anna.press("📨 Отправить")
    assert (anna.last.text or "").startswith(
        "✅ Обращение <b>Ж-000001</b> отправлено.\nОтветим в течение 24 часов."
    )
    assert "✉️ Обращения" in anna.reply_buttons


async def test_a_command_while_an_answer_is_awaited_is_told_and_not_sent(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    """«/» alone or a mistyped command after «Ответить» is no answer: the operator is told the
    group's commands, nothing reaches the person, and the answer is still awaited."""
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await file_complaint(anna)
    await deliver(rig, services)
    await operator.press("💬 Ответить")
    seen_by_anna = len(anna.bot_messages)
    for typed in ("/", "/fnd anna@example.ru"):
        await operator.send(typed)
        assert (operator.last.text or "").startswith("Такой команды нет. Команды группы: /find")
    await deliver(rig, services)
    assert len(anna.bot_messages) == seen_by_anna
    await operator.send("Клиника перезвонит вам сегодня.")
    assert operator.last.text == "✅ Ответ на Ж-000001 отправлен."
    # Not an operator: no answer at all (the group is for talking, too).
    stranger = in_desk(rig, STRANGER, "Гость", member=False)
    await stranger.send("/fnd")
    assert stranger.last.text == "✅ Ответ на Ж-000001 отправлен."


async def test_a_complaint_with_photos_answered_by_reply_and_by_button_with_follow_ups(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await visited(services, anna)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await complaint_with_photos(anna)
    await deliver(rig, services)

    album = [m for m in desk_messages(rig) if "photo" in m.payload]
    assert len(album) == 2
    post = post_of(rig, "Ж-000001")
    assert post.payload["reply_to_message"]["message_id"] == album[0].message_id
    text = post.text or ""
    assert "Жалоба Ж-000001" in text
    assert "Кто: Петрова Анна Сергеевна" in text
    assert "Полисы: ДМС-1" in text
    assert "Клиника: Клиника «Ромашка», ул. Ленина 1" in text
    assert COMPLAINT in text
    assert text.endswith("Статус: 🆕 новое")
    assert [b["text"] for b in post.inline_buttons] == [
        "🛠 Взять в работу",
        "💬 Ответить",
        "🔒 Закрыть",
    ]

    await operator.press("🛠 Взять в работу")
    assert (post.text or "").endswith("Статус: 🛠 в работе — Ольга")
    # Answering by replying to the post.
    await operator.send("Разберёмся и вернёмся с ответом завтра.", reply_to_message=post.payload)
    assert operator.last.text == "✅ Ответ на Ж-000001 отправлен."
    assert (post.text or "").endswith("Статус: ✅ отвечено — Ольга")
    await deliver(rig, services)
    assert anna.last.text == (
        "💬 Ответ на обращение <b>Ж-000001</b>:\nРазберёмся и вернёмся с ответом завтра."
    )
    assert anna.inline_labels() == ["📂 Открыть обращение"]

    # The person reads the thread and adds a message with a photo.
    await anna.press("📂 Открыть обращение")
    thread = anna.last.text or ""
    assert "Ж-000001" in thread
    assert "Статус: отвечено" in thread
    assert COMPLAINT in thread
    assert "📎 фото: 2" in thread
    assert "Разберёмся и вернёмся с ответом завтра." in thread
    await anna.press("✍️ Написать ещё")
    await anna.send("Списали с карты 4111-1111-1111-1111 лишнее")  # the card rule, free text
    assert anna.last_own.deleted
    assert (anna.last.text or "").startswith("✅ Добавлено к обращению Ж-000001")
    await anna.press("✍️ Написать ещё")
    await anna.send_photo(JPEG + b"3", caption="Вот чек из регистратуры.")
    assert (anna.last.text or "").startswith("✅ Добавлено к обращению Ж-000001")
    await deliver(rig, services)
    follow_up = desk_messages(rig)[-1]
    assert "Ж-000001: человек дописал" in (follow_up.text or "")
    assert "Вот чек из регистратуры." in (follow_up.text or "")
    assert follow_up.payload["reply_to_message"]["message_id"] == post.message_id
    async with services.db.unit_of_work() as session:
        ticket = await session.get(Ticket, 1)
        assert ticket is not None
        assert ticket.status == "in_progress"  # waits for an answer again

    # Answering through «Ответить»: a prompt, then the operator's next message.
    await operator.press("💬 Ответить")
    assert (operator.last.text or "").startswith("Ответ на Ж-000001: напишите его ответом")
    await operator.send("Клиника вернёт деньги за приём.")
    assert operator.last.text == "✅ Ответ на Ж-000001 отправлен."
    await deliver(rig, services)
    assert "Клиника вернёт деньги за приём." in (anna.last.text or "")

    await operator.press("🔒 Закрыть")
    assert (post.text or "").endswith("Статус: 🔒 закрыто — Ольга")
    assert post.inline_buttons == []
    await deliver(rig, services)
    assert (anna.last.text or "").startswith("🔒 Обращение <b>Ж-000001</b> закрыто")
    # A closed ticket takes no more messages, nor answers.
    await anna.send("/tickets")
    await anna.press("📂 Мои обращения")
    assert "Ж-000001 — жалоба" in (anna.last.text or "")
    await anna.press("Ж-000001 · закрыто")
    assert "✍️ Написать ещё" not in anna.inline_labels()
    await operator.send("Ещё одно.", reply_to_message=post.payload)
    assert operator.last.text == "Обращение уже закрыто."

    async with services.db.unit_of_work() as session:
        thread_rows = list(await session.scalars(select(TicketMessage).order_by(TicketMessage.id)))
    assert [(m.author, len(m.photos)) for m in thread_rows] == [
        ("person", 2),
        ("operator", 0),
        ("person", 0),
        ("person", 1),
        ("operator", 0),
    ]
    assert thread_rows[2].text == "Списали с карты •••• 1111 лишнее"


async def test_a_gratitude_with_typed_answers_a_card_number_and_five_photos(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    in_desk(rig, OPERATOR, "Ольга", member=True)
    await anna.send("/tickets")
    await anna.send("поблагодарить")
    assert (anna.last.text or "").startswith("Какую клинику благодарите? Напишите часть")
    await anna.send("?")
    assert (anna.last.text or "").startswith("Напишите хотя бы две буквы")
    await anna.send("васильки")
    assert (anna.last.text or "").startswith("Клиник по запросу «васильки» не нашлось.")
    await anna.send("чужая")  # any clinic may be thanked, not only one's programme's
    assert anna.inline_labels() == ["Чужая программа", "Без клиники"]
    await anna.send("✉️ Обращения")  # a menu label is no clinic: searched, nothing found
    await anna.send("без клиники")
    assert (anna.last.text or "").startswith("Напишите, за что благодарите")
    await anna.send("✉️ Обращения")
    assert (anna.last.text or "").startswith("Это кнопка меню, а не текст обращения.")
    await anna.send(f"Спасибо доктору! Оплатила картой {CARD} лишнее, но всё равно спасибо.")
    typed = anna.last_own
    assert typed.deleted  # the card rule: the message leaves the chat…
    assert (anna.bot_messages[-2].text or "").startswith("Я удалил ваше сообщение")
    for n in range(5):
        await anna.send_photo(JPEG + bytes([n]))
    summary = anna.last.text or ""  # the fifth photo leads straight to the summary
    assert "Вид: благодарность" in summary
    assert "Клиника: без клиники" in summary
    assert "Фото: 5" in summary
    assert "Оплатила картой •••• 1111 лишнее" in summary  # …and the text goes on, masked
    await anna.send("отправить")
    assert "Б-000001" in (anna.last.text or "")
    await deliver(rig, services)
    post = post_of(rig, "Б-000001")
    assert "Благодарность Б-000001" in (post.text or "")
    assert "Клиника: —" in (post.text or "")
    assert CARD not in (post.text or "")
    async with services.db.unit_of_work() as session:
        kept = await session.scalar(select(TicketMessage.text))
    assert kept is not None
    assert CARD not in kept
    assert CARD.replace(" ", "") not in kept
    assert len([m for m in desk_messages(rig) if "photo" in m.payload]) == 5


async def test_strangers_and_forged_buttons_are_refused(
    rig: InProcessBot, services: Services, anna: Person, john: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await with_policy(john, services, "ДМС-2", other=True)
    in_desk(rig, OPERATOR, "Ольга", member=True)
    await file_complaint(anna)
    await deliver(rig, services)
    post = post_of(rig, "Ж-000001")
    stranger = in_desk(rig, STRANGER, "Чужой", member=False)

    # Someone in the group who is not an operator: buttons and replies refused.
    for label in (
        "🔒 Закрыть",
        *[b["text"] for b in post.inline_buttons if "Закрыть" not in b["text"]],
    ):
        await stranger.press_callback(
            post, next(b["callback_data"] for b in post.inline_buttons if b["text"] == label)
        )
        assert stranger.last_callback_answer is not None
        assert (
            stranger.last_callback_answer.get("text") == "Это действие доступно только операторам."
        )
    await stranger.send("Я не оператор, но отвечу.", reply_to_message=post.payload)
    assert stranger.last.text == "Это действие доступно только операторам."
    # A person forging the desk's button in their own chat.
    await john.press_callback(john.last, DeskTicketAction(action=DeskAction.CLOSE, ticket=1).pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("text") == "Only operators can do this."
    # Another person's ticket, named by a forged button: nothing shown.
    seen = len(john.bot_messages)
    for action in (Action.OPEN, Action.WRITE, Action.SOLVED):
        await john.press_callback(john.last, TicketAction(action=action, id=1).pack())
        assert john.last_callback_answer is not None
        assert john.last_callback_answer.get("text") == "This request is not available."
    assert len(john.bot_messages) == seen
    # A clinic button never offered in this dialogue.
    await john.send("/tickets")
    await john.press("😠 Complain")
    await john.press_callback(john.last, TicketAction(action=Action.CLINIC, id=1).pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("show_alert")
    async with services.db.unit_of_work() as session:
        ticket = await session.get(Ticket, 1)
        assert ticket is not None
        assert ticket.status == "new"
        assert await session.scalar(select(TicketMessage.id).where(TicketMessage.id > 1)) is None


async def test_unknown_ticket_actions_get_the_answers_they_always_got(
    rig: InProcessBot, services: Services, anna: Person, john: Person, world: None
) -> None:
    """A forged or retired action: stale for a member, the sign-up offer for anyone else; on the
    desk, stale for an operator (anyone else is refused first)."""
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await file_complaint(anna)
    await deliver(rig, services)
    post = post_of(rig, "Ж-000001")
    seen = len(anna.bot_messages)
    await anna.press_callback(anna.last, "tk:bogus:1:0")
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("text") == "Эта кнопка уже не действует. Откройте /menu."
    assert anna.last_callback_answer.get("show_alert")
    assert len(anna.bot_messages) == seen
    await john.send("/start")
    await john.press_callback(john.last, "tk:bogus:1:0")
    assert john.last_callback_answer is not None
    assert not john.last_callback_answer.get("text")
    assert john.last.text == "This section opens after sign-up, which takes about a minute."
    await operator.press_callback(post, "dkt:bogus:1")
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == (
        "Эта кнопка уже не действует. Откройте /menu."
    )


async def test_an_unanswered_ticket_is_escalated_once(
    rig: InProcessBot, services: Services, clock: ManualClock, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await file_complaint(anna)
    await deliver(rig, services)
    post = post_of(rig, "Ж-000001")
    clock.advance(timedelta(hours=23, minutes=59))
    await desk_work(rig.bot, services)
    await deliver(rig, services)
    assert desk_messages(rig)[-1].message_id == post.message_id
    clock.advance(timedelta(minutes=2))
    for _ in range(2):  # the job runs again: still one escalation
        await desk_work(rig.bot, services)
        await deliver(rig, services)
    escalations = [m for m in desk_messages(rig) if "ждёт ответа" in (m.text or "")]
    assert [m.text for m in escalations] == [
        "⏰ Ж-000001 ждёт ответа уже 24 ч. Ответьте, пожалуйста."
    ]
    assert escalations[0].payload["reply_to_message"]["message_id"] == post.message_id
    # An operator may answer by replying to the escalation too.
    await operator.send("Простите за ожидание.", reply_to_message=escalations[0].payload)
    assert operator.last.text == "✅ Ответ на Ж-000001 отправлен."


async def test_with_the_desk_off_tickets_wait_and_are_posted_once_it_is_on(
    tmp_path: Path, database_url: str, clock: ManualClock, world: None, services: Services
) -> None:
    off = make_settings(tmp_path, database_url, flood_rate=1000)
    from core.services import build_services
    from tests.probe import probe_catalogue, probe_feature

    quiet = build_services(off, clock=clock, catalogue=probe_catalogue())
    rig = InProcessBot(off, quiet, extra_features=[probe_feature])
    await rig.start()
    try:
        anna = rig.person(5001, "Анна", "ru")
        await with_policy(anna, quiet, "ДМС-1")
        await anna.send("/tickets")
        await anna.press("😠 Пожаловаться")
        await anna.press("Без клиники")
        await anna.send(COMPLAINT)
        await anna.send_photo(JPEG)
        await anna.press("✅ Готово")
        await anna.press("📨 Отправить")
        assert (anna.last.text or "").startswith(
            "✅ Обращение <b>Ж-000001</b> сохранено.\nОператоры сейчас не на связи"
        )
        await anna.press("📂 Мои обращения")
        await anna.press("Ж-000001 · новое")
        await anna.press("✍️ Написать ещё")
        await anna.send("Добавлю: это было 20 ноября.")
        assert (anna.last.text or "").startswith("✅ Добавлено к обращению Ж-000001"), [
            m.text for m in anna.bot_messages[-4:]
        ]
        await desk_work(rig.bot, quiet)
        async with quiet.db.unit_of_work() as session:
            assert await session.scalar(select(Ticket.posted_at)) is None
            assert await session.scalar(select(ScheduledMessage.id).where(
                ScheduledMessage.chat_id.is_not(None))) is None  # fmt: skip
        standin = rig.standin
    finally:
        await rig.stop()
        await quiet.close()

    on = make_settings(tmp_path, database_url, flood_rate=1000, operators_chat_id=DESK)
    desk = build_services(on, clock=clock, catalogue=probe_catalogue())
    rig = InProcessBot(on, desk, extra_features=[probe_feature], standin=standin)
    await rig.start()
    try:
        in_desk(rig, OPERATOR, "Ольга", member=True)
        for _ in range(2):
            await desk_work(rig.bot, desk)
            await deliver(rig, desk)
        messages = desk_messages(rig)
        post = post_of(rig, "Ж-000001")
        assert sum("photo" in m.payload for m in messages) == 1
        follow_ups = [m for m in messages if "человек дописал" in (m.text or "")]
        assert len(follow_ups) == 1
        assert follow_ups[0].payload["reply_to_message"]["message_id"] == post.message_id
    finally:
        await rig.stop()
        await desk.close()


async def test_a_long_text_continues_under_the_post_and_pending_lists_tickets(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await anna.send("/tickets")
    await anna.press("😠 Пожаловаться")
    await anna.press("Без клиники")
    long_text = "Начало. " + "очень долго ждала " * 200 + "Конец."
    assert 3000 < len(long_text) <= 4000
    await anna.send(long_text)
    await anna.press("✅ Готово")
    assert (anna.last.text or "").endswith("…")  # the summary shows the beginning
    await anna.press("📨 Отправить")
    await deliver(rig, services)
    post = post_of(rig, "Ж-000001")
    rest = desk_messages(rig)[-1]
    assert (rest.text or "").startswith("Ж-000001, продолжение текста:")
    assert (rest.text or "").endswith("Конец.")
    assert rest.payload["reply_to_message"]["message_id"] == post.message_id
    await operator.send("/pending")
    assert "жалоба Ж-000001" in (operator.last.text or "")


async def test_tickets_are_exported_and_erased_with_the_desk_posts(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    in_desk(rig, OPERATOR, "Ольга", member=True)
    await with_policy(anna, services, "ДМС-1")
    await anna.send("/tickets")
    await anna.press("🙏 Поблагодарить")
    await anna.press("Без клиники")
    await anna.send("Спасибо терапевту Андреевой за внимание!")
    await anna.press("✅ Готово")
    await anna.press("📨 Отправить")
    await deliver(rig, services)  # on the desk
    posted = desk_messages(rig)
    assert len(posted) == 1
    await anna.send("/tickets")  # and another, not posted yet when she is erased
    await anna.press("🙏 Поблагодарить")
    await anna.press("Без клиники")
    await anna.send("И регистратуре Ромашки спасибо!")
    await anna.press("✅ Готово")
    await anna.press("📨 Отправить")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        from storage.models import User

        user = await session.get(User, profile.user_id)
        assert user is not None
        exported = await services.rights.export(user)
    assert exported["tickets"][:1] == [
        {
            "ticket": "Б-000001",
            "kind": "gratitude",
            "status": "new",
            "clinic": None,
            "author": "person",
            "text": "Спасибо терапевту Андреевой за внимание!",
            "photos": 0,
            "at": exported["tickets"][0]["at"],
        }
    ]
    async with services.db.unit_of_work():
        await services.rights.erase(user)
    await deliver(rig, services)
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Ticket.id)) is None
        assert await session.scalar(select(TicketMessage.id)) is None
    found = await in_database(services.db, ["Андреевой", "Ромашки"])
    assert found == [], "\n".join(map(str, found))
    # Taken down from the group too; the one not posted yet never was.
    assert desk_messages(rig) == posted
    assert all(message.deleted for message in posted)


def test_ticket_numbers_are_read_from_any_desk_message() -> None:
    assert parse_number("😠 Жалоба Ж-000123\nКто: …") == 123
    assert parse_number("↩️ Б-000007: человек дописал") == 7
    assert parse_number("Полис ДМС-000123") is None
    assert parse_number(None) is None


async def test_my_tickets_page_in_place(
    rig: InProcessBot, services: Services, anna: Person, world: None, clock: ManualClock
) -> None:
    await with_policy(anna, services, "ДМС-1")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        for n in range(6):  # over 25 hours: within the cap of five a day
            await services.tickets.submit(profile, "complaint", None, f"Жалоба номер {n}", [])
            clock.advance(timedelta(hours=5))
    await anna.send("/tickets")
    await anna.press("📂 Мои обращения")
    listing = anna.last
    assert "Мои обращения</b> (6)" in (listing.text or "")
    assert "Ж-000006" in (listing.text or "")
    assert "Ж-000001" not in (listing.text or "")
    assert anna.inline_labels()[-1] == "Ещё ▶️"
    await anna.press("Ещё ▶️")
    assert anna.last is listing  # the same message, edited
    assert "Ж-000001" in (listing.text or "")
    assert anna.inline_labels() == ["Ж-000001 · новое", "◀️ Назад"]


LIMIT = (
    "За последние сутки вы отправили 5 обращений: больше от одного человека за сутки не "
    "принимаем, чтобы операторы успевали ответить всем. Новое обращение можно будет отправить "
    "25.11.2026 после 12:00.\n"
    "Дополнить обращение, которое ещё открыто, можно и сейчас: «📂 Мои обращения» → обращение → "
    "«✍️ Написать ещё»."
)


async def test_a_sixth_ticket_in_24_hours_is_refused_before_anything_is_typed(
    rig: InProcessBot, services: Services, anna: Person, world: None, clock: ManualClock
) -> None:
    """Five new tickets a day (rolling, by the service's clock); the sixth is refused at its
    first step, saying when; follow-ups to an open ticket still go."""
    await with_policy(anna, services, "ДМС-1")
    in_desk(rig, OPERATOR, "Ольга", member=True)
    for _n in range(5):  # 24.11 from 12:00 to 16:00 Moscow time
        await file_complaint(anna)
        assert (anna.last.text or "").startswith("✅ Обращение")
        clock.advance(timedelta(hours=1))
    await deliver(rig, services)
    posts = len(desk_messages(rig))
    await anna.send("/tickets")
    await anna.press("🙏 Поблагодарить")
    assert anna.last.text == LIMIT
    assert anna.inline_labels() == ["📂 Мои обращения"]
    await anna.send("Пожаловаться")  # typed, too
    assert anna.last.text == LIMIT
    await anna.press("📂 Мои обращения")
    await anna.press("Ж-000005 · новое")
    await anna.press("✍️ Написать ещё")
    await anna.send("И ещё одно: в регистратуре нагрубили.")
    assert (anna.last.text or "").startswith("✅ Добавлено к обращению Ж-000005.")
    await deliver(rig, services)
    assert len(desk_messages(rig)) == posts + 1  # the follow-up, no new post
    async with services.db.unit_of_work() as session:
        assert len((await session.scalars(select(Ticket))).all()) == 5

    clock.advance(timedelta(hours=24 - 5) - timedelta(seconds=1))  # 25.11, 11:59:59 Moscow
    await anna.send("/tickets")
    await anna.press("😠 Пожаловаться")
    assert anna.last.text == LIMIT
    clock.advance(timedelta(seconds=1))  # the first is 24 hours old
    await file_complaint(anna)
    assert (anna.last.text or "").startswith("✅ Обращение <b>Ж-000006</b> отправлено.")
    await anna.press("😠 Пожаловаться")
    assert anna.last.text == LIMIT.replace("25.11.2026 после 12:00", "25.11.2026 после 13:00")


async def test_two_tickets_filed_at_once_do_not_pass_the_cap_together(
    rig: InProcessBot,
    services: Services,
    anna: Person,
    world: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cap is checked again as the ticket is filed, under the person's lock: of two filed
    at the same moment by two instances, with four already filed, one is refused."""
    await with_policy(anna, services, "ДМС-1")

    async def file() -> int | TooManyTickets:
        async with services.db.unit_of_work() as session:
            profile = await session.scalar(select(Profile))
            assert profile is not None
            try:
                return (await services.tickets.submit(profile, "complaint", None, COMPLAINT, [])).id
            except TooManyTickets as refused:
                return refused

    for _n in range(4):
        await file()
    linger_after_counting(monkeypatch, services.tickets, "next_allowed")
    first, second = await asyncio.gather(file(), file())
    outcomes = sorted([first, second], key=lambda outcome: isinstance(outcome, TooManyTickets))
    assert outcomes[0] == 5
    assert isinstance(outcomes[1], TooManyTickets)
    assert outcomes[1].until == services.clock.now() + timedelta(hours=24)


async def status_of(services: Services, ticket_id: int) -> str:
    async with services.db.unit_of_work() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        return ticket.status


async def test_the_post_says_how_to_reach_the_person_without_their_contacts(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await file_complaint(anna)
    await deliver(rig, services)
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
    text = post_of(rig, "Ж-000001").text or ""
    assert (
        "Кто: Петрова Анна Сергеевна\n"
        f"Связь: a***@example.ru, +7***4567 — подробнее: <code>/find #{profile.id}</code>"
    ) in text
    for contact in (ANNA_EMAIL, ANNA_PHONE, ANNA_PHONE[1:], "999 123", "123-45-67"):
        assert contact not in text, contact
    # The hint works: /find by the profile's number (and «№» too).
    for query in (f"#{profile.id}", f"№ {profile.id}"):
        await operator.send(f"/find {query}")
        found = operator.last.text or ""
        assert found.startswith(f"<b>Петрова А. С.</b> (профиль №{profile.id})"), query
        assert "Почта: a***@example.ru, телефон: +7***4567" in found
    await operator.send("/find #999999")
    assert operator.last.text == "Никого не нашёл по «#999999»."


async def test_the_person_marks_their_ticket_solved_and_the_desk_post_says_so(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await file_complaint(anna)
    await deliver(rig, services)
    post = post_of(rig, "Ж-000001")
    await operator.press("🛠 Взять в работу")
    assert (post.text or "").endswith("Статус: 🛠 в работе — Ольга")

    await anna.send("/tickets")
    await anna.press("📂 Мои обращения")
    await anna.press("Ж-000001 · в работе")
    assert anna.inline_labels() == ["✍️ Написать ещё", "✅ Вопрос решён", "📂 К списку"]
    thread = anna.last
    await anna.press("✅ Вопрос решён")
    assert thread.inline_buttons == []  # the pressed screen's buttons go
    assert anna.last.text == (
        "✅ Обращение <b>Ж-000001</b> закрыто: вы отметили, что вопрос решён.\n"
        "Спасибо, что написали! Если что-то ещё понадобится — создайте новое обращение."
    )
    assert anna.inline_labels() == ["📂 Мои обращения"]
    assert await status_of(services, 1) == "solved"
    async with services.db.unit_of_work() as session:
        event = await session.scalar(select(AuditEvent).where(AuditEvent.action == "ticket.solved"))
        profile = await session.scalar(select(Profile))
        assert event is not None
        assert profile is not None
        assert (event.actor, event.actor_id, event.object_type, event.object_id) == (
            "person",
            profile.user_id,
            "ticket",
            1,
        )
    # The desk's post: no buttons, and it says the person solved it.
    assert (post.text or "").endswith("Статус: ☑️ решено: человек сам отметил, что вопрос решён")
    assert post.inline_buttons == []

    # Closed now: no follow-up (the thread offers none; the old button is refused), no second
    # «решено», no operator's answer or action.
    await anna.press("📂 Мои обращения")
    assert "Ж-000001 — жалоба" in (anna.last.text or "")
    await anna.press("Ж-000001 · решено")
    assert "Статус: решено" in (anna.last.text or "")
    assert anna.inline_labels() == ["📂 К списку"]
    for action in (Action.WRITE, Action.SOLVED):
        await anna.press_callback(thread, TicketAction(action=action, id=1).pack())
        assert (anna.last.text or "").startswith(
            "Обращение Ж-000001 закрыто — в него больше нельзя"
        )
    await operator.send("Ещё одно.", reply_to_message=post.payload)
    assert operator.last.text == "Обращение уже закрыто."
    await operator.press_callback(post, DeskTicketAction(action=DeskAction.TAKE, ticket=1).pack())
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "Обращение уже закрыто."
    assert await status_of(services, 1) == "solved"
    assert (await audit_actions(services)).count("ticket.solved") == 1
    await deliver(rig, services)  # nothing for the person: they closed it themselves
    assert (anna.last.text or "").startswith("Обращение Ж-000001 закрыто — в него")


async def test_solved_before_its_post_went_out_the_post_goes_out_solved(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    in_desk(rig, OPERATOR, "Ольга", member=True)
    await file_complaint(anna)  # posted on the desk once delivered
    await anna.send("/tickets")
    await anna.press("📂 Мои обращения")
    await anna.press("Ж-000001 · новое")
    await anna.press("✅ Вопрос решён")
    await deliver(rig, services)
    [post] = [m for m in desk_messages(rig) if "Ж-000001" in (m.text or "")]
    assert (post.text or "").endswith("Статус: ☑️ решено: человек сам отметил, что вопрос решён")
    assert post.inline_buttons == []
