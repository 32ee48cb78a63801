"""The sender: takes due scheduled messages and gets them to Telegram within its limits.

Delivery is at least once. A row is leased to one sender (`claim_due`), sent through the one
`Limiter`, and marked sent only after Telegram accepted it; a crash between the two repeats
that one message once. 429: every send waits `retry_after`, then the same message goes again.
403: the person blocked the bot; they are marked unreachable and their messages wait until they
write again. Network errors, timeouts and 5xx: retried later with growing delays, then `failed`
with the reason. 400 (a message Telegram will never take): `failed` at once.

The Telegram side is a `Transport` (bot/delivery.py); core stays free of aiogram.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.i18n import DEFAULT_LOCALE, Catalogue, Markup, Translator
from core.notifications import KINDS, PRIORITY_KINDS, Intent, Media, Payload, Place
from core.ratelimit import Limiter
from core.settings import Settings
from storage.db import Database
from storage.models import ScheduledMessage, User
from storage.repositories.notifications import ScheduledMessageRepository
from storage.repositories.users import UserRepository

logger = logging.getLogger(__name__)


# -- what goes to Telegram -------------------------------------------------------------------


@dataclass(frozen=True)
class OutgoingButton:
    """A button as it goes out: the bot packs an intent into its callback data."""

    text: str
    intent: Intent | None = None
    ref: int = 0
    url: str | None = None
    callback_data: str | None = None  # of a message scheduled before intents


@dataclass(frozen=True)
class OutgoingMedia:
    type: str  # "photo" or "document"
    file_id: str | None = None
    path: Path | None = None
    filename: str | None = None


@dataclass(frozen=True)
class Outgoing:
    chat_id: int
    text: str
    buttons: Sequence[Sequence[OutgoingButton]] = ()
    media: Sequence[OutgoingMedia] = ()
    protect: bool = False  # protect_content: no forwarding or saving (identity photos)
    reply_to: int | None = None  # the Telegram message it answers
    apart: bool = False  # with media: the text (and buttons) in a message of its own after it
    # Messages of this chat to take down instead of sending anything: each is deleted, or, when
    # Telegram refuses, a photo is replaced by a placeholder and a text by `text`.
    delete: Sequence[int] = ()
    # A message in several parts (the media, then its text): the Telegram ids of the parts an
    # earlier try already got accepted, in order. Only the parts after them are sent.
    done: Sequence[Sequence[int]] = ()
    location: Place | None = None  # a pin (a venue when titled) instead of the text
    edit: int | None = None  # a message of this chat whose text and buttons become these


class DeliveryError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RetryAfter(DeliveryError):
    """429: Telegram asks every send to wait."""

    def __init__(self, seconds: float, reason: str = "Too Many Requests") -> None:
        super().__init__(reason)
        self.seconds = seconds


class RecipientGone(DeliveryError):
    """403: the person blocked the bot, or the bot left the group."""


class Rejected(DeliveryError):
    """Telegram will never take this message (400): retrying cannot help."""


class TransientFailure(DeliveryError):
    """Network error, timeout, 5xx: worth another try later."""


PartSent = Callable[[list[int]], Awaitable[None]]


class Transport(Protocol):
    def requests(self, message: Outgoing) -> int:
        """How many messages it counts as toward the rate limits (an album: one per part); the
        parts already `done` count none."""

    async def deliver(self, message: Outgoing, part_sent: PartSent) -> list[int]:
        """Send (or take down) what of the message is not `done`; the Telegram ids of all its
        messages, done parts included (an album's, then its reply). When another part is still
        to follow, `part_sent` is awaited with the ids of the part Telegram just took, before
        the next one goes. Raises a DeliveryError subclass."""


def render(payload: Payload, translator: Translator, chat_id: int, data_dir: Path) -> Outgoing:
    params = {
        name: Markup(value) if name in payload.markup and isinstance(value, str) else value
        for name, value in payload.params.items()
    }
    return Outgoing(
        chat_id=chat_id,
        text=translator(payload.text, **params),
        buttons=[
            [
                OutgoingButton(
                    translator(b.key, **b.params), b.intent, b.ref, b.url, b.callback_data
                )
                for b in row
            ]
            for row in payload.buttons
        ],
        media=[_resolve(item, data_dir) for item in payload.media],
        protect=payload.protect,
        apart=payload.apart,
        location=payload.location,
    )


def _resolve(item: Media, data_dir: Path) -> OutgoingMedia:
    path = None
    if item.path is not None:
        path = Path(item.path)
        path = path if path.is_absolute() else data_dir / path
    return OutgoingMedia(item.type, item.file_id, path, item.filename)


def quiet_until(now: datetime, zone: ZoneInfo, hours: tuple[time, time] | None) -> datetime | None:
    """When quiet hours end, if `now` is inside them in `zone`; None otherwise."""
    if hours is None or hours[0] == hours[1]:
        return None
    start, end = hours
    local = now.astimezone(zone)
    moment = local.time().replace(tzinfo=None)
    if start < end:
        quiet, end_day = start <= moment < end, local.date()
    else:  # across midnight, e.g. 22:00-09:00
        quiet = moment >= start or moment < end
        end_day = local.date() + timedelta(days=1) if moment >= start else local.date()
    if not quiet:
        return None
    return datetime.combine(end_day, end, tzinfo=zone).astimezone(UTC)


# -- the sender ------------------------------------------------------------------------------


class _Later:
    """A reply whose original is still to be sent."""


WAIT = _Later()
REPLY_WAIT = timedelta(seconds=5)
# While a round is busy, how often it looks for priority messages due (`Kind.priority`): they
# never wait for the round's ordinary sends to finish.
PRIORITY_POLL = 1.0
PRIORITY_BATCH = 10


@dataclass(frozen=True)
class DeliveryPolicy:
    batch: int = 60  # rows leased at a time; more are leased when half are done
    lease: timedelta = timedelta(minutes=10)
    max_attempts: int = 6  # network errors and 5xx, then `failed`
    first_retry: timedelta = timedelta(seconds=10)  # doubled after each failure
    max_retry: timedelta = timedelta(minutes=30)
    max_rate_waits: int = 20  # 429s for one message in a row before it goes back to the queue
    stop_grace: float = 10.0  # seconds in-flight sends get to finish on stop
    lease_margin: timedelta = timedelta(minutes=1)  # the least lease left to start a send

    @classmethod
    def for_rate(cls, per_second: float, **changes: Any) -> DeliveryPolicy:
        return cls(batch=max(10, int(per_second * 2)), **changes)

    def retry_delay(self, attempts: int) -> timedelta:
        delay: timedelta = self.first_retry * 2 ** max(0, attempts - 1)
        return min(delay, self.max_retry)

    def lease_ending(self, now: datetime, lease: datetime) -> bool:
        """Too near the lease's end to start a send: it could pass mid-send, and another sender
        take the row and send it too. The row goes back to the queue instead."""
        return now >= lease - self.lease_margin


@dataclass(frozen=True)
class _Claim:
    message: ScheduledMessage
    user: User | None
    lease: datetime


class Sender:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        catalogue: Catalogue,
        settings: Settings,
        transport: Transport,
        limiter: Limiter,
        policy: DeliveryPolicy | None = None,
        *,
        only_chats: frozenset[int] | None = None,
    ) -> None:
        """`only_chats`: send only to these Telegram chats (the offline console, which must never
        take real people's messages from a database a real bot also uses)."""
        self.db = db
        self.clock = clock
        self.catalogue = catalogue
        self.settings = settings
        self.transport = transport
        self.limiter = limiter
        self.policy = policy or DeliveryPolicy.for_rate(settings.send_rate)
        self.only_chats = only_chats
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        # One lock per chat and lane (priority or not) with messages under way, and how many
        # tasks use it: a chat's messages of one lane go in order, and a priority one never
        # queues behind the ordinary ones.
        self._chat_locks: dict[tuple[int, bool], tuple[asyncio.Lock, int]] = {}
        # How the messages this sender settled ended ("sent", "failed"): read by /metrics.
        self.outcomes: Counter[str] = Counter()

    # -- running -----------------------------------------------------------------------------

    async def start(self) -> None:
        if self.db.engine.dialect.name == "sqlite":
            # SQLite serves one process, so leases left in the database are this bot's own,
            # from before a crash: those messages go now rather than when the lease ends.
            async with self.db.unit_of_work():
                released = await ScheduledMessageRepository(self.db.session).release_all_leases()
            if released:
                logger.warning("delivery: %d messages were on their way at a crash", released)
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="notification-sender")

    def wake(self) -> None:
        """Look for due messages now (the scheduler calls this every second)."""
        self._wake.set()

    async def stop(self) -> None:
        """Stop leasing; sends already under way get `stop_grace` seconds to be recorded."""
        self._stopping = True
        self._wake.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._task), self.policy.stop_grace)
        except TimeoutError:
            self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _run(self) -> None:
        while not self._stopping:
            await self._wake.wait()
            self._wake.clear()
            if self._stopping:
                break
            try:
                await self.drain()
            except Exception:  # the database went away, say: log it, try again next tick
                logger.exception("delivery: sending round failed")

    async def drain(self) -> int:
        """Send everything due now; returns how many rows were handled. Priority messages are
        claimed first, and looked for every `PRIORITY_POLL` while the round is busy."""
        handled = 0
        running: set[asyncio.Task[None]] = set()
        exhausted = False
        try:
            while True:
                claimed: list[_Claim] = []
                if not exhausted and not self._stopping and len(running) <= self.policy.batch // 2:
                    wanted = self.policy.batch - len(running)
                    claimed = await self._claim(wanted)
                    exhausted = len(claimed) < wanted
                elif running and not self._stopping:
                    claimed = await self._claim(PRIORITY_BATCH, only_priority=True)
                running |= {asyncio.create_task(self._handle(claim)) for claim in claimed}
                if not running:
                    return handled
                done, running = await asyncio.wait(
                    running, timeout=PRIORITY_POLL, return_when=asyncio.FIRST_COMPLETED
                )
                handled += len(done)
                for task in done:
                    if task.exception() is not None:  # even recording failed: the lease ends it
                        logger.error(
                            "delivery: a message was left leased", exc_info=task.exception()
                        )
        finally:
            # Cancelled (a hard stop): the sends under way stop too, unrecorded, as in a crash.
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)

    async def _claim(self, limit: int, *, only_priority: bool = False) -> list[_Claim]:
        now = self.clock.now()
        lease = now + self.policy.lease
        async with self.db.unit_of_work():
            rows = await ScheduledMessageRepository(self.db.session).claim_due(
                now,
                lease,
                limit,
                only_chats=self.only_chats,
                first=PRIORITY_KINDS,
                only_first=only_priority,
            )
        return [_Claim(message, user, lease) for message, user in rows]

    # -- one message -------------------------------------------------------------------------

    async def _settle(self, claim: _Claim, *, unreachable: bool = False, **values: Any) -> bool:
        async with self.db.unit_of_work() as session:
            if unreachable and claim.user is not None:
                await UserRepository(session).mark_unreachable(claim.user.id, self.clock.now())
            settled = await ScheduledMessageRepository(session).settle(
                claim.message.id, claim.lease, **values
            )
        if settled and "status" in values:
            self.outcomes[values["status"]] += 1
        if not settled:
            logger.info(
                "delivery: message %d was cancelled or re-leased meanwhile", claim.message.id
            )
        return settled

    async def _finish(self, claim: _Claim, status: str, error: str, **values: Any) -> None:
        await self._settle(
            claim, status=status, finished_at=self.clock.now(), last_error=error[:1000], **values
        )
        log = logger.warning if status == "failed" else logger.info
        log("delivery: message %d (%s) %s: %s", claim.message.id, claim.message.kind, status, error)

    async def _put_back(self, claim: _Claim, send_after: datetime, **values: Any) -> None:
        await self._settle(claim, send_after=send_after, **values)

    async def _handle(self, claim: _Claim) -> None:
        message = claim.message
        try:
            await self._prepare_and_send(claim)
        except Exception as error:  # a bug must not resend the row every second forever
            logger.exception("delivery: message %d failed unexpectedly", message.id)
            attempts = message.attempts + 1
            if attempts >= self.policy.max_attempts:
                await self._finish(claim, "failed", f"internal error: {error!r}", attempts=attempts)
            else:
                await self._put_back(
                    claim,
                    self.clock.now() + self.policy.retry_delay(attempts),
                    attempts=attempts,
                    last_error=f"internal error: {error!r}"[:1000],
                )

    async def _prepare_and_send(self, claim: _Claim) -> None:
        message, user = claim.message, claim.user
        now = self.clock.now()
        if message.expires_at is not None and now > message.expires_at:
            await self._finish(
                claim,
                "dropped",
                f"stale: due {message.due_at:%Y-%m-%d %H:%M} UTC, "
                f"made sense until {message.expires_at:%Y-%m-%d %H:%M} UTC",
            )
            return
        kind = KINDS.get(message.kind)
        if kind is None:
            await self._finish(claim, "failed", f"unknown kind {message.kind!r}")
            return
        zone = self._zone_of(user)
        if not kind.urgent:
            until = quiet_until(now, zone, self.settings.quiet_hours)
            if until is not None:
                await self._put_back(claim, until)
                return
        if user is not None:
            chat_id, locale = user.telegram_id, user.language
        else:
            assert message.chat_id is not None
            chat_id, locale = message.chat_id, DEFAULT_LOCALE
        try:
            payload = Payload.from_json(message.payload)
        except (KeyError, TypeError, ValueError) as error:
            await self._finish(claim, "failed", f"bad payload: {error!r}")
            return
        try:
            outgoing = render(
                payload,
                self.catalogue.translator(locale),
                chat_id,
                self.settings.data_dir,
            )
        except (KeyError, TypeError, ValueError) as error:
            await self._finish(claim, "failed", f"bad payload: {error!r}")
            return
        lane = (chat_id, kind.priority)
        lock, users = self._chat_locks.get(lane, (asyncio.Lock(), 0))
        self._chat_locks[lane] = (lock, users + 1)
        try:
            async with lock:  # one chat's messages go in order
                if payload.reply_to is not None:
                    # Under the chat's lock: an original claimed in the same round (before it)
                    # has been sent by now.
                    answered = await self._answered(payload.reply_to)
                    if isinstance(answered, _Later):
                        await self._put_back(claim, now + REPLY_WAIT)
                        return
                    outgoing = replace(outgoing, reply_to=answered)
                if payload.take_down is not None:
                    shown = await self._shown(payload.take_down)
                    if isinstance(shown, _Later):
                        await self._put_back(claim, now + REPLY_WAIT)
                        return
                    if not shown:
                        await self._finish(claim, "dropped", "nothing to take down: never sent")
                        return
                    outgoing = replace(outgoing, delete=shown)
                if payload.edit is not None:
                    shown = await self._shown(payload.edit)
                    if isinstance(shown, _Later):
                        await self._put_back(claim, now + REPLY_WAIT)
                        return
                    if not shown:
                        await self._finish(claim, "dropped", "nothing to edit: never sent")
                        return
                    outgoing = replace(outgoing, edit=shown[-1])  # the text, after any media
                await self._send(claim, outgoing, priority=kind.priority)
        finally:
            lock, users = self._chat_locks[lane]
            if users == 1:
                del self._chat_locks[lane]
            else:
                self._chat_locks[lane] = (lock, users - 1)

    async def _answered(self, message_id: int) -> int | _Later | None:
        """The Telegram message a reply goes to: the last one the scheduled message `message_id`
        sent (the one with the text); WAIT while it is still to be sent; None when it never will
        be (the reply then goes on its own)."""
        original = await self._original(message_id)
        if original is None:
            return None
        if original.status == "sent" and original.telegram_message_ids:
            return int(original.telegram_message_ids[-1])
        return WAIT if original.status == "pending" else None

    async def _shown(self, message_id: int) -> list[int] | _Later:
        """The Telegram messages the scheduled message `message_id` became, to take down; WAIT
        while it is pending or on its way (a row cancelled under a sender's lease may still
        arrive: its ids are then recorded)."""
        original = await self._original(message_id)
        if original is None:
            return []
        leased = original.claimed_until is not None and original.claimed_until > self.clock.now()
        if original.status == "pending" or leased:
            return WAIT
        return [int(telegram_id) for telegram_id in original.telegram_message_ids or []]

    async def _original(self, message_id: int) -> ScheduledMessage | None:
        async with self.db.unit_of_work() as session:
            return await ScheduledMessageRepository(session).by_id(message_id)

    def _zone_of(self, user: User | None) -> ZoneInfo:
        if user is not None and user.time_zone:
            try:
                return ZoneInfo(user.time_zone)
            except (KeyError, ValueError):
                logger.warning("user %d has an unknown time zone %r", user.id, user.time_zone)
        return self.settings.timezone

    async def _send(self, claim: _Claim, outgoing: Outgoing, *, priority: bool = False) -> None:
        message = claim.message
        # What earlier tries got through: every id is kept for a take-down, whichever copy it
        # belongs to; the parts of the copy under way are not sent again.
        known = [int(telegram_id) for telegram_id in message.telegram_message_ids or []]
        parts = [[int(i) for i in part] for part in message.telegram_parts or []]

        def remember(telegram_ids: list[int]) -> None:
            known.extend(i for i in telegram_ids if i not in known)

        async def part_sent(telegram_ids: list[int]) -> None:
            """Recorded at once, in its own transaction, so a crash cannot send it again."""
            parts.append(list(telegram_ids))
            remember(telegram_ids)
            async with self.db.unit_of_work() as session:
                await ScheduledMessageRepository(session).record_part(
                    message.id, claim.lease, parts, known
                )

        rate_waits = 0
        while True:
            outgoing = replace(outgoing, done=tuple(tuple(part) for part in parts))
            for _ in range(self.transport.requests(outgoing)):
                await self.limiter.acquire(outgoing.chat_id, priority=priority)
            if self._stopping or self.policy.lease_ending(self.clock.now(), claim.lease):
                # Stopping, or waited so long that the lease may pass mid-send: give the row
                # back now, for the next start or a fresh claim, rather than when the lease ends.
                await self._put_back(claim, message.send_after)
                return
            try:
                telegram_ids = await self.transport.deliver(outgoing, part_sent)
            except RetryAfter as error:
                await self.limiter.pause(error.seconds)
                rate_waits += 1
                if rate_waits < self.policy.max_rate_waits and not self._stopping:
                    continue
                later = self.clock.now() + timedelta(seconds=error.seconds)
                await self._put_back(claim, later, last_error=f"429: {error.reason}")
            except RecipientGone as error:
                if claim.user is None:
                    await self._finish(claim, "failed", f"403: {error.reason}")
                else:
                    # Held, not failed: it goes when they write again (if still not stale).
                    await self._settle(claim, unreachable=True, last_error=f"403: {error.reason}")
            except Rejected as error:
                await self._finish(
                    claim, "failed", f"400: {error.reason}", attempts=message.attempts + 1
                )
            except TransientFailure as error:
                attempts = message.attempts + 1
                if attempts >= self.policy.max_attempts:
                    await self._finish(
                        claim,
                        "failed",
                        f"{error.reason} (after {attempts} attempts)",
                        attempts=attempts,
                    )
                else:
                    await self._put_back(
                        claim,
                        self.clock.now() + self.policy.retry_delay(attempts),
                        attempts=attempts,
                        last_error=error.reason[:1000],
                    )
            else:
                remember(telegram_ids)
                settled = await self._settle(
                    claim,
                    status="sent",
                    telegram_message_id=telegram_ids[0] if telegram_ids else None,
                    telegram_message_ids=known,
                    telegram_parts=None,
                    attempts=message.attempts + 1,
                    finished_at=self.clock.now(),
                )
                if not settled and known:
                    # Cancelled while on its way: what it became is kept for a take-down.
                    async with self.db.unit_of_work() as session:
                        await ScheduledMessageRepository(session).record_late(
                            message.id, claim.lease, known
                        )
            return
