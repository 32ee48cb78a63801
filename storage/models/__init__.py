"""All models, imported here so that Base.metadata knows every table (Alembic autogenerate)."""

from storage.models.abroad import AbroadCase, AbroadNote
from storage.models.audit import AuditEvent, Incident, Recovery
from storage.models.base import Base, UTCDateTime
from storage.models.booking import Appointment, Slot
from storage.models.claims import Claim, ClaimNote
from storage.models.clinics import Clinic, ClinicProgram, SavedPlace
from storage.models.fsm import DialogueState
from storage.models.identity import IdentityCheck
from storage.models.letters import GuaranteeLetter, LetterMessage
from storage.models.notifications import Broadcast, QueuedMail, ScheduledMessage
from storage.models.payments import Card, CardBinding, Charge, Franchise, SandboxPayment
from storage.models.policies import Invitation, Policy, Program, ServiceReceived
from storage.models.profiles import ConfirmationCode, Consent, Profile
from storage.models.tickets import Ticket, TicketMessage
from storage.models.users import User

__all__ = [
    "AbroadCase",
    "AbroadNote",
    "Appointment",
    "AuditEvent",
    "Base",
    "Broadcast",
    "Card",
    "CardBinding",
    "Charge",
    "Claim",
    "ClaimNote",
    "Clinic",
    "ClinicProgram",
    "ConfirmationCode",
    "Consent",
    "DialogueState",
    "Franchise",
    "GuaranteeLetter",
    "IdentityCheck",
    "Incident",
    "Invitation",
    "LetterMessage",
    "Policy",
    "Profile",
    "Program",
    "QueuedMail",
    "Recovery",
    "SandboxPayment",
    "SavedPlace",
    "ScheduledMessage",
    "ServiceReceived",
    "Slot",
    "Ticket",
    "TicketMessage",
    "UTCDateTime",
    "User",
]
