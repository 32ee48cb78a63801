"""Sign-up's buttons: `su:<action>`. They name no object and count only in the step they belong
to; the packed strings are on people's phones: keep the prefix and the action values."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from core.people import DocumentType


class Action(StrEnum):
    GO = "go"  # «Продолжить регистрацию» offered by a section that needs it
    READ_TERMS = "read-terms"
    ACCEPT_TERMS = "accept-terms"
    READ_PD = "read-pd"
    ACCEPT_PD = "accept-pd"
    RESEND = "resend"
    OTHER_ADDRESS = "other-address"
    NO_MIDDLE = "no-middle"
    SEX_M = "sex-m"
    SEX_F = "sex-f"
    DOC_RF_PASSPORT = "doc-rf-passport"
    DOC_RF_INTERNATIONAL = "doc-rf-international"
    DOC_FOREIGN = "doc-foreign"
    FIX_EMAIL = "fix-email"
    FIX_PHONE = "fix-phone"
    FIX_LAST_NAME = "fix-last-name"
    FIX_FIRST_NAME = "fix-first-name"
    FIX_MIDDLE_NAME = "fix-middle-name"
    FIX_BIRTH_DATE = "fix-birth-date"
    FIX_SEX = "fix-sex"
    FIX_DOCUMENT = "fix-document"
    CONFIRM = "confirm"
    SKIP_PIN = "skip-pin"


class SignupAction(CallbackData, prefix="su"):
    # A plain string, not `Action`: a forged or retired action still reaches sign-up's last
    # handler, which says the button is stale.
    action: str


# What a button's action chooses (keyed by the action's string, as a press brings it).
SEXES: dict[str, str] = {Action.SEX_M: "m", Action.SEX_F: "f"}
DOCUMENT_TYPES: dict[str, DocumentType] = {Action(f"doc-{kind}"): kind for kind in DocumentType}


def document_action(kind: DocumentType) -> Action:
    return Action(f"doc-{kind}")


def fix_action(field: str) -> Action:
    """The summary's «✏️ …» for one of `core.signup.EDITABLE_FIELDS`."""
    return Action(f"fix-{field}")


def fixed_field(action: str) -> str:
    return action.removeprefix("fix-")


FIXES = frozenset(action for action in Action if action.startswith("fix-"))
