"""The operators' desk: incidents posted with «Разморозить», operators only, one decision, the
support commands, audit rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.desk.callbacks import Action, IncidentAction
from bot.metrics import Metrics
from core.clock import ManualClock
from core.outbox import OutboxItem
from core.services import Services
from standin.rig import InProcessBot
from storage.models import AuditEvent, Profile
from tests.delivery_rig import deliver
from tests.desk_rig import OPERATOR, STRANGER, in_desk
from tests.desk_rig import settings as settings
from tests.people import ANNA_EMAIL, last_code, recover_with, sign_up
from tests.rosters import POLICY_HEADER, load, policy

UNFREEZE = IncidentAction(action=Action.UNFREEZE, incident=1).pack()  # incident №1
STALE = "Эта кнопка уже не действует. Откройте /menu."


async def audit(services: Services) -> list[str]:
    async with services.db.unit_of_work() as session:
        return list((await session.scalars(select(AuditEvent.action))).all())


async def test_an_incident_is_posted_and_only_an_operator_unfreezes_it_once(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem]
) -> None:
    old, new = rig.person(7101), rig.person(7102)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    stranger = in_desk(rig, STRANGER, "Чужой", member=False)
    await sign_up(old, outbox)
    await new.send("/recover")
    await new.send(ANNA_EMAIL)
    await new.send(last_code(outbox))
    await new.send(last_code(outbox))
    await deliver(rig, services)
    await old.press("🚫 Это не я")
    await deliver(rig, services)
    post = operator.last
    assert (post.text or "").startswith("🚨 Инцидент №1: человек нажал «Это не я»")
    assert operator.inline_labels() == ["🔓 Разморозить", "↩️ Вернуть прежнему аккаунту"]

    await operator.send("/pending")
    assert "инцидент «Это не я» №1" in (operator.last.text or "")

    await stranger.press("🔓 Разморозить")
    assert stranger.last_callback_answer is not None
    assert stranger.last_callback_answer.get("text") == "Это действие доступно только операторам."
    await old.press_callback(old.last, UNFREEZE)  # forged in a private chat
    assert old.last_callback_answer is not None
    assert old.last_callback_answer.get("text") == "Это действие доступно только операторам."
    async with services.db.unit_of_work() as session:
        frozen = await session.scalar(select(Profile.frozen_at))
    assert frozen is not None

    await operator.press("🔓 Разморозить")
    assert (post.text or "").endswith("✅ Разморожено оператором Ольга.")
    assert post.inline_buttons == []
    await operator.press_callback(post, UNFREEZE)  # a second decision
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "По этому объекту уже принято решение."
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Profile.frozen_at)) is None
    assert (await audit(services)).count("incident.unfreeze") == 1
    await deliver(rig, services)
    assert (new.last.text or "").startswith("🔓 Страховая компания проверила восстановление")
    await new.send("/profile")
    assert (new.last.text or "").startswith("<b>Ваш профиль</b>")


async def test_support_commands(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], tmp_path: Path
) -> None:
    anna = rig.person(7201)
    await sign_up(anna, outbox)
    await load(services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-100"))
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-100")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    stranger = in_desk(rig, STRANGER, "Чужой", member=False)

    for command in (
        "/find anna@example.ru",
        "/unlink ДМС-100",
        "/unlock anna@example.ru",
        "/pending",
    ):
        await stranger.send(command)
        assert stranger.last.text == "Это действие доступно только операторам.", command
    await operator.send("/find")
    assert (
        operator.last.text
        == "Использование: /find e-mail, телефон, номер полиса или #номер профиля"
    )
    for query in ("anna@example.ru", "+7 999 123-45-67", "дмс-100"):
        await operator.send(f"/find {query}")
        found = operator.last.text or ""
        assert found.startswith("<b>Петрова А. С.</b>"), query
        assert "Почта: a***@example.ru, телефон: +7***4567" in found
        assert "Полисы: ДМС-100" in found
        assert "anna@example.ru" not in found
    await operator.send("/find nobody@example.ru")
    assert operator.last.text == "Никого не нашёл по «nobody@example.ru»."

    await operator.send("/unlock anna@example.ru")
    assert operator.last.text == "Сняты блокировки PIN и кодов — Петрова А. С."
    await operator.send("/unlink ДМС-100")
    assert operator.last.text == "Полис ДМС-100 отвязан от профиля."
    await anna.send("/policies")
    assert (anna.last.text or "").startswith("У вас пока нет привязанных полисов.")
    assert {"desk.find", "person.unlock", "policy.unlink"} <= set(await audit(services))

    # `dk:` is the prefix of two features' buttons (incidents, identity checks): one that is
    # neither's, or names no valid id, is stale, as before.
    for forged in ("dk:nope:1", "dk:unfreeze:-1", "dk:idok:1:2", "dk:giveback:" + "1" * 19):
        await operator.press_callback(operator.last, forged)
        assert operator.last_callback_answer is not None
        assert operator.last_callback_answer.get("text") == STALE, forged


async def brake_engaged(services: Services) -> bool:
    async with services.db.unit_of_work():
        return (await services.sms_brake.state()).engaged


async def test_the_sms_brake_is_told_seen_and_lifted_by_an_operator_only(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], clock: ManualClock
) -> None:
    await sign_up(rig.person(7501), outbox)  # her phone shared as a contact: no SMS
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    stranger = in_desk(rig, STRANGER, "Чужой", member=False)
    # 20 accounts × 10 codes (their own cap), each to numbers of its own: SMS_HOURLY_LIMIT (200).
    pumpers = [rig.person(8000 + n) for n in range(20)]
    for n, pumper in enumerate(pumpers):
        for k in range(10):
            assert (await recover_with(pumper, f"+7900{n:03d}{k:04d}")).startswith("Если этот")
    assert [item.kind for item in outbox].count("sms") == 200

    anna = rig.person(7502)  # Anna, on a new account, starting with her phone
    paused = await recover_with(anna, "+7 999 123-45-67")
    assert paused == (
        "SMS с кодами сейчас временно не отправляются — это ограничение для всех, дело не в вас. "
        "Попробуйте снова через 60 мин. Если вопрос срочный, позвоните на горячую линию: "
        "+7 800 555-35-35."
    )
    assert await recover_with(rig.person(7503), "+7 999 000-11-22") == paused  # nobody's number
    assert [item.kind for item in outbox].count("sms") == 200

    await deliver(rig, services)
    told = [m.text or "" for m in operator.bot_messages if "Тормоз SMS" in (m.text or "")]
    assert told == [
        "⛔ Тормоз SMS: за час отправлено 200 SMS с кодами — это предел SMS_HOURLY_LIMIT (200). "
        "Новые SMS с кодами не отправляются никому: так бывает при накрутке SMS. Если это "
        "настоящие люди, снимите тормоз: /liftsms"
    ]
    await operator.send("/pending")
    assert (operator.last.text or "").startswith(
        "⛔ Тормоз SMS включён: 200 из 200 SMS с кодами за час, новые не отправляются. "
        "Снять: /liftsms"
    )
    scraped = (await Metrics().render(services)).decode()
    assert "dmsbot_sms_brake_engaged 1.0" in scraped
    assert "dmsbot_sms_brake_sent 200.0" in scraped

    await stranger.send("/liftsms")  # not an operator
    assert stranger.last.text == "Это действие доступно только операторам."
    await pumpers[0].send("/liftsms")  # typed in a private chat
    assert await brake_engaged(services)
    assert "sms_brake.lift" not in await audit(services)

    await operator.send("/liftsms")
    assert operator.last.text == (
        "✅ Тормоз SMS снят оператором Ольга: SMS с кодами снова отправляются, предел считается "
        "заново с этой минуты (до снятия было 200)."
    )
    assert "sms_brake.lift" in await audit(services)
    await operator.send("/liftsms")
    assert operator.last.text == "Тормоз SMS не включён: 0 из 200 SMS с кодами за последний час."
    scraped = (await Metrics().render(services)).decode()
    assert "dmsbot_sms_brake_engaged 0.0" in scraped

    clock.advance(1)
    assert (await recover_with(anna, "+7 999 123-45-67")).startswith("Если этот")
    await anna.send(last_code(outbox))
    await anna.send(last_code([i for i in outbox if i.to == ANNA_EMAIL]))
    assert (anna.last.text or "").startswith("🔑 Доступ восстановлен, Анна!")
    await operator.send("/pending")
    assert "Тормоз SMS" not in (operator.last.text or "")


@pytest.mark.db
async def test_unlock_clears_the_code_caps_that_block_the_person_whoever_caused_them(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], clock: ManualClock
) -> None:
    await sign_up(rig.person(7601), outbox)
    clock.advance(3601)  # her sign-up's code is out of the hour
    anna = rig.person(7602)  # Anna, on a new account: her own tries used up her cap
    for _ in range(5):
        assert (await recover_with(anna, ANNA_EMAIL)).startswith("Если этот")
        clock.advance(61)
    capped = "Слишком много кодов за последний час. Попробуйте через 55 мин."
    assert await recover_with(anna, ANNA_EMAIL) == capped
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await operator.send("/unlock anna@example.ru")
    assert operator.last.text == "Сняты блокировки PIN и кодов — Петрова А. С."
    assert (await recover_with(anna, ANNA_EMAIL)).startswith("Если этот")
    await anna.send(last_code([i for i in outbox if i.to == ANNA_EMAIL]))
    await anna.send(last_code(outbox))
    assert (anna.last.text or "").startswith("🔑 Доступ восстановлен, Анна!")
    async with services.db.unit_of_work() as session:
        unlock = await session.scalar(
            select(AuditEvent).where(AuditEvent.action == "person.unlock")
        )
    assert unlock is not None  # her sign-up's code and her five from the new account
    assert (unlock.actor, unlock.actor_id, unlock.details) == ("operator", OPERATOR, {"codes": 6})
