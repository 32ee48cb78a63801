"""«🆘 Помощь за рубежом» from both sides: whom to call and the number to read out, the case with
the person's location posted to the desk at once, further news joining it, operators taking and
closing it (strangers and forged buttons refused), one case per person, a holder change, the
data export and erasure."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.features.abroad.callbacks import AbroadPolicy, DeskAbroadAction, DeskAction
from bot.features.abroad.jobs import desk_work
from bot.features.abroad.views import posted_text
from core.abroad import NOTES_PER_HOUR, Abroad, NoCover, TooManyNotes, Where, parse_number
from core.clock import ManualClock
from core.data_page import render_html
from core.notifications import PRIORITY_KINDS
from core.services import Services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from standin.telegram import StoredMessage
from storage.models import AbroadCase, AbroadNote, Policy, Profile, ScheduledMessage, User
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.desk_rig import DESK, OPERATOR, STRANGER, in_desk
from tests.people import ANNA_PHONE, JOHN_CONTACTS, audit_actions, signed_up, with_policy
from tests.probe import STICKER
from tests.rosters import POLICY_HEADER, load, policy
from tests.stored import in_database

pytestmark = pytest.mark.db

PROGRAMS = (
    "code,name,kind,description,covers,name_en,covers_en,territory,sum_insured,currency,"
    "assistance_company,assistance_phone\n"
    "V1,Путешествие,VZR,,,Travel,,Весь мир,50000,EUR,Euro Assist,+44 20 7946 0321\n"
    "V2,Путешествие Лайт,VZR,,,,,Европа,30000,EUR,,\n"
    "P1,Стандарт,DMS,,,,,,,,,\n"
)
# The tests' clock stands at 2026-11-24.
ROSTER = POLICY_HEADER + "".join(
    (
        policy("ВЗР-100", kind="VZR", program="V1"),  # Anna's
        policy("ВЗР-200", kind="VZR", program="V2", **JOHN_CONTACTS),  # John's
        policy("ДМС-1"),  # Anna's, no ВЗР
        policy("ВЗР-OLD", kind="VZR", program="V1", end_date="2026-11-01"),
        # Around the tests' day, for the day's grace: ended yesterday, two days ago; starts
        # tomorrow, in two days.
        policy("ВЗР-300", kind="VZR", program="V2", end_date="2026-11-23"),
        policy("ВЗР-310", kind="VZR", program="V2", end_date="2026-11-22"),
        policy("ВЗР-400", kind="VZR", program="V1", start_date="2026-11-25"),
        policy("ВЗР-410", kind="VZR", program="V1", start_date="2026-11-26"),
    )
)
EIFFEL = (48.858370, 2.294481)
MENU = "🆘 Помощь за рубежом"
SHARE = "📍 Отправить, где я"


@pytest.fixture
def settings(tmp_path: Path, database_url: str, request: pytest.FixtureRequest) -> Settings:
    """The desk on; a test parametrised with `settings` None has it off."""
    desk = getattr(request, "param", DESK)
    return make_settings(tmp_path, database_url, flood_rate=1000, operators_chat_id=desk)


@pytest.fixture
async def world(services: Services, tmp_path: Path, rig: InProcessBot) -> None:
    in_desk(rig, OPERATOR, "Ольга", member=True)  # the desk's group exists
    await load(services, tmp_path, "programs", PROGRAMS)
    await load(services, tmp_path, "policies", ROSTER)


def desk_messages(rig: InProcessBot) -> list[StoredMessage]:
    return [m for m in rig.standin.chat(DESK, "supergroup").messages if m.from_bot]


def post_of(rig: InProcessBot, label: str) -> StoredMessage:
    for message in desk_messages(rig):
        if label in (message.text or "") and message.inline_buttons and not message.deleted:
            return message
    raise LookupError(label)


def button(post: StoredMessage, label: str) -> str:
    return str(next(b["callback_data"] for b in post.inline_buttons if b["text"] == label))


async def sos(anna: Person, services: Services, text: str = "Температура 39, нужен врач") -> None:
    """Anna with her ВЗР policy, her location shared and what happened told."""
    await with_policy(anna, services, "ВЗР-100")
    await anna.press(MENU)
    await anna.share_location(*EIFFEL)
    await anna.send(text)


async def test_the_section_says_whom_to_call_and_the_number_to_read_out(
    rig: InProcessBot, services: Services, anna: Person, john: Person, world: None
) -> None:
    await signed_up(anna, services)
    assert MENU not in anna.reply_buttons  # no ВЗР policy: not in the menu
    await anna.send("/sos")  # the command: told how to get one, and the hotline
    assert "нет действующего полиса ВЗР" in (anna.last.text or "")
    assert "+7 800 555-35-35" in (anna.last.text or "")
    assert anna.inline_labels() == ["➕ Добавить полис"]

    await anna.send("/policies")
    await anna.press("➕ Добавить полис")
    await anna.send("ВЗР-100")
    await anna.send("/menu")
    assert MENU in anna.reply_buttons
    await anna.press(MENU)
    shown = anna.last.text or ""
    assert "Путешествие" in shown
    assert "Euro Assist: +442079460321" in shown  # E.164: Telegram makes it a link that dials
    assert "ВЗР-100" in shown
    assert "VZR-100" in shown  # for a foreign operator
    assert anna.reply_buttons == [SHARE, "⬅️ В меню"]
    await anna.send("назад")
    assert (anna.last.text or "") == "Вы вышли из раздела «Помощь за рубежом»."
    assert MENU in anna.reply_buttons

    # A programme without its own assistance line: the insurer's hotline instead, in English.
    await with_policy(john, services, "ВЗР-200", other=True)
    await john.press("🆘 Help abroad")
    shown = john.last.text or ""
    assert "Call the СК «Тест» hotline: +7 800 555-35-35" in shown
    assert "Policy number: <code>ВЗР-200</code>" in shown
    assert "In Latin letters: <code>VZR-200</code>" in shown
    assert john.reply_buttons == ["📍 Send where I am", "⬅️ Menu"]


async def test_a_case_goes_to_the_desk_at_once_with_the_location(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ВЗР-100")
    await anna.press(MENU)
    await anna.send("отправить")  # typed: told how to share a location; the step stays
    assert "Нажмите кнопку «📍 Отправить, где я»" in (anna.last.text or "")
    await anna.send_content(sticker=STICKER)
    assert "Нажмите кнопку «📍 Отправить, где я»" in (anna.last.text or "")
    await anna.share_location(*EIFFEL)
    told = anna.last.text or ""
    assert "SOS-000001" in told  # filed and posted the moment the location arrived
    assert "передано операторам страховой как срочное" in told
    assert "Что случилось?" in told
    assert anna.reply_buttons == ["Пропустить", SHARE, "⬅️ Назад"]
    await anna.send_content(sticker=STICKER)
    assert (anna.last.text or "") == "Напишите словами, что случилось, или нажмите «Пропустить»."
    await anna.send("Температура 39, нужен врач")
    told = anna.last.text or ""
    assert "Добавлено к обращению <b>SOS-000001</b>" in told
    assert "чеки и счета" in told
    assert "рецепты" in told

    await deliver(rig, services)
    post = post_of(rig, "SOS-000001")
    text = post.text or ""
    assert "СРОЧНО" in text
    assert "Петрова Анна Сергеевна" in text
    assert ANNA_PHONE in text  # the full phone: the desk calls back
    assert "язык: ru" in text
    assert "Полис ВЗР: ВЗР-100 · программа: Путешествие" in text
    assert "Ассистанс: Euro Assist, +442079460321" in text
    assert "https://maps.google.com/?q=48.858370,2.294481" in text
    assert "не описано — уточните по телефону" in text  # what happened follows as a reply
    pins = [m for m in desk_messages(rig) if "venue" in m.payload or "location" in m.payload]
    assert len(pins) == 1
    assert pins[0].payload["location"]["latitude"] == pytest.approx(EIFFEL[0])
    assert pins[0].payload["reply_to_message"]["message_id"] == post.message_id

    # Another location and a text within the open case: replies to its post.
    await anna.share_location(48.86, 2.35)
    assert (anna.last.text or "").startswith("Добавлено к обращению")
    await anna.send("Едем в больницу Hôpital Lariboisière")
    await deliver(rig, services)
    replies = [
        m
        for m in desk_messages(rig)
        if (m.payload.get("reply_to_message") or {}).get("message_id") == post.message_id
    ]
    assert any("Температура 39, нужен врач" in (m.text or "") for m in replies)
    assert any("новое место" in (m.text or "") for m in replies)
    assert any("Lariboisière" in (m.text or "") for m in replies)
    assert len([m for m in replies if "location" in m.payload]) == 2

    # One case per person: the section shows it open, and what is sent joins it.
    await anna.press("⬅️ В меню")
    await anna.press(MENU)
    assert "У вас открыто обращение <b>SOS-000001</b>" in (anna.last.text or "")
    await anna.share_location(48.87, 2.36)
    async with services.db.unit_of_work() as session:
        assert len((await session.scalars(select(AbroadCase))).all()) == 1
        assert len((await session.scalars(select(AbroadNote))).all()) == 4
    assert "abroad.submitted" in await audit_actions(services)


async def test_a_place_typed_and_nothing_told(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    """No location to share (a desktop): the place typed; «пропустить» typed for the text."""
    await with_policy(anna, services, "ВЗР-100")
    await anna.send("/sos")
    await anna.send("я")
    assert "хотя бы 3 буквы" in (anna.last.text or "")
    await anna.send("Рим, отель Artemide, номер 512")
    assert "SOS-000001" in (anna.last.text or "")
    assert "Что случилось?" in (anna.last.text or "")
    await anna.send("пропустить")
    assert "чеки и счета" in (anna.last.text or "")
    assert anna.reply_buttons == [SHARE, "⬅️ В меню"]
    await deliver(rig, services)
    text = post_of(rig, "SOS-000001").text or ""
    assert "Где: со слов: Рим, отель Artemide, номер 512" in text
    assert "не описано — уточните по телефону" in text
    assert not [m for m in desk_messages(rig) if "location" in m.payload]


async def test_operators_take_and_close_and_the_person_is_told(
    rig: InProcessBot, services: Services, anna: Person, john: Person, world: None
) -> None:
    await sos(anna, services)
    await with_policy(john, services, "ВЗР-200", other=True)
    await deliver(rig, services)
    post = post_of(rig, "SOS-000001")
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    stranger = in_desk(rig, STRANGER, "Чужой", member=False)

    # Someone in the group who is not an operator, and a person forging the button: refused.
    await stranger.press_callback(post, button(post, "🛠 Взять в работу"))
    assert stranger.last_callback_answer is not None
    assert stranger.last_callback_answer.get("text") == "Это действие доступно только операторам."
    forged = DeskAbroadAction(action=DeskAction.CLOSE, case=1).pack()
    await john.press_callback(john.last, forged)
    assert john.last_callback_answer is not None
    assert john.last_callback_answer.get("text") == "Only operators can do this."
    # An operator naming a case that does not exist, or an action that is not one.
    await operator.press_callback(post, DeskAbroadAction(action=DeskAction.TAKE, case=99).pack())
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "Такого обращения нет."
    await operator.press_callback(post, "dka:bogus:1")
    assert operator.last_callback_answer is not None
    assert (
        operator.last_callback_answer.get("text") == "Эта кнопка уже не действует. Откройте /menu."
    )
    async with services.db.unit_of_work() as session:
        case = await session.get(AbroadCase, 1)
        assert case is not None
        assert case.status == "open"

    await operator.press_callback(post, button(post, "🛠 Взять в работу"))
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "Обращение SOS-000001 — ваше."
    refreshed = post_of(rig, "SOS-000001")
    assert "в работе — Ольга" in (refreshed.text or "")
    assert [b["text"] for b in refreshed.inline_buttons] == ["🔒 Закрыть"]
    await deliver(rig, services)
    assert "взял в работу оператор Ольга" in (anna.last.text or "")
    # A second take (from a client still showing the old buttons): refused.
    await operator.press_callback(post, DeskAbroadAction(action=DeskAction.TAKE, case=1).pack())
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text", "").startswith("Это уже решено")

    await operator.press_callback(refreshed, button(refreshed, "🔒 Закрыть"))
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text") == "Обращение SOS-000001 закрыто."
    assert refreshed.inline_buttons == []
    assert "закрыто — Ольга" in (refreshed.text or "")
    await operator.press_callback(post, DeskAbroadAction(action=DeskAction.CLOSE, case=1).pack())
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text", "").startswith("Это уже решено")
    await deliver(rig, services)
    assert "Обращение SOS-000001 закрыто" in (anna.last.text or "")
    actions = await audit_actions(services)
    assert actions.count("abroad.taken") == 1
    assert actions.count("abroad.closed") == 1

    # What Anna sends now makes a new case, not a note to the closed one.
    await anna.send("Мне снова плохо")
    assert "уже закрыто" in (anna.last.text or "")
    await anna.share_location(*EIFFEL)
    assert "SOS-000002" in (anna.last.text or "")


async def test_a_case_is_its_persons_own(
    rig: InProcessBot, services: Services, anna: Person, john: Person, world: None
) -> None:
    """Nobody reaches another's case: not through the service, and not after a holder change."""
    await sos(anna, services)
    await with_policy(john, services, "ВЗР-200", other=True)
    await deliver(rig, services)
    post = post_of(rig, "SOS-000001")
    take = button(post, "🛠 Взять в работу")
    async with services.db.unit_of_work() as session:
        johns = await session.scalar(select(Profile).where(Profile.email == JOHN_CONTACTS["email"]))
        assert johns is not None
        with pytest.raises(LookupError):  # Anna's case, named by John
            await services.abroad.add(johns, 1, None, "чужое")
        anna_policy = await session.scalar(select(Policy).where(Policy.number == "ВЗР100"))
        assert anna_policy is not None
        with pytest.raises(NoCover):  # a case on a policy that is not his
            await services.abroad.submit(johns, anna_policy.id, Where(place="Рим"), None)
        # The policy goes to John: Anna's case on it ends, and is not his.
        await services.holders.change(anna_policy, johns)
    async with services.db.unit_of_work() as session:
        case = await session.get(AbroadCase, 1)
        assert case is not None
        assert case.status == "released"
        assert case.profile_id != johns.id
        assert await services.abroad.open_case(johns) is None
    await john.press("🆘 Help abroad")
    assert "SOS-000001" not in (john.last.text or "")
    assert "ВЗР-100" in (john.last.text or "")  # the policy is his now (one of his two)
    await deliver(rig, services)
    # Anna is told her case ended, and whom to call.
    assert any(
        "обращение SOS-000001 закрыто" in (m.text or "") and "+7 800 555-35-35" in (m.text or "")
        for m in anna.bot_messages
    )
    # The desk: told in a reply; the pin and what Anna wrote taken down; the card, edited by
    # the desk job, a placeholder without her data or buttons.
    told = [m.text or "" for m in desk_messages(rig) if not m.deleted]
    assert any("полис перешёл к другому держателю — обращение закрыто" in t for t in told)
    pins = [m for m in desk_messages(rig) if "location" in m.payload or "venue" in m.payload]
    assert pins
    assert all(m.deleted for m in pins)
    assert all(m.deleted for m in desk_messages(rig) if "Температура" in (m.text or ""))
    await desk_work(rig.bot, services)
    card = next(m for m in desk_messages(rig) if m.message_id == post.message_id)
    assert "полис перешёл к другому держателю" in (card.text or "")
    assert "Петрова" not in (card.text or "")
    assert card.inline_buttons == []
    async with services.db.unit_of_work() as session:
        case = await session.get(AbroadCase, 1)
        assert case is not None
        assert case.card_stale is False
    operator = in_desk(rig, OPERATOR, "Ольга", member=True)
    await operator.press_callback(post, take)  # a client still showing the old buttons
    assert operator.last_callback_answer is not None
    assert operator.last_callback_answer.get("text", "").startswith("Это уже решено")
    assert "abroad.released" in await audit_actions(services)


async def test_export_and_erasure(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await sos(anna, services)
    await anna.share_location(48.86, 2.35)
    await deliver(rig, services)
    posted = desk_messages(rig)
    # The post and its pin, what happened (a reply); the later place: a line and a pin.
    assert len(posted) == 5
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        assert profile is not None
        user = await session.get(User, profile.user_id)
        assert user is not None
        exported = await services.rights.export(user)
    rows = exported["abroad_cases"]
    assert [row["case"] for row in rows] == ["SOS-000001"] * 3
    assert rows[0]["lat"] == pytest.approx(EIFFEL[0])
    assert rows[1]["text"] == "Температура 39, нужен врач"
    assert rows[2]["lat"] == pytest.approx(48.86)
    page = render_html(exported, services.catalogue.translator("ru"), services.settings.timezone)
    assert "Помощь за рубежом" in page
    assert "ждёт оператора" in page
    assert "48.85837" in page
    assert "отправлен запрос помощи за рубежом" in page

    async with services.db.unit_of_work():
        await services.rights.erase(user)
    await deliver(rig, services)
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(AbroadCase.id)) is None
        assert await session.scalar(select(AbroadNote.id)) is None
    found = await in_database(services.db, ["Температура", "48.85837", "Петрова Анна"])
    assert found == [], "\n".join(map(str, found))
    # Taken down from the group: the post, the pins, the line about the new place.
    assert all(message.deleted for message in desk_messages(rig))


async def test_with_the_desk_off_a_case_waits_and_is_posted_once_it_is_on(
    rig: InProcessBot,
    services: Services,
    anna: Person,
    world: None,
    tmp_path: Path,
    database_url: str,
) -> None:
    await with_policy(anna, services, "ВЗР-100")
    off = Abroad(
        services.db,
        services.clock,
        make_settings(tmp_path, database_url),
        services.notifications,
        services.audit,
    )
    async with services.db.unit_of_work() as session:
        profile = await session.scalar(select(Profile))
        policy_id = await session.scalar(select(Policy.id).where(Policy.number == "ВЗР100"))
        assert profile is not None
        assert policy_id is not None
        case = await off.submit(profile, policy_id, Where(*EIFFEL), "Плохо с сердцем")
        await off.add(profile, case.id, None, "Скорая не едет")
        assert case.desk_post_id is None
    async with services.db.unit_of_work():
        assert await services.abroad.post_waiting() == 1
    async with services.db.unit_of_work():
        assert await services.abroad.post_waiting() == 0  # posted once
    await deliver(rig, services)
    post = post_of(rig, "SOS-000001")
    assert "Плохо с сердцем" in (post.text or "")
    answers = [
        m
        for m in desk_messages(rig)
        if (m.payload.get("reply_to_message") or {}).get("message_id") == post.message_id
    ]
    assert any("Скорая не едет" in (m.text or "") for m in answers)
    assert any("location" in m.payload for m in answers)
    assert posted_text(services.catalogue.translator("ru"), "SOS-000001", False).startswith(
        "Обращение <b>SOS-000001</b> сохранено, но операторы сейчас недоступны"
    )


def test_case_numbers_are_read_from_desk_texts() -> None:
    assert parse_number("🆘 СРОЧНО: помощь за рубежом SOS-000042") == 42
    assert parse_number("нет номера") is None


async def test_the_case_is_filed_when_the_location_arrives_even_with_nothing_typed(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    """The person shares where they are and then types nothing (no time, no signal): the case
    is on the desk already."""
    await with_policy(anna, services, "ВЗР-100")
    await anna.press(MENU)
    await anna.share_location(*EIFFEL)
    await deliver(rig, services)
    post = post_of(rig, "SOS-000001")
    assert "https://maps.google.com/?q=48.858370,2.294481" in (post.text or "")
    async with services.db.unit_of_work() as session:
        case = await session.scalar(select(AbroadCase))
        assert case is not None
        assert case.status == "open"
        assert case.text is None


async def test_only_the_first_post_and_its_pin_jump_the_pacing_and_notes_are_capped(
    rig: InProcessBot, services: Services, anna: Person, clock: ManualClock, world: None
) -> None:
    """Notes and later places go as ordinary desk posts; a person sending note after note is
    told to wait once the case has had its hour's worth."""
    await sos(anna, services)
    await anna.share_location(48.86, 2.35)
    async with services.db.unit_of_work() as session:
        kinds = {
            message.dedupe_key: message.kind
            for message in (await session.scalars(select(ScheduledMessage))).all()
            if (message.dedupe_key or "").startswith("desk:abroad:")
        }
    first = ("desk:abroad:1", "desk:abroad:1:pin")  # the post and its pin
    assert [kinds[key] for key in first] == ["abroad_case", "abroad_case"]
    follow_ups = {key: kind for key, kind in kinds.items() if key not in first}
    assert len(follow_ups) == 3  # what happened; the new place: a line and a pin
    assert set(follow_ups.values()) == {"abroad_note"}
    assert "abroad_note" not in PRIORITY_KINDS

    for n in range(NOTES_PER_HOUR - 2):  # two notes so far: the text and the new place
        await anna.send(f"Новости {n}")
        assert (anna.last.text or "").startswith("Добавлено к обращению")
    await anna.send("Ещё одно")
    assert "уже 10 дополнений за час" in (anna.last.text or "")
    async with services.db.unit_of_work() as session:
        assert len((await session.scalars(select(AbroadNote))).all()) == NOTES_PER_HOUR
        profile = await session.scalar(select(Profile))
        assert profile is not None
        with pytest.raises(TooManyNotes):
            await services.abroad.add(profile, 1, None, "и ещё")
    clock.advance(timedelta(hours=1, minutes=1))
    await anna.send("Ещё одно")
    assert (anna.last.text or "").startswith("Добавлено к обращению")


@pytest.mark.parametrize("settings", [None], indirect=True)
async def test_with_the_desk_off_notes_are_kept_and_the_person_is_told(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ВЗР-100")
    await anna.press(MENU)
    await anna.share_location(*EIFFEL)
    assert "операторы сейчас недоступны" in (anna.last.text or "")
    await anna.send("Температура 39")
    told = anna.last.text or ""
    assert "Добавлено к обращению <b>SOS-000001</b> и сохранено" in told
    assert "операторы сейчас недоступны" in told
    await anna.share_location(48.86, 2.35)
    assert "операторы сейчас недоступны" in (anna.last.text or "")
    await deliver(rig, services)
    assert desk_messages(rig) == []
    async with services.db.unit_of_work() as session:
        notes = (await session.scalars(select(AbroadNote))).all()
        assert [note.text for note in notes] == ["Температура 39", None]
        case = await session.get(AbroadCase, 1)
        assert case is not None
        assert case.desk_post_id is None  # posted once there is a desk (post_waiting)


async def test_several_policies_in_force_the_person_says_which_one_first(
    rig: InProcessBot, services: Services, anna: Person, john: Person, world: None
) -> None:
    """A day's grace on the dates (abroad it may be another day): a policy ended yesterday or
    starting tomorrow is offered, not one ended two days ago or starting in two days. Which one
    is asked before any phone or number is shown; a button or a number typed answers."""
    await with_policy(anna, services, "ВЗР-100")
    for number in ("ВЗР-300", "ВЗР-310", "ВЗР-400", "ВЗР-410"):
        await anna.send("/policies")
        await anna.press("➕ Добавить полис")
        await anna.send(number)
    await with_policy(john, services, "ВЗР-200", other=True)
    await anna.press(MENU)
    shown = anna.last.text or ""
    assert "несколько действующих полисов ВЗР" in shown
    assert "ВЗР-300" in shown  # ended yesterday (Moscow): still today somewhere abroad
    assert "ВЗР-400" in shown  # starts tomorrow
    assert "ВЗР-310" not in shown
    assert "ВЗР-410" not in shown
    assert "+442079460321" not in shown  # no phone before the policy is chosen
    labels = anna.inline_labels()
    assert labels == ["1. Путешествие Лайт · ВЗР-300", "2. Путешествие · ВЗР-100",
                      "3. Путешествие · ВЗР-400"]  # fmt: skip

    await anna.send("7")
    assert "число от 1 до 3" in (anna.last.text or "")
    await anna.send_content(sticker=STICKER)
    assert "Выберите полис" in (anna.last.text or "")
    # A forged button naming John's policy: refused, nothing shown.
    async with services.db.unit_of_work() as session:
        johns = await session.scalar(select(Policy.id).where(Policy.number == "ВЗР200"))
    assert johns is not None
    await anna.press_callback(anna.last, AbroadPolicy(policy=johns).pack())
    assert anna.last_callback_answer is not None
    assert "не действует" in anna.last_callback_answer.get("text", "")

    await anna.send("vzr 100")  # its number, in Latin letters
    shown = anna.last.text or ""
    assert "Euro Assist: +442079460321" in shown
    assert "ВЗР-300" not in shown
    await anna.send("Рим, отель Artemide")
    async with services.db.unit_of_work() as session:
        case = await session.scalar(select(AbroadCase))
        assert case is not None
        assert case.policy_number == "ВЗР-100"

    # With the case open, the section goes straight to its policy; closed, the list again.
    await anna.send("пропустить")
    await anna.press("⬅️ В меню")
    await anna.press(MENU)
    assert "Euro Assist" in (anna.bot_messages[-2].text or "")
    assert "SOS-000001" in (anna.last.text or "")
    async with services.db.unit_of_work():
        await services.abroad.close(1, 1, "Ольга")
    await anna.send("/sos")
    await anna.press("1. Путешествие Лайт · ВЗР-300")
    assert "Звоните на горячую линию СК «Тест»" in (anna.last.text or "")  # V2: no assistance
    await anna.share_location(*EIFFEL)
    async with services.db.unit_of_work() as session:
        case = await session.get(AbroadCase, 2)
        assert case is not None
        assert case.policy_number == "ВЗР-300"  # the day's grace holds for the case too


async def test_back_at_the_text_step_returns_to_the_location_step_and_the_menu_after(
    rig: InProcessBot, services: Services, anna: Person, world: None
) -> None:
    await with_policy(anna, services, "ВЗР-100")
    await anna.press(MENU)
    await anna.share_location(*EIFFEL)
    await anna.press("⬅️ Назад")  # the case is filed: its step, where a location joins it
    assert "У вас открыто обращение <b>SOS-000001</b>" in (anna.last.text or "")
    assert anna.reply_buttons == [SHARE, "⬅️ В меню"]
    await anna.share_location(48.86, 2.35)
    assert (anna.last.text or "").startswith("Добавлено к обращению")
    await anna.press("⬅️ В меню")  # leaving: the main menu's keyboard, not «📍 Отправить, где я»
    assert (anna.last.text or "") == "Вы вышли из раздела «Помощь за рубежом»."
    assert MENU in anna.reply_buttons
    assert SHARE not in anna.reply_buttons
    # Typed «назад» at the text step is a step back too, never a note to the desk.
    async with services.db.unit_of_work():
        await services.abroad.close(1, 1, "Ольга")
    await anna.press(MENU)
    await anna.send("Рим, отель Artemide")
    await anna.send("назад")
    assert "SOS-000002" in (anna.last.text or "")
    async with services.db.unit_of_work() as session:
        notes = (await session.scalars(select(AbroadNote.text))).all()
        assert "назад" not in notes
