"""The clinics map's JSON API (bot/miniapp.py): `initData` signed as Telegram signs it (computed
here from Telegram's description, not by the library the bot checks it with), a forged and an
expired one refused, and only the clinics the person's own programmes cover."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient

from bot.miniapp import LIBRARY, tiles_origin
from core.services import Services
from tests.booking_rig import world as world
from tests.miniapp_rig import api as api
from tests.miniapp_rig import init_data
from tests.people import person

pytestmark = pytest.mark.usefixtures("world")

ANNA = 7001  # tests.people.person(services, 1, ...)'s Telegram id
HERE = {"lat": 55.7539, "lon": 37.6208}  # near «Ромашка» (55.75, 37.61)


async def ask(
    api: TestClient[object, object], authorization: str | None, body: object = HERE
) -> tuple[int, dict[str, object]]:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = await api.post("/miniapp/api/clinics", json=body, headers=headers)
    assert response.headers["Cache-Control"] == "no-store"
    return response.status, await response.json()


async def test_a_valid_init_data_gets_only_the_persons_programmes_clinics(
    api: TestClient[object, object], services: Services
) -> None:
    await person(services, 1, "ДМС-1")  # Anna: programme P1 («Ромашка»), not P2 (C4)
    status, found = await ask(api, "tma " + init_data(ANNA, services.clock.now()))
    assert status == 200
    clinics = found["clinics"]
    assert isinstance(clinics, list)
    assert [(c["name"], c["online_booking"]) for c in clinics] == [("Клиника «Ромашка»", True)]
    [romashka] = clinics
    assert romashka["specialties"] == ["терапевт", "лор"]
    assert 500 < romashka["meters"] < 1000
    # Filters: a specialty the clinic has not; online booking only.
    body = {**HERE, "specialty": "хирург"}
    assert await ask(api, "tma " + init_data(ANNA, services.clock.now()), body) == (
        200,
        {"clinics": [], "limit": 200, "place": {**HERE, "last": False}},
    )
    status, found = await ask(
        api, "tma " + init_data(ANNA, services.clock.now()), {**HERE, "online": True}
    )
    assert [c["name"] for c in found["clinics"]] == ["Клиника «Ромашка»"]  # type: ignore[attr-defined, index]


async def test_forged_expired_or_missing_init_data_is_refused(
    api: TestClient[object, object], services: Services
) -> None:
    await person(services, 1, "ДМС-1")
    now = services.clock.now()
    signed = init_data(ANNA, now)
    forged = signed.replace("7001", "7002")  # another person's id under Anna's signature
    refused = [
        None,
        "",
        signed,  # no "tma " scheme
        "Bearer " + signed,
        "tma " + forged,
        "tma " + init_data(ANNA, now, token="123:another-bot"),
        "tma " + init_data(ANNA, now - timedelta(days=1, minutes=1)),  # older than a day
        "tma " + init_data(ANNA, now + timedelta(hours=1)),  # from the future
    ]
    for authorization in refused:
        assert await ask(api, authorization) == (401, {"error": "unauthorized"}), authorization
    # A day old is still good.
    status, _found = await ask(api, "tma " + init_data(ANNA, now - timedelta(hours=23)))
    assert status == 200


async def test_someone_without_a_profile_or_a_bad_query(
    api: TestClient[object, object], services: Services
) -> None:
    now = services.clock.now()
    assert await ask(api, "tma " + init_data(ANNA, now)) == (403, {"error": "not signed up"})
    await person(services, 1, "ДМС-1")
    for body, why in [
        ({"lat": 91, "lon": 37.6}, "lat is out of range"),
        ({"lat": "55.7", "lon": 37.6}, "lat must be a number"),
        ({"lat": True, "lon": 37.6}, "lat must be a number"),
        ({"lat": 55.7}, "lon must be a number"),
        ({**HERE, "online": "yes"}, "online must be true or false"),
        ({**HERE, "specialty": "x" * 61}, "specialty must be a short text"),
        ([55.7, 37.6], "a JSON object is expected"),
        ({**HERE, "whom": -1}, "whom must be a person's number"),
        ({**HERE, "whom": True}, "whom must be a person's number"),
        ({**HERE, "whom": "0"}, "whom must be a person's number"),
    ]:
        assert await ask(api, "tma " + init_data(ANNA, now), body) == (400, {"error": why})


async def test_the_map_library_is_served_by_the_bot_itself(
    api: TestClient[object, object],
) -> None:
    """Leaflet and its marker clustering from the bot's own server, as packaged (their checksums
    as recorded when they were copied), and no file outside the library."""
    recorded = dict(
        reversed(line.split("  ", 1)) for line in (LIBRARY / "SHA256SUMS").read_text().splitlines()
    )
    assert {"leaflet.min.js", "leaflet.markercluster.min.js", "images/marker-icon.png"} <= set(
        recorded
    )
    for name, digest in recorded.items():
        response = await api.get(f"/miniapp/static/leaflet-1.7.1/{name}")
        assert response.status == 200, name
        assert hashlib.sha256(await response.read()).hexdigest() == digest, name
        assert "immutable" in response.headers["Cache-Control"]
    script = await api.get("/miniapp/static/leaflet-1.7.1/leaflet.min.js")
    assert script.content_type == "text/javascript"
    for path in ["SHA256SUMS", "../miniapp.py", "..%2Fminiapp.py", "images/../../miniapp.py"]:
        assert (await api.get(f"/miniapp/static/leaflet-1.7.1/{path}")).status == 404, path


async def test_the_page_is_the_same_for_everyone_and_admits_only_the_bot_and_its_tiles(
    api: TestClient[object, object],
) -> None:
    response = await api.get("/miniapp?lang=en")
    assert response.status == 200
    html = await response.text()
    assert "<title>Clinics on a map</title>" in html
    assert "tgWebAppData" not in html  # nothing of anyone's: initData stays in the fragment
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy
    assert "connect-src 'self';" in policy
    assert "unsafe" not in policy
    assert response.headers["Cache-Control"] == "no-store"
    assert "Клиники на карте" in await (await api.get("/miniapp?lang=xx")).text()  # Russian
    assert tiles_origin("https://{s}.tiles.example/{z}/{x}/{y}.png") == "https://*.tiles.example"


async def test_book_on_the_map_hands_the_booking_to_the_chat_once(
    api: TestClient[object, object], services: Services
) -> None:
    """«Записаться» on a clinic's card: a message in the person's chat with the booking at that
    clinic one press away (the intent every «Записаться» uses), at most one every ten seconds;
    a clinic not theirs to book online, someone not signed up, a forged initData: nothing."""
    from sqlalchemy import select

    from storage.models import Clinic, ScheduledMessage

    now = services.clock.now()
    async with services.db.unit_of_work() as session:
        ids = {e: i for e, i in await session.execute(select(Clinic.external_id, Clinic.id))}

    async def book(clinic: object, authorization: str) -> tuple[int, dict[str, object]]:
        response = await api.post(
            "/miniapp/api/book", json={"clinic": clinic}, headers={"Authorization": authorization}
        )
        return response.status, await response.json()

    signed = "tma " + init_data(ANNA, now)
    assert await book(ids["C1"], signed) == (403, {"error": "not signed up"})
    anna = await person(services, 1, "ДМС-1")
    assert await book(ids["C1"], signed) == (200, {"sent": True})
    assert await book(ids["C1"], signed) == (200, {"sent": True})  # a double tap: one message
    assert await book(ids["C4"], signed) == (404, {"error": "not bookable"})  # not her programme
    assert await book("C1", signed) == (400, {"error": "clinic must be a number"})
    forged = "tma " + init_data(ANNA, now, token="123:another-bot")
    assert await book(ids["C1"], forged) == (401, {"error": "unauthorized"})
    async with services.db.unit_of_work() as session:
        sent = list(await session.scalars(select(ScheduledMessage)))
    assert [(m.kind, m.user_id) for m in sent] == [("map_handoff", anna.user_id)]
    payload = sent[0].payload
    assert payload["text"] == "miniapp-book-here"
    assert payload["params"] == {"clinic": "Клиника «Ромашка»"}
    [[button]] = payload["buttons"]
    assert (button["intent"], button["ref"]) == ("book-at-clinic", ids["C1"])
