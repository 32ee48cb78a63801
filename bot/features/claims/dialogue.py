"""What the claims' dialogues keep between steps (stored as JSON: field names are the stored
keys; rename none). The bank details enter it only encrypted (`bank`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.common.dialogue_data import DialogueData


@dataclass
class Draft(DialogueData):
    """A new claim (ClaimFlow.policy … summary): `whom` it is for (a `core.family.Patient` key:
    the account's own person, 0, or a family member) and, for a member, their first name
    (`patient`) for the screens to say so."""

    whom: int = 0
    patient: str = ""
    policy: int = 0
    policy_number: str = ""  # as printed
    policy_kind: str = ""  # DMS | VZR
    start: str = ""  # the policy's term, ISO dates
    end: str = ""
    offered: list[int] = field(default_factory=list)  # policies shown as buttons: only these
    care_date: str = ""  # ISO
    care_kind: str = ""
    amount: int = 0  # minor units of `currency`
    currency: str = ""
    photos: list[str] = field(default_factory=list)  # Telegram file ids
    bank: str = ""  # core.claim_details.BankDetails, sealed
    to_summary: bool = False  # a step asked again from the summary leads back to it


@dataclass
class Answer(DialogueData):
    """The person's answer to the desk's request (ClaimFlow.document)."""

    claim: int = 0
    number: str = ""  # «В-000001»
    text: str = ""  # a card number in it already masked
    photos: list[str] = field(default_factory=list)


@dataclass
class Deciding(DialogueData):
    """An operator's decision awaiting its amount, request or reason (DeskClaim)."""

    claim: int | None = None
