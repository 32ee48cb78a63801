"""«💸 Возмещение»: reimbursement of care a person paid for themselves, under a ДМС or ВЗР policy
they hold (in force, or ended within `CLAIM_PERIOD`), decided on the operators' desk.

A claim is shown as «В-000123». It is posted on the desk with its photos (an album) and the bank
details masked, with «✅ Одобрить» (the amount to pay asked next), «📎 Запросить документ» (what is
missing asked next; the person's answer joins the claim and goes back to the desk as a reply to
its post) and «❌ Отказать» (the reason asked next). Each decision reaches the person through the
notifications engine; a decided claim refuses a second one, and its posts leave the desk. A person
has at most MAX_OPEN claims open at once. When the policy changes holder, the previous holder's
open claims on it are withdrawn (`withdraw`, called by core/holders.py). With the desk off, claims
wait and the `claims-desk` job posts them once `OPERATORS_CHAT_ID` is set.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from sqlalchemy import or_, select

from core.audit import Audit
from core.claim_details import Amount, BankDetails, care_date_problem
from core.claim_export import claim_row
from core.clock import Clock, local_today, own_zone
from core.crypto import DataKeys
from core.desk import AlreadyDecided, full_name
from core.family import Family, Patient, patient_of
from core.holdings import CLAIM_PERIOD
from core.i18n import fold
from core.masking import mask_email, mask_phone
from core.money import major
from core.notifications import Button, Group, Intent, Media, Notifications, Payload, Person
from core.settings import Settings
from storage.db import Database
from storage.models import Claim, ClaimNote, Policy, Profile, ScheduledMessage, User
from storage.repositories.claims import ClaimRepository
from storage.repositories.policies import PolicyRepository
from storage.repositories.profiles import ProfileRepository

CARE_KINDS = ("doctor", "tests", "medicines", "hospital", "dental", "emergency", "other")
MIN_PHOTOS, MAX_PHOTOS = 1, 10
MAX_OPEN = 5  # claims open at once per person (a family's each): nobody fills the desk
MAX_TEXT = 1000  # an operator's request or reason, the person's answer
NOTICE_KIND = "claim_decision"
REMOVED = "desk-claim-removed"  # what a desk post becomes once taken down


class TooManyClaims(Exception):
    """MAX_OPEN claims of the person's are open: one must be decided first."""


class NotClaimable(Exception):
    """The policy is no longer the person's to claim under (moved, ended long ago), or the date
    of care no longer fits it."""


class CareDateLapsed(NotClaimable):
    """The date of care no longer fits (a day passed since it was typed and the claim period is
    over for it); `problem` says why (a catalogue key's end, core.claim_details)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class NoDocumentAsked(Exception):
    """The claim waits for no document (decided meanwhile, or never asked)."""


@dataclass
class NewClaim:
    """A claim as the person's dialogue assembled it."""

    policy_id: int
    care_date: date
    care_kind: str
    amount: Amount
    photos: list[str]
    bank: BankDetails


# The kinds of care as people type them (folded: core.i18n.fold), besides the buttons' labels.
CARE_WORDS: dict[str, frozenset[str]] = {
    "doctor": frozenset(
        {"прием", "прием врача", "врач", "консультация", "doctor", "doctor s visit", "visit"}
    ),
    "tests": frozenset(
        {"анализы", "анализ", "диагностика", "обследование", "узи", "мрт", "кт", "рентген"}
        | {"tests", "test", "diagnostics", "lab tests", "scan"}
    ),
    "medicines": frozenset(
        {"лекарства", "лекарство", "аптека", "препараты", "medicines", "medicine", "drugs"}
        | {"pharmacy"}
    ),
    "hospital": frozenset(
        {"стационар", "больница", "госпитализация", "hospital", "inpatient", "hospitalisation"}
    ),
    "dental": frozenset({"стоматология", "стоматолог", "зубы", "зуб", "dental", "dentist"}),
    "emergency": frozenset(
        {"скорая", "неотложная", "скорая помощь", "неотложная помощь", "скорая неотложная"}
        | {"emergency", "ambulance", "urgent care", "emergency care"}
    ),
    "other": frozenset({"другое", "прочее", "иное", "other"}),
}


def care_kind_known(kind: str) -> bool:
    return kind in CARE_KINDS


def typed_care_kind(typed: str | None) -> str | None:
    """The kind of care a word names («анализы», «скорая», "dentist"), else None."""
    folded = fold(typed or "")
    return next((kind for kind, words in CARE_WORDS.items() if folded in words), None)


class Claims:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        notifications: Notifications,
        audit: Audit,
        keys: DataKeys,
        family: Family,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.notifications = notifications
        self.audit = audit
        self.keys = keys
        self.family = family

    @property
    def desk(self) -> int | None:
        return self.settings.operators_chat_id

    def _claims(self) -> ClaimRepository:
        return ClaimRepository(self.db.session)

    def today(self, zone: tzinfo | None = None) -> date:
        """Today where `zone` is, else where the insurer is (TIMEZONE)."""
        return local_today(self.clock, zone or self.settings.timezone)

    def today_for(self, user: User) -> date:
        """Today for the person: in their own time zone (/profile), else TIMEZONE. The date of
        care is theirs: «сегодня», a date «not yet come» and the claim period count from it."""
        return self.today(own_zone(user.time_zone, self.settings.timezone))

    async def today_of(self, profile: Profile) -> date:
        user = await self.db.session.get(User, profile.user_id)
        return self.today_for(user) if user is not None else self.today()

    # -- the person's side ---------------------------------------------------------------------

    async def policies(
        self, profile: Profile, among: Collection[int] | None = None
    ) -> list[Policy]:
        """The account's policies care may be claimed under: in force, or ended within
        CLAIM_PERIOD (`Holding.RECENT_POLICY`), on the person's today; `among`: only these (one
        person's of a family, `Patient.policy_ids`)."""
        today = await self.today_of(profile)
        found = await self._claims().claimable_policies(profile.id, today, today - CLAIM_PERIOD)
        return [policy for policy in found if among is None or policy.id in among]

    async def policy(self, profile: Profile, policy_id: int) -> Policy | None:
        """One of `policies`, by id: any other (someone else's, forged) is None."""
        return next((p for p in await self.policies(profile) if p.id == policy_id), None)

    async def people(self, profile: Profile) -> list[Patient]:
        """The account's own person and its family members (core/family.py): whom a claim may
        be for."""
        return await self.family.patients(profile)

    async def person_of(self, profile: Profile, policy_id: int) -> Patient:
        """Whom the account's policy names (the account's own person for any other)."""
        found = await self.family.patient_of_policy(profile, policy_id)
        return found or await self.family.own(profile)

    async def may_file(self, profile: Profile, person: Patient | None = None) -> bool:
        """Fewer than MAX_OPEN of `person`'s claims (by default the account's own person's) are
        open: the cap is each person's, as booking's limits are."""
        person = person or (await self.people(profile))[0]
        return await self._claims().open_count(profile.id, person.policy_ids) < MAX_OPEN

    def seal_bank(self, bank: BankDetails) -> str:
        """Bank details as they may be kept (dialogue state, the database): encrypted."""
        return bank.seal(self.keys)

    def open_bank(self, sealed: str) -> BankDetails:
        return BankDetails.open(self.keys, sealed)

    async def submit(self, profile: Profile, new: NewClaim) -> Claim:
        """File the claim and, with the desk on, post it. Raises TooManyClaims past the cap of the
        person the policy names (checked under the account's lock: two at once do not both get
        through), NotClaimable when the policy no longer fits, CareDateLapsed when the date of
        care does not (any more)."""
        session, now = self.db.session, self.clock.now()
        await ProfileRepository(session).lock(profile.id)
        if not await self.may_file(profile, await self.person_of(profile, new.policy_id)):
            raise TooManyClaims
        policy = await self.policy(profile, new.policy_id)
        if policy is None:
            raise NotClaimable
        if not care_kind_known(new.care_kind) or not new.photos:
            raise NotClaimable
        problem = care_date_problem(
            new.care_date,
            policy.start_date,
            policy.end_date,
            await self.today_of(profile),
            CLAIM_PERIOD,
        )
        if problem is not None:
            raise CareDateLapsed(problem)
        claim = Claim(
            profile_id=profile.id,
            policy_id=policy.id,
            policy_number=policy.printed_number,
            policy_kind=policy.kind,
            care_date=new.care_date,
            care_kind=new.care_kind,
            amount=new.amount.minor,
            currency=new.amount.currency,
            photos=list(new.photos[:MAX_PHOTOS]),
            bank_encrypted=self.seal_bank(new.bank),
            status="review",
            created_at=now,
            updated_at=now,
        )
        session.add(claim)
        await session.flush()
        await self.audit.record("person", profile.user_id, "claim.submitted", "claim", claim.id)
        if self.desk is not None:
            await self._post(claim)
        return claim

    async def mine(self, profile: Profile, offset: int, limit: int) -> tuple[int, list[Claim]]:
        """The person's claims, newest first: how many in all, and a page."""
        return await self._claims().page_of(profile.id, offset, limit)

    async def whose(self, profile: Profile, claims: Iterable[Claim]) -> dict[int, str]:
        """The first name of the family member each claim under a member's policy is for, by
        the claim's id (the account's own person's are not named)."""
        named = {}
        for claim in claims:
            policy = await PolicyRepository(self.db.session).get(claim.policy_id)
            if policy is not None and patient_of(policy, profile) is policy:
                named[claim.id] = policy.first_name
        return named

    async def open_of(self, profile: Profile) -> list[Claim]:
        """The person's claims not decided yet (an erasure withdraws them)."""
        return [c for c in await self._claims().of_profile(profile.id) if c.is_open]

    async def owned(self, profile: Profile, claim_id: int) -> Claim | None:
        """The claim, if it is this person's: a button naming anyone else's finds nothing."""
        return await self._claims().owned(profile.id, claim_id)

    async def answer_request(
        self, profile: Profile, claim_id: int, text: str, photos: list[str]
    ) -> Claim:
        """The person's answer to the desk's request (photos, text): it joins the claim, which
        is on review again, and goes to the desk as a reply to the claim's post. Raises
        LookupError for a claim not theirs, NoDocumentAsked when none is awaited."""
        session, now = self.db.session, self.clock.now()
        claim = await self._claims().owned(profile.id, claim_id, lock=True)
        if claim is None:
            raise LookupError(claim_id)
        if claim.status != "need_document":
            raise NoDocumentAsked
        note = ClaimNote(
            claim_id=claim.id,
            author="person",
            text=text[:MAX_TEXT],
            photos=list(photos[:MAX_PHOTOS]),
            created_at=now,
        )
        session.add(note)
        claim.status, claim.updated_at = "review", now
        await session.flush()
        await self.audit.record("person", profile.user_id, "claim.answered", "claim", claim.id)
        if self.desk is not None and claim.desk_post_id is not None:
            note.desk_post_id = await self.notifications.schedule(
                "operator_post",
                Group(self.desk),
                now,
                Payload(
                    "desk-claim-answer",
                    {"number": claim.label, "text": note.text, "photos": len(note.photos)},
                    media=[Media("photo", file_id=file_id) for file_id in note.photos],
                    reply_to=claim.desk_post_id,
                    apart=True,
                ),
                f"desk:claim:{claim.id}:n{note.id}",
            )
        return claim

    # -- the desk's side -----------------------------------------------------------------------

    async def _undecided(self, claim_id: int) -> Claim:
        claim = await self._claims().locked(claim_id)
        if claim is None:
            raise LookupError(claim_id)
        if not claim.is_open:
            raise AlreadyDecided
        return claim

    async def pending(self, claim_id: int) -> Claim:
        """The claim, still open (for the desk's prompts): LookupError, AlreadyDecided."""
        claim = await self.db.session.get(Claim, claim_id)
        if claim is None:
            raise LookupError(claim_id)
        if not claim.is_open:
            raise AlreadyDecided
        return claim

    def _decided_by(self, claim: Claim, operator_id: int, operator_name: str) -> None:
        claim.operator_id, claim.operator_name = operator_id, operator_name[:200]
        claim.updated_at = self.clock.now()

    async def approve(
        self, claim_id: int, operator_id: int, operator_name: str, amount: int
    ) -> Claim:
        """Approved, `amount` (minor units of the claim's currency, at most the amount claimed)
        to be paid."""
        if amount <= 0:
            raise ValueError("an approved amount is positive")
        claim = await self._undecided(claim_id)
        if amount > claim.amount:
            raise ValueError("an approved amount is at most the amount claimed")
        self._decided_by(claim, operator_id, operator_name)
        claim.status, claim.approved_amount = "approved", amount
        claim.decided_at = claim.updated_at
        await self._tell_person(
            claim,
            Payload(
                "claim-approved",
                {"number": claim.label, "amount": amount, "currency": claim.currency},
            ),
            "approved",
        )
        await self.audit.record("operator", operator_id, "claim.approved", "claim", claim.id)
        await self._take_down(claim)
        return claim

    async def reject(
        self, claim_id: int, operator_id: int, operator_name: str, reason: str
    ) -> Claim:
        if not reason.strip():
            raise ValueError("a rejection needs its reason")
        claim = await self._undecided(claim_id)
        self._decided_by(claim, operator_id, operator_name)
        claim.status, claim.reason = "rejected", reason[:MAX_TEXT]
        claim.decided_at = claim.updated_at
        await self._tell_person(
            claim,
            Payload("claim-rejected", {"number": claim.label, "reason": claim.reason}),
            "rejected",
        )
        await self.audit.record("operator", operator_id, "claim.rejected", "claim", claim.id)
        await self._take_down(claim)
        return claim

    async def request_document(
        self, claim_id: int, operator_id: int, operator_name: str, text: str
    ) -> Claim:
        """The desk asks for what is missing: the person is told, with a button to send it."""
        if not text.strip():
            raise ValueError("a request says what is missing")
        claim = await self._undecided(claim_id)
        self._decided_by(claim, operator_id, operator_name)
        claim.status, claim.request = "need_document", text[:MAX_TEXT]
        note = ClaimNote(
            claim_id=claim.id,
            author="operator",
            text=claim.request,
            photos=[],
            created_at=claim.updated_at,
        )
        self.db.session.add(note)
        await self.db.session.flush()
        await self._tell_person(
            claim,
            Payload(
                "claim-document-needed",
                {"number": claim.label, "text": claim.request},
                buttons=[[Button("claims-send-document", Intent.CLAIM_DOCUMENT, claim.id)]],
            ),
            f"request:{note.id}",
        )
        await self.audit.record("operator", operator_id, "claim.requested", "claim", claim.id)
        return claim

    async def _tell_person(self, claim: Claim, payload: Payload, what: str) -> None:
        profile = await self.db.session.get(Profile, claim.profile_id)
        assert profile is not None
        await self.notifications.schedule(
            NOTICE_KIND,
            Person(profile.user_id),
            self.clock.now(),
            payload,
            f"claim:{claim.id}:{what}",
        )

    async def card(self, claim: Claim) -> Payload:
        """The claim's post on the desk: who (the contacts masked, the profile's number for
        /find), the policy, the care, the amount, the bank details masked (the BIC whole), its
        photos as an album and the decision buttons under the text."""
        profile = await self.db.session.get(Profile, claim.profile_id)
        assert profile is not None
        policy = await PolicyRepository(self.db.session).get(claim.policy_id)
        patient = patient_of(policy, profile)  # a family member's claim names the member
        assert patient is not None
        relation = policy.member_relation if policy is not None and patient is policy else None
        bank = self.open_bank(claim.bank_encrypted)
        return Payload(
            "desk-claim",
            {
                "number": claim.label,
                "name": full_name(patient),
                # For a family member, who they are to the account, and whose the account is.
                "relation": relation or "self",
                "birth_date": f"{patient.birth_date:%d.%m.%Y}",
                "holder": full_name(profile),
                "email": mask_email(profile.email),
                "phone": mask_phone(profile.phone),
                "profile": profile.id,
                "policy": claim.policy_number,
                "kind": claim.policy_kind,
                "date": claim.care_date.strftime("%d.%m.%Y"),
                "care": claim.care_kind,
                "amount": claim.amount,
                "currency": claim.currency,
                "account": bank.masked_account,
                "bic": bank.bic,
                "recipient": bank.name,
                "photos": len(claim.photos or []),
            },
            buttons=[
                [
                    Button("desk-claim-approve", Intent.DESK_APPROVE_CLAIM, claim.id),
                    Button("desk-claim-ask", Intent.DESK_ASK_CLAIM_DOCUMENT, claim.id),
                ],
                [Button("desk-claim-reject", Intent.DESK_REJECT_CLAIM, claim.id)],
            ],
            media=[Media("photo", file_id=file_id) for file_id in claim.photos or []],
            apart=True,
            protect=True,
        )

    async def _post(self, claim: Claim) -> None:
        assert self.desk is not None
        claim.desk_post_id = await self.notifications.schedule(
            "operator_post",
            Group(self.desk),
            self.clock.now(),
            await self.card(claim),
            f"desk:claim:{claim.id}",
        )

    async def post_waiting(self) -> int:
        """Post the open claims filed while the desk was off; returns how many. Idempotent: each
        post has its dedupe key and a claim is posted once."""
        if self.desk is None:
            return 0
        waiting = await self._claims().unposted(100)
        for claim in waiting:
            await self._post(claim)
        return len(waiting)

    async def _posts(self, claim: Claim) -> list[ScheduledMessage]:
        found = await self.db.session.scalars(
            select(ScheduledMessage).where(
                or_(
                    ScheduledMessage.dedupe_key == f"desk:claim:{claim.id}",
                    ScheduledMessage.dedupe_key.startswith(
                        f"desk:claim:{claim.id}:", autoescape=True
                    ),
                )
            )
        )
        return list(found.all())

    async def _take_down(self, claim: Claim) -> None:
        """The claim's posts (its photos, the person's answers) leave the desk through the sender
        (within its limits, surviving a restart); one not sent yet never is. Their rows keep only
        the claim's number."""
        now = self.clock.now()
        for post in await self._posts(claim):
            if post.dedupe_key is None or post.dedupe_key.endswith(":down"):
                continue
            await self.notifications.cancel(dedupe_key=post.dedupe_key)
            post.payload = Payload(REMOVED, {"number": claim.label}).to_json()
            if post.chat_id is None:
                continue
            await self.notifications.schedule(
                "operator_post",
                Group(post.chat_id),
                now,
                Payload(REMOVED, {"number": claim.label}, take_down=post.id),
                f"{post.dedupe_key}:down",
            )

    async def withdraw(self, policy: Policy, previous: int) -> int:
        """The policy moved away from `previous` (a profile's id): their open claims on it are
        withdrawn, taken off the desk, and they are told. Nothing follows the policy to its new
        holder. Returns how many."""
        claims = await self._claims().open_on_policy(policy.id, previous)
        for claim in claims:
            claim.status, claim.updated_at = "withdrawn", self.clock.now()
            await self._tell_person(
                claim,
                Payload("claim-withdrawn", {"number": claim.label, "policy": claim.policy_number}),
                "withdrawn",
            )
            await self.audit.record("system", None, "claim.withdrawn", "claim", claim.id)
            await self._take_down(claim)
        return len(claims)

    # -- data rights ---------------------------------------------------------------------------

    async def export(self, profile: Profile) -> list[dict[str, object]]:
        """The person's claims for «Выгрузить мои данные»: the bank details masked (the BIC
        whole), amounts in the currency's major units."""
        rows: list[dict[str, object]] = []
        for claim in await self._claims().of_profile(profile.id):
            bank = self.open_bank(claim.bank_encrypted)
            approved = claim.approved_amount
            rows.append(
                {
                    "claim": claim.label,
                    "policy": claim.policy_number,
                    "care_date": claim.care_date.isoformat(),
                    "care": claim.care_kind,
                    "amount": str(major(claim.amount, claim.currency)),
                    "currency": claim.currency,
                    "status": claim.status,
                    "approved": str(major(approved, claim.currency)) if approved else None,
                    "reason": claim.reason,
                    "request": claim.request,
                    "account": bank.masked_account,
                    "bic": bank.bic,
                    "recipient": bank.name,
                    "photos": len(claim.photos or []),
                    "filed_at": claim.created_at.isoformat(),
                    "decided_at": claim.decided_at.isoformat() if claim.decided_at else None,
                }
            )
        return rows

    async def export_all(self, since: date | None) -> list[dict[str, str]]:
        """Every claim for `dmsbot export claims` (core/claim_export.py), by id, the bank
        details whole; `since`: changed on or after that day (UTC)."""
        moment = datetime.combine(since, time(), tzinfo=UTC) if since is not None else None
        rows = []
        for claim, profile, policy, notes in await self._claims().for_export(moment):
            person = patient_of(policy, profile)  # a family member's claim names the member
            assert person is not None
            rows.append(claim_row(claim, person, self.open_bank(claim.bank_encrypted), notes))
        return rows

    async def forget(self, profile: Profile) -> None:
        """Erasure (the claims go with the profile, ON DELETE CASCADE): their desk posts, which
        carry the person's name, photos and bank details, are taken down and keep only the
        claim's number."""
        for claim in await self._claims().of_profile(profile.id):
            await self._take_down(claim)
