"""The franchise (co-payment) programme and the card that pays the person's share (flow 7).

Per policy with `franchise_percent > 0`: no franchise → consented (terms accepted, no card) →
card bound (clinics not yet reachable) → clinics reachable (`CLINIC_ACCESS_DELAY` after binding)
→ active (`FRANCHISE_ACTIVATION_DELAY` after binding). One bound card per person serves all their
franchise policies; unbinding it suspends them all. The two notices go through the notifications
engine at their times (persisted; cancelled with the card).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.audit import Audit
from core.clock import Clock, local_today
from core.crypto import DataKeys
from core.holders import activation_notice_key
from core.i18n import DEFAULT_LOCALE
from core.notifications import Notifications, Payload, Person
from core.payments import BindingResult, PaymentError, PaymentProvider
from core.policies import PolicyState, state_of
from core.settings import Settings
from storage.db import Database, commit_current
from storage.models import Card, CardBinding, Franchise, Policy, Profile, User
from storage.models.payments import OPENING_BINDING
from storage.repositories.card_bindings import CardBindingRepository
from storage.repositories.policies import PolicyRepository

logger = logging.getLogger(__name__)

NOTICE_KIND = "activation"
# A binding still "opening" this long after it was stored was left by a crash: given up.
OPENING_TIMEOUT = timedelta(minutes=2)
WORKING_DAYS_UNKNOWN = 5  # clinics may not know of a new franchise for this many working days


class Stage(StrEnum):
    NONE = "none"
    CONSENTED = "consented"
    CARD_BOUND = "card_bound"
    CLINICS = "clinics"
    ACTIVE = "active"


def stage_of(franchise: Franchise | None, now: datetime) -> Stage:
    if franchise is None:
        return Stage.NONE
    if franchise.started_at is None or franchise.clinics_at is None or franchise.active_at is None:
        return Stage.CONSENTED
    if now < franchise.clinics_at:
        return Stage.CARD_BOUND
    if now < franchise.active_at:
        return Stage.CLINICS
    return Stage.ACTIVE


@dataclass(frozen=True)
class Offer:
    """A policy of the person's with a co-payment programme, and where its franchise stands."""

    policy: Policy
    franchise: Franchise | None
    stage: Stage


@dataclass(frozen=True)
class Gate:
    """Why a policy's clinics cannot be booked yet: the franchise is not set up (`missing`: what
    the person has still to do), or `until` they are reachable (a card just bound)."""

    reason: str  # "needs-franchise" | "wait"
    until: datetime | None = None
    missing: str = ""  # "terms", "card" or "terms-and-card", with "needs-franchise"


@dataclass(frozen=True)
class BindingLink:
    """The page to bind a card, open until `expires_at`: its link (`again`: the page opened
    before, still open), or None while another press of the person's is opening it."""

    url: str | None = field(repr=False)  # the link's secret: never in a log or a traceback
    expires_at: datetime
    again: bool = False


class UnknownBinding(Exception):
    """A notification naming no binding of ours."""


class Franchises:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        settings: Settings,
        notifications: Notifications,
        audit: Audit,
        keys: DataKeys,
        provider: PaymentProvider,
    ) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.notifications = notifications
        self.audit = audit
        self.keys = keys
        self.provider = provider

    def _bindings(self) -> CardBindingRepository:
        return CardBindingRepository(self.db.session)

    # -- reading -----------------------------------------------------------------------------

    async def card(self, profile: Profile) -> Card | None:
        return await self._card_of(profile.id)

    async def _card_of(self, profile_id: int | None) -> Card | None:
        return await self.db.session.scalar(select(Card).where(Card.profile_id == profile_id))

    async def offers(self, profile: Profile) -> list[Offer]:
        """The person's ДМС policies in force with a co-payment programme, and their stage."""
        session, now = self.db.session, self.clock.now()
        today = local_today(self.clock, self.settings.timezone)
        policies = await PolicyRepository(session).with_copayment_of(profile.id)
        held = [p for p in policies if state_of(p, today) is PolicyState.ACTIVE]
        found = await session.scalars(
            select(Franchise).where(
                Franchise.policy_id.in_([p.id for p in held]), Franchise.profile_id == profile.id
            )
        )
        by_policy = {f.policy_id: f for f in found}
        return [Offer(p, by_policy.get(p.id), stage_of(by_policy.get(p.id), now)) for p in held]

    async def offer(self, profile: Profile, policy_id: int) -> Offer | None:
        """The person's own offer for this policy (a button naming another's finds nothing)."""
        for offer in await self.offers(profile):
            if offer.policy.id == policy_id:
                return offer
        return None

    async def gate(self, policy: Policy) -> Gate | None:
        """None when the policy's clinics may be booked; else why not (yet). The one check both
        the booking's first step and its confirmation make."""
        if policy.franchise_percent <= 0:
            return None
        franchise = await self.db.session.get(Franchise, policy.id)
        if franchise is not None and franchise.profile_id != policy.holder_profile_id:
            franchise = None  # another person's consent: not the holder's
        stage = stage_of(franchise, self.clock.now())
        if stage is Stage.CONSENTED:  # consented; the card unbound, or never bound
            return Gate("needs-franchise", missing="card")
        if stage is Stage.NONE:
            card = await self._card_of(policy.holder_profile_id)
            return Gate("needs-franchise", missing="terms" if card else "terms-and-card")
        if stage is Stage.CARD_BOUND:
            assert franchise is not None
            return Gate("wait", franchise.clinics_at)
        return None

    async def binding(self, order: str) -> CardBinding | None:
        return await self._bindings().by_order(order)

    async def language_of(self, binding: CardBinding | None) -> str:
        """The language of the person a binding page is for (the page speaks it)."""
        session = self.db.session
        profile = await session.get(Profile, binding.profile_id) if binding else None
        user = await session.get(User, profile.user_id) if profile else None
        return user.language if user is not None and user.language else DEFAULT_LOCALE

    # -- the person's steps ------------------------------------------------------------------

    async def consent(self, profile: Profile, policy_id: int) -> Offer | None:
        """The terms accepted for this policy (again: nothing changes); with a card bound, the
        franchise starts now."""
        offer = await self.offer(profile, policy_id)
        if offer is None:
            return None
        franchise = offer.franchise
        if franchise is None:
            # A consent someone else gave when they held the policy counts for nothing.
            await self.db.session.execute(delete(Franchise).where(Franchise.policy_id == policy_id))
            franchise = Franchise(
                policy_id=policy_id, profile_id=profile.id, consented_at=self.clock.now()
            )
            self.db.session.add(franchise)
            await self.db.session.flush()
            await self.audit.record(
                "person", profile.user_id, "franchise.consented", "policy", policy_id
            )
        if franchise.started_at is None and await self.card(profile) is not None:
            await self._start(profile, franchise, offer.policy)
        return await self.offer(profile, policy_id)

    async def start_binding(self, profile: Profile) -> BindingLink:
        """The provider's page for this person's card: a link that works once (PaymentError
        when the provider cannot open one now). One page at a time: while the person's page is
        open, no other is asked of the provider: its link is given again (`again`); while it is
        being opened, `url` is None.

        Three steps, no transaction open while the provider is asked: the binding is stored
        ("opening") and committed; the provider opens the page (its idempotence key: the
        binding's order); the page is recorded ("pending"). A binding left "opening" by a crash
        is given up after OPENING_TIMEOUT (the person never saw its link)."""
        binding, opened = await self._open(profile)
        if not opened:
            url = self.keys.decrypt(binding.page_sealed) if binding.page_sealed else None
            return BindingLink(url, binding.expires_at, again=True)
        await commit_current()
        try:
            page = await self.provider.start_binding(binding.order, profile.email)
        except PaymentError:
            binding.status, binding.finished_at = "declined", self.clock.now()
            await commit_current()  # the person may ask again at once
            raise
        binding.status, binding.provider_ref = "pending", page.ref
        binding.page_sealed = self.keys.encrypt(page.url)
        await self.db.session.flush()
        return BindingLink(page.url, binding.expires_at)

    async def _open(self, profile: Profile) -> tuple[CardBinding, bool]:
        """The person's open binding, or a new one (True) if none is open."""
        session, now = self.db.session, self.clock.now()
        await self._bindings().expire_stale(profile.id, now, OPENING_TIMEOUT)
        found = await self._open_binding(profile)
        if found is not None:
            return found, False
        binding = CardBinding(
            order=secrets.token_hex(16),
            profile_id=profile.id,
            provider=self.provider.name,
            status=OPENING_BINDING,
            declines=0,
            created_at=now,
            expires_at=now + self.provider.binding_ttl,
        )
        try:
            async with session.begin_nested():
                session.add(binding)
        except IntegrityError:  # the person's other press opened one just now
            found = await self._open_binding(profile)
            assert found is not None
            return found, False
        await self.audit.record(
            "person", profile.user_id, "card.binding_started", "binding", binding.id
        )
        return binding, True

    async def _open_binding(self, profile: Profile) -> CardBinding | None:
        return await self._bindings().open_of(profile.id)

    async def receive(
        self, body: bytes, headers: Mapping[str, str], client: str | None
    ) -> BindingResult | None:
        """The provider's notification (ForgedNotification when it is not the provider's; None
        when it is about no binding). Processed once: a repeated one changes nothing."""
        result = await self.provider.confirm(body, headers, client)
        return None if result is None else await self._apply(result)

    async def check(self, order: str) -> BindingResult | None:
        """The person is back from the provider's page: the binding's outcome, asked of the
        provider if its notification has not come yet (None: not decided yet)."""
        binding = await self.binding(order)
        if binding is None:
            raise UnknownBinding(order)
        if binding.status == "bound":
            return BindingResult(order, True)
        if binding.status in ("declined", "expired"):
            return BindingResult(order, False, final=True)
        await commit_current()  # no lock held while the provider answers
        result = await self.provider.poll(order)
        return None if result is None else await self._apply(result)

    async def _apply(self, result: BindingResult) -> BindingResult:
        forget: list[tuple[str, str]] = []
        recorded = await self._record(result, forget)
        await self._forget_at_provider(forget)
        return recorded

    async def _record(self, result: BindingResult, forget: list[tuple[str, str]]) -> BindingResult:
        """The binding's outcome stored; the tokens the provider is to forget once it is
        committed are added to `forget`."""
        session, now = self.db.session, self.clock.now()
        binding = await self._bindings().by_order(result.order, lock=True)
        if binding is None:
            raise UnknownBinding(result.order)
        if binding.status in ("bound", "declined"):
            return result  # told before
        profile = await session.get(Profile, binding.profile_id)
        assert profile is not None
        if profile.frozen_at is not None:
            # «Это не я» since the page was opened: no card is bound until an operator decides.
            binding.status, binding.finished_at, binding.key_hash = "declined", now, None
            binding.pending_card = binding.page_sealed = None
            if result.token:
                forget.append((result.token, f"binding {binding.id}"))
            await self.audit.record(
                "person", profile.user_id, "card.refused_frozen", "binding", binding.id
            )
            return BindingResult(result.order, False, final=True)
        if not result.bound:
            binding.declines += 1
            if result.final:
                binding.status, binding.page_sealed = "declined", None
            elif binding.status != "expired":  # the page takes another card
                binding.status = "pending"
            await self.audit.record(
                "person", profile.user_id, "card.declined", "binding", binding.id
            )
            if result.final:  # the page is spent: the person learns it in the chat too
                await self.notifications.schedule(
                    NOTICE_KIND,
                    Person(profile.user_id),
                    now,
                    Payload("franchise-card-declined", {}),
                    f"card:declined:{binding.order}",
                )
            return result
        if not (result.token and result.last4 and result.brand and result.expiry):
            raise UnknownBinding(f"{result.order}: a bound card without its details")
        binding.status, binding.finished_at, binding.key_hash = "bound", now, None
        binding.pending_card = binding.page_sealed = None
        old = await self.card(profile)
        if old is not None:  # a new card replaces the old one, which the provider forgets
            forget.append((self.keys.decrypt(old.token_encrypted), f"card {old.id}"))
            await session.delete(old)
            await session.flush()
        session.add(
            Card(
                profile_id=profile.id,
                provider=binding.provider,
                token_encrypted=self.keys.encrypt(result.token),
                last4=result.last4,
                brand=result.brand,
                expiry=result.expiry,
                bound_at=now,
            )
        )
        await session.flush()
        await self.audit.record("person", profile.user_id, "card.bound", "binding", binding.id)
        await self.notifications.schedule(
            NOTICE_KIND,
            Person(profile.user_id),
            now,
            Payload("franchise-card-bound", {"last4": result.last4}),
            f"card:bound:{binding.order}",
        )
        for offer in await self.offers(profile):
            if offer.franchise is not None and offer.franchise.started_at is None:
                await self._start(profile, offer.franchise, offer.policy)
        return result

    async def _start(self, profile: Profile, franchise: Franchise, policy: Policy) -> None:
        now = self.clock.now()
        franchise.started_at, franchise.suspended_at = now, None
        franchise.clinics_at = now + self.settings.clinic_access_delay
        franchise.active_at = now + self.settings.franchise_activation_delay
        for when, key in ((franchise.clinics_at, "clinics"), (franchise.active_at, "active")):
            await self.notifications.schedule(
                NOTICE_KIND,
                Person(profile.user_id),
                when,
                Payload(
                    f"franchise-notice-{key}",
                    {
                        "policy": policy.printed_number,
                        "percent": policy.franchise_percent,
                        "hotline": self.settings.hotline_phone,
                        "days": WORKING_DAYS_UNKNOWN,
                    },
                ),
                activation_notice_key(policy.id, now, key),
                group=f"franchise:{profile.id}",
            )
        await self.audit.record(
            "person", profile.user_id, "franchise.started", "policy", franchise.policy_id
        )

    async def unbind(self, profile: Profile) -> list[str]:
        """The card goes (the provider forgets it too) and every franchise of the person is
        suspended; their pending notices are cancelled. The printed numbers of the policies whose
        franchise was started."""
        card = await self.card(profile)
        if card is None:
            return []
        forget = [(self.keys.decrypt(card.token_encrypted), f"card {card.id}")]
        session, now = self.db.session, self.clock.now()
        await session.delete(card)
        suspended: list[str] = []
        for offer in await self.offers(profile):
            franchise = offer.franchise
            if franchise is not None and franchise.started_at is not None:
                franchise.started_at = franchise.clinics_at = franchise.active_at = None
                franchise.suspended_at = now
                suspended.append(offer.policy.printed_number)
        await self.notifications.cancel(group=f"franchise:{profile.id}")
        await self.audit.record("person", profile.user_id, "card.unbound", "profile", profile.id)
        await self._forget_at_provider(forget)
        return suspended

    async def _forget_at_provider(self, tokens: list[tuple[str, str]]) -> None:
        """The provider forgets these tokens (and what names them), once what removed or
        replaced them is committed: no transaction is open while the provider is asked."""
        if not tokens:
            return
        await commit_current()
        for token, what in tokens:
            try:
                await self.provider.unbind(token)
            except PaymentError as error:  # ours is gone either way; the provider's says why
                logger.warning("%s: the provider did not unbind it: %s", what, error.reason)

    # -- data rights -------------------------------------------------------------------------

    async def export(self, profile: Profile) -> dict[str, object]:
        card = await self.card(profile)
        franchises = await PolicyRepository(self.db.session).franchises_of(profile.id)
        return {
            "card": None
            if card is None
            else {
                "last4": card.last4,
                "brand": card.brand,
                "expiry": card.expiry,
                "bound_at": card.bound_at.isoformat(),
            },
            "franchises": [
                {
                    "policy": number,
                    "consented_at": f.consented_at.isoformat(),
                    "stage": stage_of(f, self.clock.now()).value,
                }
                for f, number in franchises
            ],
        }

    async def forget_card(self, profile: Profile) -> None:
        """Before an erasure writes anything: the provider forgets the person's card (ours goes
        with the profile). What the update did so far is committed first."""
        card = await self.card(profile)
        if card is not None:
            await self._forget_at_provider(
                [(self.keys.decrypt(card.token_encrypted), f"card {card.id}")]
            )

    async def erase(self, profile: Profile) -> None:
        """Before the profile goes (after `forget_card`): the bindings go (the card, franchises
        go with the profile)."""
        await self._bindings().delete_of(profile.id)
