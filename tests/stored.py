"""Looking for a value where it must not be: every column of every table in the database (as the
database holds it, JSON decoded and walked, bytes read as text), the chat, the log.

A value is compared casefolded, after `squeeze` (e.g. dropping the spaces and dashes a card
number may be written with). Nothing is decrypted: an encrypted column must not hold plaintext.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import MetaData, select

from standin.rig import InProcessBot
from storage.db import Database

Squeeze = Callable[[str], str]


def as_is(text: str) -> str:
    return text


def without_separators(text: str) -> str:
    """A card number as it may be written: «4242 4242-4242 4242» → «4242424242424242»."""
    return "".join(c for c in text if not c.isspace() and c != "-")


@dataclass(frozen=True)
class Found:
    where: str  # «table.column», «chat 5001», «log»
    needle: str
    value: str

    def __str__(self) -> str:
        return f"{self.needle!r} in {self.where}: {self.value[:200]!r}"


def leaves(value: Any) -> Iterator[str]:
    """Every text a stored value holds: JSON (even inside a text column) decoded and walked,
    dates as ISO text, bytes as UTF-8."""
    if value is None:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from leaves(item)
    elif isinstance(value, bytes | bytearray | memoryview):
        yield from leaves(bytes(value).decode("utf-8", "replace"))
    elif isinstance(value, datetime | date):
        yield value.isoformat()
    elif isinstance(value, str):
        yield value
        if value.lstrip()[:1] in ("{", "[", '"'):
            try:
                decoded = json.loads(value)
            except ValueError:
                return
            if decoded != value:
                yield from leaves(decoded)
    else:
        yield str(value)


def _matches(
    where: str, texts: Iterator[str], needles: Collection[str], squeeze: Squeeze
) -> Iterator[Found]:
    wanted = {needle: squeeze(needle).casefold() for needle in needles}
    for text in texts:
        seen = squeeze(text).casefold()
        for needle, form in wanted.items():
            if form in seen:
                yield Found(where, needle, text)


async def in_database(
    db: Database,
    needles: Collection[str],
    *,
    squeeze: Squeeze = as_is,
    skip: Collection[str] = (),
) -> list[Found]:
    """Where the database holds any of `needles`: every table the database has (reflected, so
    a new table is not missed), every column, every row; `skip` names tables left out."""
    metadata = MetaData()
    found: list[Found] = []
    async with db.engine.connect() as connection:
        await connection.run_sync(metadata.reflect)
        for table in metadata.sorted_tables:
            if table.name in skip:
                continue
            for row in await connection.execute(select(table)):
                for column, value in zip(table.columns, row, strict=True):
                    where = f"{table.name}.{column.name}"
                    found += _matches(where, leaves(value), needles, squeeze)
    return found


def in_chats(
    rig: InProcessBot, needles: Collection[str], *, squeeze: Squeeze = as_is
) -> list[Found]:
    """Where a message still in a chat (not deleted) holds any of `needles`, whoever sent it."""
    found: list[Found] = []
    for chat_id, chat in rig.standin.chats.items():
        for message in chat.messages:
            if not message.deleted:
                found += _matches(f"chat {chat_id}", leaves(message.payload), needles, squeeze)
    return found


def in_log(text: str, needles: Collection[str], *, squeeze: Squeeze = as_is) -> list[Found]:
    return list(_matches("log", iter(text.splitlines()), needles, squeeze))
