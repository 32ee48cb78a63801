"""Settings from the environment and `.env` (DESIGN.md, "Settings").

Every setting of the design is declared here, so a wrong value stops the start with one clear line
(see `describe_errors`) instead of failing later in the middle of a dialogue.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_SECRET = re.compile(r"TOKEN|PASSWORD|SECRET|KEY")
# Telegram takes 1–256 of these as the webhook's secret_token; guessing one needs 32 at least.
_WEBHOOK_SECRET_ALPHABET = re.compile(r"[A-Za-z0-9_-]*")
_WEBHOOK_SECRET_LENGTH = (32, 256)
# A random secret of 32 or more characters holds many different ones (even hex: 16 of 16, nearly
# always); "aaaa…" or "1212…" of any length is made by hand and guessed as easily as a short one.
_WEBHOOK_SECRET_VARIETY = 8
_MAKE_A_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'  # noqa: S105
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(value: Any) -> timedelta:
    """`90s`, `30m`, `24h`, `2d` → timedelta (from Python, a number of seconds is taken too)."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"expected a duration such as 90s, 30m, 24h or 2d, got {value!r}")
    amount, unit = match.groups()
    return timedelta(**{_UNITS[unit]: int(amount)})


def _positive_duration(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        raise ValueError("expected a duration greater than zero")
    return value


def _split_list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(item).strip() for item in value if str(item).strip()]
    if value is None:
        return []
    return [item.strip() for item in str(value).split(",") if item.strip()]


def _parse_ids(value: Any) -> list[int]:
    ids = []
    for item in _split_list(value):
        try:
            ids.append(int(item))
        except ValueError:
            raise ValueError(
                f"expected comma-separated Telegram ids (numbers), got {item!r}"
            ) from None
    return ids


def _parse_durations(value: Any) -> list[timedelta]:
    raw = value if isinstance(value, list | tuple) else _split_list(value)
    items = [parse_duration(item) for item in raw]
    return sorted((_positive_duration(item) for item in items), reverse=True)


def _parse_zone(value: Any) -> ZoneInfo:
    if isinstance(value, ZoneInfo):
        return value
    try:
        return ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"expected an IANA time zone such as Europe/Moscow, got {value!r}"
        ) from None


def _parse_networks(value: Any) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for item in _split_list(value):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"expected IP addresses or networks, got {item!r}") from None
    return networks


def _parse_clock_time(text: str) -> time:
    hours, _, minutes = text.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def _parse_quiet_hours(value: Any) -> tuple[time, time] | None:
    if isinstance(value, tuple):
        return value
    text = str(value).strip()
    if text.lower() in {"", "off", "none"}:
        return None
    start, sep, end = text.partition("-")
    try:
        if not sep:
            raise ValueError
        return _parse_clock_time(start), _parse_clock_time(end)
    except ValueError:
        raise ValueError(
            f"expected HH:MM-HH:MM such as 22:00-09:00, or off; got {text!r}"
        ) from None


def _http_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"expected an http(s) address, got {value!r}")
    return value.rstrip("/")


def _tiles_url(value: str) -> str:
    """A tile server's URL template: http(s), with {z}, {x} and {y}, nothing that could leave the
    page's Content-Security-Policy or its HTML (quotes, spaces, angle brackets)."""
    _http_url(value)
    if not all(part in value for part in ("{z}", "{x}", "{y}")):
        raise ValueError(f"expected {{z}}, {{x}} and {{y}} in the tiles address, got {value!r}")
    if re.search(r"[\s\"'<>;,]", value):
        raise ValueError(f"no spaces, quotes, <, >, ; or , in the tiles address: {value!r}")
    return value


def _is_local_host(host: str | None) -> bool:
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    AfterValidator(_positive_duration),
    PlainSerializer(lambda d: f"{int(d.total_seconds())}s"),
]
HttpUrl = Annotated[str, AfterValidator(_http_url)]
IdList = Annotated[list[int], NoDecode, BeforeValidator(_parse_ids)]
StrList = Annotated[list[str], NoDecode, BeforeValidator(_split_list)]
DurationList = Annotated[list[timedelta], NoDecode, BeforeValidator(_parse_durations)]
Zone = Annotated[ZoneInfo, BeforeValidator(_parse_zone), PlainSerializer(str)]
Networks = Annotated[
    list[ipaddress.IPv4Network | ipaddress.IPv6Network], NoDecode, BeforeValidator(_parse_networks)
]
LogLevel = Annotated[
    Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
    BeforeValidator(lambda value: str(value).strip().upper()),
]
QuietHours = Annotated[tuple[time, time] | None, NoDecode, BeforeValidator(_parse_quiet_hours)]


class SmtpTls(StrEnum):
    OFF = "false"
    STARTTLS = "starttls"
    IMPLICIT = "true"


class SmsProvider(StrEnum):
    OUTBOX = "outbox"
    HTTP = "http"


class PaymentProvider(StrEnum):
    SANDBOX = "sandbox"
    YOOKASSA = "yookassa"


class Geocoder(StrEnum):
    OFF = "off"
    NOMINATIM = "nominatim"


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _webhook_secret_problem(secret: SecretStr | None) -> str | None:
    """What is wrong with the webhook's secret (never the secret itself)."""
    shortest, longest = _WEBHOOK_SECRET_LENGTH
    if secret is None:
        return "WEBHOOK_URL needs WEBHOOK_SECRET, or anyone could post updates to the bot"
    value = secret.get_secret_value()
    if not _WEBHOOK_SECRET_ALPHABET.fullmatch(value):
        return "WEBHOOK_SECRET may hold only A–Z, a–z, 0–9, _ and - (what Telegram accepts)"
    if len(value) < shortest:
        return (
            f"WEBHOOK_SECRET is too short: it needs at least {shortest} random characters, "
            "or it could be guessed"
        )
    if len(value) > longest:
        return f"WEBHOOK_SECRET is too long: Telegram takes at most {longest} characters"
    if len(set(value)) < _WEBHOOK_SECRET_VARIETY:
        return (
            f"WEBHOOK_SECRET is not random: it has fewer than {_WEBHOOK_SECRET_VARIETY} different "
            "characters, so it could be guessed"
        )
    return None


def _not_public_https(name: str, url: str, why: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme == "https" and not _is_local_host(parts.hostname):
        return None
    return f"{name}={url}: with a real BOT_TOKEN it must be a public https address ({why})"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,  # `NAME=` in a copied .env.example means "not set"
        validate_default=True,
    )

    bot_token: SecretStr | None = None
    bot_username: str | None = None
    telegram_api_url: HttpUrl = "https://api.telegram.org"

    data_dir: Path = Path("data")
    database_url: str | None = None
    # Connections a process keeps to a database server (PostgreSQL): a fixed pool, no overflow.
    # SQLite always has one (storage/db.py).
    database_pool_size: int = Field(default=20, ge=1, le=500)
    redis_url: str | None = None
    redis_prefix: str = "dms"

    operators_chat_id: int | None = None
    admin_ids: IdList = Field(default_factory=list)

    webhook_url: HttpUrl | None = None
    webhook_secret: SecretStr | None = None
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)
    public_base_url: HttpUrl = "http://127.0.0.1:8080"
    # The clinics map's tiles (bot/miniapp.py): a URL template with {z}, {x} and {y} (and {s} for
    # subdomains, when the server has them), and what its licence asks the map to show.
    map_tiles_url: Annotated[str, AfterValidator(_tiles_url)] = (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )
    map_tiles_attribution: str = Field(default="© OpenStreetMap contributors", max_length=300)
    trusted_proxies: Networks = Field(default_factory=list)

    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str | None = None
    smtp_tls: SmtpTls = SmtpTls.STARTTLS

    sms_provider: SmsProvider = SmsProvider.OUTBOX
    sms_api_url: HttpUrl | None = None
    sms_api_key: SecretStr | None = None
    sms_hourly_limit: int = Field(default=200, ge=0)

    payment_provider: PaymentProvider = PaymentProvider.SANDBOX
    yookassa_shop_id: str | None = None
    yookassa_secret_key: SecretStr | None = None
    yookassa_receipts: bool = False
    yookassa_vat_code: int = Field(default=1, ge=1, le=12)
    yookassa_tax_system_code: int | None = Field(default=None, ge=1, le=6)

    data_key: Annotated[list[SecretStr], NoDecode, BeforeValidator(_split_list)] = Field(
        default_factory=list
    )

    timezone: Zone = ZoneInfo("Europe/Moscow")
    code_ttl: Duration = timedelta(minutes=10)
    clinic_access_delay: Duration = timedelta(minutes=30)
    franchise_activation_delay: Duration = timedelta(hours=24)
    reminder_offsets: DurationList = Field(
        default_factory=lambda: [timedelta(hours=24), timedelta(hours=2)]
    )
    booking_horizon: Duration = timedelta(days=30)
    ticket_sla: Duration = timedelta(hours=24)
    letter_sla: Duration = timedelta(hours=24)
    identity_files_retention: Duration = timedelta(days=30)
    quiet_hours: QuietHours = (time(22, 0), time(9, 0))
    send_rate: float = Field(default=25, gt=0, le=30)
    flood_rate: float = Field(default=5, gt=0)

    geocoder: Geocoder = Geocoder.OFF
    geocoder_user_agent: str = "dms-assistant"

    insurer_name: str = "СК «Пример» (демо)"
    hotline_phone: str = "+7 800 000-00-00 (демо)"
    support_email: str = "support@example.invalid"
    legal_dir: Path | None = None

    log_level: LogLevel = "INFO"
    log_format: LogFormat = LogFormat.TEXT

    @model_validator(mode="after")
    def _derive(self) -> Settings:
        if self.payment_provider is PaymentProvider.YOOKASSA and not (
            self.yookassa_shop_id and self.yookassa_secret_key
        ):
            raise ValueError(
                "PAYMENT_PROVIDER=yookassa needs YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY "
                "(the shop's id and secret key from YooKassa's dashboard)"
            )
        if self.webhook_url is not None:
            problem = _webhook_secret_problem(self.webhook_secret)
            if problem:
                raise ValueError(f"{problem}; make one with `{_MAKE_A_SECRET}`")
        if self.database_url is None:
            path = (self.data_dir / "dms.db").resolve()
            self.database_url = f"sqlite+aiosqlite:///{path}"
        return self

    @property
    def is_real_telegram(self) -> bool:
        """A token counts as real when the Bot API is not on this machine (a stand-in)."""
        return not _is_local_host(urlsplit(self.telegram_api_url).hostname)

    def public_url_problem(self) -> str | None:
        """With real Telegram, URL buttons need a public https address (none to localhost)."""
        return _not_public_https(
            "PUBLIC_BASE_URL",
            self.public_base_url,
            "Telegram refuses URL buttons to local addresses",
        )

    def webhook_problem(self) -> str | None:
        """Telegram posts updates only to an https address it can reach."""
        if self.webhook_url is None:
            return None
        return _not_public_https(
            "WEBHOOK_URL", self.webhook_url, "Telegram posts updates nowhere else"
        )

    def sandbox_problem(self) -> str | None:
        """With real Telegram, the sandbox only when asked for: a bot left on the default would
        ask people for their card on a test page and take a fake card as bound."""
        if (
            self.payment_provider is not PaymentProvider.SANDBOX
            or "payment_provider" in self.model_fields_set
        ):
            return None
        return (
            "PAYMENT_PROVIDER is not set: with a real BOT_TOKEN the sandbox (a test page that "
            "takes fake cards and charges nothing) runs only when chosen; set "
            "PAYMENT_PROVIDER=yookassa for real payments, or PAYMENT_PROVIDER=sandbox to try "
            "the bot"
        )

    def local_standins(self) -> list[str]:
        """Development stand-ins still configured: warned about loudly with a real token."""
        found = []
        if not self.smtp_host:
            found.append("e-mail goes to the outbox folder (SMTP_HOST is not set)")
        if self.sms_provider is SmsProvider.OUTBOX:
            found.append("SMS go to the outbox folder (SMS_PROVIDER=outbox)")
        if self.payment_provider is PaymentProvider.SANDBOX:
            found.append("payments use the sandbox test page (PAYMENT_PROVIDER=sandbox)")
        if self.geocoder is Geocoder.OFF:
            found.append("typed addresses are not geocoded (GEOCODER=off)")
        return found

    @property
    def db_url(self) -> str:
        assert self.database_url is not None  # set by _derive
        return self.database_url


def describe_errors(error: ValidationError) -> list[str]:
    """One line per wrong setting: its environment name and what is expected."""
    lines = []
    for item in error.errors():
        name = str(item["loc"][0]).upper() if item["loc"] else ""
        message = item["msg"].removeprefix("Value error, ")
        given = item.get("input")
        if name and not isinstance(given, dict) and not _SECRET.search(name):
            lines.append(f"{name}={given!s:.60}: {message}")
        else:
            lines.append(message)
    return lines
