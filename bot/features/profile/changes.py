"""What a button and a typed answer alike change: the time zone, and erasure (or keeping all)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.profile import keyboards
from core.cities import zone_of_city
from core.data_rights import DataRights
from core.i18n import Translator
from core.profile import Profiles, UnknownZone, parse_zone
from storage.models import User


async def set_zone(
    message: Message, state: FSMContext, _: Translator, user: User, profiles: Profiles, typed: str
) -> None:
    """`typed`: a button's IANA name, or what was typed: a zone's name (any case), a Russian
    city («Новосибирск», «Novosibirsk») or a zone button's own text. Refused under the zones."""
    try:
        zone = zone_of_city(typed) or parse_zone(typed)
    except UnknownZone:
        await message.answer(_("profile-zone-bad"), reply_markup=keyboards.zones())
        return
    await profiles.set_time_zone(user, zone)
    await state.clear()
    await message.answer(_("profile-zone-set", zone=zone))


async def erase(
    message: Message, state: FSMContext, _: Translator, user: User, rights: DataRights, menu: Menu
) -> None:
    await rights.erase(user)
    await state.clear()
    await show_main_menu(message, _, menu.for_person(False), _("profile-erase-done"))


async def keep(message: Message, state: FSMContext, _: Translator) -> None:
    await state.clear()
    await message.answer(_("profile-erase-kept"))
