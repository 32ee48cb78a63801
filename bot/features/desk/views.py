"""The desk's answers to its commands: pure functions of the data and the operator's language."""

from __future__ import annotations

from datetime import tzinfo

from bot.common.formats import day_and_month, time_of_day
from core.desk import PersonSummary, Waiting
from core.i18n import Markup, Translator
from core.sms_brake import BrakeState


def found(_: Translator, person: PersonSummary) -> str:
    state = (
        "desk-state-frozen"
        if person.frozen
        else "desk-state-pin-locked"
        if person.pin_locked
        else "desk-state-ok"
    )
    return _(
        "desk-found",
        name=person.name,
        profile=person.profile_id,
        email=person.email,
        phone=person.phone,
        policies=", ".join(person.policies) or _("desk-no-policies"),
        state=_(state),
    )


def since(_: Translator, item: Waiting, zone: tzinfo) -> str:
    """14.03 09:30, where TIMEZONE is."""
    local = item.since.astimezone(zone)
    return f"{day_and_month(_, local)} {time_of_day(_, local)}"


def pending(_: Translator, brake: BrakeState, waiting: list[Waiting], zone: tzinfo) -> str:
    said = [_("desk-sms-brake-on", sent=brake.sent, limit=brake.limit)] if brake.engaged else []
    items = "\n".join(
        _(
            "desk-pending-line",
            kind=_(f"desk-kind-{item.kind}"),
            number=item.label or _("desk-number", number=item.number),
            since=since(_, item, zone),
        )
        for item in waiting
    )
    said.append(_("desk-pending", items=Markup(items)) if waiting else _("desk-pending-none"))
    return "\n\n".join(said)
