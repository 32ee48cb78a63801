"""The clinics map's API served for a test (`api`), and `initData` signed as Telegram signs it:
computed here from Telegram's description, not by the library the bot checks it with."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from datetime import datetime
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer
from aiohttp.web import Application

from bot.miniapp import miniapp_routes
from core.services import Services
from tests.conftest import TOKEN


def init_data(
    user: int, at: datetime, token: str = TOKEN, language: str = "ru", **extra: str
) -> str:
    """What Telegram hands a Mini App: the fields, and `hash`, the HMAC-SHA256 of their sorted
    `key=value` lines under the key HMAC-SHA256("WebAppData", bot token)."""
    fields = {
        "auth_date": str(int(at.timestamp())),
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps({"id": user, "first_name": "Анна", "language_code": language}),
        **extra,
    }
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


@pytest.fixture
async def api(services: Services) -> AsyncIterator[TestClient[object, object]]:
    app = Application()
    app.add_routes(miniapp_routes(services))
    async with TestClient(TestServer(app)) as client:
        yield client
