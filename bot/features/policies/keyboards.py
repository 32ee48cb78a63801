"""The buttons of «Мои полисы»: pure functions of the data and the person's language."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot.common.keyboards import inline
from bot.features.policies.callbacks import Action, PolicyAction
from core.i18n import Translator
from storage.models import Policy


def button(
    _: Translator, key: str, action: Action, policy: int = 0, page: int = 0
) -> tuple[str, str]:
    return _(key), PolicyAction(action=action, policy=policy, page=page).pack()


def add_only(_: Translator) -> InlineKeyboardMarkup:
    return inline([[button(_, "policies-add", Action.ADD)]])


def policy_list(_: Translator, held: list[Policy]) -> InlineKeyboardMarkup:
    rows = [
        [
            (
                _("policies-button", kind=_(f"policy-kind-{p.kind}"), number=p.printed_number),
                PolicyAction(action=Action.CARD, policy=p.id).pack(),
            )
        ]
        for p in held
    ]
    return inline([*rows, [button(_, "policies-add", Action.ADD)]])


def card(_: Translator, policy: Policy, clinics: str | None) -> InlineKeyboardMarkup:
    """`clinics`: the callback data of «Клиники» (another feature's button), where it is offered."""
    rows = [
        *([[(_("clinics-open"), clinics)]] if clinics is not None else []),
        [button(_, "policy-program", Action.PROGRAM, policy.id)],
        [button(_, "policy-services", Action.SERVICES, policy.id)],
        [button(_, "policy-download", Action.PDF, policy.id)],
        [button(_, "policy-back", Action.LIST, policy.id)],
    ]
    return inline(rows)


def back_to_card(_: Translator, policy: Policy) -> InlineKeyboardMarkup:
    return inline([[button(_, "policy-back-card", Action.CARD, policy.id)]])


def services(_: Translator, policy: Policy, page: int, pages: int) -> InlineKeyboardMarkup:
    turns = []
    if page > 0:
        turns.append(button(_, "services-prev", Action.PAGE, policy.id, page - 1))
    if page < pages - 1:
        turns.append(button(_, "services-next", Action.PAGE, policy.id, page + 1))
    rows = [turns] if turns else []
    return inline([*rows, [button(_, "policy-back-card", Action.CARD, policy.id)]])
