"""Logging: text for people, JSON lines for collectors (`LOG_FORMAT`).

Every record written while an update is handled carries its id (and the person's and chat's,
when known): `bot.middlewares.log_context.LogContext` sets `current_update`, `UpdateContextFilter`
copies it into the record. `PersonalDataFilter` is the safety net over everything any module logs,
tracebacks included: e-mails and phones are masked; card numbers, passport numbers and
confirmation codes are removed.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO

from core.cards import find_card_numbers
from core.masking import mask_email, mask_phone
from core.settings import LogFormat, Settings

_EXTRA_FIELDS = ("update_id", "user_id", "chat_id")


@dataclass(frozen=True, slots=True)
class UpdateContext:
    update_id: int
    user_id: int | None = None
    chat_id: int | None = None


# The update being handled in this task (and in tasks it starts), None outside handling.
current_update: ContextVar[UpdateContext | None] = ContextVar("current_update", default=None)


class UpdateContextFilter(logging.Filter):
    """Copies `current_update` into the record, unless the caller passed its own (`extra=`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current_update.get()
        if context is not None:
            for name, value in (
                ("update_id", context.update_id),
                ("user_id", context.user_id),
                ("chat_id", context.chat_id),
            ):
                if value is not None and name not in record.__dict__:
                    record.__dict__[name] = value
        return True


# Nothing below can match a text without a digit or an '@': most records skip all the work.
_WORTH_A_LOOK = re.compile(r"[\d@]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The word keeps its form («код», «кода», "code"); quotes cover `%r` of a code.
_CODE = re.compile(
    r"\b(?P<word>code|codes|код|кода|коду|кодом|коды|кодов)\b"
    r"(?P<gap>['\"]?\s*(?:is\s+|[:=#—-]\s*)?['\"]?)\d{4,8}(?!\d)",
    re.IGNORECASE,
)
# +7 or 8, then ten digits; a space, dash or bracket (at most two) between any two of them.
_PHONE = re.compile(r"(?<![\w+.-])(?:\+7|8)(?:[ ()-]{0,2}\d){10}(?!\d)")
# Series (4 digits, as one group or two) and number (6): the space before the number is required,
# since ten digits in a row are far more often a Telegram id or a Unix time than a passport.
# After the word «паспорт» / "passport" the spaces are optional.
_PASSPORT = re.compile(
    r"(?<![\d.-])\d{2} ?\d{2} \d{6}(?!\d)"
    r"|(?P<word>\b(?:паспорт\w*|passport)\W{0,3})\d{2} ?\d{2} ?\d{6}(?!\d)",
    re.IGNORECASE,
)


def _mask_phone(match: re.Match[str]) -> str:
    digits = "".join(ch for ch in match.group() if ch.isdigit())
    return mask_phone("+7" + digits[-10:])


def _remove_cards(text: str) -> str:
    for card in reversed(find_card_numbers(text)):
        text = text[: card.start] + "[card]" + text[card.end :]
    return text


def mask_personal_data(text: str) -> str:
    """The text with e-mails and phones masked, cards, passports and codes removed."""
    if not _WORTH_A_LOOK.search(text):
        return text
    if "@" in text:
        text = _EMAIL.sub(lambda m: mask_email(m.group()), text)
    # Longest first: a code's pattern would take the first group of a card or a passport.
    text = _remove_cards(text)
    text = _PHONE.sub(_mask_phone, text)
    text = _PASSPORT.sub(lambda m: f"{m['word'] or ''}[passport]", text)
    return _CODE.sub(lambda m: f"{m['word']}{m['gap']}[hidden]", text)


class PersonalDataFilter(logging.Filter):
    """Rewrites the record's final message and traceback through `mask_personal_data`.

    The record itself is changed (message formatted, arguments dropped), so every handler after
    this one sees the masked text too.
    """

    _plain = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            # Arguments that do not fit the format: logging would print them raw to stderr.
            message = f"{record.msg} (arguments that do not fit: {record.args!r})"
        record.msg = mask_personal_data(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._plain.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        update_id = record.__dict__.get("update_id")
        return line if update_id is None else f"{line} [update {update_id}]"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _EXTRA_FIELDS:
            if name in record.__dict__:
                entry[name] = record.__dict__[name]
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            # As PersonalDataFilter left it.
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(settings: Settings, stream: TextIO | None = None) -> None:
    """Root logging to `stream` (stderr by default)."""
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(
        JsonFormatter() if settings.log_format is LogFormat.JSON else TextFormatter()
    )
    handler.addFilter(UpdateContextFilter())
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # aiogram logs every handled update at INFO: useful when debugging, noise in production.
    logging.getLogger("aiogram.event").setLevel(
        logging.DEBUG if settings.log_level == "DEBUG" else logging.WARNING
    )
