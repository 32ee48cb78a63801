"""A decision's prompt on the desk: after a post's button («✅ Согласовать», «❌ Отказать», …) the
bot asks the operator for what the decision needs, and only a *reply* to that prompt (or to the
bot's follow-up about it, «срок от 1 до 365…») answers it. The operators chat with each other in
the same group: a message that is not such a reply is not the decision, and goes on to the other
handlers (or to none). The prompt lapses after LAPSE; a late reply is told to press the button
again, and /cancel (or «отмена») drops the prompt.

`ask` opens a prompt (the state set by the caller), `remember` adds the bot's follow-up to it,
`DeskPrompt(*states)` lets through a reply to an open prompt in one of `states`, and
`DeskPrompt(lapsed=True)` a reply to a prompt past its time (answered by `lapsed`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message, User

from core.clock import Clock
from core.i18n import Translator

LAPSE = timedelta(minutes=15)
KEY = "desk_prompt"  # in the state's data, beside what the decision keeps
CANCEL_WORDS = frozenset({"отмена", "отменить", "cancel"})


def addressed(text: str, operator: User) -> str:
    """The prompt's text naming the operator who pressed the button (a mention): the reply box
    that `ForceReply(selective=True)` opens is theirs, nobody else's in the group."""
    return f"{text}\n{operator.mention_html()}"


async def ask(state: FSMContext, clock: Clock, prompt: Message | None) -> None:
    """The prompt just sent (after the state and its data were set): replies to it count until
    LAPSE from now."""
    ids = [prompt.message_id] if prompt is not None else []
    await state.update_data({KEY: {"ids": ids, "asked_at": clock.now().isoformat()}})


async def remember(state: FSMContext, sent: Message | Any) -> None:
    """The bot's follow-up while the prompt is open (what does not read, explained): a reply to
    it counts as a reply to the prompt."""
    if not isinstance(sent, Message):
        return
    data = await state.get_data()
    prompt = dict(data.get(KEY) or {})
    if not prompt:
        return
    prompt["ids"] = [*prompt.get("ids", []), sent.message_id]
    await state.update_data({KEY: prompt})


def _asked_at(prompt: dict[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(str(prompt["asked_at"]))
    except (KeyError, ValueError):
        return None


class DeskPrompt(Filter):
    """A message replying to the bot's open prompt (or its follow-up), from the operator whose
    state it is (the state is kept per person in the chat), in one of `states` (any, if none
    named). A command is never an answer. `lapsed=False`: the prompt still in time;
    `lapsed=True`: past LAPSE (or stored without its time)."""

    def __init__(self, *states: State, lapsed: bool = False) -> None:
        self.states = frozenset(s.state for s in states)
        self.lapsed = lapsed

    async def __call__(
        self, message: Message, bot: Bot, raw_state: str | None, state: FSMContext, clock: Clock
    ) -> bool:
        if raw_state is None or (self.states and raw_state not in self.states):
            return False
        text = (message.text or "").strip()
        if text.startswith("/") or text.casefold() in CANCEL_WORDS:
            return False  # a command, or «отмена»: never the decision's text (`Cancelling`)
        prompt = (await state.get_data()).get(KEY)
        if not isinstance(prompt, dict):
            return False  # not a dialogue of prompts (a ticket's answer)
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != bot.id:
            return False
        if replied.message_id not in prompt.get("ids", []):
            return False
        asked_at = _asked_at(prompt)
        late = asked_at is None or clock.now() - asked_at > LAPSE
        return late == self.lapsed


class Cancelling(Filter):
    """/cancel, or «отмена» typed (or replied), while a prompt is open."""

    async def __call__(self, message: Message, raw_state: str | None, state: FSMContext) -> bool:
        if raw_state is None or not isinstance((await state.get_data()).get(KEY), dict):
            return False
        text = (message.text or "").strip().casefold()
        command = text.split(maxsplit=1)[0].split("@", 1)[0] if text else ""
        return command == "/cancel" or text in CANCEL_WORDS


async def lapsed(message: Message, state: FSMContext, _: Translator) -> None:
    """A reply to a prompt past its time: nothing decided; the button again."""
    await state.clear()
    await message.reply(_("desk-prompt-expired", minutes=int(LAPSE.total_seconds() // 60)))


async def cancel(message: Message, state: FSMContext, _: Translator) -> None:
    await state.clear()
    await message.reply(_("desk-prompt-cancelled"))
