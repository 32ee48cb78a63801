"""Gates in front of the features' routers: a router is passed over at once when none of its
handlers (its sub-routers' included) could take the event.

aiogram tries a router's handlers one by one, each running its filters, and a message or a press
that the twentieth feature answers went through some sixty checks first: the largest part of
the routing's cost (bench/throughput.py). What most handlers need is plain in their filters: a
dialogue state (`StateFilter`), a command (`Command`), a reply button's label (`ButtonText`), a
kind of button (`CallbackData.filter()`). `install_gates` reads these once the dispatcher is
built and puts in front of each router one check of all of them: the person's state, the typed
command or label, the button's prefix. A filter it cannot read (a magic filter, a feature's own)
is left to the handler: the gate says only "no handler here could match", never "this one will",
so what answers an update is what answered it without gates.

Under `CHECKING` (the test suite turns it on), a gate that would pass a router over lets the
update through instead, and a handler under it that takes the update is recorded in `MISSED`:
every update the tests send checks that the gates are right.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from re import Pattern
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.dispatcher.event.bases import REJECTED, UNHANDLED
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters import Command, Filter, StateFilter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.filters.command import CommandException
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.filters import ButtonText
from bot.middlewares import NextHandler
from core.i18n import Catalogue, fold

GATED = ("message", "callback_query")
CHECKING = False  # tests/conftest.py: gates let everything through and check themselves
MISSED: list[str] = []  # under CHECKING: "router: update" a gate would have passed over wrongly
_REJECTED = "dms_gates_rejected"  # the routers' gates that would have passed the update over


@dataclass(frozen=True)
class Need:
    """What one handler's filters need of an event, as far as they can be read: a necessary
    condition, not a sufficient one. None: nothing needed of that kind."""

    states: frozenset[str | None] | None = None
    commands: frozenset[str] | None = None  # casefolded names
    prefixes: frozenset[str] | None = None  # the characters a command may begin with
    labels: frozenset[str] | None = None  # folded labels of reply buttons, in every language
    buttons: frozenset[tuple[str, str]] | None = None  # (prefix, separator) of callback data

    @property
    def anything(self) -> bool:
        return self == Need()


def _states(allowed: Iterable[Any]) -> frozenset[str | None] | None:
    """The raw states a state filter lets through; None for any."""
    found: set[str | None] = set()
    for state in allowed:
        if state is None or isinstance(state, str):
            if state == "*":
                return None
            found.add(state)
        elif isinstance(state, State):
            if state.state == "*":
                return None
            found.add(state.state)
        elif isinstance(state, StatesGroup):
            found.update(type(state).__all_states_names__)
        elif isinstance(state, type) and issubclass(state, StatesGroup):
            found.update(state.__all_states_names__)
        else:
            return None  # not a kind aiogram knows: the handler decides
    return frozenset(found)


def need_of(filters: Iterable[FilterObject], catalogue: Catalogue) -> Need:
    """What a handler's filters need, from the ones whose meaning is plain."""
    need: dict[str, Any] = {}
    for check in filters:
        rule = check.callback
        if isinstance(rule, StateFilter):
            states = _states(rule.states)
        elif isinstance(rule, State | StatesGroup):
            states = _states([rule])
        else:
            states = None
        if states is not None:
            need["states"] = states & need.get("states", states)
        elif isinstance(rule, Command) and "commands" not in need:
            if rule.commands and not any(isinstance(c, Pattern) for c in rule.commands):
                need["commands"] = frozenset(str(name).casefold() for name in rule.commands)
                need["prefixes"] = frozenset(rule.prefix)
        elif isinstance(rule, ButtonText) and "labels" not in need:
            need["labels"] = frozenset(fold(label) for label in catalogue.variants(rule.key))
        elif isinstance(rule, CallbackQueryFilter) and "buttons" not in need:
            data = rule.callback_data
            need["buttons"] = frozenset({(data.__prefix__, data.__separator__)})
    return Need(**need)


@dataclass(frozen=True)
class Seen:
    """What the needs are checked against, read from the event once."""

    state: str | None
    command: str | None = None  # a command's casefolded name
    prefix: str | None = None  # the character it begins with
    label: str | None = None  # the folded text
    data: str | None = None  # a press's callback data

    @classmethod
    def of(cls, event: TelegramObject, state: str | None) -> Seen:
        if isinstance(event, CallbackQuery):
            return cls(state, data=event.data or "")
        if not isinstance(event, Message):
            return cls(state)
        command = prefix = None
        if text := event.text or event.caption:
            with suppress(CommandException):  # blank: no command
                found = Command.extract_command(text)  # as `Command` reads it
                prefix, command = found.prefix, found.command.casefold()
        return cls(state, command, prefix, fold(event.text) if event.text else None)

    def meets(self, need: Need) -> bool:
        if need.states is not None and self.state not in need.states:
            return False
        if need.commands is not None and (
            self.command not in need.commands or self.prefix not in (need.prefixes or "")
        ):
            return False
        if need.labels is not None and self.label not in need.labels:
            return False
        return need.buttons is None or (
            self.data is not None
            and any(self.data.partition(sep)[0] == prefix for prefix, sep in need.buttons)
        )


class Gate(Filter):
    """A router's root filter: whether any handler under it could take the event."""

    def __init__(self, router: str, needs: frozenset[Need]) -> None:
        self.router = router
        self.needs = tuple(needs)

    def admits(self, seen: Seen) -> bool:
        return any(seen.meets(need) for need in self.needs)

    async def __call__(
        self, event: TelegramObject, raw_state: str | None = None, **data: Any
    ) -> bool | dict[str, Any]:
        if self.admits(Seen.of(event, raw_state)):
            return True
        if not CHECKING:
            return False
        return {_REJECTED: (*data.get(_REJECTED, ()), self.router)}


class GatedDispatcher(Dispatcher):
    """aiogram's dispatcher, passing over a feature router its gate turns away without entering
    it. Entering a router (its middlewares wrapped, its root filters checked) cost as much as the
    gate itself, about ten times an update. The gates are the same objects as the routers' own
    root filters (`install_gates`), read from the event once; under CHECKING every router is
    entered as by aiogram, so the suite checks the very gates this uses."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gates: dict[str, dict[Router, Gate]] = {}  # event type -> its routers' gates

    async def _propagate_event(
        self,
        observer: TelegramEventObserver | None,
        update_type: str,
        event: TelegramObject,
        **kwargs: Any,
    ) -> Any:
        gates = self.gates.get(update_type)
        if not gates or CHECKING:
            return await super()._propagate_event(observer, update_type, event, **kwargs)
        # From here, aiogram's `Router._propagate_event` (3.x), with the gates in the loop.
        if observer:
            passed, found = await observer.check_root_filters(event, **kwargs)
            if not passed:
                return UNHANDLED
            kwargs.update(found)
            response = await observer.trigger(event, **kwargs)
            if response is REJECTED:
                return UNHANDLED
            if response is not UNHANDLED:
                return response
        response = UNHANDLED
        seen: Seen | None = None
        for router in self.sub_routers:
            gate = gates.get(router)
            if gate is not None:
                seen = seen or Seen.of(event, kwargs.get("raw_state"))
                if not gate.admits(seen):
                    continue
            response = await router.propagate_event(update_type=update_type, event=event, **kwargs)
            if response is not UNHANDLED:
                break
        return response


async def check_gates(handler: NextHandler, event: TelegramObject, data: dict[str, Any]) -> Any:
    """Under CHECKING, an inner middleware of every handler: a handler taking an update its
    router's gate (or a parent router's) would have passed over is a wrong gate."""
    rejected = data.get(_REJECTED)
    if rejected:
        MISSED.append(f"{', '.join(rejected)}: {event.model_dump_json(exclude_none=True)}")
    return await handler(event, data)


def _handlers(router: Router, name: str) -> Iterator[HandlerObject]:
    for each in router.chain_tail:
        yield from each.observers[name].handlers


def install_gates(dispatcher: Router, catalogue: Catalogue) -> int:
    """A gate in front of every router of `dispatcher` (not itself) whose handlers, its
    sub-routers' included, all need something of a message or of a press (a router with none
    takes nothing); the number installed. Call it once every router is included."""
    installed = 0
    for router in dispatcher.chain_tail:
        if router is dispatcher:
            continue
        for name in GATED:
            needs = frozenset(
                need_of(handler.filters or (), catalogue) for handler in _handlers(router, name)
            )
            if any(need.anything for need in needs):
                continue  # a handler that may take anything
            observer = router.observers[name]
            gate = Gate(router.name, needs)
            # First of the router's own filters: it is the cheapest to say no.
            observer._handler.filters = [FilterObject(gate), *(observer._handler.filters or ())]
            # The dispatcher's own routers are passed over without being entered, which would
            # skip their outer middlewares too (they run before root filters): not those.
            if (
                isinstance(dispatcher, GatedDispatcher)
                and router.parent_router is dispatcher
                and not len(observer.outer_middleware)
            ):
                dispatcher.gates.setdefault(name, {})[router] = gate
            installed += 1
    if CHECKING:
        for name in GATED:
            dispatcher.observers[name].middleware(check_gates)
    return installed
