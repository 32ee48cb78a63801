"""The clinics map: a Telegram Mini App (its page, its JSON API, the map library it is drawn
with), opened by «🗺 На карте» under a list of the nearest clinics and by the bot's menu button.

A Telegram Mini App proves who opens it with `initData`, signed with the bot's token
(core.telegram.org/bots/webapps, «Validating data received via the Mini App»): every call sends
it as `Authorization: tma <initData>`, and it is checked on every call (aiogram's
`safe_parse_webapp_init_data`, then `auth_date` no older than `INIT_DATA_MAX_AGE`). What is asked
goes in a POST body, never in the URL: a place is personal data, and URLs end up in logs. The
answer holds only clinics the programmes of whom the map is about cover (core/clinic_map.py).

Telegram opens Mini Apps at https addresses only: without an https `PUBLIC_BASE_URL` nothing in
the chat offers the map (`MapLinks`); the console opens it anyway (/map), being Telegram itself."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from aiogram.utils.web_app import safe_parse_webapp_init_data
from aiohttp import web

from bot.payment_pages import templates
from core.clinic_map import NotTheirs
from core.clinics import MAP_LIMIT, Listed, specialties_of
from core.family import SELF
from core.notifications import Button, Intent, Payload, Person
from core.services import Services
from core.settings import Settings

logger = logging.getLogger(__name__)

INIT_DATA_MAX_AGE = timedelta(days=1)
# A device's clock may run a little ahead of ours.
CLOCK_SKEW = timedelta(minutes=5)
MAX_BODY = 4096  # bytes: a place and two filters
HANDOFF_EVERY = 10  # seconds: at most one «Записаться» message a person in this long
MAX_SPECIALTY = 60  # characters
# No caching of answers about a person; nothing of the page may be framed or sniffed.
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


class Unauthorized(Exception):
    """The call does not prove a Telegram user of this bot opened the Mini App just now."""


def telegram_user(header: str, token: str, now: datetime) -> int:
    """The Telegram id `Authorization: tma <initData>` proves; raises `Unauthorized`."""
    scheme, _, init_data = header.partition(" ")
    if scheme != "tma" or not init_data:
        raise Unauthorized("no initData")
    try:
        data = safe_parse_webapp_init_data(token, init_data)
    except ValueError:
        raise Unauthorized("bad signature") from None
    if data.user is None:
        raise Unauthorized("no user")
    if not now - INIT_DATA_MAX_AGE <= data.auth_date <= now + CLOCK_SKEW:
        raise Unauthorized("expired")
    return data.user.id


def signed_init_data(
    token: str, user_id: int, first_name: str, language: str, now: datetime
) -> str:
    """`initData` as Telegram hands it to a Mini App opened by this user just now, signed with
    `token` (the console opens the map in a browser this way: it is the bot and Telegram both)."""
    fields = {
        "auth_date": str(int(now.timestamp())),
        "user": json.dumps(
            {"id": user_id, "first_name": first_name, "language_code": language},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
    }
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


def with_init_data(url: str, init_data: str) -> str:
    """The map's address as Telegram opens a Mini App: initData in the fragment (never sent to
    a server by the browser)."""
    return f"{url}#tgWebAppData={quote(init_data)}"


@dataclass(frozen=True)
class MapLinks:
    """The map's address for a web_app button. Telegram opens only https ones: none without an
    https `PUBLIC_BASE_URL` (the console, its own Telegram, sets an http one itself). Neither a
    place nor a name in it: a language, whether to open at the last place, and whose clinics (a
    family member's key: their policy's internal id, checked against the account on every
    call)."""

    base: str | None

    @classmethod
    def of(cls, settings: Settings) -> MapLinks:
        base = str(settings.public_base_url).rstrip("/")
        return cls(base if base.startswith("https://") else None)

    def menu(self) -> str | None:
        """The bot's menu button's: no language (the page takes the person's Telegram one)."""
        return None if self.base is None else f"{self.base}/miniapp"

    def page(self, language: str, whom: int = SELF, *, at_last: bool = False) -> str | None:
        if self.base is None:
            return None
        query = {"lang": language}
        if at_last:
            query["at"] = "last"
        if whom != SELF:
            query["for"] = str(whom)
        return f"{self.base}/miniapp?{urlencode(query)}"


class BadQuery(ValueError):
    pass


class Refused(Exception):
    """An API call answered with an error before it is read: `status` and why."""

    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status = status
        self.why = why


def _coordinate(body: dict[str, Any], name: str, limit: float) -> float:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadQuery(f"{name} must be a number")
    if not math.isfinite(value) or abs(value) > limit:
        raise BadQuery(f"{name} is out of range")
    return float(value)


@dataclass(frozen=True)
class Query:
    """What the map asks for: around (lat, lon), or the person's last place when None; whose
    clinics (`whom`, a `core.family.Patient` key); a specialty; online booking only."""

    place: tuple[float, float] | None
    whom: int
    specialty: str | None
    online: bool


def query_of(body: object) -> Query:
    """The request's JSON read; raises `BadQuery`."""
    if not isinstance(body, dict):
        raise BadQuery("a JSON object is expected")
    place = None
    if "lat" in body or "lon" in body:
        place = _coordinate(body, "lat", 90), _coordinate(body, "lon", 180)
    whom = body.get("whom", SELF)
    if isinstance(whom, bool) or not isinstance(whom, int) or not 0 <= whom < 2**31:
        raise BadQuery("whom must be a person's number")
    specialty = body.get("specialty")
    if specialty is not None and (
        not isinstance(specialty, str) or not 0 < len(specialty) <= MAX_SPECIALTY
    ):
        raise BadQuery("specialty must be a short text")
    online = body.get("online", False)
    if not isinstance(online, bool):
        raise BadQuery("online must be true or false")
    return Query(place, whom, specialty, online)


def clinic_json(listed: Listed) -> dict[str, Any]:
    clinic = listed.clinic
    return {
        "id": clinic.id,
        "name": clinic.name,
        "address": clinic.address,
        "phone": clinic.phone,
        "lat": clinic.lat,
        "lon": clinic.lon,
        "meters": round(listed.meters) if listed.meters is not None else None,
        "specialties": specialties_of(clinic),
        "online_booking": clinic.online_booking,
    }


STATIC = Path(__file__).parent / "static"
# The map library, as Debian packages it (bot/static/leaflet-1.7.1/LICENSES.txt), and the page's
# own script and style, served by the bot itself: the files found there at start, and nothing
# else (no path is read from a request).
LIBRARY = STATIC / "leaflet-1.7.1"
OWN = STATIC / "miniapp"
TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".txt": "text/plain"}
CACHING = {
    LIBRARY: "public, max-age=31536000, immutable",  # the path names the version
    OWN: "no-cache",  # asked again (a 304 is cheap): a deploy changes them under one name
}
# Where the map opens before it knows where the person is (Moscow: the demo's clinics).
CENTER = (55.7558, 37.6173)
TEXTS = (
    "title", "loading", "specialty", "all-specialties", "online-only", "no-location",
    "unauthorized", "not-signed-up", "failed", "none", "route", "close", "m", "km",
    "online-booking", "no-address", "book", "book-sent", "at-last", "no-person",
)  # fmt: skip


def static_files(folder: Path) -> dict[str, tuple[bytes, str]]:
    """A folder's files by their path under it («images/marker-icon.png»), read once."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), TYPES[path.suffix])
        for path in sorted(folder.rglob("*"))
        if path.suffix in TYPES
    }


def static_routes() -> list[web.RouteDef]:
    routes = []
    for folder, caching in CACHING.items():
        files = static_files(folder)
        headers = {"Cache-Control": caching, "X-Content-Type-Options": "nosniff"}

        async def serve(
            request: web.Request,
            files: dict[str, tuple[bytes, str]] = files,
            headers: dict[str, str] = headers,
        ) -> web.Response:
            found = files.get(request.match_info["path"])
            if found is None:
                raise web.HTTPNotFound()
            body, content_type = found
            return web.Response(body=body, content_type=content_type, headers=headers)

        routes.append(web.get(f"/miniapp/static/{folder.name}/{{path:.+}}", serve))
    return routes


def tiles_origin(template: str) -> str:
    """The tile server as a Content-Security-Policy source: its scheme and host, any subdomain
    when the template names one ({s}.tile.example → *.tile.example)."""
    parts = urlsplit(template)
    host = parts.netloc
    if "{s}" in host:
        host = "*." + host.split("{s}.", 1)[-1]
    return f"{parts.scheme}://{host}"


def page_headers(tiles: str) -> dict[str, str]:
    """Only the bot's own scripts, styles and API; images from it and the tile server; framed
    only by Telegram (its web version shows a Mini App in a frame)."""
    return {
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; "
            f"img-src 'self' data: {tiles_origin(tiles)}; connect-src 'self'; "
            "base-uri 'none'; form-action 'none'; "
            "frame-ancestors https://web.telegram.org https://*.telegram.org"
        ),
    }


def miniapp_routes(services: Services) -> list[web.RouteDef]:
    """`POST /miniapp/api/clinics` {lat?, lon?, whom?, specialty?, online?} → {clinics: [...],
    place: {lat, lon, last}}, the nearest first (at most `MAP_LIMIT`); without a place, around
    the person's last one (`Clinics.last_place`). 401 without a valid initData, 403 for someone
    without a profile, 404 for a `whom` not theirs, 409 with no place known, 400 for a query it
    cannot read."""
    token, clock = services.settings.bot_token, services.clock

    def answer(payload: dict[str, Any], status: int = 200) -> web.Response:
        return web.json_response(payload, status=status, headers=HEADERS)

    async def caller(request: web.Request) -> tuple[int, Any]:
        """The Telegram id the call proves and its JSON body; raises `Refused`."""
        if token is None:
            raise Refused(503, "no bot token")
        try:
            user = telegram_user(
                request.headers.get("Authorization", ""), token.get_secret_value(), clock.now()
            )
        except Unauthorized as why:
            logger.info("miniapp: refused: %s", why)
            raise Refused(401, "unauthorized") from None
        if request.content_length is not None and request.content_length > MAX_BODY:
            raise Refused(413, "too large")
        raw = await request.content.read(MAX_BODY + 1)
        if len(raw) > MAX_BODY:
            raise Refused(413, "too large")
        try:
            return user, json.loads(raw or b"null")
        except (ValueError, UnicodeDecodeError):
            raise Refused(400, "bad JSON") from None

    def api(
        handler: Callable[[int, Any], Awaitable[web.Response]],
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def call(request: web.Request) -> web.Response:
            try:
                user, body = await caller(request)
            except Refused as refusal:
                return answer({"error": refusal.why}, refusal.status)
            return await handler(user, body)

        return call

    @api
    async def clinics(user: int, body: Any) -> web.Response:
        try:
            query = query_of(body)
        except BadQuery as error:
            return answer({"error": str(error)}, 400)
        async with services.db.unit_of_work():
            try:
                person = await services.clinic_map.person(user, query.whom)
            except NotTheirs:
                return answer({"error": "no such person"}, 404)
            if person is None:
                return answer({"error": "not signed up"}, 403)
            place = query.place or await services.clinics.last_place(person.profile_id)
            if place is None:
                return answer({"error": "no place"}, 409)
            found = await services.clinics.for_map(
                person.shown, *place, query.specialty, query.online
            )
        return answer(
            {
                "clinics": [clinic_json(listed) for listed in found],
                "limit": MAP_LIMIT,
                "place": {"lat": place[0], "lon": place[1], "last": query.place is None},
            }
        )

    @api
    async def book(user: int, body: Any) -> web.Response:
        """«Записаться» on a clinic's card: the chat goes on, with the booking at that clinic one
        press away (the map closes; the chat asks «Для кого?» as the booking always does). At
        most one such message per person every `HANDOFF_EVERY`."""
        clinic_id = body.get("clinic") if isinstance(body, dict) else None
        if isinstance(clinic_id, bool) or not isinstance(clinic_id, int):
            return answer({"error": "clinic must be a number"}, 400)
        now = clock.now()
        async with services.db.unit_of_work():
            person = await services.clinic_map.person(user)
            if person is None:
                return answer({"error": "not signed up"}, 403)
            clinic = await services.clinics.covered(person.family, clinic_id)
            if clinic is None or not clinic.online_booking:
                return answer({"error": "not bookable"}, 404)
            await services.notifications.schedule(
                "map_handoff",
                Person(person.user_id),
                now,
                Payload(
                    "miniapp-book-here",
                    {"clinic": clinic.name},
                    [[Button("miniapp-book", Intent.BOOK_AT_CLINIC, clinic.id)]],
                ),
                f"map-book:{person.user_id}:{int(now.timestamp() // HANDOFF_EVERY)}",
            )
        return answer({"sent": True})

    settings = services.settings
    headers = page_headers(settings.map_tiles_url)

    async def page(request: web.Request) -> web.Response:
        """The Mini App's page, in the language the chat's button asks for (`?lang=en`); the
        menu button's names none (`auto`: the page turns to the person's Telegram language). No
        personal data: the same for everyone."""
        lang = request.query.get("lang")
        _ = services.catalogue.translator(lang if lang in ("ru", "en") else "ru")
        config = {
            "lang": _.locale,
            "auto": lang is None,
            "tiles": settings.map_tiles_url,
            "attribution": settings.map_tiles_attribution,
            "api": "/miniapp/api/clinics",
            "book": "/miniapp/api/book",
            "center": CENTER,
            "texts": {key.replace("-", "_"): _.plain(f"miniapp-{key}") for key in TEXTS},
        }
        html = (
            templates()
            .get_template("miniapp.html")
            .render(
                lang=_.locale,
                t=_.plain,
                config=config,
                library=f"/miniapp/static/{LIBRARY.name}",
                own=f"/miniapp/static/{OWN.name}",
            )
        )
        return web.Response(text=html, content_type="text/html", headers=headers)

    return [
        web.get("/miniapp", page),
        web.post("/miniapp/api/clinics", clinics),
        web.post("/miniapp/api/book", book),
        *static_routes(),
    ]
