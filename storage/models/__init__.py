"""All models, imported here so that Base.metadata knows every table (Alembic autogenerate)."""

from storage.models.base import Base, UTCDateTime
from storage.models.fsm import DialogueState
from storage.models.notifications import Broadcast, ScheduledMessage
from storage.models.users import User

__all__ = ["Base", "Broadcast", "DialogueState", "ScheduledMessage", "UTCDateTime", "User"]
