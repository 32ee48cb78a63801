"""The routers' gates (bot/routing.py): what a handler's filters need, what an update offers, and
the production dispatcher with its gates passing routers over for real.

Everywhere else in the suite the gates only check themselves (tests/conftest.py): each update
every other test sends fails it if a gate would have passed over a router whose handler took it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.filters import Command, CommandStart, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bot import routing
from bot.features.booking.callbacks import BookAction
from bot.filters import ButtonText
from bot.routing import Gate, GatedDispatcher, Need, Seen, install_gates, need_of
from core.services import Services
from standin import Person

WHEN = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
ANNA = User(id=5001, is_bot=False, first_name="Анна")


class Flow(StatesGroup):
    first = State()
    second = State()


def message(text: str | None = None, caption: str | None = None) -> Message:
    chat = Chat(id=5001, type="private")
    return Message(message_id=1, date=WHEN, chat=chat, from_user=ANNA, text=text, caption=caption)


def press(data: str) -> CallbackQuery:
    return CallbackQuery(id="1", from_user=ANNA, chat_instance="c", data=data)


def need(*filters: Any, services: Services) -> Need:
    return need_of([FilterObject(check) for check in filters], services.catalogue)


def test_a_state_filter_needs_its_states(services: Services) -> None:
    assert need(StateFilter(None), services=services).states == frozenset({None})
    group = need(StateFilter(Flow), services=services).states
    assert group == frozenset({"Flow:first", "Flow:second"})
    assert need(Flow.first, F.text, services=services).states == frozenset({"Flow:first"})
    assert need(StateFilter(Flow.first, None), services=services).states == frozenset(
        {"Flow:first", None}
    )
    # Any state, or a filter it cannot read: nothing needed; the handler decides.
    assert need(StateFilter("*"), services=services).anything
    assert need(F.text == "да", services=services).anything


def test_commands_labels_and_buttons_are_needed(services: Services) -> None:
    start = need(CommandStart(), services=services)
    assert start.commands == frozenset({"start"})
    assert start.prefixes == frozenset("/")
    # A pattern may match anything: nothing needed of the command.
    assert need(Command(re.compile(r"go_\d+")), services=services).anything
    labels = need(StateFilter(None), ButtonText("menu-help"), services=services).labels
    assert labels is not None
    assert {"помощь", "help"} <= labels  # both languages, folded as `ButtonText` folds
    pressed = need(BookAction.filter(F.action == "clinic"), services=services)
    assert pressed.buttons == frozenset({("bk", ":")})


def test_what_an_update_offers_is_read_as_aiogram_reads_it(services: Services) -> None:
    help_ = need(Command("help"), services=services)
    assert Seen.of(message("/help"), None).meets(help_)
    assert Seen.of(message("  /HELP@dms_bot please"), None).meets(help_)
    assert Seen.of(message(caption="/help"), None).meets(help_)  # a photo's caption
    assert not Seen.of(message("help"), None).meets(help_)
    assert not Seen.of(message("!help"), None).meets(help_)
    assert not Seen.of(message(), None).meets(help_)  # a sticker
    booking = need(StateFilter(None), BookAction.filter(), services=services)
    assert Seen.of(press("bk:clinic:1::"), None).meets(booking)
    assert not Seen.of(press("bkx:clinic"), None).meets(booking)
    assert not Seen.of(press("bk:clinic"), "Flow:first").meets(booking)
    assert not Seen.of(message("bk:clinic"), None).meets(booking)


async def test_a_gate_that_would_pass_over_a_taken_update_fails_the_suite() -> None:
    """The check the whole suite runs on (tests/conftest.py) can fail."""
    router = Router(name="wrong")
    taken: list[str] = []

    @router.message(F.text)
    async def anything(event: Message) -> None:
        taken.append(event.text or "")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    install_gates(dispatcher, catalogue=None)  # type: ignore[arg-type]  # reads no label
    # A wrong gate, as a misread filter would make: it needs /help.
    wrong = Gate("wrong", frozenset({Need(commands=frozenset({"help"}), prefixes=frozenset("/"))}))
    router.message._handler.filters = [FilterObject(wrong)]
    update = Update(update_id=1, message=message("привет"))
    await dispatcher.feed_update(Bot("42:TEST"), update)  # nothing is sent
    assert taken == ["привет"]  # checking: let through, and recorded
    assert len(routing.MISSED) == 1
    assert routing.MISSED[0].startswith("wrong: ")
    routing.MISSED.clear()


@pytest.fixture
def gating(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """The gates for real (not checking), with what each said."""
    monkeypatch.setattr(routing, "CHECKING", False)
    said: list[tuple[str, bool]] = []
    admits = Gate.admits

    def recorded(self: Gate, seen: Seen) -> bool:
        verdict = admits(self, seen)
        said.append((self.router, verdict))
        return verdict

    monkeypatch.setattr(Gate, "admits", recorded)
    return said


async def test_gates_pass_over_routers_and_the_answers_stay(
    gating: list[tuple[str, bool]], anna: Person
) -> None:
    # Typed chatter: only the routers with a handler that may take a message outside a dialogue
    # are tried (the clinics' shared location, say: the gate cannot read `F.location`); the
    # fallback (no gate: it takes anything) answers, as without gates.
    replies = await anna.send("привет")
    assert replies[0].text == (
        "Я не понял сообщение. Выберите раздел в меню ниже или отправьте /help."
    )
    passed_over = {router for router, admitted in gating if not admitted}
    assert {"start", "help", "signup", "booking", "profile"} <= passed_over
    gating.clear()
    # A command: its router admits it, the ones before it do not.
    replies = await anna.send("/help")
    assert replies[0].text is not None
    assert ("help", True) in gating
    assert ("start", False) in gating
    # A press of the sign-up, in its dialogue: only the sign-up admits it of those tried.
    await anna.send("/signup")
    gating.clear()
    await anna.press(anna.inline_labels()[0])
    assert ("signup", True) in gating
    assert not [router for router, admitted in gating if admitted and router != "signup"]


async def test_the_dispatcher_does_not_enter_a_router_its_gate_turns_away(
    gating: list[tuple[str, bool]], anna: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The production dispatcher reads the top routers' gates itself (`GatedDispatcher`): a
    router turned away is not entered at all, and the one that admits the update answers."""
    entered: list[str] = []  # the dispatcher's own routers entered
    propagate = Router.propagate_event

    async def recorded(self: Router, update_type: str, event: Any, **kwargs: Any) -> Any:
        if isinstance(self.parent_router, GatedDispatcher):
            entered.append(self.name)
        return await propagate(self, update_type, event, **kwargs)

    monkeypatch.setattr(Router, "propagate_event", recorded)
    replies = await anna.send("/help")
    assert replies[0].text is not None
    assert ("start", False) in gating
    assert ("help", True) in gating
    assert "start" not in entered
    assert "help" in entered
    turned_away = {router for router, admitted in gating if not admitted}
    assert turned_away
    assert not turned_away & set(entered)  # a nested router's gate is its own root filter


async def test_a_router_with_outer_middleware_is_entered_as_aiogram_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Passing a router over would skip its outer middlewares, which aiogram runs before the
    router's filters: such a router keeps only its own gate, and is entered."""
    monkeypatch.setattr(routing, "CHECKING", False)
    seen: list[str] = []
    quiet, watched = Router(name="quiet"), Router(name="watched")

    @quiet.message(Command("quiet"))
    @watched.message(Command("watched"))
    async def answer(event: Message) -> None:
        seen.append(f"handled {event.text}")

    @watched.message.outer_middleware
    async def watching(handler: Any, event: Message, data: dict[str, Any]) -> Any:
        seen.append(f"watched {event.text}")
        return await handler(event, data)

    dispatcher = GatedDispatcher()
    dispatcher.include_routers(quiet, watched)
    assert install_gates(dispatcher, catalogue=None) == 4  # type: ignore[arg-type]  # and presses
    assert set(dispatcher.gates["message"]) == {quiet}
    await dispatcher.feed_update(Bot("42:TEST"), Update(update_id=1, message=message("/quiet")))
    await dispatcher.feed_update(Bot("42:TEST"), Update(update_id=2, message=message("hi")))
    assert seen == ["handled /quiet", "watched hi"]


def mixed_routers(dispatcher: Dispatcher, ran: list[str]) -> Dispatcher:
    """The dispatcher's own handlers (one skipping), a command router, a state under a nested
    router, one taking anything, and an edited message's handler."""
    commands, outer, nested, anything = (Router(name=n) for n in ("commands", "outer", "n", "any"))

    @dispatcher.message(F.text == "own")
    async def own(event: Message) -> str:
        ran.append("own")
        return "own"

    @dispatcher.message(F.text == "skip")
    async def skipping(event: Message) -> None:
        ran.append("skipping")
        raise SkipHandler

    @commands.message(Command("one"))
    async def one(event: Message) -> str:
        ran.append("one")
        return "one"

    @commands.edited_message()
    async def edited(event: Message) -> str:
        ran.append("edited")
        return "edited"

    @nested.message(StateFilter(Flow.first))
    async def in_flow(event: Message, raw_state: str | None = None) -> str:
        ran.append(f"flow {raw_state}")
        return "flow"

    @anything.message()
    async def fallback(event: Message) -> str:
        ran.append("fallback")
        return "fallback"

    outer.include_router(nested)
    dispatcher.include_routers(commands, outer, anything)
    install_gates(dispatcher, catalogue=None)  # type: ignore[arg-type]  # reads no label
    return dispatcher


@pytest.mark.parametrize("text", ["own", "skip", "/one", "/ONE", "/two", "привет"])
@pytest.mark.parametrize("state", [None, Flow.first.state])
async def test_the_gated_dispatcher_answers_as_aiograms_own(
    text: str, state: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(routing, "CHECKING", False)
    answers = []
    for kind in (Dispatcher, GatedDispatcher):
        ran: list[str] = []
        dispatcher = mixed_routers(kind(), ran)

        @dispatcher.update.outer_middleware
        async def in_state(handler: Any, event: Update, data: dict[str, Any]) -> Any:
            data["raw_state"] = state
            return await handler(event, data)

        bot = Bot("42:TEST")
        sent = await dispatcher.feed_update(bot, Update(update_id=1, message=message(text)))
        edited = Update(update_id=2, edited_message=message(text))
        answers.append((sent, await dispatcher.feed_update(bot, edited), ran))
    assert answers[0] == answers[1]
