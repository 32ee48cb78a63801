"""A language chosen: from then on the interface speaks it, whatever Telegram's own setting is (the
chat's menu button too)."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.commands import MenuButtons
from bot.common.callbacks import LanguageChoice
from bot.common.keyboards import drop_buttons
from bot.common.screens import show_main_menu
from bot.features import Menu
from core.accounts import AccountService
from core.i18n import Catalogue
from storage.models import User


async def choose_language(
    callback: CallbackQuery,
    callback_data: LanguageChoice,
    user: User,
    accounts: AccountService,
    catalogue: Catalogue,
    menu: Menu,
    menu_buttons: MenuButtons,
) -> None:
    await accounts.choose_language(user, callback_data.locale)
    if callback.bot is not None:
        await menu_buttons.set_for(callback.bot, user.telegram_id, callback_data.locale)
    _ = catalogue.translator(callback_data.locale)  # answered in the language just chosen
    await callback.answer()
    if isinstance(callback.message, Message):
        await drop_buttons(callback.message)
        await show_main_menu(callback.message, _, menu, _("language-set"))
