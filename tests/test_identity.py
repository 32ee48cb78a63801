"""The identity check from both sides: the person's consent and photos, the desk's album with
approve / reject (a reason asked), strangers and second decisions refused, retention."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.delivery import PLACEHOLDER
from bot.features.identity.callbacks import Action, IdentityAction, IdentityDecision, Verdict
from core.clock import ManualClock
from core.identity import CheckOpen
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import (
    AuditEvent,
    Consent,
    IdentityCheck,
    Policy,
    Profile,
    ScheduledMessage,
    User,
)
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.desk_rig import DESK, OPERATOR, STRANGER, in_desk
from tests.identity_steps import photos_sent
from tests.people import last_code, sign_up
from tests.races import linger_after_counting
from tests.rosters import POLICY_HEADER, load, policy
from tests.stored import in_database

# The decisions on check №1.
APPROVE = IdentityDecision(action=Verdict.APPROVE, check=1).pack()
REJECT = IdentityDecision(action=Verdict.REJECT, check=1).pack()
STALE = "Эта кнопка уже не действует. Откройте /menu."


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000, operators_chat_id=DESK)


@pytest.fixture
async def roster(services: Services, tmp_path: Path) -> None:
    await load(
        services,
        tmp_path,
        "policies",
        POLICY_HEADER + policy("ДМС-100") + policy("ДМС-200", last_name="Иванова"),
    )


async def test_a_mismatch_goes_to_the_desk_and_a_rejection_has_its_reason(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], roster: None
) -> None:
    anna = rig.person(7401)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    stranger = in_desk(rig, STRANGER, "Чужой", member=False)
    await sign_up(anna, outbox)
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-200")
    assert (anna.last.text or "").startswith(  # her contacts in the roster, another's name
        "Почта или телефон в списке работодателя для полиса ДМС-200 ваши, но фамилия"
    )
    offer = anna.last
    send = IdentityAction(action=Action.SEND).pack()  # a button of another step
    for forged in (send, "idc:bogus:0", "idc:start:x"):
        await anna.press_callback(offer, forged)
        assert anna.last_callback_answer is not None
        assert anna.last_callback_answer.get("text") == STALE
    await photos_sent(anna)
    await deliver(rig, services)

    desk = rig.standin.chats[DESK].messages
    album = [m for m in desk if "photo" in m.payload]
    assert len(album) == 3
    assert all(m.payload.get("has_protected_content") for m in album)
    control = operator.last
    assert (control.text or "").startswith("🪪 Проверка личности №1")
    assert "Полис ДМС-200: Иванова Анна Сергеевна" in (control.text or "")
    assert operator.inline_labels() == ["✅ Одобрить", "❌ Отклонить"]

    for label in ("✅ Одобрить", "❌ Отклонить"):
        await stranger.press(label)
        assert stranger.last_callback_answer is not None
        assert (
            stranger.last_callback_answer.get("text") == "Это действие доступно только операторам."
        )
    for forged in (APPROVE, REJECT):  # forged in a private chat
        await anna.press_callback(anna.last, forged)
        assert anna.last_callback_answer is not None
        assert anna.last_callback_answer.get("text") == "Это действие доступно только операторам."

    await operator.press("❌ Отклонить")
    prompt = operator.last
    assert (prompt.text or "").startswith("Причина отказа по проверке личности №1?")
    # The operator named: the reply box a selective ForceReply opens is hers.
    assert (prompt.text or "").endswith(f'<a href="tg://user?id={OPERATOR}">Ольга</a>')
    await operator.send("коллеги, кто посмотрит фото?")  # their talk in the group: no reason
    await operator.send("отмена", reply_to_message=prompt.payload)  # not a reason: it cancels
    assert (operator.last.text or "").startswith("Отменено: ответ больше не ждём.")
    await operator.press("❌ Отклонить")
    prompt = operator.last
    await operator.send("Фамилия в полисе другая", reply_to_message=prompt.payload)
    assert (operator.last.text or "").startswith(
        "❌ Проверка личности №1 отклонена оператором Ольга."
    )
    await deliver(rig, services)  # the take-down goes through the sender
    assert all(m.deleted for m in [*album, control])  # the photos and the data left the desk
    await operator.press_callback(control, APPROVE)  # a second decision
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "По этому объекту уже принято решение."

    await deliver(rig, services)
    assert anna.last.text == (
        "Проверка личности не пройдена: полис ДМС-200 не привязан.\n"
        "Причина: Фамилия в полисе другая"
    )
    async with services.db.unit_of_work() as session:
        held = await session.scalar(
            select(Policy.holder_profile_id).where(Policy.number == "ДМС200")
        )
        assert held is None
        consents = {c.document for c in (await session.scalars(select(Consent))).all()}
        assert "biometrics" in consents
        actions = set((await session.scalars(select(AuditEvent.action))).all())
        assert {"identity.submitted", "identity.rejected"} <= actions


async def test_approval_moves_a_held_policy_and_tells_both(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], roster: None
) -> None:
    anna, holder = rig.person(7501), rig.person(7502)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await sign_up(anna, outbox)
    await sign_up_as(holder, outbox)
    async with services.db.unit_of_work() as session:
        other = await session.scalar(select(Profile.id).where(Profile.email == "holder@example.ru"))
        await session.execute(
            update(Policy).where(Policy.number == "ДМС100").values(holder_profile_id=other)
        )
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-100")
    assert (anna.last.text or "").startswith(  # hers by its contacts: she may be told
        "Полис ДМС-100 уже привязан к другому профилю.\nЕсли это были не вы, пройдите проверку"
    )
    await photos_sent(anna)
    await deliver(rig, services)
    posted = [m for m in rig.standin.chats[DESK].messages if m.from_bot]
    refusal = "Bad Request: message can't be deleted for everyone"  # older than 48 hours, say
    rig.standin.fail("deleteMessage", 400, refusal, times=len(posted))
    await operator.press("✅ Одобрить")
    assert (operator.last.text or "").startswith(
        "✅ Проверка личности №1 одобрена оператором Ольга."
    )
    await deliver(rig, services)
    *album, control = posted
    assert len(album) == 3
    placeholder = len(PLACEHOLDER.data)
    assert all(m.payload["photo"][0]["file_size"] == placeholder for m in album)
    assert control.text == "🪪 Проверка личности №1: данные удалены."
    assert (
        anna.last.text == "✅ Проверка личности пройдена: полис ДМС-100 привязан к вашему профилю."
    )
    assert (holder.last.text or "").startswith("Полис ДМС-100 после проверки личности привязан")
    async with services.db.unit_of_work() as session:
        mine = await session.scalar(select(Profile.id).where(Profile.email == "anna@example.ru"))
        held = await session.scalar(
            select(Policy.holder_profile_id).where(Policy.number == "ДМС100")
        )
        assert held == mine


async def check_filed(anna: Person, outbox: list[OutboxItem], number: str = "ДМС-200") -> None:
    """Anna signs up and asks for an identity check for `number`: her photos are sent, the post
    waits for the sender."""
    await sign_up(anna, outbox)
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send(number)
    await photos_sent(anna)


async def sign_up_as(person: Person, outbox: list[OutboxItem]) -> None:
    from tests.signup_steps import to_summary

    await to_summary(person, "holder@example.ru", lambda: last_code(outbox), phone="+79990000002")
    await person.send("всё верно")
    await person.send("пропустить")


async def test_photos_are_forgotten_after_the_retention_and_with_the_person(
    rig: InProcessBot,
    services: Services,
    outbox: list[OutboxItem],
    roster: None,
    clock: ManualClock,
) -> None:
    anna = rig.person(7601)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await check_filed(anna, outbox)
    await deliver(rig, services)
    await operator.press("✅ Одобрить")
    await deliver(rig, services)
    held = ["Петрова", "Иванова", "07.03.1990", "1990-03-07"]
    async with services.db.unit_of_work() as session:
        [check] = (await session.scalars(select(IdentityCheck))).all()
        held += check.photos
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.id))
        assert user is not None
        [exported] = (await services.rights.export(user))["identity_checks"]
    assert {k: exported[k] for k in ("policy", "status", "photos_kept")} == {
        "policy": "ДМС-200",
        "status": "approved",
        "photos_kept": 3,
    }
    clock.advance(timedelta(days=29))
    async with services.db.unit_of_work():
        assert await services.identity.forget_files() == 0
    assert {f.needle for f in await in_database(services.db, held)} == set(held)
    clock.advance(timedelta(days=1, seconds=1))
    async with services.db.unit_of_work():
        assert await services.identity.forget_files() == 1
    async with services.db.unit_of_work() as session:
        [check] = (await session.scalars(select(IdentityCheck))).all()
        assert check.photos == []
    # The desk post's row forgets them too; the profile and the roster still name her.
    found = await in_database(services.db, held, skip={"profiles", "policies"})
    assert found == [], "\n".join(map(str, found))
    await anna.send("/profile")
    await anna.press("🗑 Удалить мои данные")
    await anna.press("🗑 Да, удалить всё")
    async with services.db.unit_of_work() as session:
        assert (await session.scalars(select(IdentityCheck))).all() == []


async def test_a_check_for_a_number_the_roster_lacks_reaches_the_desk_and_can_only_be_rejected(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], roster: None
) -> None:
    """The bot answers a number that does not exist as it answers another person's, so the
    identity check it offers goes to the desk in both cases; the operator sees there is no such
    policy, cannot approve, and rejects with a reason."""
    anna = rig.person(7701)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await sign_up(anna, outbox)
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-404")
    assert (anna.last.text or "").startswith("Мы не смогли подтвердить, что полис ДМС-404 ваш.")
    await photos_sent(anna)
    await deliver(rig, services)
    control = operator.last
    assert (control.text or "").startswith("🪪 Проверка личности №1")
    assert "Полис ДМС-404: такого номера нет в списках — одобрить нельзя, отклоните с причиной" in (
        control.text or ""
    )
    assert operator.inline_labels() == ["❌ Отклонить"]
    await operator.press_callback(control, APPROVE)  # forged, or an old button
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == (
        "Полиса с этим номером нет в списках: проверку личности можно только отклонить, с причиной."
    )
    await operator.press("❌ Отклонить")
    await operator.send(
        "Полиса с таким номером нет: проверьте номер на полисе",
        reply_to_message=operator.last.payload,
    )
    assert (operator.last.text or "").startswith(
        "❌ Проверка личности №1 отклонена оператором Ольга."
    )
    await deliver(rig, services)
    assert anna.last.text == (
        "Проверка личности не пройдена: полис ДМС-404 не привязан.\n"
        "Причина: Полиса с таким номером нет: проверьте номер на полисе"
    )
    async with services.db.unit_of_work() as session:
        [check] = (await session.scalars(select(IdentityCheck))).all()
        assert (check.policy_id, check.policy_number, check.status) == (None, "ДМС-404", "rejected")


async def test_a_post_on_its_way_at_erasure_is_taken_down_once_it_arrives(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], roster: None
) -> None:
    anna = rig.person(7701)
    in_desk(rig, OPERATOR, "Ольга", member=True)
    await check_filed(anna, outbox)
    rig.standin.stall("sendMediaGroup", 0.3, taken=True)  # Telegram takes the album late
    sending = asyncio.create_task(deliver(rig, services))
    async with asyncio.timeout(5):
        await rig.standin.wait_called(lambda calls: calls[-1].method == "sendMediaGroup")
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.id))
        assert user is not None
        await services.rights.erase(user)  # the post is cancelled while on its way
    await sending
    posted = [m for m in rig.standin.chats[DESK].messages if m.from_bot]
    assert len(posted) == 4  # it arrived all the same
    await deliver(rig, services)
    assert all(m.deleted for m in posted)


async def test_a_half_sent_album_is_completed_not_sent_again_and_leaves_whole(
    rig: InProcessBot,
    services: Services,
    outbox: list[OutboxItem],
    roster: None,
    clock: ManualClock,
) -> None:
    """The album goes, the text with the buttons after it fails (5xx, then 429): each try sends
    only the text, and the decision takes every photo down."""
    anna = rig.person(7801)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await check_filed(anna, outbox)
    rig.standin.fail("sendMessage", 502, "Bad Gateway")
    await deliver(rig, services)  # the album went, its text did not: tried again in 10 s
    photos = [m for m in rig.standin.chats[DESK].messages if "photo" in m.payload]
    assert len(photos) == 3
    async with services.db.unit_of_work() as session:
        check = await session.scalar(select(IdentityCheck))
        assert check is not None
        post = await session.get(ScheduledMessage, check.desk_post_id)
        assert post is not None
        assert (post.status, post.telegram_parts) == ("pending", [[m.message_id for m in photos]])
    clock.advance(timedelta(seconds=11))
    rig.standin.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await deliver(rig, services)  # another sender (a restart): it sends the text only
    posted = [m for m in rig.standin.chats[DESK].messages if m.from_bot]
    assert [("photo" in m.payload) for m in posted] == [True, True, True, False]
    control = posted[-1]
    assert (control.text or "").startswith("🪪 Проверка личности №1")
    assert control.payload["reply_to_message"]["message_id"] == photos[0].message_id
    assert [call.method for call in rig.standin.calls].count("sendMediaGroup") == 1

    await operator.press("❌ Отклонить")
    await operator.send("Фото нечёткие", reply_to_message=operator.last.payload)
    await deliver(rig, services)
    assert all(m.deleted for m in posted)


async def test_a_half_sent_album_leaves_the_desk_at_erasure(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], roster: None
) -> None:
    """Erased while its text still waits for another try: the photos that went are deleted,
    and the rest of the post never goes."""
    anna = rig.person(7851)
    in_desk(rig, OPERATOR, "Ольга", member=True)
    await check_filed(anna, outbox)
    rig.standin.fail("sendMessage", 500, "Internal Server Error")
    await deliver(rig, services)
    photos = [m for m in rig.standin.chats[DESK].messages if m.from_bot]
    assert len(photos) == 3
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == anna.id))
        assert user is not None
        await services.rights.erase(user)
    services.clock.advance(timedelta(minutes=5))  # past any retry of the post
    await deliver(rig, services)
    assert all(m.deleted for m in photos)
    assert [m for m in rig.standin.chats[DESK].messages if m.from_bot] == photos


async def test_a_second_check_while_one_is_open_is_refused_at_the_start(
    rig: InProcessBot, services: Services, outbox: list[OutboxItem], roster: None
) -> None:
    """One open check per person: another policy that needs one is answered politely, with no
    photos asked for and nothing new on the desk; after the decision a new one is offered."""
    anna = rig.person(7901)
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await check_filed(anna, outbox)
    await deliver(rig, services)
    posted = [m for m in rig.standin.chats[DESK].messages if m.from_bot]
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-404")
    assert anna.last.text == (
        "Полис ДМС-404 пока не привязан: нужна проверка личности.\n"
        "Ваша проверка личности №1 (полис ДМС-200) ещё у операторов, а проверки одного человека "
        "они рассматривают по одной.\n"
        "Дождитесь ответа на неё (обычно в течение суток) и затем добавьте полис ДМС-404 снова."
    )
    assert not anna.last.inline_buttons  # no photos asked for
    await anna.send("/start")
    assert "Продолжить" not in anna.inline_labels()  # no dialogue left behind
    await deliver(rig, services)
    assert [m for m in rig.standin.chats[DESK].messages if m.from_bot] == posted
    async with services.db.unit_of_work() as session:
        assert len((await session.scalars(select(IdentityCheck))).all()) == 1

    await operator.press("❌ Отклонить")
    await operator.send("Фамилия в полисе другая", reply_to_message=operator.last.payload)
    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ДМС-404")
    assert (anna.last.text or "").startswith("Мы не смогли подтвердить, что полис ДМС-404 ваш.")
    assert "🪪 Пройти проверку личности" in anna.inline_labels()


@pytest.mark.db
async def test_two_checks_filed_at_once_do_not_both_reach_the_desk(
    rig: InProcessBot,
    services: Services,
    outbox: list[OutboxItem],
    roster: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Checked again as the check is filed, under the person's lock (two instances at once)."""
    await sign_up(rig.person(8001), outbox)

    async def file(number: str) -> int | CheckOpen:
        async with services.db.unit_of_work() as session:
            profile = await session.scalar(select(Profile))
            assert profile is not None
            try:
                return (await services.identity.submit(profile, number, ["a", "b", "c"])).id
            except CheckOpen as refused:
                return refused

    linger_after_counting(monkeypatch, services.identity, "open_check")
    outcomes = await asyncio.gather(file("ДМС200"), file("ДМС404"))
    [filed] = [outcome for outcome in outcomes if isinstance(outcome, int)]
    [refused] = [outcome for outcome in outcomes if isinstance(outcome, CheckOpen)]
    assert refused.check.id == filed
    async with services.db.unit_of_work() as session:
        assert len((await session.scalars(select(IdentityCheck))).all()) == 1
        posts = await session.scalars(
            select(ScheduledMessage).where(ScheduledMessage.kind == "operator_post")
        )
        assert len(posts.all()) == 1
