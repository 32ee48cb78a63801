"""/language and the «Язык» section: Russian or English, whatever Telegram's own setting is."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, Message

from bot.common.callbacks import LanguageChoice
from bot.common.keyboards import drop_buttons, inline
from bot.common.screens import show_main_menu
from bot.features import Feature, Menu, MenuSection
from bot.filters import ButtonText, private_only
from core.accounts import AccountService
from core.i18n import LOCALES, Catalogue, Translator
from storage.models import User

SECTION = MenuSection(key="menu-language", help_key="help-section-language", order=910)


async def ask_language(message: Message, _: Translator) -> None:
    buttons = [
        (_(f"language-{locale}"), LanguageChoice(locale=locale).pack()) for locale in LOCALES
    ]
    await message.answer(_("language-choose"), reply_markup=inline([buttons]))


async def choose_language(
    callback: CallbackQuery,
    callback_data: LanguageChoice,
    user: User,
    accounts: AccountService,
    catalogue: Catalogue,
    menu: Menu,
) -> None:
    await accounts.choose_language(user, callback_data.locale)
    _ = catalogue.translator(callback_data.locale)
    await callback.answer()
    if isinstance(callback.message, Message):
        await drop_buttons(callback.message)
        await show_main_menu(callback.message, _, menu, _("language-set"))


def feature() -> Feature:
    router = Router(name="language")
    private_only(router)
    router.message.register(ask_language, Command("language"))
    router.message.register(ask_language, StateFilter(None), ButtonText(SECTION.key))
    router.callback_query.register(choose_language, LanguageChoice.filter(F.locale.in_(LOCALES)))
    return Feature(name="language", router=router, menu=[SECTION])
