"""The configured payment provider.

Kept apart from the interface (`core.payments`): the providers import the interface, this module
imports the providers, and the interface imports neither — no cycle."""

from __future__ import annotations

from core.clock import Clock
from core.crypto import DataKeys
from core.payments import PaymentProvider
from core.payments.sandbox import Sandbox
from core.settings import PaymentProvider as PaymentProviderName
from core.settings import Settings
from storage.db import Database

SANDBOX_SECRET = b"dms-assistant sandbox notifications"


def build_payments(
    settings: Settings, db: Database, clock: Clock, keys: DataKeys
) -> PaymentProvider:
    """The configured provider."""
    if settings.payment_provider is PaymentProviderName.YOOKASSA:
        # the SDK is loaded only when it is the provider
        from core.payments.yookassa import YooKassa

        return YooKassa(db, clock, settings)
    return Sandbox(db, clock, str(settings.public_base_url), keys.secret(SANDBOX_SECRET))
