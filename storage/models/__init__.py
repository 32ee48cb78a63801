"""All models, imported here so that Base.metadata knows every table (Alembic autogenerate)."""

from storage.models.base import Base, UTCDateTime
from storage.models.fsm import DialogueState
from storage.models.notifications import Broadcast, ScheduledMessage
from storage.models.profiles import ConfirmationCode, Consent, Profile
from storage.models.users import User

__all__ = [
    "Base",
    "Broadcast",
    "ConfirmationCode",
    "Consent",
    "DialogueState",
    "Profile",
    "ScheduledMessage",
    "UTCDateTime",
    "User",
]
