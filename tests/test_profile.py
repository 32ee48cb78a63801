"""«👤 Профиль»: the card, the document in full behind the PIN (audited), PIN changes and lock-out,
the time zone, export of all data and erasure that leaves nothing personal behind."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.profile.callbacks import ProfileAction
from core.clock import ManualClock
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import Consent, Profile, User
from tests.conftest import make_settings
from tests.people import PETROVA_EMAIL, audit_actions, signed_up_as_petrova
from tests.signup_steps import code_in
from tests.stored import in_database


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


async def test_the_card_masks_the_document_and_shows_it_in_full_without_a_pin(
    anna: Person, services: Services
) -> None:
    await signed_up_as_petrova(anna, services)
    assert "👤 Профиль" in anna.reply_buttons
    assert "📝 Регистрация" not in anna.reply_buttons
    await anna.press("👤 Профиль")
    card = anna.last.text or ""
    assert "<b>ФИО:</b> Петрова Анна Сергеевна" in card
    assert "<b>Документ:</b> Паспорт РФ, •••• 7654" in card
    assert "987654" not in card
    await anna.press("👁 Документ полностью")
    assert anna.last.text == "Документ полностью — Паспорт РФ: <code>4510 987654</code>"
    assert "passport.full_view" in await audit_actions(services)


async def test_with_a_pin_five_wrong_ones_lock_it_for_fifteen_minutes(
    anna: Person, services: Services, clock: ManualClock
) -> None:
    await signed_up_as_petrova(anna, services, pin="2580")
    await anna.send("/profile")
    await anna.press("👁 Документ полностью")
    assert anna.last.text == "Введите PIN-код. Сообщение с ним я сразу удалю."
    for left in (4, 3, 2, 1):
        await anna.send("1111")
        assert anna.last_own.deleted
        assert "Неверный PIN-код" in (anna.last.text or "")
        assert str(left) in (anna.last.text or "")
    await anna.send("1111")
    locked = "PIN-код заблокирован после неверных попыток — до 24.11.2026 12:15."
    assert (anna.last.text or "").startswith(locked)
    await anna.send("2580")  # even the right one, while locked
    assert (anna.last.text or "").startswith(locked)
    clock.advance(timedelta(minutes=15))
    await anna.send("2580")
    assert anna.last.text == "Документ полностью — Паспорт РФ: <code>4510 987654</code>"
    actions = await audit_actions(services)
    assert actions.count("pin.wrong") == 5
    assert actions.count("passport.full_view") == 1


async def test_set_change_and_remove_the_pin(anna: Person, services: Services) -> None:
    await signed_up_as_petrova(anna, services)
    since = len(anna.chat.messages)
    await anna.send("/profile")
    await anna.press("🔐 PIN-код")
    await anna.send("12")
    assert anna.last.text == "PIN — это от 4 до 6 цифр."
    await anna.send("1234")
    await anna.send("1234")
    assert anna.last.text == "✅ PIN-код сохранён."
    await anna.send("/profile")
    await anna.press("🔐 PIN-код")
    await anna.press("Сменить PIN")
    await anna.send("1234")
    await anna.send("567890")
    await anna.send("567890")
    assert anna.last.text == "✅ PIN-код сохранён."
    await anna.send("/profile")
    await anna.press("🔐 PIN-код")
    await anna.press("Убрать PIN")
    await anna.send("1234")  # the old one no longer works
    assert "Неверный PIN-код" in (anna.last.text or "")
    await anna.send("567890")
    assert anna.last.text == "PIN-код убран."
    typed = [m for m in anna.chat.messages[since:] if not m.from_bot and (m.text or "").isdigit()]
    assert len(typed) == 8
    assert all(m.deleted for m in typed)  # no PIN stays in the chat


async def test_time_zone_by_button_and_typed(anna: Person, services: Services) -> None:
    await signed_up_as_petrova(anna, services)
    await anna.send("/profile")
    await anna.press("🕐 Часовой пояс")
    await anna.press("Yekaterinburg")
    assert anna.last.text == "✅ Часовой пояс: Asia/Yekaterinburg."
    await anna.send("/profile")
    await anna.press("🕐 Часовой пояс")
    await anna.send("Марс/Олимп")
    assert (anna.last.text or "").startswith("Не знаю такого часового пояса.")
    await anna.send("europe/samara")
    assert anna.last.text == "✅ Часовой пояс: Europe/Samara."
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.id))
        assert user is not None
        assert user.time_zone == "Europe/Samara"


async def test_export_holds_everything(anna: Person, rig: InProcessBot, services: Services) -> None:
    await signed_up_as_petrova(anna, services)
    await anna.send("/profile")
    await anna.press("📦 Выгрузить мои данные")
    documents = [m for m in anna.bot_messages if "document" in m.payload][-2:]
    names = [m.payload["document"]["file_name"] for m in documents]
    assert names[0].endswith(".json")
    assert names[1].endswith(".html")
    exported = json.loads(rig.standin.files[documents[0].payload["document"]["file_id"]].data)
    assert exported["profile"]["email"] == PETROVA_EMAIL
    assert exported["profile"]["document"] == "4510 987654"
    assert exported["telegram_account"]["telegram_id"] == anna.id
    assert [c["document"] for c in exported["consents"]] == ["terms", "personal-data"]
    page = rig.standin.files[documents[1].payload["document"]["file_id"]].data.decode()
    assert "Данные, которые ДМС-помощник хранит о вас" in page
    assert PETROVA_EMAIL in page
    assert "data.export" in await audit_actions(services)


@pytest.mark.db
async def test_erasure_leaves_no_personal_data_and_one_can_sign_up_again(
    anna: Person, services: Services
) -> None:
    await signed_up_as_petrova(anna, services, pin="2580")
    await anna.send("/profile")
    await anna.press("🗑 Удалить мои данные")
    await anna.send("2580")  # the PIN first (tests/test_pin.py)
    await anna.send("может быть")
    assert anna.last.text == "Нажмите «Да, удалить всё» или «Нет, оставить»."
    await anna.press("🗑 Да, удалить всё")
    assert (anna.last.text or "").startswith("Ваши данные удалены")
    assert "📝 Регистрация" in anna.reply_buttons

    personal = [
        PETROVA_EMAIL,
        "+79991234567",
        "Петрова",
        "Сергеевна",
        "987654",
        str(anna.id),
        "1990-03-07",
    ]
    found = await in_database(services.db, [*personal, "07.03.1990"])
    assert found == [], "\n".join(map(str, found))
    async with services.db.unit_of_work() as session:
        consents = list((await session.scalars(select(Consent))).all())
        assert len(consents) == 2  # the law keeps the records of consent, unlinked
        assert all(c.user_id is None and c.withdrawn_at is not None for c in consents)
    assert "data.erase" in await audit_actions(services)

    await signed_up_as_petrova(anna, services)  # the same person may sign up again
    assert (anna.last.text or "").startswith("🎉 Готово, Анна!")


async def test_forged_profile_buttons_do_nothing(
    anna: Person, john: Person, services: Services
) -> None:
    await signed_up_as_petrova(anna, services)
    await john.send("/start")
    for name in ("doc", "export", "erase-yes"):
        await john.press_callback(john.last, ProfileAction(action=name).pack())  # a guest
        assert john.last_callback_answer is not None
        assert john.last_callback_answer.get("text") == "This button no longer works. Open /menu."
    await anna.send("/profile")
    await anna.press_callback(anna.last, ProfileAction(action="erase-yes").pack())  # unasked
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("text") == "Эта кнопка уже не действует. Откройте /menu."
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(User).where(User.telegram_id == anna.id)) is not None


async def test_a_member_pressing_an_action_no_button_has_is_told_it_no_longer_works(
    anna: Person, services: Services
) -> None:
    await signed_up_as_petrova(anna, services)  # no PIN: changing or removing one is no action now
    await anna.send("/profile")
    card = anna.last
    forged = [
        "pf:nonsense:",
        "pf:edit-field:passport",  # no such field
        ProfileAction(action="pin-change").pack(),
        ProfileAction(action="pin-remove").pack(),
    ]
    for data in forged:
        shown = len(anna.bot_messages)
        await anna.press_callback(card, data)
        assert anna.last_callback_answer is not None
        assert not anna.last_callback_answer.get("show_alert"), data
        assert len(anna.bot_messages) == shown + 1, data
        assert anna.last.text == "Эта кнопка уже не действует. Откройте /menu.", data


async def test_edits_save_at_once_and_new_contacts_are_confirmed_again(
    anna: Person, services: Services
) -> None:
    await signed_up_as_petrova(anna, services)
    sent: list[OutboxItem] = []
    services.outbox.listeners.append(sent.append)
    await anna.send("/profile")
    await anna.press("✏️ Изменить данные")
    await anna.press("✏️ Фамилию")
    await anna.send("Иванова")
    assert anna.last.text == "✅ Изменения сохранены. Профиль: /profile"

    await anna.send("/profile")
    await anna.press("✏️ Изменить данные")
    await anna.press("✏️ Почту")
    await anna.send("anna.new@example.ru")
    assert sent[-1].to == "anna.new@example.ru"
    await anna.send(code_in(sent[-1].text))
    assert anna.last.text == "✅ Изменения сохранены. Профиль: /profile"

    await anna.send("/profile")
    await anna.press("✏️ Изменить данные")
    await anna.press("✏️ Телефон")
    await anna.send("+7 999 000-11-22")
    assert (sent[-1].kind, sent[-1].to) == ("sms", "+79990001122")
    await anna.send("000000" if code_in(sent[-1].text) != "000000" else "111111")
    assert (anna.last.text or "").startswith("Неверный код")
    await anna.send(code_in(sent[-1].text))

    await anna.send("/profile")
    await anna.press("✏️ Изменить данные")
    await anna.press("✏️ Документ")
    await anna.press("Загранпаспорт РФ")
    await anna.send("75 1234567")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        assert (profile.last_name, profile.email, profile.phone, profile.document_type) == (
            "Иванова",
            "anna.new@example.ru",
            "+79990001122",
            "rf-international",
        )
    await anna.send("/profile")
    assert "<b>Документ:</b> Загранпаспорт РФ, •••• 4567" in (anna.last.text or "")


async def test_language_and_withdrawing_consent_from_the_card(
    anna: Person, services: Services
) -> None:
    await signed_up_as_petrova(anna, services)
    await anna.send("/profile")
    await anna.press("🌐 Язык")
    await anna.press("English")
    assert anna.last.text == "Done: the interface is in English."
    await anna.send("/profile")
    await anna.press("Withdraw consent")
    assert (anna.last.text or "").startswith("<b>Delete all your data?</b>")
    await anna.press("No, keep it")
    assert anna.last.text == "All right, nothing was deleted."
