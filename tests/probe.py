"""Test-only features: a two-step probe dialogue, a counter, and a handler that fails.

Registered through the same `create_dispatcher(..., extra_features=...)` the product uses.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message
from aiogram.types import User as TelegramUser

from bot.common.profile import Members
from bot.features import Feature
from bot.fsm.dialogues import Dialogue
from core.i18n import LOCALES_DIR, Catalogue, Translator
from storage.models import User

TEST_LOCALES = Path(__file__).parent / "locales"

STICKER = {
    "file_id": "CAACAgIAAx",
    "file_unique_id": "AgADsticker",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}


def probe_catalogue() -> Catalogue:
    return Catalogue((LOCALES_DIR, TEST_LOCALES))


class Probe(StatesGroup):
    name = State()
    city = State()


async def ask_name(message: Message, state: FSMContext, _: Translator) -> None:
    await state.set_state(Probe.name)
    await message.answer(_("probe-ask-name"))


async def ask_city(message: Message, _: Translator) -> None:
    await message.answer(_("probe-ask-city"))


async def got_name(message: Message, state: FSMContext, _: Translator) -> None:
    await state.update_data(name=message.text)
    await state.set_state(Probe.city)
    await ask_city(message, _)


async def got_city(message: Message, state: FSMContext, _: Translator) -> None:
    data = await state.get_data()
    await state.clear()
    await message.answer(_("probe-done", name=data["name"], city=message.text))


async def count(message: Message, state: FSMContext) -> None:
    """Read, yield to other tasks, write: loses increments unless updates are isolated."""
    value = (await state.get_data()).get("count", 0)
    for _ in range(5):
        await asyncio.sleep(0)
    await state.update_data(count=value + 1)


async def slow(message: Message) -> None:
    """Still working when SIGTERM arrives: a graceful stop lets it finish. «Typing…» first, so a
    test sees the update is in hand."""
    await message.bot.send_chat_action(message.chat.id, "typing")  # type: ignore[union-attr]
    await asyncio.sleep(1.5)
    await message.answer("slow done")


async def boom(message: Message, state: FSMContext) -> None:
    await state.set_state(Probe.city)
    raise RuntimeError("probe failure")


async def members_only(
    message: Message, state: FSMContext, member: bool, _: Translator, members: Members
) -> None:
    """A section for signed-up people, as later features build them."""
    if not member:
        await members.offer_signup(message, state, _)
        return
    await message.answer("members only: welcome")


def probe_feature() -> Feature:
    router = Router(name="probe")
    router.message.register(ask_name, Command("probe"))
    router.message.register(count, Command("count"))
    router.message.register(boom, Command("boom"))
    router.message.register(slow, Command("slow"))
    router.message.register(members_only, Command("members"))
    answer = F.text & ~F.text.startswith("/")  # a command is never a step's answer
    router.message.register(got_name, StateFilter(Probe.name), answer)
    router.message.register(got_city, StateFilter(Probe.city), answer)
    dialogue = Dialogue(
        states=Probe,
        title_key="probe-title",
        begin=ask_name,
        prompts={Probe.name: ask_name, Probe.city: ask_city},
    )
    return Feature(
        name="probe", router=router, dialogues=[dialogue], deep_links={"probe_": deep_probe}
    )


async def deep_probe(
    message: Message, payload: str, event_from_user: TelegramUser, user: User
) -> None:
    await message.answer(f"deep link payload: {payload} for {event_from_user.first_name}")
    assert user.telegram_id == event_from_user.id
