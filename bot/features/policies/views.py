"""The texts of «Мои полисы»: pure functions of the data and the person's language."""

from __future__ import annotations

import html
from datetime import date

from bot.common.formats import day, money
from core.i18n import Markup, Translator
from core.policies import PolicyState, ServicesPage, state_of
from core.programmes import wording
from storage.models import Policy, Profile, Program


def full_name(profile: Profile) -> str:
    return " ".join(p for p in (profile.last_name, profile.first_name, profile.middle_name) if p)


def ask_number(_: Translator, profile: Profile) -> str:
    return _("policies-ask-number", name=full_name(profile), birth_date=day(_, profile.birth_date))


def policy_list(_: Translator, held: list[Policy], today: date) -> str:
    lines = [
        _(
            "policies-line",
            kind=_(f"policy-kind-{p.kind}"),
            number=p.printed_number,
            start=day(_, p.start_date),
            end=day(_, p.end_date),
            state=_(f"policy-state-{state_of(p, today)}"),
        )
        for p in held
    ]
    return _("policies-list") + "\n\n" + "\n".join(lines)


def card(_: Translator, policy: Policy, program: Program | None, state: PolicyState) -> str:
    franchise = (
        _("policy-franchise-share", percent=policy.franchise_percent)
        if policy.franchise_percent
        else _("policy-no-franchise")
    )
    return _(
        "policy-card",
        kind=_(f"policy-kind-{policy.kind}"),
        number=policy.printed_number,
        state=_(f"policy-state-{state}"),
        program=wording(program, policy.program_code, _.locale).name,
        start=day(_, policy.start_date),
        end=day(_, policy.end_date),
        employer=policy.employer,
        franchise=franchise,
    )


def program_text(_: Translator, policy: Policy, program: Program | None) -> str:
    if program is None or program.placeholder:
        return _("policy-program-unknown", code=policy.program_code)
    words = wording(program, policy.program_code, _.locale)
    covers = "\n".join(f"• {item}" for item in words.covers)
    return _("policy-program-text", name=words.name, description=words.description, covers=covers)


def services_page(_: Translator, policy: Policy, found: ServicesPage) -> str:
    items = "\n".join(
        html.escape(
            _.plain(
                "services-line",
                date=day(_, item.date),
                clinic=found.clinic_of(item),
                service=item.service,
                cost=money(_, item.cost),
            )
        )
        for item in found.items
    )
    return _(
        "services-page",
        number=policy.printed_number,
        page=found.page + 1,
        pages=found.pages,
        items=Markup(items),
        count=found.count,
        total=money(_, found.total),
    )
