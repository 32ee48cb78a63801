"""The clinics map's JSON API and the map library it is drawn with (issue «Clinics on a map»: the
Mini App page itself comes next, and nothing in the menu opens it yet).

A Telegram Mini App proves who opens it with `initData`, signed with the bot's token
(core.telegram.org/bots/webapps, «Validating data received via the Mini App»): every call sends
it as `Authorization: tma <initData>`, and it is checked on every call (aiogram's
`safe_parse_webapp_init_data`, then `auth_date` no older than `INIT_DATA_MAX_AGE`). What is asked
goes in a POST body, never in the URL: a place is personal data, and URLs end up in logs. The
answer holds only clinics the person's own programmes cover."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from aiogram.utils.web_app import safe_parse_webapp_init_data
from aiohttp import web

from bot.payment_pages import templates
from core.clinics import MAP_LIMIT, Listed, specialties_of
from core.notifications import Button, Intent, Payload, Person
from core.services import Services

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


def page_link(base: str, language: str, init_data: str) -> str:
    """The map's address as a Mini App is opened: initData in the fragment (never sent to a
    server by the browser)."""
    return f"{base}/miniapp?lang={language}#tgWebAppData={quote(init_data)}"


class BadQuery(ValueError):
    pass


def _coordinate(body: dict[str, Any], name: str, limit: float) -> float:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadQuery(f"{name} must be a number")
    if not math.isfinite(value) or abs(value) > limit:
        raise BadQuery(f"{name} is out of range")
    return float(value)


def query_of(body: object) -> tuple[float, float, str | None, bool]:
    """(lat, lon, specialty or None, online only) from the request's JSON; raises `BadQuery`."""
    if not isinstance(body, dict):
        raise BadQuery("a JSON object is expected")
    lat, lon = _coordinate(body, "lat", 90), _coordinate(body, "lon", 180)
    specialty = body.get("specialty")
    if specialty is not None and (
        not isinstance(specialty, str) or not 0 < len(specialty) <= MAX_SPECIALTY
    ):
        raise BadQuery("specialty must be a short text")
    online = body.get("online", False)
    if not isinstance(online, bool):
        raise BadQuery("online must be true or false")
    return lat, lon, specialty, online


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
    "online-booking", "no-address", "book", "book-sent",
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
    """`POST /miniapp/api/clinics` {lat, lon, specialty?, online?} → {clinics: [...]}, the
    nearest first (at most `MAP_LIMIT`). 401 without a valid initData, 403 for someone without a
    profile, 400 for a query it cannot read."""
    token, clock = services.settings.bot_token, services.clock

    def answer(payload: dict[str, Any], status: int = 200) -> web.Response:
        return web.json_response(payload, status=status, headers=HEADERS)

    async def clinics(request: web.Request) -> web.Response:
        if token is None:
            return answer({"error": "no bot token"}, 503)
        try:
            user = telegram_user(
                request.headers.get("Authorization", ""), token.get_secret_value(), clock.now()
            )
        except Unauthorized as why:
            logger.info("miniapp: refused: %s", why)
            return answer({"error": "unauthorized"}, 401)
        if request.content_length is not None and request.content_length > MAX_BODY:
            return answer({"error": "too large"}, 413)
        raw = await request.content.read(MAX_BODY + 1)
        if len(raw) > MAX_BODY:
            return answer({"error": "too large"}, 413)
        try:
            lat, lon, specialty, online = query_of(json.loads(raw or b"null"))
        except (ValueError, UnicodeDecodeError) as error:
            return answer({"error": str(error) if isinstance(error, BadQuery) else "bad JSON"}, 400)
        async with services.db.unit_of_work():
            person = await services.clinics.map_person(user)
            if person is None:
                return answer({"error": "not signed up"}, 403)
            found = await services.clinics.for_map(person.own, lat, lon, specialty, online)
        return answer({"clinics": [clinic_json(listed) for listed in found], "limit": MAP_LIMIT})

    async def book(request: web.Request) -> web.Response:
        """«Записаться» on a clinic's card: the chat goes on, with the booking at that clinic one
        press away (the map closes; the chat asks «Для кого?» as the booking always does). At
        most one such message per person every `HANDOFF_EVERY`."""
        if token is None:
            return answer({"error": "no bot token"}, 503)
        try:
            user = telegram_user(
                request.headers.get("Authorization", ""), token.get_secret_value(), clock.now()
            )
        except Unauthorized as why:
            logger.info("miniapp: refused: %s", why)
            return answer({"error": "unauthorized"}, 401)
        raw = await request.content.read(MAX_BODY + 1)
        try:
            body = json.loads(raw or b"null")
        except (ValueError, UnicodeDecodeError):
            return answer({"error": "bad JSON"}, 400)
        clinic_id = body.get("clinic") if isinstance(body, dict) else None
        if isinstance(clinic_id, bool) or not isinstance(clinic_id, int):
            return answer({"error": "clinic must be a number"}, 400)
        now = clock.now()
        async with services.db.unit_of_work():
            person = await services.clinics.map_person(user)
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
        """The Mini App's page, in the language the bot's button asks for (`?lang=en`): no
        personal data, the same for everyone."""
        lang = request.query.get("lang", "ru")
        _ = services.catalogue.translator(lang if lang in ("ru", "en") else "ru")
        config = {
            "lang": _.locale,
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
