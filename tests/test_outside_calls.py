"""No outside call inside a database transaction (issue 30, item 2).

On SQLite the process has one connection and every transaction begins IMMEDIATE: a transaction
held open while a mail server answers holds up every other person's update. Codes are committed,
then mailed, then undone if the mail failed; mail reporting a change (clinic notices) is queued in
the change's transaction and sent after the commit by the mail job; `assert_outside_transaction`
refuses a mail, an SMS or a geocoder call made with a transaction open.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller
from sqlalchemy import select, text, update

from bot.metrics import Metrics
from core.clock import ManualClock
from core.delivery import DeliveryPolicy
from core.geocoding import NominatimGeocoder
from core.mail_queue import MailQueue
from core.outbox import Mail
from core.people import canonical_policy_number
from core.services import Services
from core.settings import Settings
from standin import Person
from storage.db import TransactionOpen, assert_outside_transaction, commit_current
from storage.models import Appointment, Clinic, Invitation, Policy, QueuedMail, User
from tests.booking_rig import core_world as world
from tests.booking_rig import msk, slot_at
from tests.conftest import make_settings
from tests.e2e import free_port
from tests.people import person
from tests.rosters import POLICY_HEADER, load, policy
from tests.signup_steps import code_in, through_consents

pytestmark = pytest.mark.db  # the queue's leases: SQLite and PostgreSQL
__all__ = ["world"]  # fixtures used by name

SLOW = 5.0  # seconds the mail server takes to answer: the test


class Mailbox:
    """An aiosmtpd handler (its own thread and loop) that can answer late or refuse."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.refuse = 0  # how many of the next mails get "451 try again later"
        self.receiving = threading.Event()
        self.mails: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.receiving.set()
        await asyncio.sleep(self.delay)
        if self.refuse:
            self.refuse -= 1
            return "451 Try again later"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.mails.append(parsed)  # type: ignore[arg-type]
        return "250 OK"

    def body(self, index: int = -1) -> str:
        return str(self.mails[index].get_body(("plain",)).get_content())  # type: ignore[union-attr]


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    handler, port = Mailbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


class Gateway:
    """An SMS gateway (DESIGN.md's contract) that can answer late."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.receiving = asyncio.Event()
        self.texts: list[str] = []

    async def send(self, request: web.Request) -> web.Response:
        self.receiving.set()
        await asyncio.sleep(self.delay)
        self.texts.append((await request.json())["text"])
        return web.json_response({})


@pytest.fixture
async def gateway() -> AsyncIterator[tuple[Gateway, str]]:
    handler, app = Gateway(), web.Application()
    app.router.add_post("/sms", handler.send)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield handler, f"http://127.0.0.1:{runner.addresses[0][1]}/sms"
    finally:
        await runner.cleanup()


@pytest.fixture
def settings(
    tmp_path: Path, database_url: str, mailbox: tuple[Mailbox, int], gateway: tuple[Gateway, str]
) -> Settings:
    return make_settings(
        tmp_path,
        database_url,
        smtp_host="127.0.0.1",
        smtp_port=mailbox[1],
        smtp_tls="false",
        sms_provider="http",
        sms_api_url=gateway[1],
        sms_api_key="key",
    )


async def timed_help(person: Person) -> float:
    started = time.perf_counter()
    answer = await person.send("/help")
    assert answer, "no answer to /help"
    return time.perf_counter() - started


@pytest.mark.parametrize("channel", ["mail", "sms"])
async def test_a_slow_mail_server_or_sms_gateway_holds_nobody_else_up(
    channel: str,
    anna: Person,
    john: Person,
    mailbox: tuple[Mailbox, int],
    gateway: tuple[Gateway, str],
    clock: ManualClock,
) -> None:
    """Anna's code takes 5 s to be accepted by the mail server (or the SMS gateway); John's
    /help meanwhile is answered in about its usual time (before: after Anna's code, 5 s later)."""
    server, sms = mailbox[0], gateway[0]
    await john.send("/start")
    usual = max([await timed_help(john) for _ in range(3)])
    await through_consents(anna)
    if channel == "mail":
        server.delay = SLOW
        typing = asyncio.create_task(anna.send("anna@example.ru"))
    else:
        await anna.send("anna@example.ru")
        await anna.send(code_in(server.body()))
        clock.advance(timedelta(seconds=5))  # she reads her phone number: no flood of updates
        sms.delay = SLOW
        typing = asyncio.create_task(anna.send("8 (999) 123-45-67"))

    if channel == "mail":  # the mail server runs in a thread of its own
        assert await asyncio.to_thread(server.receiving.wait, 10)
    else:
        await asyncio.wait_for(sms.receiving.wait(), 10)
    waited = await timed_help(john)
    still_sending = not typing.done()
    await typing
    # Generous, load-tolerant bounds: ten times John's slowest usual answer, at least 2 s, and
    # never as long as the mail server takes.
    assert waited < min(SLOW - 1, max(2.0, 10 * usual)), (waited, usual)
    assert still_sending, "John was answered only after Anna's code went"
    assert code_in(server.body() if channel == "mail" else sms.texts[-1])  # sent after commit


async def clinic_mail(services: Services) -> None:
    async with services.db.unit_of_work() as session:
        await session.execute(
            update(Clinic).where(Clinic.external_id == "C1").values(email="reg@clinic.test")
        )


async def queued(services: Services) -> list[QueuedMail]:
    async with services.db.unit_of_work() as session:
        return list(await session.scalars(select(QueuedMail).order_by(QueuedMail.id)))


async def test_a_clinic_is_mailed_after_the_commit_and_again_after_a_failure(
    services: Services, world: None, clock: ManualClock, mailbox: tuple[Mailbox, int]
) -> None:
    server, _port = mailbox
    anna = await person(services, 1, "П-1")
    await clinic_mail(services)
    slot_id = await slot_at(services, "C1", msk(25, 10))
    async with services.db.unit_of_work():
        result = await services.booking.book(anna, slot_id)
        assert result.visit is not None
        await services.booking.tell_clinic(result.visit, "new")
    assert server.mails == []  # queued with the visit, nothing sent in its transaction
    [row] = await queued(services)
    assert (row.status, row.recipient, row.profile_id) == ("pending", "reg@clinic.test", anna.id)

    server.refuse = 1
    assert await services.mail_queue.send_due() == 1
    [row] = await queued(services)
    assert (row.status, row.attempts, row.claimed_until) == ("pending", 1, None)
    assert row.send_after == clock.now() + timedelta(seconds=10)  # the first retry's delay
    assert "SMTP" in (row.last_error or "")
    assert await services.mail_queue.send_due() == 0  # not due again yet
    clock.advance(timedelta(seconds=10))
    assert await services.mail_queue.send_due() == 1
    [mail] = server.mails
    assert (mail["To"], mail["Subject"]) == (
        "reg@clinic.test",
        "Новая запись: 25.11.2026 10:00, Андреева",
    )
    assert "Пациент: Петрова Анна, 07.03.1990" in server.body()
    [row] = await queued(services)
    assert (row.status, row.attempts) == ("sent", 2)
    assert (row.subject, row.text, row.html) == (None, None, None)  # the body goes once sent
    assert await services.mail_queue.send_due() == 0  # once

    # A mail that keeps failing ends `failed` after the last attempt, its body gone too.
    stubborn = MailQueue(services.db, clock, services.mailer, DeliveryPolicy(max_attempts=2))
    async with services.db.unit_of_work():
        await stubborn.put(Mail("reg@clinic.test", "s", "t"), kind="test", about=None)
    server.refuse = 2
    assert await stubborn.send_due() == 1
    clock.advance(timedelta(seconds=10))
    assert await stubborn.send_due() == 1
    last = (await queued(services))[-1]
    assert (last.status, last.attempts, last.text) == ("failed", 2, None)
    assert "after 2 attempts" in (last.last_error or "")
    scraped = (await Metrics().render(services)).decode()  # /metrics, the whole bot's
    assert "dmsbot_mail_pending 0.0" in scraped
    assert "dmsbot_mail_failed 1.0" in scraped


async def test_a_visit_cancelled_by_a_holder_change_is_mailed_to_the_clinic(
    services: Services, world: None, mailbox: tuple[Mailbox, int]
) -> None:
    server, _port = mailbox
    anna = await person(services, 1, "П-1")
    await clinic_mail(services)
    async with services.db.unit_of_work():
        result = await services.booking.book(anna, await slot_at(services, "C1", msk(25, 10)))
        assert result.visit is not None
    async with services.db.unit_of_work() as session:
        number = canonical_policy_number("П-1")
        policy = await session.scalar(select(Policy).where(Policy.number == number))
        assert policy is not None
        await services.holders.change(policy, None)  # the desk's /unlink, say
    async with services.db.unit_of_work() as session:
        assert await session.scalar(select(Appointment.status)) == "cancelled"
    assert await services.mail_queue.send_due() == 1
    [mail] = server.mails
    assert mail["Subject"].startswith("Запись отменена")
    assert "Запись отменена (полис ДМС больше не закреплён за пациентом)" in server.body()
    assert "Дата и время: 25.11.2026 10:00" in server.body()


async def test_erasure_deletes_the_mail_naming_the_person_and_tells_clinics_nameless(
    services: Services, world: None, mailbox: tuple[Mailbox, int]
) -> None:
    """Erasure deletes the mail naming the person, sent or not; their visits to come go with
    them, so each clinic that may still hold one gets a cancellation naming nobody (review of
    issue 30: the clinic kept «Новая запись» for a visit that silently disappeared, and an unsent
    «Запись отменена» was deleted with the rest)."""
    server, _port = mailbox
    anna = await person(services, 1, "П-1")
    await clinic_mail(services)
    visits = {}
    for day, hour in ((25, 10), (25, 11), (26, 10), (27, 10)):
        async with services.db.unit_of_work():
            result = await services.booking.book(
                anna, await slot_at(services, "C1", msk(day, hour))
            )
            assert result.visit is not None
            await services.booking.tell_clinic(result.visit, "new")
            visits[day, hour] = result.visit.id
    assert await services.mail_queue.send_due() == 4  # the clinic holds all four, with her name

    async def cancel(day: int, hour: int) -> None:
        async with services.db.unit_of_work():
            visit = await services.booking.cancel(anna, visits[day, hour])
            assert visit is not None
            await services.booking.tell_clinic(visit, "cancelled")

    await cancel(26, 10)
    assert await services.mail_queue.send_due() == 1  # the clinic was told of this one
    await cancel(25, 11)  # and not yet of this one
    async with services.db.unit_of_work():  # moved from 27.11 10:00: not told yet either
        moving = await services.booking.owned(anna, visits[27, 10])
        assert moving is not None
        slot = await slot_at(services, "C1", msk(27, 11))
        result = await services.booking.book(anna, slot, replacing=moving)
        assert result.visit is not None
        await services.booking.tell_clinic(result.visit, "moved")
    async with services.db.unit_of_work() as session:
        user = await session.get(User, anna.user_id)
        assert user is not None
        exported = (await services.rights.export(user))["clinic_mail"]
        assert [m["status"] for m in exported] == ["sent"] * 5 + ["pending"] * 2
        assert "Петрова" in (exported[-1]["text"] or "")
        await services.rights.erase(user)

    rows = await queued(services)
    assert [(r.profile_id, r.status, r.recipient) for r in rows] == [
        (None, "pending", "reg@clinic.test")
    ] * 4
    sent_before = len(server.mails)
    assert await services.mail_queue.send_due() == 4
    told = server.mails[sent_before:]
    assert [m["Subject"] for m in told] == [
        "Запись отменена: 25.11.2026 10:00, Андреева",  # still booked: gone with her
        "Запись отменена: 25.11.2026 11:00, Андреева",  # its own notice went with her
        "Запись отменена: 27.11.2026 10:00, Андреева",  # «moved» (the time is free) went too
        "Запись отменена: 27.11.2026 11:00, Андреева",  # its new time: gone with her
    ]  # and none for 26.11 10:00: the clinic was told it was cancelled
    for index in range(sent_before, len(server.mails)):
        body = server.body(index)
        assert "Специальность: терапевт" in body
        for personal in ("Петрова", "Анна", "07.03.1990", "Пациент", "Полис"):
            assert personal not in body


async def test_no_mail_sms_or_geocoding_inside_a_transaction(
    services: Services, mailbox: tuple[Mailbox, int]
) -> None:
    server, _port = mailbox
    mail = Mail("anna@example.ru", "Тема", "Текст")
    geocoder = NominatimGeocoder("dms-assistant tests")
    try:
        async with services.db.unit_of_work() as session:
            assert_outside_transaction("nothing begun yet")
            await session.execute(text("SELECT 1"))  # a transaction is open now
            with pytest.raises(TransactionOpen, match="mail while a database transaction"):
                await services.mailer.send(mail)
            with pytest.raises(TransactionOpen, match="SMS while a database transaction"):
                await services.sms.send("+79991234567", "Текст")
            with pytest.raises(TransactionOpen, match="geocoding while a database transaction"):
                await geocoder.locate("Тверская, 7")
            await commit_current()
            await services.mailer.send(mail)  # committed: it may go
    finally:
        await geocoder.close()
    assert [m["To"] for m in server.mails] == ["anna@example.ru"]


async def test_an_invitation_is_committed_before_its_mail_and_undone_when_it_fails(
    services: Services, mailbox: tuple[Mailbox, int], tmp_path: Path
) -> None:
    server, _port = mailbox
    roster = tmp_path / "roster.csv"
    roster.write_text(POLICY_HEADER + policy("ДМС-100"), encoding="utf-8")
    await load(services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-100"))
    ru = services.catalogue.translator("ru")

    async def invitations() -> list[tuple[int, bool]]:
        async with services.db.unit_of_work() as session:
            rows = await session.scalars(select(Invitation).order_by(Invitation.id))
            return [(row.id, row.voided_at is None) for row in rows]

    assert (await services.invitations.invite_file(roster, "dms_test_bot", ru)).taken == 1
    [(first, valid)] = await invitations()
    assert valid
    server.refuse = 1  # --resend, and the mail server refuses the new link
    report = await services.invitations.invite_file(roster, "dms_test_bot", ru, resend=True)
    assert report.taken == 0
    assert [r.reason.startswith("mail not sent: SMTP") for r in report.rejected] == [True]
    assert await invitations() == [(first, True)]  # the new one undone, the earlier link back
    assert len(server.mails) == 1


class Killed(BaseException):
    """The process dies in the middle of a call: nothing after it runs."""


class BrokenMailer:
    """A mailer that fails in a way the mail server never would."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    async def send(self, mail: Mail) -> None:
        raise self.error


async def test_an_invitation_whose_mail_never_went_is_mailed_by_the_next_run(
    services: Services,
    mailbox: tuple[Mailbox, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Review of issue 30: an invitation committed but never mailed (a bug in the mail's making,
    or the run killed between the commit and the mail) made the next run skip the person, who
    never got a link."""
    server, _port = mailbox
    roster = tmp_path / "roster.csv"
    roster.write_text(POLICY_HEADER + policy("ДМС-100"), encoding="utf-8")
    await load(services, tmp_path, "policies", POLICY_HEADER + policy("ДМС-100"))
    ru = services.catalogue.translator("ru")
    real = services.invitations.mailer

    async def invitations() -> list[tuple[int, bool, bool]]:
        async with services.db.unit_of_work() as session:
            rows = await session.scalars(select(Invitation).order_by(Invitation.id))
            return [(row.id, row.voided_at is None, row.mailed_at is not None) for row in rows]

    # An unexpected error (not a refusal): the invitation is undone and the error goes on.
    services.invitations.mailer = BrokenMailer(ValueError("Header values may not contain"))
    with pytest.raises(ValueError, match="Header values"):
        await services.invitations.invite_file(roster, "dms_test_bot", ru)
    assert await invitations() == []
    services.invitations.mailer = BrokenMailer(KeyboardInterrupt())  # Ctrl+C during the mail
    with pytest.raises(KeyboardInterrupt):
        await services.invitations.invite_file(roster, "dms_test_bot", ru)
    assert await invitations() == []

    # Killed after the commit, before the mail: nothing undoes it.
    async def dead(*_args: object) -> None:
        """A dead process undoes nothing."""

    monkeypatch.setattr(type(services.invitations), "_undo", dead)
    services.invitations.mailer = BrokenMailer(Killed())
    with pytest.raises(Killed):
        await services.invitations.invite_file(roster, "dms_test_bot", ru)
    monkeypatch.undo()
    [(unmailed, valid, mailed)] = await invitations()
    assert (valid, mailed) == (True, False)

    # The next run: not invited yet, so the link goes now and the unmailed one is void.
    services.invitations.mailer = real
    assert (await services.invitations.invite_file(roster, "dms_test_bot", ru)).taken == 1
    [voided, sent] = await invitations()
    assert voided == (unmailed, False, False)
    assert sent[1:] == (True, True)
    assert len(server.mails) == 1
    assert "https://t.me/dms_test_bot?start=inv_" in server.body()
    assert server.mails[0]["Subject"].endswith(": ваш полис ДМС теперь в Telegram")
    assert "insurer" not in server.mails[0]["Subject"]
    assert (await services.invitations.invite_file(roster, "dms_test_bot", ru)).taken == 0
    assert len(server.mails) == 1  # mailed: now invited


class ScriptedMailer:
    """A mailer that runs `each` on every mail (to fail, or to let time pass), then takes it."""

    def __init__(self, each: Callable[[Mail], None]) -> None:
        self.each = each
        self.mails: list[Mail] = []

    async def send(self, mail: Mail) -> None:
        self.each(mail)
        self.mails.append(mail)


async def test_an_unexpected_mail_error_keeps_nothing_of_the_mail(
    services: Services, clock: ManualClock
) -> None:
    """Review of issue 30: the repr of an unexpected error was kept as `last_error` after the
    body was emptied; UnicodeEncodeError's repr holds the whole text being encoded."""

    def encode(mail: Mail) -> None:
        mail.text.encode("ascii")  # a bug: raises UnicodeEncodeError quoting the whole text

    queue = MailQueue(services.db, clock, ScriptedMailer(encode), DeliveryPolicy(max_attempts=2))
    async with services.db.unit_of_work():
        text = "Пациент: Петрова Анна, 07.03.1990. Полис ДМС: ДМС-100"
        await queue.put(Mail("reg@clinic.test", "Новая запись", text), kind="test", about=None)
    assert await queue.send_due() == 1
    [row] = await queued(services)
    assert (row.status, row.last_error) == ("pending", "internal error: UnicodeEncodeError")
    clock.advance(timedelta(seconds=10))
    assert await queue.send_due() == 1
    [row] = await queued(services)
    assert (row.status, row.text) == ("failed", None)
    assert row.last_error == "internal error: UnicodeEncodeError (after 2 attempts)"


async def test_the_mail_job_gives_back_mail_it_cannot_send_in_time_or_when_stopping(
    services: Services, clock: ManualClock
) -> None:
    """A mail whose lease is about to end is not started (another instance could take it too),
    nor any once the runtime is stopping: each goes back to the queue at once."""
    policy = DeliveryPolicy(lease=timedelta(minutes=5), lease_margin=timedelta(minutes=1))
    slow = ScriptedMailer(lambda _mail: clock.advance(timedelta(minutes=4, seconds=30)))
    queue = MailQueue(services.db, clock, slow, policy)
    async with services.db.unit_of_work():
        for n in range(3):
            await queue.put(Mail("reg@clinic.test", f"s{n}", "t"), kind="test", about=None)
    assert await queue.send_due() == 1  # 4.5 minutes for it: the other two leases nearly ended
    assert [mail.subject for mail in slow.mails] == ["s0"]
    rows = await queued(services)
    assert [(r.status, r.claimed_until, r.attempts) for r in rows[1:]] == [("pending", None, 0)] * 2

    def stop(_mail: Mail) -> None:
        queue.stop()  # the runtime begins to stop while this mail goes

    queue.mailer = stopping = ScriptedMailer(stop)
    assert await queue.send_due() == 1
    assert [mail.subject for mail in stopping.mails] == ["s1"]
    assert await queue.send_due() == 0  # stopped: nothing taken
    [last] = (await queued(services))[2:]
    assert (last.status, last.claimed_until) == ("pending", None)
    queue.start()
    assert await queue.send_due() == 1
    assert [r.status for r in await queued(services)] == ["sent"] * 3
