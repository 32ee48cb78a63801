"""Recovery's texts: data and a translator in, text out."""

from __future__ import annotations

from core.codes import Channel
from core.i18n import Translator
from core.masking import mask_email, mask_phone


def masked(channel: Channel, address: str) -> str:
    return mask_email(address) if channel is Channel.EMAIL else mask_phone(address)


def code_sent(_: Translator, key: str, channel: Channel, address: str, *, known: bool) -> str:
    """A code went to `address`: typed by the person (shown as typed), or the profile's found
    by the first proof (`known`: masked)."""
    return _(key, address=masked(channel, address) if known else address)


def delivery_failed(_: Translator, channel: Channel) -> str:
    return _("signup-mail-failed" if channel is Channel.EMAIL else "signup-sms-failed")
