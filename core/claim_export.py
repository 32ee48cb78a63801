"""`dmsbot export claims`: every claim for the insurer's payment team, as CSV rows — the bank
details whole (decrypted: the one way they leave the database unmasked, so each export is
audited by the caller), amounts in the currency's major units, the exchange with the desk (its
questions, the person's answers) in one cell. The command line makes every cell spreadsheet-safe
(core/csv_cells.py), as for the other exports."""

from __future__ import annotations

from core.claim_details import BankDetails
from core.money import major
from storage.models import Claim, ClaimNote, Policy, Profile

EXPORT_COLUMNS = [
    "claim", "status", "policy_number", "policy_kind", "last_name", "first_name", "middle_name",
    "birth_date", "care_date", "care_kind", "amount", "currency", "approved_amount", "recipient",
    "account", "bic", "reason", "request", "notes", "operator", "filed_at", "decided_at",
    "updated_at",
]  # fmt: skip


def note_line(note: ClaimNote) -> str:
    """«2026-11-24T09:00:00+00:00 operator: Выписка из медкарты», a person's answer with
    «[photos: 2]»."""
    photos = f" [photos: {len(note.photos)}]" if note.photos else ""
    return f"{note.created_at.isoformat(timespec='seconds')} {note.author}: {note.text}{photos}"


def claim_row(
    claim: Claim, person: Profile | Policy, bank: BankDetails, notes: list[ClaimNote]
) -> dict[str, str]:
    """One claim in EXPORT_COLUMNS; `person`: whom the care was for (a family member as their
    policy names them); the recipient is whoever the bank details name."""
    approved = claim.approved_amount
    return {
        "claim": claim.label,
        "status": claim.status,
        "policy_number": claim.policy_number,
        "policy_kind": claim.policy_kind,
        "last_name": person.last_name,
        "first_name": person.first_name,
        "middle_name": person.middle_name or "",
        "birth_date": person.birth_date.isoformat(),
        "care_date": claim.care_date.isoformat(),
        "care_kind": claim.care_kind,
        "amount": str(major(claim.amount, claim.currency)),
        "currency": claim.currency,
        "approved_amount": str(major(approved, claim.currency)) if approved is not None else "",
        "recipient": bank.name,
        "account": bank.account,
        "bic": bank.bic,
        "reason": claim.reason or "",
        "request": claim.request or "",
        "notes": "\n".join(note_line(note) for note in notes),
        "operator": claim.operator_name or "",
        "filed_at": claim.created_at.isoformat(timespec="seconds"),
        "decided_at": claim.decided_at.isoformat(timespec="seconds") if claim.decided_at else "",
        "updated_at": claim.updated_at.isoformat(timespec="seconds"),
    }
