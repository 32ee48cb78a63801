"""The claims' texts: pure functions of data and a translator."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from bot.common.formats import day
from bot.features.claims.dialogue import Draft
from bot.features.family.whom import whose_line
from core.claim_details import BankDetails
from core.claims import MAX_OPEN, MAX_PHOTOS
from core.i18n import Markup, Translator
from storage.models import Claim


def limit_text(_: Translator) -> str:
    return _("claims-limit", max=MAX_OPEN)


def ask_date_text(_: Translator, start: date, end: date, earliest: date, today: date) -> str:
    """The date of care: within the policy's term, not before `earliest`, not after today."""
    first, last = max(start, earliest), min(end, today)
    return _("claims-ask-date", first=day(_, first), last=day(_, last))


def ask_amount_text(_: Translator, kind: str) -> str:
    return _("claims-ask-amount", kind=kind)


def ask_photos_text(_: Translator, photos: int) -> str:
    key = "claims-photo-added" if photos else "claims-ask-photos"
    return _(key, count=photos, max=MAX_PHOTOS)


def summary_text(_: Translator, draft: Draft, bank: BankDetails) -> str:
    return _(
        "claims-summary",
        policy=draft.policy_number,
        date=day(_, date.fromisoformat(draft.care_date)),
        care=_(f"claims-care-{draft.care_kind}"),
        amount=draft.amount,
        currency=draft.currency,
        photos=len(draft.photos),
        account=bank.masked_account,
        bic=bank.bic,
        recipient=bank.name,
    )


def bank_field_text(_: Translator, bank: BankDetails) -> str:
    """Which bank detail to change, the ones kept shown (the account masked)."""
    return _(
        "claims-ask-bank-field", account=bank.masked_account, bic=bank.bic, recipient=bank.name
    )


def claim_line(_: Translator, claim: Claim, patient: str = "") -> str:
    """One claim of «Мои возмещения»: what, when, how much, and where it stands; whose, for a
    family member's (`patient`: their first name)."""
    return whose_line(_, patient) + _(
        "claims-line",
        number=claim.label,
        date=day(_, claim.care_date),
        care=_(f"claims-care-{claim.care_kind}"),
        policy=claim.policy_number,
        amount=claim.amount,
        currency=claim.currency,
        status=claim.status,
        approved=claim.approved_amount or 0,
        reason=claim.reason or "",
        request=claim.request or "",
    )


def list_text(
    _: Translator, count: int, found: Sequence[Claim], whose: Mapping[int, str] | None = None
) -> str:
    """A page of «Мои возмещения»; `whose`: the family member each of a member's claims is for,
    by the claim's id."""
    whose = whose or {}
    # Each line is the catalogue's own text, its values escaped already: trusted as it is.
    lines = Markup("\n\n".join(claim_line(_, c, whose.get(c.id, "")) for c in found))
    return _("claims-list", count=count, lines=lines)
