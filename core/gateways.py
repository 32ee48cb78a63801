"""Real delivery of mail and SMS, next to the development outbox (core/outbox.py).

`SmtpMailer` sends over SMTP with aiosmtplib (`SMTP_TLS`: false, starttls, or true for implicit
TLS), plain text with an HTML alternative. `HttpSms` posts to an SMS gateway by the contract in
DESIGN.md. Both raise `DeliveryFailed` for any failure, with a reason that never holds the text,
and refuse to be called while a database transaction is open (`assert_outside_transaction`).
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiohttp
import aiosmtplib

from core import timeouts
from core.masking import mask_email, mask_phone
from core.outbox import Mail, Mailer, Outbox, OutboxMailer, OutboxSms, SmsSender, attach
from core.settings import Settings, SmsProvider, SmtpTls
from storage.db import assert_outside_transaction

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SmtpMailer:
    def __init__(self, settings: Settings, *, timeout: float = timeouts.SMTP) -> None:
        assert settings.smtp_host is not None
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.tls = settings.smtp_tls
        self.user = settings.smtp_user
        self.password = settings.smtp_password
        self.sender = settings.smtp_from or "dms-assistant@localhost"
        self.timeout = timeout

    def _message(self, mail: Mail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        message.set_content(mail.text)
        if mail.html:
            message.add_alternative(mail.html, subtype="html")
        attach(message, mail)
        return message

    async def send(self, mail: Mail) -> None:
        assert_outside_transaction("mail")
        try:
            await aiosmtplib.send(
                self._message(mail),
                hostname=self.host,
                port=self.port,
                use_tls=self.tls is SmtpTls.IMPLICIT,
                start_tls=self.tls is SmtpTls.STARTTLS,  # required when asked for, else never
                username=self.user,
                password=self.password.get_secret_value() if self.password else None,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPException as error:
            raise DeliveryFailed(f"SMTP {self.host}:{self.port}: {type(error).__name__}") from None
        except (OSError, TimeoutError) as error:
            raise DeliveryFailed(f"SMTP {self.host}:{self.port}: {type(error).__name__}") from None
        logger.info("mail to %s → SMTP %s:%s", mask_email(mail.to), self.host, self.port)


class HttpSms:
    """`POST url` with `Authorization: Bearer key` and `{"to", "text"}`; any 2xx is accepted."""

    def __init__(self, url: str, api_key: str, *, timeout: float = timeouts.SMS) -> None:
        self.url = url
        self.api_key = api_key
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def send(self, to: str, text: str) -> None:
        assert_outside_transaction("SMS")
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        headers = {"Authorization": f"Bearer {self.api_key}"}
        try:
            async with self._session.post(
                self.url, json={"to": to, "text": text}, headers=headers
            ) as response:
                if not 200 <= response.status < 300:
                    raise DeliveryFailed(f"SMS gateway answered {response.status}")
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryFailed(f"SMS gateway: {type(error).__name__}") from None
        logger.info("sms to %s → gateway", mask_phone(to))

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


def build_mailer(settings: Settings, outbox: Outbox) -> Mailer:
    return SmtpMailer(settings) if settings.smtp_host else OutboxMailer(outbox)


def build_sms(settings: Settings, outbox: Outbox) -> SmsSender:
    if settings.sms_provider is not SmsProvider.HTTP:
        return OutboxSms(outbox)
    if settings.sms_api_url is None or settings.sms_api_key is None:
        raise ValueError("SMS_PROVIDER=http needs SMS_API_URL and SMS_API_KEY")
    return HttpSms(str(settings.sms_api_url), settings.sms_api_key.get_secret_value())
