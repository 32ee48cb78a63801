"""What a button and a typed answer alike change: the time zone, and erasure (or keeping all)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, Message

from bot.common.screens import show_main_menu
from bot.features import Menu
from bot.features.profile import keyboards, views
from bot.features.profile.screens import person_zone
from core.cities import zone_of_city
from core.data_rights import DataRights
from core.i18n import Translator
from core.profile import Profiles, UnknownZone, parse_zone
from core.settings import Settings
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
    message: Message,
    state: FSMContext,
    _: Translator,
    user: User,
    rights: DataRights,
    menu: Menu,
    settings: Settings,
) -> None:
    """Erased; then each visit it cancelled, with the file that takes it off the calendar (sent
    here and now: the scheduled messages went with the account), and the last word."""
    erased = await rights.erase(user)
    await state.clear()
    zone = person_zone(user, settings)
    for visit, file in erased.cancelled:
        await message.answer_document(
            BufferedInputFile(file.content, file.filename),
            caption=_("profile-erase-visit-cancelled", **views.visit_said(_, visit, zone)),
        )
    await show_main_menu(message, _, menu.for_person(False), _("profile-erase-done"))


async def keep(message: Message, state: FSMContext, _: Translator) -> None:
    await state.clear()
    await message.answer(_("profile-erase-kept"))
