"""A child on a parent's account turning 18: the daily job mails the roster's e-mail of their
policy (with the bot's link) and tells the parent in the chat, once; a birthday still to come, one
long past, a spouse, and a second run tell nobody. The day is the insurer's (TIMEZONE)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest
from aiogram import Bot
from sqlalchemy import select

from bot.features.family.jobs import tell_adults
from core.clock import ManualClock
from core.outbox import OutboxItem
from core.services import Services
from core.settings import Settings
from storage.models import Policy, QueuedMail, ScheduledMessage
from tests.conftest import make_settings
from tests.people import person
from tests.rosters import POLICY_HEADER, load, policy


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, bot_username="@dms_test_bot")


# (number, first name, birth date, e-mail, relation); the clock's today is 24.11.2026 in Moscow.
MEMBERS = [
    ("К-1", "Мария", "2008-11-20", "maria@example.ru", "child"),  # 18 four days ago
    ("К-2", "Пётр", "2008-11-25", "petr@example.ru", "child"),  # 18 tomorrow
    ("К-3", "Олег", "2008-10-01", "oleg@example.ru", "child"),  # 18 54 days ago: too long
    ("К-4", "Вера", "2008-11-20", "vera@example.ru", "spouse"),  # not a child
    ("К-5", "Ян", "2008-11-22", "", "child"),  # no e-mail in the roster
]


async def family(services: Services, tmp_path: Path) -> int:
    """Anna holding the members' policies; her user's id."""
    roster = "".join(
        policy(number, first_name=name, birth_date=born, email=email, phone="")
        for number, name, born, email, _relation in MEMBERS
    )
    await load(services, tmp_path, "policies", POLICY_HEADER + roster)
    anna = await person(services, 1, *(number for number, *_rest in MEMBERS))
    async with services.db.unit_of_work() as session:
        for number, _name, _born, _email, relation in MEMBERS:
            held = await session.scalar(
                select(Policy).where(Policy.number == number.replace("-", ""))
            )
            assert held is not None
            held.member_relation = relation
    return anna.user_id


async def run(services: Services) -> None:
    await tell_adults(cast(Bot, None), services)  # the job needs no bot


async def told(services: Services) -> tuple[list[str], list[tuple[str, dict[str, object]]]]:
    """The numbers of the policies marked told, and the parent's messages (key, parameters)."""
    async with services.db.unit_of_work() as session:
        marked = await session.scalars(
            select(Policy.printed_number)
            .where(Policy.adult_told_at.is_not(None))
            .order_by(Policy.id)
        )
        messages = await session.scalars(select(ScheduledMessage).order_by(ScheduledMessage.id))
        return list(marked.all()), [
            (m.payload["text"], m.payload["params"]) for m in messages.all()
        ]


async def test_children_turning_18_are_mailed_and_the_parent_told_once(
    services: Services, clock: ManualClock, tmp_path: Path, outbox: list[OutboxItem]
) -> None:
    anna_user = await family(services, tmp_path)
    await run(services)
    marked, messages = await told(services)
    assert marked == ["К-1", "К-5"]
    assert messages == [
        ("family-adult-parent", {"name": "Мария", "number": "К-1", "mailed": "yes"}),
        ("family-adult-parent", {"name": "Ян", "number": "К-5", "mailed": "no"}),
    ]
    async with services.db.unit_of_work() as session:
        [queued] = (await session.scalars(select(QueuedMail))).all()
        assert (queued.kind, queued.recipient) == ("family-adult", "maria@example.ru")
        parent = await session.scalar(
            select(ScheduledMessage.user_id).where(ScheduledMessage.dedupe_key.is_not(None))
        )
        assert parent == anna_user
    assert await services.mail_queue.send_due() == 1
    [mail] = [item for item in outbox if item.to == "maria@example.ru"]
    assert mail.subject == "Мария, полис К-1 теперь можно привязать к своему профилю"
    assert mail.text.startswith("Здравствуйте, Мария!\n\nВам исполнилось 18 лет.")
    assert mail.text.endswith("\n\nБот: https://t.me/dms_test_bot")

    await run(services)  # run again: nobody new
    assert await told(services) == (marked, messages)
    assert await services.mail_queue.send_due() == 0

    # 22:00 UTC is already the 25th in Moscow: Pyotr is 18 there, and is told.
    clock.advance(datetime(2026, 11, 24, 22, tzinfo=UTC) - clock.now())
    await run(services)
    marked, messages = await told(services)
    assert marked == ["К-1", "К-2", "К-5"]
    assert messages[-1] == (
        "family-adult-parent",
        {"name": "Пётр", "number": "К-2", "mailed": "yes"},
    )
    text = services.catalogue.text("ru", "family-adult-parent", messages[-1][1])
    assert text == (
        "🎂 Пётр: 18 лет.\nТеперь Пётр может сам(а) зарегистрироваться в боте и привязать полис "
        "К-2 к своему профилю — тогда полис уйдёт из вашего кабинета. Мы написали об этом на "
        "почту из списка работодателя."
    )
