"""«💸 Возмещение» from both sides: a claim under a ДМС policy typed and pressed, one under a ВЗР
policy in euros, bad answers told politely, the card rule at the account step; the desk's album,
«Одобрить» with the amount, «Запросить документ» answered by the person, «Отказать» with a
reason; strangers, forged buttons and second decisions refused; the open-claims cap; the desk
off, then on; «Мои возмещения»."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import select

from bot.features.claims.callbacks import Action, ClaimAction, DeskClaimAction, Verdict
from bot.features.claims.jobs import post_waiting
from core.claim_details import Amount, BankDetails
from core.claim_export import EXPORT_COLUMNS
from core.claims import MAX_OPEN, NewClaim
from core.clock import ManualClock
from core.csv_cells import safe_rows
from core.data_page import render_html
from core.i18n import default_catalogue
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from standin.telegram import StoredMessage
from storage.models import AuditEvent, Claim, ClaimNote, Profile, ScheduledMessage, User
from tests.command_line import dmsbot
from tests.conftest import DATA_KEY, make_settings
from tests.delivery_rig import deliver
from tests.desk_rig import DESK, OPERATOR, STRANGER, in_desk
from tests.people import JOHN_CONTACTS, audit_actions, with_policy
from tests.rosters import POLICY_HEADER, load, policy

pytestmark = pytest.mark.db

JPEG = b"\xff\xd8\xff\xe0 a receipt"
SBER = "044525225"
ACCOUNT = "40817810899991234567"  # its control key fits SBER's BIC
# An account whose first 16 digits, written in fours, pass Luhn: a card number to the card rule
# anywhere but at the account step.
CARD_LIKE_ACCOUNT = "4081 7810 1999 9100 0006"
NOT_ALLOWED = "Это действие доступно только операторам."
STALE = "Эта кнопка уже не действует. Откройте /menu."
PROGRAMS = "code,name,kind,description,covers\nP1,Стандарт,DMS,,\nV1,Путешествия,VZR,,\n"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000, operators_chat_id=DESK)


@pytest.fixture
async def world(services: Services, tmp_path: Path) -> None:
    """Anna's ДМС-1 (all 2026) and ВЗР-7 (November 2026), John's ДМС-2; today is 24.11.2026
    (the tests' clock)."""
    await load(services, tmp_path, "programs", PROGRAMS)
    roster = (
        policy("ДМС-1")
        + policy("ВЗР-7", kind="VZR", program="V1", start_date="2026-11-01", end_date="2026-11-30")
        + policy("ДМС-2", **JOHN_CONTACTS)
    )
    await load(services, tmp_path, "policies", POLICY_HEADER + roster)


async def anna_with_policies(anna: Person, services: Services) -> None:
    await with_policy(anna, services, "ДМС-1")
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ВЗР-7")


def desk_messages(rig: InProcessBot) -> list[StoredMessage]:
    return [m for m in rig.standin.chat(DESK, "supergroup").messages if m.from_bot]


def post_of(rig: InProcessBot, label: str) -> StoredMessage:
    """The claim's post: the desk message with its number and buttons."""
    for message in desk_messages(rig):
        if label in (message.text or "") and message.inline_buttons and not message.deleted:
            return message
    raise LookupError(label)


async def file_dms_claim(anna: Person, photos: int = 2) -> None:
    """A claim under ДМС-1, typed where it can be, by the shortest path."""
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.press("ДМС-1 · ДМС")
    await anna.send("20.11.2026")
    await anna.send("анализы")
    await anna.send("12 500")
    for n in range(photos):
        await anna.send_photo(JPEG + bytes([n]), album="A1")
    await anna.send("готово")
    await anna.send(SBER)
    await anna.send(ACCOUNT)
    await anna.send("Петрова Анна Сергеевна")
    await anna.send("да")


async def claims_in_database(services: Services) -> list[Claim]:
    async with services.db.unit_of_work() as session:
        return list((await session.scalars(select(Claim).order_by(Claim.id))).all())


async def test_a_dms_claim_through_the_dialogue_approved_on_the_desk(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await anna_with_policies(anna, services)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    assert "💸 Возмещение" in anna.reply_buttons
    await anna.press("💸 Возмещение")
    assert anna.inline_labels() == ["➕ Новое заявление", "📂 Мои возмещения"]
    await anna.press("➕ Новое заявление")
    assert anna.last.text == "По какому полису заявление? Выберите полис или напишите его номер."
    assert anna.inline_labels() == ["ДМС-1 · ДМС", "ВЗР-7 · ВЗР"]
    await anna.send("ДМС-3")
    assert (anna.bot_messages[-2].text or "").startswith("Такого полиса нет")
    await anna.send("дмс 1")  # its number in another spelling
    assert anna.bot_messages[-2].text == "Полис: <b>ДМС-1</b>"
    assert anna.last.text == (
        "Когда вам оказали помощь? Напишите дату с 26.08.2026 по 24.11.2026, например 24.11.2026."
    )
    assert anna.inline_labels() == ["Сегодня", "Вчера"]
    await anna.send("завтра бы")
    assert (anna.last.text or "").startswith("Не похоже на дату.")
    await anna.send("31.02.2026")
    assert (anna.last.text or "").startswith("Такого дня нет в календаре")
    await anna.send("25.11.2026")
    assert (anna.last.text or "").startswith("Эта дата ещё не наступила.")
    await anna.send("01.06.2026")
    assert (anna.last.text or "").startswith("Прошло больше 90 дней")
    await anna.press("Вчера")
    assert (anna.last.text or "").startswith("Какая это была помощь?")
    assert anna.inline_labels()[:2] == ["Приём врача", "Анализы и диагностика"]
    await anna.send("что-то странное")
    assert (anna.last.text or "").startswith("Какая это была помощь?")
    await anna.send("скорая")
    assert (anna.last.text or "").startswith("Сколько вы заплатили? Напишите сумму")
    await anna.send("100 евро")
    assert (anna.last.text or "").startswith("По полису ДМС расходы возмещают только")
    await anna.send("ноль")
    assert (anna.last.text or "").startswith("Не понял сумму.")
    await anna.send("12 500,50")
    assert (anna.last.text or "").startswith("Пришлите фото чеков и медицинских документов")
    await anna.send("готово")
    assert anna.last.text == "Сначала пришлите хотя бы одно фото чека или документа."
    await anna.send("вот чек")
    assert (anna.last.text or "").startswith("Пришлите фото чеков и документов (до 10)")
    await anna.send_photo(JPEG, album="A1")
    await anna.send_photo(JPEG + b"2", album="A1")
    assert anna.last.text == "Фото 2 из 10 добавлено. Пришлите ещё — или нажмите «Готово»."
    await anna.press("✅ Готово")
    assert (anna.last.text or "").startswith("Куда перевести деньги? Напишите БИК банка")
    await anna.send("12345")
    assert anna.last.text == "БИК — это 9 цифр, например 044525225."
    await anna.send("144525225")
    assert (anna.last.text or "").startswith("БИК российского банка начинается с 04.")
    await anna.send("04 45 25 225")
    assert (anna.last.text or "").startswith("Номер счёта получателя в банке с БИК 044525225")
    await anna.send("40817810999991234567")
    assert (anna.last.text or "").startswith("Номер счёта не сходится с БИК 044525225")
    await anna.send("40817 810 8 9999 1234567")
    assert anna.last.text == "ФИО получателя — как у владельца счёта в банке."
    await anna.send("Петрова")
    assert (anna.last.text or "").startswith("Напишите фамилию и имя")
    await anna.send("Петрова Анна Сергеевна")
    summary = anna.last.text or ""
    assert summary.startswith("<b>Проверьте заявление</b>")
    for line in (
        "Полис: ДМС-1",
        "Дата помощи: 23.11.2026",
        "Помощь: Скорая / неотложная",
        "Сумма: 12\xa0500,50\xa0₽",
        "Фото: 2",
        "Счёт: 40817 •••• 4567",
        "БИК: 044525225",
        "Получатель: Петрова Анна Сергеевна",
    ):
        assert line in summary
    assert ACCOUNT not in summary
    assert anna.inline_labels() == ["📨 Отправить", "✏️ Реквизиты", "❌ Отменить"]
    await anna.send("может быть")
    assert anna.last.text == "Нажмите «Отправить» (или напишите «да») — или «Отменить»."
    await anna.send("Всё верно!")
    assert (anna.last.text or "").startswith("✅ Заявление <b>В-000001</b> отправлено.")
    assert "💸 Возмещение" in anna.reply_buttons

    # What is kept: the bank details only sealed; nothing secret in the dialogue's state.
    (claim,) = await claims_in_database(services)
    assert (claim.amount, claim.currency, claim.care_kind) == (1_250_050, "RUB", "emergency")
    assert ACCOUNT not in claim.bank_encrypted
    assert services.claims.open_bank(claim.bank_encrypted) == BankDetails(
        SBER, ACCOUNT, "Петрова Анна Сергеевна"
    )

    # The desk: the album, then the post with the masked details and the decisions.
    await deliver(rig, services)
    album = [m for m in desk_messages(rig) if "photo" in m.payload]
    assert len(album) == 2
    post = post_of(rig, "В-000001")
    assert post.payload["reply_to_message"]["message_id"] == album[0].message_id
    text = post.text or ""
    for line in (
        "💸 <b>Возмещение В-000001</b>",
        "Кто: Петрова Анна Сергеевна",
        "Полис: ДМС-1 (ДМС)",
        "Дата помощи: 23.11.2026",
        "Помощь: скорая / неотложная",
        "Заявлено: 12\xa0500,50\xa0₽",
        "Счёт: 40817 •••• 4567, БИК 044525225",
        "Получатель: Петрова Анна Сергеевна",
    ):
        assert line in text
    assert ACCOUNT not in text
    assert [b["text"] for b in post.inline_buttons] == [
        "✅ Одобрить",
        "📎 Запросить документ",
        "❌ Отказать",
    ]

    await operator.press("✅ Одобрить")
    assert (operator.last.text or "").startswith(
        "Сколько выплатить по В-000001? Заявлено 12\xa0500,50\xa0₽."
    )
    prompt = operator.last
    # The operators' talk in the group, not a reply to the prompt, is no decision.
    await operator.send("12 000 — это много?")
    assert operator.last.message_id == prompt.message_id
    await operator.send("двенадцать тысяч", reply_to_message=prompt.payload)
    assert operator.last.text == "Нужна сумма в RUB, например «12 000» или «11 500,50»."
    await operator.send("13 000", reply_to_message=prompt.payload)
    assert operator.last.text == (
        "Больше заявленного выплатить нельзя: заявлено 12\xa0500,50\xa0₽."
    )
    # A reply to the bot's explanation counts as one to the prompt.
    await operator.send("12 000", reply_to_message=operator.last.payload)
    assert operator.last.text == "✅ В-000001 одобрено: 12\xa0000,00\xa0₽ — Ольга"
    await deliver(rig, services)
    assert anna.last.text == (
        "✅ Заявление <b>В-000001</b> одобрено. К выплате: <b>12\xa0000,00\xa0₽</b> — деньги "
        "придут на указанный счёт."
    )
    # The photos and the details left the desk; a second decision is refused.
    assert all(m.deleted for m in album)
    assert post.deleted
    (claim,) = await claims_in_database(services)
    assert (claim.status, claim.approved_amount, claim.operator_id) == (
        "approved",
        12_000_00,
        OPERATOR,
    )
    await operator.press_callback(
        post, DeskClaimAction(action=Verdict.REJECT, claim=claim.id).pack()
    )
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "По этому заявлению уже есть решение."
    async with services.db.unit_of_work() as session:
        audited = list(
            await session.scalars(
                select(AuditEvent).where(AuditEvent.object_type == "claim").order_by(AuditEvent.id)
            )
        )
        assert [(e.action, e.actor) for e in audited] == [
            ("claim.submitted", "person"),
            ("claim.approved", "operator"),
        ]
        assert [e.actor_id for e in audited][-1:] == [OPERATOR]

    # «Мои возмещения».
    await anna.press("💸 Возмещение")
    await anna.press("📂 Мои возмещения")
    listing = anna.last.text or ""
    assert "<b>В-000001</b> · 23.11.2026 · Скорая / неотложная" in listing
    assert "Полис ДМС-1, заявлено 12\xa0500,50\xa0₽" in listing
    assert "✅ одобрено: 12\xa0000,00\xa0₽" in listing


async def test_a_travel_claim_in_euros_with_the_card_rule_at_the_account_step(
    rig: InProcessBot, services: Services, john: Person, world: None, tmp_path: Path
) -> None:
    """John, in English, under a ВЗР policy: the amount in euros; a card number typed for the
    account is deleted and the step asked again; a 20-digit account is never taken for a card."""
    await load(
        services,
        tmp_path,
        "policies",
        POLICY_HEADER
        + policy(
            "ВЗР-9",
            kind="VZR",
            program="V1",
            start_date="2026-10-01",
            end_date="2026-10-31",
            **JOHN_CONTACTS,
        ),
    )
    await with_policy(john, services, "ВЗР-9", other=True)
    in_desk(rig, OPERATOR, "Ольга", member=True)
    assert "💸 Reimbursement" in john.reply_buttons
    await john.send("New claim")  # the label typed
    # One policy: taken at once. It ended 24 days ago: its term bounds the date.
    assert john.bot_messages[-2].text == "Policy: <b>ВЗР-9</b>"
    assert john.last.text == (
        "When did you receive the care? Type a date from 01.10.2026 to 31.10.2026, for "
        "example 31.10.2026."
    )
    assert john.last.inline_buttons == []  # neither today nor yesterday fits
    await john.send("today")
    assert (john.last.text or "").startswith("The policy was not in force on that day.")
    await john.send("October 20, 2026")
    await john.press("Dental care")
    await john.send("120")
    assert john.last.text == "Name the currency, for example “120.50 EUR”, “120 €” or “80 USD”."
    await john.send("120,50 €")
    await john.send_photo(JPEG)
    await john.press("✅ Done")
    await john.send("044525225")
    await john.send("4242 4242 4242 4242")  # a card, not an account
    assert john.last_own.deleted
    assert (john.last.text or "").startswith("The recipient's account number at the bank")
    await john.send(CARD_LIKE_ACCOUNT)
    assert not john.last_own.deleted
    assert john.last.text == "The recipient's full name, as the account holder's at the bank."
    await john.send("John Smith")
    summary = john.last.text or ""
    assert "Amount: 120.50\xa0EUR" in summary
    assert "Account: 40817 •••• 0006" in summary
    await john.press("📨 Send")
    (claim,) = await claims_in_database(services)
    assert (claim.amount, claim.currency, claim.policy_kind) == (12_050, "EUR", "VZR")
    await deliver(rig, services)
    post = post_of(rig, "В-000001")
    assert "Заявлено: 120,50\xa0€" in (post.text or "")
    assert "Полис: ВЗР-9 (ВЗР)" in (post.text or "")


async def test_a_document_asked_for_answered_then_the_claim_rejected(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await anna_with_policies(anna, services)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await file_dms_claim(anna)
    await deliver(rig, services)
    post = post_of(rig, "В-000001")
    await operator.press("📎 Запросить документ")
    assert (operator.last.text or "").startswith("Какой документ нужен по В-000001?")
    await operator.send(
        "Выписка из медкарты с назначением анализов.", reply_to_message=operator.last.payload
    )
    assert operator.last.text == "📎 По В-000001 запрошен документ — Ольга"
    assert not post.deleted  # still to be decided
    await deliver(rig, services)
    assert anna.last.text == (
        "📎 По заявлению <b>В-000001</b> нужен документ:\n"
        "Выписка из медкарты с назначением анализов."
    )
    await anna.press("📎 Дослать документ")
    assert (anna.last.text or "").startswith(
        "По заявлению <b>В-000001</b> просят: Выписка из медкарты с назначением анализов."
    )
    await anna.send("готово")
    assert anna.last.text == "Пришлите фото документа (до 10) или напишите текст."
    await anna.send_photo(JPEG + b"doc", caption="Выписка, две страницы")
    await anna.send_photo(JPEG + b"doc2")
    assert anna.last.text == (
        "Добавлено к ответу по В-000001: фото — 2, текст есть. Пришлите ещё или нажмите "
        "«Отправить»."
    )
    await anna.press("📨 Отправить")
    assert anna.last.text == "✅ Отправлено. Заявление <b>В-000001</b> снова на рассмотрении."
    await deliver(rig, services)
    answer = desk_messages(rig)[-1]
    assert "📎 В-000001: человек прислал документы (фото: 2)." in (answer.text or "")
    assert "Выписка, две страницы" in (answer.text or "")
    answer_photos = [m for m in desk_messages(rig) if "photo" in m.payload][-2:]
    assert answer_photos[0].payload["reply_to_message"]["message_id"] == post.message_id
    # «Мои возмещения» says where it stands; the button to answer again is gone.
    await anna.send("Мои возмещения")
    assert "⏳ на рассмотрении" in (anna.last.text or "")
    assert anna.last.inline_buttons == []

    await operator.press("❌ Отказать")
    assert (operator.last.text or "").startswith("Причина отказа по В-000001?")
    prompt = operator.last
    await operator.send_content(
        reply_to_message=prompt.payload,
        sticker={
            "file_id": "x",
            "file_unique_id": "x",
            "type": "regular",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
        },
    )
    assert (operator.last.text or "").startswith("Нужен текст")
    await operator.send("Анализы не входят в программу.", reply_to_message=prompt.payload)
    assert operator.last.text == (
        "❌ По В-000001 отказано — Ольга\nПричина: Анализы не входят в программу."
    )
    await deliver(rig, services)
    assert anna.last.text == (
        "❌ По заявлению <b>В-000001</b> отказано.\nПричина: Анализы не входят в программу."
    )
    assert post.deleted
    assert answer.deleted
    # Every photo the desk was shown (the receipts, the answer's document) left it with the
    # decision, and the desk's rows keep none of them, nor the recipient's name.
    shown_photos = [m for m in desk_messages(rig) if "photo" in m.payload]
    assert len(shown_photos) == 4
    assert all(m.deleted for m in shown_photos)
    (claim,) = await claims_in_database(services)
    async with services.db.unit_of_work() as session:
        notes = (await session.scalars(select(ClaimNote))).all()
        file_ids = [*claim.photos, *(p for n in notes for p in n.photos)]
        kept = list(
            await session.scalars(
                select(ScheduledMessage.payload).where(ScheduledMessage.chat_id == DESK)
            )
        )
    assert len(file_ids) == 4
    for payload in map(str, kept):
        assert "Петрова" not in payload
        assert not any(file_id in payload for file_id in file_ids)
    # The old «Дослать документ» now finds nothing awaited.
    await anna.press_callback(anna.last, ClaimAction(action=Action.DOCUMENT, id=1).pack())
    assert anna.last_callback_answer is not None
    assert (
        anna.last_callback_answer.get("text") == "По заявлению В-000001 документ сейчас не нужен."
    )
    async with services.db.unit_of_work() as session:
        notes = (await session.scalars(select(ClaimNote).order_by(ClaimNote.id))).all()
        assert [(n.author, len(n.photos)) for n in notes] == [("operator", 0), ("person", 2)]
        actions = await session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_type == "claim")
        )
        assert list(actions) == [
            "claim.submitted",
            "claim.requested",
            "claim.answered",
            "claim.rejected",
        ]


async def test_strangers_forged_buttons_and_other_peoples_claims_are_refused(
    rig: InProcessBot, services: Services, anna: Person, john: Person, world: None
) -> None:
    await anna_with_policies(anna, services)
    await with_policy(john, services, "ДМС-2", other=True)
    in_desk(rig, OPERATOR, "Ольга", member=True)
    await file_dms_claim(anna)
    await deliver(rig, services)
    post = post_of(rig, "В-000001")
    stranger = in_desk(rig, STRANGER, "Чужой", member=False)
    for button in post.inline_buttons:
        await stranger.press_callback(post, button["callback_data"])
        assert stranger.last_callback_answer is not None
        assert stranger.last_callback_answer.get("text") == NOT_ALLOWED
    # The desk's button forged by a person in their own chat.
    await john.press_callback(john.last, DeskClaimAction(action=Verdict.APPROVE, claim=1).pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("text") == "Only operators can do this."
    # Anna's claim named by John's forged buttons: nothing shown, nothing begun.
    seen = len(john.bot_messages)
    await john.press_callback(john.last, ClaimAction(action=Action.DOCUMENT, id=1).pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("text") == "That claim is not one of yours."
    assert len(john.bot_messages) == seen
    # Anna's policy named in John's own dialogue: stale, the step stays.
    await john.send("/start")
    await john.send("New claim")
    assert john.bot_messages[-2].text == "Policy: <b>ДМС-2</b>"
    await john.send("/cancel")
    await john.send("New claim")
    async with services.db.unit_of_work() as session:
        anna_policy = await session.scalar(select(Claim.policy_id).where(Claim.id == 1))
    assert anna_policy is not None
    state_before = await rig.dispatcher.storage.get_state(john_key(rig, john))
    await john.press_callback(john.last, ClaimAction(action=Action.POLICY, id=anna_policy).pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("show_alert")
    assert await rig.dispatcher.storage.get_state(john_key(rig, john)) == state_before
    # A forged kind of care.
    await john.press("Yesterday")
    await john.press_callback(john.last, ClaimAction(action=Action.CARE, care="spa").pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("show_alert")
    (claim,) = await claims_in_database(services)
    assert claim.status == "review"


def john_key(rig: InProcessBot, john: Person) -> StorageKey:
    return StorageKey(bot_id=rig.bot.id, chat_id=john.chat.id, user_id=john.id)


async def test_open_claims_are_capped_and_the_desk_off_then_on(
    rig: InProcessBot, services: Services, anna: Person, world: None, settings: Settings
) -> None:
    await anna_with_policies(anna, services)
    stored = rig.standin.store_file(JPEG, file_name="receipt.jpg", mime_type="image/jpeg")
    receipt = rig.standin.photo_sizes(stored)[-1]["file_id"]
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        policy_id = (await services.claims.policies(profile))[-1].id
        services.settings.operators_chat_id = None  # the desk is off
        try:
            for n in range(MAX_OPEN):
                await services.claims.submit(
                    profile,
                    NewClaim(
                        policy_id=policy_id,
                        care_date=services.claims.today(),
                        care_kind="doctor",
                        amount=Amount(100_00 + n, "RUB"),
                        photos=[receipt],
                        bank=BankDetails(SBER, ACCOUNT, "Петрова Анна"),
                    ),
                )
        finally:
            services.settings.operators_chat_id = DESK
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    assert (anna.last.text or "").startswith("У вас уже 5 заявлений на рассмотрении.")
    assert anna.inline_labels() == ["📂 Мои возмещения"]
    await anna.press("📂 Мои возмещения")
    assert "(всего 5)" in (anna.last.text or "")
    assert anna.last.inline_buttons == []  # one page of five, none waiting for a document
    # Filed while the desk was off: nothing posted until the job runs with the desk on.
    await deliver(rig, services)
    assert desk_messages(rig) == []
    await post_waiting(rig.bot, services)
    await post_waiting(rig.bot, services)  # idempotent
    await deliver(rig, services)
    posts = [m for m in desk_messages(rig) if m.inline_buttons]
    assert len(posts) == MAX_OPEN
    async with services.db.unit_of_work() as session:
        keys = await session.scalars(
            select(ScheduledMessage.dedupe_key).where(ScheduledMessage.chat_id == DESK)
        )
        assert sorted(keys) == sorted(f"desk:claim:{n}" for n in range(1, MAX_OPEN + 1))


async def test_a_claim_dialogue_continues_after_start_and_ends_with_cancel(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await anna_with_policies(anna, services)
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.press("ДМС-1 · ДМС")
    await anna.press("Сегодня")
    await anna.press("Лекарства")
    await anna.send("/start")
    await anna.press(anna.inline_labels()[0])  # «Продолжить»
    assert (anna.last.text or "").startswith("Сколько вы заплатили?")
    await anna.send("990")
    await anna.send_photo(JPEG)
    await anna.press("✅ Готово")
    await anna.send(SBER)
    await anna.send("4242 4242 4242 4242")  # a card number at the account step: deleted
    assert anna.last_own.deleted
    assert (anna.last.text or "").startswith("Номер счёта получателя в банке с БИК 044525225")
    await anna.send("/cancel")
    assert await claims_in_database(services) == []
    state = await rig.dispatcher.storage.get_state(
        StorageKey(bot_id=rig.bot.id, chat_id=anna.chat.id, user_id=anna.id)
    )
    assert state is None
    # The desk's /pending lists what waits, claims on review among it.
    await file_dms_claim(anna)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await operator.send("/pending")
    assert "• заявление на возмещение В-000001 — с " in (operator.last.text or "")
    # Erasure says first that the claim goes, unpaid.
    await anna.send("/profile")
    await anna.press("🗑 Удалить мои данные")
    assert (
        "Будут удалены заявления на возмещение, ещё не рассмотренные, — выплаты по ним не "
        "будет: В-000001"
    ) in (anna.last.text or "")


def test_the_data_page_shows_claims_masked_in_the_readers_words() -> None:
    row = {
        "claim": "В-000001",
        "policy": "ВЗР-7",
        "care_date": "2026-11-20",
        "care": "dental",
        "amount": "120.50",
        "currency": "EUR",
        "status": "approved",
        "approved": "100.00",
        "reason": None,
        "request": None,
        "account": "40817 •••• 4567",
        "bic": SBER,
        "recipient": "Anna Petrova",
        "photos": 2,
        "filed_at": "2026-11-20T10:00:00+00:00",
        "decided_at": "2026-11-21T10:00:00+00:00",
    }
    catalogue = default_catalogue()
    data = {"exported_at": "2026-11-24T09:00:00+00:00", "claims": [row]}
    page = render_html(data, catalogue.translator("en"), ZoneInfo("Europe/Moscow"))
    for shown in (
        "Reimbursement claims",
        "Dental care",
        "120.50\xa0EUR",
        "100.00\xa0EUR",
        "approved",
        "40817 •••• 4567",
        "20.11.2026",
    ):
        assert shown in page
    assert ACCOUNT not in page


async def set_zone(services: Services, person: Person, zone: str) -> None:
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == person.id))
        assert user is not None
        await services.profiles.set_time_zone(user, zone)


async def test_today_is_the_persons_own_in_their_time_zone(
    rig: InProcessBot, services: Services, anna: Person, world: None, clock: ManualClock
) -> None:
    """At 23:00 in Moscow it is already the 25th in Vladivostok: for Anna there, «Сегодня» and
    a typed 25.11.2026 are the 25th; the 26th has not come yet."""
    await anna_with_policies(anna, services)
    await set_zone(services, anna, "Asia/Vladivostok")
    clock.advance(datetime(2026, 11, 24, 20, 0, tzinfo=UTC) - clock.now())
    assert services.claims.today() == date(2026, 11, 24)  # the insurer's TIMEZONE
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.press("ДМС-1 · ДМС")
    assert anna.last.text == (
        "Когда вам оказали помощь? Напишите дату с 27.08.2026 по 25.11.2026, например 25.11.2026."
    )
    await anna.send("26.11.2026")
    assert (anna.last.text or "").startswith("Эта дата ещё не наступила.")
    await anna.send("25.11.2026")
    assert (anna.last.text or "").startswith("Какая это была помощь?")
    await anna.send("/cancel")
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.press("ДМС-1 · ДМС")
    await anna.press("Сегодня")
    await anna.press("Лекарства")
    await anna.send("990")
    await anna.send_photo(JPEG)
    await anna.press("✅ Готово")
    await anna.send(SBER)
    await anna.send(ACCOUNT)
    await anna.send("Петрова Анна Сергеевна")
    assert "Дата помощи: 25.11.2026" in (anna.last.text or "")
    await anna.send("да")
    (claim,) = await claims_in_database(services)
    assert claim.care_date == date(2026, 11, 25)


async def test_a_date_grown_too_old_at_the_summary_is_asked_again_and_nothing_else_lost(
    rig: InProcessBot, services: Services, anna: Person, world: None, clock: ManualClock
) -> None:
    await anna_with_policies(anna, services)
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.press("ДМС-1 · ДМС")
    await anna.send("26.08.2026")  # the earliest the claim period allows today (24.11.2026)
    await anna.send("анализы")
    await anna.send("12 500")
    await anna.send_photo(JPEG, album="A1")
    await anna.send_photo(JPEG + b"2", album="A1")
    await anna.send("готово")
    await anna.send(SBER)
    await anna.send(ACCOUNT)
    await anna.send("Петрова Анна Сергеевна")
    assert "Дата помощи: 26.08.2026" in (anna.last.text or "")
    clock.advance(timedelta(days=1))
    await anna.send("да")
    assert (anna.last.text or "").startswith(
        "Заявление не отправлено: пока оно ждало, наступил новый день, и дата помощи больше не "
        "подходит."
    )
    assert "Прошло больше 90 дней" in (anna.last.text or "")
    assert "с 27.08.2026 по 25.11.2026" in (anna.last.text or "")
    assert await claims_in_database(services) == []
    await anna.send("27.08.2026")
    summary = anna.last.text or ""
    assert summary.startswith("<b>Проверьте заявление</b>")
    for line in (
        "Дата помощи: 27.08.2026",
        "Помощь: Анализы и диагностика",
        "Сумма: 12\xa0500,00\xa0₽",
        "Фото: 2",
        "Счёт: 40817 •••• 4567",
        "Получатель: Петрова Анна Сергеевна",
    ):
        assert line in summary
    await anna.press("📨 Отправить")
    (claim,) = await claims_in_database(services)
    assert (claim.care_date, claim.care_kind, claim.amount) == (
        date(2026, 8, 27),
        "tests",
        12_500_00,
    )
    assert len(claim.photos) == 2


async def test_numbers_in_another_script_and_the_amounts_cap_in_the_dialogue(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await anna_with_policies(anna, services)
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.send("²")  # a digit to str.isdigit(), no place in the list
    assert (anna.bot_messages[-2].text or "").startswith("Такого полиса нет")
    await anna.send("٢")  # «2» in Arabic-Indic digits: the second policy
    assert anna.bot_messages[-2].text == "Полис: <b>ВЗР-7</b>"
    await anna.press("Вчера")
    await anna.send("анализы")
    await anna.send("100 001 €")
    assert anna.last.text == (
        "Слишком большая сумма: по одному заявлению — не больше 100\xa0000,00\xa0€. "
        "Проверьте, нет ли лишних нулей."
    )
    await anna.send("١٢٠ €")
    assert (anna.last.text or "").startswith("Пришлите фото чеков")
    await anna.send_photo(JPEG)
    await anna.press("✅ Готово")
    await anna.send("٠٤٤٥٢٥٢٢٥")
    assert (anna.last.text or "").startswith("Номер счёта получателя в банке с БИК 044525225")


SPB_BIC = "044030653"
SPB_ACCOUNT = "40817810399991234567"  # its control key fits SPB_BIC, not SBER


async def test_the_bank_details_changed_at_the_summary_typed_and_pressed(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await anna_with_policies(anna, services)
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.press("ДМС-1 · ДМС")
    await anna.send("20.11.2026")
    await anna.send("анализы")
    await anna.send("12 500")
    await anna.send_photo(JPEG)
    await anna.send("готово")
    await anna.send(SBER)
    await anna.send(ACCOUNT)
    await anna.send("Петрова Анна Сергеевна")
    assert anna.inline_labels() == ["📨 Отправить", "✏️ Реквизиты", "❌ Отменить"]
    # The chooser's buttons pressed at the summary (forged, or left from before): stale.
    await anna.press_callback(anna.last, ClaimAction(action=Action.EDIT_NAME).pack())
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("text") == STALE
    await anna.press("✏️ Реквизиты")
    assert anna.last.text == (
        "Что изменить в реквизитах?\nСчёт: 40817 •••• 4567\nБИК: 044525225\n"
        "Получатель: Петрова Анна Сергеевна"
    )
    assert anna.inline_labels() == ["БИК", "Номер счёта", "Получатель", "↩️ Назад к заявлению"]
    await anna.send("всё")
    assert anna.bot_messages[-2].text == (
        "Выберите, что изменить: БИК, номер счёта или получателя — или «Назад к заявлению»."
    )
    await anna.send("получатель")  # typed
    assert anna.last.text == "ФИО получателя — как у владельца счёта в банке."
    await anna.send("Петрова Анна")
    summary = anna.last.text or ""
    assert summary.startswith("<b>Проверьте заявление</b>")
    assert "Получатель: Петрова Анна\n" in summary
    assert "Счёт: 40817 •••• 4567" in summary
    assert "Сумма: 12\xa0500,00\xa0₽" in summary
    # A BIC whose last three digits are the same: the account still fits it, kept.
    await anna.send("реквизиты")
    await anna.send("бик")
    await anna.send("04 5525 225")
    assert "БИК: 045525225" in (anna.last.text or "")
    assert "Счёт: 40817 •••• 4567" in (anna.last.text or "")
    # Another bank's BIC: it is the account that no longer fits, and it is asked for.
    await anna.press("✏️ Реквизиты")
    await anna.press("БИК")
    await anna.send(SPB_BIC)
    assert (anna.last.text or "").startswith(
        "Счёт 40817 •••• 4567 не подходит к БИК 044030653: его контрольная цифра (9-я) не "
        "сходится с этим банком."
    )
    assert "Номер счёта получателя в банке с БИК 044030653" in (anna.last.text or "")
    assert anna.inline_labels() == ["✏️ Изменить БИК"]
    await anna.send(ACCOUNT)
    assert (anna.last.text or "").startswith(
        "Номер счёта не сходится с БИК 044030653: не совпадает контрольная цифра счёта"
    )
    assert anna.inline_labels() == ["✏️ Изменить БИК"]
    await anna.press("✏️ Изменить БИК")
    assert (anna.last.text or "").startswith("Куда перевести деньги? Напишите БИК банка")
    await anna.send(SBER)
    assert (anna.last.text or "").startswith("Номер счёта получателя в банке с БИК 044525225")
    await anna.send("изменить бик")  # typed at the account step
    await anna.send(SPB_BIC)
    await anna.send(SPB_ACCOUNT)
    summary = anna.last.text or ""
    for line in ("БИК: 044030653", "Счёт: 40817 •••• 4567", "Получатель: Петрова Анна\n"):
        assert line in summary
    # The account alone, pressed; and back unchanged.
    await anna.press("✏️ Реквизиты")
    await anna.press("Номер счёта")
    assert (anna.last.text or "").startswith("Номер счёта получателя в банке с БИК 044030653")
    await anna.send("4081 7810 3999 9123 4567")
    assert (anna.last.text or "").startswith("<b>Проверьте заявление</b>")
    await anna.press("✏️ Реквизиты")
    await anna.press("↩️ Назад к заявлению")
    assert (anna.last.text or "").startswith("<b>Проверьте заявление</b>")
    await anna.press("📨 Отправить")
    (claim,) = await claims_in_database(services)
    assert services.claims.open_bank(claim.bank_encrypted) == BankDetails(
        SPB_BIC, SPB_ACCOUNT, "Петрова Анна"
    )
    assert (claim.amount, claim.care_kind) == (12_500_00, "tests")


async def test_the_claims_export_for_the_payment_team(
    rig: InProcessBot,
    services: Services,
    anna: Person,
    world: None,
    tmp_path: Path,
    database_url: str,
) -> None:
    """Full bank details, the desk's question and the person's answer, formulas defused; the
    command line writes it and the audit log keeps that it did."""
    await anna_with_policies(anna, services)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await file_dms_claim(anna)
    await deliver(rig, services)
    await operator.press("📎 Запросить документ")
    await operator.send(
        '=HYPERLINK("http://evil.test","чек")', reply_to_message=operator.last.payload
    )
    await deliver(rig, services)
    await anna.press("📎 Дослать документ")
    await anna.send_photo(JPEG + b"doc", caption="+7 999 123-45-67 звоните")
    await anna.press("📨 Отправить")
    await operator.press("✅ Одобрить")
    await operator.send("12 000", reply_to_message=operator.last.payload)
    async with services.db.unit_of_work():
        rows = await services.claims.export_all(None)
        later = await services.claims.export_all(date(2026, 11, 25))
    assert later == []
    (row,) = rows
    assert list(row) == EXPORT_COLUMNS
    assert row | {"filed_at": "", "decided_at": "", "updated_at": "", "notes": ""} == {
        "claim": "В-000001", "status": "approved", "policy_number": "ДМС-1",
        "policy_kind": "DMS", "last_name": "Петрова", "first_name": "Анна",
        "middle_name": "Сергеевна", "birth_date": "1990-03-07", "care_date": "2026-11-20",
        "care_kind": "tests", "amount": "12500.00", "currency": "RUB",
        "approved_amount": "12000.00", "recipient": "Петрова Анна Сергеевна",
        "account": ACCOUNT, "bic": SBER, "reason": "",
        "request": '=HYPERLINK("http://evil.test","чек")', "operator": "Ольга",
        "filed_at": "", "decided_at": "", "updated_at": "", "notes": "",
    }  # fmt: skip
    assert row["filed_at"] == "2026-11-24T09:00:00+00:00"
    assert row["notes"] == (  # a note's time first: no formula
        '2026-11-24T09:00:00+00:00 operator: =HYPERLINK("http://evil.test","чек")\n'
        "2026-11-24T09:00:00+00:00 person: +7 999 123-45-67 звоните [photos: 1]"
    )
    result = dmsbot(
        tmp_path, "export", "claims", "--clinic", "C1", DATABASE_URL=database_url, DATA_KEY=DATA_KEY
    )
    assert (result.returncode, result.stdout) == (2, "")  # no filter it ignores: nothing at all
    assert "export claims takes no --clinic" in result.stderr
    result = dmsbot(tmp_path, "export", "claims", DATABASE_URL=database_url, DATA_KEY=DATA_KEY)
    assert result.returncode == 0, result.stderr
    (exported,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert exported == next(safe_rows([row]))  # the formula shown as text
    assert exported["request"] == '\'=HYPERLINK("http://evil.test","чек")'
    assert "claims.export" in await audit_actions(services)
