"""The operators' desk: its chat, an operator and a stranger in it, and the settings naming it.

`settings` is a fixture imported by name into the test modules whose bot has the desk.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from standin import Person
from standin.rig import InProcessBot
from tests.conftest import make_settings

DESK = -100777
OPERATOR, STRANGER = 9901, 9902


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url, flood_rate=1000, operators_chat_id=DESK)


def in_desk(rig: InProcessBot, user_id: int, name: str, member: bool) -> Person:
    chat = rig.standin.chat(DESK, "supergroup", "Операторы")
    if member:
        rig.standin.members[(DESK, user_id)] = "member"
    return Person(rig.standin, rig.feed, user_id, name, "ru", chat)
