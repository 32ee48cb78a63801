"""The cases on the desk: «Взять в работу» and «Закрыть» — operators only, each audited, a second
decision refused — and the case's post kept showing its status and who acted."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import CallbackQuery

from bot.common.intents import Intents
from bot.delivery import edit_desk_card
from bot.features.abroad.callbacks import DeskAbroadAction, DeskAction
from core.abroad import Abroad
from core.desk import AlreadyDecided
from core.i18n import Catalogue, Translator
from core.settings import Settings
from storage.models import AbroadCase


async def refresh(
    bot: Bot,
    settings: Settings,
    catalogue: Catalogue,
    intents: Intents,
    abroad: Abroad,
    case: AbroadCase,
) -> None:
    """The case's post shows its status and who acted; closed, it has no buttons."""
    await edit_desk_card(
        bot,
        settings,
        catalogue,
        intents,
        await abroad.post_message(case),
        lambda: abroad.card(case),
        f"abroad case {case.id}",
    )


async def decide(
    callback: CallbackQuery,
    callback_data: DeskAbroadAction,
    _: Translator,
    bot: Bot,
    settings: Settings,
    catalogue: Catalogue,
    intents: Intents,
    abroad: Abroad,
) -> None:
    """«Взять в работу» or «Закрыть» (OperatorsOnly let the operator through)."""
    operator = callback.from_user
    act = abroad.take if callback_data.action == DeskAction.TAKE else abroad.close
    try:
        case = await act(callback_data.case, operator.id, operator.full_name)
    except LookupError:
        await callback.answer(_("desk-abroad-unknown"), show_alert=True)
        return
    except AlreadyDecided:
        await callback.answer(_("desk-abroad-decided"), show_alert=True)
        return
    await callback.answer(_(f"desk-abroad-{callback_data.action}-done", number=case.label))
    await refresh(bot, settings, catalogue, intents, abroad, case)


async def stale(callback: CallbackQuery, _: Translator) -> None:
    await callback.answer(_("button-stale"), show_alert=True)
