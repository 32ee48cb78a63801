"""Nothing a person entered is lost: state committed before the reply, read back after a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from standin import BotApiStandin, Person
from standin.rig import InProcessBot
from storage.db import Database
from storage.fsm import SqlStorage
from tests.conftest import TOKEN, make_settings, start_bot, stop_bot

pytestmark = pytest.mark.db


async def test_a_new_dispatcher_continues_the_dialogue(tmp_path: Path, database_url: str) -> None:
    settings = make_settings(tmp_path, database_url)
    standin = BotApiStandin(bot_id=int(TOKEN.split(":")[0]))

    first = await start_bot(settings, standin)
    await first.person(6001).send("/probe")
    await first.person(6001).send("Анна")
    await stop_bot(first)

    second = await start_bot(settings, standin)
    try:
        replies = await second.person(6001).send("Самара")
        assert [r.text for r in replies] == ["Готово: Анна из города Самара."]
    finally:
        await stop_bot(second)


async def test_state_is_committed_before_the_reply_leaves(
    rig: InProcessBot, anna: Person, database_url: str
) -> None:
    """When Telegram receives the reply showing the next step, another process sees the step."""
    observer = Database(database_url)
    seen: list[str | None] = []
    original = rig.standin.handle

    async def handle_and_look(method: str, params: dict[str, object], uploads: object) -> object:
        if method == "sendMessage":
            key = StorageKey(bot_id=rig.bot.id, chat_id=anna.id, user_id=anna.id)
            seen.append(await SqlStorage(observer).get_state(key))
        return await original(method, params, uploads)  # type: ignore[arg-type]

    rig.standin.handle = handle_and_look  # type: ignore[method-assign]
    try:
        await anna.send("/probe")
        await anna.send("Анна")
    finally:
        await observer.dispose()
    assert seen == ["Probe:name", "Probe:city"]


async def test_many_people_at_once(rig: InProcessBot) -> None:
    people = [rig.person(7000 + i) for i in range(40)]

    async def talk(person: Person) -> list[str | None]:
        texts = []
        for text in ("/start", "/probe", person.user["first_name"], "Уфа"):
            texts.extend(m.text for m in await person.send(text))
        return texts

    results = await asyncio.gather(*(talk(person) for person in people))
    for texts in results:
        assert texts[-1] == "Готово: Анна из города Уфа."


async def test_one_persons_updates_are_handled_in_order(rig: InProcessBot, anna: Person) -> None:
    """/count reads, yields, then writes: concurrent updates of one person must not interleave."""
    await asyncio.gather(*(anna.send("/count") for _ in range(5)))
    key = StorageKey(bot_id=rig.bot.id, chat_id=anna.id, user_id=anna.id)
    assert (await rig.dispatcher.fsm.storage.get_data(key))["count"] == 5
