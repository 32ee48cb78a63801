"""Photos people send: a photo, or an image sent as a file, of sane size."""

from __future__ import annotations

from aiogram.types import Message

MAX_BYTES = 10 * 1024 * 1024
IMAGE_TYPES = {"image/jpeg", "image/png", "image/heic", "image/heif", "image/webp"}


def photo_file_id(message: Message) -> str | None:
    """A photo, or an image sent as a file, of sane size; None for anything else."""
    if message.photo:
        return message.photo[-1].file_id
    document = message.document
    image = document is not None and (document.mime_type or "") in IMAGE_TYPES
    if document is not None and image and (document.file_size or 0) <= MAX_BYTES:
        return document.file_id
    return None
