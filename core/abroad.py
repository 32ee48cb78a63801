"""«🆘 Помощь за рубежом»: someone with a ВЗР policy in force, in trouble abroad.

The section shows, for each ВЗР policy in force, whom to call — the programme's assistance company
and its 24/7 line, else the insurer's hotline — and the policy's number to read out, as printed
and in Latin letters for a foreign operator. «📍 Отправить, где я» files a case the moment where
the person is arrives (a shared location, or a place typed when they cannot share one): nothing
is lost if they never type more. What happened, asked next (or skipped), joins it as a note.
It goes to the desk at once as an urgent post (`abroad_case`, a priority kind: claimed
before any other message, with a group's headroom ordinary posts leave free) with the person's
name, full phone (the desk calls back), language, policy, programme and assistance company; the
location follows as a pin answering it. One case per person is open at a time: a further location
or text joins it as a reply on the desk. Operators take it and close it (audited; a second
decision is refused); the person is told when it is taken and when it is closed.

Nothing here needs more than a linked ВЗР policy in force: no PIN, no passport data. A case
belongs to its person: it is found only through its owner's profile, and when its policy goes to
another holder the case ends («released», by `Holders.change`) and nothing of it reaches the new
holder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.audit import Audit
from core.clock import Clock, local_today
from core.desk import AlreadyDecided, full_name
from core.latin import latin
from core.notifications import Button, Group, Intent, Notifications, Payload, Person, Place
from core.programmes import wording
from core.settings import Settings
from core.typed import place_in_list
from storage.db import Database
from storage.models import (
    AbroadCase,
    AbroadNote,
    Policy,
    Profile,
    Program,
    ScheduledMessage,
    User,
)
from storage.repositories.abroad import AbroadRepository
from storage.repositories.profiles import ProfileRepository

KIND = "abroad_case"  # a case's first post and its pin, and what the person is told (priority)
# Everything else a case sends to the desk (notes, later places, take-downs): an ordinary kind,
# so that a person adding note after note cannot crowd the desk's other posts out.
NOTE_KIND = "abroad_note"
NOTES_PER_HOUR = 10  # a person's notes to one case within any hour
# A policy counts as in force here from a day before its start to a day after its end: the
# insurer's dates are Moscow's, and abroad "today" may still (or already) be another day. For
# this section only: nothing else stretches a policy's term.
GRACE = timedelta(days=1)
NUMBER = re.compile(r"(?<!\w)SOS-(\d{6,})(?!\d)")
MIN_PLACE, MAX_PLACE = 3, 300  # a place typed instead of a location
MAX_TEXT = 2000  # what happened, and each text added later
REMOVED = "desk-abroad-removed"  # what a desk post becomes once its person's data are erased
RELEASED_CARD = "desk-abroad-released-card"  # a case's card once its policy left the holder


class NoCover(Exception):
    """No ВЗР policy of the person's in force (or not this one)."""


class CaseOpen(Exception):
    """The person has a case not ended yet: what they send joins it."""

    def __init__(self, case: AbroadCase) -> None:
        super().__init__(case.label)
        self.case = case


class CaseEnded(Exception):
    """The case was closed (or released): nothing more joins it."""


class TooManyNotes(Exception):
    """The case got `NOTES_PER_HOUR` notes within the last hour: the next waits."""


def parse_number(text: str | None) -> int | None:
    """The case id in «… SOS-000123 …»."""
    found = NUMBER.search(text or "")
    return int(found.group(1)) if found else None


def maps_link(latitude: float, longitude: float) -> str:
    """A link any phone opens in its maps."""
    return f"https://maps.google.com/?q={latitude:.6f},{longitude:.6f}"


@dataclass(frozen=True)
class Cover:
    """A ВЗР policy in force, as the section shows it."""

    policy_id: int
    number: str  # as printed
    number_latin: str  # the same in Latin letters (ICAO), for a foreign operator
    programme: str  # its name in the person's language
    company: str | None  # the assistance company
    phone: str | None  # its 24/7 line (E.164 when it parsed); None: the insurer's hotline
    ends: str  # «31.12.2026»


def pick(covers: Sequence[Cover], typed: str) -> Cover | None:
    """The policy a typed answer names: its place in the list («2») or its number, in any
    spelling (Cyrillic or Latin, spaces and dashes ignored)."""
    place = place_in_list(typed, len(covers))
    if place is not None:
        return covers[place]
    wanted = _bare(latin(typed.strip()))
    if not wanted:
        return None
    return next((c for c in covers if _bare(c.number_latin) == wanted), None)


def _bare(number: str) -> str:
    return re.sub(r"[\W_]+", "", number).upper()


@dataclass(frozen=True)
class StaleCard:
    """A case's card on the desk to edit by the bot (`Abroad.stale_cards`)."""

    case_id: int
    chat_id: int
    message_id: int
    payload: Payload


@dataclass(frozen=True)
class Where:
    """Where the person is: a shared location, or a place they typed."""

    latitude: float | None = None
    longitude: float | None = None
    place: str | None = None

    def __post_init__(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("a location has both a latitude and a longitude")
        if self.latitude is None and not self.place:
            raise ValueError("a location or a place")


class Abroad:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        notifications: Notifications,
        audit: Audit,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.notifications = notifications
        self.audit = audit

    @property
    def desk(self) -> int | None:
        return self.settings.operators_chat_id

    def _cases(self) -> AbroadRepository:
        return AbroadRepository(self.db.session)

    # -- the person's side -------------------------------------------------------------------

    def _today(self) -> date:
        return local_today(self.clock, self.settings.timezone)

    async def covers(self, profile: Profile, locale: str) -> list[Cover]:
        """The person's ВЗР policies in force today (the insurer's date, give or take `GRACE`:
        abroad it may be another day), soonest to end first."""
        found = await self._cases().covers(profile.id, self._today(), GRACE)
        return [
            Cover(
                policy_id=policy.id,
                number=policy.printed_number,
                number_latin=latin(policy.printed_number),
                programme=wording(program, policy.program_code, locale).name,
                company=program.assistance_company if program else None,
                phone=program.assistance_phone if program else None,
                ends=f"{policy.end_date:%d.%m.%Y}",
            )
            for policy, program in found
        ]

    async def open_case(self, profile: Profile) -> AbroadCase | None:
        """The person's case not ended yet, if any."""
        return await self._cases().not_ended(profile.id)

    async def submit(
        self, profile: Profile, policy_id: int, where: Where, text: str | None
    ) -> AbroadCase:
        """File the case and post it to the desk at once (when there is one). Raises NoCover
        when the policy is not the person's ВЗР policy in force, CaseOpen when they have a case
        not ended (checked under the person's lock: two at once do not both get through)."""
        session, now = self.db.session, self.clock.now()
        await ProfileRepository(session).lock(profile.id)
        existing = await self._cases().not_ended(profile.id)
        if existing is not None:
            raise CaseOpen(existing)
        found = await self._cases().covers(profile.id, self._today(), GRACE)
        covered = {policy.id: policy for policy, _ in found}
        policy = covered.get(policy_id)
        if policy is None:
            raise NoCover
        case = AbroadCase(
            profile_id=profile.id,
            policy_id=policy.id,
            policy_number=policy.printed_number,
            status="open",
            latitude=where.latitude,
            longitude=where.longitude,
            place=(where.place or "")[:MAX_PLACE] or None,
            text=(text or "")[:MAX_TEXT] or None,
            created_at=now,
            updated_at=now,
        )
        session.add(case)
        await session.flush()
        await self.audit.record("person", profile.user_id, "abroad.submitted", "abroad", case.id)
        if self.desk is not None:
            await self._post(case)
        return case

    async def add(
        self, profile: Profile, case_id: int, where: Where | None, text: str | None
    ) -> AbroadNote:
        """A further location or text within the person's case: a reply on the desk. Raises
        LookupError for a case that is not theirs, CaseEnded for one closed."""
        session, now = self.db.session, self.clock.now()
        case = await self._cases().owned(profile.id, case_id)
        if case is None:
            raise LookupError(case_id)
        if case.is_ended:
            raise CaseEnded
        if where is None and not text:
            raise ValueError("a note has a location or a text")
        recent = await self._cases().notes_since(case.id, now - timedelta(hours=1))
        if recent >= NOTES_PER_HOUR:
            raise TooManyNotes
        note = AbroadNote(
            case_id=case.id,
            latitude=where.latitude if where else None,
            longitude=where.longitude if where else None,
            text=(text or (where.place if where else None) or "")[:MAX_TEXT] or None,
            created_at=now,
        )
        session.add(note)
        case.updated_at = now
        await session.flush()
        await self.audit.record("person", profile.user_id, "abroad.added", "abroad", case.id)
        if self.desk is not None and case.desk_post_id is not None:
            await self._post_note(case, note)
        return note

    # -- the desk's side ---------------------------------------------------------------------

    async def _locked(self, case_id: int) -> AbroadCase:
        case = await self._cases().locked(case_id)
        if case is None:
            raise LookupError(case_id)
        return case

    async def take(self, case_id: int, operator_id: int, operator_name: str) -> AbroadCase:
        """An operator takes the case; a second take, or one of a case ended, is refused."""
        case = await self._locked(case_id)
        if case.status != "open":
            raise AlreadyDecided
        now = self.clock.now()
        case.status = "taken"
        case.operator_id, case.operator_name = operator_id, operator_name[:200]
        case.taken_at = case.updated_at = now
        await self._tell_person(
            case,
            Payload("abroad-taken", {"number": case.label, "operator": case.operator_name}),
            "taken",
        )
        await self.audit.record("operator", operator_id, "abroad.taken", "abroad", case.id)
        return case

    async def close(self, case_id: int, operator_id: int, operator_name: str) -> AbroadCase:
        case = await self._locked(case_id)
        if case.is_ended:
            raise AlreadyDecided
        now = self.clock.now()
        case.status = "closed"
        case.operator_id, case.operator_name = operator_id, operator_name[:200]
        case.closed_at = case.updated_at = now
        await self._tell_person(case, Payload("abroad-closed", {"number": case.label}), "closed")
        await self.audit.record("operator", operator_id, "abroad.closed", "abroad", case.id)
        return case

    async def _tell_person(self, case: AbroadCase, payload: Payload, what: str) -> None:
        profile = await self.db.session.get(Profile, case.profile_id)
        assert profile is not None
        await self.notifications.schedule(
            KIND, Person(profile.user_id), self.clock.now(), payload, f"abroad:{case.id}:{what}"
        )

    async def card(self, case: AbroadCase) -> Payload:
        """The case's post on the desk: who (the full phone: the desk calls back), the policy,
        programme and assistance company, where, what happened, its status and buttons."""
        if case.status == "released":  # nothing of the person's stays on the desk's card
            return Payload(RELEASED_CARD, {"number": case.label})
        session = self.db.session
        profile = await session.get(Profile, case.profile_id)
        assert profile is not None
        user = await session.get(User, profile.user_id)
        policy = await session.get(Policy, case.policy_id) if case.policy_id else None
        programme, company, phone = "—", "—", self.settings.hotline_phone
        if policy is not None:
            program = await session.get(Program, policy.program_code)
            programme = wording(program, policy.program_code, "ru").name
            if program is not None:
                company = program.assistance_company or "—"
                phone = program.assistance_phone or phone
        buttons: list[list[Button]] = []
        if case.status == "open":
            buttons.append([Button("desk-abroad-take", Intent.DESK_TAKE_ABROAD, case.id)])
        if not case.is_ended:
            buttons.append([Button("desk-abroad-close", Intent.DESK_CLOSE_ABROAD, case.id)])
        map_link = ""
        if case.latitude is not None and case.longitude is not None:
            map_link = maps_link(case.latitude, case.longitude)
        return Payload(
            "desk-abroad",
            {
                "number": case.label,
                "name": full_name(profile),
                "phone": profile.phone,
                "language": user.language if user else "ru",
                "profile": profile.id,
                "policy": case.policy_number,
                "programme": programme,
                "company": company,
                "assistance": phone,
                "where": "location" if map_link else "place",
                "place": case.place or "",
                "map": map_link,
                "told": "yes" if case.text else "no",
                "text": case.text or "",
                "status": case.status,
                "operator": case.operator_name or "",
            },
            buttons=buttons,
        )

    async def post_message(self, case: AbroadCase) -> int | None:
        """The Telegram id of the case's post, once sent."""
        if case.desk_post_id is None:
            return None
        post = await self.db.session.get(ScheduledMessage, case.desk_post_id)
        if post is None or post.status != "sent" or not post.telegram_message_ids:
            return None
        return int(post.telegram_message_ids[-1])

    async def post_waiting(self) -> int:
        """Post the cases filed while the desk was off and not ended since; returns how many.
        Idempotent: each post has its dedupe key."""
        if self.desk is None:
            return 0
        waiting = await self._cases().unposted(100)
        for case in waiting:
            await self._post(case)
        return len(waiting)

    async def _post(self, case: AbroadCase) -> None:
        assert self.desk is not None
        now = self.clock.now()
        case.desk_post_id = await self.notifications.schedule(
            KIND, Group(self.desk), now, await self.card(case), f"desk:abroad:{case.id}"
        )
        if case.desk_post_id is None:  # posted already (another instance): its post is that one
            case.desk_post_id = await self.db.session.scalar(
                select(ScheduledMessage.id).where(
                    ScheduledMessage.dedupe_key == f"desk:abroad:{case.id}"
                )
            )
            return
        if case.latitude is not None and case.longitude is not None:
            await self.notifications.schedule(
                KIND,
                Group(self.desk),
                now,
                Payload(
                    "desk-abroad-pin",
                    {"number": case.label},
                    location=Place(case.latitude, case.longitude),
                    reply_to=case.desk_post_id,
                ),
                f"desk:abroad:{case.id}:pin",
            )
        for note in await self._cases().notes(case.id):  # added while the desk was off
            await self._post_note(case, note)

    async def _post_note(self, case: AbroadCase, note: AbroadNote) -> None:
        assert self.desk is not None
        now = self.clock.now()
        if note.text or note.latitude is None:
            await self.notifications.schedule(
                NOTE_KIND,
                Group(self.desk),
                now,
                Payload(
                    "desk-abroad-note",
                    {"number": case.label, "text": note.text or ""},
                    reply_to=case.desk_post_id,
                ),
                f"desk:abroad:{case.id}:n{note.id}",
            )
        if note.latitude is not None and note.longitude is not None:
            await self.notifications.schedule(
                NOTE_KIND,
                Group(self.desk),
                now,
                Payload(
                    "desk-abroad-moved",
                    {"number": case.label, "map": maps_link(note.latitude, note.longitude)},
                    reply_to=case.desk_post_id,
                ),
                f"desk:abroad:{case.id}:n{note.id}:text",
            )
            await self.notifications.schedule(
                NOTE_KIND,
                Group(self.desk),
                now,
                Payload(
                    "desk-abroad-pin",
                    {"number": case.label},
                    location=Place(note.latitude, note.longitude),
                    reply_to=case.desk_post_id,
                ),
                f"desk:abroad:{case.id}:n{note.id}:pin",
            )

    # -- a policy gone to another holder --------------------------------------------------------

    async def release(self, policy: Policy, previous: int) -> None:
        """`previous` no longer holds `policy` (`Holders.change`): their cases on it end
        («released»). The person is told; on the desk the card becomes a placeholder saying so
        (edited by the desk job: `card_stale`), what else the case posted there (pins, notes)
        is taken down, and a reply tells the operators (its buttons refuse)."""
        now = self.clock.now()
        for case in await self._cases().on_policy_not_ended(policy.id, previous):
            case.status = "released"
            case.closed_at = case.updated_at = now
            await self.audit.record("system", None, "abroad.released", "abroad", case.id)
            await self._tell_person(
                case,
                Payload(
                    "abroad-released",
                    {
                        "number": case.label,
                        "policy": case.policy_number,
                        "phone": self.settings.hotline_phone,
                    },
                ),
                "released",
            )
            card = await self._withdraw(case, Payload(RELEASED_CARD, {"number": case.label}))
            if card is not None and card.chat_id is not None:
                # Even one cancelled: a sender may have taken it before, and send it as it was.
                case.card_stale = True
                await self.notifications.schedule(
                    NOTE_KIND,
                    Group(card.chat_id),
                    now,
                    Payload("desk-abroad-released", {"number": case.label}, reply_to=card.id),
                    f"desk:abroad:{case.id}:released",  # taken down with the rest on an erasure
                )

    async def stale_cards(self, limit: int = 20) -> list[StaleCard]:
        """The desk's cards to edit (`card_stale`): what each says now. One with nothing to edit
        (never sent) is settled here; one on its way waits for the next round."""
        stale: list[StaleCard] = []
        now = self.clock.now()
        for case in await self._cases().stale_cards(limit):
            post = await self.db.session.get(ScheduledMessage, case.desk_post_id or 0)
            if post is not None and (
                post.status in ("pending", "leased")
                or (post.claimed_until is not None and post.claimed_until > now)  # on its way
            ):
                continue
            message_id = await self.post_message(case)
            if message_id is None or post is None or post.chat_id is None:
                case.card_stale = False
                continue
            stale.append(StaleCard(case.id, post.chat_id, message_id, await self.card(case)))
        return stale

    async def card_edited(self, case_id: int) -> None:
        case = await self._cases().locked(case_id)
        if case is not None:
            case.card_stale = False

    async def _desk_posts(self, case: AbroadCase) -> list[ScheduledMessage]:
        """Everything the case posted on the desk: its card first, then replies and pins."""
        found = await self.db.session.scalars(
            select(ScheduledMessage)
            .where(
                or_(
                    ScheduledMessage.dedupe_key == f"desk:abroad:{case.id}",
                    ScheduledMessage.dedupe_key.startswith(
                        f"desk:abroad:{case.id}:", autoescape=True
                    ),
                )
            )
            .order_by(ScheduledMessage.id)
        )
        return list(found.all())

    async def _withdraw(self, case: AbroadCase, card_becomes: Payload) -> ScheduledMessage | None:
        """The case's desk posts kept only as its number in the bot's records and taken down
        from the group through the sender (one not sent yet never is) — all but its card, which
        becomes `card_becomes` (returned, None when it has none)."""
        card: ScheduledMessage | None = None
        for post in await self._desk_posts(case):
            await self.notifications.cancel(dedupe_key=post.dedupe_key)
            if post.dedupe_key == f"desk:abroad:{case.id}":
                card = post
                post.payload = card_becomes.to_json()
                continue
            await self._take_down(case, post)
        return card

    async def _take_down(self, case: AbroadCase, post: ScheduledMessage) -> None:
        post.payload = Payload(REMOVED, {"number": case.label}).to_json()
        if post.chat_id is None:
            return
        await self.notifications.schedule(
            NOTE_KIND,
            Group(post.chat_id),
            self.clock.now(),
            Payload(REMOVED, {"number": case.label}, take_down=post.id),
            f"desk:abroad-down:{post.id}",
        )

    # -- erasure -------------------------------------------------------------------------------

    async def forget(self, profile: Profile) -> None:
        """Erasure (the cases go with the profile, ON DELETE CASCADE): the desk's messages about
        them, which carry the person's name, phone and whereabouts, keep only the case's number
        in the bot's records and are taken down from the group through the sender, as tickets'
        are — the card and the pins included; one not sent yet never is."""
        for case in await self._cases().of_profile(profile.id):
            for post in await self._desk_posts(case):
                await self.notifications.cancel(dedupe_key=post.dedupe_key)
                await self._take_down(case, post)


async def export_cases(session: AsyncSession, profile_id: int) -> list[dict[str, object]]:
    """The person's cases for «Выгрузить мои данные»: one row per case and per note added."""
    repository = AbroadRepository(session)
    rows: list[dict[str, object]] = []
    for case in await repository.of_profile(profile_id):
        first = (case.latitude, case.longitude, case.place, case.text, case.created_at)
        rows.append(_row(case, *first))
        for note in await repository.notes(case.id):
            rows.append(_row(case, note.latitude, note.longitude, None, note.text, note.created_at))
    return rows


def _row(
    case: AbroadCase,
    latitude: float | None,
    longitude: float | None,
    place: str | None,
    text: str | None,
    at: datetime,
) -> dict[str, object]:
    return {
        "case": case.label,
        "policy": case.policy_number,
        "status": case.status,
        "lat": latitude,
        "lon": longitude,
        "place": place or "",
        "text": text or "",
        "at": at.isoformat(),
    }


# Words typed instead of the buttons (folded: `core.i18n.fold`).
SEND_WORDS = frozenset(
    {"отправить", "отправить где я", "где я", "геопозиция", "локация", "send", "send location"}
)
SKIP_WORDS = frozenset(
    {"пропустить", "пропуск", "нет", "без описания", "дальше", "skip", "no", "next", "none"}
)
BACK_WORDS = frozenset({"назад", "в меню", "меню", "выйти", "back", "menu", "exit"})
# At the text step: back to the location step (the menu is one step further).
STEP_BACK_WORDS = frozenset({"назад", "back"})
