"""The main menu fits the person: «Мои счета» and «Франшиза и карта» only with a co-payment
policy (asked only when a menu is shown, in one statement), /help listing exactly the menu, their
commands answering plainly without one; «☎️ Горячая линия 24/7» for everyone."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event

from core.services import Services
from core.settings import Settings
from standin import Person
from tests.conftest import make_settings
from tests.payments_rig import FRANCHISE_SETTINGS, with_franchise_policy
from tests.people import signed_up, with_policy
from tests.rosters import POLICY_HEADER, load, policy

MEMBER = [
    "📄 Мои полисы", "👨‍👩‍👧 Семья", "🏥 Клиники рядом", "🗓 Записаться", "📅 Мои записи",
    "📨 Гарантийное письмо", "💸 Возмещение", "✉️ Обращения", "👤 Профиль",
    "☎️ Горячая линия 24/7", "ℹ️ Помощь", "🌐 Язык",
]  # fmt: skip
WITH_COPAYMENT = [
    "📄 Мои полисы", "👨‍👩‍👧 Семья", "🏥 Клиники рядом", "💳 Франшиза и карта", "🧾 Мои счета",
    "🗓 Записаться", "📅 Мои записи", "📨 Гарантийное письмо", "💸 Возмещение", "✉️ Обращения",
    "👤 Профиль", "☎️ Горячая линия 24/7", "ℹ️ Помощь", "🌐 Язык",
]  # fmt: skip


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, **FRANCHISE_SETTINGS)


def help_lines(text: str) -> list[str]:
    """The sections /help lists, by the words before their dash."""
    return [line[2:].split(" — ")[0] for line in text.splitlines() if line.startswith("• ")]


def labels(buttons: list[str]) -> list[str]:
    """The menu's labels without their emoji, as /help names them."""
    return [label.split(" ", 1)[1] for label in buttons]


async def test_a_member_without_a_copayment_policy_sees_no_bills_or_franchise(
    anna: Person, services: Services, tmp_path: Path
) -> None:
    await load(services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-1"))
    await with_policy(anna, services, "ДМС-1")  # a ДМС policy, no co-payment
    await anna.send("/menu")
    assert anna.reply_buttons == MEMBER
    await anna.send("/help")
    assert help_lines(anna.last.text or "") == labels(MEMBER)

    # The commands (or a keyboard left from before) say what the section is for, with the menu.
    await anna.send("/bills")
    assert (anna.last.text or "").startswith("«🧾 Мои счета» — для списаний по франшизе")
    assert anna.reply_buttons == MEMBER
    await anna.send("🧾 Мои счета")
    assert (anna.last.text or "").startswith("«🧾 Мои счета» — для списаний по франшизе")
    await anna.send("/franchise")
    assert (anna.last.text or "").startswith("«💳 Франшиза и карта» — для полисов ДМС с франшизой")
    assert anna.reply_buttons == MEMBER


async def test_a_member_with_a_copayment_policy_sees_both(
    anna: Person, services: Services, tmp_path: Path
) -> None:
    await with_franchise_policy(anna, services, tmp_path)
    # The menu follows at once: the policy's «привязан» comes with it, no /menu needed.
    assert anna.reply_buttons == WITH_COPAYMENT
    await anna.send("/menu")
    assert anna.reply_buttons == WITH_COPAYMENT
    await anna.send("/help")
    assert help_lines(anna.last.text or "") == labels(WITH_COPAYMENT)
    await anna.send("/bills")
    assert anna.last.text == "Списаний по франшизе пока нет."
    await anna.send("/franchise")
    assert (anna.last.text or "").startswith("<b>Франшиза и карта</b>")


async def test_an_english_member_without_one_in_english(
    john: Person, services: Services, tmp_path: Path
) -> None:
    await load(services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-1"))
    await with_policy(john, services, "ДМС-1", other=True)
    await john.send("/menu")
    assert "🧾 My bills" not in john.reply_buttons
    assert "💳 Co-payment and card" not in john.reply_buttons
    await john.send("/bills")
    assert (john.last.text or "").startswith("“🧾 My bills” is for co-payment charges")


async def test_what_the_person_holds_is_asked_only_when_a_menu_is_shown(
    anna: Person, services: Services, tmp_path: Path
) -> None:
    await with_franchise_policy(anna, services, tmp_path)
    asked: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "charges" in statement and "cards" in statement:
            asked.append(statement)

    event.listen(services.db.engine.sync_engine, "before_cursor_execute", record)
    try:
        await anna.send("/hotline")
        await anna.send("/policies")
        assert asked == []  # no menu shown: not asked
        await anna.send("/menu")
        assert len(asked) == 1
        await anna.send("/help")
        assert len(asked) == 2  # one statement per update that shows the menu
    finally:
        event.remove(services.db.engine.sync_engine, "before_cursor_execute", record)


async def test_the_hotline_for_a_guest_and_a_member_in_russian_and_english(
    anna: Person, john: Person, services: Services
) -> None:
    await anna.send("/start")
    assert "☎️ Горячая линия 24/7" in anna.reply_buttons
    await anna.press("☎️ Горячая линия 24/7")
    text = anna.last.text or ""
    assert "Телефон: +7 800 555-35-35" in text
    assert "Почта поддержки: help@insurer.test" in text
    assert "круглосуточно" in text
    await anna.send("/help")
    assert "• Горячая линия 24/7 — " in (anna.last.text or "")

    await john.send("/start")
    assert "☎️ Hotline 24/7" in john.reply_buttons
    await john.press("☎️ Hotline 24/7")
    english = john.last.text or ""
    assert "Phone: +7 800 555-35-35" in english
    assert "Support e-mail: help@insurer.test" in english
    assert "around the clock" in english

    await signed_up(anna, services)
    assert "☎️ Горячая линия 24/7" in anna.reply_buttons  # the menu sign-up ends with
    await anna.send("горячая линия 24/7")  # typed, any case
    assert anna.last.text == text

    # /hotline answers in a section's dialogue too.
    await anna.send("/profile")
    await anna.send("/hotline")
    assert anna.last.text == text
