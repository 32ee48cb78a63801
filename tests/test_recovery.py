"""Access recovery: from sign-up or /recover, a code to each contact and the PIN; the profile moves
with its pending messages; the old account is told and may freeze it with «Это не я»."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.recovery.callbacks import Action, RecoverAction
from bot.features.signup.states import SignUp
from core.clock import ManualClock
from core.notifications import Intent, Payload
from core.notifications import Person as Recipient
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin.rig import InProcessBot
from storage.models import Incident, Profile, ScheduledMessage, User
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.people import ANNA_EMAIL, last_code, recover_with, sign_up
from tests.signup_steps import through_consents


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000)


async def owner(services: Services) -> int:
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        user = await session.get(User, profile.user_id)
        assert user is not None
        return user.telegram_id


async def test_recovery_from_sign_up_with_the_pin_and_not_me(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem]
) -> None:
    old, new = rig.person(7101), rig.person(7102)
    await sign_up(old, outbox, pin="2580")
    async with services.db.unit_of_work():
        user = (await services.accounts.visit(old.id, "ru")).user
        await services.notifications.schedule(
            "activation", Recipient(user.id), services.clock.now(), Payload("cancel-done")
        )

    await through_consents(new)
    await new.send(ANNA_EMAIL)
    await new.send(last_code(outbox))
    await new.press("🔑 Восстановить доступ")
    sms = outbox[-1]
    assert (sms.kind, sms.to) == ("sms", "+79991234567")
    assert new.last.text == (
        "Для надёжности подтвердите и второй контакт: код отправлен на +7***4567. Введите его."
    )
    await new.send(last_code(outbox))
    assert new.last.text == "Последний шаг: введите PIN-код профиля. Сообщение с ним я сразу удалю."
    await new.send("пин на бумажке")  # no PIN at all: not counted as a wrong one
    assert new.last.text == "Введите PIN-код цифрами — или /cancel."
    await new.send("1111")
    assert new.last_own.deleted
    assert new.last.text == "Неверный PIN-код, осталось 4 попытки."
    await new.send("2580")
    assert new.last.text == (
        "🔑 Доступ восстановлен, Анна! Профиль теперь привязан к этому аккаунту Telegram."
    )
    assert "👤 Профиль" in new.reply_buttons
    assert await owner(services) == new.id

    await deliver(rig, services)
    notice = old.last
    assert (notice.text or "").startswith("🔐 Доступ к вашему профилю в ДМС-помощнике восстановлен")
    assert [m.text for m in new.bot_messages].count(
        "Хорошо, прервали. Введённое в этом диалоге не сохранено."
    ) == 1
    await old.press("🚫 Это не я")
    assert (old.last.text or "").startswith(
        "Профиль заморожен, заявление передано страховой компании."
    )
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        assert profile.frozen_at is not None
        [incident] = (await session.scalars(select(Incident))).all()
        assert incident.kind == "recovery-disputed"
    await new.send("/profile")  # frozen: nothing of the profile's works (tests/test_freeze.py)
    assert (new.last.text or "").startswith("🧊 Профиль заморожен до решения страховой компании")
    await new.send("/signup")
    assert (new.last.text or "").startswith("🧊 Профиль заморожен до решения страховой компании")


async def test_recover_command_with_two_codes_and_the_same_answer_for_unknown_contacts(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem]
) -> None:
    old, new, stranger = rig.person(7201), rig.person(7202), rig.person(7203)
    await sign_up(old, outbox)

    await stranger.send("/recover")
    await stranger.send("nobody@example.ru")
    unknown_answer = stranger.last.text
    await new.send("/recover")
    await new.send("ANNA@example.ru")
    assert new.last.text == unknown_answer.replace("nobody", "anna")  # type: ignore[union-attr]
    await stranger.send(last_code([i for i in outbox if i.to == "nobody@example.ru"]))
    assert stranger.last.text == "Учётной записи с этим адресом нет. Зарегистрируйтесь: /signup"

    await new.send(last_code([i for i in outbox if i.to == ANNA_EMAIL]))
    assert (new.last.text or "").startswith("Для надёжности подтвердите и второй контакт")
    await new.send("000000" if last_code(outbox) != "000000" else "111111")
    assert (new.last.text or "").startswith("Неверный код")
    await new.send(last_code(outbox))
    assert (new.last.text or "").startswith("🔑 Доступ восстановлен, Анна!")
    assert await owner(services) == new.id

    await old.send("/recover")  # the old account can take it back: with the same proofs
    await old.send("+7 999 123-45-67")
    await old.send(last_code(outbox))
    await old.send(last_code([i for i in outbox if i.to == ANNA_EMAIL]))
    assert (old.last.text or "").startswith("🔑 Доступ восстановлен")  # it had both contacts


async def test_a_forged_not_me_changes_nothing(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem]
) -> None:
    old, new, mallory = rig.person(7301), rig.person(7302), rig.person(7303)
    await sign_up(old, outbox)
    await new.send("/recover")
    await new.send(ANNA_EMAIL)
    await new.send(last_code(outbox))
    await new.send(last_code(outbox))
    await mallory.send("/start")
    await mallory.press_callback(mallory.last, "rcv:1")
    assert mallory.last_callback_answer is not None
    assert (
        mallory.last_callback_answer.get("text") == "Эта кнопка уже не действует. Откройте /menu."
    )
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        assert profile.frozen_at is None
        pending = (await session.scalars(select(ScheduledMessage))).all()
        assert [m.kind for m in pending] == ["security"]


@pytest.mark.db
async def test_strangers_asking_codes_for_annas_address_never_use_up_hers(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], clock: ManualClock
) -> None:
    await sign_up(rig.person(7401), outbox)
    anna = rig.person(7402)  # Anna, on a new Telegram account
    stranger, other = rig.person(7403), rig.person(7404)
    with_annas, with_unknown = [], []
    for _ in range(6):
        with_annas.append(await recover_with(stranger, ANNA_EMAIL))
        with_unknown.append(await recover_with(other, "nobody@example.ru"))
        clock.advance(61)
    # Nothing is told about the address: the same answers, the cap too, for anyone's or nobody's.
    assert [text.replace("anna@", "nobody@") for text in with_annas] == with_unknown
    assert with_annas[0] == (
        "Если этот адрес или номер есть у нас, на anna@example.ru придёт код. Введите его — 6 цифр."
    )
    assert with_annas[-1] == "Слишком много кодов за последний час. Попробуйте через 55 мин."
    for n in range(5):
        assert await recover_with(rig.person(7410 + n), ANNA_EMAIL) == with_annas[0]

    assert await recover_with(anna, ANNA_EMAIL) == with_annas[0]
    await anna.send(last_code([i for i in outbox if i.to == ANNA_EMAIL]))
    await anna.send(last_code(outbox))
    assert (anna.last.text or "").startswith("🔑 Доступ восстановлен, Анна!")
    assert await owner(services) == anna.id


async def test_the_recovery_button_counts_only_a_contact_confirmed_in_this_sign_up(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem]
) -> None:
    """«Восстановить доступ» (`rc:start`, on people's phones) is recovery's button that sign-up
    shows: it counts only in sign-up's e-mail or phone step, after a code typed there found the
    contact taken. Anywhere else, or forged, it is stale and nothing is sent."""
    await sign_up(rig.person(7501), outbox)
    intents = rig.dispatcher["intents"]
    recover = intents.pack(Intent.RECOVER)
    assert recover == "rc:start"
    # Sign-up lets its steps take it (it is no other section's button there).
    assert rig.dispatcher["dialogues"].of(SignUp.email.state).owns_button(recover, intents)
    stale = "Эта кнопка уже не действует. Откройте /menu."
    new = rig.person(7502)
    sent = len(outbox)

    async def press(data: str) -> str | None:
        await new.press_callback(new.last, data)
        assert new.last_callback_answer is not None
        return new.last_callback_answer.get("text")

    await through_consents(new)  # the e-mail step, nothing confirmed in it
    assert await press(recover) == stale
    await new.send(ANNA_EMAIL)  # its code went, but was not typed
    sent += 1
    assert await press(recover) == stale
    await new.send("/recover")
    assert await press(recover) == stale
    assert await press("rc:nonsense") == stale  # a forged action
    assert await press(RecoverAction(action=Action.RESEND).pack()) == stale  # nothing to resend
    assert len(outbox) == sent
    assert (new.last.text or "").startswith("Восстановление доступа. Введите почту или телефон")
