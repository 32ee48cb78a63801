"""The real gateways: SMTP against aiosmtpd, the SMS contract against a local HTTP server."""

from __future__ import annotations

import asyncio
import email
import email.policy
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from core.clock import ManualClock
from core.gateways import DeliveryFailed, HttpSms, SmtpMailer, build_mailer, build_sms
from core.outbox import Mail, Outbox, OutboxMailer, OutboxSms
from core.settings import Settings
from tests.e2e import free_port

MAIL = Mail(to="anna@example.ru", subject="Код", text="Ваш код 123456", html="<b>123456</b>")


class Received:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 OK"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"bot", b"s3cret")
    return AuthResult(success=ok)


@pytest.fixture
def smtp() -> Iterator[tuple[Received, int]]:
    received, port = Received(), free_port()
    controller = Controller(
        received,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield received, port
    finally:
        controller.stop()


def smtp_settings(port: int, **values: Any) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_tls="false", **values)


async def test_a_mail_goes_with_text_and_html(smtp: tuple[Received, int]) -> None:
    received, port = smtp
    await SmtpMailer(smtp_settings(port, smtp_from="noreply@insurer.test")).send(MAIL)
    [message] = received.messages
    assert (message["From"], message["To"], message["Subject"]) == (
        "noreply@insurer.test",
        "anna@example.ru",
        "Код",
    )
    assert message.get_body(("plain",)).get_content().strip() == "Ваш код 123456"  # type: ignore[union-attr]
    assert "<b>123456</b>" in message.get_body(("html",)).get_content()  # type: ignore[union-attr]


async def test_a_mail_goes_with_its_files(smtp: tuple[Received, int]) -> None:
    """A guarantee letter's PDF goes to its clinic attached to the mail."""
    from dataclasses import replace

    from core.outbox import Attachment

    received, port = smtp
    pdf = Attachment("garantiynoe-pismo-1.pdf", "application/pdf", b"%PDF-1.4 letter")
    await SmtpMailer(smtp_settings(port)).send(replace(MAIL, attachments=(pdf,)))
    [message] = received.messages
    [part] = list(message.iter_attachments())  # type: ignore[attr-defined]
    assert (part.get_filename(), part.get_content()) == (pdf.filename, pdf.data)


async def test_login_and_a_wrong_password(smtp: tuple[Received, int]) -> None:
    received, port = smtp
    await SmtpMailer(smtp_settings(port, smtp_user="bot", smtp_password="s3cret")).send(MAIL)
    assert len(received.messages) == 1
    wrong = smtp_settings(port, smtp_user="bot", smtp_password="wrong")
    with pytest.raises(DeliveryFailed) as caught:
        await SmtpMailer(wrong, timeout=2).send(MAIL)
    assert "123456" not in caught.value.reason


async def test_starttls_required_by_us_but_not_offered_fails_cleanly(
    smtp: tuple[Received, int],
) -> None:
    _received, port = smtp
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_tls="starttls")
    with pytest.raises(DeliveryFailed):
        await SmtpMailer(settings, timeout=5).send(MAIL)


async def test_a_server_that_is_not_there() -> None:
    with pytest.raises(DeliveryFailed) as caught:
        await SmtpMailer(smtp_settings(free_port()), timeout=2).send(MAIL)
    assert "123456" not in caught.value.reason


@pytest.fixture
async def gateway() -> AsyncIterator[tuple[list[Any], str]]:
    seen: list[Any] = []

    async def send(request: web.Request) -> web.Response:
        body = await request.json()
        seen.append((request.headers.get("Authorization"), body))
        if body["text"] == "slow":
            await asyncio.sleep(0.8)
        status = 500 if body["text"] == "fail" else 200
        return web.json_response({}, status=status)

    app = web.Application()
    app.router.add_post("/sms", send)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield seen, f"http://127.0.0.1:{runner.addresses[0][1]}/sms"
    finally:
        await runner.cleanup()


async def test_the_sms_contract(gateway: tuple[list[Any], str]) -> None:
    seen, url = gateway
    sms = HttpSms(url, "key-1", timeout=0.5)
    try:
        await sms.send("+79991234567", "Код 123456")
        assert seen == [("Bearer key-1", {"to": "+79991234567", "text": "Код 123456"})]
        with pytest.raises(DeliveryFailed, match="answered 500"):
            await sms.send("+79991234567", "fail")
        with pytest.raises(DeliveryFailed, match="TimeoutError"):
            await sms.send("+79991234567", "slow")
    finally:
        await sms.close()


def test_gateways_are_chosen_by_settings(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path, ManualClock())
    assert isinstance(build_mailer(Settings(), outbox), OutboxMailer)
    assert isinstance(build_mailer(Settings(smtp_host="mail.test"), outbox), SmtpMailer)
    assert isinstance(build_sms(Settings(), outbox), OutboxSms)
    http = Settings(sms_provider="http", sms_api_url="https://sms.test/send", sms_api_key="k")
    assert isinstance(build_sms(http, outbox), HttpSms)
    with pytest.raises(ValueError, match="SMS_API_URL and SMS_API_KEY"):
        build_sms(Settings(sms_provider="http"), outbox)
