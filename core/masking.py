"""How personal contacts appear in logs: enough to tell them apart, never the whole thing."""

from __future__ import annotations


def mask_email(address: str) -> str:
    """ivan.petrov@mail.ru → i***@mail.ru"""
    local, at, domain = address.partition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


def mask_phone(phone: str) -> str:
    """+79991234567 → +7***4567"""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 6:
        return "***"
    return f"+{digits[:1]}***{digits[-4:]}"
