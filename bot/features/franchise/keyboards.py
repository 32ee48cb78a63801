"""The keyboards of «Франшиза и карта»: data and a translator in, markup out."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.common.keyboards import inline
from bot.features.franchise.callbacks import Action, act
from core.franchise import Offer
from core.i18n import Translator
from storage.models import Card, Policy


def overview(_: Translator, offers: Sequence[Offer], card: Card | None) -> InlineKeyboardMarkup:
    """Each policy's terms; binding a card (with a policy to use it), or unbinding the one bound."""
    rows = [
        [
            (
                _("franchise-terms-button", policy=o.policy.printed_number),
                act(Action.TERMS, o.policy.id),
            )
        ]
        for o in offers
    ]
    if card is None and offers:
        rows.append([(_("franchise-bind"), act(Action.BIND))])
    if card is not None:
        rows.append([(_("franchise-unbind"), act(Action.UNBIND))])
    return inline(rows)


def terms(_: Translator, policy: Policy) -> InlineKeyboardMarkup:
    return inline([[(_("franchise-agree"), act(Action.AGREE, policy.id))]])


def unbind_confirmation(_: Translator) -> InlineKeyboardMarkup:
    return inline(
        [[(_("franchise-unbind-yes"), act(Action.YES)), (_("franchise-unbind-no"), act(Action.NO))]]
    )


def binding_page(_: Translator, url: str) -> InlineKeyboardMarkup:
    """The provider's page, where the card is entered (never in the chat)."""
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=_("franchise-open-page"), url=url)]]
    )
