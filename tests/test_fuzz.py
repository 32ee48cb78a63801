"""The dialogue fuzzer: in every state of every dialogue (each `State` in `bot/fsm`, entered by
its recorded path in tests/fuzz_world.py), hypothesis sends what a person might: random, very
long, emoji, right-to-left, SQL- and HTML-looking text, stickers, photos, documents, contacts,
locations, and forged button presses — another person's ids, malformed data, replayed and
expired buttons. Whatever comes:

- nothing fails (no error is logged, no apology is sent);
- the person gets an answer (a message, or an answered button);
- what the step cannot take leaves the dialogue exactly where it was (state and data);
- nothing of John's (another person) is shown to the one fuzzing.

Hypothesis profiles (tests/conftest.py): `ci`, the default, keeps the whole fuzzer within a minute
on two workers; `--hypothesis-profile=thorough` sends 25 times as much."""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import inspect
import io
import json
import logging
import pkgutil
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import select

import bot.features
import bot.fsm
from bot.features.abroad.callbacks import DeskAbroadAction
from bot.features.abroad.callbacks import DeskAction as AbroadDeskAction
from bot.features.abroad.states import AbroadFlow
from bot.features.bills import callbacks as bill_buttons
from bot.features.booking.callbacks import Action, BookAction, OnVisit, VisitAction
from bot.features.booking.states import BookingFlow
from bot.features.claims.callbacks import Action as ClaimActions
from bot.features.claims.callbacks import ClaimAction, DeskClaimAction
from bot.features.claims.states import ClaimFlow, DeskClaim
from bot.features.clinics import callbacks as clinic_buttons
from bot.features.clinics.states import ClinicsFlow
from bot.features.desk.prompt import KEY as DESK_PROMPT_KEY
from bot.features.family.callbacks import WhomPick
from bot.features.franchise import callbacks as franchise_buttons
from bot.features.identity.states import DeskReason, IdentitySteps
from bot.features.letters.callbacks import Action as LetterActions
from bot.features.letters.callbacks import DeskLetterAction, LetterAction, Verdict
from bot.features.letters.states import LetterDesk, LetterFlow
from bot.features.policies.callbacks import PolicyAction
from bot.features.signup.states import SignUp
from bot.features.tickets.callbacks import Action as TicketActions
from bot.features.tickets.callbacks import DeskAction, DeskTicketAction, TicketAction
from bot.features.tickets.states import TicketFlow
from bot.fsm.dialogues import Dialogue
from bot.middlewares.browsing import ANYWHERE
from core.clock import ManualClock
from core.services import Services, build_services
from standin import Person
from standin.rig import InProcessBot
from standin.telegram import StoredMessage
from storage.models import (
    AbroadCase,
    Appointment,
    Claim,
    Clinic,
    GuaranteeLetter,
    Policy,
    Profile,
    Ticket,
    User,
)
from tests.fuzz_world import JOHN, JOHN_MARKS, OPERATOR, PATHS, Walker, build_world, world_settings
from tests.probe import STICKER, probe_catalogue, probe_feature


def bot_modules() -> list[str]:
    """The modules of `bot/fsm` and of the features' packages (`bot/features/<name>/`)."""
    names = [f"bot.fsm.{m.name}" for m in pkgutil.iter_modules(bot.fsm.__path__)]
    names += [m.name for m in pkgutil.walk_packages(bot.features.__path__, "bot.features.")]
    return names


def every_state() -> list[State]:
    """Every `State` of every `StatesGroup` defined in the modules of `bot/fsm` and the
    features."""
    found: list[State] = []
    for name in bot_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, StatesGroup)
                and value.__module__ == module.__name__
            ):
                found.extend(value.__all_states__)
    return found


STATES = every_state()


def test_every_state_has_a_recorded_path() -> None:
    assert len(STATES) > 40
    missing = [state.state for state in STATES if state not in PATHS]
    assert missing == [], f"states no recorded path enters: {missing}"


# -- what is sent -----------------------------------------------------------------------------

ADVERSARIAL = [
    "'; DROP TABLE users; --",
    "1' OR '1'='1",
    "Robert'); DELETE FROM profiles WHERE ('1'='1",
    "<b>жирный",
    "</i><script>alert(1)</script>",
    '<a href="tg://user?id=5002">ссылка</a>',
    "&amp; &lt; &#x27; &",
    "{name} {0} %s %(x)s ${jndi:ldap://x}",
    "\u202eоткрытый текст",
    "مرحبا، أريد حجز موعد",
    "שלום, אני רוצה לקבוע תור",
    "👨‍👩‍👧‍👦🏳️‍🌈🇷🇺🫠",
    "\u200b\u200d\ufeff",
    "-1",
    "0",
    "99999999999999999999999",
    "31.02.2020",
    "Ж-000001",
    "Ж-000002",
    "JS-424242",
    "+7 999 000-00-01",
    "null",
    "\\x00\\n",
]
COMMANDS = {
    "start", "menu", "help", "cancel", "signup", "recover", "language", "policies", "clinics",
    "book", "visits", "profile", "tickets", "franchise", "bills", "broadcast", "find", "unlink",
    "unlock", "pending", "liftsms", "letters", "sos", "family",
}  # fmt: skip


def typed(text: str) -> bool:
    """What Telegram would deliver as typed text, and not a command (commands leave a dialogue on
    purpose)."""
    if not text.strip() or len(text.encode("utf-16-le")) > 2 * 4096:
        return False
    if text.startswith("/"):
        words = text[1:].split(maxsplit=1)
        return not words or words[0].split("@")[0].lower() not in COMMANDS
    return True


texts = st.one_of(
    st.text(min_size=1, max_size=200),
    st.sampled_from(ADVERSARIAL),
    st.tuples(st.sampled_from(ADVERSARIAL), st.text(max_size=30)).map("".join),
    st.text(st.characters(categories=["So", "Sk", "Mn"]), min_size=1, max_size=40),
    st.text(st.characters(min_codepoint=0x590, max_codepoint=0x6FF), min_size=1, max_size=80),
    st.integers(3000, 4096).map(lambda n: ("Длинный текст жалобы. " * 200)[:n]),
    st.from_regex(r"\d{1,8}", fullmatch=True),
).filter(typed)

ACTIONS = (
    "list", "add", "card", "program", "services", "page", "pdf", "start", "resend", "cancel",
    "read", "accept", "replace", "send", "pay", "drop", "continue", "restart", "open", "near",
    "name", "filter", "specialty", "save", "places", "forget", "show", "clinic", "doctor",
    "month", "day", "none", "time", "confirm", "days", "past", "cancelled", "move", "complaint",
    "gratitude", "noclinic", "done", "edit", "write", "take", "answer", "close", "terms", "agree",
    "bind", "unbind", "yes", "no", "erase", "erase-yes", "erase-no", "document", "pin", "pin-set",
    "pin-change", "pin-remove", "zone", "export", "fields", "field",
)  # fmt: skip


def _callback_classes() -> list[type[CallbackData]]:
    found: set[type[CallbackData]] = set()
    modules = bot_modules()
    modules += ["bot.common.callbacks"]
    for name in modules:
        for value in vars(importlib.import_module(name)).values():
            if (
                inspect.isclass(value)
                and issubclass(value, CallbackData)
                and value is not CallbackData
            ):
                found.add(value)
    return sorted(found, key=lambda cls: (cls.__prefix__, cls.__name__))


def _field(name: str, annotation: Any) -> st.SearchStrategy[Any]:
    if annotation is int or annotation == "int":
        return st.one_of(st.integers(-5, 50), st.integers(-(2**63), 2**63 - 1))
    if name == "action":
        return st.one_of(st.sampled_from(ACTIONS), st.text("abcxyz-_0123456789", max_size=12))
    literal = getattr(annotation, "__args__", None)
    if literal:
        return st.one_of(st.sampled_from(literal), st.text("abc", max_size=5))
    return st.one_of(st.just(""), st.text("abcdefghijklmnopqrstuvwxyz-_0123456789/", max_size=15))


def _packed(cls: type[CallbackData]) -> st.SearchStrategy[str]:
    fields = {name: _field(name, info.annotation) for name, info in cls.model_fields.items()}

    def pack(values: dict[str, Any]) -> str:
        try:
            return cls(**values).pack()
        except ValueError:  # too long for Telegram's 64 bytes, or a value aiogram refuses
            return f"{cls.__prefix__}:"

    return st.fixed_dictionaries(fields).map(pack)


forged_buttons = st.one_of(
    *[_packed(cls) for cls in _callback_classes()],
    st.text(max_size=64).filter(lambda s: len(s.encode()) <= 64),
    st.tuples(
        st.sampled_from(
            [
                *("bk", "vs", "cl", "tk", "pl", "pf", "fr", "rc", "su", "idc", "bl", "dk"),
                *("dgl", "gl", "dka", "rb", "dkc"),
            ]
        ),
        st.text(":0123456789abc-", max_size=30),
    ).map(":".join),
)


# What each step may take and so move on with (or keep in its data: a search's query): typed text
# everywhere (every button can be typed), and where a step asks for them, contacts, locations,
# photos and documents. Anything else must leave the dialogue exactly where it was.
TAKES: dict[State, frozenset[str]] = {
    SignUp.phone: frozenset({"text", "contact"}),
    SignUp.phone_code: frozenset({"text", "contact"}),
    ClinicsFlow.nearby: frozenset({"text", "location"}),
    BookingFlow.clinic: frozenset({"text", "location"}),  # nearest first
    IdentitySteps.photo: frozenset({"photo", "document"}),
    TicketFlow.text: frozenset({"text", "photo", "document"}),
    TicketFlow.photos: frozenset({"text", "photo", "document"}),
    TicketFlow.follow_up: frozenset({"text", "photo", "document"}),
    LetterFlow.service: frozenset({"text", "photo", "document"}),
    LetterFlow.photos: frozenset({"text", "photo", "document"}),
    LetterFlow.answer: frozenset({"text", "photo", "document"}),
    AbroadFlow.location: frozenset({"text", "location"}),
    AbroadFlow.text: frozenset({"text", "location"}),
    AbroadFlow.case: frozenset({"text", "location"}),
    ClaimFlow.photos: frozenset({"text", "photo", "document"}),
    ClaimFlow.document: frozenset({"text", "photo", "document"}),
}
TYPED = frozenset({"text"})
DESK_PROMPTS = (LetterDesk, DeskClaim, DeskReason)  # answered by a reply to the bot's prompt
DESK_BUTTONS: dict[type[StatesGroup], frozenset[str]] = {
    LetterDesk: frozenset({DeskLetterAction.__prefix__}),
    DeskClaim: frozenset({DeskClaimAction.__prefix__}),
}


@dataclass(frozen=True)
class Input:
    kind: str  # text, sticker, photo, document, contact, location, callback
    value: Any = None
    origin: str = ""  # for callbacks: forged, foreign (names John's things), replayed

    def __repr__(self) -> str:
        shown = self.value if not isinstance(self.value, str) else self.value[:120]
        return f"Input({self.kind}, {shown!r}{', ' + self.origin if self.origin else ''})"


def inputs(foreign: list[str], replays: list[str]) -> st.SearchStrategy[Input]:
    choices = [
        texts.map(lambda t: Input("text", t)),
        st.just(Input("sticker")),
        st.tuples(st.binary(min_size=1, max_size=64), st.none() | texts).map(
            lambda v: Input("photo", v)
        ),
        st.tuples(st.binary(max_size=64), st.text(min_size=1, max_size=30)).map(
            lambda v: Input("document", v)
        ),
        st.tuples(
            st.sampled_from(["+79991234567", "+79990000001", "79995550011", "+1 555 0100", "12"]),
            st.booleans(),
        ).map(lambda v: Input("contact", v)),
        st.tuples(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False)).map(
            lambda v: Input("location", v)
        ),
        forged_buttons.map(lambda d: Input("callback", d, "forged")),
        st.sampled_from(foreign).map(lambda d: Input("callback", d, "foreign")),
    ]
    if replays:
        choices.append(st.sampled_from(replays).map(lambda d: Input("callback", d, "replayed")))
    return st.one_of(*choices)


# -- the world, once per run ------------------------------------------------------------------


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory, _sqlite_template: Path) -> Path:
    directory = tmp_path_factory.mktemp("fuzz-world")
    return asyncio.run(build_world(directory, _sqlite_template))


async def johns_buttons(services: Services) -> list[str]:
    """Callback data naming John's policies, visit, ticket and an uncovered clinic, as if
    typed by someone else; and operator buttons pressed in a private chat."""
    async with services.db.unit_of_work() as session:
        john = await session.scalar(select(User).where(User.telegram_id == JOHN))
        assert john is not None
        profile = await session.scalar(select(Profile).where(Profile.user_id == john.id))
        assert profile is not None
        policies = list(
            await session.scalars(
                select(Policy.id).where(Policy.holder_profile_id == profile.id).order_by(Policy.id)
            )
        )
        visit = await session.scalar(
            select(Appointment).where(Appointment.profile_id == profile.id)
        )
        ticket = await session.scalar(select(Ticket.id).where(Ticket.profile_id == profile.id))
        letter = await session.scalar(
            select(GuaranteeLetter.id).where(GuaranteeLetter.profile_id == profile.id)
        )
        claim = await session.scalar(select(Claim.id).where(Claim.profile_id == profile.id))
        other_clinic = await session.scalar(select(Clinic.id).where(Clinic.external_id == "C4"))
        case = await session.scalar(
            select(AbroadCase.id).where(AbroadCase.profile_id == profile.id)
        )
    assert case is not None
    assert len(policies) == 4  # his three and his son's
    assert visit is not None
    assert ticket is not None
    assert letter is not None
    assert claim is not None
    assert other_clinic is not None
    found = [
        PolicyAction(action=action, policy=policy).pack()
        for action in ("card", "program", "services", "pdf")
        for policy in policies
    ]
    found += [VisitAction(action=a, visit=visit.id).pack() for a in (OnVisit.CANCEL, OnVisit.MOVE)]
    found += [
        TicketAction(action=action, id=ticket).pack()
        for action in (TicketActions.OPEN, TicketActions.WRITE)
    ]
    found += [
        franchise_buttons.FranchiseAction(action=action, policy=policies[1]).pack()
        for action in (franchise_buttons.Action.TERMS, franchise_buttons.Action.AGREE)
    ]
    found += [
        BookAction(action=a, slot=visit.slot_id).pack() for a in (Action.TIME, Action.CONFIRM)
    ]
    found += [
        clinic_buttons.ClinicAction(action=action, clinic=other_clinic).pack()
        for action in (clinic_buttons.Action.OPEN, clinic_buttons.Action.CARD)
    ]
    found += [BookAction(action=Action.CLINIC, clinic=other_clinic).pack()]
    found += [DeskTicketAction(action=a, ticket=ticket).pack() for a in DeskAction]
    found += [bill_buttons.BillAction(action=bill_buttons.Action.PAY, charge=1).pack()]
    found += ["dk:idok:1", "dk:idno:1", "rcv:1"]
    found += [
        LetterAction(action=action, id=letter).pack()
        for action in (LetterActions.OPEN, LetterActions.PDF, LetterActions.ANSWER)
    ]
    found += [LetterAction(action=LetterActions.POLICY, id=policies[0]).pack()]
    found += [LetterAction(action=LetterActions.CLINIC, id=other_clinic).pack()]
    found += [DeskLetterAction(action=verdict, letter=letter).pack() for verdict in Verdict]
    found += [DeskAbroadAction(action=a, case=case).pack() for a in AbroadDeskAction]
    found += [ClaimAction(action=ClaimActions.DOCUMENT, id=claim).pack()]
    found += [ClaimAction(action=ClaimActions.POLICY, id=policy).pack() for policy in policies]
    found += [WhomPick(key=policy).pack() for policy in policies]  # his son's key among them
    return found


# -- one state --------------------------------------------------------------------------------


def sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of an SQLite database (what is still in its WAL included)."""
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


def alnum(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


async def johns_things(services: Services) -> list[tuple[object, ...]]:
    """What Anna's presses must never change: John's visits, tickets, letters, policies, cases
    abroad and claims."""
    async with services.db.unit_of_work() as session:
        john = await session.scalar(select(Profile.id).join(User).where(User.telegram_id == JOHN))
        visits = await session.execute(
            select(Appointment.id, Appointment.status, Appointment.slot_id).where(
                Appointment.profile_id == john
            )
        )
        tickets = await session.execute(
            select(Ticket.id, Ticket.status).where(Ticket.profile_id == john)
        )
        letters = await session.execute(
            select(GuaranteeLetter.id, GuaranteeLetter.status).where(
                GuaranteeLetter.profile_id == john
            )
        )
        policies = await session.execute(
            select(Policy.id, Policy.holder_profile_id).where(Policy.number.like("JS%"))
        )
        cases = await session.execute(
            select(AbroadCase.id, AbroadCase.status).where(AbroadCase.profile_id == john)
        )
        claims = await session.execute(
            select(Claim.id, Claim.status).where(Claim.profile_id == john)
        )
        things = (visits, tickets, letters, policies, cases, claims)
        return [tuple(row) for rows in things for row in rows]


class Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def errors_logged() -> Iterator[Errors]:
    handler = Errors()
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)


SHOWING = ("send", "edit", "copyMessage", "forwardMessage")


def readable(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", errors="ignore")


@dataclass
class Case:
    target: State
    dialogue: Dialogue
    johns: list[tuple[object, ...]]
    rig: InProcessBot
    services: Services
    walker: Walker
    person: Person
    state: str | None
    data: dict[str, Any]

    async def act(self, given_input: Input) -> None:
        person, value = self.person, given_input.value
        if given_input.kind == "text":
            await person.send(value)
        elif given_input.kind == "sticker":
            await person.send_content(sticker=STICKER)
        elif given_input.kind == "photo":
            await person.send_photo(value[0], caption=value[1])
        elif given_input.kind == "document":
            await person.send_document(value[0], value[1])
        elif given_input.kind == "contact":
            await person.share_contact(value[0], own=value[1])
        elif given_input.kind == "location":
            await person.share_location(*value)
        else:
            await person.press_callback(self.on_screen(), value)

    def on_screen(self) -> StoredMessage:
        return self.person.bot_messages[-1]

    async def check(self, given_input: Input) -> None:
        standin = self.rig.standin
        calls_before, files_before = len(standin.calls), set(standin.files)
        with errors_logged() as errors:
            await self.act(given_input)
        calls = standin.calls[calls_before:]
        assert not errors.records, [r.getMessage() for r in errors.records]
        chat = str(self.person.chat.id)
        shown = [
            c
            for c in calls
            if c.method.startswith(SHOWING) and str(c.params.get("chat_id")) == chat
        ]
        if given_input.kind == "callback":
            answers = [c for c in calls if c.method == "answerCallbackQuery"]
            assert answers, "the button was not answered (the client keeps spinning)"
            assert shown or any(a.params.get("text") for a in answers), "no answer shown"
        else:
            assert shown, "no answer"
        apology = self.services.catalogue.translator("ru")("error-apology")
        seen = json.dumps([c.params for c in calls], ensure_ascii=False)
        seen += "".join(readable(standin.files[f].data) for f in set(standin.files) - files_before)
        assert apology not in seen
        # What the person typed may come back to them (a policy number, a phone they typed).
        typed_in = alnum(json.dumps(given_input.value, ensure_ascii=False, default=repr))
        leaked = [mark for mark in JOHN_MARKS if mark in seen and alnum(mark) not in typed_in]
        assert leaked == [], f"John's data shown: {leaked}"
        assert await johns_things(self.services) == self.johns, "John's things changed"
        state, data = await self.walker.dialogue(self.person.id)
        if given_input.kind in TAKES.get(self.target, TYPED):
            return  # an answer the step may take: it moves on, or asks again
        if given_input.kind == "callback" and (
            self.dialogue.owns_button(given_input.value, self.rig.dispatcher["intents"])
            or given_input.value.split(":", 1)[0] in ANYWHERE
        ):
            # The dialogue's own button, valid after all (a free time, an earlier step's choice)
            # or not (a time that is taken: the times are shown again): it stays in its
            # dialogue, or ends it (Cancel).
            group = self.target.group.__full_group_name__
            assert state is None or state.startswith(f"{group}:"), f"left for {state}"
            return
        if self.dialogue.browsing and given_input.origin != "foreign":
            return  # nothing is being entered: any section's button leads on
        assert (state, kept(data)) == (self.state, kept(self.data)), "the dialogue moved"


def kept(data: dict[str, Any]) -> dict[str, Any]:
    """What a dialogue keeps, but the bot's messages a desk prompt's reply may answer (each
    explanation of what did not read joins them)."""
    prompt = data.get(DESK_PROMPT_KEY)
    if not isinstance(prompt, dict):
        return data
    return {**data, DESK_PROMPT_KEY: {k: v for k, v in prompt.items() if k != "ids"}}


@pytest.mark.parametrize("target", STATES, ids=lambda state: state.state)
def test_no_input_breaks_a_step(target: State, world: Path, tmp_path: Path) -> None:
    route = PATHS[target]
    database = tmp_path / "case.db"
    shutil.copy(world, database)
    with asyncio.Runner() as runner:
        services = build_services(
            world_settings(tmp_path, database), clock=ManualClock(), catalogue=probe_catalogue()
        )
        rig = InProcessBot(services.settings, services, extra_features=[probe_feature])
        runner.run(rig.start())
        try:
            walker = Walker(rig, services)
            runner.run(walker.walk(route.steps))
            state, data = runner.run(walker.dialogue(route.who))
            assert state == target.state, f"the recorded path ends in {state}"
            person = walker.person(route.who)
            dialogue = rig.dispatcher["dialogues"].of(target.state) or Dialogue(
                states=target.group,
                title_key="",
                begin=person.send,  # the desk's: no buttons of their own…
                # …but a letter's decision buttons: pressed while another decision is awaited,
                # they switch to theirs (the operator changed their mind).
                buttons=DESK_BUTTONS.get(target.group, frozenset()),
            )
            case = Case(
                target,
                dialogue,
                runner.run(johns_things(services)),
                rig,
                services,
                walker,
                person,
                state,
                data,
            )
            foreign = runner.run(johns_buttons(services))
            if route.who == OPERATOR:  # the desk's buttons are an operator's own
                foreign = [
                    press
                    for press in foreign
                    if not press.startswith(("dk:", "dkt:", "dgl:", "dka:", "dkc:"))
                ]
            screen = case.on_screen()
            if target.group in DESK_PROMPTS:  # only a reply to the prompt answers it
                person.replying_to = screen.payload
            replays = [
                button["callback_data"]
                for message in person.bot_messages
                if message is not screen
                for button in message.inline_buttons
                if "callback_data" in button
            ]

            saved = tmp_path / "entered.db"
            sqlite_copy(database, saved)

            @given(inputs(foreign, replays))
            def no_input_breaks_it(given_input: Input) -> None:
                try:
                    runner.run(case.check(given_input))
                finally:
                    # An input the step took (a booking confirmed, a profile erased) moved the
                    # dialogue and may have changed the world: the next starts where this one did.
                    if runner.run(walker.dialogue(route.who)) != (state, data):
                        runner.run(services.db.engine.dispose())
                        sqlite_copy(saved, database)

            no_input_breaks_it()
        finally:
            runner.run(rig.stop())
            runner.run(services.close())
