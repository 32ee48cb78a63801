"""Development delivery: with no SMTP or SMS gateway configured, mail and SMS become files.

Each mail is a real `.eml` file (open it in any mail client) and each SMS a small JSON file, under
`DATA_DIR/outbox/`. Listeners (the console) are told of each one as it is written. The log says
only where a message went ("mail to a***@x.ru → outbox"), never what it says: it may hold a code.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Literal, Protocol

from core.clock import Clock
from core.masking import mask_email, mask_phone
from storage.db import assert_outside_transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # «application/pdf»
    data: bytes


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()


def attach(message: EmailMessage, mail: Mail) -> None:
    """The mail's files, after its text (the SMTP gateway and the outbox build the same mail)."""
    for item in mail.attachments:
        maintype, _, subtype = item.content_type.partition("/")
        message.add_attachment(
            item.data, maintype=maintype, subtype=subtype or "octet-stream", filename=item.filename
        )


@dataclass(frozen=True)
class OutboxItem:
    kind: Literal["mail", "sms"]
    to: str
    subject: str | None
    text: str
    path: Path
    attachments: tuple[str, ...] = ()  # the files' names


class Mailer(Protocol):
    async def send(self, mail: Mail) -> None: ...


class SmsSender(Protocol):
    async def send(self, to: str, text: str) -> None: ...


class Outbox:
    def __init__(self, directory: Path, clock: Clock, sender: str = "dms-assistant@localhost"):
        self.directory = directory
        self.clock = clock
        self.sender = sender
        self.listeners: list[Callable[[OutboxItem], None]] = []
        self._numbers = itertools.count(1)

    def _path(self, kind: str, suffix: str) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%S%f")
        return self.directory / f"{stamp}-{next(self._numbers):04d}-{kind}.{suffix}"

    def _written(self, item: OutboxItem) -> None:
        for listener in self.listeners:
            listener(item)

    def write_mail(self, mail: Mail) -> Path:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = self.clock.now().strftime("%a, %d %b %Y %H:%M:%S +0000")
        message.set_content(mail.text)
        if mail.html:
            message.add_alternative(mail.html, subtype="html")
        attach(message, mail)
        path = self._path("mail", "eml")
        path.write_bytes(message.as_bytes())
        logger.info("mail to %s → outbox", mask_email(mail.to))
        names = tuple(item.filename for item in mail.attachments)
        self._written(OutboxItem("mail", mail.to, mail.subject, mail.text, path, names))
        return path

    def write_sms(self, to: str, text: str) -> Path:
        path = self._path("sms", "json")
        record = {"to": to, "text": text, "at": self.clock.now().isoformat()}
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        logger.info("sms to %s → outbox", mask_phone(to))
        self._written(OutboxItem("sms", to, None, text, path))
        return path


class OutboxMailer:
    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    async def send(self, mail: Mail) -> None:
        assert_outside_transaction("mail")  # as the SMTP gateway: development finds the mistake
        self.outbox.write_mail(mail)


class OutboxSms:
    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    async def send(self, to: str, text: str) -> None:
        assert_outside_transaction("SMS")
        self.outbox.write_sms(to, text)
