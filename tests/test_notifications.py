"""The notification engine: scheduling, staleness, quiet hours, and delivery through Telegram's
failures, against the Bot API stand-in over HTTP with Telegram's limits switched on."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.metrics import Metrics
from core.delivery import DeliveryPolicy, Sender
from core.notifications import Button, Group, Media, Payload, Place, UnknownKind
from core.notifications import Person as Recipient
from core.ratelimit import GROUP_HEADROOM, PER_GROUP, RateLimiter
from tests.delivery_rig import DeliveryRig, delivery_rig

ANNA, JOHN = 7001, 7002


@pytest.fixture
async def rig(tmp_path: Path, database_url: str) -> AsyncIterator[DeliveryRig]:
    async with delivery_rig(tmp_path, database_url) as built:
        yield built


async def until(rig: DeliveryRig, condition: Callable[[], bool]) -> None:
    """Until `condition` holds, checked whenever the stand-in takes a message (not slept for)."""
    changed = asyncio.Event()

    def listener(_change: str, _message: object) -> None:
        changed.set()

    rig.standin.listeners.append(listener)
    try:
        async with asyncio.timeout(10):
            while not condition():
                await changed.wait()
                changed.clear()
    finally:
        rig.standin.listeners.remove(listener)


# -- scheduling ------------------------------------------------------------------------------


async def test_scheduling_commits_with_what_it_belongs_to(rig: DeliveryRig) -> None:
    anna = await rig.person(ANNA)
    due = rig.clock.now()

    class Abandoned(Exception):
        pass

    async def schedule_then_fail() -> None:
        async with rig.services.db.unit_of_work():
            await rig.services.notifications.schedule(
                "activation", Recipient(anna), due, Payload("help-section-help")
            )
            raise Abandoned  # e.g. the booking it belonged to failed

    with pytest.raises(Abandoned):
        await schedule_then_fail()
    assert await rig.rows() == []

    first = await rig.schedule("activation", anna, dedupe_key="activation:1")
    async with rig.services.db.unit_of_work():
        again = await rig.services.notifications.schedule(
            "activation", Recipient(anna), due, Payload("help-section-help"), "activation:1"
        )
    assert again is None  # the same dedupe key: scheduled once
    row = await rig.row(first)
    assert (row.status, row.kind, row.user_id, row.attempts) == ("pending", "activation", anna, 0)


async def test_schedule_refuses_what_it_cannot_send(rig: DeliveryRig) -> None:
    anna = await rig.person(ANNA)
    async with rig.services.db.unit_of_work():
        notifications = rig.services.notifications
        with pytest.raises(UnknownKind):
            await notifications.schedule("nonsense", Recipient(anna), rig.clock.now(), Payload("x"))
        with pytest.raises(ValueError, match="expires_at"):
            await notifications.schedule(
                "visit_reminder", Recipient(anna), rig.clock.now(), Payload("x")
            )
        with pytest.raises(ValueError, match="64 bytes"):
            Button("x", callback_data="я" * 40)
        with pytest.raises(ValueError, match="at most 10"):
            Payload("x", media=[Media("photo", file_id="f")] * 11)


async def test_due_messages_go_in_each_persons_language_with_buttons(rig: DeliveryRig) -> None:
    anna, john = await rig.person(ANNA, "ru"), await rig.person(JOHN, "en")
    payload = Payload(
        "greeting-back",
        {"name": "<Анна & Co>"},
        buttons=[
            [
                Button("menu-help", callback_data="help"),
                Button("language-ru", url="https://example.org"),
            ]
        ],
    )
    first = await rig.schedule("activation", anna, payload=payload)
    await rig.schedule("activation", john, payload=payload)
    later = await rig.schedule("activation", anna, due_in=3600)

    await rig.sender.drain()

    [to_anna] = rig.received(ANNA)
    assert to_anna.text is not None
    # Parameters are escaped for Telegram's HTML.
    assert to_anna.text.startswith("С возвращением, &lt;Анна &amp; Co&gt;!")
    assert [b["text"] for b in to_anna.inline_buttons] == ["ℹ️ Помощь", "Русский"]
    assert rig.received(JOHN)[0].text.startswith("Welcome back")  # type: ignore[union-attr]
    row = await rig.row(first)
    assert (row.status, row.attempts, row.telegram_message_id) == ("sent", 1, to_anna.message_id)
    assert (await rig.row(later)).status == "pending"  # not due yet

    rig.clock.advance(timedelta(hours=1))
    await rig.sender.drain()
    assert (await rig.row(later)).status == "sent"
    assert len(rig.received(ANNA)) == 2


async def test_cancel_by_key_and_by_group(rig: DeliveryRig) -> None:
    anna = await rig.person(ANNA)
    visit = rig.clock.now() + timedelta(days=2)
    day_before = await rig.schedule(
        "visit_reminder",
        anna,
        due_in=86400,
        expires_at=visit,
        group="visit:1",
        dedupe_key="visit:1:24h",
    )
    hours_before = await rig.schedule(
        "visit_reminder", anna, due_in=86400 * 2 - 7200, expires_at=visit, group="visit:1"
    )
    other = await rig.schedule("activation", anna, due_in=10, dedupe_key="activation:7")

    async with rig.services.db.unit_of_work():
        assert await rig.services.notifications.cancel(group="visit:1") == 2
        assert await rig.services.notifications.cancel(dedupe_key="activation:7") == 1
        assert await rig.services.notifications.cancel(group="visit:1") == 0
    rig.clock.advance(timedelta(days=3))
    await rig.sender.drain()
    assert [(await rig.row(i)).status for i in (day_before, hours_before, other)] == [
        "cancelled",
        "cancelled",
        "cancelled",
    ]
    assert rig.received(ANNA) == []


async def test_late_messages_go_while_they_make_sense_and_stale_ones_are_dropped(
    rig: DeliveryRig,
) -> None:
    """After downtime: a reminder for a visit still ahead goes late; one for a visit already
    past is dropped with the reason; a broadcast older than two days is dropped."""
    anna = await rig.person(ANNA)
    now = rig.clock.now()
    still_ahead = await rig.schedule(
        "visit_reminder", anna, expires_at=now + timedelta(hours=5), due_in=0
    )
    past = await rig.schedule("visit_reminder", anna, expires_at=now + timedelta(hours=2))
    broadcast = await rig.schedule("broadcast", anna)
    rig.clock.advance(timedelta(hours=3))  # the bot was down for three hours
    await rig.sender.drain()
    assert (await rig.row(still_ahead)).status == "sent"
    dropped = await rig.row(past)
    assert dropped.status == "dropped"
    assert dropped.last_error is not None
    assert dropped.last_error.startswith("stale")
    assert (await rig.row(broadcast)).status == "sent"  # three hours late is fine for it
    assert len(rig.received(ANNA)) == 2

    old = await rig.schedule("broadcast", anna)
    rig.clock.advance(timedelta(days=2, seconds=1))
    async with rig.services.db.unit_of_work():
        assert await rig.services.notifications.drop_expired() == 1
    assert (await rig.row(old)).status == "dropped"


async def test_quiet_hours_hold_non_urgent_messages_in_the_persons_time_zone(
    tmp_path: Path, database_url: str
) -> None:
    async with delivery_rig(tmp_path, database_url, quiet_hours="22:00-09:00") as rig:
        # 20:30 UTC: 23:30 in Moscow (quiet), 20:30 in London (not), 06:30 in Vladivostok (quiet)
        rig.clock.advance(datetime(2026, 11, 24, 20, 30, tzinfo=UTC) - rig.clock.now())
        moscow = await rig.person(ANNA)  # TIMEZONE default: Europe/Moscow
        london = await rig.person(JOHN, "en", time_zone="Europe/London")
        vladivostok = await rig.person(7003, time_zone="Asia/Vladivostok")
        waits = await rig.schedule("broadcast", moscow)
        urgent = await rig.schedule("ticket_answer", moscow)
        goes = await rig.schedule("policy_expiry", london)
        waits_east = await rig.schedule("broadcast", vladivostok)

        await rig.sender.drain()
        assert (await rig.row(urgent)).status == "sent"
        assert (await rig.row(goes)).status == "sent"
        held = await rig.row(waits)
        assert held.status == "pending"
        assert held.send_after == datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
        east = await rig.row(waits_east)
        assert east.send_after == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)  # 09:00 there

        rig.clock.advance(datetime(2026, 11, 25, 6, 0, tzinfo=UTC) - rig.clock.now())
        await rig.sender.drain()
        assert (await rig.row(waits)).status == "sent"
        assert (await rig.row(waits_east)).status == "sent"


# -- Telegram's failures ---------------------------------------------------------------------


async def test_429_waits_retry_after_and_sends_the_same_message_once(rig: DeliveryRig) -> None:
    anna = await rig.person(ANNA)
    message = await rig.schedule("activation", anna)
    rig.standin.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    started = time.monotonic()
    await rig.sender.drain()
    assert time.monotonic() - started >= 1.0
    assert len(rig.received(ANNA)) == 1
    row = await rig.row(message)
    assert (row.status, row.attempts) == ("sent", 1)


async def test_403_holds_a_persons_messages_until_they_start_again(rig: DeliveryRig) -> None:
    anna = await rig.person(ANNA)
    first = await rig.schedule("activation", anna)
    rig.standin.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await rig.sender.drain()
    assert (await rig.user(ANNA)).unreachable_since is not None
    held = await rig.row(first)
    assert (held.status, held.last_error) == (
        "pending",
        "403: Forbidden: bot was blocked by the user",
    )

    second = await rig.schedule("charge", anna)
    await rig.sender.drain()
    assert rig.received(ANNA) == []  # held: nothing is tried while they block the bot
    assert (await rig.row(second)).attempts == 0

    await rig.talker(ANNA).send("/start")  # unblocked: Telegram sends /start
    assert (await rig.user(ANNA)).unreachable_since is None
    before = len(rig.received(ANNA))
    await rig.sender.drain()
    assert [(await rig.row(i)).status for i in (first, second)] == ["sent", "sent"]
    assert len(rig.received(ANNA)) == before + 2


async def test_5xx_is_retried_with_growing_delays_then_failed_with_the_reason(
    rig: DeliveryRig,
) -> None:
    anna = await rig.person(ANNA)
    recovers = await rig.schedule("activation", anna)
    rig.standin.fail("sendMessage", 500, "Internal Server Error", times=2)
    await rig.sender.drain()
    row = await rig.row(recovers)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.send_after == rig.clock.now() + timedelta(seconds=5)
    rig.clock.advance(5)
    await rig.sender.drain()
    row = await rig.row(recovers)
    assert (row.attempts, row.send_after - rig.clock.now()) == (2, timedelta(seconds=10))
    rig.clock.advance(10)
    await rig.sender.drain()
    row = await rig.row(recovers)
    assert (row.status, row.attempts) == ("sent", 3)
    assert len(rig.received(ANNA)) == 1

    never = await rig.schedule("activation", anna)
    rig.standin.fail("sendMessage", 502, "Bad Gateway", times=100)
    for _ in range(rig.policy.max_attempts):
        await rig.sender.drain()
        rig.clock.advance(rig.policy.max_retry)
    row = await rig.row(never)
    assert (row.status, row.attempts) == ("failed", rig.policy.max_attempts)
    assert row.last_error is not None
    assert "Bad Gateway" in row.last_error
    assert len(rig.received(ANNA)) == 1


async def test_400_fails_at_once(rig: DeliveryRig) -> None:
    group = Group(-1001234)  # a chat the stand-in does not know: "chat not found"
    async with rig.services.db.unit_of_work():
        message = await rig.services.notifications.schedule(
            "operator_post", group, rig.clock.now(), Payload("help-section-help")
        )
    assert message is not None
    await rig.sender.drain()
    row = await rig.row(message)
    assert (row.status, row.attempts, row.last_error) == (
        "failed",
        1,
        "400: Bad Request: chat not found",
    )


async def test_a_timeout_before_telegram_takes_the_message_is_retried_and_delivered_once(
    rig: DeliveryRig,
) -> None:
    anna = await rig.person(ANNA)
    message = await rig.schedule("activation", anna)
    rig.standin.stall("sendMessage", rig.request_timeout + 1, taken=False)
    await rig.sender.drain()
    row = await rig.row(message)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error is not None
    assert row.last_error.startswith("network")
    rig.clock.advance(rig.policy.first_retry)
    await rig.sender.drain()
    assert (await rig.row(message)).status == "sent"
    assert len(rig.received(ANNA)) == 1


async def test_a_timeout_after_telegram_took_the_message_repeats_it_once(
    rig: DeliveryRig,
) -> None:
    """The accepted-but-unconfirmed case of at-least-once delivery: Telegram stored the message
    but its answer never arrived, so the sender cannot know and sends it again: the person sees
    it twice, never more."""
    anna = await rig.person(ANNA)
    message = await rig.schedule("activation", anna)
    rig.standin.stall("sendMessage", rig.request_timeout + 1, taken=True)
    await rig.sender.drain()
    await until(rig, lambda: len(rig.received(ANNA)) == 1)  # taken late, after the sender gave up
    rig.clock.advance(rig.policy.first_retry)
    await rig.sender.drain()
    assert (await rig.row(message)).status == "sent"
    assert len(rig.received(ANNA)) == 2


async def test_a_crash_after_telegram_accepted_repeats_those_messages_once(
    rig: DeliveryRig,
) -> None:
    """A crash between Telegram's answer and the mark: each message accepted but not yet marked
    is sent once more after the restart; a marked one, or one never accepted, goes once."""
    people = [ANNA + n for n in range(5)]
    for telegram_id in people:
        await rig.schedule("activation", await rig.person(telegram_id))
    draining = asyncio.create_task(rig.sender.drain())

    def crash_after_third(change: str, message: object) -> None:
        if change == "sent" and sum(len(rig.received(p)) for p in people) == 3:
            draining.cancel()  # the process dies: answers not yet recorded are lost

    rig.standin.listeners.append(crash_after_third)
    with pytest.raises(asyncio.CancelledError):
        await draining
    rig.standin.listeners.remove(crash_after_third)
    await asyncio.sleep(0.3)  # requests already on the wire still reach the stand-in
    accepted = {p for p in people if rig.received(p)}
    marked = {row.user_id for row in await rig.rows() if row.status == "sent"}
    marked_people = {p for p in people if (await rig.user(p)).id in marked}
    assert len(accepted) >= 3

    restarted = rig.new_sender()
    await restarted.start()  # on SQLite: the dead process's leases are released at once
    try:
        if rig.services.db.engine.dialect.name != "sqlite":
            rig.clock.advance(rig.policy.lease + timedelta(seconds=1))  # PostgreSQL: lease over
        await restarted.drain()
    finally:
        await restarted.stop()
    expected = {p: 2 if p in accepted - marked_people else 1 for p in people}
    assert {p: len(rig.received(p)) for p in people} == expected
    assert {row.status for row in await rig.rows()} == {"sent"}


async def test_pending_rows_are_sent_after_a_restart(rig: DeliveryRig) -> None:
    anna = await rig.person(ANNA)
    waiting = [await rig.schedule("activation", anna, due_in=n) for n in (0, 1, 2)]
    from core.services import build_services
    from tests.probe import probe_catalogue

    # Another process on the same database (the first one is gone): it finds the rows.
    services = build_services(rig.settings, clock=rig.clock, catalogue=probe_catalogue())
    try:
        sender = rig.new_sender(services)
        rig.clock.advance(2)
        await sender.start()
        sender.wake()
        await until(rig, lambda: len(rig.received(ANNA)) == 3)
        await sender.stop()
    finally:
        await services.close()
    assert [(await rig.row(i)).status for i in waiting] == ["sent"] * 3
    assert len(rig.received(ANNA)) == 3


# -- rates -----------------------------------------------------------------------------------


def most_in_any_window(times: list[float], seconds: float) -> int:
    times = sorted(times)
    most, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= seconds:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_sending_respects_the_overall_and_per_chat_rates(
    tmp_path: Path, database_url: str
) -> None:
    async with delivery_rig(tmp_path, database_url, send_rate=5) as rig:
        people = [await rig.person(8000 + n) for n in range(12)]
        for user_id in people:
            await rig.schedule("activation", user_id)
        anna = await rig.person(ANNA)
        for n in range(3):
            await rig.schedule(
                "activation", anna, payload=Payload("greeting-back", {"name": str(n)})
            )
        await rig.sender.drain()
        times = rig.send_times()
        assert len(times) == 15
        assert most_in_any_window(times, 1.0) <= 5
        to_anna = [m for m in rig.received(ANNA)]
        assert [m.text for m in to_anna] == [
            f"С возвращением, {n}! Выберите раздел в меню ниже." for n in range(3)
        ]  # in order
        anna_times = [
            call.at for call in rig.standin.calls if call.params.get("chat_id") == str(ANNA)
        ]
        assert all(b - a >= 1.0 for a, b in itertools.pairwise(anna_times))
        assert rig.standin.throttled == 0


async def test_album_with_buttons_and_a_group_post(rig: DeliveryRig) -> None:
    anna = await rig.person(ANNA)
    pictures = rig.settings.data_dir / "tickets"
    pictures.mkdir(parents=True)
    for name in ("a.jpg", "b.jpg"):
        (pictures / name).write_bytes(b"\xff\xd8" + name.encode())
    payload = Payload(
        "help-section-help",
        buttons=[[Button("menu-help", callback_data="help")]],
        media=[Media("photo", path="tickets/a.jpg"), Media("photo", path="tickets/b.jpg")],
    )
    message = await rig.schedule("ticket_answer", anna, payload=payload)
    desk = rig.standin.chat(-100500, "supergroup", "Операторы")
    async with rig.services.db.unit_of_work():
        post = await rig.services.notifications.schedule(
            "operator_post", Group(desk.id), rig.clock.now(), Payload("help-section-help")
        )
    await rig.sender.drain()

    album, note = rig.received(ANNA)[:2], rig.received(ANNA)[2]
    assert all("photo" in m.payload for m in album)
    assert album[0].payload["media_group_id"] == album[1].payload["media_group_id"]
    assert note.payload["reply_to_message"]["message_id"] == album[0].message_id
    assert [b["text"] for b in note.inline_buttons] == ["ℹ️ Помощь"]
    row = await rig.row(message)
    assert (row.status, row.telegram_message_id) == ("sent", album[0].message_id)
    assert post is not None
    assert (await rig.row(post)).status == "sent"
    assert len(rig.received(desk.id)) == 1


async def test_a_photo_whose_text_never_goes_is_sent_once_and_can_still_be_taken_down(
    rig: DeliveryRig,
) -> None:
    """A photo, then its text apart (a ticket's desk post): the text fails every time, the
    photo goes once, and the failed row still knows it, so a take-down deletes it."""
    anna = await rig.person(ANNA)
    rig.settings.data_dir.mkdir(parents=True, exist_ok=True)
    (rig.settings.data_dir / "a.jpg").write_bytes(b"\xff\xd8a")
    payload = Payload(
        "help-section-help",
        buttons=[[Button("menu-help", callback_data="help")]],
        media=[Media("photo", path="a.jpg")],
        apart=True,
    )
    message = await rig.schedule("ticket_answer", anna, payload=payload)
    tries = rig.policy.max_attempts
    rig.standin.fail("sendMessage", 502, "Bad Gateway", times=tries)
    for _n in range(tries):
        await rig.sender.drain()
        rig.clock.advance(timedelta(hours=1))
    [photo] = rig.received(ANNA)
    row = await rig.row(message)
    assert (row.status, row.attempts) == ("failed", tries)
    assert row.telegram_message_ids == [photo.message_id]
    assert [call.method for call in rig.standin.calls].count("sendPhoto") == 1
    await rig.schedule(
        "ticket_answer", anna, payload=Payload("help-section-help", take_down=message)
    )
    await rig.sender.drain()
    assert rig.received(ANNA) == []


@pytest.mark.db
async def test_two_senders_never_send_one_row_twice(tmp_path: Path, database_url: str) -> None:
    """Two processes' senders on one database (PostgreSQL: SKIP LOCKED; SQLite: one writer)."""
    from core.services import build_services
    from tests.probe import probe_catalogue

    policy = DeliveryPolicy(batch=10)
    async with delivery_rig(tmp_path, database_url, policy=policy) as rig:
        people = [await rig.person(9000 + n) for n in range(60)]
        for user_id in people:
            await rig.schedule("activation", user_id)
        other = build_services(rig.settings, clock=rig.clock, catalogue=probe_catalogue())
        try:
            first, second = rig.new_sender(), rig.new_sender(other)
            handled = await asyncio.gather(first.drain(), second.drain())
        finally:
            await other.close()
        assert sum(handled) == 60
        assert all(handled), "both senders took part"
        assert [len(rig.received(9000 + n)) for n in range(60)] == [1] * 60
        assert {row.status for row in await rig.rows()} == {"sent"}


async def test_a_graceful_stop_gives_back_what_it_had_not_sent(
    tmp_path: Path, database_url: str
) -> None:
    """Several instances on PostgreSQL: a stopping one must not sit on leased rows."""
    async with delivery_rig(tmp_path, database_url, send_rate=5) as rig:
        for n in range(20):
            await rig.schedule("activation", await rig.person(8000 + n))
        await rig.sender.start()
        rig.sender.wake()
        await until(rig, lambda: len(rig.send_times()) >= 3)
        await rig.sender.stop()
        rows = await rig.rows()
        sent = [row for row in rows if row.status == "sent"]
        assert 3 <= len(sent) < 20
        assert all(row.claimed_until is None for row in rows)
        assert len(rig.send_times()) == len(sent)


async def test_metrics_show_the_backlog_and_what_the_sender_settled(rig: DeliveryRig) -> None:
    anna = await rig.person(ANNA)
    await rig.schedule("activation", anna)
    await rig.schedule("activation", anna)
    await rig.schedule("activation", anna, due_in=3600)
    rig.clock.advance(timedelta(minutes=5))
    metrics = Metrics()
    metrics.watch(rig.sender)

    scraped = (await metrics.render(rig.services)).decode()
    assert "dmsbot_notifications_pending 2.0" in scraped
    assert "dmsbot_notifications_lag_seconds 300.0" in scraped
    assert "dmsbot_notifications_sent_total 0.0" in scraped

    await rig.sender.drain()
    scraped = (await metrics.render(rig.services)).decode()
    assert "dmsbot_notifications_pending 0.0" in scraped
    assert "dmsbot_notifications_lag_seconds 0.0" in scraped
    assert "dmsbot_notifications_sent_total 2.0" in scraped
    assert "dmsbot_notifications_failed_total 0.0" in scraped


# -- priority ---------------------------------------------------------------------------------


async def test_an_urgent_case_goes_first_with_the_groups_window_full_of_ordinary_posts(
    rig: DeliveryRig,
) -> None:
    """Ordinary desk posts have used their share of the group's minute (20 less the headroom):
    they wait. An urgent case abroad scheduled after them — while the round sending them is
    busy — is claimed at its next look and goes at once, before every one of them, as a pin too;
    Telegram's own limits still hold (nothing was throttled)."""
    desk = rig.standin.chat(-100600, "supergroup", "Операторы")
    limiter = RateLimiter(rig.settings.send_rate)
    for _ in range(PER_GROUP.limit - GROUP_HEADROOM):  # the group's minute, as ordinary posts
        limiter._groups.record(desk.id, time.monotonic())
    sender = Sender(
        rig.services.db,
        rig.services.clock,
        rig.services.catalogue,
        rig.settings,
        rig.sender.transport,
        limiter,
        rig.policy,
    )
    ordinary = []
    async with rig.services.db.unit_of_work():
        for n in range(5):
            ordinary.append(
                await rig.services.notifications.schedule(
                    "operator_post",
                    Group(desk.id),
                    rig.clock.now(),
                    Payload("desk-ticket-removed", {"number": f"Ж-00000{n}"}),
                )
            )
    round_ = asyncio.create_task(sender.drain())
    try:
        await asyncio.sleep(0.3)  # the round has claimed the ordinary posts: they wait
        async with rig.services.db.unit_of_work():
            urgent = await rig.services.notifications.schedule(
                "abroad_case",
                Group(desk.id),
                rig.clock.now(),
                Payload("desk-abroad-pin", {"number": "SOS-000001"}, location=Place(48.85, 2.29)),
            )
        assert urgent is not None
        await until(rig, lambda: bool(rig.received(desk.id)))
        first = rig.received(desk.id)[0]
        assert first.payload["venue"]["title"] == "📍 Где сейчас SOS-000001"
        for _ in range(500):  # recorded just after Telegram took it
            if (await rig.row(urgent)).status == "sent":
                break
            await asyncio.sleep(0.01)
        assert (await rig.row(urgent)).status == "sent"
        assert [(await rig.row(row)).status for row in ordinary if row] == ["pending"] * 5
        assert rig.standin.throttled == 0
    finally:
        round_.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await round_


async def test_a_429_holds_an_urgent_case_too(rig: DeliveryRig) -> None:
    desk = rig.standin.chat(-100601, "supergroup", "Операторы")
    rig.standin.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    async with rig.services.db.unit_of_work():
        urgent = await rig.services.notifications.schedule(
            "abroad_case", Group(desk.id), rig.clock.now(), Payload("help-section-help")
        )
    assert urgent is not None
    started = time.monotonic()
    await rig.sender.drain()
    assert time.monotonic() - started >= 1.0
    assert (await rig.row(urgent)).status == "sent"
    assert len(rig.received(desk.id)) == 1
