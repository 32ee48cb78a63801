"""/broadcast for administrators: a text to every reachable person, with its progress in one
edited message and a final report. The messages go out through the notification sender (its
rate limiter, quiet hours, and 403 handling); a periodic job edits the progress (and finishes a
start cut short: core/broadcasts.py)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.features import Feature, Job
from bot.features.broadcast import buttons, jobs, steps
from bot.features.broadcast.callbacks import Action, BroadcastAction
from bot.features.broadcast.states import BroadcastSteps
from bot.filters import ButtonText, IsAdmin
from bot.fsm.dialogues import Dialogue


def feature() -> Feature:
    router = Router(name="broadcast")
    router.message.filter(F.chat.type == "private", IsAdmin())
    router.callback_query.filter(IsAdmin())
    router.message.register(steps.start, Command("broadcast"))
    text = F.text & ~F.text.startswith("/")
    router.message.register(steps.got_text, StateFilter(BroadcastSteps.text), text)
    confirm = StateFilter(BroadcastSteps.confirm)
    router.message.register(steps.send, confirm, ButtonText("broadcast-send"))
    router.message.register(steps.drop, confirm, ButtonText("broadcast-drop"))
    # An action not in Action matches neither: the fallback's stale answer, as before.
    router.callback_query.register(buttons.on_send, BroadcastAction.filter(F.action == Action.SEND))
    router.callback_query.register(buttons.on_drop, BroadcastAction.filter(F.action == Action.DROP))
    dialogue = Dialogue(
        states=BroadcastSteps,
        title_key="broadcast-title",
        begin=steps.ask_text,
        prompts={BroadcastSteps.text: steps.ask_text, BroadcastSteps.confirm: steps.show_confirm},
        buttons=frozenset({BroadcastAction.__prefix__}),
        needs_profile=False,
    )
    return Feature(
        name="broadcast",
        router=router,
        dialogues=[dialogue],
        jobs=[Job("broadcast-progress", jobs.PROGRESS_EVERY, jobs.report_progress)],
    )
