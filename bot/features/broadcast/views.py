"""The broadcast's texts: data and a translator in, text out."""

from __future__ import annotations

from datetime import time

from core.broadcasts import Progress
from core.i18n import Translator


def ask_text(_: Translator, quiet_hours: tuple[time, time] | None) -> str:
    text = _("broadcast-ask-text")
    if quiet_hours:
        start, end = quiet_hours
        text += "\n" + _("broadcast-quiet-note", start=f"{start:%H:%M}", end=f"{end:%H:%M}")
    return text


def progress(_: Translator, number: int, progress: Progress) -> str:
    """The author's progress message: how many went, failed, blocked the bot, are left."""
    key = "broadcast-finished" if progress.done else "broadcast-progress"
    return _(
        key,
        number=number,
        total=progress.total,
        sent=progress.sent,
        failed=progress.failed,
        blocked=progress.blocked,
        left=progress.left,
    )


def report(_: Translator, number: int, progress: Progress) -> str:
    """The final report, a message of its own."""
    return _(
        "broadcast-report",
        number=number,
        total=progress.total,
        sent=progress.sent,
        failed=progress.failed,
        blocked=progress.blocked,
    )
