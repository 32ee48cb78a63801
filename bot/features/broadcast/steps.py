"""/broadcast: the text (after the command, or asked for), its preview with «Отправить» and
«Отмена» (buttons, or typed), and the start."""

from __future__ import annotations

from aiogram.filters import CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.features.broadcast import keyboards, views
from bot.features.broadcast.dialogue import BroadcastData
from bot.features.broadcast.states import BroadcastSteps
from core.broadcasts import Broadcasts
from core.i18n import Markup, Translator
from core.settings import Settings

TEXT_LIMIT = 4000  # Telegram takes 4096 characters; a little room for the HTML tags


async def ask_text(message: Message, state: FSMContext, _: Translator, settings: Settings) -> None:
    await state.set_state(BroadcastSteps.text)
    await message.answer(views.ask_text(_, settings.quiet_hours))


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
    data = await BroadcastData.load(state)
    data.text = text
    await data.save(state)
    await show_confirm(message, state, _, broadcasts)


async def show_confirm(
    message: Message, state: FSMContext, _: Translator, broadcasts: Broadcasts
) -> None:
    text = (await BroadcastData.load(state)).text
    await message.answer(
        _("broadcast-preview", count=await broadcasts.audience(), text=Markup(text)),
        reply_markup=keyboards.preview(_),
    )


async def send(message: Message, state: FSMContext, _: Translator, broadcasts: Broadcasts) -> None:
    """«Отправить»: to every reachable person, the progress in one message edited (jobs.py)."""
    text = (await BroadcastData.load(state)).text
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
    """«Отмена»: nothing sent."""
    await state.clear()
    await message.answer(_("broadcast-dropped"))
