"""«👨‍👩‍👧 Семья» as a parent uses it: the members on the account's policies; a member's policy the
roster ties to hers added at once; any other number (one that does not exist, too) asks who the
member is and goes to the identity check with the relation's document, which the desk approves
as a member's; forged and stale presses, typed answers, bad answers and the look-up cap."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.features.family.callbacks import Action, FamilyAction
from core.services import Services
from standin import Person
from standin.rig import InProcessBot
from storage.models import IdentityCheck, Policy, Profile
from tests.delivery_rig import deliver
from tests.desk_rig import OPERATOR, in_desk
from tests.desk_rig import settings as settings
from tests.identity_steps import JPEG
from tests.people import person, with_policy
from tests.rosters import POLICY_HEADER, load, policy

__all__ = ["settings"]  # fixtures used by name

STALE = "Эта кнопка уже не действует. Откройте /menu."
FAMILY_HEADER = POLICY_HEADER.rstrip("\n") + ",holder_policy_number,relation\n"
ASK_NUMBER = (
    "Номер полиса члена семьи — супруга или супруги, ребёнка или родителя. Он есть на полисе "
    "или в письме от работодателя.\nСвой полис добавьте в «📄 Мои полисы»."
)


def member(number: str, holder: str = "", relation: str = "", **changes: str) -> str:
    """A roster row with the family columns (Anna's data unless changed)."""
    return policy(number, **changes).rstrip("\n") + f",{holder},{relation}\n"


# Anna's daughter (7 on the test clock's 24.11.2026), tied to Anna's ДМС-100 by the roster; her
# husband, whom the roster does not tie to her; and Anna's own second policy.
MASHA = member("ДМС-101", "ДМС-100", "child", first_name="Мария", birth_date="2019-05-10", email="")
IVAN = member(
    "ДМС-102",
    last_name="Петров",
    first_name="Иван",
    middle_name="Олегович",
    birth_date="1988-01-02",
    email="ivan@example.ru",
    phone="+79990000055",
)
OWN = member("ДМС-104")


async def holding(services: Services, number: str) -> tuple[str | None, str | None]:
    """Whose the policy is (the holder's e-mail) and as whom (its member relation)."""
    async with services.db.unit_of_work() as session:
        found = await session.execute(
            select(Profile.email, Policy.member_relation)
            .select_from(Policy)
            .outerjoin(Profile, Profile.id == Policy.holder_profile_id)
            .where(Policy.number == number.replace("-", ""))
        )
        email, relation = found.one()
        return email, relation


async def anna_with_family(anna: Person, services: Services, tmp_path: Path) -> None:
    """Anna signed up with ДМС-100 linked; the members' roster imported after (so nobody is
    attached to her yet)."""
    await load(services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-100"))
    await with_policy(anna, services, "ДМС-100")
    await load(services, tmp_path, "policies", FAMILY_HEADER + MASHA + IVAN + OWN)


async def test_members_tied_by_the_roster_are_listed_and_added_at_once(
    anna: Person, services: Services, tmp_path: Path
) -> None:
    await anna_with_family(anna, services, tmp_path)
    assert "👨‍👩‍👧 Семья" in anna.reply_buttons
    await anna.send("👨‍👩‍👧 Семья")
    assert (anna.last.text or "").startswith("В вашем кабинете пока нет полисов членов семьи.")
    assert anna.inline_labels() == ["➕ Добавить члена семьи"]

    await anna.press("➕ Добавить члена семьи")
    assert anna.last.text == ASK_NUMBER
    for bad in ("ab", "полис №101"):  # not a number: the step stays
        await anna.send(bad)
        assert (anna.last.text or "").startswith("Номер полиса — это буквы и цифры")
    await anna.send("дмс 101")  # any spelling
    assert anna.bot_messages[-2].text == (
        "✅ Полис ДМС-101 добавлен в «👨‍👩‍👧 Семья»: Мария — ребёнок."
    )
    assert anna.last.text == (
        "<b>👨‍👩‍👧 Семья</b>\nПолисы членов семьи в вашем кабинете: по ним можно записываться "
        "к врачу, смотреть услуги и скачивать полис — выберите, для кого.\n\n"
        "<b>Петрова Мария Сергеевна</b> — ребёнок, 7 лет\n"
        "ДМС № ДМС-101 — до 31.12.2026, действует"
    )
    assert await holding(services, "ДМС-101") == ("anna@example.ru", "child")

    # Typed instead of pressed: the button's label, then the number again.
    await anna.send("добавить члена семьи")
    assert anna.last.text == ASK_NUMBER
    await anna.send("ДМС-101")
    assert anna.last.text == "Полис ДМС-101 уже есть в вашем кабинете."
    await anna.send("/family")
    await anna.press("➕ Добавить члена семьи")
    await anna.send("ДМС-104")  # her own (her contacts, her name): «Мои полисы» links it
    assert anna.last.text == (
        "Полис ДМС-104 — ваш собственный. Добавьте его в «📄 Мои полисы» → «➕ Добавить полис»."
    )
    assert await holding(services, "ДМС-104") == (None, None)


async def test_members_the_roster_ties_come_with_the_policy_they_are_tied_to(
    anna: Person, services: Services, tmp_path: Path
) -> None:
    roster = POLICY_HEADER.rstrip("\n") + ",holder_policy_number,relation\n"
    await load(services, tmp_path, "policies", roster + member("ДМС-100") + MASHA)
    await with_policy(anna, services, "ДМС-100")
    await anna.send("/family")
    assert "<b>Петрова Мария Сергеевна</b> — ребёнок, 7 лет" in (anna.last.text or "")


async def test_an_untied_member_goes_to_the_identity_check_with_the_relations_document(
    rig: InProcessBot, anna: Person, services: Services, tmp_path: Path
) -> None:
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await anna_with_family(anna, services, tmp_path)
    await anna.send("/family")
    await anna.press("➕ Добавить члена семьи")
    await anna.send("ДМС-999")  # no such number: asked just as for one that exists
    assert anna.last.text == "Кем вам приходится человек, на которого оформлен полис ДМС-999?"
    assert anna.inline_labels() == ["💍 Супруг(а)", "👶 Ребёнок", "🧓 Родитель"]
    question = anna.last
    await anna.send("брат")
    assert (anna.last.text or "").startswith("Не понял, кем вам приходится этот человек.")
    assert anna.inline_labels() == ["💍 Супруг(а)", "👶 Ребёнок", "🧓 Родитель"]
    forged = FamilyAction(action=Action.RELATION, relation="uncle").pack()
    await anna.press_callback(question, forged)
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("text") == STALE
    await anna.send("1")  # its place in the list
    unknown = anna.last.text or ""
    assert unknown.startswith(
        "Полис ДМС-999 не получилось добавить сразу: в списке работодателя он не связан"
    )
    assert "селфи с ним и свидетельство о браке." in unknown
    await anna.press_callback(
        question, FamilyAction(action=Action.RELATION, relation="child").pack()
    )
    assert anna.last_callback_answer is not None  # the relation step is over: the check's on
    assert anna.last_callback_answer.get("text") == (
        "Сначала закончите начатое («проверка личности») — или отмените его командой /cancel."
    )

    await anna.press("✏️ Другой номер")  # back to the member's number, not «Мои полисы»'
    assert anna.last.text == "Отправьте номер полиса члена семьи ещё раз."
    await anna.send("ДМС-102")
    await anna.press("💍 Супруг(а)")
    assert anna.last.text == unknown.replace("ДМС-999", "ДМС-102")  # the same answer

    await anna.press("🪪 Пройти проверку личности")
    await anna.press("✅ Даю согласие")
    assert (anna.last.text or "").startswith("Фото 1 из 3: разворот паспорта")
    await anna.send_photo(JPEG)
    await anna.send_photo(JPEG + b"2")
    assert anna.last.text == (
        "Фото 3 из 3: свидетельство о браке — с вашим именем и именем супруга или супруги. "
        "Снимите целиком, без бликов."
    )
    await anna.send("вот")  # not a photo: the step stays
    assert (anna.last.text or "").startswith("Нужна фотография")
    await anna.send_photo(JPEG + b"3")
    assert (anna.last.text or "").startswith(
        "Проверьте фотографии:\n1. Разворот паспорта ✅\n2. Селфи с паспортом ✅\n"
        "3. свидетельство о браке ✅"
    )
    await anna.press("📨 Отправить")
    async with services.db.unit_of_work() as session:
        [check] = (await session.scalars(select(IdentityCheck))).all()
        assert (check.policy_number, check.relation) == ("ДМС-102", "spouse")

    await deliver(rig, services)
    card = operator.last.text or ""
    assert card.startswith("👨‍👩‍👧 Проверка родства №1\nПрофиль: Петрова Анна Сергеевна")
    assert "Полис ДМС-102: Петров Иван Олегович, 02.01.1988" in card
    assert "Кем приходится профилю: супруг(а)" in card
    assert "Фото 3: свидетельство о браке — супруги в нём человек профиля" in card
    await operator.press("✅ Одобрить")
    await deliver(rig, services)
    assert anna.last.text == ("✅ Родство подтверждено: полис ДМС-102 добавлен в «👨‍👩‍👧 Семья».")
    assert await holding(services, "ДМС-102") == ("anna@example.ru", "spouse")
    await anna.send("/family")
    assert "<b>Петров Иван Олегович</b> — супруг(а), 38 лет" in (anna.last.text or "")


async def test_a_member_held_by_another_account_is_answered_as_any_other_number(
    anna: Person, services: Services, tmp_path: Path
) -> None:
    """Masha's policy, tied to Anna's, already held by another account: not a word of it, the
    relation is asked as for a number that does not exist."""
    await anna_with_family(anna, services, tmp_path)
    await person(services, 1, "ДМС-101")
    await anna.send("/family")
    await anna.press("➕ Добавить члена семьи")
    await anna.send("ДМС-101")
    assert anna.last.text == "Кем вам приходится человек, на которого оформлен полис ДМС-101?"
    await anna.send("дочь")
    assert (anna.last.text or "").startswith(
        "Полис ДМС-101 не получилось добавить сразу: в списке работодателя он не связан"
    )
    assert "селфи с ним и свидетельство о рождении ребёнка." in (anna.last.text or "")
    assert await holding(services, "ДМС-101") == ("p1@example.ru", None)


async def test_presses_out_of_place_or_forged_change_nothing(
    rig: InProcessBot, anna: Person, services: Services, tmp_path: Path
) -> None:
    await anna_with_family(anna, services, tmp_path)
    await anna.send("/family")
    listing, shown = anna.last, len(anna.bot_messages)
    # A relation outside its step, one that is none of ours, an action that does not exist.
    for forged in (
        FamilyAction(action=Action.RELATION, relation="child").pack(),
        "fam:rel:uncle",
        "fam:bogus:",
    ):
        await anna.press_callback(listing, forged)
        assert anna.last_callback_answer is not None
        assert anna.last_callback_answer.get("text") == STALE
    assert len(anna.bot_messages) == shown  # nothing said, nothing begun
    # Someone not signed up: the section offers the sign-up, its buttons are stale.
    guest = rig.person(5003, "Гость", "ru")
    await guest.send("/family")
    assert (guest.last.text or "").startswith("Этот раздел откроется после регистрации")
    await guest.press_callback(listing, FamilyAction(action=Action.ADD).pack())
    assert guest.last_callback_answer is not None
    assert guest.last_callback_answer.get("text") == STALE
    # The relation's button, pressed while the number is asked: refused, the step stays.
    await anna.press("➕ Добавить члена семьи")
    await anna.press_callback(
        listing, FamilyAction(action=Action.RELATION, relation="child").pack()
    )
    assert anna.last_callback_answer is not None
    assert anna.last_callback_answer.get("text") == STALE
    await anna.send("ДМС-101")
    assert anna.bot_messages[-2].text == (
        "✅ Полис ДМС-101 добавлен в «👨‍👩‍👧 Семья»: Мария — ребёнок."
    )


async def test_member_numbers_count_toward_the_look_up_cap(
    anna: Person, services: Services, tmp_path: Path
) -> None:
    """Ten numbers an hour, as at «Мои полисы» (its own number linked there counted one)."""
    await anna_with_family(anna, services, tmp_path)
    for n in range(9):
        await anna.send("/cancel")
        await anna.send("➕ Добавить члена семьи")
        await anna.send(f"ДМС-9{n:02d}")
        assert (
            anna.last.text
            == f"Кем вам приходится человек, на которого оформлен полис ДМС-9{n:02d}?"
        )
    await anna.send("/cancel")
    await anna.send("➕ Добавить члена семьи")
    await anna.send("ДМС-101")  # tied to hers, but the eleventh look-up this hour
    assert (anna.last.text or "").startswith("Слишком много попыток добавить полис")
    assert await holding(services, "ДМС-101") == (None, None)


async def test_a_members_number_that_looks_like_a_card_is_kept_when_it_is_a_policys(
    anna: Person, services: Services, tmp_path: Path
) -> None:
    """The card rule: at the member's number step a known policy number is one (asking counts
    as its look-up), any other card-like digits are deleted and the step is asked again."""
    await anna_with_family(anna, services, tmp_path)
    mother = member(
        "4111111111111111", "ДМС-100", "parent", first_name="Ольга", birth_date="1960-02-03"
    )
    await load(services, tmp_path, "policies", FAMILY_HEADER + mother)
    await anna.send("/family")
    await anna.press("➕ Добавить члена семьи")
    await anna.send("4000 0000 0000 0002")
    assert anna.last_own.deleted
    assert anna.last.text == ASK_NUMBER
    await anna.send("4111 1111 1111 1111")
    assert not anna.last_own.deleted
    assert anna.bot_messages[-2].text == (
        "✅ Полис 4111111111111111 добавлен в «👨‍👩‍👧 Семья»: Ольга — родитель."
    )
    assert await holding(services, "4111111111111111") == ("anna@example.ru", "parent")
