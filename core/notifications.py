"""Messages the bot sends on its own: scheduled as rows, sent later by the one sender.

Features call `Notifications.schedule(...)` inside their own unit of work, so a reminder is
committed with the booking it belongs to, or not at all. Every kind is either urgent (visit
reminders, activation notices, charges and declines, ticket answers, identity decisions, security
notices, operator posts) or waits out `QUIET_HOURS` in the person's time zone (policy expiry,
broadcasts), and has a staleness rule: past its `expires_at` a message is dropped, not sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from core.clock import Clock
from storage.db import Database
from storage.repositories.notifications import ScheduledMessageRepository


@dataclass(frozen=True)
class Kind:
    name: str
    urgent: bool
    # How late after its due time a message still makes sense (None: always).
    max_delay: timedelta | None = None
    # The caller must say when it stops making sense (a visit reminder: the visit's start).
    needs_expiry: bool = False
    # Sent before anything else due (claimed first, its own turn in a chat) and allowed the
    # headroom of a group's window that ordinary posts leave (core/ratelimit.py): someone in
    # trouble abroad must not wait behind the desk's queue.
    priority: bool = False


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("visit_reminder", urgent=True, needs_expiry=True),
        Kind("visit_change", urgent=True),
        Kind("activation", urgent=True),
        Kind("charge", urgent=True),
        Kind("decline", urgent=True),
        Kind("ticket_answer", urgent=True),
        Kind("identity_decision", urgent=True),
        Kind("security", urgent=True),
        Kind("operator_post", urgent=True),
        Kind("policy_expiry", urgent=False, max_delay=timedelta(days=3)),
        Kind("policy_terminated", urgent=False, max_delay=timedelta(days=7)),
        Kind("family_notice", urgent=False, max_delay=timedelta(days=7)),  # core/family_adults.py
        Kind("broadcast", urgent=False, max_delay=timedelta(days=2)),
        Kind("letter_decision", urgent=True),
        Kind("letter_reminder", urgent=False, max_delay=timedelta(days=3)),
        Kind("abroad_case", urgent=True, priority=True),
        Kind("claim_decision", urgent=True),
        Kind("map_handoff", urgent=True),  # the map's «Записаться»: the chat goes on from there
        # What follows a case abroad's first post (notes, later places, take-downs): urgent,
        # but ordinary desk posts — only the first post and its pin jump the group's pacing.
        Kind("abroad_note", urgent=True),
    )
}

# The kinds a sender claims before any other (`Kind.priority`).
PRIORITY_KINDS = frozenset(kind.name for kind in KINDS.values() if kind.priority)


class UnknownKind(ValueError):
    pass


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(f"unknown notification kind {name!r}") from None


@dataclass(frozen=True)
class Person:
    """A person, by account: their Telegram chat is looked up when the message goes out."""

    user_id: int


@dataclass(frozen=True)
class Group:
    chat_id: int


Recipient = Person | Group
Param = str | int | float


class Intent(StrEnum):
    """What a button asks for, in the domain's words. `core/` names the intent and the object
    (`ref`); the bot packs it into the callback data of the feature that answers it (each
    feature's `intents`, bot/common/intents.py), so no callback format is written twice. The
    values are stored in scheduled messages: rename none."""

    SIGN_UP = "sign-up"
    RECOVER = "recover"
    ADD_POLICY = "add-policy"
    OPEN_CLINICS = "open-clinics"
    BOOK_AT_CLINIC = "book-at-clinic"  # ref: the clinic
    CANCEL_VISIT = "cancel-visit"  # ref: the visit
    MOVE_VISIT = "move-visit"  # ref: the visit
    PAY_CHARGE = "pay-charge"  # ref: the co-payment
    OPEN_FRANCHISE = "open-franchise"
    NOT_MY_RECOVERY = "not-my-recovery"  # ref: the recovery
    OPEN_TICKET = "open-ticket"  # ref: the ticket
    DESK_TAKE_TICKET = "desk-take-ticket"  # ref: the ticket
    DESK_ANSWER_TICKET = "desk-answer-ticket"  # ref: the ticket
    DESK_CLOSE_TICKET = "desk-close-ticket"  # ref: the ticket
    DESK_APPROVE_IDENTITY = "desk-approve-identity"  # ref: the identity check
    DESK_REJECT_IDENTITY = "desk-reject-identity"  # ref: the identity check
    DESK_UNFREEZE = "desk-unfreeze"  # ref: the recovery incident
    DESK_GIVE_BACK = "desk-give-back"  # ref: the recovery incident
    OPEN_LETTER = "open-letter"  # ref: the guarantee letter
    ANSWER_LETTER = "answer-letter"  # ref: the guarantee letter
    DESK_APPROVE_LETTER = "desk-approve-letter"  # ref: the guarantee letter
    DESK_REFUSE_LETTER = "desk-refuse-letter"  # ref: the guarantee letter
    DESK_CLARIFY_LETTER = "desk-clarify-letter"  # ref: the guarantee letter
    DESK_TAKE_ABROAD = "desk-take-abroad"  # ref: the abroad case
    DESK_CLOSE_ABROAD = "desk-close-abroad"  # ref: the abroad case
    CLAIM_DOCUMENT = "claim-document"  # ref: the claim (the person sends what the desk asked)
    DESK_APPROVE_CLAIM = "desk-approve-claim"  # ref: the claim
    DESK_ASK_CLAIM_DOCUMENT = "desk-ask-claim-document"  # ref: the claim
    DESK_REJECT_CLAIM = "desk-reject-claim"  # ref: the claim


@dataclass(frozen=True)
class Button:
    """A button: an intent (and the id it names), or a URL. `callback_data` is read only from
    messages scheduled before intents existed; nothing writes it any more."""

    key: str  # the label's catalogue key
    intent: Intent | None = None
    ref: int = 0
    url: str | None = None
    params: Mapping[str, Param] = field(default_factory=dict)
    callback_data: str | None = None

    def __post_init__(self) -> None:
        if self.intent is not None:
            object.__setattr__(self, "intent", Intent(self.intent))
        ways = [self.intent, self.url, self.callback_data]
        if sum(way is not None for way in ways) != 1:
            raise ValueError("a button has one of an intent, a URL or callback data")
        if self.callback_data is not None and len(self.callback_data.encode()) > 64:
            raise ValueError("callback data is limited to 64 bytes")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"key": self.key}
        if self.intent is not None:
            data["intent"] = self.intent.value
            if self.ref:
                data["ref"] = self.ref
        if self.callback_data is not None:
            data["callback_data"] = self.callback_data
        if self.url is not None:
            data["url"] = self.url
        if self.params:
            data["params"] = dict(self.params)
        return data


@dataclass(frozen=True)
class Media:
    type: Literal["photo", "document"]
    file_id: str | None = None  # a file Telegram already has
    path: str | None = None  # or a file on disk (relative: under DATA_DIR)
    filename: str | None = None

    def __post_init__(self) -> None:
        if (self.file_id is None) == (self.path is None):
            raise ValueError("a media item has either a file id or a path")


MAX_ALBUM = 10


@dataclass(frozen=True)
class Place:
    """A point on the map, sent as a location; with a title, as a venue (a pin with a name and
    an address)."""

    latitude: float
    longitude: float
    title: str | None = None
    address: str | None = None

    def __post_init__(self) -> None:
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            raise ValueError("a place's latitude and longitude are out of range")


@dataclass(frozen=True)
class Payload:
    """What to say, in the recipient's language when it is sent: a catalogue key and its
    parameters, optional buttons (rows) and optional media (one file, or an album of up to 10).
    Parameters named in `markup` are trusted HTML and are not escaped."""

    text: str
    params: Mapping[str, Param] = field(default_factory=dict)
    buttons: Sequence[Sequence[Button]] = ()
    media: Sequence[Media] = ()
    markup: frozenset[str] = frozenset()
    protect: bool = False  # Telegram's protect_content: not forwarded or saved
    # The id of a scheduled message this one answers: it goes as a reply to what that one sent,
    # and waits until that one has been sent.
    reply_to: int | None = None
    apart: bool = False  # with media: the text (and buttons) in a message of its own after it
    # The id of a scheduled message to take down: what it became in its chat is deleted (a photo
    # Telegram will not delete becomes a placeholder, a text becomes this payload's text). It
    # waits while that one is on its way; nothing is said.
    take_down: int | None = None
    # A pin on the map instead of a text: `text` is then only the venue's title when the place
    # has none (and what a take-down leaves if Telegram will not delete it).
    location: Place | None = None
    # The id of a scheduled message to edit instead of sending anything: the text it became (the
    # last message it sent) becomes this payload's text and buttons (none: its buttons go). It
    # waits while that one is on its way; one never sent is not edited.
    edit: int | None = None

    def __post_init__(self) -> None:
        if len(self.media) > MAX_ALBUM:
            raise ValueError(f"an album holds at most {MAX_ALBUM} files")
        if self.take_down is not None and (self.media or self.buttons or self.reply_to):
            raise ValueError("a take-down says nothing: no media, buttons or reply")
        if self.location is not None and (self.media or self.take_down is not None):
            raise ValueError("a location goes alone: no media, not a take-down")
        if self.edit is not None and (
            self.media or self.reply_to or self.take_down is not None or self.location
        ):
            raise ValueError("an edit changes a text: no media, reply, take-down or location")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "params": dict(self.params)}
        if self.buttons:
            data["buttons"] = [[button.to_json() for button in row] for row in self.buttons]
        if self.media:
            data["media"] = [
                {k: v for k, v in vars(m).items() if v is not None} for m in self.media
            ]
        if self.markup:
            data["markup"] = sorted(self.markup)
        if self.protect:
            data["protect"] = True
        if self.reply_to is not None:
            data["reply_to"] = self.reply_to
        if self.apart:
            data["apart"] = True
        if self.take_down is not None:
            data["take_down"] = self.take_down
        if self.location is not None:
            data["location"] = {k: v for k, v in vars(self.location).items() if v is not None}
        if self.edit is not None:
            data["edit"] = self.edit
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Payload:
        return cls(
            text=data["text"],
            params=data.get("params") or {},
            buttons=tuple(
                tuple(Button(**button) for button in row) for row in data.get("buttons") or ()
            ),
            media=tuple(Media(**item) for item in data.get("media") or ()),
            markup=frozenset(data.get("markup") or ()),
            protect=bool(data.get("protect")),
            reply_to=data.get("reply_to"),
            apart=bool(data.get("apart")),
            take_down=data.get("take_down"),
            location=Place(**data["location"]) if data.get("location") else None,
            edit=data.get("edit"),
        )


class Notifications:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def _messages(self) -> ScheduledMessageRepository:
        return ScheduledMessageRepository(self.db.session)

    @staticmethod
    def row(
        kind: str,
        chat: Recipient,
        due_at: datetime,
        payload: Payload,
        dedupe_key: str | None = None,
        *,
        group: str | None = None,
        expires_at: datetime | None = None,
        now: datetime,
    ) -> dict[str, Any]:
        """The values of one scheduled message (for bulk inserts too)."""
        rule = kind_of(kind)
        if due_at.tzinfo is None:
            raise ValueError("due_at must be timezone-aware")
        if rule.needs_expiry and expires_at is None:
            raise ValueError(f"a {kind} message needs expires_at (when it stops making sense)")
        if expires_at is None and rule.max_delay is not None:
            expires_at = due_at + rule.max_delay
        return {
            "kind": kind,
            "user_id": chat.user_id if isinstance(chat, Person) else None,
            "chat_id": chat.chat_id if isinstance(chat, Group) else None,
            "due_at": due_at,
            "send_after": due_at,
            "expires_at": expires_at,
            "payload": payload.to_json(),
            "status": "pending",
            "attempts": 0,
            "dedupe_key": dedupe_key,
            "group_key": group,
            "created_at": now,
        }

    async def schedule(
        self,
        kind: str,
        chat: Recipient,
        due_at: datetime,
        payload: Payload,
        dedupe_key: str | None = None,
        *,
        group: str | None = None,
        expires_at: datetime | None = None,
    ) -> int | None:
        """Add a message to send at `due_at`, in the caller's unit of work (committed with what
        it belongs to). Returns its id, or None when `dedupe_key` was scheduled before."""
        values = self.row(
            kind,
            chat,
            due_at,
            payload,
            dedupe_key,
            group=group,
            expires_at=expires_at,
            now=self.clock.now(),
        )
        return await self._messages().add(values)

    async def cancel(self, *, dedupe_key: str | None = None, group: str | None = None) -> int:
        """Cancel pending messages by dedupe key or by group (a visit's reminders); returns how
        many. A message already on its way to Telegram may still arrive."""
        if dedupe_key is None and group is None:
            raise ValueError("cancel needs a dedupe key or a group")
        return await self._messages().cancel(
            dedupe_key=dedupe_key, group_key=group, now=self.clock.now()
        )

    async def set_param(self, *, group: str, name: str, value: str) -> int:
        """Pending messages of `group` say `value` for their parameter `name` from now on."""
        return await self._messages().set_param(group, name, value)

    async def drop_expired(self) -> int:
        """Mark pending messages past their expiry as dropped (held ones included)."""
        return await self._messages().drop_expired(self.clock.now())

    async def backlog(self) -> tuple[int, timedelta]:
        """How many messages are due and not sent yet, and how late the oldest of them is."""
        now = self.clock.now()
        count, oldest = await self._messages().backlog(now)
        return count, (now - oldest if oldest is not None else timedelta(0))
