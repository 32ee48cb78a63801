"""What the sign-up dialogue keeps between steps (stored as JSON: the names are the stored keys).

An edit from the profile starts from `core.signup.Signup.as_dialogue_data`, in the same shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.common.dialogue_data import DialogueData
from core.signup import PersonData, Signup


@dataclass
class SignupData(DialogueData):
    email: str | None = None
    email_confirmed: bool = False
    phone: str | None = None
    phone_confirmed: bool = False
    last_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    birth_date: str | None = None  # ISO
    sex: str | None = None  # "m" or "f"
    document_type: str | None = None  # a core.people.DocumentType
    document: str | None = None  # sealed (Signup.seal_document): never in clear, not even here
    # A contact confirmed by its code here that turned out to be an account's: [channel, address].
    # «Восстановить доступ» counts it as the first proof.
    taken: list[str] | None = None
    # Back to the summary after the step (a fix), or saved to the profile (an edit from it).
    fixing: bool = False
    editing: bool = False
    # From an invitation: its id, and the roster's address (never shown whole).
    invite: int | None = None
    invite_email: str | None = None
    pin_hash: str | None = None  # the PIN typed once, waiting for its repetition
    policy_linked: bool = False  # an invitation's policy linked at the end: no need to ask for one

    def person(self, signup: Signup) -> PersonData:
        """Everything entered, for the profile (every step behind: the summary was shown)."""
        return PersonData(
            email=entered(self.email),
            phone=entered(self.phone),
            last_name=entered(self.last_name),
            first_name=entered(self.first_name),
            middle_name=self.middle_name,
            birth_date=date.fromisoformat(entered(self.birth_date)),
            sex=entered(self.sex),
            document=signup.open_document(entered(self.document)),
        )


def entered(value: str | None) -> str:
    if value is None:
        raise LookupError("a step of sign-up was skipped")
    return value
