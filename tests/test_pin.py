"""The PIN guards what it promises: with one set, the full document, the data export, erasure,
a new e-mail or phone and a card bound over the bound one ask it first; full views and exports
are audited; the sign-up PIN is set by the profile's service; wrong PINs lock for longer each
time (15 minutes, an hour, a day) until a right one."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.features.franchise.callbacks import Action, FranchiseAction
from core.clock import ManualClock
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import Card, Profile
from tests.conftest import make_settings
from tests.payments_rig import FRANCHISE_SETTINGS, franchised, link_from_chat, post_card
from tests.people import PETROVA_EMAIL, audit_actions, signed_up_as_petrova
from tests.signup_steps import code_in

PIN = "2580"
ASK = "Введите PIN-код. Сообщение с ним я сразу удалю."
FULL = "Документ полностью — Паспорт РФ: <code>4510 987654</code>"
# Each guarded screen of the profile: the buttons to it, and what it shows once open.
SCREENS = {
    "document": (("👁 Документ полностью",), FULL),
    "export": (("📦 Выгрузить мои данные",), "Всё, что мы храним о вас"),
    "erasure": (("🗑 Удалить мои данные",), "<b>Удалить все ваши данные?</b>"),
    "e-mail": (("✏️ Изменить данные", "✏️ Почту"), "Адрес электронной почты"),
    "phone": (("✏️ Изменить данные", "✏️ Телефон"), "Номер телефона"),
}
ANOTHER = "4000 0000 0000 0341"  # a sandbox card that binds


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, **FRANCHISE_SETTINGS)


def shown(person: Person, since: int) -> list[str]:
    """What the bot said since `since` (a document's caption counts as what it said)."""
    return [
        m.text or m.payload.get("caption") or "" for m in person.chat.messages[since:] if m.from_bot
    ]


async def open_screen(person: Person, name: str) -> None:
    await person.send("/profile")
    for label in SCREENS[name][0]:
        await person.press(label)


@pytest.mark.parametrize("name", list(SCREENS))
async def test_with_a_pin_each_guarded_screen_asks_it_first_and_opens_on_the_right_one(
    anna: Person, services: Services, name: str
) -> None:
    await signed_up_as_petrova(anna, services, pin=PIN)
    since = len(anna.chat.messages)
    await open_screen(anna, name)
    assert anna.last.text == ASK
    await anna.send("1111")
    assert anna.last_own.deleted
    assert (anna.last.text or "").startswith("Неверный PIN-код")
    await anna.send("все мои данные")  # not a PIN: said so, and not counted as a wrong one
    assert anna.last.text == "Введите PIN-код цифрами — или /cancel."
    expected = SCREENS[name][1]
    assert not any(expected in text for text in shown(anna, since))
    assert "4510 987654" not in "".join(shown(anna, since))
    await anna.send(PIN)
    assert anna.last_own.deleted
    assert any(expected in text for text in shown(anna, since))
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        assert profile.pin_failed_attempts == 0  # the right PIN forgets the wrong one


@pytest.mark.parametrize("name", list(SCREENS))
async def test_without_a_pin_each_guarded_screen_opens_at_once(
    anna: Person, services: Services, name: str
) -> None:
    await signed_up_as_petrova(anna, services)
    since = len(anna.chat.messages)
    await open_screen(anna, name)
    assert ASK not in shown(anna, since)
    assert any(SCREENS[name][1] in text for text in shown(anna, since))


async def test_each_full_view_and_each_export_is_audited_after_the_pin(
    anna: Person, services: Services
) -> None:
    await signed_up_as_petrova(anna, services, pin=PIN)
    for name in ("document", "export", "document", "export"):
        await open_screen(anna, name)
        await anna.send("1111")
        await anna.send(PIN)
    actions = await audit_actions(services)
    assert actions.count("passport.full_view") == 2
    assert actions.count("data.export") == 2
    assert actions.count("pin.wrong") == 4


async def test_the_sign_up_pin_is_set_by_the_profile_service_and_audited(
    anna: Person, services: Services
) -> None:
    await signed_up_as_petrova(anna, services, pin=PIN)
    assert (anna.last.text or "").startswith("🎉 Готово, Анна!")
    assert (await audit_actions(services)).count("pin.set") == 1
    await open_screen(anna, "document")
    await anna.send(PIN)
    assert anna.last.text == FULL


async def five_wrong(person: Person) -> str:
    for _ in range(5):
        await person.send("1111")
    return person.last.text or ""


def locked_until(moment: str) -> str:
    return f"PIN-код заблокирован после неверных попыток — до {moment}."


async def test_wrong_pins_lock_for_15_minutes_then_an_hour_then_a_day_and_a_right_one_resets(
    anna: Person, services: Services, clock: ManualClock
) -> None:
    await signed_up_as_petrova(anna, services, pin=PIN)  # 24.11.2026 12:00 in Moscow
    await open_screen(anna, "document")
    assert (await five_wrong(anna)).startswith(locked_until("24.11.2026 12:15"))
    clock.advance(timedelta(minutes=15))
    assert (await five_wrong(anna)).startswith(locked_until("24.11.2026 13:15"))
    clock.advance(timedelta(minutes=59))
    await anna.send(PIN)  # even the right one, while locked
    assert (anna.last.text or "").startswith(locked_until("24.11.2026 13:15"))
    clock.advance(timedelta(minutes=1))
    assert (await five_wrong(anna)).startswith(locked_until("25.11.2026 13:15"))
    clock.advance(timedelta(hours=24))
    assert (await five_wrong(anna)).startswith(locked_until("26.11.2026 13:15"))  # stays a day

    # In the person's own time zone.
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        assert profile.pin_locks == 4
    await anna.send("/cancel")
    await anna.send("/profile")
    await anna.press("🕐 Часовой пояс")
    await anna.press("Yekaterinburg")
    await open_screen(anna, "document")
    await anna.send(PIN)
    assert (anna.last.text or "").startswith(locked_until("26.11.2026 15:15"))

    clock.advance(timedelta(hours=24))
    await anna.send(PIN)
    assert anna.last.text == FULL
    await open_screen(anna, "document")  # the right PIN started the count afresh
    assert (await five_wrong(anna)).startswith(locked_until("26.11.2026 15:30"))


async def test_the_desk_unlock_lifts_the_lock_but_the_next_one_is_longer(
    anna: Person, services: Services, clock: ManualClock
) -> None:
    await signed_up_as_petrova(anna, services, pin=PIN)
    await open_screen(anna, "document")
    assert (await five_wrong(anna)).startswith(locked_until("24.11.2026 12:15"))
    async with services.db.unit_of_work():
        assert await services.desk.unlock("anna.petrova@example.ru", operator_id=1)
    assert (await five_wrong(anna)).startswith(locked_until("24.11.2026 13:00"))
    clock.advance(timedelta(hours=1))
    await anna.send(PIN)
    assert anna.last.text == FULL


async def test_recovery_says_until_when_the_pin_is_locked(
    anna: Person, rig: InProcessBot, services: Services
) -> None:
    await signed_up_as_petrova(anna, services, pin=PIN)
    new = rig.person(7102)
    sent: list[OutboxItem] = []
    services.outbox.listeners.append(sent.append)
    await new.send("/recover")
    await new.send(PETROVA_EMAIL)
    await new.send(code_in(sent[-1].text))
    await new.send(code_in(sent[-1].text))
    assert (new.last.text or "").startswith("Последний шаг: введите PIN-код профиля.")
    assert (await five_wrong(new)).startswith(locked_until("24.11.2026 12:15"))


# -- a card bound over the bound one ---------------------------------------------------------


async def bound_last4(services: Services) -> list[str]:
    async with services.db.unit_of_work() as session:
        return list((await session.scalars(select(Card.last4))).all())


REPLACES = "⚠️ Новая карта заменит привязанную •••• 4242"


@pytest.mark.db
@pytest.mark.parametrize("pin", [PIN, None], ids=["with-a-pin", "without"])
async def test_binding_over_a_bound_card_asks_the_pin_and_only_then_replaces_it(
    anna: Person, services: Services, web: TestClient, tmp_path: Path, pin: str | None
) -> None:
    await franchised(anna, services, web, tmp_path)  # card •••• 4242
    if pin is not None:
        await anna.send("/profile")
        await anna.press("🔐 PIN-код")
        await anna.send(pin)
        await anna.send(pin)
    await anna.send("/franchise")
    old_bind = FranchiseAction(action=Action.BIND).pack()  # an old «Привязать карту» button
    await anna.press_callback(anna.last, old_bind)
    if pin is not None:
        assert (anna.last.text or "").startswith(REPLACES)
        assert "введите PIN-код" in (anna.last.text or "")
        assert not any(b.get("url") for b in anna.last.inline_buttons)
        await anna.send("1111")
        assert (anna.last.text or "").startswith("Неверный PIN-код")
        await anna.send(pin)
        assert anna.last_own.deleted
    # Said plainly before the page's link, which binds the new card in place of the old one.
    assert (anna.bot_messages[-2].text or "").startswith(REPLACES)
    assert await bound_last4(services) == ["4242"]
    await post_card(web, await link_from_chat(anna), ANOTHER)
    assert await bound_last4(services) == ["0341"]
