from __future__ import annotations

import re
import secrets
from datetime import time, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from core.settings import Settings, describe_errors, parse_duration
from tests.command_line import dmsbot


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("30m", timedelta(minutes=30)),
        ("24h", timedelta(hours=24)),
        ("2d", timedelta(days=2)),
        (" 5 m ", timedelta(minutes=5)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["10", "1w", "m", "-5m", "1.5h", ""])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="expected a duration"):
        parse_duration(text)


def test_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.bot_token is None
    assert settings.db_url == f"sqlite+aiosqlite:///{tmp_path / 'data' / 'dms.db'}"
    assert settings.code_ttl == timedelta(minutes=10)
    assert settings.reminder_offsets == [timedelta(hours=24), timedelta(hours=2)]
    assert settings.quiet_hours == (time(22), time(9))
    assert str(settings.timezone) == "Europe/Moscow"
    assert settings.flood_rate == 5
    assert settings.send_rate == 25


def test_environment_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "101, 202,303")
    monkeypatch.setenv("REMINDER_OFFSETS", "2h,1d,30m")
    monkeypatch.setenv("QUIET_HOURS", "23:30-08:00")
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://u@db/dms")
    monkeypatch.setenv("DATA_KEY", "k1,k2")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    settings = Settings()
    assert settings.admin_ids == [101, 202, 303]
    assert settings.reminder_offsets == [
        timedelta(days=1),
        timedelta(hours=2),
        timedelta(minutes=30),
    ]
    assert settings.quiet_hours == (time(23, 30), time(8))
    assert settings.db_url == "postgresql+asyncpg://u@db/dms"
    assert [key.get_secret_value() for key in settings.data_key] == ["k1", "k2"]
    assert len(settings.trusted_proxies) == 2


def test_env_example_lists_every_setting_and_loads_as_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = Path(__file__).parent.parent / ".env.example"
    names = set(re.findall(r"^([A-Z_]+)=", example.read_text(encoding="utf-8"), re.MULTILINE))
    assert names == {name.upper() for name in Settings.model_fields}
    monkeypatch.chdir(tmp_path)
    loaded = Settings(_env_file=example)  # type: ignore[call-arg]
    assert loaded.model_dump() == Settings().model_dump()


def test_env_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("HOTLINE_PHONE=+7 495 111-22-33\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert Settings(_env_file=".env").hotline_phone == "+7 495 111-22-33"  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("FLOOD_RATE", "abc", "FLOOD_RATE=abc: Input should be a valid number"),
        ("ADMIN_IDS", "1,x", "ADMIN_IDS=1,x: expected comma-separated Telegram ids"),
        ("TIMEZONE", "Mars/Base", "TIMEZONE=Mars/Base: expected an IANA time zone"),
        ("QUIET_HOURS", "late", "QUIET_HOURS=late: expected HH:MM-HH:MM"),
        ("SMTP_TLS", "maybe", "SMTP_TLS=maybe: Input should be 'false', 'starttls' or 'true'"),
        ("TELEGRAM_API_URL", "localhost", "TELEGRAM_API_URL=localhost: expected an http(s)"),
        ("SEND_RATE", "100", "SEND_RATE=100: Input should be less than or equal to 30"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL=LOUD: Input should be 'DEBUG', 'INFO'"),
    ],
)
def test_a_bad_value_is_named_with_what_is_expected(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as error:
        Settings()
    lines = describe_errors(error.value)
    assert len(lines) == 1
    assert lines[0].startswith(expected)


def test_secret_values_are_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMS_API_KEY", "x" * 10)
    monkeypatch.setenv("WEBHOOK_URL", "not-a-url")
    monkeypatch.setenv("WEBHOOK_SECRET", "s3cr3t")
    with pytest.raises(ValidationError) as error:
        Settings()
    assert "s3cr3t" not in " ".join(describe_errors(error.value))


def test_the_command_line_stops_with_one_clear_line(tmp_path: Path) -> None:
    result = dmsbot(tmp_path, "db", "upgrade", CODE_TTL="ten minutes")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "dmsbot: bad setting CODE_TTL=ten minutes: expected a duration such as 90s, 30m, 24h "
        "or 2d, got 'ten minutes'"
    ]
    assert result.stdout == ""


def test_run_without_a_token_says_what_to_do(tmp_path: Path) -> None:
    result = dmsbot(tmp_path, "run")
    assert result.returncode == 2
    assert "BOT_TOKEN is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_real_telegram_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    local = Settings(telegram_api_url="http://127.0.0.1:8081")
    assert not local.is_real_telegram
    real = Settings()
    assert real.is_real_telegram
    assert real.public_url_problem() is not None  # http://127.0.0.1:8080 by default
    for address in ("http://bot.example.ru", "https://10.0.0.5", "https://localhost:8443"):
        assert Settings(public_base_url=address).public_url_problem() is not None
    assert Settings(public_base_url="https://bot.example.ru").public_url_problem() is None
    assert len(real.local_standins()) == 4
    configured = Settings(
        smtp_host="smtp.example.ru",
        sms_provider="http",
        payment_provider="yookassa",
        yookassa_shop_id="506751",
        yookassa_secret_key="live_secret",
        geocoder="nominatim",
    )
    assert configured.local_standins() == []


def test_yookassa_without_its_keys_stops_the_start(tmp_path: Path) -> None:
    result = dmsbot(tmp_path, "console", input="/quit\n", PAYMENT_PROVIDER="yookassa")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "dmsbot: bad setting PAYMENT_PROVIDER=yookassa needs YOOKASSA_SHOP_ID and "
        "YOOKASSA_SECRET_KEY (the shop's id and secret key from YooKassa's dashboard)"
    ]


def test_run_with_a_real_token_needs_a_public_https_address(tmp_path: Path) -> None:
    result = dmsbot(tmp_path, "run", BOT_TOKEN="123:real", PUBLIC_BASE_URL="http://127.0.0.1:8080")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "dmsbot: bad setting PUBLIC_BASE_URL=http://127.0.0.1:8080: with a real BOT_TOKEN it must "
        "be a public https address (Telegram refuses URL buttons to local addresses)"
    ]


def test_with_a_real_token_the_sandbox_runs_only_when_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = dmsbot(tmp_path, "run", BOT_TOKEN="123:real", PUBLIC_BASE_URL="https://bot.example.ru")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "dmsbot: bad setting PAYMENT_PROVIDER is not set: with a real BOT_TOKEN the sandbox (a "
        "test page that takes fake cards and charges nothing) runs only when chosen; set "
        "PAYMENT_PROVIDER=yookassa for real payments, or PAYMENT_PROVIDER=sandbox to try the bot"
    ]
    monkeypatch.setenv("PAYMENT_PROVIDER", "")  # `PAYMENT_PROVIDER=` as in .env.example
    assert Settings().sandbox_problem() is not None
    monkeypatch.setenv("PAYMENT_PROVIDER", "sandbox")
    assert Settings().sandbox_problem() is None
    monkeypatch.delenv("PAYMENT_PROVIDER")
    assert Settings(payment_provider="sandbox").sandbox_problem() is None
    paid = Settings(payment_provider="yookassa", yookassa_shop_id="1", yookassa_secret_key="k")
    assert paid.sandbox_problem() is None


def test_webhook_needs_a_long_random_secret_and_with_a_real_token_a_public_https_address(
    tmp_path: Path,
) -> None:
    for secret, says in (
        ({}, "WEBHOOK_URL needs WEBHOOK_SECRET"),
        ({"webhook_secret": "x"}, "WEBHOOK_SECRET is too short: it needs at least 32"),
        ({"webhook_secret": "x" * 31}, "WEBHOOK_SECRET is too short"),
        ({"webhook_secret": "has spaces " * 4}, "WEBHOOK_SECRET may hold only A–Z"),
        ({"webhook_secret": "секрет-" * 6}, "WEBHOOK_SECRET may hold only A–Z"),
        ({"webhook_secret": "x" * 257}, "WEBHOOK_SECRET is too long"),
        ({"webhook_secret": "x" * 32}, "WEBHOOK_SECRET is not random"),
        ({"webhook_secret": "a-Z_0" * 51}, "WEBHOOK_SECRET is not random"),
    ):
        with pytest.raises(ValidationError, match=says):
            Settings(webhook_url="https://b.ru/h", **secret)
    for good in ("a-Z_0123" * 32, secrets.token_hex(16), secrets.token_urlsafe(32)):
        assert Settings(webhook_url="https://b.ru/h", webhook_secret=good).webhook_secret

    result = dmsbot(
        tmp_path,
        "run",
        BOT_TOKEN="123:real",
        PUBLIC_BASE_URL="https://bot.example.ru",
        WEBHOOK_URL="http://bot.example.ru/telegram/webhook",
        WEBHOOK_SECRET=secrets.token_urlsafe(32),
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "dmsbot: bad setting WEBHOOK_URL=http://bot.example.ru/telegram/webhook: with a real "
        "BOT_TOKEN it must be a public https address (Telegram posts updates nowhere else)"
    ]


def test_a_short_webhook_secret_stops_the_start_saying_how_to_make_one(tmp_path: Path) -> None:
    result = dmsbot(
        tmp_path, "run", WEBHOOK_URL="https://bot.example.ru/telegram/webhook", WEBHOOK_SECRET="x"
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "dmsbot: bad setting WEBHOOK_SECRET is too short: it needs at least 32 random characters, "
        "or it could be guessed; make one with "
        '`python -c "import secrets; print(secrets.token_urlsafe(32))"`'
    ]


def test_a_long_webhook_secret_made_by_hand_stops_the_start(tmp_path: Path) -> None:
    result = dmsbot(
        tmp_path,
        "run",
        WEBHOOK_URL="https://bot.example.ru/telegram/webhook",
        WEBHOOK_SECRET="ab" * 20,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "dmsbot: bad setting WEBHOOK_SECRET is not random: it has fewer than 8 different "
        "characters, so it could be guessed; make one with "
        '`python -c "import secrets; print(secrets.token_urlsafe(32))"`'
    ]


def test_postgresql_without_data_key_and_a_bad_data_key_stop_the_start(tmp_path: Path) -> None:
    result = dmsbot(
        tmp_path,
        "console",
        input="/quit\n",
        DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:5432/test",
    )
    assert result.returncode == 2
    assert "dmsbot: bad setting DATA_KEY is required with PostgreSQL" in result.stderr
    assert "Traceback" not in result.stderr
    result = dmsbot(tmp_path, "console", input="/quit\n", DATA_KEY="short")
    assert result.returncode == 2
    assert "DATA_KEY #1 is not a Fernet key" in result.stderr
    assert "short" not in result.stderr


def test_map_tiles_url_is_a_tile_template_that_cannot_leave_the_pages_policy() -> None:
    """{z}, {x} and {y} in an http(s) address; nothing that would end a Content-Security-Policy
    source or the page's HTML (bot/miniapp.py puts it in both)."""
    good = "https://{s}.tiles.example/osm/{z}/{x}/{y}.png"
    assert Settings(bot_token=None, map_tiles_url=good).map_tiles_url == good
    for bad in [
        "ftp://tiles.example/{z}/{x}/{y}.png",
        "https://tiles.example/{z}/{x}.png",
        "https://tiles.example/{z}/{x}/{y}.png; script-src *",
        "https://tiles.example/{z}/{x}/{y}.png'",
        'https://tiles.example/{z}/{x}/{y}.png"><script>',
    ]:
        with pytest.raises(ValidationError):
            Settings(bot_token=None, map_tiles_url=bad)
