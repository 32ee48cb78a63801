"""What the bot knows about each dialogue: its title, how to begin it, how to show a step again.

`/start` in the middle of a dialogue offers «Продолжить» (show the current step again) or «Начать
заново» (begin the dialogue afresh); an answer a step cannot read shows that step again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiogram.dispatcher.event.handler import CallableObject
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.common.intents import Intents
from core.notifications import Intent

# Called like an aiogram handler: with the chat's message and whatever handler data it names.
StepHandler = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class Dialogue:
    states: type[StatesGroup]
    title_key: str
    begin: StepHandler
    prompts: Mapping[State, StepHandler] = field(default_factory=dict)
    # Steps that take free text (a ticket's text): a card number in it is masked, not refused.
    free_text: frozenset[State] = frozenset()
    # Nothing is being entered (a section one looks around in): a main-menu label leaves it
    # (bot/middlewares/browsing.py).
    browsing: bool = False
    # Its own buttons: callback data prefixes ("bk"), or a prefix and action ("tk:done") where
    # the same prefix also has buttons that begin it anew. While something is being entered, any
    # other button (another section's, or one that would begin this anew, on an old message) is
    # refused and the dialogue stays where it was (bot/middlewares/browsing.py).
    buttons: frozenset[str] = frozenset()
    # Buttons of another feature this dialogue shows, by intent (sign-up's «Восстановить доступ»
    # is recovery's): their callback prefix is this dialogue's too, as if named in `buttons`.
    shows: frozenset[Intent] = frozenset()
    # Whether it ends when the person turns out to have no profile (erased, moved by recovery):
    # sign-up, recovery and the administrators' dialogues need none (bot/common/profile.py).
    needs_profile: bool = True

    def takes_free_text(self, state_name: str) -> bool:
        return any(state.state == state_name for state in self.free_text)

    def owns_button(self, data: str, intents: Intents) -> bool:
        prefix, _, rest = data.partition(":")
        action = rest.split(":", 1)[0]
        if prefix in self.buttons or f"{prefix}:{action}" in self.buttons:
            return True
        return any(intents.pack(intent).partition(":")[0] == prefix for intent in self.shows)

    def prompt_for(self, state_name: str) -> StepHandler | None:
        for state, prompt in self.prompts.items():
            if state.state == state_name:
                return prompt
        return None


class Dialogues:
    def __init__(self, dialogues: Iterable[Dialogue] = ()) -> None:
        self._by_group: dict[str, Dialogue] = {}
        for dialogue in dialogues:
            self._by_group[dialogue.states.__full_group_name__] = dialogue

    def of(self, state_name: str | None) -> Dialogue | None:
        if not state_name:
            return None
        group = state_name.rpartition(":")[0]
        return self._by_group.get(group)


async def call_step(step: StepHandler, message: Message, data: dict[str, Any]) -> Any:
    return await CallableObject(step).call(message, **data)
