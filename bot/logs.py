"""Logging: text for people, JSON lines for collectors (`LOG_FORMAT`)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from core.settings import LogFormat, Settings

_EXTRA_FIELDS = ("update_id", "user_id", "chat_id")


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
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    if settings.log_format is LogFormat.JSON:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # aiogram logs every handled update at INFO: useful when debugging, noise in production.
    logging.getLogger("aiogram.event").setLevel(
        logging.DEBUG if settings.log_level == "DEBUG" else logging.WARNING
    )
