"""Guarantee letters («📨 Гарантийное письмо»), decided on the operators' desk.

A person with a ДМС policy in force asks the insurer to approve a service («Услуга в клинике») or
a planned hospitalisation («Плановая госпитализация»: the clinic is the hospital, the date the
admission date) at a clinic their programme covers, with what was prescribed and up to 5 photos of
the referral. The request («Г-000123») is posted on the desk: its card with «✅ Согласовать»,
«❌ Отказать», «❓ Уточнить», and the referral's photos as a reply to it. An approval gives the
letter's number, its validity (30 days unless said) and an optional amount limit; the person gets
the letter as a PDF (the `letters-desk` job makes it, off the event loop, in the reader's
language), the clinic gets it (in Russian) attached to a mail when it has an e-mail — else the
person is told to show it at the reception. A refusal gives a reason; a question reaches the
person, whose answer goes back to the card as a reply and returns the request to review. Once
decided, the referral's photos leave the desk.

A letter is **used** once a service is billed at its clinic on its policy on or after the day of
approval, or a visit is booked there on the policy through the bot after it; an approved letter
still unused 3 days before it lapses brings a reminder. Past its last day it reads «истекло».
When the policy changes holder, the previous holder's open requests on it are withdrawn and their
approved letters revoked (the clinic is told if it had the letter); nothing follows to the new
holder.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select

from core.audit import Audit
from core.clinics import located
from core.clock import Clock, local_today
from core.dates import NoSuchDay, NotADate, parse_date
from core.desk import AlreadyDecided, full_name
from core.family import Family, Patient, patient_of
from core.i18n import Catalogue, Translator, fold
from core.mail_queue import MailQueue
from core.masking import mask_email, mask_phone
from core.money import kopecks
from core.notifications import Button, Group, Intent, Media, Notifications, Payload, Person
from core.outbox import Attachment, Mail
from core.policies import PolicyState, state_of
from core.settings import Settings
from storage.db import Database
from storage.models import (
    Clinic,
    ClinicProgram,
    GuaranteeLetter,
    LetterMessage,
    Policy,
    Profile,
    ScheduledMessage,
    User,
)
from storage.models.letters import DECIDED_STATUSES
from storage.repositories.appointments import AppointmentRepository
from storage.repositories.clinics import ClinicRepository
from storage.repositories.letters import LetterRepository
from storage.repositories.policies import PolicyRepository
from storage.repositories.profiles import ProfileRepository

KINDS = ("service", "hospital")
MAX_OPEN = 3  # requests waiting for the desk, per person (a family's each): nobody floods the desk
MAX_PHOTOS = 5
MIN_SERVICE, MAX_SERVICE = 3, 1000
MAX_ANSWER = 2000
MAX_QUESTION, MAX_REASON = 1000, 500
MAX_NUMBER = 40  # the letter's own number, as the operator gives it
MAX_SCOPE = 200  # «что согласовано», the approval's optional fourth field
DEFAULT_VALIDITY, MAX_VALIDITY = 30, 365  # days
MAX_LIMIT = 100_000_000_00  # kopecks: a hundred million roubles
HORIZON = timedelta(days=90)  # how far ahead a wanted date may be
REMIND_BEFORE = timedelta(days=3)
RECENT_CLINICS, RECENT_DAYS = 5, 365
FOUND_SHOWN = 5
REMOVED = "desk-letter-removed"  # what a desk post becomes once its person's data are erased
PHOTOS_REMOVED = "desk-letter-photos-removed"  # the referral's photos, after the decision
CLINIC_MAIL = "clinic-letter"
LETTERS_DIR = "letters"  # under DATA_DIR: the PDFs on their way to their people


class TooManyOpen(Exception):
    """MAX_OPEN requests of the person's wait for the desk already."""


class NotAllowed(Exception):
    """The policy is not the person's ДМС policy in force, or the clinic is not covered by it,
    or the date is not one a letter may be asked for."""


class NotAwaitingAnswer(Exception):
    """The person answers a request no question is open on (answered, decided)."""


class ApprovalProblem(ValueError):
    """An operator's approval that does not read: `key` says what is expected."""

    def __init__(self, key: str, **params: str | int) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Approval:
    number: str
    valid_until: date
    amount_limit: int | None  # kopecks
    scope: str | None = None  # what exactly is approved, when the operator says


def parse_amount(text: str) -> int:
    """An amount as an operator types it — «150000», «150 000,50», «1500.5 ₽» — in kopecks;
    raises ValueError for anything else (words, three decimals)."""
    cleaned = re.sub(r"(?:₽|руб\.?|р\.?|rub)$", "", text.casefold().strip()).strip()
    cleaned = cleaned.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d{1,2})?", cleaned):
        raise ValueError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    return int(value * 100)


def parse_approval(
    text: str, today: date, *, wanted: date | None = None, policy_end: date | None = None
) -> Approval:
    """An operator's approval, one line: «номер; срок; лимит; что согласовано», all but the
    number optional and positional (an empty field keeps its default: «ГП-1;;5000») — e.g.
    «ГП-2026/17», «ГП-2026/17; 45», «ГП-2026/17; 31.01.2027; 150000; МРТ колена, 1 исследование».
    The number has a digit («ок» is no number). The validity is days (1–365) or the last day
    itself, never ending before the `wanted` day nor after the policy's `policy_end`; by default
    30 days, or to the wanted day if later, within the policy. The limit is roubles
    («150 000,50»), or «-» / none for no limit; the scope up to MAX_SCOPE characters (the rest of
    the line, «;» and all)."""
    parts = [part.strip() for part in re.split(r"[;\n]", text.strip(), maxsplit=3)]
    if not parts[0]:
        raise ApprovalProblem("desk-letter-approval-format")
    number = " ".join(parts[0].split())
    if (
        len(number) > MAX_NUMBER
        or not re.fullmatch(r"[\w\-/.№# ]+", number)
        or not any(char.isdigit() for char in number)
    ):
        raise ApprovalProblem("desk-letter-approval-number", max=MAX_NUMBER)
    valid_until = today + timedelta(days=DEFAULT_VALIDITY)
    if wanted is not None:
        valid_until = max(valid_until, wanted)
    if policy_end is not None:
        valid_until = min(valid_until, policy_end)
    if len(parts) > 1 and parts[1] not in ("", "-", "—"):
        typed = parts[1]
        if re.fullmatch(r"\d{1,4}", typed):
            days = int(typed)
            if not 1 <= days <= MAX_VALIDITY:
                raise ApprovalProblem("desk-letter-approval-days", max=MAX_VALIDITY)
            valid_until = today + timedelta(days=days)
        else:
            try:
                valid_until = parse_date(typed, today + timedelta(days=MAX_VALIDITY))
            except (NotADate, NoSuchDay):
                raise ApprovalProblem("desk-letter-approval-validity") from None
            if not today <= valid_until <= today + timedelta(days=MAX_VALIDITY):
                raise ApprovalProblem("desk-letter-approval-days", max=MAX_VALIDITY)
    if wanted is not None and valid_until < wanted:
        raise ApprovalProblem("desk-letter-approval-before-date", date=f"{wanted:%d.%m.%Y}")
    if policy_end is not None and valid_until > policy_end:
        raise ApprovalProblem("desk-letter-approval-after-policy", end=f"{policy_end:%d.%m.%Y}")
    limit: int | None = None
    if len(parts) > 2 and parts[2] not in ("", "-", "—"):
        try:
            limit = parse_amount(parts[2])
        except ValueError:
            raise ApprovalProblem("desk-letter-approval-limit") from None
        if not 0 < limit <= MAX_LIMIT:
            raise ApprovalProblem("desk-letter-approval-limit")
    scope = " ".join(parts[3].split()) if len(parts) > 3 else ""
    if len(scope) > MAX_SCOPE:
        raise ApprovalProblem("desk-letter-approval-scope", max=MAX_SCOPE, length=len(scope))
    return Approval(number, valid_until, limit, scope if scope not in ("", "-", "—") else None)


def shown_status(letter: GuaranteeLetter, today: date) -> str:
    """What the person and the desk read: the status, or «expired» for an approved letter past
    its last day."""
    if (
        letter.status == "approved"
        and letter.valid_until is not None
        and letter.valid_until < today
    ):
        return "expired"
    return letter.status


@dataclass(frozen=True)
class LetterCopy:
    """What the letter's PDF says (plain values: it is drawn in a worker thread)."""

    label: str  # «Г-000123»
    number: str  # the letter's own
    kind: str
    service: str
    wanted_date: date
    valid_until: date
    amount_limit: int | None
    scope: str | None  # what exactly is approved, when the operator said
    person: str  # «Петрова Анна Сергеевна»
    birth_date: date
    policy: str  # its printed number
    clinic: str
    clinic_address: str
    issued: date


class Letters:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        notifications: Notifications,
        audit: Audit,
        mail_queue: MailQueue,
        catalogue: Catalogue,
        family: Family,
    ) -> None:
        self.family = family
        self.db = db
        self.clock = clock
        self.settings = settings
        self.notifications = notifications
        self.audit = audit
        self.mail_queue = mail_queue
        self.clinic_texts = Translator(catalogue, "ru")  # clinics are written to in Russian

    @property
    def desk(self) -> int | None:
        return self.settings.operators_chat_id

    def today(self) -> date:
        return local_today(self.clock, self.settings.timezone)

    def _letters(self) -> LetterRepository:
        return LetterRepository(self.db.session)

    # -- asking ------------------------------------------------------------------------------

    async def policies_in_force(
        self, profile: Profile, among: Collection[int] | None = None
    ) -> list[Policy]:
        """The account's ДМС policies in force today, in import order; `among`: only these (one
        person's of a family, `Patient.policy_ids`)."""
        today = self.today()
        held = await PolicyRepository(self.db.session).dms_of(profile.id, among)
        active = [p for p in held if state_of(p, today) is PolicyState.ACTIVE]
        return sorted(active, key=lambda policy: policy.id)

    async def people(self, profile: Profile) -> list[Patient]:
        """The account's own person and its family members (core/family.py): whom a request may
        be for."""
        return await self.family.patients(profile)

    async def person(self, profile: Profile, key: int) -> Patient | None:
        """Whom a dialogue's `whom` key names, while the account holds a policy of theirs."""
        return await self.family.patient(profile, key)

    async def person_of(self, profile: Profile, policy_id: int) -> Patient:
        """Whom the account's policy names (the account's own person for any other)."""
        found = await self.family.patient_of_policy(profile, policy_id)
        return found or await self.family.own(profile)

    async def policy_of(self, profile: Profile, policy_id: int) -> Policy | None:
        """The person's ДМС policy in force with this id: a button naming another finds none."""
        return next((p for p in await self.policies_in_force(profile) if p.id == policy_id), None)

    async def may_ask(self, profile: Profile, person: Patient | None = None) -> bool:
        """Fewer than MAX_OPEN of `person`'s requests (by default the account's own person's)
        wait: the cap is each person's, as booking's limits are, so a parent asking for a child
        is not stopped by their own requests."""
        person = person or (await self.people(profile))[0]
        return await self._letters().open_count(profile.id, person.policy_ids) < MAX_OPEN

    async def recent_clinics(self, profile: Profile, policy: Policy) -> list[Clinic]:
        """Clinics the policy's programme covers where the person has been lately (visits,
        services billed, earlier letters), most recent first."""
        session = self.db.session
        since = self.clock.now() - timedelta(days=RECENT_DAYS)
        visited = await AppointmentRepository(session).clinics_visited(profile.id, since, 50)
        served = await PolicyRepository(session).clinics_served(profile.id, since.date(), 50)
        asked = [
            (letter.created_at.date(), letter.clinic_id)
            for letter in await self._letters().of_profile(profile.id)
            if letter.clinic_id is not None
        ]
        dated = [(when.date(), clinic) for clinic, when in visited]
        dated += [(day, clinic) for clinic, day in served] + asked
        order: list[int] = []
        for _day, clinic_id in sorted(dated, key=lambda item: item[0], reverse=True):
            if clinic_id not in order:
                order.append(clinic_id)
        covered = await session.scalars(
            select(Clinic)
            .join(ClinicProgram, ClinicProgram.clinic_id == Clinic.id)
            .where(Clinic.id.in_(order), ClinicProgram.program_code == policy.program_code)
        )
        found = {clinic.id: clinic for clinic in covered}
        return [found[clinic_id] for clinic_id in order if clinic_id in found][:RECENT_CLINICS]

    async def find_clinics(self, policy: Policy, text: str) -> tuple[int, list[Clinic]]:
        """Clinics the policy's programme covers whose name or address holds `text` (case and
        ё aside): how many, and the first FOUND_SHOWN alphabetically."""
        return await ClinicRepository(self.db.session).covered_by_name(
            {policy.program_code}, fold(text), 0, FOUND_SHOWN
        )

    async def covered_clinic(self, policy: Policy, clinic_id: int) -> Clinic | None:
        return await ClinicRepository(self.db.session).covered_one({policy.program_code}, clinic_id)

    def date_range(self, policy: Policy) -> tuple[date, date]:
        """The days a letter may be asked for: from today, within HORIZON and the policy's
        term."""
        today = self.today()
        return today, min(today + HORIZON, policy.end_date)

    async def submit(
        self,
        profile: Profile,
        policy_id: int,
        kind: str,
        clinic_id: int,
        service: str,
        photos: list[str],
        wanted: date,
    ) -> GuaranteeLetter:
        """File the request and, with the desk on, post it. Raises TooManyOpen past the cap of
        the person the policy names (under the account's lock: two at once do not both get
        through), NotAllowed when the policy, the clinic or the date no longer fit (the policy
        ended meanwhile, say)."""
        if kind not in KINDS:
            raise ValueError(f"unknown letter kind {kind!r}")
        session, now = self.db.session, self.clock.now()
        await ProfileRepository(session).lock(profile.id)
        if not await self.may_ask(profile, await self.person_of(profile, policy_id)):
            raise TooManyOpen
        policy = await self.policy_of(profile, policy_id)
        if policy is None or await self.covered_clinic(policy, clinic_id) is None:
            raise NotAllowed
        first, last = self.date_range(policy)
        if not first <= wanted <= last:
            raise NotAllowed
        letter = GuaranteeLetter(
            profile_id=profile.id,
            policy_id=policy.id,
            clinic_id=clinic_id,
            kind=kind,
            service=service[:MAX_SERVICE],
            photos=list(photos[:MAX_PHOTOS]),
            wanted_date=wanted,
            status="review",
            waiting_since=now,
            created_at=now,
            updated_at=now,
        )
        session.add(letter)
        await session.flush()
        await self.audit.record("person", profile.user_id, "letter.requested", "letter", letter.id)
        if self.desk is not None:
            await self._post(letter)
        return letter

    # -- the person's own --------------------------------------------------------------------

    async def mine(
        self, profile: Profile, offset: int, limit: int
    ) -> tuple[int, list[tuple[GuaranteeLetter, str | None]]]:
        return await self._letters().page_of(profile.id, offset, limit)

    async def owned(self, profile: Profile, letter_id: int) -> GuaranteeLetter | None:
        """The letter, if it is this person's: a button naming anyone else's finds nothing."""
        return await self._letters().owned(profile.id, letter_id)

    async def clinic(self, letter: GuaranteeLetter) -> Clinic | None:
        return await self.db.session.get(Clinic, letter.clinic_id) if letter.clinic_id else None

    async def policy(self, letter: GuaranteeLetter) -> Policy | None:
        return await PolicyRepository(self.db.session).get(letter.policy_id)

    async def whose(self, profile: Profile, letters: Iterable[GuaranteeLetter]) -> dict[int, str]:
        """The first name of the family member each letter under a member's policy is for, by
        the letter's id (the account's own person's are not named)."""
        named = {}
        for letter in letters:
            policy = await self.policy(letter)
            if policy is not None and patient_of(policy, profile) is policy:
                named[letter.id] = policy.first_name
        return named

    async def answer(
        self, profile: Profile, letter_id: int, text: str, photos: list[str]
    ) -> GuaranteeLetter:
        """The person's answer to the operators' question: kept, posted on the desk as a reply
        to the request's card, and the request waits for the desk again. Raises
        NotAwaitingAnswer, or LookupError for a letter that is not theirs."""
        session, now = self.db.session, self.clock.now()
        letter = await self._letters().owned(profile.id, letter_id, lock=True)
        if letter is None:
            raise LookupError(letter_id)
        if letter.status != "clarify":
            raise NotAwaitingAnswer
        message = LetterMessage(
            letter_id=letter.id,
            author="person",
            text=text[:MAX_ANSWER],
            photos=list(photos[:MAX_PHOTOS]),
            created_at=now,
        )
        session.add(message)
        letter.status, letter.question = "review", None
        letter.waiting_since = letter.updated_at = now
        letter.escalated_at = None  # the SLA counts from the answer
        await session.flush()
        await self.audit.record("person", profile.user_id, "letter.answered", "letter", letter.id)
        if self.desk is not None and letter.desk_post_id is not None:
            await self._post_answer(letter, message)
        return letter

    async def _post_answer(self, letter: GuaranteeLetter, message: LetterMessage) -> None:
        """The person's answer on the desk: its text, then its photos (taken down with the
        decision), each replying to the request's card, so the thread reads in order."""
        params: dict[str, str | int] = {"text": message.text or "—", "photos": len(message.photos)}
        message.desk_post_id = await self._reply(
            letter, "desk-letter-answer", params, f"m{message.id}"
        )
        if message.photos:
            await self._reply(
                letter, "desk-letter-answer-photos", {"photos": len(message.photos)},
                f"m{message.id}:photos", message.photos,
            )  # fmt: skip

    # -- the desk's side ---------------------------------------------------------------------

    async def by_id(self, letter_id: int) -> GuaranteeLetter | None:
        """Any letter by id: for the desk only (its buttons are operators' alone)."""
        return await self.db.session.get(GuaranteeLetter, letter_id)

    async def read_approval(self, letter_id: int, text: str) -> Approval:
        """The operator's approval line for this request, read against its wanted day and its
        policy's end (`parse_approval`); raises ApprovalProblem, or LookupError."""
        letter = await self.by_id(letter_id)
        if letter is None:
            raise LookupError(letter_id)
        policy = await self.policy(letter)
        return parse_approval(
            text,
            self.today(),
            wanted=letter.wanted_date,
            policy_end=policy.end_date if policy is not None else None,
        )

    async def _undecided(self, letter_id: int) -> GuaranteeLetter:
        letter = await self._letters().locked(letter_id)
        if letter is None:
            raise LookupError(letter_id)
        if letter.status in DECIDED_STATUSES:
            raise AlreadyDecided
        return letter

    async def approve(
        self, letter_id: int, operator_id: int, approval: Approval
    ) -> GuaranteeLetter:
        """The letter approved: its number, validity and limit kept; its PDF goes to the person,
        and to the clinic by mail when it has an e-mail, by the `letters-desk` job (`deliver`);
        the referral's photos leave the desk."""
        letter = await self._undecided(letter_id)
        now = self.clock.now()
        letter.status, letter.question = "approved", None
        letter.number = approval.number
        letter.valid_until, letter.amount_limit = approval.valid_until, approval.amount_limit
        letter.approved_scope = approval.scope
        letter.decided_at, letter.decided_by, letter.updated_at = now, operator_id, now
        await self.audit.record(
            "operator", operator_id, "letter.approved", "letter", letter.id,
            number=approval.number, valid_until=approval.valid_until.isoformat(),
            limit=approval.amount_limit,
        )  # fmt: skip
        await self._take_down_photos(letter)
        return letter

    async def refuse(self, letter_id: int, operator_id: int, reason: str) -> GuaranteeLetter:
        if not reason.strip():
            raise ValueError("a refusal needs its reason")
        letter = await self._undecided(letter_id)
        now = self.clock.now()
        letter.status, letter.question = "refused", None
        letter.reason = reason[:MAX_REASON]
        letter.decided_at, letter.decided_by, letter.updated_at = now, operator_id, now
        await self._tell(
            letter,
            Payload(
                "letter-refused",
                {"number": letter.label, "reason": letter.reason},
                buttons=[[Button("letters-open-one", Intent.OPEN_LETTER, letter.id)]],
            ),
            "refused",
        )
        await self.audit.record("operator", operator_id, "letter.refused", "letter", letter.id)
        await self._take_down_photos(letter)
        return letter

    async def clarify(self, letter_id: int, operator_id: int, question: str) -> GuaranteeLetter:
        """A question the person is asked; the request waits for their answer (not for the desk,
        so no escalation meanwhile)."""
        if not question.strip():
            raise ValueError("an empty question")
        letter = await self._undecided(letter_id)
        session, now = self.db.session, self.clock.now()
        message = LetterMessage(
            letter_id=letter.id,
            author="operator",
            operator_id=operator_id,
            text=question[:MAX_QUESTION],
            photos=[],
            created_at=now,
        )
        session.add(message)
        letter.status, letter.question, letter.updated_at = "clarify", message.text, now
        await session.flush()
        await self._tell(
            letter,
            Payload(
                "letter-question",
                {"number": letter.label, "question": message.text},
                buttons=[[Button("letters-answer", Intent.ANSWER_LETTER, letter.id)]],
            ),
            f"question:{message.id}",
        )
        await self.audit.record("operator", operator_id, "letter.clarify", "letter", letter.id)
        return letter

    async def _tell(
        self, letter: GuaranteeLetter, payload: Payload, what: str, kind: str = "letter_decision"
    ) -> None:
        """A message to the letter's person: a decision is urgent; a reminder
        (`letter_reminder`) waits out the quiet hours."""
        profile = await self.db.session.get(Profile, letter.profile_id)
        assert profile is not None
        await self.notifications.schedule(
            kind,
            Person(profile.user_id),
            self.clock.now(),
            payload,
            f"letter:{letter.id}:{what}",
            group=self._group(letter),
        )

    @staticmethod
    def _group(letter: GuaranteeLetter) -> str:
        """The letter's messages to its person (cancelled together when the letter ends)."""
        return f"letter:{letter.id}"

    async def _cancel_told(self, letter: GuaranteeLetter) -> None:
        """Messages to the letter's person not sent yet (its PDF, a question, a reminder) go:
        the person no longer holds its policy. Those queued before messages had their group, by
        their keys."""
        await self.notifications.cancel(group=self._group(letter))
        for what in ("approved", "expiring", "refused"):
            await self.notifications.cancel(dedupe_key=f"letter:{letter.id}:{what}")
        for message in await self._letters().messages(letter.id):
            if message.author == "operator":
                await self.notifications.cancel(
                    dedupe_key=f"letter:{letter.id}:question:{message.id}"
                )

    async def card(self, letter: GuaranteeLetter) -> Payload:
        """The request's card on the desk: who (contacts masked, the profile's number for
        /find), the policy, the clinic, what and when, its status, and the decisions while it
        is open. Rebuilt after every decision: the card shows what was decided."""
        session = self.db.session
        profile = await session.get(Profile, letter.profile_id)
        policy = await self.policy(letter)
        assert profile is not None
        assert policy is not None
        patient = patient_of(policy, profile)  # a family member's letter names the member
        assert patient is not None
        relation = policy.member_relation if patient is policy else None
        clinic = await self.clinic(letter)
        buttons: list[list[Button]] = []
        if letter.status not in DECIDED_STATUSES:
            buttons = [
                [
                    Button("desk-letter-approve", Intent.DESK_APPROVE_LETTER, letter.id),
                    Button("desk-letter-refuse", Intent.DESK_REFUSE_LETTER, letter.id),
                ],
                [Button("desk-letter-clarify", Intent.DESK_CLARIFY_LETTER, letter.id)],
            ]
        return Payload(
            "desk-letter",
            {
                "number": letter.label,
                "kind": letter.kind,
                "name": full_name(patient),
                "birth_date": f"{patient.birth_date:%d.%m.%Y}",
                # For a family member, who they are to the account, and whose the account is.
                "relation": relation or "self",
                "holder": full_name(profile),
                "email": mask_email(profile.email),
                "phone": mask_phone(profile.phone),
                "profile": profile.id,
                "policy": policy.printed_number,
                "program": policy.program_code,
                "clinic": f"{clinic.name}, {located(clinic)}" if clinic else "—",
                "service": letter.service,
                "date": f"{letter.wanted_date:%d.%m.%Y}",
                "photos": len(letter.photos or []),
                "status": shown_status(letter, self.today()),
                "letter": letter.number or "",
                "valid_until": f"{letter.valid_until:%d.%m.%Y}" if letter.valid_until else "",
                "limit": letter.amount_limit if letter.amount_limit is not None else 0,
                "reason": letter.reason or "",
                "question": letter.question or "",
            },
            buttons=buttons,
        )

    async def post_message(self, letter: GuaranteeLetter) -> int | None:
        """The Telegram id of the request's card on the desk, once sent."""
        if letter.desk_post_id is None:
            return None
        post = await self.db.session.get(ScheduledMessage, letter.desk_post_id)
        if post is None or post.status != "sent" or not post.telegram_message_ids:
            return None
        return int(post.telegram_message_ids[-1])

    async def _post(self, letter: GuaranteeLetter) -> None:
        assert self.desk is not None
        now = self.clock.now()
        letter.desk_post_id = await self.notifications.schedule(
            "operator_post", Group(self.desk), now, await self.card(letter),
            f"desk:letter:{letter.id}",
        )  # fmt: skip
        letter.posted_at = now
        if letter.photos:
            letter.photos_post_id = await self._reply(
                letter, "desk-letter-photos", {"photos": len(letter.photos)}, "photos",
                letter.photos,
            )  # fmt: skip
        for message in await self._letters().messages(letter.id):  # answered while it was off
            if message.author == "person":
                await self._post_answer(letter, message)

    async def _reply(
        self,
        letter: GuaranteeLetter,
        key: str,
        params: dict[str, str | int],
        what: str,
        photos: list[str] | None = None,
    ) -> int | None:
        """A message on the desk answering the request's card (photos protected: a referral is
        medical data)."""
        assert self.desk is not None
        return await self.notifications.schedule(
            "operator_post",
            Group(self.desk),
            self.clock.now(),
            Payload(
                key,
                {"number": letter.label, **params},
                media=[Media("photo", file_id=file_id) for file_id in photos or []],
                reply_to=letter.desk_post_id,
                protect=bool(photos),
            ),
            f"desk:letter:{letter.id}:{what}",
        )

    async def _photo_posts(self, letter: GuaranteeLetter) -> list[tuple[str, ScheduledMessage]]:
        """The desk's messages about the letter that carry photos, with their dedupe keys."""
        session = self.db.session
        keys = [f"desk:letter:{letter.id}:photos"]
        for message in await self._letters().messages(letter.id):
            if message.author == "person" and message.photos:
                # Its photos apart from its text; answers posted before that carried both.
                keys += [f"desk:letter:{letter.id}:m{message.id}:photos"]
                keys += [f"desk:letter:{letter.id}:m{message.id}"]
        found = await session.scalars(
            select(ScheduledMessage).where(ScheduledMessage.dedupe_key.in_(keys))
        )
        return [(post.dedupe_key or "", post) for post in found if post.payload.get("media")]

    async def _take_down_photos(self, letter: GuaranteeLetter) -> None:
        """Decided: the referral's photos (and those of answers) leave the desk through the
        sender; one not sent yet never is."""
        for key, post in await self._photo_posts(letter):
            await self.notifications.cancel(dedupe_key=key)
            post.payload = Payload(PHOTOS_REMOVED, {"number": letter.label}).to_json()
            if post.chat_id is None:
                continue
            await self.notifications.schedule(
                "operator_post",
                Group(post.chat_id),
                self.clock.now(),
                Payload(PHOTOS_REMOVED, {"number": letter.label}, take_down=post.id),
                f"{key}:down",
            )

    async def post_waiting(self) -> int:
        """Post the requests filed while the desk was off; returns how many."""
        if self.desk is None:
            return 0
        waiting = await self._letters().unposted(100)
        for letter in waiting:
            await self._post(letter)
        return len(waiting)

    async def escalate_overdue(self) -> int:
        """One escalation on the desk for each posted request waiting for the desk
        `LETTER_SLA` (since it was filed, or since the person answered a question)."""
        if self.desk is None:
            return 0
        now = self.clock.now()
        overdue = await self._letters().overdue(now - self.settings.letter_sla, 100)
        for letter in overdue:
            waited = now - letter.waiting_since
            hours, minutes = int(waited.total_seconds() // 3600), int(waited.total_seconds() // 60)
            key = f"overdue:{int(letter.waiting_since.timestamp())}"
            await self._reply(
                letter, "desk-letter-overdue", {"hours": hours, "minutes": minutes}, key
            )
            letter.escalated_at = now
        return len(overdue)

    async def pending(self) -> list[GuaranteeLetter]:
        return await self._letters().with_status(("review",))

    # -- the letter itself -------------------------------------------------------------------

    async def copy_of(self, letter: GuaranteeLetter) -> LetterCopy:
        """The letter as printed: the insured as the roster has them (what a clinic checks
        against the policy)."""
        policy = await self.policy(letter)
        clinic = await self.clinic(letter)
        assert policy is not None
        issued = (letter.decided_at or self.clock.now()).astimezone(self.settings.timezone).date()
        assert letter.valid_until is not None  # approved
        return LetterCopy(
            label=letter.label,
            number=letter.number or letter.label,
            kind=letter.kind,
            service=letter.service,
            wanted_date=letter.wanted_date,
            valid_until=letter.valid_until,
            amount_limit=letter.amount_limit,
            scope=letter.approved_scope,
            person=full_name(policy),
            birth_date=policy.birth_date,
            policy=policy.printed_number,
            clinic=clinic.name if clinic else "—",
            clinic_address=located(clinic) if clinic else "",
            issued=issued,
        )

    async def undelivered(self) -> list[tuple[GuaranteeLetter, str]]:
        """Approved letters whose PDF has not gone to their person, with the language the
        person reads."""
        found = []
        for letter in await self._letters().undelivered(20):
            profile = await self.db.session.get(Profile, letter.profile_id)
            user = await self.db.session.get(User, profile.user_id) if profile else None
            found.append((letter, (user.language if user else None) or "ru"))
        return found

    def pdf_path(self, letter: GuaranteeLetter, locale: str) -> Path:
        """Where the letter's PDF waits for the sender (relative to DATA_DIR)."""
        return Path(LETTERS_DIR) / f"letter-{letter.id:06d}-{locale}.pdf"

    async def clinic_email(self, letter: GuaranteeLetter) -> str | None:
        """Where the clinic takes its letters, if it has an e-mail."""
        clinic = await self.clinic(letter)
        return clinic.email if clinic is not None and clinic.email else None

    async def deliver(
        self, letter_id: int, path: Path, filename: str, for_clinic: Attachment | None = None
    ) -> bool:
        """The PDF at `path` (under DATA_DIR) goes to the letter's person, once, and
        `for_clinic` (the letter in Russian) to the clinic's e-mail, after the commit; the person
        is told whether the clinic has it or the PDF is to be shown at its reception. False when
        the letter is no longer approved or went already."""
        letter = await self._letters().locked(letter_id)
        if letter is None or letter.status != "approved" or letter.delivered_at is not None:
            return False
        assert letter.valid_until is not None
        letter.delivered_at = self.clock.now()
        clinic = await self.clinic(letter)
        if for_clinic is not None and clinic is not None and clinic.email and not letter.mailed_to:
            await self._mail_clinic(letter, clinic, clinic.email, "approved", for_clinic)
            letter.mailed_to = clinic.email
        await self._tell(
            letter,
            Payload(
                "letter-approved",
                {
                    "number": letter.label,
                    "letter": letter.number or "",
                    "valid_until": f"{letter.valid_until:%d.%m.%Y}",
                    "scoped": "yes" if letter.approved_scope else "no",
                    "scope": letter.approved_scope or "",
                    "mailed": "yes" if letter.mailed_to else "no",
                },
                media=[Media("document", path=str(path), filename=filename)],
                buttons=[[Button("letters-open-one", Intent.OPEN_LETTER, letter.id)]],
            ),
            "approved",
        )
        return True

    def _reminder_window(self) -> tuple[date, date]:
        today = self.today()
        return today, today + timedelta(days=REMIND_BEFORE.days)

    async def lapsing_ids(self) -> list[int]:
        """Approved letters lapsing in REMIND_BEFORE not reminded of yet (`remind` each: the
        job gives each its own unit of work, so that one's failure stops no other)."""
        first, last = self._reminder_window()
        return [letter.id for letter in await self._letters().lapsing(first, last, 100)]

    async def remind(self, letter_id: int) -> bool:
        """One reminder for the approved letter lapsing in REMIND_BEFORE, if it is still unused;
        False when it was used, or is no longer due one (reminded, revoked meanwhile)."""
        letter = await self._letters().locked(letter_id)
        first, last = self._reminder_window()
        if (
            letter is None
            or letter.status != "approved"
            or letter.reminded_at is not None
            or letter.valid_until is None
            or not first <= letter.valid_until <= last
        ):
            return False
        letter.reminded_at = self.clock.now()
        assert letter.decided_at is not None
        since = letter.decided_at.astimezone(self.settings.timezone).date()
        if await self._letters().used(letter, since):
            return False
        clinic = await self.clinic(letter)
        await self._tell(
            letter,
            Payload(
                "letter-expiring",
                {
                    "number": letter.label,
                    "letter": letter.number or "",
                    "clinic": clinic.name if clinic else "—",
                    "valid_until": f"{letter.valid_until:%d.%m.%Y}",
                },
                buttons=[[Button("letters-open-one", Intent.OPEN_LETTER, letter.id)]],
            ),
            "expiring",
            kind="letter_reminder",
        )
        return True

    async def lapsed_ids(self) -> list[int]:
        """Approved letters past their last day not yet marked so (`expire` each)."""
        return [letter.id for letter in await self._letters().lapsed(self.today(), 100)]

    async def expire(self, letter_id: int) -> bool:
        """An approved letter past its last day reads «истекло» (computed); this marks the
        change: `expired_at`, `updated_at` (so that `export letters --since` has it) and the
        desk's card shows it."""
        letter = await self._letters().locked(letter_id)
        if (
            letter is None
            or letter.status != "approved"
            or letter.expired_at is not None
            or shown_status(letter, self.today()) != "expired"
        ):
            return False
        letter.expired_at = letter.updated_at = self.clock.now()
        if letter.desk_post_id is not None and self.desk is not None:
            await self._refresh_card(letter)
        return True

    async def _mail_clinic(
        self,
        letter: GuaranteeLetter,
        clinic: Clinic,
        to: str,
        what: str,
        attachment: Attachment | None = None,
    ) -> None:
        """The letter (with its PDF) or its revocation mailed to the clinic, after the change
        commits."""
        copy = await self.copy_of(letter)
        _ = self.clinic_texts
        assert letter.valid_until is not None
        params: dict[str, str | int] = {
            "what": what,
            "letter": letter.number or "",
            "number": letter.label,
            "clinic": clinic.name,
            "name": copy.person,
            "birth_date": f"{copy.birth_date:%d.%m.%Y}",
            "policy": copy.policy,
            "kind": letter.kind,
            "service": letter.service,
            "date": f"{letter.wanted_date:%d.%m.%Y}",
            "valid_until": f"{letter.valid_until:%d.%m.%Y}",
            "limit": kopecks("ru", letter.amount_limit)
            if letter.amount_limit is not None
            else _.plain("letter-pdf-no-limit"),
            "insurer": self.settings.insurer_name,
            "phone": self.settings.hotline_phone,
        }
        mail = Mail(
            to=to,
            subject=_.plain("letter-clinic-subject", **params),
            text=_.plain("letter-clinic-text", **params),
            attachments=(attachment,) if attachment is not None else (),
        )
        await self.mail_queue.put(mail, kind=CLINIC_MAIL, about=letter.profile_id)

    # -- a change of holder ------------------------------------------------------------------

    async def release(self, policy: Policy, previous: int) -> None:
        """`previous` no longer holds `policy`: their open requests on it are withdrawn and
        their approved letters still valid revoked (the clinic told when it had the letter);
        what was still to be sent to them about these letters is cancelled, and they are told;
        the desk's cards show it and lose their buttons."""
        now, today = self.clock.now(), self.today()
        for letter in await self._letters().on_policy(policy.id, previous):
            if letter.is_open:
                letter.status = "withdrawn"
            elif shown_status(letter, today) == "approved":
                letter.status = "revoked"
                clinic = await self.clinic(letter)
                if letter.mailed_to and clinic is not None:
                    await self._mail_clinic(letter, clinic, letter.mailed_to, "revoked")
            else:
                continue
            await self._cancel_told(letter)
            letter.question, letter.updated_at = None, now
            await self._tell(
                letter,
                Payload(
                    f"letter-{letter.status}",
                    {"number": letter.label, "policy": policy.printed_number},
                ),
                letter.status,
            )
            await self.audit.record("system", None, f"letter.{letter.status}", "letter", letter.id)
            if letter.desk_post_id is not None and self.desk is not None:
                await self._refresh_card(letter)
                await self._reply(letter, "desk-letter-ended", {"status": letter.status}, "ended")
            await self._take_down_photos(letter)

    async def _refresh_card(self, letter: GuaranteeLetter) -> None:
        """The desk's card shows the letter as it is now, without buttons: one not sent yet goes
        out so; one sent is edited through the sender (after the change commits)."""
        post = await self.db.session.get(ScheduledMessage, letter.desk_post_id)
        if post is None or post.chat_id is None:
            return
        card = await self.card(letter)
        now = self.clock.now()
        if post.status == "pending" and (post.claimed_until is None or post.claimed_until <= now):
            post.payload = card.to_json()  # not taken by a sender yet: it goes out so
            return
        await self.notifications.schedule(
            "operator_post",
            Group(post.chat_id),
            now,
            Payload(card.text, card.params, buttons=card.buttons, edit=post.id),
            f"desk:letter:{letter.id}:card:{shown_status(letter, self.today())}",
        )

    # -- personal data -----------------------------------------------------------------------

    async def forget(self, profile: Profile) -> None:
        """Erasure (the letters go with the profile, ON DELETE CASCADE): the desk's messages
        about them, which carry the person's name, words and photos, keep only the letter's
        number in the bot's records and are taken down from the group through the sender; one
        not sent yet never is. Their PDFs on disk go too."""
        session, now = self.db.session, self.clock.now()
        for letter in await self._letters().of_profile(profile.id):
            posts = await session.scalars(
                select(ScheduledMessage).where(
                    ScheduledMessage.dedupe_key.startswith(
                        f"desk:letter:{letter.id}", autoescape=True
                    ),
                    ~ScheduledMessage.dedupe_key.endswith(":down"),
                )
            )
            for post in posts.all():
                key = post.dedupe_key or ""
                if key != f"desk:letter:{letter.id}" and not key.startswith(
                    f"desk:letter:{letter.id}:"
                ):
                    continue  # another letter's, whose id begins with this one's
                await self.notifications.cancel(dedupe_key=key)
                edited = Payload.from_json(post.payload).edit is not None
                post.payload = Payload(REMOVED, {"number": letter.label}).to_json()
                if post.chat_id is None or edited:
                    continue  # an edit of the card, which goes itself
                await self.notifications.schedule(
                    "operator_post",
                    Group(post.chat_id),
                    now,
                    Payload(REMOVED, {"number": letter.label}, take_down=post.id),
                    f"desk:letter-down:{post.id}",
                )
            for locale in ("ru", "en"):
                (self.settings.data_dir / self.pdf_path(letter, locale)).unlink(missing_ok=True)

    async def at_stake(self, profile: Profile) -> list[str]:
        """The person's requests under review and letters still valid: what an erasure ends."""
        today = self.today()
        return [
            letter.label
            for letter in await self._letters().of_profile(profile.id)
            if letter.is_open or shown_status(letter, today) == "approved"
        ]

    async def export_of(self, profile: Profile) -> list[dict[str, object]]:
        """The person's letters for «Выгрузить мои данные»."""
        today = self.today()
        rows: list[dict[str, object]] = []
        for letter in await self._letters().of_profile(profile.id):
            clinic = await self.clinic(letter)
            policy = await self.policy(letter)
            messages = await self._letters().messages(letter.id)
            rows.append(
                {
                    "letter": letter.label,
                    "kind": letter.kind,
                    "status": shown_status(letter, today),
                    "policy": policy.printed_number if policy else "",
                    "clinic": clinic.name if clinic else "",
                    "service": letter.service,
                    "date": letter.wanted_date.isoformat(),
                    "photos": len(letter.photos or []),
                    "number": letter.number,
                    "valid_until": letter.valid_until.isoformat() if letter.valid_until else None,
                    "amount_limit": str(Decimal(letter.amount_limit).scaleb(-2))
                    if letter.amount_limit is not None
                    else None,
                    "approved_scope": letter.approved_scope,
                    "reason": letter.reason,
                    "questions": [
                        {"author": m.author, "text": m.text, "at": m.created_at.isoformat()}
                        for m in messages
                    ],
                    "requested_at": letter.created_at.isoformat(),
                }
            )
        return rows

    async def export_all(
        self, since: date | None, clinic_id: str | None = None
    ) -> list[dict[str, str]]:
        """Every letter for `dmsbot export letters`, in EXPORT_COLUMNS, by id; `since`: changed
        on or after that day (UTC); `clinic_id`: only that clinic's (its external id)."""
        moment = datetime.combine(since, time(), tzinfo=UTC) if since is not None else None
        today = self.today()
        rows = []
        found = await self._letters().for_export(moment, clinic_id)
        for letter, profile, policy, clinic in found:
            person = patient_of(policy, profile)  # a family member's letter names the member
            assert person is not None
            rows.append(
                {
                    "letter": letter.label,
                    "number": letter.number or "",
                    "status": shown_status(letter, today),
                    "kind": letter.kind,
                    "policy_number": policy.printed_number,
                    "last_name": person.last_name,
                    "first_name": person.first_name,
                    "middle_name": person.middle_name or "",
                    "birth_date": person.birth_date.isoformat(),
                    "clinic_external_id": clinic.external_id if clinic else "",
                    "clinic_name": clinic.name if clinic else "",
                    "service": letter.service,
                    "wanted_date": letter.wanted_date.isoformat(),
                    "valid_until": letter.valid_until.isoformat() if letter.valid_until else "",
                    "amount_limit": str(Decimal(letter.amount_limit).scaleb(-2))
                    if letter.amount_limit is not None
                    else "",
                    "requested_at": letter.created_at.isoformat(timespec="seconds"),
                    "decided_at": letter.decided_at.isoformat(timespec="seconds")
                    if letter.decided_at
                    else "",
                    "updated_at": letter.updated_at.isoformat(timespec="seconds"),
                    "approved_scope": letter.approved_scope or "",
                }
            )
        return rows


EXPORT_COLUMNS = [
    "letter", "number", "status", "kind", "policy_number", "last_name", "first_name",
    "middle_name", "birth_date", "clinic_external_id", "clinic_name", "service", "wanted_date",
    "valid_until", "amount_limit", "requested_at", "decided_at", "updated_at", "approved_scope",
]  # fmt: skip
