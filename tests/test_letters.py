"""«📨 Гарантийное письмо» from both sides: a request typed and pressed step by step, posted on the
desk with its referral's photos; approved (number, validity, limit typed as a reply), refused,
asked about and answered; strangers and forged buttons refused, a decided letter refuses another
decision; the PDF to the person and the mail to the clinic; the SLA, the reminder, «истекло»;
the cap on open requests; a change of holder; the export.

The ManualClock starts on Tuesday 2026-11-24, 09:00 UTC (12:00 in Moscow); the policies run to
2026-12-31."""

from __future__ import annotations

import email.policy
import io
from datetime import date, timedelta
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from sqlalchemy import select

from bot.features.letters.callbacks import Action, DeskLetterAction, LetterAction, Verdict
from bot.features.letters.jobs import letters_work
from core.clock import ManualClock
from core.csv_cells import safe_cell, safe_rows
from core.letters import ApprovalProblem, NotAllowed, TooManyOpen, parse_amount, parse_approval
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from standin.telegram import StoredMessage
from storage.models import (
    Clinic,
    GuaranteeLetter,
    Policy,
    Profile,
    QueuedMail,
    ScheduledMessage,
)
from tests.booking_rig import world as world
from tests.command_line import dmsbot
from tests.conftest import DATA_KEY, make_settings
from tests.delivery_rig import deliver
from tests.desk_rig import DESK, OPERATOR, STRANGER, in_desk
from tests.people import audit_actions, with_policy
from tests.people import outbox as outbox
from tests.probe import STICKER
from tests.rosters import POLICY_HEADER, SERVICE_HEADER, load, policy

JPEG = b"\xff\xd8\xff\xe0 a referral"
SERVICE = "МРТ коленного сустава с контрастом"

pytestmark = pytest.mark.db
__all__ = ["outbox", "world"]


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(
        tmp_path, database_url, flood_rate=1000, operators_chat_id=DESK, letter_sla="24h"
    )


def desk_messages(rig: InProcessBot) -> list[StoredMessage]:
    return [m for m in rig.standin.chat(DESK, "supergroup").messages if m.from_bot]


def card_of(rig: InProcessBot, label: str) -> StoredMessage:
    """The request's card: the desk message naming it with «Гарантийное письмо»."""
    for message in desk_messages(rig):
        if f"Гарантийное письмо {label}" in (message.text or "") and not message.deleted:
            return message
    raise LookupError(label)


async def request(anna: Person, *, photos: int = 0, day: str = "10.12.2026") -> None:
    """A request for a service at «Ромашка», by the shortest path."""
    await anna.press("📨 Гарантийное письмо")
    await anna.press("➕ Запросить письмо")
    await anna.press("🩺 Услуга в клинике")
    await anna.send("ромашка")
    await anna.press("1. Клиника «Ромашка»")
    await anna.send(SERVICE)
    for n in range(photos):
        await anna.send_photo(JPEG + bytes([n]), album="R1")
    await anna.press("✅ Готово" if photos else "Без фото")
    await anna.send(day)
    await anna.send("да")


async def decide(operator: Person, rig: InProcessBot, label: str, button: str, typed: str) -> None:
    """An operator presses the request's button and types the reply to the bot's prompt."""
    card = card_of(rig, label)
    await operator.press_callback(
        card, next(b["callback_data"] for b in card.inline_buttons if b["text"] == button)
    )
    prompt = operator.last
    await operator.send(typed, reply_to_message=prompt.payload)


async def letter_row(services: Services, letter_id: int = 1) -> GuaranteeLetter:
    async with services.db.unit_of_work() as session:
        letter = await session.get(GuaranteeLetter, letter_id)
        assert letter is not None
        session.expunge(letter)
        return letter


def attached_pdf(mail: OutboxItem) -> bytes:
    """The PDF attached to a mail written to the outbox."""
    parsed = BytesParser(policy=email.policy.default).parsebytes(mail.path.read_bytes())
    assert isinstance(parsed, EmailMessage)
    (part,) = [p for p in parsed.iter_attachments() if p.get_content_type() == "application/pdf"]
    data = part.get_content()
    assert isinstance(data, bytes)
    return data


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


async def test_a_request_step_by_step_approved_with_a_pdf_and_a_mail_to_the_clinic(
    rig: InProcessBot, services: Services, anna: Person, outbox: list[OutboxItem], world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    assert "📨 Гарантийное письмо" in anna.reply_buttons
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await anna.press("📨 Гарантийное письмо")
    assert (anna.last.text or "").startswith("<b>Гарантийное письмо</b>")
    assert anna.inline_labels() == ["➕ Запросить письмо"]
    await anna.press("➕ Запросить письмо")  # one policy in force: not asked
    assert (anna.last.text or "").startswith("Полис ДМС-1. Что нужно согласовать?")
    await anna.send("что-нибудь")
    assert (anna.last.text or "").startswith("Выберите кнопкой: «Услуга в клинике»")
    await anna.send("1")
    assert (anna.last.text or "").startswith("В какой клинике услуга? Напишите часть названия")
    await anna.send("ы")
    assert (anna.last.text or "").startswith("Напишите хотя бы две буквы")
    await anna.send("Чужая")  # a clinic of another programme is not found
    assert (anna.last.text or "").startswith("Среди клиник вашей программы по запросу «Чужая»")
    await anna.send("ромашка")
    assert anna.inline_labels() == ["1. Клиника «Ромашка»"]
    await anna.send("7")
    assert (anna.last.text or "").startswith("Напишите хотя бы две буквы")
    await anna.send("1")  # typed: its number in the list
    assert (anna.last.text or "").startswith("Клиника «Ромашка», ул. Ленина 1. Что назначил врач")
    await anna.send("ок")
    assert (anna.last.text or "").startswith("Слишком коротко")
    await anna.send(SERVICE)
    assert (anna.last.text or "").startswith("Приложите фото направления врача")
    await anna.send_content(sticker=STICKER)
    assert any("ждёт текст или кнопку" in (m.text or "") for m in anna.bot_messages[-2:])
    await anna.send("а можно потом?")
    assert (anna.last.text or "").startswith("Отправьте фото направления")
    await anna.send_photo(JPEG, album="R1")
    await anna.send_photo(JPEG + b"2", album="R1")
    assert anna.last.text == "Фото 2 из 5 добавлено. Отправьте ещё — или нажмите «Готово»."
    await anna.send("готово")
    assert (anna.last.text or "").startswith("Когда нужна услуга? Выберите день в календаре")
    assert anna.inline_labels()[0] == "Ноябрь 2026"
    await anna.send("послезавтра")
    assert (anna.last.text or "").startswith("Не получилось прочитать дату")
    await anna.send("01.11.2026")
    assert (anna.last.text or "").startswith("Этот день уже прошёл")
    await anna.send("15.01.2027")  # after the policy ends
    assert (anna.last.text or "").startswith("Эту дату выбрать нельзя")
    await anna.press("▶️")
    assert anna.inline_labels()[0] == "Декабрь 2026"
    await anna.press("10")  # the calendar: 10 December
    summary = anna.last.text or ""
    assert "Полис: ДМС-1" in summary
    assert "Что: услуга в клинике" in summary
    assert "Клиника: Клиника «Ромашка», ул. Ленина 1\n" in summary
    assert f"Назначение: {SERVICE}" in summary
    assert "Фото направления: 2" in summary
    assert "Дата: 10.12.2026" in summary
    await anna.send("может быть")
    assert any("Нажмите «Отправить»" in (m.text or "") for m in anna.bot_messages[-2:])
    await anna.send("Да")
    assert (anna.last.text or "").startswith(
        "✅ Запрос <b>Г-000001</b> отправлен.\nРешение — в течение 24 часов."
    )

    await deliver(rig, services)
    card = card_of(rig, "Г-000001")
    text = card.text or ""
    assert "Кто: Петрова Анна Сергеевна, 07.03.1990" in text
    assert "Полис: ДМС-1 (программа P1)" in text
    assert "Клиника: Клиника «Ромашка», ул. Ленина 1" in text
    assert "Дата: 10.12.2026" in text
    assert text.endswith("Статус: 🆕 на рассмотрении")
    assert [b["text"] for b in card.inline_buttons] == [
        "✅ Согласовать",
        "❌ Отказать",
        "❓ Уточнить",
    ]
    album = [m for m in desk_messages(rig) if "photo" in m.payload]
    assert len(album) == 2
    assert album[0].payload["reply_to_message"]["message_id"] == card.message_id

    # The approval, typed as a reply to the bot's prompt: what does not read is explained.
    await decide(operator, rig, "Г-000001", "✅ Согласовать", "ГП<2026>")
    assert (operator.last.text or "").startswith("Номер письма для Г-000001")
    prompt = next(m for m in desk_messages(rig) if "Согласование Г-000001" in (m.text or ""))
    await operator.send("ГП-2026/17; 400", reply_to_message=prompt.payload)
    assert (operator.last.text or "").startswith("Срок для Г-000001: от 1 до 365")
    await operator.send("ГП-2026/17; 30; много", reply_to_message=prompt.payload)
    assert (operator.last.text or "").startswith("Лимит для Г-000001")
    await operator.send("ок", reply_to_message=prompt.payload)  # no number
    assert (operator.last.text or "").startswith("Номер письма для Г-000001: хотя бы одна цифра")
    await operator.send("ГП-2026/17; 45; 150 000,50", reply_to_message=prompt.payload)
    assert operator.last.text == (
        "Срок для Г-000001 не может быть позже конца полиса — 31.12.2026."
    )  # fmt: skip
    await operator.send("ГП-2026/17; 09.12.2026", reply_to_message=prompt.payload)
    assert operator.last.text == (
        "Срок для Г-000001 не может кончиться раньше даты услуги — 10.12.2026."
    )  # fmt: skip
    scope = "МРТ коленного сустава с контрастом, одно исследование"
    await operator.send(
        f"ГП-2026/17; 31.12.2026; 150 000,50; {scope}", reply_to_message=prompt.payload
    )
    assert operator.last.text == (
        "✅ Г-000001 согласован: письмо № ГП-2026/17 по 31.12.2026 (Ольга). Человек получит PDF."
    )
    assert (
        "Статус: ✅ согласовано: письмо № ГП-2026/17 по 31.12.2026, лимит 150\xa0000,50\xa0₽"
        in (card.text or "")
    )
    assert card.inline_buttons == []
    await deliver(rig, services)
    assert all(m.deleted for m in album)  # the referral left the desk with the decision

    # The letter as a PDF, by the job (made off the event loop), in Anna's language.
    await letters_work(rig.bot, services)
    await deliver(rig, services)
    sent = anna.last
    assert (sent.text or "").startswith(
        "✅ Запрос <b>Г-000001</b> согласован: гарантийное письмо № ГП-2026/17"
    )
    document = rig.standin.files[sent.payload["document"]["file_id"]].data
    letter = pdf_text(document)
    assert "Гарантийное письмо № ГП-2026/17" in letter
    assert "Петрова Анна Сергеевна" in letter
    assert "Клиника «Ромашка»" in letter
    assert "31.12.2026" in letter
    assert f"Объём согласования {scope}" in letter
    assert f"Согласовано: {scope}." in (sent.text or "")
    await letters_work(rig.bot, services)  # once only
    await deliver(rig, services)
    assert anna.last.message_id == sent.message_id

    # The clinic is mailed after the commit.
    await services.mail_queue.send_due()
    mails = [m for m in outbox if m.to == "reg@romashka.ru"]
    assert [m.subject for m in mails] == ["Гарантийное письмо № ГП-2026/17"]
    assert "Пациент: Петрова Анна Сергеевна, 07.03.1990" in mails[0].text
    assert "Лимит: 150\xa0000,50\xa0₽" in mails[0].text
    # The letter itself, as a PDF in Russian, attached.
    assert mails[0].attachments == ("garantiynoe-pismo-1.pdf",)
    assert "Гарантийное письмо № ГП-2026/17" in pdf_text(attached_pdf(mails[0]))
    assert "Мы отправили его и в клинику на почту" in (sent.text or "")

    # «Мои письма»: the letter, its card, its PDF on demand.
    await anna.send("/letters")
    assert "• Г-000001 — услуга в клинике, Клиника «Ромашка»: согласовано, до 31.12.2026" in (
        anna.last.text or ""
    )
    await anna.press("Г-000001 · согласовано")
    assert "Письмо № ГП-2026/17, действует по 31.12.2026, лимит 150\xa0000,50\xa0₽." in (
        anna.last.text or ""
    )
    await anna.press("📄 Скачать письмо (PDF)")
    assert "Гарантийное письмо № ГП-2026/17" in pdf_text(
        rig.standin.files[anna.last.payload["document"]["file_id"]].data
    )
    # Asked for again: a decided letter refuses another decision.
    await operator.press_callback(card, DeskLetterAction(action=Verdict.REFUSE, letter=1).pack())
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "По этому запросу уже принято решение."
    actions = await audit_actions(services)
    assert "letter.requested" in actions
    assert "letter.approved" in actions


async def test_an_english_reader_gets_an_english_letter(
    rig: InProcessBot, services: Services, john: Person, world: None
) -> None:
    await with_policy(john, services, "ДМС-2", other=True)
    operator = in_desk(rig, OPERATOR, "Olga", member=True)
    await john.press("📨 Guarantee letter")
    await john.press("➕ Request a letter")
    await john.press("🏥 Planned hospital stay")
    assert (john.last.text or "").startswith("Which hospital is the stay at?")
    await john.send("Ромашка")
    await john.press("1. Клиника «Ромашка»")
    await john.send("Knee surgery")
    await john.send("skip")
    assert (john.last.text or "").startswith("When is the admission?")
    await john.send("December 10")  # no year: the next 10 December
    assert "Admission date: 10.12.2026" in (john.last.text or "")
    await john.press("📨 Send")
    await deliver(rig, services)
    await decide(operator, rig, "Г-000001", "✅ Согласовать", "GP-17")
    await letters_work(rig.bot, services)
    await deliver(rig, services)
    assert (john.last.text or "").startswith("✅ Request <b>Г-000001</b> approved")
    made = rig.standin.files[john.last.payload["document"]["file_id"]].data
    text = pdf_text(made)
    assert "Guarantee letter No. GP-17" in text
    assert "Petrova Anna Sergeevna" in text  # the roster's name, in Latin letters too
    image = pypdfium2.PdfDocument(made)[0].render(scale=3).to_pil()
    assert [code.text for code in zxingcpp.read_barcodes(image)] == ["GP-17"]
    assert "Admission date" in text
    assert "within the health programme" in text  # no limit given
    assert "24 Dec 2026" in text  # 30 days by default


async def test_refused_and_asked_then_answered_with_photos(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await request(anna, photos=1)
    await deliver(rig, services)
    await decide(operator, rig, "Г-000001", "❓ Уточнить", "В каком отделении госпитализация?")
    assert operator.last.text == (
        "❓ Г-000001: вопрос отправлен человеку (Ольга). Ответ придёт сюда."
    )
    card = card_of(rig, "Г-000001")
    assert (card.text or "").endswith(
        "Статус: ❓ ждём ответа человека: В каком отделении госпитализация?"
    )
    await deliver(rig, services)
    assert (anna.last.text or "").startswith(
        "❓ Оператору нужно уточнение по запросу <b>Г-000001</b>"
    )
    await anna.press("✍️ Ответить")
    assert (anna.last.text or "").startswith("Вопрос оператора по запросу Г-000001")
    await anna.send_photo(JPEG + b"x", caption="Вот направление")
    assert (anna.last.text or "").startswith("Фото добавлено (1 из 5)")
    await anna.press("📨 Отправить ответ")
    assert "✅ Ответ по запросу Г-000001 отправлен оператору." in (anna.last.text or "")
    await deliver(rig, services)
    answer = [m for m in desk_messages(rig) if "ответ человека" in (m.text or "")]
    assert len(answer) == 1
    assert answer[0].payload["reply_to_message"]["message_id"] == card.message_id
    assert "Вот направление" in (answer[0].text or "")
    # Its photo after its text, in the card's thread too.
    (photo,) = [m for m in desk_messages(rig) if m.message_id > answer[0].message_id]
    assert "photo" in photo.payload
    assert photo.payload["reply_to_message"]["message_id"] == card.message_id
    assert (await letter_row(services)).status == "review"

    await decide(operator, rig, "Г-000001", "❌ Отказать", "Услуга не входит в программу.")
    assert operator.last.text == "❌ Г-000001: отказано (Ольга). Человек получит причину."
    await deliver(rig, services)
    assert photo.deleted  # the answer's photo left the desk with the decision
    assert not answer[0].deleted  # its words stay, as an answer without photos does
    assert anna.last.text == (
        "❌ По запросу <b>Г-000001</b> отказано.\nПричина: Услуга не входит в программу."
    )
    await anna.press("📨 Открыть запрос")
    assert "Статус: отказано" in (anna.last.text or "")
    assert "Причина отказа: Услуга не входит в программу." in (anna.last.text or "")
    assert anna.inline_labels() == ["◀️ Мои письма"]


async def test_strangers_and_forged_buttons_are_refused(
    rig: InProcessBot, services: Services, anna: Person, john: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await with_policy(john, services, "ДМС-2", other=True)
    in_desk(rig, OPERATOR, "Ольга", member=True)
    await request(anna)
    await deliver(rig, services)
    card = card_of(rig, "Г-000001")
    stranger = in_desk(rig, STRANGER, "Чужой", member=False)
    for button in card.inline_buttons:
        await stranger.press_callback(card, button["callback_data"])
        assert stranger.last_callback_answer is not None
        assert stranger.last_callback_answer.get("text") == (
            "Это действие доступно только операторам."
        )
    # A non-operator who got into the awaited reply (a forged state cannot be made: the
    # prompt goes only to who pressed) is refused as well; nothing changed.
    assert (await letter_row(services)).status == "review"
    # A person forging the desk's button in their own chat.
    await john.press_callback(john.last, DeskLetterAction(action=Verdict.APPROVE, letter=1).pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("text") == "Only operators can do this."
    # Another person's letter, named by a forged button: nothing shown.
    seen = len(john.bot_messages)
    for action in (Action.OPEN, Action.PDF, Action.ANSWER):
        await john.press_callback(john.last, LetterAction(action=action, id=1).pack())
        assert john.last_callback_answer is not None
        assert john.last_callback_answer.get("text") == "This is not your letter."
    assert len(john.bot_messages) == seen
    # A clinic never offered in this dialogue, and a policy that is not John's.
    await john.press("📨 Guarantee letter")
    await john.press("➕ Request a letter")
    await john.press("🩺 Service at a clinic")
    await john.press_callback(john.last, LetterAction(action=Action.CLINIC, id=1).pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("show_alert")
    async with services.db.unit_of_work() as session:
        anna_policy = await session.scalar(select(Policy.id).where(Policy.number == "ДМС1"))
    await john.press_callback(
        john.last, LetterAction(action=Action.POLICY, id=anna_policy or 1).pack()
    )
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("show_alert")
    assert (await letter_row(services)).status == "review"


async def test_no_more_than_three_open_requests(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    for _ in range(3):
        await request(anna)
    await anna.press("📨 Гарантийное письмо")
    await anna.press("➕ Запросить письмо")
    assert (anna.last.text or "").startswith("На рассмотрении уже 3 ваших запроса")
    assert await anna.send("/cancel")
    async with services.db.unit_of_work() as session:
        assert len((await session.scalars(select(GuaranteeLetter))).all()) == 3


async def test_overdue_requests_are_escalated_once(
    rig: InProcessBot, services: Services, clock: ManualClock, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await request(anna)
    await letters_work(rig.bot, services)
    await deliver(rig, services)
    await operator.send("/pending")
    assert "• гарантийное письмо Г-000001 — с " in (operator.last.text or "")
    clock.advance(timedelta(hours=25))
    await letters_work(rig.bot, services)
    await letters_work(rig.bot, services)
    await deliver(rig, services)
    overdue = [m for m in desk_messages(rig) if (m.text or "").startswith("⏰ Г-000001")]
    assert [m.text for m in overdue] == ["⏰ Г-000001 ждёт решения уже 25 ч. Решите, пожалуйста."]


async def test_a_reminder_before_an_unused_letter_lapses_then_it_reads_expired(
    rig: InProcessBot, services: Services, clock: ManualClock, anna: Person, tmp_path: Path,
    world: None,
) -> None:  # fmt: skip
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await request(anna, day="25.11.2026")  # a letter may not lapse before its day
    await request(anna, day="25.11.2026")
    await deliver(rig, services)
    await decide(operator, rig, "Г-000001", "✅ Согласовать", "ГП-1; 5")
    await decide(operator, rig, "Г-000002", "✅ Согласовать", "ГП-2; 7")
    await letters_work(rig.bot, services)
    clock.advance(timedelta(days=2))  # 26.11: the first lapses on 29.11, unused
    await letters_work(rig.bot, services)
    await letters_work(rig.bot, services)
    # The second is used: a service billed at its clinic on the policy since the approval.
    await load(
        services, tmp_path, "services",
        SERVICE_HEADER + "S1,ДМС-1,2026-11-26,C1,МРТ,9000.00\n",
    )  # fmt: skip
    clock.advance(timedelta(days=2))  # 28.11: the second lapses on 01.12, used
    await letters_work(rig.bot, services)
    await deliver(rig, services)
    reminders = [m for m in anna.bot_messages if (m.text or "").startswith("⏳")]
    assert [m.text for m in reminders] == [
        "⏳ Гарантийное письмо № ГП-1 (запрос Г-000001) в Клиника «Ромашка» действует по "
        "29.11.2026. Если услуга ещё нужна — успейте до этой даты."
    ]
    clock.advance(timedelta(days=2))
    await anna.send("/letters")
    assert "Г-000001 · истекло" in anna.inline_labels()
    await anna.press("Г-000001 · истекло")
    assert anna.inline_labels() == ["◀️ Мои письма"]  # no PDF of a lapsed letter
    await anna.press_callback(anna.last, LetterAction(action=Action.PDF, id=1).pack())
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("show_alert")


async def test_a_change_of_holder_withdraws_and_revokes_and_nothing_follows(
    rig: InProcessBot,
    services: Services,
    anna: Person,
    john: Person,
    outbox: list[OutboxItem],
    world: None,
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await with_policy(john, services, "ДМС-2", other=True)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await request(anna, photos=1)
    await request(anna)
    await deliver(rig, services)
    await decide(operator, rig, "Г-000001", "✅ Согласовать", "ГП-1")
    await letters_work(rig.bot, services)  # its PDF to Anna and to the clinic
    await services.mail_queue.send_due()
    await deliver(rig, services)
    await request(anna)  # approved, then revoked before its PDF went anywhere
    await deliver(rig, services)
    await decide(operator, rig, "Г-000003", "✅ Согласовать", "ГП-3")
    # A question to Anna, still queued when the policy changes hands.
    await decide(operator, rig, "Г-000002", "❓ Уточнить", "Какое отделение?")
    async with services.db.unit_of_work() as session:
        held = await session.scalar(select(Policy).where(Policy.number == "ДМС1"))
        assert held is not None
        johns = await session.scalar(select(Profile).where(Profile.email == "john@example.com"))
        assert johns is not None
        await services.holders.change(held, johns)  # as an identity check approved for John
    first, second = await letter_row(services, 1), await letter_row(services, 2)
    assert (first.status, second.status) == ("revoked", "withdrawn")
    assert (await letter_row(services, 3)).status == "revoked"
    await services.mail_queue.send_due()
    subjects = [m.subject for m in outbox if m.to == "reg@romashka.ru"]
    assert subjects == ["Гарантийное письмо № ГП-1", "Отзыв гарантийного письма № ГП-1"]
    await letters_work(rig.bot, services)
    await deliver(rig, services)
    said = [m.text or "" for m in anna.bot_messages]
    assert any(t.startswith("Гарантийное письмо по запросу <b>Г-000001</b> отозвано") for t in said)
    assert any(t.startswith("Запрос <b>Г-000002</b> отозван") for t in said)
    approved = [
        m.text or "" for m in anna.bot_messages if "согласован: гарантийное" in (m.text or "")
    ]
    assert [t.split(":")[0] for t in approved] == ["✅ Запрос <b>Г-000001</b> согласован"]
    assert not any("Какое отделение?" in t for t in said)  # cancelled, never sent
    ended = [m.text for m in desk_messages(rig) if (m.text or "").startswith("↩️ Г-000002")]
    assert ended == ["↩️ Г-000002: запрос отозван — полис сменил держателя."]
    # The cards say so, their buttons gone.
    for label, status in (
        ("Г-000001", "↩️ письмо № ГП-1 отозвано: полис сменил держателя"),
        ("Г-000002", "↩️ отозвано: полис сменил держателя"),
    ):
        card = card_of(rig, label)
        assert (card.text or "").endswith(f"Статус: {status}"), label
        assert card.inline_buttons == []
    # The decisions are refused now.
    await operator.press_callback(
        card_of(rig, "Г-000002"), DeskLetterAction(action=Verdict.APPROVE, letter=2).pack()
    )
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "По этому запросу уже принято решение."
    # Nothing follows to the new holder.
    await john.send("/letters")
    assert (john.last.text or "").startswith("<b>Guarantee letter</b>")  # none of his own
    assert john.inline_labels() == ["➕ Request a letter"]
    for action in (Action.OPEN, Action.PDF):
        await john.press_callback(john.last, LetterAction(action=action, id=1).pack())
        assert john.last_callback_answer is not None
        assert john.last_callback_answer.get("text") == "This is not your letter."


async def test_without_a_policy_in_force_there_is_no_section(
    rig: InProcessBot, services: Services, anna: Person, tmp_path: Path, world: None
) -> None:
    await load(
        services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-7", end_date="2026-06-30")
    )
    await with_policy(anna, services, "ДМС-7")
    assert "📨 Гарантийное письмо" not in anna.reply_buttons
    await anna.send("/letters")
    await anna.press("➕ Запросить письмо")
    assert (anna.last.text or "").startswith("Гарантийное письмо выдаётся по действующему полису")


async def test_the_letters_export_for_the_insurer(
    rig: InProcessBot, services: Services, anna: Person, tmp_path: Path, database_url: str,
    world: None,
) -> None:  # fmt: skip
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await request(anna)
    await deliver(rig, services)
    # What an operator or a person typed may start like a spreadsheet formula.
    await decide(operator, rig, "Г-000001", "✅ Согласовать", "ГП-1; 30; 5000; =SUM(1;2)")
    async with services.db.unit_of_work():
        rows = await services.letters.export_all(None)
        later = await services.letters.export_all(date(2026, 11, 25))
    assert later == []
    assert rows[0] | {"requested_at": "", "decided_at": "", "updated_at": ""} == {
        "letter": "Г-000001", "number": "ГП-1", "status": "approved", "kind": "service",
        "policy_number": "ДМС-1", "last_name": "Петрова", "first_name": "Анна",
        "middle_name": "Сергеевна", "birth_date": "1990-03-07", "clinic_external_id": "C1",
        "clinic_name": "Клиника «Ромашка»", "service": SERVICE, "wanted_date": "2026-12-10",
        "valid_until": "2026-12-24", "amount_limit": "5000.00", "requested_at": "",
        "decided_at": "", "updated_at": "", "approved_scope": "=SUM(1;2)",
    }  # fmt: skip
    result = dmsbot(tmp_path, "export", "letters", DATABASE_URL=database_url, DATA_KEY=DATA_KEY)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("letter,number,status,kind,policy_number,")
    assert lines[1].startswith("Г-000001,ГП-1,approved,service,ДМС-1,Петрова,")
    assert lines[1].endswith(",'=SUM(1;2)")  # shown as text, never run
    assert "letters.export" in await audit_actions(services)
    # --clinic: that clinic's letters only.
    for clinic, rows_shown in (("C1", 2), ("C4", 1)):
        result = dmsbot(
            tmp_path, "export", "letters", "--clinic", clinic,
            DATABASE_URL=database_url, DATA_KEY=DATA_KEY,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert len(result.stdout.splitlines()) == rows_shown, clinic
    async with services.db.unit_of_work():
        assert await services.letters.export_all(None, "C4") == []
        assert [row["letter"] for row in await services.letters.export_all(None, "C1")] == [
            "Г-000001"
        ]


async def test_the_bookings_export_guards_formula_cells_too(
    services: Services, tmp_path: Path, database_url: str, world: None
) -> None:
    from sqlalchemy import update

    from storage.models import Slot
    from tests.booking_rig import book, msk, slot_at
    from tests.people import person

    anna = await person(services, 1, "ДМС-1")
    slot = await slot_at(services, "C1", msk(25, 10))
    async with services.db.unit_of_work() as session:
        await session.execute(update(Slot).where(Slot.id == slot).values(doctor="@Андреева"))
    await book(services, anna, slot)
    result = dmsbot(
        tmp_path, "export", "bookings", "--clinic", "C1",
        DATABASE_URL=database_url, DATA_KEY=DATA_KEY,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert ",'@Андреева," in result.stdout.splitlines()[1]


def test_a_cell_starting_like_a_formula_is_text() -> None:
    for typed in ("=1+2", "+79161234567", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(typed) == "'" + typed
    for kept in ("ГП-1", "Петрова", "", "1-2", "a=b", None, 5):
        assert safe_cell(kept) == kept
    assert list(safe_rows([{"a": "=x", "b": "y"}])) == [{"a": "'=x", "b": "y"}]


def test_an_approval_reads_as_operators_type_it() -> None:
    today = date(2026, 11, 24)
    assert parse_approval("ГП-2026/17", today).valid_until == date(2026, 12, 24)
    approval = parse_approval("ГП-2026/17; 31.01.2027; 150 000,50", today)
    assert (approval.number, approval.valid_until, approval.amount_limit) == (
        "ГП-2026/17", date(2027, 1, 31), 15000050,
    )  # fmt: skip
    assert parse_approval("№ 17\n10\n-", today).amount_limit is None
    assert parse_amount("1 500 ₽") == 150000
    # Positional: an empty field keeps its default; the fourth is what is approved.
    approval = parse_approval("ГП-1;;5000", today)
    assert (approval.valid_until, approval.amount_limit, approval.scope) == (
        date(2026, 12, 24), 500000, None,
    )  # fmt: skip
    assert parse_approval("ГП-1;;; МРТ колена", today).scope == "МРТ колена"
    # By default 30 days, to the wanted day if later, within the policy.
    end, later = date(2026, 12, 31), date(2026, 12, 28)
    assert parse_approval("ГП-1", today, wanted=later, policy_end=end).valid_until == later
    assert parse_approval("ГП-1", today, policy_end=date(2026, 12, 1)).valid_until == date(
        2026, 12, 1
    )
    for typed, key, params in (
        ("ГП-1; 10", "desk-letter-approval-before-date", {"date": "28.12.2026"}),
        ("ГП-1; 40", "desk-letter-approval-after-policy", {"end": "31.12.2026"}),
        ("ГП-1; 01.01.2027", "desk-letter-approval-after-policy", {"end": "31.12.2026"}),
    ):
        with pytest.raises(ApprovalProblem) as problem:
            parse_approval(typed, today, wanted=later, policy_end=end)
        assert (problem.value.key, problem.value.params) == (key, params), typed
    for typed, key in (
        ("", "desk-letter-approval-format"),
        (";30", "desk-letter-approval-format"),
        ("ок", "desk-letter-approval-number"),
        ("да; 30", "desk-letter-approval-number"),
        ("a; b; c; d", "desk-letter-approval-number"),
        ("ГП-1;;;" + "x" * 201, "desk-letter-approval-scope"),
        ("x" * 41, "desk-letter-approval-number"),
        ("ГП-1; 0", "desk-letter-approval-days"),
        ("ГП-1; 01.01.2020", "desk-letter-approval-days"),
        ("ГП-1; когда-нибудь", "desk-letter-approval-validity"),
        ("ГП-1; 30; 0", "desk-letter-approval-limit"),
        ("ГП-1; 30; 1.234", "desk-letter-approval-limit"),
    ):
        with pytest.raises(ApprovalProblem) as problem:
            parse_approval(typed, today)
        assert problem.value.key == key, typed


async def test_the_queued_mail_names_the_person_for_erasure(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    """The clinic's mail is tied to the person (erasing them deletes it, sent or not)."""
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await request(anna)
    await deliver(rig, services)
    await decide(operator, rig, "Г-000001", "✅ Согласовать", "ГП-1")
    await letters_work(rig.bot, services)
    async with services.db.unit_of_work() as session:
        mail = await session.scalar(select(QueuedMail).where(QueuedMail.kind == "clinic-letter"))
        assert mail is not None
        assert mail.profile_id == (await letter_row(services)).profile_id
        assert [item["filename"] for item in mail.attachments or []] == [
            "garantiynoe-pismo-1.pdf"
        ]  # kept in the row while it waits
        posts = await session.scalars(
            select(ScheduledMessage.dedupe_key).where(
                ScheduledMessage.dedupe_key.startswith("desk:letter:1")
            )
        )
        assert "desk:letter:1" in posts.all()
    await services.mail_queue.send_due()
    async with services.db.unit_of_work() as session:
        mail = await session.scalar(select(QueuedMail).where(QueuedMail.kind == "clinic-letter"))
        assert mail is not None
        assert (mail.status, mail.attachments) == ("sent", None)  # emptied once sent


async def test_with_the_desk_off_requests_wait_and_are_posted_once_it_is_on(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    desk_on = services.letters.settings
    services.letters.settings = desk_on.model_copy(update={"operators_chat_id": None})
    await with_policy(anna, services, "ДМС-1")
    await request(anna, photos=1)
    await deliver(rig, services)
    assert desk_messages(rig) == []
    services.letters.settings = desk_on
    await letters_work(rig.bot, services)
    await letters_work(rig.bot, services)  # posted once
    await deliver(rig, services)
    assert (
        len([m for m in desk_messages(rig) if "Гарантийное письмо Г-000001" in (m.text or "")]) == 1
    )
    assert len([m for m in desk_messages(rig) if "photo" in m.payload]) == 1


async def test_a_request_is_checked_again_when_it_is_filed(
    services: Services, world: None, tmp_path: Path
) -> None:
    """What the dialogue offered is checked again by the core: a clinic outside the policy's
    programme, a day outside the policy, someone else's policy, the cap."""
    from tests.people import person

    anna = await person(services, 1, "ДМС-1")
    async with services.db.unit_of_work() as session:
        mine = await session.scalar(select(Policy).where(Policy.number == "ДМС1"))
        johns = await session.scalar(select(Policy).where(Policy.number == "ДМС2"))
        found = await session.execute(select(Clinic.external_id, Clinic.id))
        clinics = {external_id: clinic_id for external_id, clinic_id in found}
    assert mine is not None
    assert johns is not None
    wanted = date(2026, 12, 10)
    for policy_id, clinic, day in (
        (mine.id, clinics["C4"], wanted),  # another programme's clinic
        (mine.id, clinics["C1"], date(2027, 1, 10)),  # after the policy ends
        (mine.id, clinics["C1"], date(2026, 11, 23)),  # yesterday
        (johns.id, clinics["C1"], wanted),  # not hers
    ):
        with pytest.raises(NotAllowed):
            async with services.db.unit_of_work():
                await services.letters.submit(anna, policy_id, "service", clinic, SERVICE, [], day)
    for _ in range(3):
        async with services.db.unit_of_work():
            await services.letters.submit(
                anna, mine.id, "service", clinics["C1"], SERVICE, [], wanted
            )
    with pytest.raises(TooManyOpen):
        async with services.db.unit_of_work():
            await services.letters.submit(
                anna, mine.id, "service", clinics["C1"], SERVICE, [], wanted
            )


def test_a_day_is_read_with_or_without_its_year() -> None:
    from bot.features.letters.steps import typed_day

    today = date(2026, 11, 24)
    assert typed_day("10.12.2026", today) == date(2026, 12, 10)
    assert typed_day("10 декабря", today) == date(2026, 12, 10)
    assert typed_day("10.12", today) == date(2026, 12, 10)
    assert typed_day("5 января", today) == date(2027, 1, 5)  # the next one
    assert typed_day("24.11", today) == today
    assert typed_day("31.02", today) is None
    assert typed_day("31.02.2027", today) is None
    assert typed_day("послезавтра", today) is None


async def test_cancel_leaves_a_request_at_any_step_and_start_offers_to_go_on(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await anna.send("/letters")
    await anna.press("➕ Запросить письмо")
    await anna.press("🩺 Услуга в клинике")
    await anna.send("ромашка")
    await anna.send("/start")
    assert "Продолжить" in " ".join(anna.inline_labels())
    await anna.press(next(label for label in anna.inline_labels() if "Продолжить" in label))
    assert (anna.last.text or "").startswith("В какой клинике услуга?")
    await anna.send("/cancel")
    await anna.send("ромашка")  # no step takes it now
    async with services.db.unit_of_work() as session:
        assert (await session.scalars(select(GuaranteeLetter))).all() == []
    assert not (anna.last.text or "").startswith("Нашлось клиник")


async def test_the_erasure_question_names_the_letters_it_ends(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ДМС-1")
    await request(anna)
    await anna.send("/profile")
    await anna.press("🗑 Удалить мои данные")
    assert "Будут удалены гарантийные письма и запросы: Г-000001." in (anna.last.text or "")


async def test_a_desk_prompt_takes_only_replies_lapses_and_is_cancelled(
    rig: InProcessBot, services: Services, clock: ManualClock, anna: Person, world: None
) -> None:
    """The operators talk in the group while a prompt is open: only a reply to the bot's prompt
    decides; the prompt lapses after 15 minutes; /cancel and «отмена» drop it."""
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await request(anna)
    await request(anna)
    await deliver(rig, services)

    async def press(label: str, button: str) -> StoredMessage:
        card = card_of(rig, label)
        data = next(b["callback_data"] for b in card.inline_buttons if b["text"] == button)
        await operator.press_callback(card, data)
        return operator.last

    await anna.send("/tickets")  # a complaint on the desk as well
    await anna.press("😠 Пожаловаться")
    await anna.press("Без клиники")
    await anna.send("Долго ждала в регистратуре, никто не подошёл.")
    await anna.press("✅ Готово")
    await anna.press("📨 Отправить")
    await deliver(rig, services)
    ticket = next(m for m in desk_messages(rig) if "Жалоба Ж-000001" in (m.text or ""))

    prompt = await press("Г-000001", "❌ Отказать")
    await operator.send("Коллеги, кто возьмёт Г-000002?")
    await operator.send("ГП-1; 30")
    assert operator.last.message_id == prompt.message_id  # nothing answered the talk
    assert (await letter_row(services)).status == "review"
    # A reply to another post (a ticket's) is that post's, the prompt still open.
    await operator.send("Разберёмся и ответим.", reply_to_message=ticket.payload)
    assert operator.last.text == "✅ Ответ на Ж-000001 отправлен."
    await operator.send("Не входит в программу.", reply_to_message=prompt.payload)
    assert operator.last.text == "❌ Г-000001: отказано (Ольга). Человек получит причину."
    assert (await letter_row(services)).status == "refused"

    # A reply 16 minutes late decides nothing and ends the prompt.
    prompt = await press("Г-000002", "✅ Согласовать")
    clock.advance(timedelta(minutes=16))
    await operator.send("ГП-2", reply_to_message=prompt.payload)
    assert (operator.last.text or "").startswith("Этот запрос бота устарел")
    await operator.send("ГП-2", reply_to_message=prompt.payload)
    assert (operator.last.text or "").startswith("Этот запрос бота устарел")  # not taken now
    assert (await letter_row(services, 2)).status == "review"

    # /cancel and «отмена» drop an open prompt; the reply after it decides nothing.
    for typed in ("/cancel", "Отмена"):
        prompt = await press("Г-000002", "✅ Согласовать")
        await operator.send(typed)
        assert (operator.last.text or "").startswith("Отменено: ответ больше не ждём.")
        await operator.send("ГП-2", reply_to_message=prompt.payload)
        assert (operator.last.text or "").startswith("Отменено")
    assert (await letter_row(services, 2)).status == "review"
    await operator.send("/cancel")  # nothing open: the group's commands
    assert (operator.last.text or "").startswith("Такой команды нет.")


async def test_the_clinic_without_an_e_mail_gets_no_mail_and_the_person_is_told_to_show_it(
    rig: InProcessBot, services: Services, john: Person, outbox: list[OutboxItem], world: None
) -> None:
    """An English reader's clinic gets the letter in Russian; a clinic with no e-mail gets none,
    and its person is told to show the PDF at the reception."""
    from sqlalchemy import update

    await with_policy(john, services, "ДМС-2", other=True)
    operator = in_desk(rig, OPERATOR, "Olga", member=True)
    for _ in range(2):
        await john.press("📨 Guarantee letter")
        await john.press("➕ Request a letter")
        await john.press("🩺 Service at a clinic")
        await john.send("Ромашка")
        await john.press("1. Клиника «Ромашка»")
        await john.send("Knee MRI")
        await john.send("skip")
        await john.send("10.12.2026")
        await john.press("📨 Send")
    await deliver(rig, services)
    await decide(operator, rig, "Г-000001", "✅ Согласовать", "GP-1")
    await letters_work(rig.bot, services)
    await services.mail_queue.send_due()
    await deliver(rig, services)
    assert "We have e-mailed it to the clinic too" in (john.last.text or "")
    (mail,) = [m for m in outbox if m.to == "reg@romashka.ru"]
    assert mail.attachments == ("garantiynoe-pismo-1.pdf",)
    assert "Гарантийное письмо № GP-1" in pdf_text(attached_pdf(mail))  # in Russian
    async with services.db.unit_of_work() as session:
        await session.execute(update(Clinic).where(Clinic.external_id == "C1").values(email=None))
    await decide(operator, rig, "Г-000002", "✅ Согласовать", "GP-2")
    await letters_work(rig.bot, services)
    await services.mail_queue.send_due()
    await deliver(rig, services)
    assert "Show this PDF at the clinic's reception" in (john.last.text or "")
    assert len([m for m in outbox if m.to == "reg@romashka.ru"]) == 1
    assert (await letter_row(services, 2)).mailed_to is None


def test_an_edit_of_a_desk_post_is_kept_and_says_only_text() -> None:
    """How the sender is asked to edit a card (a letter withdrawn by a change of holder)."""
    from core.notifications import Button, Intent, Media, Payload

    edit = Payload("desk-letter", {"number": "Г-000001"}, edit=7)
    assert Payload.from_json(edit.to_json()) == edit
    with pytest.raises(ValueError, match="an edit changes a text"):
        Payload("desk-letter", media=[Media("photo", file_id="x")], edit=7)
    kept = Payload("x", buttons=[[Button("y", Intent.OPEN_LETTER, 1)]], edit=7)
    assert Payload.from_json(kept.to_json()).edit == 7


async def test_one_letters_failure_stops_no_other_reminder_nor_expiry(
    rig: InProcessBot,
    services: Services,
    clock: ManualClock,
    anna: Person,
    world: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await with_policy(anna, services, "ДМС-1")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await request(anna, day="25.11.2026")
    await request(anna, day="25.11.2026")
    await deliver(rig, services)
    await decide(operator, rig, "Г-000001", "✅ Согласовать", "ГП-1; 3")
    await decide(operator, rig, "Г-000002", "✅ Согласовать", "ГП-2; 3")
    letters = services.letters
    clinic_of, refresh = letters.clinic, letters._refresh_card

    async def broken_clinic(letter: GuaranteeLetter) -> Clinic | None:
        if letter.id == 1:
            raise RuntimeError("a row that does not read")
        return await clinic_of(letter)

    async def broken_refresh(letter: GuaranteeLetter) -> None:
        if letter.id == 2:
            raise RuntimeError("a card that does not render")
        await refresh(letter)

    monkeypatch.setattr(letters, "clinic", broken_clinic)
    with caplog.at_level("ERROR", logger="bot.features.letters.jobs"):
        await letters_work(rig.bot, services)  # both lapse on 27.11: a reminder each
    assert "the delivery of letter 1 failed" in caplog.text
    await deliver(rig, services)
    pdfs = [m.text or "" for m in anna.bot_messages if "согласован: гарантийное" in (m.text or "")]
    assert [t.split(":")[0] for t in pdfs] == ["✅ Запрос <b>Г-000002</b> согласован"]
    reminded = [m.text or "" for m in anna.bot_messages if (m.text or "").startswith("⏳")]
    assert [t.split(" (")[0] for t in reminded] == ["⏳ Гарантийное письмо № ГП-2"]
    assert "the reminder of letter 1 failed" in caplog.text
    assert (await letter_row(services, 1)).reminded_at is None  # rolled back: tried again
    monkeypatch.setattr(letters, "clinic", clinic_of)
    await letters_work(rig.bot, services)
    assert (await letter_row(services, 1)).reminded_at is not None

    # Past their last day: each marked, updated, its card says «истекло».
    clock.advance(timedelta(days=4))  # 28.11
    monkeypatch.setattr(letters, "_refresh_card", broken_refresh)
    caplog.clear()
    with caplog.at_level("ERROR", logger="bot.features.letters.jobs"):
        await letters_work(rig.bot, services)
    assert "the expiry of letter 2 failed" in caplog.text
    first, second = await letter_row(services, 1), await letter_row(services, 2)
    assert first.expired_at == first.updated_at == clock.now()
    assert second.expired_at is None
    await deliver(rig, services)
    assert "Статус: ⌛ истекло: письмо № ГП-1 по 27.11.2026" in (
        card_of(rig, "Г-000001").text or ""
    )
    async with services.db.unit_of_work():
        changed = await services.letters.export_all(date(2026, 11, 28))
    assert [(row["letter"], row["status"]) for row in changed] == [("Г-000001", "expired")]
    monkeypatch.setattr(letters, "_refresh_card", refresh)
    await letters_work(rig.bot, services)
    await letters_work(rig.bot, services)  # once
    assert (await letter_row(services, 2)).expired_at == clock.now()
