"""Sign-up end to end: the real `dmsbot run` process, a real SMTP server (aiosmtpd) the tests
read the codes from, and an HTTP SMS gateway on 127.0.0.1."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from standin.server import StandinServer
from tests.e2e import BotProcess, MailBox, SmsGateway, environment, remote_person
from tests.signup_steps import through_consents

pytestmark = pytest.mark.e2e


async def test_the_whole_path_in_russian_and_english(
    telegram: StandinServer,
    tmp_path: Path,
    mailbox: MailBox,
    sms_gateway: tuple[SmsGateway, str],
) -> None:
    gateway, sms_url = sms_gateway
    env = environment(telegram, tmp_path, mailbox.port, sms_url, LOG_LEVEL="DEBUG")
    process = BotProcess(telegram.standin, env, tmp_path / "bot.log")
    await process.start()
    try:
        anna = remote_person(telegram.standin, 9101, "Анна", "ru")
        await through_consents(anna)
        await anna.send("anna@example.ru")
        mail = mailbox.mails[-1]
        assert mail["To"] == "anna@example.ru"
        assert mail["From"] == "noreply@insurer.test"
        assert mail["Subject"] == "Код подтверждения для ДМС-помощника"
        assert mail.get_body(("html",)) is not None
        await anna.send(mailbox.last_code())
        await anna.send("+7 999 123-45-67")  # typed: an SMS code through the HTTP gateway
        assert gateway.sent[-1]["to"] == "+79991234567"
        assert gateway.headers[-1] == "Bearer sms-secret"
        await anna.send(gateway.last_code())
        for answer in ("Петрова", "Анна", "Сергеевна", "07.03.1990", "женский", "паспорт рф"):
            await anna.send(answer)
        await anna.send("45 10 987654")
        await anna.send("всё верно")
        await anna.send("пропустить")
        assert anna.last.text == (
            "🎉 Готово, Анна! Вы зарегистрированы.\nТеперь привяжите полис: «📄 Мои полисы» → "
            "«➕ Добавить полис», понадобится его номер."
        )

        john = remote_person(telegram.standin, 9102, "John", "en")
        await through_consents(john)
        await john.send("john@example.com")
        assert mailbox.mails[-1]["Subject"] == "Your confirmation code for the DMS assistant"
        await john.send(mailbox.last_code())
        await john.share_contact("+447911123456")
        for answer in ("Smith", "John", "no middle name", "31.12.1985", "male", "foreign passport"):
            await john.send(answer)
        await john.send("AB1234567")
        await john.send("all correct")
        await john.send("skip")
        assert john.last.text == (
            "🎉 Done, John! You are signed up.\nNow link your policy: “📄 My policies” → "
            "“➕ Add a policy”; you will need its number."
        )
    finally:
        await process.ensure_stopped()
    # Nothing of either person reaches the log, at DEBUG, whatever a module would print.
    log = process.output()
    assert "update" in log  # the log is there, with aiogram's DEBUG lines
    for personal in (
        "anna@example.ru",
        "john@example.com",
        "9991234567",
        "999 123-45-67",
        "987654",
        "AB1234567",
        mailbox.last_code(),
        gateway.last_code(),
    ):
        assert personal not in log


async def test_a_code_typed_after_a_crash_and_restart_is_accepted_and_one_expires(
    telegram: StandinServer,
    tmp_path: Path,
    mailbox: MailBox,
    sms_gateway: tuple[SmsGateway, str],
) -> None:
    # A code keeps the lifetime it was issued with: the mail's (issued before the crash) outlives
    # any restart, however busy the machine; the SMS's (issued after it) is short to wait out.
    env = environment(telegram, tmp_path, mailbox.port, sms_gateway[1], CODE_TTL="10m")
    process = BotProcess(telegram.standin, env, tmp_path / "bot.log")
    await process.start()
    try:
        anna = remote_person(telegram.standin, 9201, "Анна", "ru")
        await through_consents(anna)
        await anna.send("anna@example.ru")
        code = mailbox.last_code()
        await process.kill()  # kill -9 between the mail and the code being typed
        process.env["CODE_TTL"] = "2s"
        await process.start()
        await anna.send(code)
        assert "✅ Почта anna@example.ru подтверждена." in [m.text for m in anna.bot_messages]

        await anna.send("+7 999 123-45-67")
        await asyncio.sleep(2.5)  # CODE_TTL=2s in this process: the SMS code has expired
        await anna.send(sms_gateway[0].last_code())
        assert anna.last.text == "Срок действия кода истёк. Нажмите «Отправить код ещё раз»."
    finally:
        await process.ensure_stopped()
