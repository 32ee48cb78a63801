"""/broadcast for administrators: a text to every reachable person, with its progress in one
edited message and a final report. The messages go out through the notification sender (its
rate limiter, quiet hours, and 403 handling); a periodic job edits the progress (and finishes a
start cut short: core/broadcasts.py)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Literal

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.common.keyboards import drop_buttons, inline
from bot.features import Feature, Job
from bot.filters import ButtonText, IsAdmin
from bot.fsm.broadcast import BroadcastSteps
from bot.fsm.dialogues import Dialogue
from core.broadcasts import Broadcasts, Progress
from core.i18n import Catalogue, Markup, Translator
from core.services import Services
from core.settings import Settings

logger = logging.getLogger(__name__)

TEXT_LIMIT = 4000  # Telegram takes 4096 characters; a little room for the HTML tags
PROGRESS_EVERY = timedelta(seconds=2)


class BroadcastAction(CallbackData, prefix="bc"):
    action: Literal["send", "drop"]  # anything else is not this button: the stale answer


async def ask_text(message: Message, state: FSMContext, _: Translator, settings: Settings) -> None:
    await state.set_state(BroadcastSteps.text)
    text = _("broadcast-ask-text")
    if settings.quiet_hours:
        start, end = settings.quiet_hours
        text += "\n" + _("broadcast-quiet-note", start=f"{start:%H:%M}", end=f"{end:%H:%M}")
    await message.answer(text)


async def start(
    message: Message,
    command: CommandObject,
    state: FSMContext,
    _: Translator,
    broadcasts: Broadcasts,
    settings: Settings,
) -> None:
    if command.args:
        # The text after the command, with the author's formatting, less the command itself.
        text = message.html_text.split(None, 1)[1].strip()
        await preview(message, text, state, _, broadcasts)
    else:
        await ask_text(message, state, _, settings)


async def got_text(
    message: Message, state: FSMContext, _: Translator, broadcasts: Broadcasts
) -> None:
    await preview(message, message.html_text, state, _, broadcasts)


async def preview(
    message: Message, text: str, state: FSMContext, _: Translator, broadcasts: Broadcasts
) -> None:
    if len(text) > TEXT_LIMIT:
        await message.answer(_("broadcast-too-long", limit=TEXT_LIMIT, length=len(text)))
        await state.set_state(BroadcastSteps.text)
        return
    await state.set_state(BroadcastSteps.confirm)
    await state.update_data(text=text)
    await show_confirm(message, state, _, broadcasts)


async def show_confirm(
    message: Message, state: FSMContext, _: Translator, broadcasts: Broadcasts
) -> None:
    text = (await state.get_data())["text"]
    buttons = [
        (_("broadcast-send"), BroadcastAction(action="send").pack()),
        (_("broadcast-drop"), BroadcastAction(action="drop").pack()),
    ]
    await message.answer(
        _("broadcast-preview", count=await broadcasts.audience(), text=Markup(text)),
        reply_markup=inline([buttons]),
    )


async def send(message: Message, state: FSMContext, _: Translator, broadcasts: Broadcasts) -> None:
    text = (await state.get_data()).get("text")
    await state.clear()
    if not text:
        await message.answer(_("dialogue-gone"))
        return
    assert message.chat is not None
    broadcast = await broadcasts.start(message.chat.id, text)
    shown = await message.answer(
        _("broadcast-started", number=broadcast.id, total=broadcast.recipients)
    )
    await broadcasts.attach_progress(broadcast.id, shown.chat.id, shown.message_id)


async def drop(message: Message, state: FSMContext, _: Translator) -> None:
    await state.clear()
    await message.answer(_("broadcast-dropped"))


async def pressed(
    callback: CallbackQuery,
    callback_data: BroadcastAction,
    state: FSMContext,
    raw_state: str | None,
    _: Translator,
    broadcasts: Broadcasts,
) -> None:
    if not isinstance(callback.message, Message) or raw_state != BroadcastSteps.confirm.state:
        await callback.answer(_("dialogue-gone"), show_alert=True)
        return
    await callback.answer()
    await drop_buttons(callback.message)
    if callback_data.action == "send":
        await send(callback.message, state, _, broadcasts)
    else:
        await drop(callback.message, state, _)


def progress_text(_: Translator, number: int, progress: Progress) -> str:
    key = "broadcast-finished" if progress.done else "broadcast-progress"
    return _(
        key,
        number=number,
        total=progress.total,
        sent=progress.sent,
        failed=progress.failed,
        blocked=progress.blocked,
        left=progress.left,
    )


async def report_progress(bot: Bot, services: Services) -> None:
    """Finish filling a broadcast whose start was cut short; edit each running broadcast's
    progress message when its numbers moved; report the end."""
    catalogue: Catalogue = services.catalogue
    async with services.db.unit_of_work():
        await services.broadcasts.resume()
        running = await services.broadcasts.unfinished()
        changed = [
            item
            for item in running
            if await services.broadcasts.record_progress(item.broadcast, item.progress)
        ]
    for item in changed:
        broadcast, progress = item.broadcast, item.progress
        _ = catalogue.translator(item.author_language or "ru")
        if broadcast.progress_chat_id is None or broadcast.progress_message_id is None:
            continue
        try:
            await bot.edit_message_text(
                text=progress_text(_, broadcast.id, progress),
                chat_id=broadcast.progress_chat_id,
                message_id=broadcast.progress_message_id,
            )
        except TelegramBadRequest as error:  # deleted by the author, or unchanged
            logger.info("broadcast %d: progress not edited: %s", broadcast.id, error.message)
        if progress.done:
            await bot.send_message(
                broadcast.progress_chat_id,
                _(
                    "broadcast-report",
                    number=broadcast.id,
                    total=progress.total,
                    sent=progress.sent,
                    failed=progress.failed,
                    blocked=progress.blocked,
                ),
            )


def feature() -> Feature:
    router = Router(name="broadcast")
    router.message.filter(F.chat.type == "private", IsAdmin())
    router.callback_query.filter(IsAdmin())
    router.message.register(start, Command("broadcast"))
    text = F.text & ~F.text.startswith("/")
    router.message.register(got_text, StateFilter(BroadcastSteps.text), text)
    router.message.register(send, StateFilter(BroadcastSteps.confirm), ButtonText("broadcast-send"))
    router.message.register(drop, StateFilter(BroadcastSteps.confirm), ButtonText("broadcast-drop"))
    router.callback_query.register(pressed, BroadcastAction.filter())
    dialogue = Dialogue(
        states=BroadcastSteps,
        title_key="broadcast-title",
        begin=ask_text,
        prompts={BroadcastSteps.text: ask_text, BroadcastSteps.confirm: show_confirm},
        buttons=frozenset({BroadcastAction.__prefix__}),
        needs_profile=False,
    )
    return Feature(
        name="broadcast",
        router=router,
        dialogues=[dialogue],
        jobs=[Job("broadcast-progress", PROGRESS_EVERY, report_progress)],
    )
