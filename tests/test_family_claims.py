"""«💸 Возмещение» for a family member: a parent whose account holds their child's policies is
asked «Для кого?» (pressed or typed) among those with a policy to claim under (in force, or ended
within the claim period); the policy step offers only that person's (another's, forged into a
button or typed, refused); a forged «Для кого?» key is refused; the desk's post, the payment
team's export and «Мои возмещения» name the child while the recipient stays as typed; the cap on
open claims is each person's.

The tests' clock: Tuesday 2026-11-24. Without a family nothing is asked: tests/test_claims.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.claims.callbacks import Action, ClaimAction
from bot.features.family.callbacks import WhomPick
from core.claim_details import Amount, BankDetails
from core.claims import MAX_OPEN, NewClaim, TooManyClaims
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import Claim, Policy, Profile
from tests.command_line import dmsbot
from tests.conftest import DATA_KEY, make_settings
from tests.delivery_rig import deliver
from tests.desk_rig import DESK, OPERATOR, in_desk
from tests.people import with_policy
from tests.rosters import POLICY_HEADER, load, policy
from tests.test_claims import ACCOUNT, JPEG, SBER, anna_with_policies, post_of
from tests.test_claims import world as world

pytestmark = pytest.mark.db
__all__ = ["world"]

WHOM = ["🙋 Мне (Анна)", "Мария — ребёнок"]
STALE = "Эта кнопка уже не действует. Откройте /menu."


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000, operators_chat_id=DESK)


async def policy_id(services: Services, number: str) -> int:
    async with services.db.unit_of_work() as session:
        found = await session.scalar(select(Policy.id).where(Policy.number == number))
        assert found is not None
        return found


async def with_child(services: Services, tmp_path: Path) -> None:
    """Anna's daughter Мария's ДМС policies, held by Anna's account as a family member's:
    ДМС-9 in force, ДМС-10 ended 31.10.2026 (within the claim period), ДМС-11 ended 30.06.2026
    (past it)."""
    child = {"first_name": "Мария", "middle_name": "Ивановна", "birth_date": "2015-05-01"}
    rows = (
        policy("ДМС-9", email="", phone="", **child)
        + policy("ДМС-10", email="", phone="", end_date="2026-10-31", **child)
        + policy("ДМС-11", email="", phone="", end_date="2026-06-30", **child)
    )
    await load(services, tmp_path, "policies", POLICY_HEADER + rows)
    async with services.db.unit_of_work() as session:
        anna = await session.scalar(select(Profile.id).where(Profile.first_name == "Анна"))
        for number in ("ДМС9", "ДМС10", "ДМС11"):
            held = await session.scalar(select(Policy).where(Policy.number == number))
            assert held is not None
            held.holder_profile_id, held.member_relation = anna, "child"


async def from_the_date(anna: Person, day: str = "20.11.2026") -> None:
    """From the date of care to the summary, typed where it can be."""
    await anna.send(day)
    await anna.send("анализы")
    await anna.send("12 500")
    await anna.send_photo(JPEG, album="A1")
    await anna.send("готово")
    await anna.send(SBER)
    await anna.send(ACCOUNT)
    await anna.send("Петрова Анна Сергеевна")


async def test_a_parent_claims_for_a_child_and_the_desk_and_export_name_the_child(
    rig: InProcessBot,
    services: Services,
    anna: Person,
    world: None,
    tmp_path: Path,
    database_url: str,
) -> None:
    await anna_with_policies(anna, services)
    await with_child(services, tmp_path)
    in_desk(rig, OPERATOR, "Ольга", member=True)
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    assert anna.last.text == "Для кого?"
    assert anna.inline_labels() == WHOM
    await anna.send("папе")  # nobody of the family: asked again
    assert (anna.last.text or "").startswith("Не понял, для кого.")
    await anna.send("Мария — ребёнок")  # typed: her button's label
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>\nПо какому полису заявление?")
    # Her policies to claim under only: the one ended long ago is not.
    assert anna.inline_labels() == ["ДМС-9 · ДМС", "ДМС-10 · ДМС"]
    await anna.send("ДМС-10")
    assert anna.bot_messages[-2].text == "Пациент: <b>Мария</b>\nПолис: <b>ДМС-10</b>"
    assert (anna.last.text or "").startswith("Когда вам оказали помощь? Напишите дату с 26.08.2026")
    await from_the_date(anna, "20.10.2026")
    summary = anna.last.text or ""
    assert summary.startswith("Пациент: <b>Мария</b>\n<b>Проверьте заявление</b>")
    assert "Полис: ДМС-10" in summary
    assert "Получатель: Петрова Анна Сергеевна" in summary
    await anna.send("да")
    assert (anna.last.text or "").startswith("✅ Заявление <b>В-000001</b> отправлено.")
    async with services.db.unit_of_work() as session:
        (claim,) = (await session.scalars(select(Claim))).all()
        assert claim.policy_id == await policy_id(services, "ДМС10")

    # The desk: the child, who she is to the account and whose the account is; the recipient
    # as Anna typed it.
    await deliver(rig, services)
    text = post_of(rig, "В-000001").text or ""
    assert (
        "Кто: Петрова Мария Ивановна (ребёнок, 01.05.2015; кабинет: Петрова Анна Сергеевна)\n"
    ) in text
    assert "Получатель: Петрова Анна Сергеевна" in text

    # «Мои возмещения» says whose.
    await anna.press("💸 Возмещение")
    await anna.press("📂 Мои возмещения")
    assert "Пациент: <b>Мария</b>\n<b>В-000001</b> · 20.10.2026" in (anna.last.text or "")

    # The payment team's export: the child is the patient, Anna the recipient.
    async with services.db.unit_of_work():
        (row,) = await services.claims.export_all(None)
    assert (row["policy_number"], row["last_name"], row["first_name"]) == (
        "ДМС-10",
        "Петрова",
        "Мария",
    )
    assert (row["middle_name"], row["birth_date"]) == ("Ивановна", "2015-05-01")
    assert row["recipient"] == "Петрова Анна Сергеевна"
    result = dmsbot(tmp_path, "export", "claims", DATABASE_URL=database_url, DATA_KEY=DATA_KEY)
    assert result.returncode == 0, result.stderr
    assert ",ДМС-10,DMS,Петрова,Мария,Ивановна,2015-05-01," in result.stdout.splitlines()[1]


async def test_pressed_for_oneself_and_forged_keys_and_policies_refused(
    rig: InProcessBot, services: Services, anna: Person, john: Person, world: None, tmp_path: Path
) -> None:
    await anna_with_policies(anna, services)
    await with_child(services, tmp_path)
    await with_policy(john, services, "ДМС-2", other=True)
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    asked = anna.last
    for key in (await policy_id(services, "ДМС2"), 999_999):  # another account's, nobody's
        seen = len(anna.bot_messages)
        await anna.press_callback(asked, WhomPick(key=key).pack())
        assert anna.last_callback_answer is not None
        assert anna.last_callback_answer.get("text") == STALE
        assert len(anna.bot_messages) == seen
    await anna.press("🙋 Мне (Анна)")
    assert anna.last.text == "По какому полису заявление? Выберите полис или напишите его номер."
    assert anna.inline_labels() == ["ДМС-1 · ДМС", "ВЗР-7 · ВЗР"]
    offered = anna.last
    # Мария's policy, forged into Anna's own policy step: not offered, refused.
    child = await policy_id(services, "ДМС9")
    await anna.press_callback(offered, ClaimAction(action=Action.POLICY, id=child).pack())
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("text") == STALE
    await anna.send("ДМС-9")
    assert (anna.bot_messages[-2].text or "").startswith("Такого полиса нет среди тех")
    await anna.press("ДМС-1 · ДМС")
    assert anna.last.text is not None
    assert anna.last.text.startswith("Когда вам оказали помощь?")
    assert await anna.send("/cancel")

    # For Мария, typed by her place in the list: Anna's own policy is not hers.
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.send("2")
    own = await policy_id(services, "ДМС1")
    await anna.press_callback(anna.last, ClaimAction(action=Action.POLICY, id=own).pack())
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("text") == STALE
    await anna.send("ДМС-1")
    assert (anna.bot_messages[-2].text or "").startswith("Такого полиса нет среди тех")
    await anna.press("ДМС-9 · ДМС")
    assert anna.bot_messages[-2].text == "Пациент: <b>Мария</b>\nПолис: <b>ДМС-9</b>"

    # John (no family: nothing asked) forging a «Для кого?» button naming Мария: refused.
    await john.press("💸 Reimbursement")
    await john.press("➕ New claim")
    seen = len(john.bot_messages)
    await john.press_callback(john.last, WhomPick(key=child).pack())
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("show_alert")
    assert len(john.bot_messages) == seen


async def test_the_cap_on_open_claims_is_each_persons(
    rig: InProcessBot, services: Services, anna: Person, world: None, tmp_path: Path
) -> None:
    await anna_with_policies(anna, services)
    await with_child(services, tmp_path)
    stored = rig.standin.store_file(JPEG, file_name="receipt.jpg", mime_type="image/jpeg")
    receipt = rig.standin.photo_sizes(stored)[-1]["file_id"]

    def new(policy_id: int, n: int) -> NewClaim:
        return NewClaim(
            policy_id=policy_id,
            care_date=services.claims.today(),
            care_kind="doctor",
            amount=Amount(100_00 + n, "RUB"),
            photos=[receipt],
            bank=BankDetails(SBER, ACCOUNT, "Петрова Анна"),
        )

    own, child = await policy_id(services, "ДМС1"), await policy_id(services, "ДМС9")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile).where(Profile.first_name == "Анна"))
        assert profile is not None
        for n in range(MAX_OPEN):
            await services.claims.submit(profile, new(own, n))
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.send("мне")
    assert (anna.last.text or "").startswith("У вас уже 5 заявлений на рассмотрении.")
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.press("Мария — ребёнок")  # Anna's own five do not stop Мария's
    assert (anna.last.text or "").startswith("Пациент: <b>Мария</b>\nПо какому полису заявление?")
    assert await anna.send("/cancel")
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile).where(Profile.first_name == "Анна"))
        assert profile is not None
        with pytest.raises(TooManyClaims):  # checked again when filed
            await services.claims.submit(profile, new(own, 9))
        for n in range(MAX_OPEN):
            await services.claims.submit(profile, new(child, n))
        with pytest.raises(TooManyClaims):
            await services.claims.submit(profile, new(child, 9))
    await anna.press("💸 Возмещение")
    await anna.press("➕ Новое заявление")
    await anna.press("Мария — ребёнок")
    assert (anna.last.text or "").startswith(
        "Пациент: <b>Мария</b>\nУ вас уже 5 заявлений на рассмотрении."
    )
