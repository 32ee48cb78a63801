"""«Это не я» freezes the profile for real: the account that recovered it changes nothing (an edit
under way included) and reads nothing of it until an operator decides; the desk either unfreezes
it for that account or gives it back to the previous one, and only an operator can."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.features.desk.callbacks import Action, IncidentAction
from core.notifications import Payload
from core.notifications import Person as Recipient
from core.outbox import OutboxItem
from core.services import Services
from standin import Person
from standin.rig import InProcessBot
from storage.models import (
    AuditEvent,
    Card,
    CardBinding,
    IdentityCheck,
    Policy,
    Profile,
    ScheduledMessage,
    User,
)
from tests.delivery_rig import deliver
from tests.desk_rig import OPERATOR, STRANGER, in_desk
from tests.desk_rig import settings as settings
from tests.identity_steps import photos_sent
from tests.payments_rig import GOOD, post_card
from tests.people import ANNA_EMAIL, last_code, sign_up
from tests.rosters import POLICY_HEADER, load, policy

FROZEN = (
    "🧊 Профиль заморожен до решения страховой компании: прежний аккаунт Telegram сообщил, "
    "что доступ восстанавливали не вы.\nПока оператор не разберётся, с профилем ничего нельзя "
    "сделать и его данные не показываются.\nГорячая линия: +7 800 555-35-35."
)


async def recovered(old: Person, new: Person, outbox: list[OutboxItem]) -> None:
    """Anna signed up on `old`; `new` recovered the profile with both codes."""
    await sign_up(old, outbox)
    await new.send("/recover")
    await new.send(ANNA_EMAIL)
    await new.send(last_code(outbox))
    await new.send(last_code(outbox))
    assert (new.last.text or "").startswith("🔑 Доступ восстановлен, Анна!")


async def profile_row(services: Services) -> tuple[str, int, bool]:
    """The profile's e-mail, the Telegram id it is on, and whether it is frozen."""
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        user = await session.get(User, profile.user_id)
        assert user is not None
        return profile.email, user.telegram_id, profile.frozen_at is not None


async def test_after_not_me_the_recovered_account_changes_nothing_not_even_an_edit_under_way(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem]
) -> None:
    old, new = rig.person(7401), rig.person(7402)
    await recovered(old, new, outbox)
    await new.send("/profile")
    card = new.last
    await new.press("✏️ Изменить данные")
    await new.press("✏️ Почту")
    await new.send("mallory@example.ru")  # the code is on its way: the edit is under way
    code = last_code(outbox)

    await deliver(rig, services)
    await old.press("🚫 Это не я")
    await new.send(code)
    assert new.last.text == FROZEN
    assert await profile_row(services) == (ANNA_EMAIL, new.id, True)
    await new.send(code)  # the dialogue is over: nothing waits for the code any more
    assert new.last.text == FROZEN

    for attempt in ("/profile", "/policies", "/franchise", "/book", "/signup", "/start"):
        await new.send(attempt)
        assert new.last.text == FROZEN, attempt
    await new.press_callback(card, "pf:edit")  # a button of the card shown before the freeze
    assert new.last_callback_answer is not None
    assert new.last_callback_answer.get("text") == FROZEN
    await new.press_callback(card, "pf:edit-field:email")
    await new.send("mallory@example.ru")
    assert new.last.text == FROZEN
    assert await profile_row(services) == (ANNA_EMAIL, new.id, True)
    await new.send("/help")  # what is not the profile's still answers
    assert new.last.text != FROZEN

    async with services.db.unit_of_work():  # nothing of the profile reaches that account either
        user = (await services.accounts.visit(new.id, "ru")).user
        await services.notifications.schedule(
            "activation", Recipient(user.id), services.clock.now(), Payload("cancel-done"), "held"
        )
    shown = len(new.bot_messages)
    await deliver(rig, services)
    assert len(new.bot_messages) == shown
    async with services.db.unit_of_work() as session:
        held = await session.scalar(
            select(ScheduledMessage.status).where(ScheduledMessage.dedupe_key == "held")
        )
        assert held == "pending"

    async with services.db.unit_of_work():  # unfrozen: the edit under way was dropped, not kept
        await services.desk.unfreeze(1, OPERATOR)
    await new.send(code)
    assert new.last.text != "✅ Изменения сохранены. Профиль: /profile"
    assert await profile_row(services) == (ANNA_EMAIL, new.id, False)


async def test_the_desk_gives_the_profile_back_to_the_previous_account(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem]
) -> None:
    old, new = rig.person(7501), rig.person(7502)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    stranger = in_desk(rig, STRANGER, "Чужой", member=False)
    await recovered(old, new, outbox)
    await deliver(rig, services)
    async with services.db.unit_of_work():  # something of the profile's, due later
        user = (await services.accounts.visit(new.id, "ru")).user
        later = services.clock.now() + timedelta(days=3)
        await services.notifications.schedule(
            "activation", Recipient(user.id), later, Payload("cancel-done"), "later"
        )
    await old.press("🚫 Это не я")
    await deliver(rig, services)
    post = operator.last
    assert operator.inline_labels() == ["🔓 Разморозить", "↩️ Вернуть прежнему аккаунту"]
    unfreeze = IncidentAction(action=Action.UNFREEZE, incident=1).pack()
    give_back = IncidentAction(action=Action.GIVE_BACK, incident=1).pack()

    await stranger.press("↩️ Вернуть прежнему аккаунту")
    assert stranger.last_callback_answer is not None
    assert stranger.last_callback_answer.get("text") == "Это действие доступно только операторам."
    await new.press_callback(new.last, give_back)  # forged in a private chat
    assert new.last_callback_answer is not None
    assert new.last_callback_answer.get("text") == FROZEN
    await old.press_callback(old.last, give_back)  # forged by the old account itself
    assert old.last_callback_answer is not None
    assert old.last_callback_answer.get("text") == "Это действие доступно только операторам."
    assert await profile_row(services) == (ANNA_EMAIL, new.id, True)

    await operator.press("↩️ Вернуть прежнему аккаунту")
    assert (post.text or "").endswith("↩️ Профиль возвращён прежнему аккаунту оператором Ольга.")
    assert post.inline_buttons == []
    await operator.press_callback(post, unfreeze)  # a second decision
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "По этому объекту уже принято решение."
    assert await profile_row(services) == (ANNA_EMAIL, old.id, False)

    await deliver(rig, services)
    assert (old.last.text or "").startswith("🔐 Страховая компания вернула ваш профиль")
    assert (new.last.text or "").startswith("Страховая компания вернула профиль прежнему")
    await old.send("/profile")
    assert (old.last.text or "").startswith("<b>Ваш профиль</b>")
    await new.send("/profile")
    assert new.last.text == "Этот раздел откроется после регистрации — это около минуты."
    async with services.db.unit_of_work() as session:
        new_user = await session.scalar(select(User.id).where(User.telegram_id == new.id))
        waiting = await session.scalars(
            select(ScheduledMessage).where(
                ScheduledMessage.user_id == new_user, ScheduledMessage.status == "pending"
            )
        )
        assert list(waiting) == []
        old_user = await session.scalar(select(User.id).where(User.telegram_id == old.id))
        later_for = await session.scalar(
            select(ScheduledMessage.user_id).where(ScheduledMessage.dedupe_key == "later")
        )
        assert later_for == old_user
        actions = list(await session.scalars(select(AuditEvent.action)))
    assert actions.count("incident.give_back") == 1
    assert "incident.unfreeze" not in actions


async def test_a_card_page_opened_before_the_freeze_binds_nothing(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], web: TestClient
) -> None:
    old, new = rig.person(7601), rig.person(7602)
    await recovered(old, new, outbox)
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        url = (await services.franchises.start_binding(profile)).url
    await deliver(rig, services)
    await old.press("🚫 Это не я")
    await post_card(web, urlsplit(url).path, GOOD)
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Card.id)) is None
        assert await session.scalar(select(CardBinding.status)) == "declined"
        actions = list(await session.scalars(select(AuditEvent.action)))
    assert "card.refused_frozen" in actions


async def test_an_identity_check_of_a_frozen_profile_is_not_approved_until_the_incident_is(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], tmp_path: Path
) -> None:
    old, new = rig.person(7701), rig.person(7702)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await load(
        services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-200", last_name="Иванова")
    )
    await recovered(old, new, outbox)
    await new.send("/policies")
    await new.press("➕ Добавить полис")
    await new.send("ДМС-200")  # another name on it: the identity check
    await photos_sent(new)
    await deliver(rig, services)
    await old.press("🚫 Это не я")
    await deliver(rig, services)

    await operator.press("✅ Одобрить")
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == (
        "Профиль заморожен по заявлению «Это не я»: сначала решите его инцидент."
    )
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Policy.holder_profile_id)) is None
        assert await session.scalar(select(IdentityCheck.status)) == "pending"
    await operator.press("🔓 Разморозить")
    await operator.press("✅ Одобрить")
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Policy.holder_profile_id)) is not None


async def test_a_pin_set_from_the_other_account_is_removed_on_give_back_and_contacts_are_flagged(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem]
) -> None:
    """Whoever recovered the profile could set a PIN the owner does not know, and change the
    contacts that recovery goes by: giving the profile back removes that PIN and tells the owner
    to check the contacts."""
    old, new = rig.person(7701), rig.person(7702)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await recovered(old, new, outbox)
    await new.send("/profile")
    await new.press("🔐 PIN-код")
    await new.send("1357")
    await new.send("1357")
    await new.send("/profile")
    await new.press("✏️ Изменить данные")
    await new.press("✏️ Почту")
    await new.send("1357")  # the PIN guards a new e-mail
    await new.send("mallory@example.ru")
    await new.send(last_code(outbox))
    assert await profile_row(services) == ("mallory@example.ru", new.id, False)
    await deliver(rig, services)
    await old.press("🚫 Это не я")
    await deliver(rig, services)
    await operator.press("↩️ Вернуть прежнему аккаунту")
    await deliver(rig, services)
    told = [m.text or "" for m in old.bot_messages[-3:]]
    assert told[0].startswith("🔐 Страховая компания вернула ваш профиль")
    assert told[1].startswith("🔐 Пока профиль был на другом аккаунте, там задали PIN-код.")
    assert told[2].startswith("⚠️ Пока профиль был на другом аккаунте, там изменили почту")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        assert profile.pin_hash is None
    await old.send("/profile")
    await old.press("👁 Документ полностью")  # no PIN to ask: the owner sees it at once
    assert "4510 987654" in (old.last.text or "")
