"""The dialogue fuzzer's world: people who hold everything a button can name, and a recorded path
into every state of every dialogue (tests/test_fuzz.py).

The world is built once per test run through the bot itself (sign-up, policies, a visit, a
ticket, a bound card) into an SQLite file; each fuzzed state starts from a copy of it. A path is
the list of steps a person takes from that world to the state: it is replayed through the
production dispatcher, and the fuzzer checks that it ends in its state.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StorageKey
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.features.abroad.states import AbroadFlow
from bot.features.booking.states import BookingFlow
from bot.features.broadcast.states import BroadcastSteps
from bot.features.claims.states import ClaimFlow, DeskClaim
from bot.features.clinics.states import ClinicsFlow
from bot.features.family.states import FamilyAdd, WhomFlow
from bot.features.franchise.states import FranchiseFlow
from bot.features.identity.states import DeskReason, IdentitySteps
from bot.features.letters.states import LetterDesk, LetterFlow
from bot.features.policies.states import PolicyLink
from bot.features.profile.states import ProfileSteps
from bot.features.recovery.states import Recover
from bot.features.signup.states import SignUp
from bot.features.tickets.states import DeskAnswer, TicketFlow
from bot.runtime import create_web_app
from core.claim_details import Amount, BankDetails
from core.claims import NewClaim
from core.clock import ManualClock
from core.importing import Importer
from core.outbox import OutboxItem
from core.services import Services, build_services
from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from storage.models import User
from tests.conftest import make_settings
from tests.delivery_rig import deliver
from tests.family_rig import FAMILY_HEADER, member
from tests.probe import probe_catalogue, probe_feature
from tests.rosters import CLINIC_HEADER, POLICY_HEADER, SLOT_HEADER, load, policy
from tests.signup_steps import code_in

DESK = -100777
ANNA, JOHN, NEWCOMER, RECOVERER, OPERATOR, ADMIN = 5001, 5002, 7001, 7002, 9901, 6001
SETTINGS: dict[str, object] = {
    "flood_rate": 1000,
    "operators_chat_id": DESK,
    "admin_ids": str(ADMIN),
    "ticket_sla": "24h",
    "clinic_access_delay": "30m",
    "franchise_activation_delay": "24h",
}
ANNA_EMAIL = "anna@example.ru"
CLAIM_BIC, CLAIM_ACCOUNT = "044525225", "40817810899991234567"
JOHN_EMAIL = "john.smitov@example.com"
GOOD_CARD = "4242 4242 4242 4242"
JPEG = b"\xff\xd8\xff\xe0 a photo"
COMPLAINT = "Врач опоздал на сорок минут и не извинился."
JOHN_COMPLAINT = "Регистратура потеряла мою карту дважды."
JOHN_PRESCRIBED = "Knee arthroscopy for Mr Smitov"
# What the fuzzer must never show Anna: John's name, contacts, policies and ticket.
JOHN_MARKS = (
    "Смитов",
    "Smitov",
    JOHN_EMAIL,
    "79990000001",
    "9990000001",
    "JS424242",
    "JS515151",
    JOHN_COMPLAINT,
    JOHN_PRESCRIBED,
    "JS616161",
    "Zermatt, Hotel Alpina",
    "Broke my leg on the slope",
    "JS-717171",  # his son's policy
)

PROGRAMS = (
    "code,name,kind,description,covers,assistance_company,assistance_phone\n"
    "P1,Стандарт,DMS,,,,\nP2,Другая,DMS,,,,\n"
    "V1,Путешествие,VZR,,,Euro Assist,+44 20 7946 0321\n"
)
CLINICS = CLINIC_HEADER + (
    "C1,Клиника «Ромашка»,ул. Ленина 1,,55.75,37.61,true,терапевт;лор,P1,,\n"
    "C4,Чужая программа,,,55.77,37.63,true,терапевт,P2,,\n"
)
ANNA_ROW = {"email": ANNA_EMAIL, "phone": "+79991234567"}
JOHN_ROW = {
    "last_name": "Смитов",
    "first_name": "Джон",
    "middle_name": "",
    "birth_date": "1985-05-05",
    "email": JOHN_EMAIL,
    "phone": "+79990000001",
}
POLICIES = POLICY_HEADER + "".join(
    (
        policy("ДМС-1", **ANNA_ROW),
        policy("ДМС-7", franchise_percent="10", **ANNA_ROW),
        policy("ДМС-200", last_name="Иванова", **ANNA_ROW),  # needs an identity check
        policy("JS-424242", **JOHN_ROW),
        policy("JS-515151", franchise_percent="10", **JOHN_ROW),
        policy("ВЗР-1", kind="VZR", program="V1", **ANNA_ROW),
        policy("JS-616161", kind="VZR", program="V1", **JOHN_ROW),
        policy("ВЗР-2", kind="VZR", program="V1", **ANNA_ROW),  # linked only on its path
    )
)
# Anna's daughter on ДМС-3, Anna's own but linked only on the path into «Для кого?» (linking it
# brings the daughter; the other paths' sections have nobody to ask about); John's son on
# JS-424242, linked to him once the world is built (what forged «Для кого?» and policy buttons
# name).
ANNAS_FAMILY = (
    FAMILY_HEADER
    + member("ДМС-3", **ANNA_ROW)
    + member("ДМС-5", "ДМС-3", "child", first_name="Мария", birth_date="2016-05-20", **ANNA_ROW)
)
JOHNS_FAMILY = FAMILY_HEADER + member(
    "JS-717171",
    "JS-424242",
    "child",
    **{**JOHN_ROW, "first_name": "Том", "birth_date": "2015-04-04"},
)
SLOTS = SLOT_HEADER + "".join(
    f"C1,терапевт,Андреева,2026-11-{day}T{hour}:00,30\n"
    for day in (25, 26, 27)
    for hour in ("10", "11", "12")
)


# -- a path: who does what --------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One recorded action. `what`: send (text), press (a button's label on the newest message
    that has it), photo, code (the newest code sent to `arg`), deliver (the notification
    sender's queue, e.g. posts to the desk), reply (text, replying to the bot's newest message:
    a desk prompt's answer)."""

    who: int
    what: str
    arg: str = ""

    def __str__(self) -> str:
        return f"{self.who} {self.what} {self.arg!r}"


def send(who: int, text: str) -> Step:
    return Step(who, "send", text)


def press(who: int, label: str) -> Step:
    return Step(who, "press", label)


@dataclass(frozen=True)
class Route:
    """The steps into `state`, and whose state it is."""

    state: State
    who: int
    steps: tuple[Step, ...]


def _chain(who: int, start: Sequence[Step], *links: tuple[State, Sequence[Step]]) -> list[Route]:
    """Paths through one dialogue: each state's path is the one before it and its own steps."""
    found, steps = [], list(start)
    for state, more in links:
        steps += more
        found.append(Route(state, who, tuple(steps)))
    return found


def _paths() -> list[Route]:
    v, a, r, o = NEWCOMER, ANNA, RECOVERER, OPERATOR
    with_pin = [send(a, "/profile"), press(a, "🔐 PIN-код"), send(a, "2580"), send(a, "2580")]
    complaint_posted = [
        send(a, "/tickets"),
        press(a, "😠 Пожаловаться"),
        press(a, "Без клиники"),
        send(a, COMPLAINT),
        press(a, "✅ Готово"),
        press(a, "📨 Отправить"),
        Step(a, "deliver"),
    ]
    identity = [send(a, "/policies"), press(a, "➕ Добавить полис"), send(a, "ДМС-200")]
    letter_posted = [
        send(a, "/letters"),
        press(a, "➕ Запросить письмо"),
        press(a, "ДМС-1"),
        press(a, "🩺 Услуга в клинике"),
        press(a, "1. Клиника «Ромашка»"),
        send(a, "МРТ коленного сустава"),
        press(a, "Без фото"),
        send(a, "10.12.2026"),
        send(a, "да"),
        Step(a, "deliver"),
    ]
    claim_posted = [
        send(a, "💸 Возмещение"),
        press(a, "➕ Новое заявление"),
        press(a, "ДМС-1 · ДМС"),
        press(a, "Вчера"),
        press(a, "Приём врача"),
        send(a, "12 500"),
        Step(a, "photo", "receipt"),
        press(a, "✅ Готово"),
        send(a, CLAIM_BIC),
        send(a, CLAIM_ACCOUNT),
        send(a, "Петрова Анна Сергеевна"),
        press(a, "📨 Отправить"),
        Step(a, "deliver"),
    ]
    photos = [Step(a, "photo", "1"), Step(a, "photo", "2"), Step(a, "photo", "3")]
    return [
        *_chain(
            v,
            [],
            (SignUp.terms, [send(v, "/signup")]),
            (SignUp.personal_data, [press(v, "✅ Принимаю соглашение")]),
            (SignUp.email, [press(v, "✅ Даю согласие")]),
            (SignUp.email_code, [send(v, "vera@example.ru")]),
            (SignUp.phone, [Step(v, "code", "vera@example.ru")]),
            (SignUp.phone_code, [send(v, "+79995550011")]),
            (SignUp.last_name, [Step(v, "code", "+79995550011")]),
            (SignUp.first_name, [send(v, "Веретенникова")]),
            (SignUp.middle_name, [send(v, "Вера")]),
            (SignUp.birth_date, [press(v, "Нет отчества")]),
            (SignUp.sex, [send(v, "01.02.1995")]),
            (SignUp.document_type, [press(v, "Женский")]),
            (SignUp.document, [press(v, "Паспорт РФ")]),
            (SignUp.summary, [send(v, "45 11 123456")]),
            (SignUp.pin, [press(v, "✅ Всё верно")]),
            (SignUp.pin_repeat, [send(v, "1357")]),
        ),
        *_chain(
            r,
            [],
            (Recover.contact, [send(r, "/recover")]),
            (Recover.code, [send(r, ANNA_EMAIL)]),
            # Anna has no PIN and a bound card: its last four digits and expiry are asked.
            (Recover.card, [Step(r, "code", ANNA_EMAIL), Step(r, "code", "+79991234567")]),
        ),
        Route(
            Recover.pin,
            r,
            (
                *with_pin,
                send(r, "/recover"),
                send(r, ANNA_EMAIL),
                Step(r, "code", ANNA_EMAIL),
                Step(r, "code", "+79991234567"),
            ),
        ),
        Route(PolicyLink.number, a, (send(a, "/policies"), press(a, "➕ Добавить полис"))),
        *_chain(
            a,
            [send(a, "/family")],
            (FamilyAdd.number, [press(a, "➕ Добавить члена семьи")]),
            (FamilyAdd.relation, [send(a, "ДМС-404")]),  # tied to nobody's: who are they?
        ),
        Route(ClinicsFlow.nearby, a, (send(a, "/clinics"),)),
        *_chain(
            a,
            [],
            (BookingFlow.clinic, [send(a, "/book")]),
            (BookingFlow.specialty, [press(a, "1. Клиника «Ромашка»")]),
            (BookingFlow.doctor, [press(a, "терапевт")]),
            (BookingFlow.day, [press(a, "Андреева")]),
            (BookingFlow.time, [press(a, "26")]),
            (BookingFlow.summary, [press(a, "11:00")]),
        ),
        Route(FranchiseFlow.confirm, a, (send(a, "/franchise"), press(a, "✂️ Отвязать карту"))),
        Route(
            FranchiseFlow.pin,
            a,
            (*with_pin, send(a, "/franchise"), press(a, "✂️ Отвязать карту")),
        ),
        *_chain(
            a,
            identity,
            (IdentitySteps.offer, []),
            (IdentitySteps.consent, [press(a, "🪪 Пройти проверку личности")]),
            (IdentitySteps.photo, [press(a, "✅ Даю согласие")]),
            (IdentitySteps.review, photos),
        ),
        Route(
            DeskReason.reason,
            o,
            (
                *identity,
                press(a, "🪪 Пройти проверку личности"),
                press(a, "✅ Даю согласие"),
                *photos,
                press(a, "📨 Отправить"),
                Step(a, "deliver"),
                press(o, "❌ Отклонить"),
            ),
        ),
        *_chain(
            a,
            with_pin,
            (
                ProfileSteps.pin,
                [send(a, "/profile"), press(a, "🔐 PIN-код"), press(a, "Сменить PIN")],
            ),
            (ProfileSteps.pin_new, [send(a, "2580")]),
            (ProfileSteps.pin_repeat, [send(a, "1470")]),
        ),
        Route(ProfileSteps.time_zone, a, (send(a, "/profile"), press(a, "🕐 Часовой пояс"))),
        Route(ProfileSteps.erase, a, (send(a, "/profile"), press(a, "🗑 Удалить мои данные"))),
        *_chain(
            a,
            [send(a, "/tickets")],
            (TicketFlow.clinic, [press(a, "😠 Пожаловаться")]),
            (TicketFlow.text, [press(a, "Без клиники")]),
            (TicketFlow.photos, [send(a, COMPLAINT)]),
            (TicketFlow.summary, [press(a, "✅ Готово")]),
        ),
        Route(
            TicketFlow.follow_up,
            a,
            (
                send(a, "/tickets"),
                press(a, "📂 Мои обращения"),
                press(a, "Ж-000001 · новое"),
                press(a, "✍️ Написать ещё"),
            ),
        ),
        Route(DeskAnswer.text, o, (*complaint_posted, press(o, "💬 Ответить"))),
        *_chain(
            a,
            [send(a, "/letters")],
            (LetterFlow.policy, [press(a, "➕ Запросить письмо")]),
            (LetterFlow.kind, [press(a, "ДМС-1")]),
            (LetterFlow.clinic, [press(a, "🩺 Услуга в клинике")]),
            (LetterFlow.service, [press(a, "1. Клиника «Ромашка»")]),
            (LetterFlow.photos, [send(a, "МРТ коленного сустава")]),
            (LetterFlow.day, [press(a, "Без фото")]),
            (LetterFlow.summary, [send(a, "10.12.2026")]),
        ),
        Route(LetterDesk.approve, o, (*letter_posted, press(o, "✅ Согласовать"))),
        Route(LetterDesk.refuse, o, (*letter_posted, press(o, "❌ Отказать"))),
        Route(LetterDesk.clarify, o, (*letter_posted, press(o, "❓ Уточнить"))),
        Route(
            LetterFlow.answer,
            a,
            (
                *letter_posted,
                press(o, "❓ Уточнить"),
                Step(o, "reply", "В каком отделении?"),
                Step(a, "deliver"),
                press(a, "✍️ Ответить"),
            ),
        ),
        *_chain(
            a,
            [],
            (AbroadFlow.location, [send(a, "/sos")]),
            (AbroadFlow.text, [send(a, "Рим, отель Artemide")]),
            (AbroadFlow.case, [send(a, "пропустить")]),
        ),
        *_chain(
            ADMIN,
            [],
            (BroadcastSteps.text, [send(ADMIN, "/broadcast")]),
            (BroadcastSteps.confirm, [send(ADMIN, "Плановые работы в субботу")]),
        ),
        *_chain(
            a,
            [send(a, "💸 Возмещение")],
            (ClaimFlow.policy, [press(a, "➕ Новое заявление")]),
            (ClaimFlow.care_date, [press(a, "ДМС-1 · ДМС")]),
            (ClaimFlow.care_kind, [press(a, "Вчера")]),
            (ClaimFlow.amount, [press(a, "Приём врача")]),
            (ClaimFlow.photos, [send(a, "12 500")]),
            (ClaimFlow.bic, [Step(a, "photo", "receipt"), press(a, "✅ Готово")]),
            (ClaimFlow.account, [send(a, CLAIM_BIC)]),
            (ClaimFlow.name, [send(a, CLAIM_ACCOUNT)]),
            (ClaimFlow.summary, [send(a, "Петрова Анна Сергеевна")]),
            (ClaimFlow.bank_field, [press(a, "✏️ Реквизиты")]),
        ),
        Route(DeskClaim.amount, o, (*claim_posted, press(o, "✅ Одобрить"))),
        Route(DeskClaim.request, o, (*claim_posted, press(o, "📎 Запросить документ"))),
        Route(DeskClaim.reason, o, (*claim_posted, press(o, "❌ Отказать"))),
        Route(
            ClaimFlow.document,
            a,
            (
                *claim_posted,
                press(o, "📎 Запросить документ"),
                Step(o, "reply", "Нужна выписка из медкарты."),
                Step(a, "deliver"),
                press(a, "📎 Дослать документ"),
            ),
        ),
        Route(  # her daughter's policy comes with ДМС-3: whom is the visit for?
            WhomFlow.choose,
            a,
            (
                send(a, "/policies"),
                press(a, "➕ Добавить полис"),
                send(a, "ДМС-3"),
                send(a, "/book"),
            ),
        ),
        Route(  # a second ВЗР policy in force: which one, before its phone
            AbroadFlow.choose,
            a,
            (
                send(a, "/policies"),
                press(a, "➕ Добавить полис"),
                send(a, "ВЗР-2"),
                send(a, "/sos"),
            ),
        ),
    ]


PATHS: dict[State, Route] = {path.state: path for path in _paths()}


# -- the world --------------------------------------------------------------------------------


async def build_world(directory: Path, template: Path) -> Path:
    """Anna (no PIN; ДМС-1, the co-payment ДМС-7 with a bound card, a visit and a ticket) and John
    (his own policies, his son's, visit and ticket: what forged buttons name). Returns the
    database file."""
    database = directory / "world.db"
    shutil.copy(template, database)
    settings = world_settings(directory, database)
    services = build_services(settings, clock=ManualClock(), catalogue=probe_catalogue())
    rig = InProcessBot(settings, services, extra_features=[probe_feature])
    await rig.start()
    Walker(rig, services).person(OPERATOR)  # the desk group, where tickets are posted
    web = TestClient(TestServer(create_web_app(services, rig.bot, rig.dispatcher["metrics"])))
    await web.start_server()
    codes: list[OutboxItem] = []
    services.outbox.listeners.append(codes.append)
    try:
        for kind, text in (
            ("programs", PROGRAMS),
            ("clinics", CLINICS),
            ("policies", POLICIES),
            ("policies", ANNAS_FAMILY),
            ("slots", SLOTS),
        ):
            if kind == "slots":
                path = directory / "slots.csv"
                path.write_text(text, encoding="utf-8")
                assert (await services.slots.run(path)).rejected == []
            else:
                await load(services, directory, kind, text)
        anna, john = rig.person(ANNA, "Анна", "ru"), rig.person(JOHN, "John", "en")
        await sign_up(anna, codes, ANNA_EMAIL, "+79991234567", ("Петрова", "Анна", "Сергеевна"))
        await sign_up(john, codes, JOHN_EMAIL, "+79990000001", ("Смитов", "Джон", None))
        for person, numbers in (
            (anna, ("ДМС-1", "ДМС-7", "ВЗР-1")),
            (john, ("JS-424242", "JS-515151", "JS-616161")),
        ):
            for number in numbers:
                await person.send("/policies")
                await person.press(person.inline_labels()[-1])  # «➕ Добавить полис»
                await person.send(number)
        await anna.send("/franchise")
        await anna.press("📄 Условия — ДМС-7")
        await anna.press("✅ Согласен с условиями франшизы")
        key_path = str(urlsplit(anna.last.inline_buttons[0]["url"]).path)
        answer = await web.post(
            key_path, data={"number": GOOD_CARD, "expiry": "12/30", "cvc": "123"}
        )
        assert answer.status == 200, await answer.text()
        for person, day in ((anna, "25"), (john, "25")):
            await person.send("/book")
            await person.press(person.inline_labels()[0])
            await person.press("терапевт" if person is anna else "general practitioner")
            await person.press("Андреева")
            await person.press(day)
            await person.press(person.inline_labels()[0 if person is anna else 1])
            await person.press(person.inline_labels()[0])  # confirm
        for person, text in ((anna, COMPLAINT), (john, JOHN_COMPLAINT)):
            await person.send("/tickets")
            await person.press(person.inline_labels()[0])  # a complaint
            await person.press(person.inline_labels()[-1])  # no clinic
            await person.send(text)
            await person.press(person.inline_labels()[0])  # done
            await person.press(person.inline_labels()[0])  # send
        # John's guarantee letter request (what forged letter buttons name).
        await john.send("/letters")
        await john.press("➕ Request a letter")
        await john.press("JS-424242")
        await john.press("🩺 Service at a clinic")
        await john.press(john.inline_labels()[0])  # his recent clinic
        await john.send(JOHN_PRESCRIBED)
        await john.press("No photos")
        await john.send("10.12.2026")
        await john.send("yes")
        await john.send("/sos")  # John's case abroad: what forged buttons name
        await john.send("Zermatt, Hotel Alpina")
        await john.send("Broke my leg on the slope")
        await john.send("⬅️ Menu")
        await johns_claim(rig, services)
        await deliver(rig, services)
        path = directory / "family.csv"
        path.write_text(JOHNS_FAMILY, encoding="utf-8")
        importer = Importer(services.db, services.clock, services.notifications, services.family)
        assert (await importer.run("policies", path)).family_linked == 1  # John's son
    finally:
        await web.close()
        await rig.stop()
        await services.close()
    return database


async def johns_claim(rig: InProcessBot, services: Services) -> None:
    """A reimbursement claim of John's (what forged buttons name), on the desk."""
    receipt = rig.standin.store_file(JPEG + b"john's receipt").file_id
    async with services.db.unit_of_work() as session:
        user = await session.scalar(select(User).where(User.telegram_id == JOHN))
        assert user is not None
        profile = await services.profiles.of(user)
        assert profile is not None
        held = (await services.claims.policies(profile))[0]
        await services.claims.submit(
            profile,
            NewClaim(
                policy_id=held.id,
                care_date=services.claims.today(),
                care_kind="dental",
                amount=Amount(150_000, "RUB"),
                photos=[receipt],
                bank=BankDetails(CLAIM_BIC, CLAIM_ACCOUNT, "John Smitov"),
            ),
        )


def world_settings(directory: Path, database: Path) -> Settings:
    return make_settings(directory, f"sqlite+aiosqlite:///{database}", **SETTINGS)


async def sign_up(
    person: Person,
    codes: list[OutboxItem],
    email: str,
    phone: str,
    names: tuple[str, str, str | None],
) -> None:
    await person.send("/signup")
    await person.press(person.inline_labels()[-1])
    await person.press(person.inline_labels()[-1])
    await person.send(email)
    await person.send(code_in(codes[-1].text))
    await person.share_contact(phone)
    last, first, middle = names
    await person.send(last)
    await person.send(first)
    if middle is None:
        await person.press(person.inline_labels()[0])  # no middle name
    else:
        await person.send(middle)
    await person.send("07.03.1990" if middle else "05.05.1985")
    await person.press(person.inline_labels()[1 if middle else 0])
    await person.press(person.inline_labels()[0])  # Russian passport
    await person.send("45 10 987654" if middle else "45 20 424242")
    await person.press(person.inline_labels()[0])  # all correct
    await person.send("пропустить" if person.user.get("language_code") == "ru" else "skip")


# -- walking a path ---------------------------------------------------------------------------


@dataclass
class Walker:
    """The people of one fuzzed state, on a rig started from a copy of the world."""

    rig: InProcessBot
    services: Services
    codes: list[OutboxItem] = field(default_factory=list)
    people: dict[int, Person] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.services.outbox.listeners.append(self.codes.append)
        self.person(OPERATOR)  # the desk group exists from the start

    def person(self, who: int) -> Person:
        if who not in self.people:
            if who == OPERATOR:
                chat = self.rig.standin.chat(DESK, "supergroup", "Операторы")
                self.rig.standin.members[(DESK, who)] = "member"
                self.people[who] = Person(self.rig.standin, self.rig.feed, who, "Ольга", "ru", chat)
            else:
                self.people[who] = self.rig.person(who, "Анна", "ru")
        return self.people[who]

    async def walk(self, steps: Sequence[Step]) -> None:
        for step in steps:
            person = self.person(step.who)
            if step.what == "send":
                await person.send(step.arg)
            elif step.what == "press":
                await person.press(step.arg)
            elif step.what == "photo":
                await person.send_photo(JPEG + step.arg.encode())
            elif step.what == "code":
                sent = [item for item in self.codes if item.to == step.arg]
                assert sent, f"no code was sent to {step.arg}"
                await person.send(code_in(sent[-1].text))
            elif step.what == "deliver":
                await deliver(self.rig, self.services)
            elif step.what == "reply":
                await person.send(step.arg, reply_to_message=person.bot_messages[-1].payload)
            else:
                raise ValueError(step.what)

    def key(self, who: int) -> StorageKey:
        person = self.person(who)
        return StorageKey(bot_id=self.rig.bot.id, chat_id=person.chat.id, user_id=who)

    async def dialogue(self, who: int) -> tuple[str | None, dict[str, Any]]:
        storage = self.rig.dispatcher.storage
        key = self.key(who)
        return await storage.get_state(key), await storage.get_data(key)
